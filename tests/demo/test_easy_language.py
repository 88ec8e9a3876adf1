"""Herten's demo in Leichte Sprache: its home topics and their information texts (loaded
after the topics, built here without the whole demo, which takes seconds) and two offers in
its exchange document; a second load adds nothing."""
import json
from pathlib import Path

import pytest
from django.conf import settings

from teilhabe.demo.easy_language import TOPICS, load_easy_language_demo
from teilhabe.topics.demo import load_topics_demo
from tests import builders as b

DEMO_DIR = Path(__file__).resolve().parents[2] / "teilhabe" / "demo"


def test_two_of_hertens_offers_are_in_leichte_sprache():
    offers = json.loads((DEMO_DIR / "herten.json").read_text(encoding="utf-8"))["offers"]
    easy = [o["external_id"] for o in offers if "de-ls" in o["title"] and "de-ls" in o["description"]]
    assert easy == ["HER-001", "HER-002"]


@pytest.mark.django_db
def test_hertens_home_topics_and_their_texts_are_in_leichte_sprache(client):
    b.municipality("herten")
    load_topics_demo()
    assert load_easy_language_demo() == 16
    assert load_easy_language_demo() == 0
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de-ls"  # as the language menu sets it
    home = client.get("/herten/").content.decode()
    assert all(title in home for (title, _summary), _text in TOPICS.values())
    topic = client.get("/herten/topics/ankommen/").content.decode()
    assert "Die ersten Schritte in Herten" in topic and "Sie haben eine Wohnung?" in topic
    assert "Melden Sie Ihre Wohnung" not in topic  # the German text is not shown
