import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from teilhabe.backoffice.forms import CHECKS, UniqueKeyMixin
from teilhabe.lib.forms import model_formfield
from teilhabe.monitoring.changes import german_decimal
from teilhabe.monitoring.importer import builtin_mappings
from teilhabe.monitoring.models import (
    BREAKDOWNS, ImportMapping, Indicator, MeasureResult, MonitoringSettings, period_validator,
)
from teilhabe.strategy.models import Goal, current_concept


class ThresholdsForm(forms.ModelForm):
    class Meta:
        model = MonitoringSettings
        fields = ["green_from", "yellow_from"]

    def clean(self):
        data = super().clean()
        green, yellow = data.get("green_from"), data.get("yellow_from")
        if green is not None and yellow is not None and yellow > green:
            self.add_error("yellow_from", _("„gelb ab“ darf nicht über „grün ab“ liegen."))
        return data


# --- entry forms: indicators, observations, measure results, statistics upload ---------

BREAKDOWN_LABELS = {
    "district": _("Stadtteil"), "year": _("Jahr"), "month": _("Monat"), "sex": _("Geschlecht"),
    "age_band": _("Altersgruppe"), "nationality_group": _("Staatsangehörigkeit (Gruppe)"),
    "language": _("Sprache"),
}
# Observation.value and the indicator's baseline/target: 18 digits, 4 of them decimals.
VALUE_LIMIT = Decimal(10) ** 14
# PostgreSQL's integer; SQLite would take more, so the form sets the limit for both.
COUNT_LIMIT = 2_147_483_647
_GROUPED_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_GROUPED_DOTS_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d*$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_german_decimal(text):
    """A number as people type it in a German form: "12,5", "1.234,5", "12.5", "-3".
    A lone "1.234" is refused as ambiguous (thousands or decimal point?) instead of
    being guessed; raises ValidationError with a message for the field."""
    text = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d)", "", text.strip())
    if "," in text:
        if text.count(",") > 1 or ("." in text and not _GROUPED_DOTS_COMMA.match(text)):
            raise ValidationError(_("„%(value)s“ ist keine Zahl.") % {"value": text}, code="invalid")
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED_DOTS.match(text):
        if text.count(".") == 1:
            raise ValidationError(_("„%(value)s“ ist mehrdeutig: als Dezimalzahl bitte mit Komma "
                                    "schreiben (1,234), als ganze Zahl ohne Punkt (1234).") % {"value": text},
                                  code="ambiguous")
        text = text.replace(".", "")
    if not _PLAIN.match(text):
        raise ValidationError(_("„%(value)s“ ist keine Zahl.") % {"value": text}, code="invalid")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("„%(value)s“ ist keine Zahl.") % {"value": text}, code="invalid") from None
    if abs(number) >= VALUE_LIMIT:
        raise ValidationError(_("Die Zahl ist zu groß (höchstens 14 Stellen vor dem Komma)."), code="max")
    if number != number.quantize(Decimal("0.0001")):
        raise ValidationError(_("Höchstens 4 Nachkommastellen."), code="places")
    return number


