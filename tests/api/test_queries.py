"""A page costs the same number of queries whatever it holds (everything is fetched in
bulk), and the numbers are pinned so a change that adds a query per row shows up here."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teilhabe.municipalities.models import Language
from tests import builders as b

from .conftest import translate

pytestmark = pytest.mark.django_db


def _more_rows(world, n=25):
    """n more of everything, each with all its relations filled."""
    languages = list(Language.objects.filter(code__in=["de", "ar", "en"]))
    for i in range(n):
        actor = b.actor(world.m, f"traeger-{i}")
        actor.districts.set([world.north, world.south])
        actor.languages.set(languages)
        b.contact(actor, role="Beratung", name=f"Person {i}", consent_at=world.course.modified_at, publish=True)
        offer = b.offer(world.m, actor, f"X-{i}", field=world.language_field, measure=world.measure)
        offer.target_groups.set([world.women, world.families])
        offer.districts.set([world.north])
        offer.languages.set(languages)
        translate(offer, "en", f"Offer {i}")
        translate(offer, "ar", f"عرض {i}")
        measure = b.measure(world.current, f"M-x{i}", responsible=actor)
        measure.fields.set([world.language_field])
        measure.goals.set([world.goal])
        measure.partner_actors.set([world.association])
        measure.target_groups.set([world.women])
        measure.districts.set([world.north])
        b.goal(world.current, f"ziel-{i}", field=world.work_field)


# (path, query, queries): municipality, filter checks, count, page, one per prefetched relation
# (offers: the page as plain values in three queries, public.offer_rows).
PINNED = [
    ("municipalities", {}, 3),
    ("municipalities/herten", {}, 5),
    ("municipalities/herten/fields-of-action", {}, 4),
    ("municipalities/herten/fields-of-action/sprache", {}, 5),
    ("municipalities/herten/goals", {}, 5),
    ("municipalities/herten/measures", {}, 10),
    ("municipalities/herten/measures", {"status": "running", "field_of_action": "sprache"}, 11),
    ("municipalities/herten/actors", {}, 6),
    ("municipalities/herten/offers", {"lang": "en"}, 5),
    ("municipalities/herten/offers", {"district": "nord", "target_group": "frauen"}, 7),
    ("municipalities/herten/offers", {"modified_since": "2025-01-01"}, 5),
    ("municipalities/herten/offers/A-1", {}, 4),
    ("offers", {"page_size": 100}, 4),
]


def _count(api, path, query):
    with CaptureQueriesContext(connection) as queries:
        response = api(path, **query)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json().get("results", []))


@pytest.mark.parametrize("path, query, expected", PINNED)
def test_it_spends_a_fixed_number_of_queries_whatever_the_page_holds(world, api, django_assert_num_queries,
                                                                    path, query, expected):
    few, _ = _count(api, path, query)
    _more_rows(world)
    with django_assert_num_queries(expected):
        response = api(path, **query)
    assert response.status_code == 200
    assert few == expected
    assert api(path, **query).json().get("count", 1) > 0  # relations are read only for non-empty pages
