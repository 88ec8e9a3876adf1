"""Integration monitoring: indicators describe the state of integration in the town
(KGSt 2006/2020, the Länder's Integrationsmonitoring), observations are their values per
period and area. Results of measures are a separate matter (not here yet)."""
import logging
import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from teilhabe.lib.html import sanitize_html
from teilhabe.municipalities.models import District, Municipality, key_validator
from teilhabe.strategy.models import Goal

# A period is a year ("2012") or a month ("2012-03"): as text, both sort in time order and
# both fit the way statistics offices publish.
PERIOD_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
period_validator = RegexValidator(PERIOD_RE, _("Jahr (JJJJ) oder Monat (JJJJ-MM)."))

# Words in an indicator's name, unit or definition that say its values may fall below
# zero (and a share above 100 %): a change, a balance, a difference.
SIGNED_WORDS = ("veränderung", "saldo", "differenz", "abweichung", "zuwachs", "wachstum", "negativ",
                "prozentpunkt", "%-punkt")

log = logging.getLogger("teilhabe.monitoring")

BREAKDOWNS = ("district", "year", "month", "sex", "age_band", "nationality_group", "language")


class Indicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("höher ist besser")
        LOWER = "lower", _("niedriger ist besser")

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("Schlüssel"), max_length=80, validators=[key_validator])
    name = models.CharField(_("Name"), max_length=200)
    definition = models.TextField(_("Definition"), blank=True)
    unit = models.CharField(_("Einheit"), max_length=30, blank=True, help_text=_("z. B. %, Personen, je 1.000"))
    numerator = models.CharField(_("Zähler"), max_length=300, blank=True)
    denominator = models.CharField(_("Nenner"), max_length=300, blank=True)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    direction = models.CharField(_("Richtung"), max_length=6, choices=Direction.choices, default=Direction.HIGHER)
    breakdowns = models.JSONField(_("Aufschlüsselungen"), default=list, blank=True,
                                  help_text=_("z. B. district, year, sex, age_band, nationality_group"))
    goals = models.ManyToManyField(Goal, verbose_name=_("Ziele"), blank=True, related_name="indicators")
    baseline_value = models.DecimalField(_("Ausgangswert"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_period = models.CharField(_("Ausgangszeitraum"), max_length=7, blank=True, validators=[period_validator])
    target_value = models.DecimalField(_("Zielwert"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_period = models.CharField(_("Zielzeitraum"), max_length=7, blank=True, validators=[period_validator])
    catalogue_key = models.CharField(max_length=80, blank=True, help_text="key in the starter catalogue, if adopted")
    position = models.PositiveIntegerField(_("Reihenfolge"), default=0)
    # Off by default: a figure goes out (API, open data, transparency page) only once the
    # coordination decided it may.
    is_public = models.BooleanField(
        _("öffentlich"), default=False,
        help_text=_("Werte und Zielerreichung erscheinen in der API, den offenen Daten und auf der "
                    "Transparenzseite."))
    # The indicator's own change or a change of its values (actions.touch_indicators).
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="indicator_key_unique")]
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")

    def __str__(self):
        return self.name

    def value_bounds(self):
        """(lowest, highest) a value may take, None for no bound. The unit decides: a share
        (%, Prozent) lies between 0 and 100, anything else (people, cases, a rate per
        1,000, euros) is not negative — unless name, unit or definition say the indicator
        measures a change or a balance, which may be anything."""
        text = f"{self.name} {self.unit} {self.definition}".casefold()
        if any(word in text for word in SIGNED_WORDS):
            return None, None
        unit = self.unit.casefold()
        if "%" in unit or "prozent" in unit:
            return Decimal(0), Decimal(100)
        return Decimal(0), None

    def value_problem(self, value):
        """Why value cannot be a value of this indicator, or "" when it can."""
        low, high = self.value_bounds()
        if value is None or (low is None or value >= low) and (high is None or value <= high):
            return ""
        if high is not None:
            return _("Ein Anteil liegt zwischen 0 und 100 %% (hier %(value)s).") % {"value": _plain(value)}
        return _("Der Wert kann nicht negativ sein (hier %(value)s).") % {"value": _plain(value)}

    def clean(self):
        for name in ("baseline_value", "target_value"):
            problem = self.value_problem(getattr(self, name))
            if problem:
                raise ValidationError({name: problem})
        unknown = [b for b in self.breakdowns or [] if b not in BREAKDOWNS]
        if not isinstance(self.breakdowns, list) or unknown:
            raise ValidationError({"breakdowns": _("Erlaubt sind: %(allowed)s") % {"allowed": ", ".join(BREAKDOWNS)}})
        if (self.baseline_value is None) != (not self.baseline_period):
            raise ValidationError({"baseline_period": _("Ausgangswert und -zeitraum gehören zusammen.")})
        if (self.target_value is None) != (not self.target_period):
            raise ValidationError({"target_period": _("Zielwert und -zeitraum gehören zusammen.")})
        if self.baseline_period and self.target_period and self.target_period < self.baseline_period:
            raise ValidationError({"target_period": _("Der Zielzeitraum liegt vor dem Ausgangszeitraum.")})


def touch_indicators(ids):
    """Their values changed: the indicator counts as changed (modified_since of the API and
    the open data), which an INSERT of observations alone would not say."""
    from django.utils import timezone

    Indicator.objects.filter(pk__in=list(ids)).update(modified_at=timezone.now())


def _plain(value):
    """A value as people write it in German: no trailing zeros, a decimal comma."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


class Observation(models.Model):
    """One value of an indicator for one period and one area (a district, or the whole
    municipality when district is empty), optionally for one category of a breakdown
    ("female", "18-25", "EU")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period = models.CharField(_("Zeitraum"), max_length=7, validators=[period_validator])
    district = models.ForeignKey(District, verbose_name=_("Stadtteil"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+",
                                 help_text=_("Leer für die ganze Kommune."))
    category = models.CharField(_("Kategorie"), max_length=80, blank=True, default="")
    value = models.DecimalField(_("Wert"), max_digits=18, decimal_places=4)

    class Meta:
        ordering = ["indicator", "period", "district", "category"]
        # Two partial constraints instead of one: NULL districts are distinct to a plain
        # unique constraint on both databases, so the whole-municipality row needs its own.
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "district", "category"],
                                    condition=models.Q(district__isnull=False), name="observation_unique_district"),
            models.UniqueConstraint(fields=["indicator", "period", "category"],
                                    condition=models.Q(district__isnull=True), name="observation_unique_total"),
        ]
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")

    def __str__(self):
        return f"{self.indicator} {self.period}: {self.value}"


