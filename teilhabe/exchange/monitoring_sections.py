"""The `indicators` section of the exchange format (docs/exchange-format.md): a
municipality's indicators with every value (observation) they have; and `measure_results`,
what each measure achieved per reporting period (anonymous tallies, never per person; who
entered them is a user and not part of the format).

Planned and written through the importer's machinery (importer._Import), like
course_sections: checks by path, the one all-or-nothing transaction, upsert by `key`
within the municipality, change history for the indicators. The values of an indicator
are a nested list that replaces what is stored when it differs; they get no change
history (100,000 rows would drown it): the summary counts their indicator as changed, but
its history notes only changes of the indicator's own fields."""
import decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

from teilhabe.monitoring.models import PERIOD_RE, Indicator, MeasureResult, Observation

INDICATOR_FIELDS = {name: (name,) for name in (
    "name", "definition", "unit", "numerator", "denominator", "source", "direction", "breakdowns",
    "baseline_value", "baseline_period", "target_value", "target_period", "catalogue_key", "position")}
INDICATOR_FIELDS["is_public"] = ("public",)

RESULT_FIELDS = {name: (name,) for name in (
    "period", "activities", "people_reached", "reach_by_target_group", "target_group_reached", "outcome_notes",
    "step")}

KINDS = [("indicators", "Indikatoren"), ("measure_results", "Ergebnisse von Maßnahmen")]
VALUE = Observation._meta.get_field("value")


def load(imp):
    imp.indicators, imp.observations, imp.measure_results = {}, {}, {}
    if imp.m.pk is None:
        return
    for i in imp._register(list(Indicator.objects.filter(municipality=imp.m))):
        i.municipality = imp.m
        imp.indicators[i.key] = i
    imp._load_m2m(Indicator, "goals", {"indicator__municipality": imp.m})
    rows = Observation.objects.filter(indicator__municipality=imp.m).values_list(
        "indicator_id", "period", "district_id", "category", "value")
    for indicator_id, *row in rows:
        imp.observations.setdefault(indicator_id, set()).add(tuple(row))
    imp.measure_results = {(r.measure_id, r.period): r for r in imp._register(list(
        MeasureResult.objects.filter(measure__concept__municipality=imp.m)))}


def plan(imp):
    seen = {}
    for i, raw, bad in imp.each_identity("indicators", "key"):
        path, key = ("indicators", i), raw["key"]
        if bad or imp.duplicates(seen, key, path, "key"):
            continue
        obj = imp.indicators.get(key) or Indicator(key=key)
        it = imp.item("indicators", obj, path)
        it.fks["municipality"] = imp.m
        obj.municipality = imp.m if imp.m.pk is not None else None
        if it.new and "position" not in raw:
            obj.position = i
        if imp.assign(it, raw, {"key": ("key",), **INDICATOR_FIELDS}):
            imp.model_clean(it, INDICATOR_FIELDS)
        if "goals" in raw:
            targets = []
            for j, ref in enumerate(raw["goals"]):
                goal = imp.goals.get((ref["concept"], ref["key"]))
                if goal is None:
                    imp.problem(path + ("goals", j), _("unbekanntes Ziel '%(key)s' in Version %(version)s") % {
                        "key": ref["key"], "version": ref["concept"]})
                else:
                    targets.append(goal)
            it.m2m["goals"] = targets
        if "values" in raw:
            it.extra = _plan_values(imp, it, raw["values"], imp.districts)
        imp.tick()
    _plan_results(imp)


def _plan_results(imp):
    seen = {}
    for i, raw, bad in imp.each_identity("measure_results", "period"):
        path, ref = ("measure_results", i), raw.get("measure")
        if bad or not isinstance(ref, dict):
            continue
        measure = imp.measures.get((ref.get("concept"), ref.get("external_id")))
        if measure is None:
            imp.problem(path + ("measure",), _("unbekannte Maßnahme '%(key)s' in Konzeptversion %(version)s") % {
                "key": ref.get("external_id"), "version": ref.get("concept")})
            continue
        if imp.duplicates(seen, (id(measure), raw["period"]), path, "period"):
            continue
        obj = imp.measure_results.get((measure.pk, raw["period"])) if measure.pk else None
        it = imp.item("measure_results", obj or MeasureResult(), path)
        it.fks["measure"] = measure
        imp.assign(it, raw, RESULT_FIELDS)
        imp.tick()


