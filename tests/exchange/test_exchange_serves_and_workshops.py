"""A Kreis's offers with the towns they serve, and the translations of workshop titles, in
the exchange format (docs/exchange-format.md)."""
import copy

import pytest
from jsonschema import Draft202012Validator

from teilhabe.demo.load import split_towns_named
from teilhabe.exchange.exporter import export_municipality
from teilhabe.exchange.importer import ExchangeError, import_document
from teilhabe.exchange.validate import schema
from teilhabe.municipalities.models import Municipality
from teilhabe.offers.models import Offer
from teilhabe.participation.models import Workshop
from teilhabe.translations.models import Translation
from teilhabe.translations.texts import save_texts
from tests import builders as b
from tests.participation import builders as pb

pytestmark = pytest.mark.django_db


@pytest.fixture
def kreis():
    kreis = b.municipality("kreis-me", kind="kreis")
    hilden, haan = b.municipality("hilden", parent=kreis), b.municipality("haan", parent=kreis)
    b.municipality("ratingen", parent=kreis)
    komm_in = b.actor(kreis, "komm-in")
    b.offer(kreis, komm_in, "K-1", title="Willkommensberatung").serves.set([hilden, haan])
    b.offer(kreis, komm_in, "K-2", title="Sprachkurs")
    b.offer(hilden, b.actor(hilden, "verein"), "H-1")
    return kreis


def _offer(document, external_id):
    return next(o for o in document["offers"] if o["external_id"] == external_id)


def test_a_kreis_offers_towns_round_trip_after_the_towns(kreis):
    exported = export_municipality(kreis)
    _offer(exported, "K-1")["title"]["en"] = "Welcome advice"
    _offer(exported, "K-1")["outdated_translations"] = ["en"]
    assert (_offer(exported, "K-1")["serves"], _offer(exported, "K-2")["serves"]) == (["haan", "hilden"], [])
    assert "serves" not in export_municipality(Municipality.objects.get(slug="hilden"))["offers"][0]
    assert list(Draft202012Validator(schema()).iter_errors(exported)) == []
    Offer.objects.filter(municipality=kreis).delete()

    first, later = split_towns_named(exported)
    import_document(first)
    assert not Offer.objects.get(external_id="K-1").serves.exists()  # meanwhile: every town
    import_document(later)

    assert sorted(Offer.objects.get(external_id="K-1").serves.values_list("slug", flat=True)) == ["haan", "hilden"]
    assert export_municipality(kreis) == exported


def test_it_names_a_town_it_does_not_know_or_of_another_kreis_and_a_towns_offer_serving_any(kreis):
    b.municipality("herne")
    document = export_municipality(kreis)
    _offer(document, "K-2")["serves"] = ["ratingen", "mettmann", "herne"]
    town = export_municipality(Municipality.objects.get(slug="hilden"))
    town["offers"][0]["serves"] = ["haan"]

    with pytest.raises(ExchangeError) as caught:
        import_document(document)
    with pytest.raises(ExchangeError) as caught_town:
        import_document(town)

    assert caught.value.errors == [
        "$.offers[1].serves[1]: keine andere Stadt des Kreises in dieser Datenbank: 'mettmann' "
        "(zuerst ihr Dokument importieren)",
        "$.offers[1].serves[2]: 'herne' ist keine Stadt oder Gemeinde dieses Kreises",
    ]
    assert caught_town.value.errors == [
        "$.offers[0].serves: Nur das Angebot eines Kreises nennt die Städte und Gemeinden, für die es ist."]
    assert not Offer.objects.get(external_id="K-2").serves.exists()


def test_workshop_titles_translations_round_trip_with_their_outdated_state():
    m = pb.town("lindenau")
    event, other = pb.event(m, title="Integrationskonferenz"), pb.event(m, title="Fachtag")
    Workshop.objects.create(event=event, title="Arbeit", position=5)
    sprache = Workshop.objects.create(event=event, title="Sprache", position=0)
    save_texts(Workshop.objects.create(event=other, title="Wohnen"), "en", {"title": "Housing"})
    save_texts(sprache, "ar", {"title": "اللغة"})
    sprache.title = "Sprache und Bildung"  # after translating: the Arabic is outdated
    sprache.save()
    exported = export_municipality(m)

    workshops = [t for t in exported["content_translations"] if t["kind"] == "workshop"]
    assert sorted((t["object"]["event"], t["object"]["workshop"], t["language"], t["outdated"])
                  for t in workshops) == sorted([(str(event.uid), 0, "ar", True), (str(other.uid), 0, "en", False)])
    assert next(t for t in workshops if t["outdated"])["source"] == "Sprache"
    m.delete()
    assert not Translation.objects.exists()

    import_document(exported)

    assert export_municipality(Municipality.objects.get(slug="lindenau")) == exported
    bad = copy.deepcopy(exported)
    at = bad["content_translations"].index(next(t for t in bad["content_translations"] if t["kind"] == "workshop"))
    bad["content_translations"][at]["object"]["workshop"] = 3
    with pytest.raises(ExchangeError) as caught:
        import_document(bad)
    key = bad["content_translations"][at]["object"]["event"]
    assert caught.value.errors == [f"$.content_translations[{at}].object: unbekanntes Objekt event {key}, workshop 3"]
