"""The demo's news (news/demo.py) on towns named as the demo's: Herten's 2009 press release
with its three drawn pictures and their alternative texts, Herne's concept and the call for
its second conference, Hilden's and the Kreis's; loaded again, nothing changes. (The whole
`teilhabe demo` run, news included, is tests/demo/test_demo.py::test_it_loads_twice_without_change.)"""
import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from teilhabe.news.demo import load_news_demo
from teilhabe.news.models import NewsItem, variant_name
from tests import builders as b

pytestmark = pytest.mark.django_db


def test_it_tells_each_towns_story_with_hertens_three_pictures_once():
    kreis = b.municipality("kreis-mettmann", kind="kreis")
    for slug in ("herten", "herne"):
        b.field(b.concept(b.municipality(slug)), "bildung", "Bildung")
    b.municipality("hilden", parent=kreis)
    assert load_news_demo() == 5
    herten = NewsItem.objects.get(municipality__slug="herten")
    assert herten.title == "Über 100 Teilnehmer bei Hertener Integrationskonferenz" and herten.is_public()
    pictures = list(herten.pictures.all())
    assert len(pictures) == 3 and all(p.alt_text.startswith("Zeichnung:") for p in pictures)
    assert all("Glashaus" in p.caption and "frei erfunden" in p.credit for p in pictures)
    with default_storage.open(variant_name(pictures[0], 480), "rb") as handle:
        assert Image.open(io.BytesIO(handle.read())).size == (480, 320)
    assert herten.press_contact_role and not herten.press_contact_name  # a role, no person
    assert herten.translated_languages() == ["ar"]
    assert set(NewsItem.objects.filter(municipality__slug="herne").values_list("title", flat=True)) == {
        "Gesamtstädtisches Integrationskonzept liegt vor", "Zweite Integrationskonferenz im Stadtteilzentrum Pluto"}
    assert "Stadtteilzentrum Pluto" in NewsItem.objects.get(title__startswith="Zweite").text
    assert load_news_demo() == 0 and NewsItem.objects.count() == 5
