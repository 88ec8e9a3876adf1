"""Registered content in the visitor's language, German per field where untranslated, and
notes saying which fields are German only or outdated."""
import pytest
from django.urls import reverse

from teilhabe.translations.models import Translation
from teilhabe.translations.texts import save_translation, texts_in
from tests import builders as b
from tests.participation import builders as pb

GERMAN_ONLY = "only in German"  # "nur auf Deutsch" in English
OUTDATED = "The German text has changed"


@pytest.fixture
def town(db):
    m = b.municipality("tr-town")
    concept = b.concept(m, summary="Zusammen leben")
    b.measure(concept, "m1", title="Sprachcafé", description="Jeden Montag", is_public=True)
    return m


def _measure(town):
    return town.concepts.get().measures.get()


def test_a_measure_page_shows_translated_fields_and_german_ones_marked(client, town):
    save_translation(_measure(town), "title", "en", "Language café")
    html = _get(client, "en")
    assert "Language café" in html
    assert '<div class="text" lang="de" dir="ltr"><p>Jeden Montag</p></div>' in html
    assert html.count(GERMAN_ONLY) == 1  # the description only


def test_a_changed_german_text_marks_its_translation_outdated(client, town):
    measure = _measure(town)
    save_translation(measure, "description", "en", "Every Monday")
    assert not texts_in(measure, "en")["description"].outdated
    measure.description = "Jeden Dienstag"
    measure.save()
    texts = texts_in(measure, "en")
    assert texts["description"] == "Every Monday" and texts["description"].outdated
    assert not texts["title"].outdated and texts["title"].language == "de"
    html = _get(client, "en")
    assert OUTDATED in html and "Every Monday" in html


def test_german_pages_carry_no_notes(client, town):
    html = _get(client, "de")
    assert "nur auf Deutsch" not in html


def test_concept_guidelines_and_events_show_their_translations(client, town):
    concept = town.concepts.get()
    section = concept.guidelines.create(title="Vielfalt", body="<p>Alle gehören dazu</p>")
    save_translation(concept, "summary", "ar", "نعيش معا")
    save_translation(section, "body", "ar", "<p>الجميع ينتمي</p><script>x()</script>")
    html = client.get(reverse("portal:concept", args=["tr-town"]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "نعيش معا" in html and "<p>الجميع ينتمي</p>" in html and "<script>x()" not in html
    event = pb.event(town, title="Integrationskonferenz", is_public=True)
    save_translation(event, "title", "en", "Integration conference")
    html = client.get(reverse("participation:event", args=["tr-town", event.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Integration conference" in html


def test_deleting_an_object_deletes_its_translations(town):
    measure = _measure(town)
    save_translation(measure, "title", "en", "Language café")
    measure.delete()
    assert not Translation.objects.filter(field="title", text="Language café").exists()


def _get(client, language):
    return client.get(reverse("portal:measure", args=["tr-town", "m1"]),
                      HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_lists_show_titles_in_the_visitors_language(client, town):
    """Where a goal, a measure, an event or the concept is listed, not only on its own page."""
    concept = town.concepts.get()
    field = b.field(concept, "sprache", "Sprachförderung")
    goal = b.goal(concept, "z1", field=field, title="Mehr Deutschkurse")
    measure = _measure(town)
    measure.fields.add(field)
    event = pb.event(town, title="Sprachfest", is_public=True)
    b.goal(concept, "z2", field=field, title="Nur auf Deutsch")
    save_translation(goal, "title", "ar", "دورات ألمانية أكثر")
    save_translation(measure, "title", "ar", "مقهى اللغة")
    save_translation(event, "title", "ar", "مهرجان اللغة")
    save_translation(concept, "title", "ar", "مفهوم الاندماج")
    field_page = client.get(reverse("portal:field", args=["tr-town", "sprache"]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert ">دورات ألمانية أكثر</a>" in field_page and ">مقهى اللغة</a>" in field_page
    assert ">مفهوم الاندماج</a>" in field_page  # the breadcrumb
    # untranslated: German, marked as German on the Arabic page
    assert '<span lang="de" dir="ltr">Nur auf Deutsch</span>' in field_page
    strategy = client.get(reverse("portal:strategy", args=["tr-town"]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert ">دورات ألمانية أكثر</a>" in strategy and "مفهوم الاندماج" in strategy
    events = client.get(reverse("participation:events", args=["tr-town"]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert ">مهرجان اللغة</a>" in events
    calendar = client.get(reverse("participation:events_feed", args=["tr-town"]), HTTP_ACCEPT_LANGUAGE="ar")
    assert "SUMMARY;LANGUAGE=ar:مهرجان اللغة" in calendar.content.decode()
    assert "SUMMARY:Sprachfest" in client.get(reverse("participation:events_feed", args=["tr-town"])).content.decode()
    measure_page = client.get(reverse("portal:measure", args=["tr-town", "m1"]), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "<title>مقهى اللغة" in measure_page and ">دورات ألمانية أكثر</a>" not in measure_page  # not its goal


def test_workshops_and_offers_in_lists_show_the_visitors_language(client, town):
    """An event's workshops (its page and the registration form's choices) and offers listed
    on field, measure and organisation pages, not only on the offer's own page."""
    from teilhabe.municipalities.models import Language
    from teilhabe.offers.models import OfferTranslation
    event = pb.event(town, title="Integrationskonferenz", is_public=True)
    table = event.workshops.create(title="Tisch Arbeit und Beruf")
    event.workshops.create(title="Tisch Wohnen")
    save_translation(table, "title", "en", "Table work and careers")
    html = client.get(reverse("participation:event", args=["tr-town", event.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<li>Table work and careers</li>" in html and "Tisch Arbeit und Beruf" not in html
    assert f'<option value="{table.pk}">Table work and careers</option>' in html
    assert '<li><span lang="de" dir="ltr">Tisch Wohnen</span></li>' in html  # untranslated: German, marked

    concept = town.concepts.get()
    field = b.field(concept, "sprache", "Sprachförderung")
    measure = _measure(town)
    provider = b.actor(town, "vhs", name="Volkshochschule")
    offer = b.offer(town, provider, "O-1", title="Deutschkurs", field=field, measure=measure, is_published=True)
    OfferTranslation.objects.create(offer=offer, language=Language.objects.get(code="en"), title="German course",
                                    source_revision=offer.text_revision)
    for page in (reverse("portal:field", args=["tr-town", "sprache"]), reverse("portal:measure", args=["tr-town", "m1"]),
                 reverse("portal:actor", args=["tr-town", "vhs"])):
        html = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert ">German course</a>" in html and ">Deutschkurs<" not in html, page
