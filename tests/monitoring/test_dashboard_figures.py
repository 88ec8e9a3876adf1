"""The dashboard's figures (teilhabe.monitoring.dashboard) on small data, exactly."""
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.monitoring.dashboard import field_summaries, kreis_comparison, years
from teilhabe.monitoring.models import Indicator, MeasureResult, Observation
from teilhabe.strategy.models import MeasureStatusChange
from tests import builders as b

pytestmark = pytest.mark.django_db


def result(measure, period, people, reach=None, reached="", activities=1):
    return MeasureResult.objects.create(measure=measure, period=period, activities=activities,
                                        people_reached=people, reach_by_target_group=reach or {},
                                        target_group_reached=reached)


@pytest.fixture
def town():
    m = b.municipality("herten")
    eltern, jugend = b.target_group(m, "eltern", de="Eltern"), b.target_group(m, "jugendliche", de="Jugendliche")
    b.target_group(m, "senioren", de="Seniorinnen und Senioren")
    c = b.concept(m)
    sprache, arbeit = b.field(c, "sprache", "Sprache"), b.field(c, "arbeit", "Arbeit")
    arbeit.position = 1   # fields in their order: Sprache, then Arbeit
    arbeit.save()
    g1 = b.goal(c, "g-sprache", field=sprache, title="Deutsch für alle")
    b.goal(c, "g-arbeit", field=arbeit, title="Arbeit finden")
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Quote", unit="%", baseline_value=10,
                                         baseline_period="2018", target_value=20, target_period="2024")
    indicator.goals.add(g1)
    nord = b.district(m, "nord", "Nord")
    for period, value, district in (("2018", "10", None), ("2020", "14", None), ("2022", "17.5", None),
                                    ("2022", "21", nord)):
        Observation.objects.create(indicator=indicator, period=period, value=Decimal(value), district=district)
    measures = {}
    for name, status, fields, groups in (("kurs", "running", [sprache], [eltern]),
                                         ("cafe", "established", [sprache, arbeit], [eltern, jugend]),
                                         ("plan", "planned", [sprache], []),
                                         ("stop", "stopped", [arbeit], [jugend]),
                                         ("frei", "running", [], [])):
        measure = b.measure(c, f"M-{name}", title=name.title(), status=status)
        measure.fields.set(fields)
        measure.target_groups.set(groups)
        measures[name] = measure
    result(measures["kurs"], "2023", 30, {"eltern": 20, "jugendliche": 4}, "partly", activities=10)
    result(measures["cafe"], "2023-03", 12, {"eltern": 5}, "yes", activities=2)
    result(measures["cafe"], "2023-09", 8, {"jugendliche": 8}, "yes", activities=3)
    result(measures["cafe"], "2022", 99, {"eltern": 99}, "no")
    result(measures["stop"], "2023", 5, {}, "no")
    return m, c, measures


def by_key(summaries):
    return {s.key: s for s in summaries}


def test_it_counts_measures_by_state_per_field(town):
    m, c, _measures = town
    summaries = field_summaries(m, c)
    assert [s.key for s in summaries] == ["sprache", "arbeit", "uebergreifend"]
    counts = {s.key: {x.status: x.count for x in s.by_state} for s in summaries}
    assert counts["sprache"] == {"planned": 1, "running": 1, "implemented": 0, "established": 1, "stopped": 0}
    assert counts["arbeit"] == {"planned": 0, "running": 0, "implemented": 0, "established": 1, "stopped": 1}
    assert counts["uebergreifend"] == {"planned": 0, "running": 1, "implemented": 0, "established": 0,
                                       "stopped": 0}
    assert by_key(summaries)["sprache"].measure_count == 3


