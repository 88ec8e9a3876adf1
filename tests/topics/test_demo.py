"""The demo towns' topic pages: offers, one invented information text per topic in German,
English and Arabic, the titles in English and Arabic; a second load adds nothing. (Without
loading the whole demo, which takes seconds: the towns are built here, and the offers the
topics name are checked against the demo's documents.)"""
import json
from pathlib import Path

import pytest

from teilhabe.topics.demo import OFFERS, TEXTS, load_topics_demo
from teilhabe.topics.models import InformationText, Topic
from tests import builders as b

DEMO_DIR = Path(__file__).resolve().parents[2] / "teilhabe" / "demo"


def test_every_offer_the_demo_topics_name_is_in_the_demo():
    for slug, topics in OFFERS.items():
        known = {offer["external_id"] for offer in json.loads((DEMO_DIR / f"{slug}.json").read_text())["offers"]}
        named = {external_id for ids in topics.values() for external_id in ids}
        assert named <= known, (slug, named - known)
    assert all(set(texts) == {"de", "en", "ar"} for texts in TEXTS.values())


@pytest.mark.django_db
def test_the_demo_towns_get_topic_pages_with_texts_in_three_languages(client):
    for slug in OFFERS:
        b.municipality(slug)
    herne = Topic.objects.get(municipality__slug="herne", key="deutsch-lernen").municipality
    b.offer(herne, b.actor(herne), "HE-011", title="Deutschkurs für Frauen mit Kinderbetreuung")
    assert load_topics_demo() == 24
    assert load_topics_demo() == 0
    for slug in OFFERS:
        topics = Topic.objects.filter(municipality__slug=slug)
        assert all(set(topic.translated_languages()) >= {"en", "ar"} for topic in topics)
        texts = InformationText.objects.filter(topic__municipality__slug=slug)
        assert texts.count() == 8 and all("Demo" in text.body for text in texts)
        assert all(text.translated_languages() == ["ar", "en"] for text in texts)
    html = client.get("/herne/topics/deutsch-lernen/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "كيف أجد دورة لغة ألمانية؟" in html and "Deutschkurs für Frauen mit Kinderbetreuung" in html
