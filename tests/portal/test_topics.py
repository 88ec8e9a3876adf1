"""Topics on the public site: the home page leads with them, each has its page with texts,
offers and events, German where untranslated (and says so), and the welcome folder PDF."""
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from teilhabe.municipalities.models import Language
from teilhabe.offers.models import OfferTranslation
from teilhabe.participation.ratelimit import DEFAULTS
from teilhabe.topics.models import InformationText
from teilhabe.translations.texts import save_texts, save_translation
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    concept = b.concept(town, title="Integrationskonzept Lindenau")
    b.field(concept, "sprache", "Sprachförderung")
    mitte, nord = b.district(town, "mitte", "Mitte"), b.district(town, "nord", "Nord")
    women = b.target_group(town, "frauen", de="Frauen", ar="النساء")
    provider = b.actor(town, "vhs", name="Volkshochschule")
    course = b.offer(town, provider, "O-1", title="Integrationskurs", street="Markt 1", postcode="12345",
                     city="Lindenau", contact_phone="02361 123", schedule="montags 9 Uhr")
    OfferTranslation.objects.create(offer=course, language=Language.objects.get(code="ar"),
                                    title="دورة الاندماج", source_revision=course.text_revision)
    north_only = b.offer(town, provider, "O-2", title="Sprachcafé Nord")
    north_only.districts.add(nord)
    for_women = b.offer(town, provider, "O-3", title="Deutsch für Frauen")
    for_women.target_groups.add(women)
    for_women.districts.add(mitte)
    b.offer(town, provider, "O-4", title="Noch geheim", is_published=False)
    topic = town.topics.get(key="deutsch-lernen")
    topic.offers.add(course, north_only, for_women)
    save_translation(topic, "title", "ar", "تعلم الألمانية")
    text = InformationText.objects.create(topic=topic, title="Wie finde ich einen Kurs?",
                                          body="<p>Fragen Sie im Integrationsbüro.</p>")
    save_texts(text, "ar", {"title": "كيف أجد دورة؟", "body": "<p>اسأل في مكتب الاندماج.</p>"})
    InformationText.objects.create(topic=topic, title="Nur auf Deutsch", body="<p>Kinderbetreuung im Kurs</p>")
    InformationText.objects.create(topic=topic, title="Entwurf", body="x", is_published=False)
    hidden = town.topics.get(key="wohnen")
    hidden.is_published = False
    hidden.save()
    return town


def test_the_home_page_leads_with_the_topics_and_links_the_strategy(client, town):
    html = client.get("/lindenau/").content.decode()
    topics_at, search_at = html.index('id="topics-heading"'), html.index('id="home-q"')
    assert topics_at < search_at
    assert reverse("portal:topic", args=["lindenau", "deutsch-lernen"]) in html
    assert "/lindenau/topics/wohnen/" not in html  # unpublished
    assert reverse("portal:strategy", args=["lindenau"]) in html
    assert "progress" not in html  # the measures' progress is one click away, not in front


def test_a_topic_page_shows_texts_and_offers_in_the_visitors_language_and_marks_german(client, town):
    page = client.get("/lindenau/topics/deutsch-lernen/", HTTP_ACCEPT_LANGUAGE="ar")
    html = page.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "تعلم الألمانية" in html and "اسأل في مكتب الاندماج." in html and "دورة الاندماج" in html
    # the untranslated text stays German, marked so, with a note in Arabic
    assert '<h3 lang="de" dir="ltr">Nur auf Deutsch</h3>' in html
    assert html.count("هذا النص غير متوفر بعد بلغتك") == 1
    assert "Entwurf" not in html and "Noch geheim" not in html


@pytest.mark.parametrize("path", ["/lindenau/topics/wohnen/", "/lindenau/topics/nicht-da/", "/nirgends/topics/wohnen/"])
def test_unpublished_or_unknown_topics_are_not_found(client, town, path):
    assert client.get(path).status_code == 404


def test_the_welcome_folder_form_names_a_wrong_choice_instead_of_failing(client, town):
    page = client.get("/lindenau/welcome/?language=xx&topics=nicht-da&district=irgendwo")
    html = page.content.decode()
    assert page.status_code == 400
    assert 'href="#id_language"' in html and 'href="#id_topics"' in html and 'href="#id_district"' in html


def runs(pdf):
    """[(x, text)] of the first page's text runs, x where each starts on the page."""
    found = []
    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, *_: found.append((tm[4] * cm[0] + cm[4], text.strip())) if text.strip() else None)
    return found


def folder(client, **choice):
    page = client.get("/lindenau/welcome/", {"topics": "deutsch-lernen", **choice})
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    return page.content


def test_the_welcome_folder_is_a_pdf_of_the_chosen_topics_for_one_district_and_group(client, town):
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(folder(
        client, language="de", district="mitte", target_group="frauen"))).pages)
    assert "Deutsch lernen" in text and "Wie finde ich einen Kurs?" in text and "Fragen Sie im Integrationsbüro." in text
    assert "Integrationskurs" in text and "Markt 1, 12345 Lindenau" in text and "02361 123" in text
    assert "Deutsch für Frauen" in text  # in Mitte, for women
    assert "Sprachcafé Nord" not in text  # only in another district
    assert "Entwurf" not in text and "Noch geheim" not in text


def test_the_welcome_folder_in_arabic_runs_right_to_left_and_keeps_german_left_to_right(client, town):
    arabic = dict((text, x) for x, text in runs(folder(client, language="ar")))
    german = dict((text, x) for x, text in runs(folder(client, language="de")))
    width = 595  # A4 in points
    # the topic's Arabic title starts at the right margin; in the German folder at the left
    assert arabic["تعلم الألمانية"] > width / 2 and german["Deutsch lernen"] < 100
    assert arabic["كيف أجد دورة؟"] > width / 2
    # the folder's own headings follow the page's direction too ("Angebote")
    assert arabic["الخدمات"] > width / 2
    # an untranslated German text stays left to right inside the Arabic folder
    assert arabic["Nur auf Deutsch"] < 100


def pdf_text(pdf):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@override_settings(TEILHABE_PARTICIPATION_RATE_LIMITS={**DEFAULTS, "welcome_folder": {"ip": (2, 3600)}})
def test_new_welcome_folders_are_rate_limited_per_client_and_kept_ones_still_served(client, town):
    folder(client, language="de")
    folder(client, language="en")
    refused = client.get("/lindenau/welcome/", {"topics": "deutsch-lernen", "language": "ar"})
    assert refused.status_code == 429
    assert 3590 <= int(refused["Retry-After"]) <= 3600
    assert "Zu viele Mappen in kurzer Zeit" in refused.content.decode()
    # the folder laid out before is kept: served without laying it out again, limit or not
    assert "Deutsch lernen" in pdf_text(folder(client, language="de"))
    # another client has its own limit
    other = client.get("/lindenau/welcome/", {"topics": "deutsch-lernen", "language": "ar"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_kept_welcome_folder_is_laid_out_again_when_its_texts_change(client, town):
    assert "Wie finde ich einen Kurs?" in pdf_text(folder(client, language="de"))
    text = InformationText.objects.get(title="Wie finde ich einen Kurs?")
    text.title = "Wo finde ich einen Kurs?"
    text.save()
    assert "Wo finde ich einen Kurs?" in pdf_text(folder(client, language="de"))
