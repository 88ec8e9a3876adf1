import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from teilhabe.municipalities.models import ChangeRecord
from teilhabe.strategy import actions
from teilhabe.strategy.models import Concept, Measure, MeasureStatusChange, current_concept
from tests import builders as b


@pytest.fixture
def town(db):
    return b.municipality("lindenau")


@pytest.fixture
def coordinator(town):
    return b.user("koordination", role="coordinator", municipality=town)


@pytest.fixture
def adopted(town):
    concept = b.concept(town, title="Rahmenkonzept", period_start=2016, period_end=2020)
    concept.guidelines.create(position=1, title="Verständnis", body="<p>Teilhabe für alle</p>")
    field = b.field(concept, "bildung", "Bildung")
    parent = b.goal(concept, "g-bildung", field=field)
    child = b.goal(concept, "g-kita", field=field, parent=parent, kind="operational")
    actor, partner = b.actor(town, "awo"), b.actor(town, "ditib")
    measure = b.measure(concept, "M-1", status="established", responsible=actor, budget=1200)
    measure.fields.add(field)
    measure.goals.add(child)
    measure.partner_actors.add(partner)
    b.offer(town, actor, "O-1", field=field)
    return concept


def test_it_carries_everything_forward_into_a_new_version(adopted, coordinator):
    new = actions.start_new_version(concept=adopted, user=coordinator)
    assert (new.version, new.status, new.predecessor) == (2, "draft", adopted)
    assert [s.title for s in new.guidelines.all()] == ["Verständnis"]
    field = new.fields.get()
    assert field.key == "bildung" and field.predecessor == adopted.fields.get()
    child = new.goals.get(key="g-kita")
    assert child.parent == new.goals.get(key="g-bildung")  # the copy, not the old parent
    assert child.field == field and child.predecessor == adopted.goals.get(key="g-kita")
    measure = new.measures.get()
    old = adopted.measures.get()
    assert measure.predecessor == old and measure.status == "established"
    assert list(measure.goals.all()) == [child] and list(measure.fields.all()) == [field]
    assert [a.external_id for a in measure.partner_actors.all()] == ["ditib"]
    assert measure.budget == old.budget
    # The old version is untouched.
    assert adopted.fields.count() == 1 and old.goals.get().concept == adopted


def test_it_refuses_a_second_fortschreibung_of_the_same_version(adopted, coordinator):
    actions.start_new_version(concept=adopted, user=coordinator)
    with pytest.raises(ValidationError):
        actions.start_new_version(concept=adopted, user=coordinator)
    assert Concept.objects.filter(municipality=adopted.municipality).count() == 2


def test_it_supersedes_the_old_version_on_adoption_and_moves_offers(adopted, coordinator, town):
    new = actions.start_new_version(concept=adopted, user=coordinator)
    assert current_concept(town) == adopted  # a draft does not count yet
    actions.adopt_concept(concept=new, user=coordinator, adopted_on=datetime.date(2021, 3, 4),
                          adopted_by="Rat der Stadt, einstimmig")
    adopted.refresh_from_db()
    new.refresh_from_db()
    assert (adopted.status, new.status) == ("superseded", "adopted")
    assert current_concept(town) == new
    assert town.offers.get().field_of_action.concept == new


def test_it_refuses_to_adopt_a_version_that_is_not_a_draft(adopted, coordinator):
    with pytest.raises(ValidationError):
        actions.adopt_concept(concept=adopted, user=coordinator, adopted_on=datetime.date(2021, 1, 1),
                              adopted_by="Rat")


def test_it_allows_only_one_adopted_version_per_municipality(adopted):
    with pytest.raises(IntegrityError):
        b.concept(adopted.municipality, status="adopted")


@pytest.fixture
def measure(adopted, coordinator):
    return b.measure(adopted, "M-2", status="planned")


def test_it_moves_a_measure_along_its_life_cycle_with_date_and_person(measure, coordinator):
    for status, day in [("running", 1), ("implemented", 2), ("established", 3)]:
        actions.change_measure_status(measure=measure, to_status=status, user=coordinator,
                                      changed_on=datetime.date(2024, 1, day), note=f"Schritt {day}")
    measure.refresh_from_db()
    assert measure.status == "established"
    changes = list(measure.status_changes.values_list("from_status", "to_status", "changed_by__username"))
    assert changes == [("planned", "running", "koordination"), ("running", "implemented", "koordination"),
                       ("implemented", "established", "koordination")]


@pytest.mark.parametrize("start,target", [("running", "planned"), ("established", "implemented"),
                                          ("stopped", "implemented"), ("planned", "planned"),
                                          ("planned", "nonsense")])
def test_it_refuses_steps_outside_the_life_cycle(adopted, coordinator, start, target):
    measure = b.measure(adopted, status=start)
    with pytest.raises(ValidationError):
        actions.change_measure_status(measure=measure, to_status=target, user=coordinator)
    measure.refresh_from_db()
    assert measure.status == start and not measure.status_changes.exists()


def test_it_stops_and_resumes_a_measure(measure, coordinator):
    actions.change_measure_status(measure=measure, to_status="stopped", user=coordinator)
    actions.change_measure_status(measure=measure, to_status="running", user=coordinator)
    assert Measure.objects.get(pk=measure.pk).status == "running"


def test_it_refuses_a_status_date_before_the_last_change(measure, coordinator):
    actions.change_measure_status(measure=measure, to_status="running", user=coordinator,
                                  changed_on=datetime.date(2024, 5, 1))
    with pytest.raises(ValidationError) as error:
        actions.change_measure_status(measure=measure, to_status="implemented", user=coordinator,
                                      changed_on=datetime.date(2024, 4, 1))
    assert "changed_on" in error.value.message_dict
    assert MeasureStatusChange.objects.filter(measure=measure).count() == 1


def test_it_records_status_changes_in_the_history(measure, coordinator):
    actions.change_measure_status(measure=measure, to_status="running", user=coordinator)
    record = ChangeRecord.objects.filter(object_id=measure.pk, content_type__model="measure").first()
    assert record.user == coordinator
    assert record.changes["status"] == ["planned", "running"]


def test_it_refuses_a_fortschreibung_of_a_draft(town, coordinator):
    draft = b.concept(town, status="draft")
    with pytest.raises(ValidationError):
        actions.start_new_version(concept=draft, user=coordinator)
    assert Concept.objects.filter(municipality=town).count() == 1
