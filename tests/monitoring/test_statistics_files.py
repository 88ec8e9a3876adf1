"""The file of a successful statistics upload is kept in the default storage — a directory,
or S3-compatible object storage (here a real one on loopback, `s3_server`) — listed on the
upload page, downloaded through the back office and deleted there; only the coordination
of the town (or its Kreis) reaches it."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.monitoring.models import Observation, StatisticsFile
from tests import builders
from tests.monitoring.test_upload import koeln_slice

pytestmark = pytest.mark.django_db


@pytest.fixture
def koeln():
    kreis = builders.municipality("kreis-koeln", kind="kreis")
    m = builders.municipality("koeln", parent=kreis)
    builders.district(m, key="001", name="Innenstadt")
    adopt_catalogue(municipality=m)
    return m


@pytest.fixture
def coordinator(client, koeln):
    client.force_login(builders.user(role="coordinator", municipality=koeln))
    return client


@pytest.fixture(scope="module")
def csv_bytes():
    return koeln_slice("2012").encode()


def upload(client, content, name="Bevölkerung 2012.csv"):
    return client.post(reverse("monitoring:upload", args=["koeln"]), {
        "file": SimpleUploadedFile(name, content, content_type="text/csv"), "mapping": "builtin:koeln-bevoelkerung"})


def keep_through_the_page(client, content):
    response = upload(client, content)
    assert response.status_code == 200 and "Import abgeschlossen" in response.content.decode()
    kept = StatisticsFile.objects.get()
    assert (kept.name, kept.size, kept.mapping) == ("Bevölkerung 2012.csv", len(content), "builtin:koeln-bevoelkerung")
    assert "Bevölkerung 2012.csv" in client.get(reverse("monitoring:upload", args=["koeln"])).content.decode()
    return kept


def download(client, kept):
    return client.get(reverse("monitoring:statistics_file", args=["koeln", kept.pk]))


def delete(client, kept):
    return client.post(reverse("monitoring:statistics_file_delete", args=["koeln", kept.pk]))


def test_it_keeps_the_file_in_object_storage_serves_it_and_deletes_it(
        s3_storage, coordinator, koeln, csv_bytes, django_capture_on_commit_callbacks):
    kept = keep_through_the_page(coordinator, csv_bytes)
    assert s3_storage.objects() == ["media/" + kept.file.name]
    assert kept.file.name.startswith(f"statistics/{koeln.pk}/") and "Bev" not in kept.file.name

    response = download(coordinator, kept)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == csv_bytes
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(coordinator, kept)
    assert response.status_code == 302
    assert s3_storage.objects() == []
    assert not StatisticsFile.objects.exists()
    assert Observation.objects.filter(indicator__key="anteil-auslaender").count() == 2  # the values stay


def test_it_keeps_the_file_in_a_directory_by_default(coordinator, csv_bytes, django_capture_on_commit_callbacks):
    kept = keep_through_the_page(coordinator, csv_bytes)
    path = kept.file.path
    with open(path, "rb") as stored:
        assert stored.read() == csv_bytes
    assert b"".join(download(coordinator, kept).streaming_content) == csv_bytes
    with django_capture_on_commit_callbacks(execute=True):
        delete(coordinator, kept)
    assert not StatisticsFile.objects.exists()
    with pytest.raises(FileNotFoundError):
        open(path, "rb")


def test_a_failed_import_keeps_no_file(s3_storage, coordinator):
    response = upload(coordinator, b"Jahr,Wert\n2012,x\n")
    assert "Nichts importiert" in response.content.decode()
    assert s3_storage.objects() == [] and not StatisticsFile.objects.exists()


def test_a_storage_that_does_not_answer_imports_nothing_and_says_so(s3_storage, settings, coordinator, csv_bytes):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    default = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": {
        **default["OPTIONS"], "endpoint_url": f"http://127.0.0.1:{closed}"}}}
    response = upload(coordinator, csv_bytes)
    assert response.status_code == 200
    assert "Die Dateiablage hat die Datei nicht angenommen; nichts importiert." in response.content.decode()
    assert not Observation.objects.exists() and not StatisticsFile.objects.exists()


def test_a_file_missing_from_the_storage_is_a_404(coordinator, csv_bytes):
    kept = keep_through_the_page(coordinator, csv_bytes)
    kept.file.storage.delete(kept.file.name)
    assert download(coordinator, kept).status_code == 404


def test_only_the_coordination_of_the_town_or_its_kreis_downloads_and_deletes(
        client, koeln, csv_bytes, django_capture_on_commit_callbacks):
    people = builders.personas(koeln)
    client.force_login(people["coordinator"])
    kept = keep_through_the_page(client, csv_bytes)
    allowed = {"coordinator", "kreis_coordinator"}
    for name, person in people.items():
        client.logout()
        if person:
            client.force_login(person)
        response = download(client, kept)
        if name in allowed:
            assert response.status_code == 200, name
            continue
        assert response.status_code == (302 if person is None else 403), name
        assert delete(client, kept).status_code == (302 if person is None else 403), name
        assert StatisticsFile.objects.filter(pk=kept.pk).exists(), name
    client.force_login(people["kreis_coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        assert delete(client, kept).status_code == 302
    assert not StatisticsFile.objects.exists()


def test_a_file_of_another_town_is_not_found_through_this_one(client, koeln, csv_bytes):
    client.force_login(builders.user(role="coordinator", municipality=koeln))
    kept = keep_through_the_page(client, csv_bytes)
    other = builders.municipality("herne")
    client.force_login(builders.user(role="coordinator", municipality=other))
    assert client.get(reverse("monitoring:statistics_file", args=["herne", kept.pk])).status_code == 404
    assert client.post(reverse("monitoring:statistics_file_delete", args=["herne", kept.pk])).status_code == 404
    assert StatisticsFile.objects.filter(pk=kept.pk).exists()


def test_deleting_asks_for_post(coordinator, csv_bytes):
    kept = keep_through_the_page(coordinator, csv_bytes)
    assert coordinator.get(reverse("monitoring:statistics_file_delete", args=["koeln", kept.pk])).status_code == 405
    assert StatisticsFile.objects.filter(pk=kept.pk).exists()


def test_a_deleted_municipality_takes_its_files_along(coordinator, koeln, csv_bytes,
                                                      django_capture_on_commit_callbacks):
    kept = keep_through_the_page(coordinator, csv_bytes)
    storage, name = kept.file.storage, kept.file.name
    with django_capture_on_commit_callbacks(execute=True):
        koeln.delete()
    assert not storage.exists(name)
