"""A municipality's open data catalogue in DCAT-AP.de 2.x (JSON-LD): one dcat:Catalog with a
dcat:Dataset per dataset of opendata/datasets.py, each with its CSV as dcat:Distribution.
Vocabularies as DCAT-AP.de's Konventionenhandbuch asks: licences from
http://dcat-ap.de/def/licenses/, the place as dcatde:politicalGeocodingURI from the AGS,
themes, file types, languages and access rights from the EU's authority tables."""
import datetime

from django.utils.translation import gettext as _, override

from teilhabe.opendata.datasets import DATASETS

DCATDE = "http://dcat-ap.de/def/dcatde/"
EU = "http://publications.europa.eu/resource/authority/"
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "dcatde": DCATDE,
    "foaf": "http://xmlns.com/foaf/0.1/", "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# Data themes (EU vocabulary): everything here is about society; measures and indicators
# are also the municipality's own work.
THEMES = {"offers": ["SOCI"], "measures": ["SOCI", "GOVE"], "indicators": ["SOCI", "GOVE"], "events": ["SOCI"]}


def _id(uri):
    return {"@id": uri}


def _text(value):
    return {"@value": str(value), "@language": "de"}


def _moment(value):
    value = value or datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    stamp = value.astimezone(datetime.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {"@value": stamp, "@type": "xsd:dateTime"}


def geocoding(m):
    """(dcatde:politicalGeocodingURI, …LevelURI) from the AGS, or (None, None) without one:
    eight digits name a municipality, five a Kreis."""
    if len(m.ags) == 8:
        return GEOCODING + "municipalityKey/" + m.ags, GEOCODING + "Level/municipality"
    if len(m.ags) == 5:
        return GEOCODING + "districtKey/" + m.ags, GEOCODING + "Level/administrativeDistrict"
    return None, None


def catalogue(request, m, settings):
    """The JSON-LD document and the newest change in it."""
    base = request.build_absolute_uri(f"/api/v1/municipalities/{m.slug}")
    portal = request.build_absolute_uri(f"/{m.slug}/")
    publisher_id = portal + "#organisation"
    geocode, level = geocoding(m)
    with override("de"):   # the catalogue speaks German (its literals are tagged @language de)
        publisher = {"@id": publisher_id, "@type": ["foaf:Organization", "foaf:Agent"], "foaf:name": m.name,
                     "foaf:homepage": _id(portal)}
        if m.ags:
            publisher["dct:identifier"] = m.ags
        graph, datasets, newest = [publisher], [], None
        contact = None
        if m.office_email or m.office_name:
            contact = {"@type": "vcard:Organization", "vcard:fn": m.office_name or m.name}
            if m.office_email:
                contact["vcard:hasEmail"] = _id("mailto:" + m.office_email)
        for name, dataset in DATASETS.items():
            modified = dataset.modified(m)
            newest = max(filter(None, (newest, modified)), default=None)
            csv_url = f"{base}/datasets/{name}.csv"
            distribution = {
                "@id": csv_url + "#distribution", "@type": "dcat:Distribution",
                "dct:title": _text(_("%(dataset)s (CSV)") % {"dataset": dataset.title}),
                "dcat:accessURL": _id(csv_url), "dcat:downloadURL": _id(csv_url),
                "dct:format": _id(EU + "file-type/CSV"),
                "dcat:mediaType": _id("https://www.iana.org/assignments/media-types/text/csv"),
                "dct:license": _id(settings.licence_uri), "dct:modified": _moment(modified),
            }
            if settings.needs_attribution:
                distribution["dcatde:licenseAttributionByText"] = _text(m.name)
            item = {
                "@id": f"{base}/datasets/{name}", "@type": "dcat:Dataset",
                "dct:identifier": f"{base}/datasets/{name}",
                "dct:title": _text(f"{dataset.title} – {m.name}"), "dct:description": _text(dataset.description),
                "dct:publisher": _id(publisher_id), "dct:modified": _moment(modified),
                "dct:accessRights": _id(EU + "access-right/PUBLIC"),
                "dct:language": _id(EU + "language/DEU"),
                "dcat:theme": [_id(EU + "data-theme/" + t) for t in THEMES[name]],
                "dcat:keyword": [_text(_("Integration")), _text(dataset.title)],
                "dcat:landingPage": _id(portal),
                "dcat:distribution": _id(distribution["@id"]),
            }
            if contact:
                item["dcat:contactPoint"] = contact
            if geocode:
                item.update({"dcatde:politicalGeocodingURI": _id(geocode),
                             "dcatde:politicalGeocodingLevelURI": _id(level), "dct:spatial": _id(geocode)})
            if settings.contributor_id:
                item["dcatde:contributorID"] = _id(settings.contributor_id)
            datasets.append(item)
            graph.extend([item, distribution])
        catalog = {
            "@id": f"{base}/dcat.jsonld", "@type": "dcat:Catalog",
            "dct:title": _text(_("Offene Daten zur Integration – %(name)s") % {"name": m.name}),
            "dct:description": _text(_("Angebote, Maßnahmen, Indikatoren und Veranstaltungen aus dem "
                                       "Integrationskonzept von %(name)s.") % {"name": m.name}),
            "dct:publisher": _id(publisher_id), "dct:license": _id(settings.licence_uri),
            "dct:language": _id(EU + "language/DEU"), "foaf:homepage": _id(portal),
            "dct:modified": _moment(newest), "dcat:themeTaxonomy": _id(EU + "data-theme"),
            "dcat:dataset": [_id(d["@id"]) for d in datasets],
        }
        if geocode:
            catalog["dct:spatial"] = _id(geocode)
    return {"@context": CONTEXT, "@graph": [catalog, *graph]}, newest
