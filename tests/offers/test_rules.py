"""offers/rules.py answers per persona as the back office's matrices expect."""
import pytest

from teilhabe.offers import rules
from tests import builders as b

pytestmark = pytest.mark.django_db

READERS = {"coordinator", "kreis_coordinator", "viewer"}
MANAGERS = {"coordinator", "kreis_coordinator"}


def test_it_lets_an_editor_do_everything_with_their_actors_offers_and_nothing_else():
    town = b.municipality("stadt-angebote", parent=b.municipality("kreis-angebote", kind="kreis"))
    ours, theirs = b.actor(town), b.actor(town)
    people = b.personas(town, editors={"editor": ours})
    own, other = b.offer(town, ours), b.offer(town, theirs)

    for check in (rules.can_view, rules.can_edit, rules.can_delete):
        assert b.allowed(people, lambda u: check(u, town, own)) == (READERS if check is rules.can_view
                                                                    else MANAGERS) | {"editor"}
        assert b.allowed(people, lambda u: check(u, town, other)) == (
            READERS if check is rules.can_view else MANAGERS)
    assert b.allowed(people, lambda u: rules.can_create(u, town)) == MANAGERS | {"editor"}
    assert b.allowed(people, lambda u: rules.can_create(u, town, provider=ours)) == MANAGERS | {"editor"}
    assert b.allowed(people, lambda u: rules.can_create(u, town, provider=theirs)) == MANAGERS

    editor, viewer = people["editor"], people["viewer"]
    assert set(rules.listed(editor, town, town.offers.all())) == {own}
    assert set(rules.listed(viewer, town, town.offers.all())) == {own, other}
    assert set(rules.providers(editor, town)) == {ours}
    assert set(rules.providers(viewer, town)) == {ours, theirs}
