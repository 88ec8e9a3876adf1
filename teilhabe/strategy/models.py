"""The integration concept in versions: guidelines, fields of action, goals, measures."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from teilhabe.actors.models import Actor
from teilhabe.lib.html import sanitize_html
from teilhabe.municipalities.models import (
    District, Municipality, TargetGroup, external_id_validator, key_validator, localized,
)


class ConceptQuerySet(models.QuerySet):
    """Two public notions, on purpose: the portal shows the version *in force* (adopted)
    and lists the superseded ones as history; the API serves every *public* version
    (adopted or superseded) and falls back to the newest superseded one. Drafts are in
    neither. (The back office, the search and the reports work on current_concept()
    below, which falls back to a draft.)"""

    def in_force(self):
        return self.filter(status=Concept.Status.ADOPTED)

    def public(self):
        return self.filter(status__in=Concept.PUBLIC)

    def current_public(self):
        """The API's default version: the adopted one, else the newest superseded one."""
        # "adopted" sorts before "superseded".
        return self.public().order_by("status", "-version").first()


class OfConceptQuerySet(models.QuerySet):
    """Fields of action and goals are public with their concept version."""

    def public(self):
        return self.filter(concept__status__in=Concept.PUBLIC)


class MeasureQuerySet(models.QuerySet):
    def public(self):
        """Marked public, in a public version (adopted or superseded)."""
        return self.filter(is_public=True, concept__status__in=Concept.PUBLIC)


class Concept(models.Model):
    """One version of the Integrationskonzept. A Fortschreibung is a new version that
    starts as a copy of its predecessor (see strategy.actions.start_new_version)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        ADOPTED = "adopted", _("beschlossen")
        SUPERSEDED = "superseded", _("abgelöst")

    PUBLIC = (Status.ADOPTED, Status.SUPERSEDED)  # versions anyone may read

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="concepts")
    version = models.PositiveIntegerField(_("Version"))
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Kurzfassung"), blank=True)
    period_start = models.PositiveIntegerField(_("Laufzeit von (Jahr)"), null=True, blank=True)
    period_end = models.PositiveIntegerField(_("Laufzeit bis (Jahr)"), null=True, blank=True)
    adopted_on = models.DateField(_("beschlossen am"), null=True, blank=True)
    adopted_by = models.CharField(_("beschlossen durch"), max_length=300, blank=True,
                                  help_text=_("z. B. „Rat der Stadt, einstimmig, nach Vorberatung im Integrationsbeirat“"))
    # The council's decision (the deciding body's consultation of the paper): the public
    # concept page shows the paper's path of deliberation from it. A string reference: the
    # council app knows nothing of the strategy.
    adoption = models.ForeignKey(
        "council.Consultation", verbose_name=_("Beschluss im Rat"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="adopted_concepts",
        help_text=_("die Beratung im beschließenden Gremium; die Beratungsfolge der Vorlage erscheint im Portal"))
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    predecessor = models.OneToOneField("self", verbose_name=_("Vorgängerversion"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="successor")
    modified_at = models.DateTimeField(auto_now=True)

    objects = ConceptQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "version"], name="concept_version_unique"),
            models.UniqueConstraint(fields=["municipality"], condition=models.Q(status="adopted"),
                                    name="concept_one_adopted"),
        ]
        verbose_name = _("Konzeptversion")
        verbose_name_plural = _("Konzeptversionen")

    def __str__(self):
        return f"{self.title} (V{self.version})"

    @property
    def period(self):
        if self.period_start and self.period_end:
            return f"{self.period_start}–{self.period_end}"
        if self.period_start:
            return _("ab %(year)s") % {"year": self.period_start}
        return ""

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Das Ende der Laufzeit liegt vor ihrem Beginn.")})
        if self.status in (self.Status.ADOPTED, self.Status.SUPERSEDED):
            errors = {}
            if not self.adopted_on:
                errors["adopted_on"] = _("Ein beschlossenes Konzept braucht ein Beschlussdatum.")
            if not self.adopted_by:
                errors["adopted_by"] = _("Ein beschlossenes Konzept braucht das beschließende Gremium.")
            if errors:
                raise ValidationError(errors)
        council_link_in(self, "adoption", self.municipality_id)


def council_link_in(obj, field, municipality_id):
    """A link to a council decision names one of the same municipality's."""
    consultation = getattr(obj, field)
    if consultation is not None and consultation.paper.municipality_id != municipality_id:
        raise ValidationError({field: _("Dieser Beschluss gehört zu einer anderen Kommune.")})


class GuidelineSection(models.Model):
    """Leitlinien: ordered sections of rich text (sanitised on save)."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="guidelines")
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    title = models.CharField(_("Überschrift"), max_length=200)
    body = models.TextField(_("Text"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("Leitlinienabschnitt")
        verbose_name_plural = _("Leitlinien")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    @property
    def municipality(self):
        return self.concept.municipality


class FieldOfAction(models.Model):
    """Handlungsfeld / Arbeitsschwerpunkt of one concept version."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("Schlüssel"), max_length=60, validators=[key_validator])
    names = models.JSONField(_("Bezeichnungen"), default=dict)
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    predecessor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="successors")

    objects = OfConceptQuerySet.as_manager()

    @property
    def is_visible(self):
        """Python twin of objects.public(), for one already loaded (an offer's, an event's)."""
        return self.concept.status in Concept.PUBLIC

    class Meta:
        ordering = ["position", "key"]
        constraints = [models.UniqueConstraint(fields=["concept", "key"], name="field_key_unique")]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self.names) or self.key

    @property
    def municipality(self):
        return self.concept.municipality