def test_it_tallies_the_reach_of_target_groups_for_a_year(town):
    m, c, _measures = town
    sprache = by_key(field_summaries(m, c, year=2023))["sprache"]
    reach = {r.key: r for r in sprache.reach}
    # kurs 2023: eltern 20, jugendliche 4; cafe 2023-03: eltern 5, 2023-09: jugendliche 8; cafe 2022 not counted
    assert (reach["eltern"].people, reach["jugendliche"].people) == (25, 12)
    assert "senioren" not in reach  # neither tallied nor intended
    # eltern: intended by kurs and cafe (2 measures), their 3 results say partly, yes, yes
    assert reach["eltern"].intended == 2 and reach["eltern"].reported == {"yes": 2, "partly": 1, "no": 0, "": 0}
    assert reach["eltern"].verdict == "reached" and reach["jugendliche"].intended == 1
    assert (sprache.results_count, sprache.activities, sprache.people_reached) == (3, 15, 50)
    assert sprache.unassigned == 50 - 37
    assert sprache.reported == {"yes": 2, "partly": 1, "no": 0, "": 0}
    arbeit = by_key(field_summaries(m, c, year=2023))["arbeit"]
    # stop is intended for jugendliche but tallied no one: its 5 people count as unassigned,
    # as do 7 of cafe's 12 in 2023-03
    reach = {r.key: r for r in arbeit.reach}
    assert reach["jugendliche"].people == 8 and reach["jugendliche"].intended == 2
    assert arbeit.unassigned == 5 + 7
    # all years: cafe's 2022 result counts too
    everything = {r.key: r.people for r in by_key(field_summaries(m, c))["sprache"].reach}
    assert everything == {"eltern": 124, "jugendliche": 12}
    # a year without results: intended groups appear with no results
    none = {r.key: r for r in by_key(field_summaries(m, c, year=2019))["sprache"].reach}
    assert none["eltern"].people == 0 and none["eltern"].verdict == "no_results"


def test_it_judges_goals_with_the_values_up_to_the_year(town):
    m, c, _measures = town
    sprache = by_key(field_summaries(m, c))["sprache"]
    goal, attainment = sprache.goals[0]
    # (17.5 − 10) ÷ (20 − 10) = 75 % → green
    assert goal.title == "Deutsch für alle" and attainment.percent == Decimal("75.0") and attainment.light == "green"
    (data,) = sprache.indicators
    assert data.headers == ["Herten", "Nord"]
    assert data.rows == [("2018", [Decimal(10), None]), ("2020", [Decimal(14), None]),
                         ("2022", [Decimal("17.5"), Decimal(21)])]
    assert data.latest_period == "2022" and data.comparison == [("Nord", Decimal(21)), ("Herten", Decimal("17.5"))]
    # at the end of 2021: 14 → 40 % yellow, and the table stops at 2020
    then = by_key(field_summaries(m, c, year=2021))["sprache"]
    assert then.goals[0][1].percent == Decimal("40.0") and then.goals[0][1].light == "yellow"
    assert [row[0] for row in then.indicators[0].rows] == ["2018", "2020"]
    # the goal without indicators is judged by its measures: established 100, stopped left out
    arbeit = by_key(field_summaries(m, c))["arbeit"]
    assert arbeit.goals[0][1].percent is None  # no measures linked to the goal
    _measures["cafe"].goals.add(arbeit.goals[0][0])
    assert by_key(field_summaries(m, c))["arbeit"].goals[0][1].percent == Decimal("100.0")


def test_it_counts_the_states_at_the_end_of_a_year_from_the_history(town):
    m, c, measures = town
    kurs = measures["kurs"]
    for from_status, to_status, on in (("", "planned", "2021-05-01"), ("planned", "running", "2023-02-01")):
        MeasureStatusChange.objects.create(measure=kurs, from_status=from_status, to_status=to_status,
                                           changed_on=datetime.date.fromisoformat(on))
    counts = lambda year: {x.status: x.count for x in by_key(field_summaries(m, c, year=year))["sprache"].by_state}
    assert counts(2022)["planned"] == 2 and counts(2022)["running"] == 0
    assert counts(2023)["planned"] == 1 and counts(2023)["running"] == 1
    # before its history begins, the measure did not exist yet
    assert sum(counts(2020).values()) == 2


def test_it_lists_the_years_of_results_and_values(town):
    m, c, _measures = town
    assert years(m, c) == [2023, 2022, 2020, 2018]


