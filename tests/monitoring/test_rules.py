"""monitoring/rules.py: a measure's results follow the measure's rules; "Meine Maßnahmen"
is for the coordination and actor editors."""
import pytest

from teilhabe.monitoring import rules
from tests import builders as b

pytestmark = pytest.mark.django_db


def test_it_lets_the_coordination_and_the_responsible_actors_editors_report():
    town = b.municipality("stadt-berichte", parent=b.municipality("kreis-berichte", kind="kreis"))
    concept = b.concept(town)
    ours = b.actor(town)
    people = b.personas(town, editors={"editor": ours})
    own, other = b.measure(concept, responsible=ours), b.measure(concept)
    managers = {"coordinator", "kreis_coordinator"}

    assert b.allowed(people, lambda u: rules.can_report(u, town, own)) == managers | {"editor"}
    assert b.allowed(people, lambda u: rules.can_report(u, town, other)) == managers
    assert b.allowed(people, lambda u: rules.can_report_own(u, town)) == managers | {"editor"}
    assert b.allowed(people, lambda u: rules.can_read(u, town)) == managers | {"viewer"}
    assert b.allowed(people, lambda u: rules.can_manage(u, town)) == managers
    assert set(rules.own_measures(people["editor"], town, concept.measures.all())) == {own}
    assert set(rules.own_measures(people["coordinator"], town, concept.measures.all())) == {own, other}
