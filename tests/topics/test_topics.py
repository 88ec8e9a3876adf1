"""Topics and information texts: defaults for every new municipality, translations that know
when they are outdated, rich text cleaned, offers and events matched by assignment or field
of action."""
import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from teilhabe.participation.models import Event
from teilhabe.topics import actions
from teilhabe.topics.models import Icon, InformationText, Topic
from teilhabe.translations.models import Translation
from tests import builders as b

pytestmark = pytest.mark.django_db
ICONS = Path(__file__).resolve().parents[2] / "teilhabe" / "templates" / "portal" / "topics" / "icons"


def test_it_gives_a_new_municipality_the_default_topics_in_every_portal_language():
    town = b.municipality()
    assert [t.title for t in town.topics.all()] == [
        "Ankommen und Behörden", "Deutsch lernen", "Arbeit und Ausbildung", "Wohnen", "Gesundheit",
        "Kinder und Familie", "Beratung", "Freizeit und Begegnung"]
    for topic in town.topics.all():
        for code in ("en", "ar", "tr", "uk", "ru", "fa"):
            texts = topic.in_language(code)
            assert texts["title"].language == texts["summary"].language == code and not texts["german"]
    assert town.topics.get(key="wohnen").in_language("ar")["title"] == "السكن"
    assert actions.ensure_default_topics(town) == []  # only where there are none


@pytest.mark.django_db(False)
def test_every_icon_is_shipped_and_hidden_from_screen_readers():
    for icon in Icon.values:
        svg = (ICONS / f"{icon}.svg").read_text()
        assert 'aria-hidden="true"' in svg and 'focusable="false"' in svg


def test_a_changed_german_text_makes_its_translations_outdated():
    topic = b.municipality().topics.get(key="wohnen")
    Translation.objects.filter(object_id=topic.pk, field="summary", language="en").delete()
    assert topic.in_language("en")["title"] == "Housing" and not topic.in_language("en")["outdated"]
    topic.position = 9
    topic.save()  # not a text: still up to date
    assert not Topic.objects.get(pk=topic.pk).in_language("en")["outdated"]
    topic.summary = "Neu"
    topic.title = "Wohnen und Miete"
    topic.save()
    texts = Topic.objects.get(pk=topic.pk).in_language("en")
    assert texts["title"] == "Housing" and texts["title"].outdated and texts["outdated"]
    # the summary has no translation: German, and says so
    assert (texts["summary"], texts["summary"].language, texts["german"]) == ("Neu", "de", True)


def test_it_cleans_the_rich_text_of_information_texts():
    topic = b.municipality().topics.first()
    text = InformationText.objects.create(topic=topic, title="Anmelden",
                                          body='<p onclick="x()">Zum <a href="javascript:alert(1)">Amt</a></p><script>x()</script>')
    assert "script" not in text.body and "onclick" not in text.body and "javascript" not in text.body
    assert text.body.startswith("<p>Zum <a")


def test_a_topic_shows_assigned_offers_and_those_of_its_fields_of_action_published_only():
    town = b.municipality()
    concept = b.concept(town)
    work = b.field(concept, "arbeit", "Arbeit")
    provider = b.actor(town)
    assigned = b.offer(town, provider, "O-1", title="Bewerbungstraining")
    by_field = b.offer(town, provider, "O-2", title="Jobbörse", field=work)
    b.offer(town, provider, "O-3", title="Entwurf", field=work, is_published=False)
    b.offer(town, provider, "O-4", title="Anderes")
    topic = town.topics.get(key="arbeit")
    topic.offers.add(assigned)
    assert set(topic.public_offers()) == {assigned}
    topic.field_keys = ["arbeit"]
    topic.save()
    assert set(topic.public_offers()) == {assigned, by_field}
    now = timezone.now()
    soon = Event.objects.create(municipality=town, title="Jobmesse", starts_at=now + datetime.timedelta(days=3))
    soon.fields.add(work)
    past = Event.objects.create(municipality=town, title="Alte Messe", starts_at=now - datetime.timedelta(days=3))
    past.fields.add(work)
    Event.objects.create(municipality=town, title="Ohne Feld", starts_at=now + datetime.timedelta(days=3))
    assert list(topic.upcoming_events()) == [soon]
