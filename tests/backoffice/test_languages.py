"""The back office and the log-in pages in the language their people choose (actor editors
from migrant organisations; issue 14 §2): German unless someone picks another language with
the switch, which is remembered (the language cookie); right to left for Arabic and Persian;
and every back-office string translated into REQUIRED_LANGUAGES."""
import re

import pytest
from django.urls import reverse
from django.utils import translation

from teilhabe.municipalities.history import record
from tests import builders as b
from tests.portal.test_translations import NPLURALS, catalog, is_translated

# The languages whose catalogs must translate every back-office string; en, uk and ru join
# once their translations are merged.
REQUIRED_LANGUAGES = ("ar", "fa", "tr", "en", "uk", "ru")
# Where a catalog entry's reference (#: path:line) makes it a back-office string: its
# templates, the log-in and password pages (and their mail), its Python modules.
BACK_OFFICE_SOURCES = ("backoffice/", "templates/backoffice/", "templates/registration/", "templates/emails/")


@pytest.fixture
def town(db):
    town = b.municipality("lindenau")
    b.concept(town)
    return town


@pytest.fixture
def coordinator(town):
    return b.user("koordination", role="coordinator", municipality=town)


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def switch(client, code, next_url):
    return client.get(reverse("switch_language"), {"language": code, "next": next_url})


