"""The monitoring pages in a real Chromium, checked by axe-core: a viewer (the council)
goes from the navigation to the Köln indicator and reads its table."""
import json
from pathlib import Path

import pytest

from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.monitoring.importer import import_statistics
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, login, follow

pytestmark = pytest.mark.browser

# A slice of the real file, shipped with the tests (tests/data/koeln-bevoelkerung/README.md).
KOELN_CSV = Path(__file__).resolve().parents[1] / "data" / "koeln-bevoelkerung" / "bevoelkerung.csv"
MAPPING = Path(__file__).resolve().parents[2] / "teilhabe" / "monitoring" / "mappings" / "koeln-bevoelkerung.json"


@pytest.fixture
def koeln(transactional_db):
    if not KOELN_CSV.is_file():
        pytest.fail(f"{KOELN_CSV} missing", pytrace=False)
    m = b.municipality("koeln")
    m.name = "Köln"
    m.save()
    for key, name in {"001": "Innenstadt", "006": "Chorweiler", "008": "Kalk"}.items():
        b.district(m, key, name)
    adopt_catalogue(municipality=m)
    import_statistics(KOELN_CSV, municipality=m, mapping=json.loads(MAPPING.read_text()))
    concept = b.concept(m)
    goal = b.goal(concept, title="Teilhabe in allen Stadtbezirken")
    b.measure(concept, status="running").goals.add(goal)
    b.user("rat", role="viewer", municipality=m)
    return m


def test_it_leads_a_viewer_to_the_koeln_values(page, live_server, koeln):
    login(page, live_server, "rat", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/koeln/")
    follow(page, page.get_by_role("link", name="Monitoring"))
    page.wait_for_url("**/monitoring/")
    assert page.get_by_role("heading", level=1).inner_text() == "Monitoring"
    assert "Ohne Indikatoren nach dem Stand der 1 Maßnahmen" in page.content()
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Anteil der Einwohner mit Migrationshintergrund"))
    table = page.get_by_role("table")
    # 2012 Kalk (Stadtbezirk 008, not the Stadtteil 802 of the same name)
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="2012"))
    # 55239 of 114885 residents = 48.08 %
    assert row.get_by_role("cell").nth(3).inner_text() == "48,08"
    assert_accessible(page)
    assert_no_console_errors(page)