class MonitoringSettings(models.Model):
    """Traffic-light thresholds a municipality sets: attainment ≥ green_from is green,
    ≥ yellow_from yellow, below that red. Without a row the defaults apply."""

    DEFAULT_GREEN = Decimal("75")
    DEFAULT_YELLOW = Decimal("40")

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="monitoring_settings")
    green_from = models.DecimalField(_("grün ab (%)"), max_digits=5, decimal_places=2, default=DEFAULT_GREEN,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])
    yellow_from = models.DecimalField(_("gelb ab (%)"), max_digits=5, decimal_places=2, default=DEFAULT_YELLOW,
                                      validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        verbose_name = _("Einstellungen des Monitorings")
        constraints = [models.CheckConstraint(condition=models.Q(yellow_from__lte=models.F("green_from")),
                                              name="monitoring_yellow_not_above_green")]

    @classmethod
    def for_municipality(cls, municipality):
        return cls.objects.filter(municipality=municipality).first() or cls(municipality=municipality)


class ImportMapping(models.Model):
    """A saved column mapping for `teilhabe import-statistics` (format in importer.py)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="statistics_mappings")
    key = models.CharField(_("Schlüssel"), max_length=80, validators=[key_validator])
    name = models.CharField(_("Name"), max_length=200, blank=True)
    config = models.JSONField(_("Zuordnung"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="import_mapping_key_unique")]
        verbose_name = _("Spaltenzuordnung")
        verbose_name_plural = _("Spaltenzuordnungen")

    def __str__(self):
        return self.name or self.key


def statistics_file_name(instance, _uploaded_name):
    # The stored name carries nothing a person typed: the uploaded name is only a field.
    return f"statistics/{instance.municipality_id}/{uuid.uuid4().hex}.csv"


class StatisticsFile(models.Model):
    """A statistics file whose values were imported through the back office, kept as the
    source of those values (in the default storage: a directory or object storage)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="statistics_files")
    file = models.FileField(upload_to=statistics_file_name, max_length=200)
    name = models.CharField(_("Dateiname"), max_length=255)
    size = models.PositiveBigIntegerField(_("Größe"))
    mapping = models.CharField(_("Spaltenzuordnung"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("Statistikdatei")
        verbose_name_plural = _("Statistikdateien")

    def __str__(self):
        return self.name


@receiver(post_delete, sender=StatisticsFile)
def _delete_stored_file(sender, instance, **kwargs):
    # After the commit, so that a deletion rolled back keeps its file; cascades (a
    # municipality deleted) take their files along the same way.
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: _delete_quietly(storage, name))


def _delete_quietly(storage, name):
    try:
        storage.delete(name)
    except Exception as error:  # the row is gone already; an unreachable storage keeps an orphan
        log.warning("stored file %s not deleted: %s", name, type(error).__name__)


class MeasureResult(models.Model):
    """What a measure achieved in one reporting period, entered by its responsible actor
    (or the coordination): outputs as anonymous tallies, never per person."""

    class Reached(models.TextChoices):
        YES = "yes", _("ja")
        PARTLY = "partly", _("teilweise")
        NO = "no", _("nein")

    class Step(models.TextChoices):
        # The staircase of effects: what was done → what changed for the participants →
        # what changed in the town.
        OUTPUT = "output", _("Leistung (Output)")
        OUTCOME = "outcome", _("Wirkung bei den Teilnehmenden (Outcome)")
        IMPACT = "impact", _("Wirkung in der Kommune (Impact)")

    measure = models.ForeignKey("strategy.Measure", on_delete=models.CASCADE, related_name="results")
    period = models.CharField(_("Berichtszeitraum"), max_length=7, validators=[period_validator])
    activities = models.PositiveIntegerField(_("durchgeführte Aktivitäten"), default=0)
    people_reached = models.PositiveIntegerField(_("erreichte Personen"), default=0)
    reach_by_target_group = models.JSONField(_("erreichte Personen nach Zielgruppe"), default=dict, blank=True,
                                             help_text=_("Zählungen je Zielgruppenschlüssel, z. B. {\"eltern\": 12}"))
    target_group_reached = models.CharField(_("Zielgruppe erreicht"), max_length=6, choices=Reached.choices,
                                            blank=True)
    outcome_notes = models.TextField(_("Ergebnisse und Wirkungen"), blank=True)
    step = models.CharField(_("erreichte Stufe"), max_length=8, choices=Step.choices, default=Step.OUTPUT)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "period"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"], name="measure_result_unique")]
        verbose_name = _("Ergebnis einer Maßnahme")
        verbose_name_plural = _("Ergebnisse von Maßnahmen")


class CarriedGoal(models.Model):
    """A goal carried into a new concept version while not yet reached: the attainment
    of its predecessor at the time of the Fortschreibung, kept as it was then."""

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="carried")
    from_goal = models.ForeignKey(Goal, null=True, on_delete=models.SET_NULL, related_name="+")
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    light = models.CharField(max_length=8)
    method = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fortgeschriebenes, nicht erreichtes Ziel")
        verbose_name_plural = _("fortgeschriebene, nicht erreichte Ziele")