class Goal(models.Model):
    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("strategisches Ziel")
        OPERATIONAL = "operational", _("operatives Ziel")

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="goals")
    key = models.CharField(_("Schlüssel"), max_length=80, validators=[key_validator])
    field = models.ForeignKey(FieldOfAction, verbose_name=_("Handlungsfeld"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="goals",
                              help_text=_("Leer lassen für übergreifende Ziele."))
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices, default=Kind.STRATEGIC)
    parent = models.ForeignKey("self", verbose_name=_("übergeordnetes Ziel"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="children")
    title = models.CharField(_("Ziel"), max_length=300)
    description = models.TextField(_("Erläuterung"), blank=True)
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    predecessor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="successors")
    modified_at = models.DateTimeField(auto_now=True)

    objects = OfConceptQuerySet.as_manager()

    @property
    def is_visible(self):
        """Python twin of objects.public(), for one already loaded (an offer's, an event's)."""
        return self.concept.status in Concept.PUBLIC

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["concept", "key"], name="goal_key_unique")]
        verbose_name = _("Ziel")
        verbose_name_plural = _("Ziele")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.concept.municipality

    def clean(self):
        if self.parent_id:
            if self.parent.concept_id != self.concept_id:
                raise ValidationError({"parent": _("Das übergeordnete Ziel gehört zu einer anderen Konzeptversion.")})
            node, seen = self.parent, {self.pk}
            while node is not None:
                if node.pk in seen:
                    raise ValidationError({"parent": _("Ein Ziel kann nicht sich selbst untergeordnet sein.")})
                seen.add(node.pk)
                node = node.parent
        if self.field_id and self.field.concept_id != self.concept_id:
            raise ValidationError({"field": _("Das Handlungsfeld gehört zu einer anderen Konzeptversion.")})


class Measure(models.Model):
    """Maßnahme / Projekt / Modul. Its status moves through a dated, attributed life
    cycle; only strategy.actions.change_measure_status changes it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        RUNNING = "running", _("läuft")
        IMPLEMENTED = "implemented", _("umgesetzt")
        ESTABLISHED = "established", _("etabliert")
        STOPPED = "stopped", _("eingestellt")

    LIFE_CYCLE = [Status.PLANNED, Status.RUNNING, Status.IMPLEMENTED, Status.ESTABLISHED]
    HISTORY_EUROS = ("budget",)  # the history shows it as "12.500,00 €"

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="measures")
    external_id = models.CharField(_("Externe ID"), max_length=80, validators=[external_id_validator])
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    fields = models.ManyToManyField(FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True,
                                    related_name="measures")
    goals = models.ManyToManyField(Goal, verbose_name=_("Ziele"), blank=True, related_name="measures")
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    responsible_actor = models.ForeignKey(Actor, verbose_name=_("verantwortlicher Akteur"), null=True,
                                          blank=True, on_delete=models.SET_NULL,
                                          related_name="responsible_measures")
    partner_actors = models.ManyToManyField(Actor, verbose_name=_("Partner"), blank=True,
                                            related_name="partner_measures")
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("Zielgruppen"), blank=True)
    districts = models.ManyToManyField(District, verbose_name=_("Stadtteile"), blank=True,
                                       help_text=_("Leer lassen, wenn die Maßnahme stadtweit wirkt."))
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    funding_source = models.CharField(_("Finanzierung"), max_length=200, blank=True)
    budget = models.DecimalField(_("Budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    is_public = models.BooleanField(_("öffentlich"), default=True,
                                    help_text=_("Interne Maßnahmen erscheinen nicht im Portal."))
    council_decision = models.ForeignKey(
        "council.Consultation", verbose_name=_("Ratsbeschluss"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="decided_measures",
        help_text=_("der Beschluss, der die Maßnahme auf den Weg gebracht oder finanziert hat"))
    predecessor = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="successors")
    modified_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    @property
    def is_visible(self):
        """Python twin of objects.public(): is_public alone lets a draft's measure through."""
        return self.is_public and self.concept.status in Concept.PUBLIC

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["concept", "external_id"], name="measure_external_id_unique")]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")

    def __str__(self):
        return self.title

    @property
    def municipality(self):
        return self.concept.municipality

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Das Ende liegt vor dem Beginn.")})
        if self.budget is not None and self.budget < 0:
            raise ValidationError({"budget": _("Das Budget kann nicht negativ sein.")})
        if self.concept_id:
            council_link_in(self, "council_decision", self.concept.municipality_id)

    def allowed_transitions(self):
        """Forward along the life cycle (steps may be skipped when a report comes late),
        stop from any active state, resume a stopped measure as planned or running."""
        if self.status == self.Status.STOPPED:
            return [self.Status.PLANNED, self.Status.RUNNING]
        index = self.LIFE_CYCLE.index(self.status)
        return self.LIFE_CYCLE[index + 1:] + [self.Status.STOPPED]


class MeasureStatusChange(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Measure.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Measure.Status.choices)
    changed_on = models.DateField(_("Datum"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(_("Anmerkung"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")


def current_concept(municipality):
    """The adopted version, else the newest one; None when there is none yet."""
    concepts = Concept.objects.filter(municipality=municipality)
    return (concepts.filter(status=Concept.Status.ADOPTED).first()
            or concepts.order_by("-version").first())
