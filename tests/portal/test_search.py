"""The offer directory and the site search as a visitor uses them."""
import pytest
from django.urls import reverse

from teilhabe.municipalities.models import Language
from tests import builders as b


@pytest.fixture
def town(db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    concept = b.concept(town)
    sprache, arbeit = b.field(concept, "sprache", "Sprachförderung"), b.field(concept, "arbeit", "Arbeit")
    altstadt, nord = b.district(town, "altstadt", "Altstadt"), b.district(town, "nord", "Nord")
    vaeter = b.target_group(town, "vaeter", de="Väter")
    provider = b.actor(town, "verein", name="Nachbarschaftsverein")
    rows = [("O-1", "Sprachkurs für Mütter", sprache, altstadt, ["de", "tr"]),
            ("O-2", "Deutschkurs am Abend", sprache, nord, ["de"]),
            ("O-3", "Bewerbungstraining", arbeit, nord, ["de", "ar"]),
            ("O-4", "Väterfrühstück in der Altstadt", sprache, altstadt, ["de"])]
    for external_id, title, field, district, languages in rows:
        offer = b.offer(town, provider, external_id, title=title, field=field,
                        description=f"{title}: Treffpunkt an der Hauptstraße, <b>offen</b> für alle.")
        offer.districts.add(district)
        offer.languages.set(Language.objects.filter(code__in=languages))
    town.offers.get(external_id="O-4").target_groups.add(vaeter)
    measure = b.measure(concept, "M-1", title="Sprachförderung in Kitas", status="running")
    measure.fields.add(sprache)
    b.offer(town, provider, "O-HIDDEN", title="Sprachkurs (noch geheim)", is_published=False)
    return town


def directory(client, **params):
    return client.get(reverse("portal:offers", args=["lindenau"]), params)


def titles(page):
    return [offer.title for offer, _texts, _hit in page.context["rows"]]


def test_it_finds_compounds_from_their_parts(client, town):
    assert "Sprachkurs für Mütter" in titles(directory(client, q="Sprache"))


def test_it_finds_umlaut_spellings_and_never_unpublished_offers(client, town):
    page = directory(client, q="Vaeter")
    assert titles(page)[0] == "Väterfrühstück in der Altstadt"
    assert "Sprachkurs (noch geheim)" not in titles(directory(client, q="Sprachkurs"))


def test_it_highlights_matches_and_escapes_the_offers_text(client, town):
    html = directory(client, q="Bewerbung").content.decode()
    assert "<mark>" in html
    assert "<b>offen</b>" not in html and "&lt;b&gt;offen&lt;/b&gt;" in html


def test_it_counts_filters_over_the_matching_offers(client, town):
    page = directory(client, q="kurs")
    district = next(f for f in page.context["facets"] if f["name"] == "district")
    assert {key: n for key, _label, n in district["options"]} == {"altstadt": 1, "nord": 1}
    page = directory(client, q="kurs", district="nord")
    assert titles(page) == ["Deutschkurs am Abend"]
    district = next(f for f in page.context["facets"] if f["name"] == "district")
    # The chosen filter still shows the other choice, so one can switch.
    assert {key: n for key, _label, n in district["options"]} == {"altstadt": 1, "nord": 1}


def test_it_filters_by_language_offered_without_a_query(client, town):
    assert titles(directory(client, language="ar")) == ["Bewerbungstraining"]


@pytest.mark.parametrize("params", [{"district": "mars"}, {"page": "abc"}, {"page": "999"}, {"q": "x" * 5000},
                                    {"language": "<script>"}, {"field": ""}])
def test_it_answers_odd_parameters_calmly(client, town, params):
    assert directory(client, **params).status_code == 200


def test_it_helps_when_nothing_matches(client, town):
    page = directory(client, q="Quantenphysik")
    html = page.content.decode()
    assert page.context["count"] == 0
    assert "Nichts gefunden" in html and "Kontakt" in html


def test_it_finds_measures_in_the_site_search(client, town):
    page = client.get(reverse("portal:search", args=["lindenau"]), {"q": "Kitas"})
    urls = [url for _hit, url, _label in page.context["pages"]]
    assert reverse("portal:measure", args=["lindenau", "M-1"]) in urls


def test_it_suggests_the_whole_query_with_the_typo_corrected(client, town):
    page = directory(client, q="Sprachkrus Nord")
    assert page.context["suggestion"] == "Sprachkurs Nord"
    assert "Sprachkurs für Mütter" in titles(page)
