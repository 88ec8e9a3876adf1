"""A coordinator adds the municipality's own synonyms for the search in the back office;
the search reads them at once. Nobody else may see or change them."""
import pytest
from django.urls import reverse

from teilhabe.search import search_offers
from teilhabe.search.index import refresh_municipality
from teilhabe.search.models import Synonyms
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    m = b.municipality("synonymstadt")
    m.offer = b.offer(m, b.actor(m, name="Stadt"), "Q-1", title="Quartiersbüro Nord",
                      description="Ansprechpartner für alle Fragen im Viertel.")
    refresh_municipality(m)
    return m


def url(town):
    return reverse("backoffice:search_synonyms", args=[town.slug])


def test_the_coordinators_own_synonyms_are_searched_at_once(client, town):
    assert search_offers(municipality=town, query="Stadtteilladen").count == 0
    client.force_login(b.user(role="coordinator", municipality=town))
    assert client.get(url(town)).status_code == 200
    response = client.post(url(town), {"text": "Quartiersbüro, Stadtteilladen, Stadtteilbüro\n"})
    assert response.status_code == 302
    result = search_offers(municipality=town, query="Stadtteilladen")
    assert [h.offer_id for h in result.hits] == [town.offer.pk]


@pytest.mark.parametrize("role", ["viewer", "actor_editor", "other_coordinator", None])
@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_but_the_coordinator_sees_or_changes_them(client, town, role, method):
    if role == "other_coordinator":
        user = b.user(role="coordinator", municipality=b.municipality())
    else:
        actor = b.actor(town) if role == "actor_editor" else None
        user = b.user(role=role, municipality=town if role else None, actor=actor)
    client.force_login(user)
    response = getattr(client, method)(url(town), {"text": "Quartiersbüro, Stadtteilladen"})
    assert response.status_code == 403
    assert not Synonyms.objects.exists()


def test_anonymous_is_sent_to_log_in(client, town):
    response = client.post(url(town), {"text": "Quartiersbüro, Stadtteilladen"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Synonyms.objects.exists()
