import pytest
from django.core.exceptions import ValidationError

from teilhabe.strategy.models import Measure
from tests import builders as b


@pytest.fixture
def concept(db):
    return b.concept(b.municipality())


def test_it_sanitises_guideline_html_on_save(concept):
    section = concept.guidelines.create(
        title="Leitlinie", body='<p onclick="x()">Text<script>alert(1)</script></p><a href="javascript:x">l</a>')
    section.refresh_from_db()
    assert "script" not in section.body and "onclick" not in section.body and "javascript" not in section.body
    assert section.body.startswith("<p>Text")


def test_it_refuses_a_goal_as_its_own_ancestor(concept):
    parent = b.goal(concept)
    child = b.goal(concept, parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError) as error:
        parent.full_clean()
    assert "parent" in error.value.message_dict


def test_it_refuses_a_goal_parent_from_another_version(concept):
    other = b.concept(concept.municipality, status="draft")
    goal = b.goal(concept)
    goal.parent = b.goal(other)
    with pytest.raises(ValidationError):
        goal.full_clean()


def test_it_refuses_a_measure_ending_before_it_starts(concept):
    measure = Measure(concept=concept, external_id="M-1", title="x", start_date="2024-05-01", end_date="2024-01-01")
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "end_date" in error.value.message_dict


def test_it_requires_date_and_body_for_an_adopted_concept(concept):
    concept.adopted_on = None
    concept.adopted_by = ""
    with pytest.raises(ValidationError) as error:
        concept.full_clean()
    assert {"adopted_on", "adopted_by"} <= set(error.value.message_dict)


@pytest.mark.parametrize("status,expected", [
    ("planned", ["running", "implemented", "established", "stopped"]),
    ("implemented", ["established", "stopped"]),
    ("established", ["stopped"]),
    ("stopped", ["planned", "running"]),
])
def test_it_knows_the_allowed_transitions(concept, status, expected):
    assert Measure(concept=concept, status=status).allowed_transitions() == expected
