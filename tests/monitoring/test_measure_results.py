import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from teilhabe.monitoring.actions import record_measure_result
from teilhabe.monitoring.models import MeasureResult
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    m = builders.municipality()
    builders.target_group(m, "eltern")
    builders.target_group(m, "jugendliche")
    actor, other = builders.actor(m), builders.actor(m)
    measure = builders.measure(builders.concept(m), status="running", responsible=actor)
    return m, actor, other, measure


def test_it_lets_the_responsible_actors_editor_enter_a_result_and_replace_it(setting):
    m, actor, _other, measure = setting
    editor = builders.user(role="actor_editor", municipality=m, actor=actor)
    record_measure_result(measure=measure, period="2024", user=editor, activities=12, people_reached=40,
                          reach_by_target_group={"eltern": 25, "jugendliche": 3}, target_group_reached="partly",
                          step="outcome", outcome_notes="Mehr Väter als erwartet.")
    result = record_measure_result(measure=measure, period="2024", user=editor, activities=14, people_reached=41)
    assert MeasureResult.objects.count() == 1
    assert (result.activities, result.people_reached, result.reach_by_target_group) == (14, 41, {})
    assert result.entered_by == editor


@pytest.mark.parametrize("who", ["viewer", "other_actor", "outsider", "other_coordinator"])
def test_it_refuses_everyone_else(setting, who):
    m, _actor, other, measure = setting
    user = {"viewer": lambda: builders.user(role="viewer", municipality=m),
            "other_actor": lambda: builders.user(role="actor_editor", municipality=m, actor=other),
            "outsider": lambda: builders.user(),
            "other_coordinator": lambda: builders.user(role="coordinator", municipality=builders.municipality())}[who]()
    with pytest.raises(PermissionDenied):
        record_measure_result(measure=measure, period="2024", user=user, people_reached=1)
    assert not MeasureResult.objects.exists()


def test_it_lets_the_coordination_enter_results(setting):
    m, _actor, _other, measure = setting
    coordinator = builders.user(role="coordinator", municipality=m)
    assert record_measure_result(measure=measure, period="2024-06", user=coordinator).period == "2024-06"


@pytest.mark.parametrize("kwargs, field", [
    ({"reach_by_target_group": {"senioren": 3}, "people_reached": 5}, "reach_by_target_group"),
    ({"reach_by_target_group": {"eltern": -1}, "people_reached": 5}, "reach_by_target_group"),
    ({"reach_by_target_group": {"eltern": "3"}, "people_reached": 5}, "reach_by_target_group"),
    ({"reach_by_target_group": {"eltern": 6}, "people_reached": 5}, "reach_by_target_group"),
    ({"period": "24"}, "period"),
    ({"step": "wunder"}, "step"),
    ({"target_group_reached": "vielleicht"}, "target_group_reached"),
])
def test_it_names_the_field_of_a_bad_result(setting, kwargs, field):
    m, _actor, _other, measure = setting
    coordinator = builders.user(role="coordinator", municipality=m)
    kwargs = {"period": "2024", **kwargs}
    with pytest.raises(ValidationError) as error:
        record_measure_result(measure=measure, user=coordinator, **kwargs)
    assert field in error.value.message_dict
    assert not MeasureResult.objects.exists()
