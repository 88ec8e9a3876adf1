"""What the public sees of news: published items on the list, the item's page, the Atom
feed (read by a real feed parser), the home page, the linked event, measure and field
pages and the API; drafts and items scheduled for later in none of them; a scheduled
item appears at its time without anyone acting, cached pages included; translations with
their German fallback and outdated note; the press contact's name only with consent."""
import datetime

import feedparser
import pytest
from django.utils import timezone

from teilhabe.jobs import run_job, claim_next
from teilhabe.jobs.models import Job
from teilhabe.municipalities.models import Language
from teilhabe.news import actions
from teilhabe.news.models import NewsItem
from tests import builders as b
from tests.news import builders as nb
from tests.participation import builders as pb

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    m = pb.town("lindenau")
    concept = m.concepts.get()
    field = concept.fields.get(key="sprache")
    measure = b.measure(concept, "M-1", title="Sprachcafé")
    event = pb.event(m, title="Integrationskonferenz")
    public = nb.item(m, "Konferenz war ein Erfolg", date=datetime.date(2024, 5, 2))
    actions.save_item(public, links={"events": [event], "measures": [measure], "fields": [field]})
    draft = nb.item(m, "Geheimer Entwurf", status="draft", teaser="Noch nicht freigegeben")
    actions.save_item(draft, links={"events": [event], "measures": [measure], "fields": [field]})
    later = nb.item(m, "Kommt erst morgen", publish_at=timezone.now() + datetime.timedelta(days=1))
    actions.save_item(later, links={"events": [event]})
    return {"m": m, "public": public, "draft": draft, "later": later, "event": event, "measure": measure,
            "field": field}


def _hidden(text):
    return "Geheimer Entwurf" not in text and "Kommt erst morgen" not in text


def test_drafts_and_items_scheduled_for_later_are_in_no_public_output(client, world):
    """Per output: list, item page, feed, API, home page, the linked pages, the files."""
    m, draft, later = world["m"], world["draft"], world["later"]
    pages = [f"/{m.slug}/news/", f"/{m.slug}/", f"/{m.slug}/news/feed.atom",
             f"/api/v1/municipalities/{m.slug}/news",
             f"/{m.slug}/events/{world['event'].pk}/", f"/{m.slug}/measures/M-1/", f"/{m.slug}/fields/sprache/"]
    for path in pages:
        response = client.get(path)
        text = response.content.decode()
        assert response.status_code == 200, path
        assert "Konferenz war ein Erfolg" in text, path
        assert _hidden(text), path
    for item in (draft, later):
        assert client.get(f"/{m.slug}/news/{item.pk}/").status_code == 404
    picture = nb.picture(draft)
    assert client.get(f"/{m.slug}/news/pictures/{picture.pk}/480.webp").status_code == 404
    # Signed-in people without the right to read the news are refused as visitors are.
    for user in (b.user(role="actor_editor", municipality=m, actor=b.actor(m)), b.user(),
                 b.user(role="coordinator", municipality=b.municipality())):
        client.force_login(user)
        assert client.get(f"/{m.slug}/news/pictures/{picture.pk}/480.webp").status_code == 404
    # The coordinator's preview gets it, kept by no cache.
    client.force_login(b.user(role="coordinator", municipality=m))
    response = client.get(f"/{m.slug}/news/pictures/{picture.pk}/480.webp")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def _run_due_news_jobs():
    # Only news.appear: the page-warming and embedding jobs are others' business.
    Job.objects.exclude(name="news.appear").delete()
    while (job := claim_next()) is not None:
        run_job(job)


def test_a_scheduled_item_appears_at_its_time_without_anyone_acting_cached_pages_included(client, world):
    m, later = world["m"], world["later"]
    assert Job.objects.filter(name="news.appear", run_after=later.publish_at).exists()
    for path in (f"/{m.slug}/news/", f"/{m.slug}/news/feed.atom"):
        assert "Kommt erst morgen" not in client.get(path).content.decode()  # now in the page cache
    # The time comes (the clock moves past publish_at; nothing is saved, no signal is sent) …
    moment = timezone.now() - datetime.timedelta(seconds=1)
    NewsItem.objects.filter(pk=later.pk).update(publish_at=moment)
    Job.objects.filter(name="news.appear").update(run_after=moment)
    assert "Kommt erst morgen" not in client.get(f"/{m.slug}/news/").content.decode()  # the cached copy
    # … and the worker takes the due job: every page shows the item from then on.
    _run_due_news_jobs()
    for path in (f"/{m.slug}/news/", f"/{m.slug}/news/feed.atom", f"/{m.slug}/"):
        assert "Kommt erst morgen" in client.get(path).content.decode(), path
    assert client.get(f"/{m.slug}/news/{later.pk}/").status_code == 200
    # A client of the API asking what changed since before learns of it, though nobody saved it then.
    since = (moment - datetime.timedelta(seconds=1)).isoformat()
    NewsItem.objects.update(modified_at=moment - datetime.timedelta(days=2))  # all saved long ago
    data = client.get(f"/api/v1/municipalities/{m.slug}/news", {"modified_since": since}).json()
    assert [r["title"] for r in data["results"]] == ["Kommt erst morgen"]


