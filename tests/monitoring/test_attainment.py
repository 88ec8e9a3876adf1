from decimal import Decimal

import pytest

from teilhabe.monitoring.attainment import goal_attainment, indicator_attainment
from teilhabe.monitoring.models import Indicator, MonitoringSettings, Observation
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def m():
    return builders.municipality()


def indicator(m, *, baseline, target, actual=None, direction="higher", key=None, goal=None):
    i = Indicator.objects.create(municipality=m, key=key or f"i-{Indicator.objects.count() + 1}", name="Quote",
                                 direction=direction, baseline_value=baseline, baseline_period="2015" if baseline is not None else "",
                                 target_value=target, target_period="2025" if target is not None else "")
    if actual is not None:
        Observation.objects.create(indicator=i, period="2019", value=Decimal("0"))
        Observation.objects.create(indicator=i, period="2020", value=Decimal(str(actual)))
    if goal is not None:
        i.goals.add(goal)
    return i


def test_it_computes_the_share_of_the_way_from_baseline_to_target(m):
    a = indicator_attainment(indicator(m, baseline=10, target=20, actual=13))
    assert a.percent == Decimal("30.0")
    assert a.light == "red"
    assert a.actual_period == "2020"
    assert "Ausgangswert 10 [2015]" in a.method and "Zielwert 20 [2025]" in a.method and "Ist 13 [2020]" in a.method


def test_it_uses_the_whole_municipality_not_a_district(m):
    i = indicator(m, baseline=10, target=20, actual=15)
    Observation.objects.create(indicator=i, period="2021", district=builders.district(m), value=20)
    Observation.objects.create(indicator=i, period="2021", category="EU", value=20)
    assert indicator_attainment(i).percent == Decimal("50.0")


def test_it_judges_lower_is_better(m):
    a = indicator_attainment(indicator(m, baseline=Decimal("12.5"), target=Decimal("7.5"), actual=10,
                                       direction="lower"))
    assert a.percent == Decimal("50.0")
    assert a.light == "yellow"


def test_it_clips_to_0_and_100_and_says_so(m):
    over = indicator_attainment(indicator(m, baseline=10, target=20, actual=25))
    assert over.percent == Decimal("100.0") and over.light == "green"
    assert "ungerundet 150" in over.method
    under = indicator_attainment(indicator(m, baseline=10, target=20, actual=5))
    assert under.percent == Decimal("0.0")
    worse = indicator_attainment(indicator(m, baseline=10, target=5, actual=12, direction="lower"))
    assert worse.percent == Decimal("0.0") and worse.light == "red"


def test_it_treats_target_equal_to_baseline_as_a_level_to_hold(m):
    held = indicator_attainment(indicator(m, baseline=8, target=8, actual=9))
    assert held.percent == Decimal(100) and "gehalten" in held.method
    missed = indicator_attainment(indicator(m, baseline=8, target=8, actual=9, direction="lower"))
    assert missed.percent == Decimal(0) and "nicht gehalten" in missed.method
    exact = indicator_attainment(indicator(m, baseline=8, target=8, actual=8, direction="lower"))
    assert exact.percent == Decimal(100)


def test_it_does_not_judge_without_data(m):
    no_actual = indicator_attainment(indicator(m, baseline=10, target=20))
    assert no_actual.percent is None and no_actual.light == "none" and "Messwert" in no_actual.method
    no_target = indicator_attainment(indicator(m, baseline=10, target=None, actual=12))
    assert no_target.percent is None and "Zielwert" in no_target.method


def test_it_does_not_judge_a_target_on_the_wrong_side(m):
    a = indicator_attainment(indicator(m, baseline=10, target=20, actual=15, direction="lower"))
    assert a.percent is None and "falschen Seite" in a.method


def test_it_uses_the_municipalitys_thresholds(m):
    i = indicator(m, baseline=0, target=100, actual=60)
    assert indicator_attainment(i).light == "yellow"
    MonitoringSettings.objects.create(municipality=m, green_from=60, yellow_from=30)
    assert indicator_attainment(i).light == "green"
    MonitoringSettings.objects.filter(municipality=m).update(green_from=90, yellow_from=61)
    assert indicator_attainment(i).light == "red"


def test_it_averages_a_goals_indicators_with_data(m):
    c = builders.concept(m)
    g = builders.goal(c)
    indicator(m, baseline=10, target=20, actual=13, goal=g)        # 30 %
    indicator(m, baseline=10, target=5, actual=6, direction="lower", goal=g)  # 80 %
    indicator(m, baseline=10, target=20, goal=g)                    # no data
    a = goal_attainment(g)
    assert a.percent == Decimal("55.0")
    assert a.basis == "indicators" and "2 von 3" in a.method
    assert len(a.parts) == 3


def test_it_judges_a_goal_without_indicators_by_its_measures(m):
    c = builders.concept(m)
    g = builders.goal(c)
    for status in ("planned", "running", "implemented", "established", "stopped"):
        builders.measure(c, status=status).goals.add(g)
    a = goal_attainment(g)
    # (0 + 50 + 100 + 100) / 4, the stopped one left out
    assert a.percent == Decimal("62.5")
    assert a.basis == "measures" and "1 eingestellte" in a.method
    assert a.light == "yellow"


def test_it_does_not_judge_a_goal_with_nothing_to_go_by(m):
    c = builders.concept(m)
    g = builders.goal(c)
    builders.measure(c, status="stopped").goals.add(g)
    a = goal_attainment(g)
    assert a.percent is None and a.light == "none"
