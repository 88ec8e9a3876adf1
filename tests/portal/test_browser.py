"""The public site in Chromium: axe-core on every page type, keyboard use, phones, and
right-to-left."""
import pytest

from teilhabe.municipalities.models import Language
from teilhabe.offers.models import OfferTranslation
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    kreis = b.municipality("kreis-lindenau", kind="kreis")
    town = b.municipality("lindenau", parent=kreis, languages=("de", "en", "ar"))
    town.office_name, town.office_email, town.office_phone = "Integrationsbüro", "integration@lindenau.example", "0000 1"
    town.office_address = "Rathaus\nMarkt 1\n12345 Lindenau"
    town.transit_planner_url = "https://efa.example/trip?name_destination={lon}:{lat}:WGS84"
    town.save()
    concept = b.concept(town, title="Integrationskonzept Lindenau", period_start=2020, period_end=2025)
    concept.guidelines.create(position=1, title="Verständnis von Integration", body="<p>Teilhabe für alle.</p><ul><li>Sprache</li></ul>")
    field = b.field(concept, "sprache", "Sprachförderung")
    goal = b.goal(concept, "g-kita", field=field, title="Alle Kinder sprechen beim Schuleintritt Deutsch")
    b.goal(concept, "g-kita-eltern", field=field, parent=goal, kind="operational", title="Eltern lernen mit")
    district = b.district(town, "altstadt", "Altstadt")
    group = b.target_group(town, "eltern", de="Eltern", ar="الآباء والأمهات")
    provider = b.actor(town, "familienzentrum", name="Familienzentrum Altstadt")
    measure = b.measure(concept, "M-1", title="Sprachkurse für Eltern", status="running", responsible=provider,
                        start_date="2023-03-01")
    measure.fields.add(field)
    measure.goals.add(goal)
    for n in range(25):
        offer = b.offer(town, provider, f"O-{n:02}", title=f"Elterncafé {n:02}", field=field, measure=measure,
                        description="Austausch und Beratung für Eltern in der Altstadt.", place_name="Familienzentrum",
                        street="Markt 3", postcode="12345", city="Lindenau", schedule="dienstags 9–11 Uhr",
                        cost="kostenlos", accessibility="Rampe am Eingang", contact_name="Beratungsstelle",
                        contact_email="cafe@lindenau.example")
        offer.districts.add(district)
        offer.target_groups.add(group)
        offer.languages.set(Language.objects.filter(code__in=["de", "ar"]))
    # Getting there: route links, opening hours (two a day), "open now", closing days.
    town.offers.filter(external_id="O-00").update(
        latitude="51.593100", longitude="7.140700", closing_days=["2999-12-24"],
        opening_hours=[{"day": day, "opens": opens, "closes": closes} for day in ("Mo", "Tu", "Th")
                       for opens, closes in (("09:00", "12:00"), ("14:00", "16:30"))])
    OfferTranslation.objects.create(offer=town.offers.get(external_id="O-00"), language=Language.objects.get(code="ar"),
                                    title="مقهى الأهل", description="تبادل ونصائح للآباء والأمهات.", source_revision=1)
    return town


PAGES = ["/", "/lindenau/", "/kreis-lindenau/", "/lindenau/strategy/", "/lindenau/concept/", "/lindenau/fields/sprache/",
         "/lindenau/goals/g-kita/", "/lindenau/measures/M-1/", "/lindenau/offers/",
         "/lindenau/offers/?district=altstadt&target_group=eltern", "/lindenau/offers/?page=2",
         "/lindenau/offers/O-00/", "/lindenau/actors/", "/lindenau/actors/familienzentrum/", "/lindenau/contact/",
         "/lindenau/does-not-exist/"]


def test_it_passes_axe_on_every_public_page_type(page, live_server, town):
    for path in PAGES:
        response = page.goto(base_url(live_server) + path)
        assert response.status in (200, 404), path
        assert_accessible(page)
    assert_no_console_errors(page)


def test_it_passes_axe_in_arabic_right_to_left(new_page, live_server, town):
    page = new_page(locale="ar")
    for path in ["/lindenau/", "/lindenau/offers/", "/lindenau/offers/O-00/"]:
        page.goto(base_url(live_server) + path)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert_accessible(page)
    assert page.locator("h1").inner_text() == "مقهى الأهل"
    assert page.locator("h1").evaluate("el => getComputedStyle(el).direction") == "rtl"


PHONE_PAGES = ["/lindenau/", "/lindenau/offers/", "/lindenau/offers/O-00/", "/lindenau/measures/M-1/",
               "/lindenau/concept/"]


def test_it_reads_well_on_a_360_pixel_phone(new_page, live_server, town):
    # One town and one page per language for all five pages: a town per page and language
    # cost ten times the set-up (the flush and the 25 offers of a transactional test).
    for locale in ("de-DE", "ar"):
        page = new_page(viewport=(360, 740), locale=locale)
        for path in PHONE_PAGES:
            page.goto(base_url(live_server) + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path} in {locale} is {width}px wide"
            font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            assert font >= 16, f"{path} in {locale}: body font {font}px"


def test_it_can_be_used_by_keyboard_alone(page, live_server, town):
    page.goto(base_url(live_server) + "/lindenau/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # Tab to the offer search, type, and submit with Enter.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "home-q":
            break
    assert page.evaluate("document.activeElement.id") == "home-q"
    focus = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focus != "none"  # the focus is visible
    page.keyboard.press("Enter")
    page.wait_for_url("**/lindenau/offers/**")
    # The filters work by keyboard: choose a district, then submit.
    page.focus("#f-district")
    page.keyboard.type("Alt")  # type-ahead picks "Altstadt"
    assert page.locator("#f-district").input_value() == "altstadt"
    while page.evaluate("document.activeElement.textContent") != "Filter anwenden":
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "district=altstadt" in page.url


def test_it_switches_the_language_without_javascript(new_page, live_server, town):
    page = new_page(java_script_enabled=False)
    page.goto(base_url(live_server) + "/lindenau/offers/O-00/")
    page.select_option("#language-select", "ar")
    follow(page, page.get_by_role("button", name="Wechseln"))
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text() == "مقهى الأهل"
