"""Confirming an allocation in a real Chromium, without JavaScript of ours: the Kreis
coordinator opens the proposal, swaps who of the waiting gets the last place by hand
and confirms; axe-core over the allocation page before and after and over the other pages of
course steering on the way (lists, details and forms)."""
import pytest

from teilhabe.courses.models import Learner
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login
from tests.courses import builders as cb

pytestmark = pytest.mark.browser


def test_the_kreis_coordinator_changes_a_placement_and_confirms_the_allocation(page, live_server, transactional_db):
    kreis, towns = cb.kreis("kreis-lindenau", towns=("lindenau",))
    town = towns["lindenau"]
    provider = cb.provider(town, name="Volkshochschule Lindenau")
    cb.course(kreis, town, provider, "K-VHS-1", capacity=2)
    cb.learner(kreis, town, "W-0001", waited=300)
    cb.learner(kreis, town, "W-0002", waited=200)
    cb.learner(kreis, town, "W-0003", waited=100)
    b.user("kreis-koordination", role="coordinator", municipality=kreis)

    login(page, live_server, "kreis-koordination", b.PASSWORD)
    page.goto(base_url(live_server) + f"/backoffice/{kreis.slug}/kurse/")
    follow(page, page.get_by_role("link", name="Vermittlung"))
    page.get_by_label("Stichtag:", exact=True).fill(f"{cb.TODAY:%Y-%m-%d}")
    follow(page, page.get_by_role("button", name="Vorschlag berechnen"))
    assert_accessible(page)
    # two places for three: the proposal keeps one waiting; the coordinator swaps by hand
    assert page.get_by_label("Kurs für W-0001").input_value() == ""
    page.get_by_label("Kurs für W-0003").select_option(label="wartet weiter")
    page.get_by_label("Kurs für W-0001").select_option(index=1)
    follow(page, page.get_by_role("button", name="Vermittlung bestätigen"))

    assert "Vermittlung bestätigt" in page.locator(".messages").inner_text()
    confirmed = page.get_by_role("table", name="Bestätigte Vermittlungen mit ihren Zahlen").inner_text()
    assert "04.01.2027" in confirmed
    assert_accessible(page)
    assert_no_console_errors(page)
    status = dict(Learner.objects.filter(kreis=kreis).values_list("external_id", "status"))
    assert status == {"W-0001": "placed", "W-0002": "placed", "W-0003": "waiting"}

    # the other pages of course steering, as the Kreis coordinator reaches them, each checked by axe
    cb.kita(town, name="Kita Regenbogen", programmes={"rucksack": 8})
    for link in ("Kurse", "Allgemeiner Integrationskurs", "W-0001", "Warteliste", "Neuer Eintrag", "Kursträger",
                 "Kitas", "Kita Regenbogen", "Einstellungen der Kurssteuerung"):
        follow(page, page.get_by_role("link", name=link).first)
        assert_accessible(page)
