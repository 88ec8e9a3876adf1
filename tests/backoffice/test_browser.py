"""The back office in a real Chromium: the coordinator's everyday path, a refusal an
actor editor meets, and axe-core over every kind of back-office page."""
import pytest

from teilhabe.strategy.models import Measure
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, login, follow

pytestmark = pytest.mark.browser


@pytest.fixture
def town(transactional_db):
    town = b.municipality("lindenau", languages=("de", "en", "ar"))
    concept = b.concept(town, title="Integrationskonzept Lindenau")
    concept.guidelines.create(position=1, title="Verständnis von Integration", body="<p>Teilhabe für alle.</p>")
    field = b.field(concept, "sprache", "Sprachförderung")
    b.goal(concept, "g-sprache", field=field, title="Alle Kinder sprechen beim Schuleintritt Deutsch")
    b.district(town, "altstadt", "Altstadt")
    b.target_group(town, "eltern", de="Eltern")
    a, other = b.actor(town, "familienzentrum", name="Familienzentrum Altstadt"), b.actor(town, "sportverein", name="Sportverein 1900")
    b.measure(concept, "M-1", title="Sprachkurse für Eltern", responsible=a)
    b.offer(town, a, "O-1", title="Elterncafé", field=field)
    b.offer(town, other, "O-2", title="Fußball für alle", field=field)
    b.user("koordination", role="coordinator", municipality=town)
    b.user("redaktion", role="actor_editor", municipality=town, actor=a)
    return town


