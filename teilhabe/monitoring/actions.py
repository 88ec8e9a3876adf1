"""Writes of the monitoring app that touch several rows. Values of indicators and results
of measures are figures council reports are built on: every write here that changes one
leaves a ChangeRecord (who, when, old → new) in the history of its indicator or measure."""
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from teilhabe.council import actions as council_actions
from teilhabe.council.models import Consultation, Paper
from teilhabe.municipalities import history

from . import rules
from .catalogue import CATALOGUE
from .importer import import_statistics
from .models import EvaluationReport, Indicator, MeasureResult, Observation, StatisticsFile, touch_indicators

log = logging.getLogger("teilhabe.monitoring")

# Separates the parts of a name in the history: "2012 · Kalk (008) · EU", "2024 · activities".
SEPARATOR = " · "
# The fields of a result that its history follows; entered_by is the record's own user.
RESULT_FIELDS = ("activities", "people_reached", "target_group_reached", "step", "outcome_notes")


def plain_number(value):
    """A value as the history keeps it: "12.5" for Decimal("12.5000"), None for none."""
    if value is None:
        return None
    return format((value + 0).normalize(), "f")  # + 0: no "-0"


def area_label(municipality, district):
    """An area as the history names it: the district with its key (names can repeat, as
    Kalk the Stadtteil and Kalk the Stadtbezirk in Köln), or the municipality."""
    return municipality.name if district is None else f"{district.name} ({district.key})"


def value_label(period, area, category=""):
    return SEPARATOR.join(part for part in (period, area, category) if part)


def record_changes(obj, *, user, before, after, via=""):
    """Records changes that are not obj's own fields (the values of an indicator, the results
    of a measure) in obj's history through history.record: `before` and `after` map names
    to old and new values; a name missing from `before` was not there. snapshot() adds
    obj.history_extra() to obj's fields, so `after` is lent to the object for the one call.
    Returns the ChangeRecord, or None when nothing changed."""
    base = history.snapshot(obj)
    obj.history_extra = lambda: after
    try:
        return history.record(obj, user=user, before={**base, **before}, via=via)
    finally:
        del obj.history_extra


@transaction.atomic
def adopt_catalogue(*, municipality, keys=None):
    """Creates the catalogue's indicators the municipality does not have yet (by key) and
    returns the new ones. Existing indicators keep their own edits: adopting twice is a no-op."""
    existing = set(Indicator.objects.filter(municipality=municipality).values_list("key", flat=True))
    position = Indicator.objects.filter(municipality=municipality).count()
    created = []
    for entry in CATALOGUE:
        if entry["key"] in existing or (keys is not None and entry["key"] not in keys):
            continue
        fields = {name: str(value) for name, value in entry.items() if name not in ("breakdowns",)}
        indicator = Indicator(municipality=municipality, catalogue_key=entry["key"], position=position,
                              breakdowns=list(entry["breakdowns"]), **fields)
        indicator.full_clean()
        indicator.save()
        position += 1
        created.append(indicator)
    return created


