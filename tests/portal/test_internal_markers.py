"""The portal shows no more than the API (docs/api.md, "what is never shown"): every public
page of the API's world, with the draft field, the draft's and the internal measure and a
status note linked from an offer, an event, a workshop, an idea, a news item and a topic,
carries none of the world's internal markers. Test client, no browser."""
import datetime

from teilhabe.news.models import NewsItem
from teilhabe.offers.models import Offer
from teilhabe.opendata.models import OpenDataSettings
from teilhabe.participation.models import Idea, Workshop
from teilhabe.strategy.models import Measure, MeasureStatusChange
from tests.api.conftest import world  # noqa: F401  (the fixture)
from tests.api.public_kinds import add_public_kinds
from tests.news import builders as news
from tests.portal.test_every_page_browser import PUBLIC, STATUS

MARKERS = ("Geheimes Feld", "geheim-feld", "M-entwurf", "Maßnahme im Entwurf", "Interne Maßnahme", "M-intern",
           "Budget knapp", "Verborgener Träger", "Geheime Person", "geheim@example.org")
# Pages where the world's internal things are linked from, besides PUBLIC's.
MORE = {"offer of a draft's field": "/herten/offers/A-4/", "offer of a public measure": "/herten/offers/A-1/",
        "other measure": "/herten/measures/M-2/", "event calendar": "/herten/events/{event}/event.ics",
        "draft idea": "/herten/ideas/{draft_idea}/", "draft idea status": "/p/i/{draft_idea_token}/",
        "news of a draft": "/herten/news/{draft_news}/", "news list": "/herten/news/",
        "field": "/herten/fields/sprache/", "goal": "/herten/goals/deutsch-lernen/",
        "work field": "/herten/fields/arbeit/", "actor of a draft's offer": "/herten/actors/vhs/",
        "association": "/herten/actors/verein/", "offers of the field": "/herten/offers/?field=sprache",
        "offers search": "/herten/offers/?q=Entwurfsfeld", "site search": "/herten/search/?q=Angebot",
        "feed": "/herten/news/feed.atom", "events feed": "/herten/events.ics"}
SKIPPED = {"council", "meetings", "meeting", "papers", "paper", "courses", "course", "kreis", "kreis offers",
           "too many"}  # the council's and the Kreis's pages show nothing of the town's concept


def test_no_public_page_shows_what_the_api_keeps_internal(client, world):  # noqa: F811
    w = world
    add_public_kinds(w)
    # The API names an unpublished provider of a public offer (docs/api.md); here the hidden
    # actor is only a measure's partner, which neither may show.
    Offer.objects.filter(pk=w.hidden_provider_offer.pk).update(is_published=False)
    opendata = OpenDataSettings.of(w.m)
    opendata.transparency_page = True
    opendata.save()
    # A draft measure marked public still belongs to a draft: is_public alone is not enough.
    Measure.objects.filter(pk=w.draft_measure.pk).update(is_public=True)
    MeasureStatusChange.objects.create(measure=w.measure, from_status="running", to_status="running",
                                       changed_on=datetime.date(2023, 1, 1), note="Budget knapp, Träger intern")
    Workshop.objects.create(event=w.conference, title="Tisch Entwurf", field=w.draft_field, capacity=2)
    w.topic.offers.add(w.draft_field_offer)
    draft_idea = Idea.objects.create(municipality=w.m, title="Idee zum Entwurf", description="Aus dem Entwurf.",
                                     field=w.draft_field, measure=w.internal_measure, status=Idea.Status.PUBLISHED,
                                     submitter_name="Jemand", submitter_email="jemand@example.org")
    item = news.item(w.m)
    draft_news = news.item(w.m, title="Neues aus dem Entwurf")
    draft_news.fields.set([w.draft_field, w.language_field])
    draft_news.measures.set([w.draft_measure, w.internal_measure, w.measure])
    assert NewsItem.objects.public().filter(pk=draft_news.pk).exists()
    keys = {"event": w.conference.pk, "registration": w.conference.registrations.first().token,
            "idea": w.idea.pk, "idea_token": w.idea.token, "news": item.pk, "draft_news": draft_news.pk,
            "draft_idea": draft_idea.pk, "draft_idea_token": draft_idea.token}
    problems = []
    for name, path in {**PUBLIC, **MORE}.items():
        if name in SKIPPED:
            continue
        url = path.format(**keys)
        response = client.get(url)
        if response.status_code != STATUS.get(name, 200):
            problems.append(f"{name} {url}: HTTP {response.status_code}")
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        problems += [f"{name} {url}: {marker!r}" for marker in MARKERS if marker in text]
    assert not problems, "\n".join(problems)
