"""actors/rules.py answers per persona as the back office's matrices expect."""
import pytest

from teilhabe.actors import rules
from tests import builders as b

pytestmark = pytest.mark.django_db

READERS = {"coordinator", "kreis_coordinator", "viewer"}
MANAGERS = {"coordinator", "kreis_coordinator"}


def test_it_lets_editors_keep_their_own_actor_and_see_only_published_others():
    town = b.municipality("stadt-akteure", parent=b.municipality("kreis-akteure", kind="kreis"))
    ours, published, hidden = b.actor(town, name="Unser Verein"), b.actor(town), b.actor(town, name="Geheim")
    hidden.is_published = False
    hidden.save()
    people = b.personas(town, editors={"editor": ours})
    contact = b.contact(ours)

    for obj in (ours, contact):
        assert b.allowed(people, lambda u: rules.can_view(u, town, obj)) == READERS | {"editor"}
        assert b.allowed(people, lambda u: rules.can_edit(u, town, obj)) == MANAGERS | {"editor"}
    assert b.allowed(people, lambda u: rules.can_view(u, town, hidden)) == READERS
    assert b.allowed(people, lambda u: rules.can_create(u, town)) == MANAGERS
    assert b.allowed(people, lambda u: rules.can_create_contact(u, town, ours)) == MANAGERS | {"editor"}
    assert b.allowed(people, lambda u: rules.can_create_contact(u, town, hidden)) == MANAGERS
    assert b.allowed(people, lambda u: rules.can_delete_contact(u, town, contact)) == MANAGERS | {"editor"}
    assert b.allowed(people, lambda u: rules.edits_an_actor(u, town)) == {"editor"}

    editor, viewer = people["editor"], people["viewer"]
    assert set(rules.listed(editor, town, town.actors.all())) == set(rules.editors_own(editor, town)) == {ours}
    assert set(rules.listed(viewer, town, town.actors.all())) == {ours, published, hidden}
    assert set(rules.editors_own(viewer, town)) == set()
    assert set(rules.visible(editor, town)) == {ours, published} and set(rules.own(editor, town)) == {ours}
    assert rules.hidden_names(editor, town) == {"Geheim"} and rules.hidden_names(viewer, town) == set()
    assert set(rules.own(people["coordinator"], town)) == {ours, published, hidden}