class EvaluationReport(models.Model):
    """What the coordination writes into the evaluation report of one year: a note for the
    summary and its recommendations. Everything else in the report is computed."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="evaluation_reports")
    period = models.CharField(_("Berichtsjahr"), max_length=4, validators=[RegexValidator(
        r"^\d{4}$", _("Ein Jahr mit vier Ziffern, z. B. 2024."))])
    summary_note = models.TextField(_("Einordnung der Koordination"), blank=True,
                                    help_text=_("Steht in der Zusammenfassung; reiner Text."))
    recommendations = models.TextField(_("Empfehlungen"), help_text=_(
        "Absätze als <p>…</p>; erlaubt sind auch Listen, Hervorhebungen und Links."))
    modified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # The Mitteilung to the council with this report as its main file: monitoring.actions.submit_report.
    council_paper = models.OneToOneField("council.Paper", verbose_name=_("Mitteilung an den Rat"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="evaluation_report",
                                         editable=False)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "-period"]
        constraints = [models.UniqueConstraint(fields=["municipality", "period"], name="evaluation_report_unique")]
        verbose_name = _("Evaluationsbericht")
        verbose_name_plural = _("Evaluationsberichte")

    def __str__(self):
        return _("Evaluationsbericht %(period)s") % {"period": self.period}

    def save(self, *args, **kwargs):
        self.recommendations = sanitize_html(self.recommendations)
        super().save(*args, **kwargs)
