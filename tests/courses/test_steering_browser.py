"""The steering dashboard and the course upload in a real Chromium, checked by axe-core:
the Kreis coordinator reads the figures, asks for the recommendation without JavaScript,
and uploads a provider's courses as CSV."""
import pytest

from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login
from tests.courses import builders as cb

pytestmark = pytest.mark.browser


@pytest.fixture
def kreis(transactional_db):
    k, towns = cb.kreis("kreis-me")
    vhs = cb.provider(k, "vhs")
    for n in range(6):
        cb.learner(k, towns["hilden"], waited=20 * n, types=("eltern",), times=("evening",), needs_childcare=True)
    cb.learner(k, towns["haan"], waited=40)
    cb.course(k, towns["haan"], vhs, "K-1", capacity=14, booked=3)
    cb.kita(towns["hilden"], needing=12, programmes={"rucksack": 6})
    b.user("kreis", role="coordinator", municipality=k)
    return k, towns


def test_the_kreis_reads_its_figures_and_uploads_courses(page, live_server, kreis, tmp_path):
    k, towns = kreis
    login(page, live_server, "kreis", b.PASSWORD)
    page.goto(base_url(live_server) + f"/backoffice/{k.slug}/kurse/steuerung/")

    assert page.get_by_role("heading", level=1).inner_text() == f"Kurssteuerung im {k.name}"
    assert page.locator("svg[role=img]").count() >= 4
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Empfehlung berechnen (dauert einige Sekunden)"))
    table = page.get_by_role("table", name="Welcher neue Kurs die Wartezeit am meisten verkürzen würde")
    assert "Elternintegrationskurs" in table.inner_text()
    assert_accessible(page)

    csv = tmp_path / "kurse.csv"
    csv.write_text(f"external_id;provider;type;town;starts_on;time_of_day;capacity;childcare\n"
                   f"K-2;vhs;eltern;{towns['hilden'].slug};01.03.2027;abends;12;ja\n", encoding="utf-8")
    page.goto(base_url(live_server) + f"/backoffice/{k.slug}/kurse/hochladen/")
    assert_accessible(page)
    page.get_by_label("CSV-Datei").set_input_files(str(csv))
    follow(page, page.get_by_role("button", name="Hochladen"))
    assert page.get_by_role("status").inner_text().startswith("Import abgeschlossen")
    assert_accessible(page)
    assert_no_console_errors(page)