def test_it_lets_a_coordinator_create_a_measure_and_implement_it(page, live_server, town):
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/lindenau/measures/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Neue Maßnahme"))
    page.get_by_label("Titel:", exact=True).fill("Väter-Gruppe im Stadtteil")
    page.get_by_label("Externe ID").fill("M-VAETER")
    page.get_by_label("Sprachförderung").check()
    page.get_by_label("verantwortlicher Akteur").select_option(label="Familienzentrum Altstadt")
    page.get_by_label("Beginn:", exact=True).fill("2024-02-01")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Speichern"))
    page.wait_for_url("**/measures/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Väter-Gruppe im Stadtteil"
    assert_accessible(page)

    form = page.locator("form.status-form")
    form.get_by_label("neuer Status").select_option(label="umgesetzt")
    form.get_by_label("Datum").fill("2024-09-30")
    form.get_by_label("Anmerkung").fill("Gruppe trifft sich wöchentlich")
    follow(page, form.get_by_role("button", name="Status ändern"))
    assert "Status geändert." in page.locator(".messages").inner_text()
    history = page.locator(".status-history").inner_text()
    assert "geplant → umgesetzt" in history and "30.09.2024" in history
    assert Measure.objects.get(external_id="M-VAETER").status == "implemented"
    assert "Änderungsverlauf" in page.content()
    assert_no_console_errors(page)


def test_it_refuses_an_actor_editor_another_actors_offer(page, live_server, town):
    login(page, live_server, "redaktion", b.PASSWORD)
    foreign = town.offers.get(external_id="O-2")
    response = page.goto(base_url(live_server) + f"/backoffice/lindenau/offers/{foreign.pk}/edit/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Kein Zugriff"
    assert_accessible(page)
    # Their own offer opens, and the list shows only theirs.
    page.goto(base_url(live_server) + "/backoffice/lindenau/offers/")
    assert page.get_by_role("link", name="Elterncafé").is_visible()
    assert page.get_by_role("link", name="Fußball für alle").count() == 0


def test_it_passes_axe_on_every_kind_of_back_office_page(page, live_server, town):
    login(page, live_server, "koordination", b.PASSWORD)
    concept = town.concepts.get()
    measure, offer, actor = concept.measures.get(), town.offers.get(external_id="O-1"), town.actors.first()
    root = base_url(live_server) + "/backoffice/lindenau/"
    paths = ["", "concepts/", f"concepts/{concept.pk}/", f"concepts/{concept.pk}/edit/",
             f"concepts/{concept.pk}/fields/new/", f"concepts/{concept.pk}/goals/new/",
             f"goals/{concept.goals.get().pk}/", "measures/?status=planned&sort=-title",
             f"measures/{measure.pk}/", f"measures/{measure.pk}/edit/", "actors/", f"actors/{actor.pk}/",
             f"actors/{actor.pk}/edit/", f"actors/{actor.pk}/contacts/new/", "offers/",
             f"offers/{offer.pk}/", f"offers/{offer.pk}/edit/", f"offers/{offer.pk}/translations/ar/",
             "settings/", "settings/districts/new/", "settings/members/new/", "translations/",
             f"settings/target-groups/{town.target_groups.get().pk}/"]
    for path in paths:
        response = page.goto(root + path)
        assert response.status == 200, path
        assert_accessible(page)
    page.goto(base_url(live_server) + "/backoffice/")
    assert_accessible(page)
    assert_no_console_errors(page)


def test_it_passes_axe_on_the_pages_before_login(page, live_server, town):
    for path in ["/", "/login/", "/password/reset/", "/password/reset/sent/", "/password/set/x/y/"]:
        page.goto(base_url(live_server) + path)
        assert_accessible(page)
    assert_no_console_errors(page)


def test_it_shows_form_errors_next_to_the_fields(page, live_server, town):
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/lindenau/offers/new/")
    page.get_by_label("Externe ID").fill("mit Leerzeichen")
    follow(page, page.get_by_role("button", name="Speichern"))
    summary = page.get_by_role("alert")
    assert "Titel" in summary.inner_text() and "Externe ID" in summary.inner_text()
    assert_accessible(page)


def test_it_types_arabic_translations_right_to_left(page, live_server, town):
    login(page, live_server, "koordination", b.PASSWORD)
    offer = town.offers.get(external_id="O-1")
    page.goto(base_url(live_server) + f"/backoffice/lindenau/offers/{offer.pk}/translations/ar/")
    title = page.locator("input[name=title]")
    assert title.get_attribute("dir") == "rtl" and title.get_attribute("lang") == "ar"
    title.fill("مقهى الآباء والأمهات")
    follow(page, page.get_by_role("button", name="Übersetzung speichern"))
    page.wait_for_url(f"**/offers/{offer.pk}/")
    cell = page.locator("span[lang=ar]")
    assert cell.inner_text() == "مقهى الآباء والأمهات"
    assert cell.evaluate("el => getComputedStyle(el).direction") == "rtl"


def test_it_fits_a_phone_screen(new_page, live_server, town):
    page = new_page(viewport=(360, 740))
    login(page, live_server, "koordination", b.PASSWORD)
    for path in ["measures/", "offers/"]:
        page.goto(base_url(live_server) + "/backoffice/lindenau/" + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide on a 360px screen"


def test_it_translates_a_goal_beside_the_german(page, live_server, town):
    """The translations page of one object: reached from its page, a language picked with the
    plain form, the German beside the field, what changed in the German since; axe-clean."""
    login(page, live_server, "koordination", b.PASSWORD)
    goal = town.concepts.get().goals.get()
    page.goto(base_url(live_server) + f"/backoffice/lindenau/goals/{goal.pk}/")
    follow(page, page.locator("a.translations-link"))
    page.get_by_label("Sprache", exact=True).select_option("ar")
    follow(page, page.get_by_role("button", name="Anzeigen"))
    title = page.get_by_label("Ziel (Arabisch)")
    assert title.get_attribute("dir") == "rtl" and title.get_attribute("lang") == "ar"
    title.fill("جميع الأطفال يتحدثون الألمانية عند دخول المدرسة")
    follow(page, page.get_by_role("button", name="Übersetzung speichern"))
    assert "Gespeichert." in page.locator(".messages").inner_text()
    assert page.get_by_label("Ziel (Arabisch)").input_value() == "جميع الأطفال يتحدثون الألمانية عند دخول المدرسة"
    goal.title = "Alle Kinder sprechen beim Schuleintritt gut Deutsch"
    goal.save()
    page.reload()
    assert page.locator(".translation-diff ins").inner_text() == "gut "
    assert_accessible(page)
    page.screenshot(path="/tmp/i14trans-translation-page.png", full_page=True)


def test_it_works_in_arabic_right_to_left_on_a_phone(new_page, live_server, town):
    # An actor editor's or coordinator's choice: Arabic, on a 360 px phone, mirrored.
    page = new_page(viewport=(360, 740))
    page.goto(base_url(live_server) + "/login/")
    page.get_by_label("Sprache").select_option("ar")
    follow(page, page.get_by_role("button", name="Wechseln"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("input[name=username]", "koordination")
    page.fill("input[name=password]", b.PASSWORD)
    follow(page, page.locator("form:has(input[name=password]) [type=submit]"))
    measure = town.concepts.get().measures.get()
    root = base_url(live_server) + "/backoffice/lindenau/"
    for path in ["", f"measures/{measure.pk}/", f"measures/{measure.pk}/edit/"]:
        page.goto(root + path)
        assert page.locator("html").get_attribute("lang") == "ar", path
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide on a 360px screen"
        assert_accessible(page)
    # What people typed keeps its own direction: "1. Obergeschoss" reads left to right on the
    # Arabic page (the bidi algorithm alone lays it out "Obergeschoss .1").
    measure.funding_source = "1. Obergeschoss"
    measure.save()
    page.goto(root + f"measures/{measure.pk}/")
    order = page.evaluate("""() => {
        const text = [...document.querySelectorAll('dd')].flatMap(dd => [...dd.querySelectorAll('*'), dd])
            .flatMap(el => [...el.childNodes]).find(n => n.nodeType === 3 && n.data.startsWith('1. Obergeschoss'));
        const box = (a, b) => { const r = document.createRange(); r.setStart(text, a); r.setEnd(text, b);
                                return r.getBoundingClientRect().x; };
        return [box(0, 2), box(3, 15)]; }""")
    assert order[0] < order[1], f'"1." at x={order[0]}, "Obergeschoss" at x={order[1]}'
    page.locator("dd:has-text('1. Obergeschoss')").screenshot(path="/tmp/i14rest-obergeschoss.png")
    page.goto(root + f"measures/{measure.pk}/edit/")
    # The navigation starts on the right: its first link right of its last.
    links = page.locator(".section-nav li a")
    assert links.first.bounding_box()["x"] > links.nth(1).bounding_box()["x"]
    # Saved in Arabic, the change appears in the history: its headings in one piece, not broken
    # letter by letter in the narrow column, and the page no wider than the phone.
    page.locator("input[name=title]").fill("Sprachkurse für Eltern und Großeltern im Familienzentrum")
    follow(page, page.get_by_role("button", name="حفظ"))
    heading = page.locator("table.changes thead th").first
    assert heading.inner_text() == "الحقل"
    lines = heading.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el); "
                             "return new Set([...r.getClientRects()].map(rect => Math.round(rect.top))).size; }")
    assert lines == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    assert_no_console_errors(page)
