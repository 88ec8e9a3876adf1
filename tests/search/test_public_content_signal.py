"""The search index tells whoever keeps public pages that a municipality's content changed
through a signal of the ground layer (municipalities.signals), not by importing the portal."""
import pytest

from teilhabe.municipalities.signals import public_content_changed
from tests import builders as b

pytestmark = pytest.mark.django_db


def test_it_sends_public_content_changed_with_the_municipality_when_an_offer_changes(
        django_capture_on_commit_callbacks):
    m = b.municipality("herten")
    provider = b.actor(m, "a1")
    received = []

    def receiver(sender, municipality_ids=(), **kwargs):
        received.extend(municipality_ids)

    public_content_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):  # the index refreshes after the commit
            offer = b.offer(m, provider, "o1")
        assert m.pk in received
        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            offer.delete()
        assert m.pk in received
    finally:
        public_content_changed.disconnect(receiver)
