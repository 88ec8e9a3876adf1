"""Demo monitoring for Herten, Herne and Hilden: the starter catalogue adopted, yearly
values for the whole town and its districts, indicators linked to goals with baseline and
target, and results of the running measures — so that the dashboard, the goal lights and
the evaluation report have something to show. The seeds contain no statistics, so every
value here is invented and each indicator's source says so. Idempotent: a town that
already has observations is left alone."""
import random
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from teilhabe.municipalities.models import Municipality
from teilhabe.strategy.models import Measure, current_concept

from .actions import adopt_catalogue
from .models import Indicator, MeasureResult, Observation

# Years with values; Herten's concept ran 2006–2009 (the seed), the others are current.
YEARS = {"herten": range(2005, 2013), "herne": range(2016, 2026), "hilden": range(2010, 2026)}
# Per indicator: level in the first year, change per year, target (reached in the last year
# or not, so that the lights differ), and the goals of each town it measures.
SERIES = {
    "anteil-auslaender": (11.0, 0.35, None),
    "anteil-migrationshintergrund": (27.0, 0.6, None),
    "einbuergerungsquote": (1.6, 0.05, 2.5),
    "kita-familiensprache": (61.0, 2.1, 85.0),
    "schulabgang-ohne-abschluss": (12.5, -0.45, 6.0),
    "arbeitslosenquote": (18.5, -0.6, 12.0),
    "sgb-ii-quote": (26.0, -0.35, 20.0),
    "verwaltung-personal-migrationsgeschichte": (7.5, 0.5, 18.0),
}
GOALS = {
    "herten": {"kita-familiensprache": ["g-sprache-kita"], "schulabgang-ohne-abschluss": ["g-bildung"],
               "arbeitslosenquote": ["g-arbeit"], "sgb-ii-quote": ["g-soziales"]},
    "herne": {"arbeitslosenquote": ["o-ausbildung"], "schulabgang-ohne-abschluss": ["o-seiteneinstieg"],
              "kita-familiensprache": ["o-eltern"], "verwaltung-personal-migrationsgeschichte": ["o-personal"]},
    "hilden": {"kita-familiensprache": ["g-sprache-elementar"], "einbuergerungsquote": ["g-partizipation"],
               "verwaltung-personal-migrationsgeschichte": ["g-verwaltung"], "sgb-ii-quote": ["g-stadtteil"]},
}
# Indicators with values per district as well (the latest three years).
BY_DISTRICT = ("anteil-auslaender", "anteil-migrationshintergrund", "sgb-ii-quote")
REPORTING = ("running", "implemented", "established")
NOTES = [
    "Die Gruppe trifft sich regelmäßig; die Teilnehmenden bringen Bekannte mit.",
    "Mehr Anmeldungen als Plätze; eine zweite Gruppe ist geplant.",
    "Gut angenommen, Väter bisher schwer zu erreichen.",
    "Kooperation mit dem Stadtteilbüro hat die Reichweite erhöht.",
]


def _round(value):
    return Decimal(str(round(max(value, 0.1), 1)))


@transaction.atomic
def load_monitoring_demo():
    for slug, years in YEARS.items():
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None or Observation.objects.filter(indicator__municipality=municipality).exists():
            continue
        _load_town(municipality, list(years), random.Random(slug))


def _load_town(municipality, years, rng):
    adopt_catalogue(municipality=municipality)
    concept = current_concept(municipality)
    goals = {goal.key: goal for goal in concept.goals.all()} if concept else {}
    districts = list(municipality.districts.all())
    observations = []
    for indicator in Indicator.objects.filter(municipality=municipality, key__in=SERIES):
        start, step, target = SERIES[indicator.key]
        start *= rng.uniform(0.85, 1.15)
        values = {year: start + step * i + rng.uniform(-0.4, 0.4) for i, year in enumerate(years)}
        observations += [Observation(indicator=indicator, period=str(year), value=_round(value))
                         for year, value in values.items()]
        if indicator.key in BY_DISTRICT:
            for district in districts:
                factor = rng.uniform(0.5, 1.7)  # districts differ widely, as in any town
                observations += [Observation(indicator=indicator, period=str(year), district=district,
                                             value=_round(values[year] * factor)) for year in years[-3:]]
        indicator.source = _("Demo: erfundene Beispielwerte, keine amtliche Statistik")
        linked = [goals[key] for key in GOALS[municipality.slug].get(indicator.key, []) if key in goals]
        if linked and target is not None:
            indicator.baseline_value, indicator.baseline_period = _round(values[years[0]]), str(years[0])
            indicator.target_value, indicator.target_period = Decimal(str(target)), str(years[-1])
            indicator.goals.set(linked)
        indicator.save()
    Observation.objects.bulk_create(observations)
    _measure_results(municipality, concept, years[-2:], rng)


def _measure_results(municipality, concept, years, rng):
    if concept is None:
        return
    measures = (Measure.objects.filter(concept=concept, status__in=REPORTING)
                .exclude(responsible_actor=None).prefetch_related("target_groups").order_by("external_id"))
    results = []
    for measure in measures:
        groups = [group.key for group in measure.target_groups.all() if group.key != "alle"]
        for year in years:
            people = rng.randint(15, 260)
            reach, left = {}, people
            for key in groups:
                reach[key] = rng.randint(0, left // 2)
                left -= reach[key]
            result = MeasureResult(
                measure=measure, period=str(year), activities=rng.randint(4, 48), people_reached=people,
                reach_by_target_group=reach, target_group_reached=rng.choice(["yes", "yes", "partly", "no"]),
                outcome_notes=rng.choice(NOTES), step=rng.choice(["output", "output", "outcome", "impact"]))
            result.full_clean(validate_constraints=False)
            results.append(result)
    MeasureResult.objects.bulk_create(results)
