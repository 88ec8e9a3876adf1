"""Open data: the DCAT-AP.de catalogue read by a real RDF library (rdflib parses the
JSON-LD into a graph; SPARQL asks for what DCAT-AP.de requires) and the CSV downloads
read by Python's csv module — each without anything personal or internal."""
import csv
import io

import pytest
import rdflib

from teilhabe.opendata.models import OpenDataSettings
from tests.api.public_kinds import ATTENDEE_EMAIL, ATTENDEE_NAME, SECRET_EMAIL, SECRET_NAME, add_public_kinds

pytestmark = pytest.mark.django_db

PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX dcatde: <http://dcat-ap.de/def/dcatde/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""


@pytest.fixture
def w(world):
    world.m.ags = "05562016"
    world.m.save()
    return add_public_kinds(world)


def _graph(api):
    response = api("municipalities/herten/dcat.jsonld")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    return rdflib.Graph().parse(data=response.content, format="json-ld"), response


def test_the_catalogue_is_dcat_ap_de_with_a_dataset_and_csv_per_kind(w, api):
    graph, _response = _graph(api)
    catalog = list(graph.query(PREFIXES + """
        SELECT ?title ?name ?ags ?licence WHERE {
            ?c a dcat:Catalog ; dct:title ?title ; dct:description ?d ; dct:modified ?mod ;
               dct:license ?licence ; dct:publisher ?p .
            ?p a foaf:Organization ; foaf:name ?name ; dct:identifier ?ags .
        }"""))
    assert [(str(t), str(n), str(a), str(lic)) for t, n, a, lic in catalog] == [(
        "Offene Daten zur Integration – Herten", "Herten", "05562016", "http://dcat-ap.de/def/licenses/cc-by/4.0")]
    rows = graph.query(PREFIXES + """
        SELECT ?id ?download ?licence ?format ?geo ?level ?attribution WHERE {
            ?c a dcat:Catalog ; dcat:dataset ?ds .
            ?ds a dcat:Dataset ; dct:identifier ?id ; dct:title ?t ; dct:description ?desc ; dct:publisher ?p ;
                dct:modified ?m ; dcat:theme ?theme ; dcatde:politicalGeocodingURI ?geo ;
                dcatde:politicalGeocodingLevelURI ?level ; dcat:distribution ?dist .
            ?dist a dcat:Distribution ; dcat:accessURL ?access ; dcat:downloadURL ?download ;
                  dct:license ?licence ; dct:format ?format ; dcatde:licenseAttributionByText ?attribution .
        }""")
    found = {str(row.id).rsplit("/", 1)[1]: row for row in rows}
    assert set(found) == {"offers", "measures", "indicators", "events"}
    offers = found["offers"]
    assert str(offers.download) == "http://testserver/api/v1/municipalities/herten/datasets/offers.csv"
    assert str(offers.licence) == "http://dcat-ap.de/def/licenses/cc-by/4.0"
    assert str(offers.format) == "http://publications.europa.eu/resource/authority/file-type/CSV"
    assert str(offers.geo) == "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05562016"
    assert str(offers.level) == "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
    assert str(offers.attribution) == "Herten"


def test_the_catalogue_follows_the_municipalitys_licence_and_contributor(w, api):
    OpenDataSettings.objects.create(municipality=w.m, licence="dl-zero-de/2.0",
                                    contributor_id="http://dcat-ap.de/def/contributors/openNRW")
    graph, _response = _graph(api)
    licences = {str(x) for x in graph.objects(None, rdflib.URIRef("http://purl.org/dc/terms/license"))}
    assert licences == {"http://dcat-ap.de/def/licenses/dl-zero-de/2.0"}
    contributors = {str(x) for x in graph.objects(None, rdflib.URIRef("http://dcat-ap.de/def/dcatde/contributorID"))}
    assert contributors == {"http://dcat-ap.de/def/contributors/openNRW"}
    # Zero licences ask for no attribution.
    assert not list(graph.objects(None, rdflib.URIRef("http://dcat-ap.de/def/dcatde/licenseAttributionByText")))


def _csv(api, name):
    response = api(f"municipalities/herten/datasets/{name}.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")     # the BOM, for Excel
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))), response


def test_each_dataset_is_a_csv_with_a_header_and_one_row_per_object(w, api):
    offers, _r = _csv(api, "offers")
    assert offers[0][:3] == ["external_id", "title", "description"]
    assert [row[0] for row in offers[1:]] == ["A-1", "A-2", "A-3", "A-4", "A-traeger"]
    measures, _r = _csv(api, "measures")
    assert sorted(row[0] for row in measures[1:]) == ["M-1", "M-2", "M-alt"]
    events, _r = _csv(api, "events")
    header = events[0]
    assert [(row[header.index("title")], row[header.index("free_places")]) for row in events[1:]] == [
        ("Integrationskonferenz", "1"), ("Arbeitskreis Arbeit", "")]
    indicators, _r = _csv(api, "indicators")
    assert indicators[1:] == [["kursquote", "Kursteilnahme", "%", "higher", "2023", "", "", "", "20"],
                              ["kursquote", "Kursteilnahme", "%", "higher", "2023", "nord", "Herten-Nord", "", "25.5"]]
    assert api("municipalities/herten/datasets/ideen.csv").status_code == 404


def test_nothing_personal_or_internal_is_in_any_open_data(w, api):
    _graph_, catalogue = _graph(api)
    bodies = [catalogue.content.decode()]
    for name in ("offers", "measures", "indicators", "events"):
        bodies.append(_csv(api, name)[1].content.decode("utf-8-sig"))
    for body in bodies:
        for secret in (SECRET_NAME, SECRET_EMAIL, ATTENDEE_NAME, ATTENDEE_EMAIL, "geheimquote", "987.654",
                       "Interne Maßnahme", "Unveröffentlichter Kurs", "Interne Runde", "Geheime Person"):
            assert secret not in body


def test_the_open_data_answer_conditional_requests(w, api):
    for path in ("dcat.jsonld", "datasets/events.csv"):
        first = api(f"municipalities/herten/{path}")
        assert api(f"municipalities/herten/{path}", headers={"If-None-Match": first["ETag"]}).status_code == 304
