"""Municipalities: the list, and one with its office, vocabularies and concept versions."""
import pytest

from tests import builders as b

from .conftest import ids

pytestmark = pytest.mark.django_db


def test_it_lists_municipalities_by_name(world, api):
    kreis = b.municipality("kreis-recklinghausen", kind="kreis")
    world.m.parent = kreis
    world.m.save()
    response = api("municipalities")
    assert ids(response, "slug") == ["herne", "herten", "kreis-recklinghausen"]
    herten = response.json()["results"][1]
    assert herten["parent"] == "kreis-recklinghausen" and herten["languages"] == ["ar", "de", "en", "tr"]
    assert herten["url"] == "http://testserver/herten/"
    assert ids(api("municipalities", kind="kreis"), "slug") == ["kreis-recklinghausen"]


def test_it_shows_a_municipality_with_its_public_concept_versions_only(world, api):
    herten = api("municipalities/herten", lang="en").json()
    assert [(c["version"], c["status"], c["is_current"]) for c in herten["concepts"]] == [
        (2, "adopted", True), (1, "superseded", False)]
    assert "Entwurf 2026" not in str(herten)
    assert herten["office"]["email"] == "ki@herten.example"
    assert herten["target_groups"] == [{"key": "familien", "name": "Families"}, {"key": "frauen", "name": "Women"}]
    assert herten["links"]["offers"] == "http://testserver/api/v1/municipalities/herten/offers"


def test_it_answers_404_for_an_unknown_municipality(db, api):
    response = api("municipalities/nirgendwo")
    assert response.status_code == 404 and "nirgendwo" in response.json()["error"]["message"]


def test_its_links_name_every_endpoint_of_the_municipality(world, api):
    """Derived from api/urls.py, so a new endpoint without its link fails here: each
    path under municipalities/<slug>/ without a further parameter is a link, the CSV of
    each open dataset too; paths with another parameter are single objects of a list."""
    from django.urls import resolve
    from urllib.parse import urlsplit

    from teilhabe.api.urls import M, urlpatterns
    from teilhabe.opendata.datasets import DATASETS

    expected, items = set(), set()
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        if not route.startswith(M + "/"):
            continue
        further = set(pattern.pattern.converters) - {"slug"}
        if not further:
            expected.add((pattern.name, ()))
        elif further == {"name"}:
            expected |= {(pattern.name, (("name", name),)) for name in DATASETS}
        else:
            items.add(route[len(M) + 1:].partition("/")[0])
    links = api("municipalities/herten").json()["links"]
    found = set()
    for url in links.values():
        match = resolve(urlsplit(url).path)
        assert match.kwargs.pop("slug") == "herten"
        found.add((match.url_name, tuple(sorted(match.kwargs.items()))))
    assert found == expected and len(links) == len(expected)
    # Every single-object path belongs to a list that is linked.
    assert items <= set(links), items - set(links)
    assert links["dcat.jsonld"].endswith("/api/v1/municipalities/herten/dcat.jsonld")
    assert links["datasets/offers.csv"].endswith("/api/v1/municipalities/herten/datasets/offers.csv")
