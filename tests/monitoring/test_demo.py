"""The demo monitoring: values for the three towns, goals judged by indicators with
differing lights, results of running measures; invented values say so; idempotent."""
import pytest
from django.core.management import call_command

from teilhabe.monitoring.attainment import goal_attainment
from teilhabe.monitoring.demo import load_monitoring_demo
from teilhabe.monitoring.models import Indicator, MeasureResult, Observation
from teilhabe.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_module):
    """`teilhabe demo`, loaded once for the module (tests/conftest.py)."""


def test_it_gives_each_town_indicators_with_values_per_year_and_district(demo):
    for slug, first, last in [("herten", "2005", "2012"), ("herne", "2016", "2025"), ("hilden", "2010", "2025")]:
        town = Municipality.objects.get(slug=slug)
        share = Indicator.objects.get(municipality=town, key="anteil-auslaender")
        periods = sorted(set(share.observations.filter(district=None).values_list("period", flat=True)))
        assert periods[0] == first and periods[-1] == last
        assert share.observations.filter(district__isnull=False, period=last).count() == town.districts.count()
        assert "erfunden" in share.source


def test_it_links_goals_to_indicators_so_that_the_lights_differ(demo):
    herne = Municipality.objects.get(slug="herne")
    judged = [goal_attainment(goal) for goal in
              {g for i in Indicator.objects.filter(municipality=herne) for g in i.goals.all()}]
    assert len(judged) == 4
    assert all(result.percent is not None and result.basis == "indicators" for result in judged)
    assert len({result.light for result in judged}) >= 2


def test_it_records_results_of_the_running_measures_as_tallies(demo):
    results = MeasureResult.objects.filter(measure__concept__municipality__slug="hilden")
    assert results.exists() and {r.period for r in results} == {"2024", "2025"}
    for result in results:
        assert sum(result.reach_by_target_group.values()) <= result.people_reached
        assert "alle" not in result.reach_by_target_group
        assert result.measure.status in ("running", "implemented", "established")


def test_it_changes_nothing_when_loaded_again(demo):
    counts = Observation.objects.count(), MeasureResult.objects.count(), Indicator.objects.count()
    load_monitoring_demo()
    call_command("demo", "--quiet")
    assert (Observation.objects.count(), MeasureResult.objects.count(), Indicator.objects.count()) == counts