def test_it_speaks_german_to_staff_whatever_the_browser_asks(client, town, coordinator):
    # The portal follows Accept-Language; the staff pages only an explicit choice.
    client.force_login(coordinator)
    response = client.get(reverse("backoffice:home"), HTTP_ACCEPT_LANGUAGE="ar")
    assert 'lang="de" dir="ltr"' in html_tag(response)
    assert 'lang="de" dir="ltr"' in html_tag(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar"))


def test_it_offers_the_switch_on_the_log_in_page_and_in_the_back_office(client, town, coordinator):
    for page in (client.get(reverse("login")), (client.force_login(coordinator),
                                                client.get(reverse("backoffice:home")))[1]):
        content = page.content.decode()
        assert f'action="{reverse("switch_language")}"' in content and 'method="get"' in content
        assert '<option value="ar" lang="ar" dir="rtl">العربية</option>' in content
        assert '<option value="de" lang="de" dir="ltr" selected>Deutsch</option>' in content


def test_it_lets_a_coordinator_work_in_arabic(client, town, coordinator):
    response = switch(client, "ar", "/login/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    login_page = client.get("/login/")
    assert 'lang="ar" dir="rtl"' in html_tag(login_page)
    assert "تسجيل الدخول" in login_page.content.decode()  # "Anmelden"
    assert "Passwort vergessen?" not in login_page.content.decode()

    response = client.post("/login/", {"username": "koordination", "password": b.PASSWORD})
    assert response.status_code == 302
    home = client.get(reverse("backoffice:home"))  # the choice outlives the log-in
    assert 'lang="ar" dir="rtl"' in html_tag(home)
    assert "Ihre Kommunen" not in home.content.decode()

    concept = town.concepts.get()
    error = client.post(reverse("backoffice:measure_new", args=[town.slug]) + f"?concept={concept.pk}",
                        {"title": "", "status": "planned", "budget": "viel"})
    content = error.content.decode()
    assert error.status_code == 200 and 'lang="ar" dir="rtl"' in html_tag(error)
    assert "Bitte korrigieren Sie" not in content and "يرجى تصحيح" in content
    assert "هذا الحقل مطلوب" in content  # Django's own "This field is required."

    # A change of state points from the old to the new one, leftwards on a right-to-left page;
    # the person's name, typed in Latin letters, is isolated.
    measure = b.measure(concept, "M-1", status="running")
    measure.status_changes.create(from_status="planned", to_status="running", changed_on="2024-03-01",
                                  changed_by=coordinator)
    page = client.get(reverse("backoffice:measure", args=[town.slug, measure.pk])).content.decode()
    assert "مخطط له ← <strong>قيد التنفيذ</strong>" in page and "(<bdi>koordination</bdi>)" in page
    assert "? – مفتوح</dd>" in page  # the open end of its period, no German left in between

    # Back to German by the same switch.
    switch(client, "de", reverse("backoffice:home"))
    page = client.get(reverse("backoffice:measure", args=[town.slug, measure.pk]))
    assert 'lang="de" dir="ltr"' in html_tag(page) and "geplant → <strong>läuft</strong>" in page.content.decode()


def test_it_ignores_an_unknown_language(client, town, coordinator):
    client.cookies["django_language"] = "xx"
    assert 'lang="de" dir="ltr"' in html_tag(client.get(reverse("login")))
    response = switch(client, "xx", "/login/")
    assert response.status_code == 302 and "django_language" not in response.cookies


def back_office_entries(lang):
    return [e for e in catalog(lang) if e["msgid"]
            and any(ref.startswith(BACK_OFFICE_SOURCES) for ref in e["refs"])]


def test_it_finds_the_back_office_strings():
    msgids = {e["msgid"] for e in back_office_entries("ar")}
    assert len(msgids) > 1000
    assert {"Bitte korrigieren Sie die markierten Angaben.", "Passwort vergessen?", "Änderungsverlauf"} <= msgids


@pytest.mark.parametrize("lang", REQUIRED_LANGUAGES)
def test_it_translates_every_back_office_string(lang):
    untranslated = sorted({e["msgid"] for e in back_office_entries(lang) if not is_translated(e, NPLURALS[lang])})
    assert not untranslated, f"{lang}: {len(untranslated)} back-office strings untranslated: {untranslated[:30]}"


def test_it_keeps_the_apis_errors_german(client, town):
    # German by contract (docs/api.md), whatever the caller's language: their msgids stay
    # untranslated in the catalogs, or they would follow Accept-Language and the cookie.
    client.cookies["django_language"] = "ar"
    response = client.get("/api/v1/nichts/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    assert "Diese Adresse gibt es in der API nicht." in response.json()["error"]["message"]


def test_it_keeps_what_goes_to_others_german(client, town, coordinator, django_capture_on_commit_callbacks):
    # The office speaks Arabic to its person; what is stored as content or sent to someone
    # else stays German: a new colleague's invitation, the note on carried-over measures.
    from django.core import mail

    client.force_login(coordinator)
    client.cookies["django_language"] = "ar"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:member_add", args=[town.slug]),
                    {"username": "neu", "email": "neu@example.org", "role": "coordinator"})
    (invitation,) = mail.outbox
    assert invitation.subject.startswith("Ihr Zugang zu teilhabe") and "Guten Tag" in invitation.body

    concept = town.concepts.get()
    b.measure(concept, "M-1")
    client.post(reverse("backoffice:concept_new_version", args=[town.slug, concept.pk]))
    concept.refresh_from_db()
    (change,) = concept.successor.measures.get().status_changes.all()
    assert change.note == "aus Version 1 übernommen"


def test_the_arabic_home_of_a_town_isolates_german_names_and_scrolls_its_status_table(client, town, coordinator):
    """bench/axe_sweep.py's screenshots at 360 px: a German object name in the latest changes
    had its quotes thrown about by the Arabic around it (and they were German „…“), and the measures' status headings
    ("مخطط له") broke letter by letter. Now the name is a <bdi>, the table scrolls in a region."""
    measure = b.measure(town.concepts.get(), title="Über 100 Gäste")
    record(measure, user=coordinator)
    client.force_login(coordinator)
    client.cookies["django_language"] = "ar"
    body = client.get(reverse("backoffice:municipality", args=[town.slug])).content.decode()
    assert "«<bdi>Über 100 Gäste</bdi>»" in body  # Arabic quotation marks, not German ones
    assert '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="status-counts">' in body
    assert '<caption id="status-counts">' in body


def test_the_arabic_monitoring_list_scrolls_its_indicator_table(client, town, coordinator):
    """tests/portal/test_every_page_browser.py's screenshot at 360 px: the eight columns of
    the indicators broke their Arabic headings and the indicator's name letter by letter."""
    from teilhabe.monitoring.models import Indicator
    Indicator.objects.create(municipality=town, key="quote", name="Sprachförderquote", unit="%")
    client.force_login(coordinator)
    client.cookies["django_language"] = "ar"
    body = client.get(reverse("monitoring:indicators", args=[town.slug])).content.decode()
    assert '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="indicators-caption">' in body
    assert '<caption id="indicators-caption">' in body



def test_the_arabic_news_list_scrolls_its_table(client, town, coordinator):
    """The same screenshot of the news list: the date and the status broke letter by letter."""
    from tests.news import builders as nb
    nb.item(town)
    client.force_login(coordinator)
    client.cookies["django_language"] = "ar"
    body = client.get(reverse("news_office:list", args=[town.slug])).content.decode()
    assert '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="news-heading">' in body
    assert '<h1 id="news-heading">' in body


# A short German word with several senses is one catalog entry per sense (msgctxt): "von"
# is "from" before a date and "by" before a person; "Stand" is a status, or the date data
# are as of; "Titel" names a text, or is a person's academic title; "Thema" is a topic page
# or an agenda item's subject; "Prüfen" is a button or the importer's progress.
SENSES = [(("Datum", "von"), ("Person", "von")), (("Datum", "Stand"), (None, "Stand")),
          (("Person", "Titel"), (None, "Titel")), (("Themenseite", "Thema"), (None, "Thema")),
          (("Schaltfläche", "Prüfen"), (None, "Prüfen"))]


def in_sense(context, msgid):
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


@pytest.mark.parametrize("lang", REQUIRED_LANGUAGES)
def test_it_gives_each_sense_of_a_short_word_its_own_translation(lang):
    # Each sense is translated; English needs a word of its own for each, and every language
    # one for "from" and one for "by" (a language may use one word for topic and subject).
    with translation.override(lang):
        for one, other in SENSES:
            assert in_sense(*one) != one[1] and in_sense(*other) != other[1], (lang, one, other)
            if lang == "en" or one[1] == "von":
                assert in_sense(*one) != in_sense(*other), (lang, one, other)


def test_the_back_office_says_each_sense_where_it_means_it(client, town, coordinator):
    from teilhabe.council.models import Membership, Person
    with translation.override("en"):
        assert str(Membership._meta.get_field("start_date").verbose_name) == "from"  # was "by"
        assert str(Person._meta.get_field("title").verbose_name) == "Academic title"
    client.force_login(coordinator)
    switch(client, "en", "/")
    concept = town.concepts.get()
    page = client.get(reverse("backoffice:measure_new", args=[town.slug]) + f"?concept={concept.pk}")
    assert 'value="1" class="button">Check</button>' in page.content.decode()  # was "Checking"