def test_the_feed_parses_in_a_real_feed_reader_with_its_entries_and_every_page_announces_it(client, world):
    m = world["m"]
    older = nb.item(m, "Sprachcafé startet", date=datetime.date(2024, 3, 1))
    response = client.get(f"/{m.slug}/news/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Aktuelles – Lindenau"
    assert [e.title for e in feed.entries] == ["Konferenz war ein Erfolg", "Sprachcafé startet"]
    first = feed.entries[0]
    assert first.link == f"http://testserver/{m.slug}/news/{world['public'].pk}/"
    assert first.summary == "Ab Montag berät das Integrationsbüro auch im Stadtteil."
    assert first.published.startswith("2024-05-02T00:00:00")  # the date of the item, Berlin time
    assert older.pk
    # Announced in the head of every portal page of the municipality.
    for path in (f"/{m.slug}/", f"/{m.slug}/offers/", f"/{m.slug}/news/", f"/{m.slug}/concept/",
                 f"/{m.slug}/news/{world['public'].pk}/"):
        head = client.get(path).content.decode().split("</head>")[0]
        assert (f'<link rel="alternate" type="application/atom+xml" href="/{m.slug}/news/feed.atom"' in head), path


def test_it_shows_the_translation_falls_back_to_german_and_says_when_it_is_outdated(client, world):
    m, item = world["m"], world["public"]
    arabic = Language.objects.get(code="ar")
    actions.translate(item, arabic, title="كان المؤتمر ناجحًا", teaser="ملخص")
    page = client.get(f"/{m.slug}/news/{item.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in page and "كان المؤتمر ناجحًا" in page
    # The text has no translation: German, marked as such.
    assert '<div class="text" lang="de" dir="ltr"><p>Die Beratung' in page
    english = client.get(f"/{m.slug}/news/{item.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "not yet available in your language" in english or "noch nicht in Ihrer Sprache" in english
    item.title = "Konferenz war ein großer Erfolg"
    actions.save_item(item)
    page = client.get(f"/{m.slug}/news/{item.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "كان المؤتمر ناجحًا" in page and 'class="note"' in page
    feed = feedparser.parse(client.get(f"/{m.slug}/news/feed.atom", HTTP_ACCEPT_LANGUAGE="ar").content)
    assert feed.entries[0].title == "كان المؤتمر ناجحًا"
    data = client.get(f"/api/v1/municipalities/{m.slug}/news", {"lang": "ar"}).json()["results"][0]
    assert (data["title"], data["title_language"], data["translation_outdated"]) == (
        "كان المؤتمر ناجحًا", "ar", True)
    # ?language= keeps the items translated into it (the translations app's rows).
    listed = {lang: [x["id"] for x in client.get(f"/api/v1/municipalities/{m.slug}/news", {"language": lang})
                     .json()["results"]] for lang in ("ar", "tr")}
    assert listed == {"ar": [item.pk], "tr": []}


def test_the_press_contacts_name_is_public_only_with_consent(client, world):
    m, item = world["m"], world["public"]
    item.press_contact_role, item.press_contact_name = "Pressestelle", "Erika Muster"
    actions.save_item(item)  # without consent the name is not even kept
    item.refresh_from_db()
    assert item.press_contact_name == ""
    item.press_contact_name, item.press_contact_consent = "Erika Muster", True
    actions.save_item(item)
    assert "Erika Muster" in client.get(f"/{m.slug}/news/{item.pk}/").content.decode()
    item.press_contact_consent = False  # consent withdrawn: the name is gone at once
    actions.save_item(item)
    for path in (f"/{m.slug}/news/{item.pk}/", f"/api/v1/municipalities/{m.slug}/news"):
        assert "Erika Muster" not in client.get(path).content.decode(), path
    assert NewsItem.objects.filter(press_contact_name="Erika Muster").count() == 0


def test_the_api_lists_news_paginated_with_etag(client, world):
    m = world["m"]
    for n in range(3):
        nb.item(m, f"Meldung {n}", date=datetime.date(2023, 1, 1 + n))
    url = f"/api/v1/municipalities/{m.slug}/news"
    response = client.get(url, {"page_size": 2})
    data = response.json()
    assert data["count"] == 4 and len(data["results"]) == 2 and data["next"]
    assert data["results"][0]["title"] == "Konferenz war ein Erfolg"
    assert client.get(url, {"page_size": 2}, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(url, {"modified_since": "gestern"}).status_code == 400
    assert client.get("/api/v1/municipalities/nirgendwo/news").status_code == 404


def test_an_api_page_costs_the_same_queries_whatever_it_holds(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    m, arabic = world["m"], Language.objects.get(code="ar")
    url = f"/api/v1/municipalities/{m.slug}/news"

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"lang": "ar"}).status_code == 200
        return len(captured)

    few = queries()
    for n in range(8):
        item = nb.item(m, f"Meldung {n}")
        actions.translate(item, arabic, title=f"خبر {n}")
        actions.save_item(item, links={"events": [world["event"]], "measures": [world["measure"]],
                                       "fields": [world["field"]]})
    assert queries() == few
