"""The statistics upload in a real Chromium, checked by axe-core, with the files in a real
S3-compatible server: the coordination uploads a file, finds it listed, downloads it and
deletes it; the bucket holds it exactly as long."""
import pytest

from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.monitoring.models import StatisticsFile
from tests import builders as b
from tests.browser import assert_accessible, assert_no_console_errors, base_url, follow, login
from tests.monitoring.test_upload import koeln_slice

pytestmark = pytest.mark.browser


def test_the_coordination_uploads_downloads_and_deletes_a_statistics_file(
        page, live_server, transactional_db, s3_storage, tmp_path):
    m = b.municipality("koeln")
    b.district(m, key="001", name="Innenstadt")
    adopt_catalogue(municipality=m)
    b.user("koordination", role="coordinator", municipality=m)
    source = tmp_path / "Bevölkerung 2012.csv"
    source.write_text(koeln_slice("2012"), encoding="utf-8")

    login(page, live_server, "koordination", b.PASSWORD)
    page.goto(base_url(live_server) + "/backoffice/koeln/monitoring/upload/")
    assert page.get_by_text("Noch keine Datei eingelesen.").is_visible()
    page.get_by_label("CSV-Datei").set_input_files(source)
    page.get_by_label("Spaltenzuordnung").select_option(value="builtin:koeln-bevoelkerung")
    follow(page, page.get_by_role("button", name="Hochladen und importieren"))
    assert page.get_by_role("heading", name="Import abgeschlossen").is_visible()
    kept = StatisticsFile.objects.get()
    assert s3_storage.objects() == ["media/" + kept.file.name]
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Bevölkerung 2012.csv").click()
    assert download.value.suggested_filename == "Bevölkerung 2012.csv"
    assert open(download.value.path(), "rb").read() == source.read_bytes()

    follow(page, page.get_by_role("button", name="löschen Bevölkerung 2012.csv"))
    assert page.get_by_text("Die Datei „Bevölkerung 2012.csv“ wurde gelöscht; ihre Werte bleiben.").is_visible()
    assert page.get_by_text("Noch keine Datei eingelesen.").is_visible()
    assert s3_storage.objects() == [] and not StatisticsFile.objects.exists()
    assert_no_console_errors(page)