class GermanDecimalField(forms.Field):
    """A number with decimal comma (or point) in a text box: type=number would refuse the
    comma in some browsers and shows no message of ours."""

    widget = forms.TextInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "maxlength": "40"}

    def prepare_value(self, value):
        return german_decimal(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        if len(text) > 40:
            raise ValidationError(_("Die Zahl ist zu groß (höchstens 14 Stellen vor dem Komma)."), code="max")
        return parse_german_decimal(text)


class IndicatorForm(UniqueKeyMixin, forms.ModelForm):
    unique_key = ("municipality", "key")

    breakdowns = forms.MultipleChoiceField(
        label=_("Aufschlüsselungen"), required=False, widget=CHECKS,
        choices=[(b, BREAKDOWN_LABELS[b]) for b in BREAKDOWNS])
    baseline_value = GermanDecimalField(label=_("Ausgangswert"), required=False, help_text=_("z. B. 12,5"))
    target_value = GermanDecimalField(label=_("Zielwert"), required=False, help_text=_("z. B. 15"))

    class Meta:
        model = Indicator
        formfield_callback = model_formfield
        fields = ["name", "key", "definition", "unit", "numerator", "denominator", "source", "direction",
                  "breakdowns", "goals", "baseline_value", "baseline_period", "target_value", "target_period",
                  "position", "is_public"]
        widgets = {"goals": CHECKS, "definition": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"unit": _("z. B. %, Personen, je 1.000. Werte in % liegen zwischen 0 und 100, alle anderen "
                                "sind nicht negativ – außer Name oder Definition nennen eine Veränderung, "
                                "einen Saldo oder eine Differenz."),
                      "baseline_period": _("Jahr (JJJJ) oder Monat (JJJJ-MM)"),
                      "target_period": _("Jahr (JJJJ) oder Monat (JJJJ-MM)"),
                      "key": _("Kleinbuchstaben, Ziffern und Bindestriche; Zuordnungen des Imports nennen "
                               "den Indikator damit.")}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        concept = current_concept(municipality)
        self.fields["goals"].queryset = concept.goals.order_by("position", "id") if concept else Goal.objects.none()
        self.fields["goals"].help_text = _("Ziele des geltenden Konzepts") if concept else _(
            "Es gibt noch kein Konzept mit Zielen.")
        self.fields["breakdowns"].initial = list(self.instance.breakdowns or [])
        if self.instance.pk:  # saved import mappings name the indicator by its key
            self.fields["key"].disabled = True
            # Links to goals of earlier versions (kept at a Fortschreibung) are not on the
            # form; saving must not drop them.
            self.kept_goals = list(self.instance.goals.exclude(pk__in=self.fields["goals"].queryset))
        else:
            self.kept_goals = []

    def _update_errors(self, errors):
        # A value that is no number arrives as None; the model would then also call
        # its period lonely. The value's own error is the one that names the problem.
        for value, period in (("baseline_value", "baseline_period"), ("target_value", "target_period")):
            if value in self._errors and hasattr(errors, "error_dict"):
                errors.error_dict.pop(period, None)
        super()._update_errors(errors)

    def save(self, commit=True):
        indicator = super().save(commit)
        if commit and self.kept_goals:
            indicator.goals.add(*self.kept_goals)
        return indicator


class ObservationsForm(forms.Form):
    """The values of one indicator for one period (and category): a row per area, the
    whole municipality first. An empty row means no value (an existing one is removed)."""

    TOTAL = "total"

    period = forms.CharField(label=_("Zeitraum"), max_length=7, validators=[period_validator],
                             help_text=_("Jahr (JJJJ) oder Monat (JJJJ-MM)"))
    category = forms.CharField(label=_("Kategorie"), max_length=80, required=False,
                               help_text=_("Leer lassen für Werte ohne Aufschlüsselung; sonst z. B. „EU“, "
                                           "„weiblich“, „18-25“."))

    def __init__(self, *args, indicator, period=None, category="", **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.editing = period is not None
        municipality = indicator.municipality
        self.areas = [(self.TOTAL, None, _("%(name)s (ganze Kommune)") % {"name": municipality.name})]
        self.areas += [(f"d{d.pk}", d, d.name) for d in municipality.districts.order_by("key", "name")]
        existing = {}
        if self.editing:
            self.fields["period"].initial, self.fields["category"].initial = period, category
            self.fields["period"].disabled = self.fields["category"].disabled = True
            existing = {o.district_id: o.value for o in indicator.observations.filter(period=period,
                                                                                      category=category)}
        unit = f" ({indicator.unit})" if indicator.unit else ""
        for name, district, label in self.areas:
            self.fields[name] = GermanDecimalField(label=f"{label}{unit}", required=False,
                                                   initial=existing.get(district.pk if district else None))

    def value_fields(self):
        return [self[name] for name, _d, _l in self.areas]

    def values(self):
        """{district or None: Decimal} of the filled rows."""
        return {district: self.cleaned_data[name] for name, district, _l in self.areas
                if self.cleaned_data.get(name) is not None}

    def clean(self):
        data = super().clean()
        for name, _d, _l in self.areas:  # each row's own error, its label names the area
            problem = self.indicator.value_problem(data.get(name))
            if problem:
                self.add_error(name, problem)
        if self.errors:
            return data
        if not any(data.get(name) is not None for name, _d, _l in self.areas) and not self.editing:
            raise ValidationError(_("Bitte mindestens einen Wert eintragen."))
        if not self.editing:
            self.add_clash_errors()
        return data

    def add_clash_errors(self):
        """A field error on each row that already has a value for this period and category:
        a new entry does not overwrite silently; the existing values are edited instead."""
        period, category = self.cleaned_data.get("period"), self.cleaned_data.get("category") or ""
        taken = set(self.indicator.observations.filter(period=period, category=category)
                    .values_list("district_id", flat=True))
        for name, district, _l in self.areas:
            if self.cleaned_data.get(name) is not None and (district.pk if district else None) in taken:
                self.add_error(name, _("Für %(period)s gibt es hier schon einen Wert; bitte die Werte dieses "
                                       "Zeitraums bearbeiten.") % {"period": period})
        return bool(taken)


class MeasureResultForm(forms.Form):
    """A measure's result for one reporting period; a count box per target group of the
    municipality (anonymous tallies)."""

    period = forms.CharField(label=_("Berichtszeitraum"), max_length=7, validators=[period_validator],
                             help_text=_("Jahr (JJJJ) oder Monat (JJJJ-MM)"))
    activities = forms.IntegerField(label=_("durchgeführte Aktivitäten"), min_value=0, max_value=COUNT_LIMIT,
                                    initial=0, help_text=_("z. B. Kurstermine, Beratungen, Veranstaltungen"))
    people_reached = forms.IntegerField(label=_("erreichte Personen insgesamt"), min_value=0,
                                        max_value=COUNT_LIMIT, initial=0,
                                        help_text=_("eine Zählung, keine Namen"))
    target_group_reached = forms.ChoiceField(label=_("beabsichtigte Zielgruppe erreicht"), required=False,
                                             choices=[("", "–")] + MeasureResult.Reached.choices)
    step = forms.ChoiceField(label=_("erreichte Stufe"), choices=MeasureResult.Step.choices,
                             help_text=_("Leistung: was getan wurde; Outcome: was sich für die Teilnehmenden "
                                         "geändert hat; Impact: was sich in der Kommune geändert hat."))
    outcome_notes = forms.CharField(label=_("Ergebnisse und Wirkungen"), required=False, max_length=10000,
                                    widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, measure, result=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure, self.result = measure, result
        self.groups = list(measure.concept.municipality.target_groups.order_by("position", "key"))
        reach = result.reach_by_target_group if result else {}
        for group in self.groups:
            self.fields[f"reach_{group.key}"] = forms.IntegerField(
                label=_("davon %(group)s") % {"group": group.name}, min_value=0, max_value=COUNT_LIMIT,
                required=False, initial=reach.get(group.key))
        if result:
            for name in ("period", "activities", "people_reached", "target_group_reached", "step",
                         "outcome_notes"):
                self.fields[name].initial = getattr(result, name)
            self.fields["period"].disabled = True

    def reach_fields(self):
        return [self[f"reach_{g.key}"] for g in self.groups]

    def main_fields(self):
        return [self[name] for name in ("period", "activities", "people_reached")]

    def rest_fields(self):
        return [self[name] for name in ("target_group_reached", "step", "outcome_notes")]

    def reach(self):
        return {g.key: self.cleaned_data[f"reach_{g.key}"] for g in self.groups
                if self.cleaned_data.get(f"reach_{g.key}")}

    def clean(self):
        data = super().clean()
        people = data.get("people_reached")
        if people is not None and not any(f"reach_{g.key}" in self.errors for g in self.groups):
            total = sum(self.reach().values())
            if total > people:
                self.add_error("people_reached", _("Die Zielgruppen zusammen (%(total)s) sind mehr als die "
                                                   "erreichten Personen.") % {"total": total})
        if not self.result and data.get("period") and self.measure.results.filter(period=data["period"]).exists():
            self.add_error("period", _("Für diesen Zeitraum gibt es schon ein Ergebnis; bitte dort bearbeiten."))
        return data


UPLOAD_LIMIT = 20 * 1024 * 1024
BUILTIN_PREFIX = "builtin:"


class StatisticsUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV-Datei"), help_text=_("Langformat, eine Zeile je Wert; höchstens 20 MB"))
    mapping = forms.ChoiceField(label=_("Spaltenzuordnung"))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.saved = {m.key: m for m in ImportMapping.objects.filter(municipality=municipality).order_by("key")}
        self.builtin = builtin_mappings()
        choices = [("", "–")]
        if self.saved:
            choices.append((_("gespeichert für %(name)s") % {"name": municipality.name},
                            [(key, str(m)) for key, m in self.saved.items()]))
        choices.append((_("mitgeliefert"), [(BUILTIN_PREFIX + key, name) for key, (name, _c) in
                                            self.builtin.items()]))
        self.fields["mapping"].choices = choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_LIMIT:
            raise ValidationError(_("Die Datei ist größer als 20 MB; größere Dateien bitte mit "
                                    "„teilhabe import-statistics“ einlesen."))
        if upload.size == 0:
            raise ValidationError(_("Die Datei ist leer."))
        return upload

    def mapping_config(self):
        key = self.cleaned_data["mapping"]
        if key.startswith(BUILTIN_PREFIX):
            return self.builtin[key.removeprefix(BUILTIN_PREFIX)][1]
        return self.saved[key].config

