"""Organisations that carry measures and offers, and the people to contact there."""
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.municipalities.models import (
    District, Language, Municipality, external_id_validator, key_validator, postcode_validator,
)


class ActorQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_published=True)

    def working_in(self, municipality):
        """The actors a municipality's back office lists: its own, and those of its Kreis
        that work in it too (Actor.works_in)."""
        return self.filter(models.Q(municipality=municipality) | models.Q(works_in=municipality)).distinct()

    def shown_in(self, municipality):
        """The actors a municipality's public lists hold (portal and API): a Kreis's own
        and its towns'; a town's own and those of its Kreis or of another town that work in
        it. A subquery, not a join: counts annotated on the result stay true."""
        if municipality.is_kreis:
            return self.filter(municipality__in=municipality.region())
        working = Actor.works_in.through.objects.filter(municipality=municipality).values("actor_id")
        return self.filter(models.Q(municipality=municipality) | models.Q(pk__in=working))


class Actor(models.Model):
    class Kind(models.TextChoices):
        ADMINISTRATION = "administration_department", _("Fachbereich der Verwaltung")
        ASSOCIATION = "association", _("Verein / Verband")
        MIGRANT_ORGANISATION = "migrant_organisation", _("Migrantenorganisation")
        RELIGIOUS_COMMUNITY = "religious_community", _("Religionsgemeinschaft")
        WELFARE = "welfare_organisation", _("Wohlfahrtsverband")
        SCHOOL = "school_or_daycare", _("Schule / Kita")
        EDUCATION = "education_provider", _("Bildungsträger")
        POLITICAL = "political_body", _("politisches Gremium")
        OTHER = "other", _("Sonstige")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="actors")
    external_id = models.CharField(_("Externe ID"), max_length=80, validators=[external_id_validator])
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("Beschreibung"), blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=120, blank=True)
    postcode = models.CharField(_("PLZ"), max_length=10, blank=True, validators=[postcode_validator])
    city = models.CharField(_("Ort"), max_length=80, blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail (Organisation)"), blank=True)
    phone = models.CharField(_("Telefon (Organisation)"), max_length=40, blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("Stadtteile"), blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("Sprachen"), blank=True)
    is_published = models.BooleanField(_("öffentlich sichtbar"), default=True)
    # One organisation working in several towns of a Kreis is one actor: `municipality`
    # administers it, and each town it works in lists it too (issue 15).
    works_in = models.ManyToManyField(
        Municipality, verbose_name=_("arbeitet auch in"), blank=True, related_name="working_actors",
        help_text=_("Weitere Städte und Gemeinden des Kreises, in denen der Akteur arbeitet."))
    modified_at = models.DateTimeField(auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "external_id"], name="actor_external_id_unique")]
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")

    def __str__(self):
        return self.name


class ContactPerson(models.Model):
    """Personal data: shown publicly only once consent to publication is recorded.
    Purpose: residents and partners can reach the actor."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="contacts")
    key = models.CharField(_("Schlüssel"), max_length=80, validators=[key_validator])
    name = models.CharField(_("Name"), max_length=120, blank=True,
                            help_text=_("Leer lassen, wenn nur die Funktion genannt werden soll."))
    role = models.CharField(_("Funktion"), max_length=120)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    consent_at = models.DateTimeField(_("Einwilligung zur Veröffentlichung erteilt am"), null=True, blank=True)
    consent_note = models.CharField(_("Nachweis der Einwilligung"), max_length=200, blank=True,
                                    help_text=_("z. B. „Formular vom 3. 5., Ablage Integrationsbüro“"))
    publish = models.BooleanField(_("veröffentlichen"), default=False)

    HISTORY_REDACTED = ("name", "email", "phone")

    class Meta:
        ordering = ["role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "key"], name="contact_key_unique"),
            models.CheckConstraint(condition=models.Q(publish=False) | models.Q(consent_at__isnull=False),
                                   name="contact_published_only_with_consent"),
        ]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")

    def __str__(self):
        return f"{self.role}: {self.name}" if self.name else self.role

    def clean(self):
        if self.publish and not self.consent_at:
            raise ValidationError({"publish": _("Veröffentlichen nur mit erfasster Einwilligung.")})

    @property
    def municipality(self):
        return self.actor.municipality