def _plan_values(imp, it, values, districts):
    """The rows the document gives, as (period, district, category, value)."""
    wanted, seen = [], {}
    for j, raw in enumerate(values):
        path = it.path + ("values", j)
        if not PERIOD_RE.match(raw["period"]):
            imp.problem(path + ("period",), _("Jahr (JJJJ) oder Monat (JJJJ-MM)."))
            continue
        district = None
        if raw.get("district"):
            district = districts.get(raw["district"])
            if district is None:
                imp.problem(path + ("district",), _("unbekannter Stadtteil '%(key)s'") % {"key": raw["district"]})
                continue
        category = raw.get("category", "")
        try:
            value = VALUE.clean(decimal.Decimal(str(raw["value"])), None)
        except (ValidationError, decimal.InvalidOperation):
            imp.problem(path + ("value",), _("keine Zahl mit höchstens 4 Nachkommastellen: %(value)s") % {
                "value": raw["value"]})
            continue
        if problem := it.obj.value_problem(value):
            imp.problem(path + ("value",), problem)
            continue
        if imp.duplicates(seen, (raw["period"], raw.get("district") or "", category), path, "period"):
            continue
        wanted.append((raw["period"], district, category, value.quantize(decimal.Decimal("0.0001"))))
    return wanted


def write(imp, rows):
    rows("measure_results", MeasureResult)
    rows("indicators", Indicator)
    stale, new = [], []
    for it in imp.items["indicators"]:
        if it.extra is None:
            continue
        wanted = {(p, d.pk if d else None, c, v) for p, d, c, v in it.extra}
        if not it.new and wanted == imp.observations.get(it.obj.pk, set()):
            continue
        if not it.new:
            it.changed = True
            stale.append(it.obj.pk)
        new.extend((it.obj.pk, p, d.pk if d else None, c, VALUE.get_db_prep_save(v, connection))
                   for p, d, c, v in it.extra)
    for start in range(0, len(stale), 500):
        Observation.objects.filter(indicator_id__in=stale[start:start + 500]).delete()
    # Plain rows, as importer._insert_pairs: 100,000 model instances through bulk_create took
    # a third of a large import's writing (bench/README.md).
    quote, table = connection.ops.quote_name, Observation._meta
    sql = "INSERT INTO {} ({}) VALUES (%s, %s, %s, %s, %s)".format(quote(table.db_table), ", ".join(
        quote(table.get_field(name).column) for name in ("indicator", "period", "district", "category", "value")))
    with connection.cursor() as cursor:
        for start in range(0, len(new), 5000):
            cursor.executemany(sql, new[start:start + 5000])


# ---------------------------------------------------------------------- export

def _decimal(value):
    return None if value is None else str(value)


def export(m):
    """`indicators`, sorted by key, their values by period, district and category."""
    indicators = list(Indicator.objects.filter(municipality=m).prefetch_related("goals__concept").order_by("key"))
    values = {}
    rows = (Observation.objects.filter(indicator__municipality=m).select_related("district")
            .values_list("indicator_id", "period", "district__key", "category", "value"))
    for indicator_id, period, district, category, value in rows:
        values.setdefault(indicator_id, []).append((period, district or "", category, value))
    out = [{
        "key": i.key, "name": i.name, "definition": i.definition, "unit": i.unit,
        "numerator": i.numerator, "denominator": i.denominator, "source": i.source,
        "direction": i.direction, "breakdowns": i.breakdowns,
        "goals": sorted(({"concept": g.concept.version, "key": g.key} for g in i.goals.all()),
                        key=lambda g: (g["concept"], g["key"])),
        "baseline_value": _decimal(i.baseline_value), "baseline_period": i.baseline_period,
        "target_value": _decimal(i.target_value), "target_period": i.target_period,
        "catalogue_key": i.catalogue_key, "position": i.position, "public": i.is_public,
        "values": [{"period": p, "district": d or None, "category": c, "value": _decimal(v)}
                   for p, d, c, v in sorted(values.get(i.pk, ()), key=lambda row: row[:3])],
    } for i in indicators]
    results = sorted(MeasureResult.objects.filter(measure__concept__municipality=m).select_related("measure__concept"),
                     key=lambda r: (r.measure.concept.version, r.measure.external_id, r.period))
    results = [{
        "measure": {"concept": r.measure.concept.version, "external_id": r.measure.external_id}, "period": r.period,
        "activities": r.activities, "people_reached": r.people_reached,
        "reach_by_target_group": dict(sorted(r.reach_by_target_group.items())),
        "target_group_reached": r.target_group_reached, "outcome_notes": r.outcome_notes, "step": r.step,
    } for r in results]
    return {key: value for key, value in (("indicators", out), ("measure_results", results)) if value}