@transaction.atomic
def record_measure_result(*, measure, period, user, activities=0, people_reached=0, reach_by_target_group=None,
                          target_group_reached="", outcome_notes="", step=MeasureResult.Step.OUTPUT):
    """Creates or replaces the result of a measure for one reporting period. Only the
    coordination and editors of the measure's responsible actor may; tallies are counts
    per target group of the municipality and add up to at most people_reached."""
    municipality = measure.concept.municipality
    if not rules.can_report(user, municipality, measure):
        raise PermissionDenied
    reach = dict(reach_by_target_group or {})
    errors = {}
    known = set(municipality.target_groups.values_list("key", flat=True))
    unknown = sorted(set(reach) - known)
    if unknown:
        errors["reach_by_target_group"] = _("unbekannte Zielgruppe(n): %(keys)s") % {"keys": ", ".join(unknown)}
    elif any(isinstance(n, bool) or not isinstance(n, int) or n < 0 for n in reach.values()):
        errors["reach_by_target_group"] = _("Zählungen müssen ganze Zahlen ≥ 0 sein.")
    elif sum(reach.values()) > people_reached:
        errors["reach_by_target_group"] = _("Die Zielgruppen zusammen sind mehr als die erreichten Personen.")
    if errors:
        raise ValidationError(errors)
    result = MeasureResult.objects.filter(measure=measure, period=period).first() or MeasureResult(
        measure=measure, period=period)
    before = result_history(result) if result.pk else {}
    for name, value in {"activities": activities, "people_reached": people_reached,
                        "reach_by_target_group": reach, "target_group_reached": target_group_reached,
                        "outcome_notes": outcome_notes, "step": step, "entered_by": user}.items():
        setattr(result, name, value)
    result.full_clean(validate_constraints=False)
    result.save()
    after = result_history(result)
    record_changes(measure, user=user, before=before, after={**{name: None for name in before}, **after})
    return result


def result_history(result):
    """A result as its measure's history keeps it: "2024 · people_reached" → 40, the tallies
    as "2024 · reach · eltern" → 12; counts and choices only, never who was reached."""
    prefix = result.period + SEPARATOR
    data = {prefix + name: getattr(result, name) for name in RESULT_FIELDS}
    data.update({f"{prefix}reach{SEPARATOR}{key}": n for key, n in sorted(result.reach_by_target_group.items())})
    return data


@transaction.atomic
def delete_measure_result(*, measure, period, user):
    """Deletes the result of one reporting period and notes its last figures in the
    measure's history. Same rule as record_measure_result: coordination and the
    responsible actor's editors."""
    if not rules.can_report(user, measure.concept.municipality, measure):
        raise PermissionDenied
    result = MeasureResult.objects.select_for_update().filter(measure=measure, period=period).first()
    if result is None:
        return None
    before = {name: value for name, value in result_history(result).items() if value not in (None, "")}
    result.delete()
    record_changes(measure, user=user, before=before, after={name: None for name in before})
    return result


@transaction.atomic
def carry_forward_goals(*, new_concept):
    """After a Fortschreibung (strategy.actions.start_new_version): the goals of the new
    version keep their predecessors' indicators, and those whose predecessor was not yet
    reached (attainment below 100 % or not judged) are marked with its attainment then."""
    from .attainment import goal_attainment
    from .models import CarriedGoal

    links = Indicator.goals.through
    carried = []
    for goal in new_concept.goals.exclude(predecessor=None).select_related("predecessor__concept__municipality"):
        old = goal.predecessor
        links.objects.bulk_create([links(indicator_id=i, goal_id=goal.pk) for i in
                                   links.objects.filter(goal_id=old.pk).values_list("indicator_id", flat=True)],
                                  ignore_conflicts=True)
        result = goal_attainment(old)
        if result.percent is None or result.percent < 100:
            mark, _created = CarriedGoal.objects.update_or_create(goal=goal, defaults={
                "from_goal": old, "percent": result.percent, "light": result.light, "method": result.method})
            carried.append(mark)
    return carried


@transaction.atomic
def save_observations(*, indicator, period, category, values, replace, user=None):
    """The values of one indicator for one period and category, {district or None: Decimal}.
    replace=True (editing a period): the rows not given are removed and the rest written
    anew; replace=False (a new entry): only inserts, so an existing value is never
    overwritten — the unique constraints raise IntegrityError then, the caller reports it.
    One ChangeRecord in the indicator's history holds every value created, changed or
    cleared (none when nothing changed). Returns (written, removed)."""
    old, removed = {}, 0     # district or None → value before
    if replace:
        existing = Observation.objects.filter(indicator=indicator, period=period, category=category)
        old = {o.district: o.value for o in existing.select_related("district")}
        given = {district.pk if district else None for district in values}
        removed = sum(1 for district in old if (district.pk if district else None) not in given)
        existing.delete()
    Observation.objects.bulk_create([
        Observation(indicator=indicator, period=period, category=category, district=district, value=value)
        for district, value in values.items()])
    new = {(district.pk if district else None): value for district, value in values.items()}
    before, after = {}, {}
    # The whole municipality first, then the districts by key: the order of the form.
    for district in sorted({*old, *values}, key=lambda d: (d is not None, d.key if d else "")):
        label = value_label(period, area_label(indicator.municipality, district), category)
        if district in old:
            before[label] = plain_number(old[district])
        after[label] = plain_number(new.get(district.pk if district else None))
    if before != after:
        touch_indicators([indicator.pk])
    record_changes(indicator, user=user, before=before, after=after)
    return len(values), removed


