"""The lexical search: German inflection, compounds, umlaut spellings, typos, snippets,
facets, and what is never shown. No embeddings here (none are computed), so these results
are purely lexical and identical on SQLite and PostgreSQL."""
import pytest

from teilhabe.offers.models import OfferTranslation
from teilhabe.municipalities.models import Language
from teilhabe.search import search_offers, search_site
from teilhabe.search.index import refresh_municipality
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    m = b.municipality("suchstadt")
    provider = b.actor(m, name="Sprachschule Glückauf")
    c = b.concept(m)
    sprache = b.field(c, "sprache", "Sprache und Bildung")
    arbeit = b.field(c, "arbeit", "Arbeit")
    frauen = b.target_group(m, "frauen", de="Frauen", en="Women")
    vaeter = b.target_group(m, "vaeter", de="Väter", en="Fathers")
    nord = b.district(m, "nord", "Nord")
    sued = b.district(m, "sued", "Süd")
    offers = {
        "mothers": b.offer(m, provider, "A-1", title="Deutschkurs für Mütter", field=sprache,
                           description="Deutsch lernen in kleiner Gruppe, die Kinder werden betreut."),
        "course": b.offer(m, provider, "A-2", title="Kurs in Deutsch für den Beruf", field=arbeit,
                          description="Berufsbezogene Sprachförderung am Abend."),
        "fathers": b.offer(m, provider, "A-3", title="Vätertreff", field=None,
                           description="Väter sprechen über Erziehung. Treffpunkt: Bahnhofstraße 4."),
        "language": b.offer(m, provider, "A-4", title="Sprachkurse für Neuzugewanderte", field=sprache,
                            description="Integrationskurse mit Kinderbetreuung."),
        "advice": b.offer(m, provider, "A-5", title="Beratung zu Wohnen und Miete", field=arbeit,
                          description="Hilfe bei der Wohnungssuche und bei Mietverträgen."),
        "hidden": b.offer(m, provider, "A-6", title="Geheimer Sprachkurs", field=sprache,
                          description="Deutsch für Fortgeschrittene", is_published=False),
    }
    offers["mothers"].target_groups.set([frauen])
    offers["mothers"].districts.set([nord])
    offers["language"].target_groups.set([frauen])
    offers["language"].districts.set([sued])
    offers["fathers"].target_groups.set([vaeter])
    offers["mothers"].languages.set(Language.objects.filter(code__in=["de", "ar"]))
    offers["course"].languages.set(Language.objects.filter(code__in=["de"]))
    refresh_municipality(m)
    return m, offers, {"sprache": sprache, "arbeit": arbeit, "frauen": frauen, "nord": nord}


def ids(result):
    return [hit.offer_id for hit in result.hits]


def search(m, query, **kw):
    return search_offers(municipality=m, query=query, **kw)


def test_it_finds_inflected_forms(town):
    m, offers, _ = town
    assert ids(search(m, "Müttern")) == [offers["mothers"].pk]
    assert offers["language"].pk in ids(search(m, "Sprachkurs"))  # "Sprachkurse" in the title


def test_it_finds_compounds_from_their_parts(town):
    m, offers, _ = town
    found = ids(search(m, "Sprache"))
    assert offers["language"].pk in found          # Sprachkurse
    assert offers["course"].pk in found            # Sprachförderung


def test_it_finds_the_parts_of_a_compound_query(town):
    m, offers, _ = town
    found = ids(search(m, "Deutschkurs"))
    assert found[0] == offers["mothers"].pk        # the word itself first
    assert offers["course"].pk in found            # "Kurs in Deutsch"


def test_it_reads_umlaut_and_sharp_s_spellings_alike(town):
    m, offers, _ = town
    assert ids(search(m, "Vaeter")) == [offers["fathers"].pk]
    assert ids(search(m, "Vätern")) == [offers["fathers"].pk]
    assert ids(search(m, "Bahnhofstrasse")) == [offers["fathers"].pk]
    assert ids(search(m, "Muetter"))[0] == offers["mothers"].pk


def test_it_forgives_typos_and_says_what_it_read(town):
    m, offers, _ = town
    result = search(m, "Beratnug")
    assert ids(result) == [offers["advice"].pk]
    assert result.suggestion == "beratung"
    assert ids(search(m, "Wohnungsuche")) == [offers["advice"].pk]


def test_it_finds_nothing_for_nonsense(town):
    m, _, _ = town
    result = search(m, "xyzzy")
    assert result.count == 0 and result.hits == []


def test_it_never_returns_unpublished_offers(town):
    m, offers, _ = town
    assert offers["hidden"].pk not in ids(search(m, "Geheimer Sprachkurs"))
    assert offers["hidden"].pk not in ids(search(m, ""))
    everything = search(m, "", limit=100)
    assert everything.count == 5


def test_it_lists_everything_by_title_for_an_empty_query(town):
    m, offers, _ = town
    result = search(m, "", limit=3, offset=1)
    assert result.count == 5
    assert ids(result) == [offers["mothers"].pk, offers["course"].pk, offers["language"].pk]
    assert [hit.rank for hit in result.hits] == [2, 3, 4]


def test_it_counts_facets_over_the_matching_offers(town):
    m, offers, v = town
    result = search(m, "Deutsch")
    assert set(ids(result)) == {offers["mothers"].pk, offers["course"].pk}
    assert result.facets["field_of_action"] == {v["sprache"].pk: 1, v["arbeit"].pk: 1}
    assert result.facets["target_group"] == {v["frauen"].pk: 1}
    assert result.facets["district"] == {v["nord"].pk: 1}
    assert result.facets["language"] == {"de": 2, "ar": 1}
    everything = search(m, "")
    assert everything.facets["field_of_action"] == {v["sprache"].pk: 2, v["arbeit"].pk: 2}
    assert everything.facets["target_group"] == {v["frauen"].pk: 2, everything_key(everything): 1}


