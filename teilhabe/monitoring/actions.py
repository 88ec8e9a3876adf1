"""Writes of the monitoring app that touch several rows."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.municipalities import access

from .catalogue import CATALOGUE
from .models import Indicator, MeasureResult


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
    if not access.can_edit(user, municipality, measure):
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
    for name, value in {"activities": activities, "people_reached": people_reached,
                        "reach_by_target_group": reach, "target_group_reached": target_group_reached,
                        "outcome_notes": outcome_notes, "step": step, "entered_by": user}.items():
        setattr(result, name, value)
    result.full_clean(validate_constraints=False)
    result.save()
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
def save_observations(*, indicator, period, category, values, replace):
    """The values of one indicator for one period and category, {district or None: Decimal}.
    replace=True (editing a period): the rows not given are removed and the rest written
    anew; replace=False (a new entry): only inserts, so an existing value is never
    overwritten — the unique constraints raise IntegrityError then, the caller reports it.
    Returns (written, removed)."""
    from .models import Observation

    removed = 0
    if replace:
        existing = Observation.objects.filter(indicator=indicator, period=period, category=category)
        given = {district.pk if district else None for district in values}
        removed = sum(1 for district_id in existing.values_list("district_id", flat=True) if district_id not in given)
        existing.delete()
    Observation.objects.bulk_create([
        Observation(indicator=indicator, period=period, category=category, district=district, value=value)
        for district, value in values.items()])
    return len(values), removed
