"""Working groups (Arbeitskreise) and ties between actors that somebody declared.

Other ties are derived, not stored: see teilhabe.network.ties."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import Municipality, key_validator
from teilhabe.participation.models import Event


class WorkingGroup(models.Model):
    """An Arbeitskreis of one field of action. The field is named by its key, which stays
    the same across versions of the concept (a Fortschreibung copies the fields)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("Name"), max_length=200)
    field_key = models.CharField(_("Handlungsfeld (Schlüssel)"), max_length=60, blank=True,
                                 validators=[key_validator])
    description = models.TextField(_("Beschreibung"), blank=True)
    members = models.ManyToManyField(Actor, verbose_name=_("Mitglieder"), blank=True,
                                     related_name="working_groups")
    meetings = models.ManyToManyField(Event, verbose_name=_("Sitzungen"), blank=True,
                                      related_name="working_groups")
    valid_from = models.DateField(_("besteht seit"), null=True, blank=True)
    valid_to = models.DateField(_("besteht bis"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Arbeitskreis")
        verbose_name_plural = _("Arbeitskreise")

    def __str__(self):
        return self.name

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Das Ende liegt vor dem Beginn.")})


class DeclaredTie(models.Model):
    """A tie one side reported: a cooperation agreement, a referral relationship."""

    class Kind(models.TextChoices):
        COOPERATION = "cooperation_agreement", _("Kooperationsvereinbarung")
        REFERRAL = "referral", _("Verweisberatung")
        OTHER = "other", _("sonstige Zusammenarbeit")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="declared_ties")
    actor_a = models.ForeignKey(Actor, verbose_name=_("Akteur"), on_delete=models.CASCADE, related_name="+")
    actor_b = models.ForeignKey(Actor, verbose_name=_("Partner"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices, default=Kind.COOPERATION)
    source = models.CharField(_("Quelle"), max_length=300, blank=True,
                              help_text=_("z. B. „Vereinbarung vom 3. 5. 2024, Ablage Integrationsbüro“"))
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_to = models.DateField(_("gültig bis"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("erklärte Verbindung")
        verbose_name_plural = _("erklärte Verbindungen")
        constraints = [
            models.CheckConstraint(condition=~models.Q(actor_a=models.F("actor_b")), name="declared_tie_two_actors"),
        ]

    def __str__(self):
        return f"{self.actor_a} – {self.actor_b} ({self.get_kind_display()})"

    def clean(self):
        errors = {}
        for name in ("actor_a", "actor_b"):
            actor = getattr(self, name, None) if getattr(self, name + "_id") else None
            if actor is not None and actor.municipality_id != self.municipality_id and not \
                    actor.works_in.filter(pk=self.municipality_id).exists():  # a Kreis's actor working here
                errors[name] = _("Der Akteur gehört zu einer anderen Kommune.")
        if self.actor_a_id and self.actor_a_id == self.actor_b_id:
            errors["actor_b"] = _("Eine Verbindung braucht zwei verschiedene Akteure.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Das Ende liegt vor dem Beginn.")
        if errors:
            raise ValidationError(errors)


class IntegrationOfficer(models.Model):
    """The integration officer of an administration department (interkulturelle Öffnung):
    a role. A person's name appears only through a contact person with recorded consent."""

    department = models.OneToOneField(Actor, verbose_name=_("Fachbereich"), on_delete=models.CASCADE,
                                      related_name="integration_officer")
    role = models.CharField(_("Funktion"), max_length=200, default=_("Integrationsbeauftragte*r des Fachbereichs"))
    contact = models.ForeignKey("actors.ContactPerson", verbose_name=_("Ansprechperson"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+",
                                help_text=_("Nur mit erfasster Einwilligung wird ein Name gezeigt."))
    appointed_on = models.DateField(_("benannt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Integrationsbeauftragte*r")
        verbose_name_plural = _("Integrationsbeauftragte")

    def __str__(self):
        return f"{self.role} ({self.department})"

    @property
    def municipality(self):
        return self.department.municipality

    def clean(self):
        errors = {}
        if self.department_id and self.department.kind != Actor.Kind.ADMINISTRATION:
            errors["department"] = _("Integrationsbeauftragte gibt es nur für Fachbereiche der Verwaltung.")
        if self.contact_id and self.contact.actor_id != self.department_id:
            errors["contact"] = _("Die Ansprechperson gehört zu einem anderen Akteur.")
        if errors:
            raise ValidationError(errors)

    @property
    def shown_name(self):
        """The person's name only when publication is consented; otherwise the role."""
        if self.contact and self.contact.name and self.contact.consent_at:
            return self.contact.name
        return self.role


class Training(models.Model):
    """A training of a department's staff in intercultural competence."""

    department = models.ForeignKey(Actor, verbose_name=_("Fachbereich"), on_delete=models.CASCADE,
                                   related_name="trainings")
    held_on = models.DateField(_("Datum"))
    topic = models.CharField(_("Thema"), max_length=200)
    completed = models.BooleanField(_("abgeschlossen"), default=False)
    participants = models.PositiveIntegerField(_("Teilnehmende (Anzahl)"), null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("Schulung")
        verbose_name_plural = _("Schulungen")

    def __str__(self):
        return f"{self.topic} ({self.held_on:%d.%m.%Y})"

    @property
    def municipality(self):
        return self.department.municipality
