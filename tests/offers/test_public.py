"""What is public is said once, by the models' querysets (Offer.objects.public(),
Concept.objects.in_force() …); portal, API, search index and export must agree with them.

One data set with everything that is not public beside what is; each face is asked what
it shows. The one intended difference: the portal shows the concept in force (adopted),
the API every public version (adopted or superseded, docs/api.md)."""
import re

import pytest

from teilhabe.actors.models import Actor
from teilhabe.exchange.exporter import export_municipality
from teilhabe.offers.models import Offer
from teilhabe.search.index import refresh_municipality
from teilhabe.search.models import Document
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, Measure
from tests import builders as b

OFFERS = {"O-PUB", "O-OF-HIDDEN-PROVIDER"}  # published, whoever provides it
ACTORS = {"offen"}
MEASURES_IN_FORCE = {"M-PUB"}
MEASURES_SUPERSEDED = {"M-OLD"}


@pytest.fixture
def town(db):
    m = b.municipality("lindenau")
    old = b.concept(m, status="superseded", title="Erste Fassung")
    adopted = b.concept(m, status="adopted", title="Fortschreibung")
    draft = b.concept(m, status="draft", title="Entwurf")
    for c, prefix in ((old, "alt"), (adopted, "neu"), (draft, "entwurf")):
        field = b.field(c, f"{prefix}-feld")
        b.goal(c, f"{prefix}-ziel", field=field)
    b.measure(old, "M-OLD")
    b.measure(old, "M-OLD-INTERNAL", is_public=False)
    b.measure(adopted, "M-PUB")
    b.measure(adopted, "M-INT", is_public=False)
    b.measure(draft, "M-DRAFT")
    shown = b.actor(m, "offen")
    hidden = b.actor(m, "geheim")
    hidden.is_published = False
    hidden.save()
    b.offer(m, shown, "O-PUB")
    b.offer(m, shown, "O-HIDDEN", is_published=False)
    b.offer(m, hidden, "O-OF-HIDDEN-PROVIDER")
    refresh_municipality(m)
    return m


def _ids(queryset, attribute="external_id"):
    return set(queryset.values_list(attribute, flat=True))


def _links(html, slug, kind):
    return set(re.findall(rf'href="/{slug}/{kind}/([^/"]+)/"', html))


def _api(client, path, **params):
    response = client.get(f"/api/v1/municipalities/lindenau{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def _indexed(m, model, kind, attribute="external_id"):
    ids = Document.objects.filter(municipality=m, kind=kind).values_list("object_id", flat=True)
    return _ids(model.objects.filter(pk__in=ids), attribute)


def _exported(document, key, flag):
    return {row.get("external_id", row.get("key")) for row in document[key] if row[flag]}


def test_the_models_say_what_is_public(town):
    assert _ids(Offer.objects.public()) == OFFERS
    assert _ids(Actor.objects.public()) == ACTORS
    assert _ids(Concept.objects.in_force(), "version") == {2}
    assert _ids(Concept.objects.public(), "version") == {1, 2}
    assert Concept.objects.filter(municipality=town).current_public().version == 2
    assert _ids(Measure.objects.public()) == MEASURES_IN_FORCE | MEASURES_SUPERSEDED
    assert _ids(FieldOfAction.objects.public(), "key") == {"alt-feld", "neu-feld"}
    assert _ids(Goal.objects.public(), "key") == {"alt-ziel", "neu-ziel"}


def test_portal_api_search_and_export_show_the_same_offers(client, town):
    directory = client.get("/lindenau/offers/").content.decode()
    assert _links(directory, "lindenau", "offers") == OFFERS
    for offer in Offer.objects.all():
        expected = 200 if offer.external_id in OFFERS else 404
        assert client.get(f"/lindenau/offers/{offer.external_id}/").status_code == expected
    assert {o["external_id"] for o in _api(client, "/offers")["results"]} == OFFERS
    assert _indexed(town, Offer, "offer") == OFFERS
    # The export holds everything (it is a backup); its flag says what is public.
    assert _exported(export_municipality(town), "offers", "published") == OFFERS


def test_portal_api_search_and_export_show_the_same_actors(client, town):
    assert _links(client.get("/lindenau/actors/").content.decode(), "lindenau", "actors") == ACTORS
    assert client.get("/lindenau/actors/geheim/").status_code == 404
    assert {a["external_id"] for a in _api(client, "/actors")["results"]} == ACTORS
    assert _indexed(town, Actor, "actor") == ACTORS
    assert _exported(export_municipality(town), "actors", "published") == ACTORS


def test_portal_shows_the_concept_in_force_the_api_also_the_superseded_one(client, town):
    versions = client.get("/lindenau/concept/").context["versions"]
    assert [c.version for c in versions] == [2, 1]  # superseded listed as history, no draft
    assert [c["version"] for c in _api(client, "")["concepts"]] == [2, 1]

    for measure in Measure.objects.all():
        expected = 200 if measure.external_id in MEASURES_IN_FORCE else 404
        assert client.get(f"/lindenau/measures/{measure.external_id}/").status_code == expected
    assert {x["external_id"] for x in _api(client, "/measures")["results"]} == MEASURES_IN_FORCE
    assert {x["external_id"] for x in _api(client, "/measures", concept=1)["results"]} == MEASURES_SUPERSEDED
    assert client.get("/api/v1/municipalities/lindenau/measures", {"concept": 3}).status_code == 404  # draft
    assert _indexed(town, Measure, "measure") == MEASURES_IN_FORCE
    exported = export_municipality(town)
    public_versions = {c["version"] for c in exported["concepts"] if c["status"] in Concept.PUBLIC}
    assert public_versions == {1, 2}
    assert {x["external_id"] for x in exported["measures"]
            if x["public"] and x["concept"] in public_versions} == MEASURES_IN_FORCE | MEASURES_SUPERSEDED

    for key, expected in (("neu-feld", 200), ("alt-feld", 404), ("entwurf-feld", 404)):
        assert client.get(f"/lindenau/fields/{key}/").status_code == expected
    assert {f["key"] for f in _api(client, "/fields-of-action")["results"]} == {"neu-feld"}
    assert {f["key"] for f in _api(client, "/fields-of-action", concept=1)["results"]} == {"alt-feld"}
    assert _indexed(town, FieldOfAction, "field", "key") == {"neu-feld"}


def test_a_draft_is_in_no_search_as_it_is_on_no_page(client, db):
    """A municipality with only a draft (and an old superseded version) shows no concept on
    the portal (in_force) or by default in the API (current_public: the superseded one); the
    site search indexed the draft's fields and measures (current_concept() fell back to it),
    so their texts were searchable and their hits led to pages answering 404."""
    m = b.municipality("entwurfstadt")
    draft = b.concept(m, status="draft")
    b.field(draft, "feld")
    b.measure(draft, "M-DRAFT")
    refresh_municipality(m)
    assert client.get("/entwurfstadt/fields/feld/").status_code == 404
    assert client.get("/entwurfstadt/measures/M-DRAFT/").status_code == 404
    answer = client.get("/api/v1/municipalities/entwurfstadt/measures").json()
    assert answer["count"] == 0
    assert _indexed(m, Measure, "measure") == set()
    assert _indexed(m, FieldOfAction, "field", "key") == set()
    assert not Document.objects.filter(municipality=m, kind="concept").exists()
