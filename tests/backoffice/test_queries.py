"""List pages cost the same number of queries for 3 rows as for 30."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teilhabe.municipalities.models import Language
from teilhabe.offers.models import OfferTranslation
from tests import builders as b


@pytest.fixture
def town(db):
    return b.municipality("lindenau")


def _fill(town, count):
    concept = town.concepts.first() or b.concept(town)
    field = concept.fields.first() or b.field(concept, "sprache")
    district = b.district(town)
    english = Language.objects.get(code="en")
    for _ in range(count):
        actor = b.actor(town)
        actor.districts.add(district)
        measure = b.measure(concept, responsible=actor)
        measure.fields.add(field)
        offer = b.offer(town, actor, field=field)
        OfferTranslation.objects.create(offer=offer, language=english, title="x", source_revision=0)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["measures", "actors", "offers", "municipality"])
def test_it_does_not_query_per_row(client, town, name):
    client.force_login(b.user(role="coordinator", municipality=town))
    url = reverse(f"backoffice:{name}", args=[town.slug])
    _fill(town, 3)
    few = _queries(client, url)
    _fill(town, 27)
    assert _queries(client, url) == few