def everything_key(result):
    return next(k for k, n in result.facets["target_group"].items() if n == 1)


def test_it_filters_by_facets(town):
    m, offers, v = town
    assert ids(search(m, "", filters={"target_group": v["frauen"].pk})) == [
        offers["mothers"].pk, offers["language"].pk]
    assert ids(search(m, "Deutsch", filters={"field_of_action": [v["arbeit"].pk]})) == [offers["course"].pk]
    assert ids(search(m, "Deutsch", filters={"language": "ar"})) == [offers["mothers"].pk]
    assert search(m, "Deutsch", filters={"district": 999999}).count == 0
    with pytest.raises(ValueError):
        search(m, "Deutsch", filters={"colour": "blue"})


def test_it_highlights_matching_words_and_escapes_the_rest(town):
    m, offers, _ = town
    offer = offers["advice"]
    offer.description = 'Hilfe <script>alert("x")</script> bei der Wohnungssuche & mehr.'
    offer.save()
    refresh_municipality(m)
    hit = search(m, "Wohnungssuche").hits[0]
    assert ("Wohnungssuche", True) in hit.snippet
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>Wohnungssuche</mark>" in hit.snippet_html
    assert "&amp; mehr" in hit.snippet_html


def test_it_searches_translations_and_says_which_language_matched(town):
    m, offers, _ = town
    OfferTranslation.objects.create(offer=offers["advice"], language=Language.objects.get(code="en"),
                                    title="Housing advice", description="Help with finding a flat.",
                                    source_revision=offers["advice"].text_revision)
    refresh_municipality(m)
    hit = search(m, "housing").hits[0]
    assert hit.offer_id == offers["advice"].pk
    assert hit.matched_language == "en"
    assert ("Housing", True) in hit.title
    # The German text is still what a German query finds.
    assert search(m, "Wohnen").hits[0].matched_language == "de"


def test_it_finds_offers_by_target_group_and_provider(town):
    m, offers, _ = town
    assert ids(search(m, "Fathers")) == [offers["fathers"].pk]
    assert set(ids(search(m, "Glückauf"))) == {o.pk for k, o in offers.items() if k != "hidden"}


def test_it_keeps_municipalities_apart_unless_asked_for_all(town):
    m, offers, _ = town
    other = b.municipality("anderstadt")
    foreign = b.offer(other, b.actor(other), "B-1", title="Deutschkurs am Morgen")
    refresh_municipality(other)
    assert foreign.pk not in ids(search(m, "Deutschkurs"))
    assert foreign.pk in ids(search_offers(query="Deutschkurs", limit=50))
    assert offers["mothers"].pk in ids(search_offers(query="Deutschkurs", limit=50))


def test_it_searches_measures_actors_and_concept_pages(town):
    m, _, v = town
    concept = v["sprache"].concept
    b.goal(concept, "lesen", title="Alle Kinder lesen gut")
    b.measure(concept, "M-1", title="Lesepaten an Grundschulen")
    b.measure(concept, "M-2", title="Interne Lesestrategie", is_public=False)
    b.actor(m, "verein", name="Leseverein Nord")
    hidden = b.actor(m, "geheim", name="Leseclub Geheim")
    hidden.is_published = False
    hidden.save()
    refresh_municipality(m)
    kinds = {(hit.kind, hit.title[0][0] if hit.title else "") for hit in
             search_site(municipality=m, query="lesen").hits}
    titles = {"".join(t for t, _ in hit.title) for hit in search_site(municipality=m, query="lesen").hits}
    assert "Lesepaten an Grundschulen" in titles
    assert "Alle Kinder lesen gut" in titles
    assert "Leseverein Nord" in titles
    assert "Interne Lesestrategie" not in titles
    assert "Leseclub Geheim" not in titles
    assert {k for k, _ in kinds} == {"measure", "goal", "actor"}
    assert search_site(municipality=m, query="Sprache und Bildung").hits[0].kind == "field"


def test_it_ranks_and_scores_the_same_on_every_database(town):
    # The index holds analysed terms and the scores are computed in Python: these pinned
    # figures hold on SQLite and PostgreSQL alike (the suite runs on both).
    m, offers, _ = town
    result = search(m, "Deutschkurs Kinder", mode="lexical")
    pinned = [(hit.offer_id, round(hit.score, 3)) for hit in result.hits]
    assert pinned == [(offers["mothers"].pk, 3.478), (offers["course"].pk, 1.754),
                      (offers["language"].pk, 1.284)]


def test_it_finds_guidelines_and_the_concept_of_the_current_version_only(town):
    m, _, v = town
    current = v["sprache"].concept
    current.guidelines.create(title="Teilhabe für alle", body="<p>Wir wollen <b>Chancengleichheit</b>.</p>")
    old = b.concept(m, status="draft", title="Alter Entwurf")
    old.version = 0
    old.save()
    old.guidelines.create(title="Veraltete Leitlinie", body="<p>Chancengleichheit früher</p>")
    refresh_municipality(m)
    hits = search_site(municipality=m, query="Chancengleichheit").hits
    assert [(h.kind, h.object_id) for h in hits] == [("guideline", current.guidelines.get().pk)]
    assert "<mark>Chancengleichheit</mark>" in hits[0].snippet_html