@transaction.atomic
def delete_observations(*, indicator, period, category, user=None):
    """Deletes the values of one period and category of an indicator; the indicator's
    history keeps what they were. Returns how many were deleted."""
    municipality = indicator.municipality
    existing = Observation.objects.filter(indicator=indicator, period=period, category=category)
    before = {value_label(period, area_label(municipality, o.district), category): plain_number(o.value)
              for o in existing.select_related("district")}
    existing.delete()
    record_changes(indicator, user=user, before=before, after={label: None for label in before})
    return len(before)


class FileNotKept(Exception):
    """The storage (a directory, object storage) did not take the file."""


@transaction.atomic
def import_statistics_file(upload, *, municipality, mapping, user, mapping_name=""):
    """Imports an uploaded statistics file (a Django File) and keeps it as the source of its
    values. All or nothing: an import with problems keeps no file (ExchangeError), and a
    file the storage does not take imports nothing (FileNotKept)."""
    summary = import_statistics(upload.read(), municipality=municipality, mapping=mapping, user=user,
                                file_name=upload.name, mapping_name=mapping_name)
    kept = StatisticsFile(municipality=municipality, name=upload.name[:255], size=upload.size,
                          mapping=mapping_name, uploaded_by=user)
    try:
        kept.file.save(upload.name, upload, save=False)
    except Exception as error:  # whatever the storage backend raises
        log.warning("statistics file not stored: %s", type(error).__name__)
        raise FileNotKept from error
    try:
        kept.save()
    except BaseException:
        kept.file.storage.delete(kept.file.name)
        raise
    return summary, kept


@transaction.atomic
def submit_report(*, municipality, year, user, organization, reference, publish=False):
    """Submit the evaluation report of `year` to the council as a Mitteilung: the paper with
    the report's PDF as its main file (stored through the storage API like every council
    file), to be taken note of (Kenntnisnahme) by `organization`, linked to the year's
    report. A second submission of the same year is refused while the first paper exists."""
    from .report import parse_period, render_pdf  # WeasyPrint: loaded when a report is made

    year = parse_period(year)
    report = (EvaluationReport.objects.select_for_update().filter(municipality=municipality, period=year).first()
              or EvaluationReport(municipality=municipality, period=year, recommendations=""))
    if report.council_paper_id is not None and report.council_paper.deleted_at is None:
        raise ValidationError(_("Der Bericht %(year)s ist dem Rat schon vorgelegt (Drucksache %(reference)s).") % {
            "year": year, "reference": report.council_paper.reference})
    reference = council_actions.check_reference(municipality, reference)
    with translation.override("de"):  # a council paper: German, whatever the office speaks
        name = _("Evaluationsbericht Integration %(year)s") % {"year": year}
    paper = council_actions.submit_paper(
        municipality, kind=Paper.Kind.NOTICE, name=name, reference=reference, main_file=render_pdf(municipality, year),
        file_name=f"evaluationsbericht-{municipality.slug}-{year}.pdf", consulted_by=organization,
        role=Consultation.Role.NOTICE, publish=publish, user=user)
    before = history.snapshot(report) if report.pk else None
    report.council_paper = paper
    report.modified_by = user
    report.save()
    history.record(report, user=user, before=before)
    return paper
