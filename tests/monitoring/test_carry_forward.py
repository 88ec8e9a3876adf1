from decimal import Decimal

import pytest

from teilhabe.monitoring.actions import carry_forward_goals
from teilhabe.monitoring.models import CarriedGoal, Indicator, Observation
from teilhabe.strategy.actions import adopt_concept, start_new_version
from tests import builders

pytestmark = pytest.mark.django_db


def test_it_marks_unreached_goals_and_keeps_their_indicators():
    m = builders.municipality()
    old = builders.concept(m)
    reached, halfway, unjudged = (builders.goal(old, key) for key in ("erreicht", "halb", "offen"))
    for goal, actual in ((reached, 20), (halfway, 15)):
        i = Indicator.objects.create(municipality=m, key=f"i-{goal.key}", name="Quote", baseline_value=10,
                                     baseline_period="2015", target_value=20, target_period="2020")
        Observation.objects.create(indicator=i, period="2020", value=Decimal(actual))
        i.goals.add(goal)
    coordinator = builders.user(role="coordinator", municipality=m)
    new = start_new_version(concept=old, user=coordinator)

    carried = carry_forward_goals(new_concept=new)

    marks = {c.goal.key: c for c in carried}
    assert set(marks) == {"halb", "offen"}
    assert marks["halb"].percent == Decimal("50.0") and marks["halb"].light == "yellow"
    assert marks["halb"].from_goal == halfway and "Mittelwert" in marks["halb"].method
    assert marks["offen"].percent is None and marks["offen"].light == "none"
    new_halfway = new.goals.get(key="halb")
    assert [i.key for i in new_halfway.indicators.all()] == ["i-halb"]
    assert [i.key for i in halfway.indicators.all()] == ["i-halb"]   # the old version keeps its links
    # Running it again changes nothing.
    carry_forward_goals(new_concept=new)
    assert CarriedGoal.objects.count() == 2 and new_halfway.indicators.count() == 1


def test_it_shows_the_mark_on_the_monitoring_page(client):
    from django.urls import reverse

    m = builders.municipality("fortschritt")
    old = builders.concept(m)
    builders.measure(old, status="running").goals.add(builders.goal(old, "ziel", title="Sprache fördern"))
    coordinator = builders.user(role="coordinator", municipality=m)
    new = start_new_version(concept=old, user=coordinator)
    carry_forward_goals(new_concept=new)
    adopt_concept(concept=new, user=coordinator, adopted_on="2025-03-01", adopted_by="Rat der Stadt")
    client.force_login(coordinator)
    html = client.get(reverse("monitoring:indicators", args=["fortschritt"])).content.decode()
    assert "Sprache fördern" in html
    assert "fortgeschrieben, bisher nicht erreicht (50,0 % in Version 1)" in html


def test_a_fortschreibung_carries_goals_forward_by_itself():
    m = builders.municipality()
    old = builders.concept(m)
    goal = builders.goal(old, "halb")
    i = Indicator.objects.create(municipality=m, key="quote", name="Quote", baseline_value=10,
                                 baseline_period="2015", target_value=20, target_period="2020")
    Observation.objects.create(indicator=i, period="2020", value=Decimal(15))
    i.goals.add(goal)
    new = start_new_version(concept=old, user=builders.user(role="coordinator", municipality=m))
    assert CarriedGoal.objects.get(goal__concept=new).from_goal == goal
    assert list(new.goals.get(key="halb").indicators.values_list("key", flat=True)) == ["quote"]
