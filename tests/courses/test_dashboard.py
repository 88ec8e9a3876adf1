"""The steering figures (courses/dashboard.py) on a built Kreis with known waiting times."""
import datetime
from decimal import Decimal

import pytest

from teilhabe.courses import dashboard
from tests import builders
from tests.courses import builders as cb

pytestmark = pytest.mark.django_db


@pytest.fixture
def kreis():
    k, towns = cb.kreis()
    hilden, haan = towns["hilden"], towns["haan"]
    vhs = cb.provider(k)
    for waited in (10, 20, 30, 40):
        cb.learner(k, hilden, waited=waited)
    cb.learner(k, hilden, waited=100, types=("allgemein", "eltern"), times=("evening",))
    cb.learner(k, haan, waited=5, needs_childcare=True)
    cb.learner(k, haan, waited=15, needs_childcare=True, times=("evening",))
    soon = cb.course(k, hilden, vhs, "K-SOON", starts_in=10, capacity=20, booked=2)
    cb.learner(k, hilden, waited=200, status="placed", course=soon)
    cb.course(k, haan, vhs, "K-FULL", starts_in=40, capacity=12, booked=12)
    cb.course(k, haan, vhs, "K-DONE", starts_in=-300, capacity=12, status="finished")
    return k, towns


def test_waiting_times_by_town_type_and_need_with_small_groups_hidden(kreis):
    k, towns = kreis
    w = dashboard.waiting(k, towns.values(), cb.TODAY)

    assert (w["total"].count, w["total"].median) == (7, Decimal(20))
    hilden = next(g for g in w["towns"] if g.label == towns["hilden"].name)
    # 10, 20, 30, 40, 100: median 30; 90th percentile at rank 3.6: 40 + 0.6 × 60.
    assert (hilden.count, hilden.median, hilden.p90) == (5, Decimal(30), Decimal(76))
    haan = next(g for g in w["towns"] if g.label == towns["haan"].name)
    assert haan.small and haan.median is None and haan.p90 is None and haan.shown_count() == "weniger als 3"
    erkrath = next(g for g in w["towns"] if g.label == towns["erkrath"].name)
    assert (erkrath.count, erkrath.small, erkrath.shown_count()) == (0, False, 0)
    assert [(g.label, g.count) for g in w["types"]] == [("Allgemeiner Integrationskurs", 7),
                                                        ("Elternintegrationskurs", 1)]
    assert w["types"][1].median is None
    assert [(g.label, g.count, g.small) for g in w["childcare"]] == [
        ("braucht Kinderbetreuung", 2, True), ("ohne Kinderbetreuung", 5, False)]
    assert [(g.label, g.count) for g in w["times"]] == [("zu jeder Tageszeit", 5), ("nur abends", 2)]


def test_a_towns_part_counts_only_its_learners(kreis):
    k, towns = kreis
    w = dashboard.waiting(k, [towns["haan"]], cb.TODAY)

    assert w["total"].count == 2 and w["total"].small and w["total"].median is None
    assert [g.label for g in w["towns"]] == [towns["haan"].name]


def test_fill_rates_and_courses_below_the_minimum_size(kreis):
    k, towns = kreis
    minimum, rows = dashboard.fill_rates(k, towns.values())

    assert minimum == 12
    assert [(r.course.external_id, r.placed, r.taken, r.rate, r.below_minimum) for r in rows] == [
        ("K-SOON", 1, 3, Decimal("15.0"), True), ("K-FULL", 0, 12, Decimal("100.0"), False)]
    assert dashboard.fill_rates(k, [towns["erkrath"]])[1] == []


def test_the_forecast_sets_waiting_and_inflow_against_places_month_by_month(kreis):
    k, towns = kreis
    inflow, months = dashboard.forecast(k, towns.values(), cb.TODAY)

    # Registered in the last 90 days: the six who waited less; 6 per 90 days = 2.0 a month.
    assert inflow == Decimal("2.0")
    assert [(m.month, m.waiting_before, m.places, m.waiting_after) for m in months] == [
        (datetime.date(2027, 1, 1), 7, 17, 0),      # K-SOON starts on 14 January with 17 free places
        (datetime.date(2027, 2, 1), 0, 0, 2),       # K-FULL has none free
        (datetime.date(2027, 3, 1), 2, 0, 4),
        (datetime.date(2027, 4, 1), 4, 0, 6),
        (datetime.date(2027, 5, 1), 6, 0, 8),
        (datetime.date(2027, 6, 1), 8, 0, 10),
    ]


def test_kita_coverage_per_town_and_district(kreis):
    k, towns = kreis
    hilden = towns["hilden"]
    nord = builders.district(hilden, "nord", "Nord")
    cb.kita(hilden, needing=10, programmes={"rucksack": 8, "griffbereit": 4})
    cb.kita(hilden, needing=10, district=nord, programmes={"alltagsintegriert": 5})
    cb.kita(towns["haan"], needing=0)

    by_town, by_district = dashboard.kita_coverage(towns.values())

    assert [(c.label, c.kitas, c.needing, c.places, c.rate) for c in by_town] == [
        (towns["haan"].name, 1, 0, 0, None), (hilden.name, 2, 20, 17, Decimal("85.0"))]
    assert [(c.label, c.needing, c.places, c.rate) for c in by_district] == [
        (f"{towns['haan'].name} – ohne Stadtteil", 0, 0, None),
        (f"{hilden.name} – Nord", 10, 5, Decimal("50.0")),
        (f"{hilden.name} – ohne Stadtteil", 10, 12, Decimal("120.0")),
    ]


def test_percentile_interpolates_between_ranks():
    assert dashboard.percentile([], 50) is None
    assert dashboard.percentile([7], 90) == 7
    assert dashboard.percentile([1, 2, 3, 4], 50) == Decimal("2.5")
    assert dashboard.percentile([0, 10], 90) == 9