def test_it_needs_the_same_number_of_queries_however_many_fields_and_measures(town):
    m, c, measures = town

    def run():
        with CaptureQueriesContext(connection) as queries:
            summaries = field_summaries(m, c, year=2023)
            for s in summaries:   # everything a page or report touches
                [(g.title, a.method) for g, a in s.goals]
                [(r.measure.title, r.status_label, len(r.results)) for r in s.measures]
                [(d.indicator.name, d.rows) for d in s.indicators]
        return len(queries)

    few = run()
    groups = list(m.target_groups.all())
    for n in range(6):
        f = b.field(c)
        goal = b.goal(c, field=f)
        i = Indicator.objects.create(municipality=m, key=f"i-{n}", name=f"I {n}", baseline_value=1,
                                     baseline_period="2010", target_value=2, target_period="2020")
        i.goals.add(goal)
        Observation.objects.create(indicator=i, period="2015", value=1)
        Indicator.objects.create(municipality=m, key=f"leer-{n}", name="leer", baseline_value=1,
                                 baseline_period="2010", target_value=2, target_period="2020").goals.add(goal)
        for k in range(3):
            measure = b.measure(c, status="running")
            measure.fields.add(f)
            measure.goals.add(goal)
            measure.target_groups.set(groups[:2])
            result(measure, "2023", 3, {"eltern": 1})
            MeasureStatusChange.objects.create(measure=measure, to_status="running", changed_on="2020-01-01")
    assert run() == few


def kreis_setting():
    kreis = b.municipality("kreis-re", kind="kreis")
    herten, marl = b.municipality("herten", parent=kreis), b.municipality("marl", parent=kreis)
    b.municipality("essen")
    for town, values, statuses in ((herten, {"2019": "11.5", "2020": "12.25"}, ["running", "running", "planned"]),
                                   (marl, {"2018": "20"}, ["established"])):
        i = Indicator.objects.create(municipality=town, key="auslaender", name="Ausländeranteil", unit="%",
                                     baseline_value=10, baseline_period="2015", target_value=15,
                                     target_period="2025")
        for period, value in values.items():
            Observation.objects.create(indicator=i, period=period, value=Decimal(value))
        c = b.concept(town)
        judged = b.goal(c)
        i.goals.add(judged)
        by_measures = b.goal(c)
        for status in statuses:
            b.measure(c, status=status).goals.add(by_measures)
    return kreis, herten, marl


def test_it_compares_the_towns_of_a_kreis():
    kreis, herten, marl = kreis_setting()
    comparison = kreis_comparison(kreis)
    assert comparison.towns == [herten, marl]
    assert comparison.indicators == [("auslaender", "Ausländeranteil", "%",
                                      [("2020", Decimal("12.25")), ("2018", Decimal(20))])]
    states = {town.slug: ({c.status: c.count for c in counts}, total) for town, counts, total in comparison.states}
    assert states["herten"] == ({"planned": 1, "running": 2, "implemented": 0, "established": 0, "stopped": 0}, 3)
    assert states["marl"][1] == 1 and states["marl"][0]["established"] == 1
    lights = {town.slug: light for town, light in comparison.lights}
    # Herten: indicator (12.25 − 10) ÷ 5 = 45 % yellow; measures (50 + 50 + 0) ÷ 3 = 33.3 % red
    assert lights["herten"] == {"green": 0, "yellow": 1, "red": 1, "none": 0}
    # Marl: (20 − 10) ÷ 5 → 100 % green; established → 100 % green
    assert lights["marl"] == {"green": 2, "yellow": 0, "red": 0, "none": 0}
    # up to 2019: Herten's latest value is 11.5, Marl's 20 (2018)
    earlier = kreis_comparison(kreis, year=2019).indicators[0][3]
    assert earlier == [("2019", Decimal("11.5")), ("2018", Decimal(20))]
    assert kreis_comparison(herten).towns == []
    # the Kreis's year filter offers its towns' years
    assert years(kreis, None) == [2020, 2019, 2018]


def test_it_compares_a_kreis_in_the_same_number_of_queries_however_many_towns():
    kreis, herten, marl = kreis_setting()
    with CaptureQueriesContext(connection) as few:
        kreis_comparison(kreis, year=2020)
    for n in range(4):
        town = b.municipality(parent=kreis)
        c = b.concept(town)
        b.concept(town, status="draft")
        goal = b.goal(c)
        b.measure(c, status="running").goals.add(goal)
        Indicator.objects.create(municipality=town, key="auslaender", name="A").goals.add(goal)
    with CaptureQueriesContext(connection) as many:
        comparison = kreis_comparison(kreis, year=2020)
    assert len(comparison.towns) == 6 and len(many) == len(few)
