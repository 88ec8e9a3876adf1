"""Statistics uploaded in the browser go through the same importer as the command:
all or nothing, problems by line and column, unmatched areas reported."""
import json
from html import unescape
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.backoffice.monitoring_forms import UPLOAD_LIMIT
from teilhabe.monitoring.models import ImportMapping, Indicator, Observation
from tests import builders

pytestmark = pytest.mark.django_db

# A slice of the real file, shipped with the tests (tests/data/koeln-bevoelkerung/README.md).
KOELN_CSV = Path(__file__).resolve().parents[1] / "data" / "koeln-bevoelkerung" / "bevoelkerung.csv"
MAPPING = Path(__file__).resolve().parents[2] / "teilhabe" / "monitoring" / "mappings" / "koeln-bevoelkerung.json"


def koeln_slice(year="2012"):
    """The header and every row of one year of the real Köln file (all its tables)."""
    if not KOELN_CSV.is_file():
        pytest.fail(f"{KOELN_CSV} missing", pytrace=False)
    lines = KOELN_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    return lines[0] + "".join(line for line in lines[1:] if line.split(",")[3] == year)


@pytest.fixture
def koeln():
    m = builders.municipality("koeln")
    m.name = "Köln"
    m.save()
    builders.district(m, key="001", name="Innenstadt")
    builders.district(m, key="006", name="Chorweiler")
    adopt_catalogue(municipality=m)
    return m


@pytest.fixture
def coordinator(client, koeln):
    client.force_login(builders.user(role="coordinator", municipality=koeln))
    return client


def upload(client, content, mapping="builtin:koeln-bevoelkerung", name="statistik.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(reverse("monitoring:upload", args=["koeln"]),
                       {"file": SimpleUploadedFile(name, content, content_type="text/csv"), "mapping": mapping})


def value(key, period, district=None):
    return Observation.objects.get(indicator__key=key, period=period, district__key=district, category="").value


def test_it_imports_a_slice_of_the_real_koeln_file(coordinator, koeln):
    page = coordinator.get(reverse("monitoring:upload", args=["koeln"])).content.decode()
    assert "Höchstens 20 MB" in page and "Köln, Bevölkerung" in page
    assert "teilhabe import-statistics DATEI.csv --municipality koeln --mapping" in page
    response = upload(coordinator, koeln_slice("2012"))
    assert response.status_code == 200
    html = response.content.decode()
    # 2012 Stadt Köln: 180415 foreign nationals of 1044555 residents; Innenstadt 21712 of 127827
    assert value("anteil-auslaender", "2012") == Decimal("17.2719")
    assert value("anteil-auslaender", "2012", "001") == Decimal("16.9855")
    assert Observation.objects.filter(indicator__key="anteil-auslaender").count() == 3
    assert Observation.objects.filter(indicator__key="anteil-migrationshintergrund").count() == 3
    assert "Import abgeschlossen" in html and "Anteil ausländischer Staatsangehöriger</a>: 3 Werte" in html
    assert "Zeiträume: 2012" in html
    # Other Stadtbezirke and the Stadtteile are not districts here: left out and listed.
    unmatched = html[html.index("Nicht zugeordnete Gebiete"):]
    assert "008 Kalk" in unmatched and "802 Kalk" in unmatched


def test_it_detects_semicolons_and_decimal_commas(coordinator, koeln):
    text = koeln_slice("2012").replace(",", ";").replace(".0\n", ",0\n")
    assert "Import abgeschlossen" in upload(coordinator, text.encode("cp1252")).content.decode()
    assert value("anteil-auslaender", "2012") == Decimal("17.2719")


def test_it_reads_excels_unicode_text_utf16_with_its_bom(coordinator, koeln):
    assert "Import abgeschlossen" in upload(coordinator, koeln_slice("2012").encode("utf-16")).content.decode()
    assert value("anteil-auslaender", "2012") == Decimal("17.2719")


def test_it_uses_a_saved_mapping(coordinator, koeln):
    config = json.loads(MAPPING.read_text(encoding="utf-8"))
    config["indicators"] = config["indicators"][:1]
    ImportMapping.objects.create(municipality=koeln, key="nur-auslaender", name="Nur Ausländeranteil", config=config)
    other = builders.municipality()
    ImportMapping.objects.create(municipality=other, key="fremd", name="Fremde Zuordnung", config=config)
    page = coordinator.get(reverse("monitoring:upload", args=["koeln"])).content.decode()
    assert "Nur Ausländeranteil" in page and "Fremde Zuordnung" not in page
    assert upload(coordinator, koeln_slice("2010"), mapping="nur-auslaender").status_code == 200
    assert set(Observation.objects.values_list("indicator__key", flat=True)) == {"anteil-auslaender"}
    response = upload(coordinator, koeln_slice("2010"), mapping="fremd")
    assert list(response.context["form"].errors) == ["mapping"]


