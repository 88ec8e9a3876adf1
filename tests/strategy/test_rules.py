"""strategy/rules.py answers per persona as the back office's matrices expect."""
import pytest

from teilhabe.strategy import rules
from tests import builders as b

pytestmark = pytest.mark.django_db

READERS = {"coordinator", "kreis_coordinator", "viewer"}
MANAGERS = {"coordinator", "kreis_coordinator"}


def test_it_lets_every_role_read_the_concept_and_coordinators_write_it_and_all_measures():
    town = b.municipality("stadt-regeln", parent=b.municipality("kreis-regeln", kind="kreis"))
    concept = b.concept(town)
    ours = b.actor(town)
    people = b.personas(town, editors={"editor": ours})
    own, other = b.measure(concept, responsible=ours), b.measure(concept, is_public=True)
    internal = b.measure(concept, is_public=False)

    assert b.allowed(people, lambda u: rules.can_view(u, town, concept)) == READERS | {"editor"}
    for check in (lambda u: rules.can_edit(u, town, concept), lambda u: rules.can_edit(u, town, other),
                  lambda u: rules.can_create_concept(u, town), lambda u: rules.can_create_measure(u, town),
                  lambda u: rules.may_leave_measure_unassigned(u, town)):
        assert b.allowed(people, check) == MANAGERS
    assert b.allowed(people, lambda u: rules.can_edit(u, town, own)) == MANAGERS | {"editor"}
    assert b.allowed(people, lambda u: rules.can_view(u, town, other)) == READERS

    measures = concept.measures.all()
    listed = {name: set(rules.listed_measures(u, town, measures)) for name, u in people.items() if u}
    assert listed["viewer"] == listed["kreis_coordinator"] == {own, other, internal}
    assert listed["editor"] == {own} and listed["outsider"] == listed["other_coordinator"] == set()
    assert set(rules.choosable_measures(people["coordinator"], town, measures)) == {own, other, internal}
    assert set(rules.choosable_measures(people["editor"], town, measures)) == {own, other}
