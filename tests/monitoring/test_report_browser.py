"""The evaluation report in a real Chromium: a viewer (the council) goes from the
monitoring page to the report of 2024, which axe-core finds accessible, and downloads the
PDF; the coordinator writes the recommendations through the form."""
import pytest

from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login
from tests.monitoring.report_data import ARABIC_ACTOR, lindenau

pytestmark = pytest.mark.browser


@pytest.fixture
def data(transactional_db):
    data = lindenau()
    b.user("rat", role="viewer", municipality=data["m"])
    b.user("koordination", role="coordinator", municipality=data["m"])
    return data


def test_it_leads_a_viewer_to_the_report_and_the_pdf(page, live_server, data):
    login(page, live_server, "rat", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/lindenau/monitoring/")
    follow(page, page.get_by_role("link", name="Evaluationsbericht ansehen und herunterladen"))
    assert page.get_by_role("heading", level=1).inner_text() == "Evaluationsberichte"
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Bericht 2024 ansehen"))
    assert page.get_by_role("heading", level=1).inner_text() == "Evaluationsbericht 2024"
    assert page.get_by_role("img", name="Anteil der Frauen in Sprachkursen").is_visible()
    measures = page.get_by_role("table", name="Maßnahmen im Handlungsfeld Sprachförderung mit Ergebnissen 2024")
    assert ARABIC_ACTOR in measures.get_by_role("row").nth(1).inner_text()
    assert page.get_by_role("link", name="Empfehlungen schreiben").count() == 0   # a viewer reads
    assert_accessible(page)
    assert_no_console_errors(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    download = info.value
    assert download.suggested_filename == "evaluationsbericht-lindenau-2024.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_it_lets_the_coordinator_write_the_recommendations(page, live_server, data):
    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/lindenau/monitoring/report/2024/")
    follow(page, page.get_by_role("link", name="Empfehlungen schreiben"))
    page.get_by_label("Empfehlungen").fill("")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert page.get_by_role("alert").is_visible()      # the error summary names the field
    assert_accessible(page)
    page.get_by_label("Empfehlungen").fill("<p>Elterncafés in der Nordstadt gründen.</p>")
    follow(page, page.get_by_role("button", name="Speichern"))
    assert page.get_by_role("heading", level=2, name="Empfehlungen").is_visible()
    assert page.get_by_text("Elterncafés in der Nordstadt gründen.").is_visible()
    assert_no_console_errors(page)
