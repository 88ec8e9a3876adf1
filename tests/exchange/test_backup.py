"""Backup and restore as docs/operations.md describes them: the database with its own tool
(sqlite3 ".backup", pg_dump/pg_restore), the stored files with `teilhabe backup-files` and
`teilhabe restore-files`. Restored into an empty database and an empty storage, teilhabe
exports the same document and finds its files."""
import io
import subprocess
import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from teilhabe.exchange.stored_files import stored_names
from teilhabe.monitoring.actions import adopt_catalogue, import_statistics_file
from teilhabe.monitoring.importer import builtin_mappings
from tests import builders
from tests.monitoring.test_upload import koeln_slice
from tests.processes import REPO_DIR, TEILHABE, database_url, environment


def town_with_a_file():
    m = builders.municipality("koeln")
    builders.district(m, key="001", name="Innenstadt")
    concept = builders.concept(m)
    verein = builders.actor(m, "verein", name="Verein für Begegnung")
    builders.measure(concept, "M-1", responsible=verein)
    builders.offer(m, verein, "A-1", title="Deutschkurs am Abend", is_published=True)
    adopt_catalogue(municipality=m)
    content = koeln_slice("2012").encode()
    _summary, kept = import_statistics_file(
        SimpleUploadedFile("Bevölkerung 2012.csv", content), municipality=m,
        mapping=builtin_mappings()["koeln-bevoelkerung"][1], user=None, mapping_name="builtin:koeln-bevoelkerung")
    return kept, content


def run(*command, env=None):
    result = subprocess.run([str(c) for c in command], cwd=REPO_DIR, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, (command, result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout


@pytest.fixture
def restored_database(transactional_db, tmp_path):
    """Backs up the test database with the documented command and restores it into an
    empty database (the same kind): a function giving the restored DATABASE_URL."""
    created = []

    def restore():
        if connection.vendor == "sqlite":
            backup = tmp_path / "backup.sqlite3"
            run("sqlite3", connection.settings_dict["NAME"], f".backup '{backup}'")
            return f"sqlite:///{backup}"
        dump = tmp_path / "teilhabe.dump"
        run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", database_url())
        name = f"restored_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        url = database_url().rsplit("/", 1)[0] + f"/{name}"
        run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={url}", dump)
        return url

    yield restore
    for name in created:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_a_backup_restored_into_an_empty_database_and_empty_storage_exports_the_same(
        restored_database, s3_storage, settings, tmp_path):
    kept, content = town_with_a_file()
    exported = io.StringIO()
    call_command("export", "koeln", stdout=exported)
    assert "Deutschkurs am Abend" in exported.getvalue()

    restored_url = restored_database()
    call_command("backup-files", str(tmp_path / "files"), stdout=io.StringIO())
    empty = f"leer-{uuid.uuid4().hex[:12]}"
    client = default_storage.connection.meta.client
    client.create_bucket(Bucket=empty)
    default = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": {
        **default["OPTIONS"], "bucket_name": empty}}}
    out = io.StringIO()
    call_command("restore-files", str(tmp_path / "files"), stdout=out)
    assert "1 Datei(en) abgelegt, 0 waren schon da" in out.getvalue()

    env = environment(**{**s3_storage.environment, "TEILHABE_S3_BUCKET": empty, "DATABASE_URL": restored_url})
    assert run(TEILHABE, "export", "koeln", env=env) == exported.getvalue()
    # The restored storage has the file the restored database names, byte for byte.
    assert client.get_object(Bucket=empty, Key=f"media/{kept.file.name}")["Body"].read() == content


def test_the_files_of_a_directory_go_into_a_backup_and_back_into_an_empty_directory(
        db, settings, tmp_path):
    def directory(name):
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / name)}}}

    directory("media")
    for name, data in (("statistics/1/a.csv", b"Jahr,Wert\n"), ("statistics/2/b.csv", b"x" * 3_000_000)):
        default_storage.save(name, io.BytesIO(data))
    out = io.StringIO()
    call_command("backup-files", str(tmp_path / "backup"), stdout=out)
    assert "2 Datei(en)" in out.getvalue()
    assert (tmp_path / "backup" / "statistics" / "2" / "b.csv").stat().st_size == 3_000_000

    directory("empty")
    assert list(stored_names()) == []
    call_command("restore-files", str(tmp_path / "backup"), stdout=out)
    assert sorted(stored_names()) == ["statistics/1/a.csv", "statistics/2/b.csv"]
    assert default_storage.open("statistics/1/a.csv").read() == b"Jahr,Wert\n"
    out = io.StringIO()
    call_command("restore-files", str(tmp_path / "backup"), stdout=out)  # again: nothing doubled
    assert "0 Datei(en) abgelegt, 2 waren schon da" in out.getvalue()
    assert sorted(stored_names()) == ["statistics/1/a.csv", "statistics/2/b.csv"]


def test_restore_files_names_a_missing_directory(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="kein Verzeichnis") as error:
        call_command("restore-files", str(tmp_path / "nirgends"))
    assert error.value.returncode == 2