def broken_slice():
    lines = koeln_slice("2012").splitlines(keepends=True)
    # line 3 of the file: a number is text now
    lines[2] = lines[2].rsplit(",", 1)[0] + ",fünf\n"
    return "".join(lines)


@pytest.mark.parametrize("content, expected", [
    (broken_slice, 'Zeile 3, Spalte "zahl": „fünf“ ist keine Zahl'),
    (lambda: koeln_slice().replace(",", ";", 8), "Zeile 2: 1 Felder statt 9 wie in der Kopfzeile"),
    (lambda: koeln_slice().replace(",2012,", ",20x2,", 1), 'Zeile 2, Spalte "jahr": „20x2“ ist kein Zeitraum'),
    (lambda: koeln_slice() + "1,2,3\n", "3 Felder statt 9"),
    (lambda: koeln_slice().encode("utf-16-le"), "wohl UTF-16 ohne Byte-Order-Mark"),
    (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "Zeile"),
    (lambda: "\n\n", "leere Datei"),
    (lambda: "jahr,raum_id\n2012,000\n", "Spalte fehlt"),
])
def test_it_writes_nothing_from_a_broken_file_and_names_the_line(coordinator, koeln, content, expected):
    before = Observation.objects.create(indicator=Indicator.objects.get(municipality=koeln, key="anteil-auslaender"),
                                        period="2012", value=Decimal("1"))
    response = upload(coordinator, content())
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Nichts importiert" in html and expected in html, html[html.find("form-errors"):][:800]
    assert list(Observation.objects.all()) == [before]


def test_it_names_an_indicator_the_mapping_needs(coordinator, koeln):
    Indicator.objects.filter(municipality=koeln, key="anteil-migrationshintergrund").delete()
    html = unescape(upload(coordinator, koeln_slice()).content.decode())
    assert "Zuordnung, indicators[1].indicator: unbekannter Indikator 'anteil-migrationshintergrund'" in html
    assert not Observation.objects.exists()


@pytest.mark.parametrize("data, field", [
    ({"mapping": "builtin:koeln-bevoelkerung"}, "file"),
    ({"mapping": "builtin:gibt-es-nicht", "file": b"a,b\n"}, "mapping"),
    ({"mapping": "", "file": b"a,b\n"}, "mapping"),
    ({"mapping": "builtin:koeln-bevoelkerung", "file": b""}, "file"),
    ({"mapping": "builtin:koeln-bevoelkerung", "file": b"x" * (UPLOAD_LIMIT + 1)}, "file"),
])
def test_it_names_a_missing_or_wrong_form_field(coordinator, koeln, data, field):
    if "file" in data:
        data["file"] = SimpleUploadedFile("s.csv", data["file"], content_type="text/csv")
    response = coordinator.post(reverse("monitoring:upload", args=["koeln"]), data)
    assert response.status_code == 200 and list(response.context["form"].errors) == [field]
    assert not Observation.objects.exists()


def test_it_says_where_large_files_go(coordinator, koeln):
    data = {"mapping": "builtin:koeln-bevoelkerung",
            "file": SimpleUploadedFile("s.csv", b"x" * (UPLOAD_LIMIT + 1), content_type="text/csv")}
    response = coordinator.post(reverse("monitoring:upload", args=["koeln"]), data)
    assert "größer als 20 MB" in response.content.decode() and "import-statistics" in response.content.decode()


@pytest.mark.parametrize("role", ["viewer", "actor_editor", "other_coordinator"])
def test_it_lets_only_coordinators_upload(client, koeln, role):
    user = {"viewer": lambda: builders.user(role="viewer", municipality=koeln),
            "actor_editor": lambda: builders.user(role="actor_editor", municipality=koeln,
                                                  actor=builders.actor(koeln)),
            "other_coordinator": lambda: builders.user(role="coordinator", municipality=builders.municipality()),
            }[role]()
    client.force_login(user)
    assert client.get(reverse("monitoring:upload", args=["koeln"])).status_code == 403
    assert upload(client, koeln_slice()).status_code == 403
    assert not Observation.objects.exists()
