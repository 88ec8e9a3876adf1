"""The page cache hears of changed public content through the ground layer's signal
(municipalities.signals.public_content_changed): the search index sends it without
importing the portal."""
import pytest

from teilhabe.municipalities.signals import public_content_changed
from teilhabe.portal import cache
from tests import builders as b

pytestmark = pytest.mark.django_db


def test_it_renews_the_pages_of_the_municipalities_the_signal_names():
    herten, other = b.municipality("herten"), b.municipality("dorsten")
    before = {m.slug: cache.ensure_generation(m.slug) for m in (herten, other)}
    public_content_changed.send(sender=None, municipality_ids=(herten.pk,))
    assert cache.generation("herten") != before["herten"]
    assert cache.generation("dorsten") == before["dorsten"]
