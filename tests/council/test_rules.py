"""Who may do what with a municipality's council part: its coordinators (and the Kreis's)
edit, viewers read, actor editors, people without a role, other municipalities' staff and
anonymous visitors are refused."""
import pytest
from django.contrib.auth.models import AnonymousUser

from teilhabe.council import rules
from tests import builders as b

from .builders import world

pytestmark = pytest.mark.django_db

#              (reads, edits)
EXPECTED = {
    "coordinator": (True, True),
    "kreis_coordinator": (True, True),
    "viewer": (True, False),
    "editor": (False, False),
    "outsider": (False, False),
    "other_coordinator": (False, False),
    "anonymous": (False, False),
}


@pytest.fixture(scope="module")
def matrix(django_db_blocker, tmp_path_factory):
    """The world and the personas, made once for the module (the rules only read)."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            town = b.municipality(parent=b.municipality(kind="kreis"))
            w = world(town)
            people = b.personas(town)
            yield w, people
            transaction.set_rollback(True)


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_the_council_part_is_read_and_edited_only_by_its_municipalitys_office(matrix, persona):
    w, people = matrix
    user = people[persona] or AnonymousUser()
    reads, edits = EXPECTED[persona]
    assert rules.may_read(user, w.m) is reads
    assert rules.may_edit(user, w.m) is edits
    for obj in (w.irat, w.chair, w.hidden, w.chair_membership, w.held, w.closed_item, w.paper, w.draft,
                w.consultation, w.main, w.hall, w.term):
        assert rules.may_read_object(user, obj) is reads, obj
        assert rules.may_edit_object(user, obj) is edits, obj
