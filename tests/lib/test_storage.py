"""The default storage from the environment (lib/storage.py): a directory unless
TEILHABE_S3_BUCKET names a bucket; a value it cannot use stops start-up, naming it."""
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from teilhabe.lib.storage import default_storage_from_env

S3 = ("TEILHABE_S3_BUCKET", "TEILHABE_S3_ENDPOINT_URL", "TEILHABE_S3_REGION", "TEILHABE_S3_ACCESS_KEY_ID",
      "TEILHABE_S3_SECRET_ACCESS_KEY", "TEILHABE_S3_PREFIX", "TEILHABE_S3_ADDRESSING_STYLE", "TEILHABE_MEDIA_DIR")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in S3:
        monkeypatch.delenv(name, raising=False)


def test_it_keeps_files_under_var_media_by_default():
    assert default_storage_from_env(Path("/srv/var")) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": "/srv/var/media"}}


def test_it_takes_another_directory(monkeypatch):
    monkeypatch.setenv("TEILHABE_MEDIA_DIR", "/mnt/geteilt/teilhabe")
    assert default_storage_from_env(Path("/srv/var"))["OPTIONS"] == {"location": "/mnt/geteilt/teilhabe"}


def test_it_uses_a_private_bucket_when_one_is_named(monkeypatch):
    for name, value in {"TEILHABE_S3_BUCKET": "teilhabe", "TEILHABE_S3_ENDPOINT_URL": "https://s3.rz.example",
                        "TEILHABE_S3_REGION": "de-west", "TEILHABE_S3_ACCESS_KEY_ID": "id",
                        "TEILHABE_S3_SECRET_ACCESS_KEY": "geheim", "TEILHABE_S3_PREFIX": "/herten/",
                        "TEILHABE_S3_ADDRESSING_STYLE": "path"}.items():
        monkeypatch.setenv(name, value)
    storage = default_storage_from_env(Path("/srv/var"))
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert {k: options[k] for k in ("bucket_name", "endpoint_url", "region_name", "access_key", "secret_key",
                                    "location", "addressing_style")} == {
        "bucket_name": "teilhabe", "endpoint_url": "https://s3.rz.example", "region_name": "de-west",
        "access_key": "id", "secret_key": "geheim", "location": "herten", "addressing_style": "path"}
    # Never public: no ACL of ours, and any address made of a file would be signed.
    assert options["default_acl"] is None and options["querystring_auth"] is True


def test_it_leaves_unset_credentials_to_boto3(monkeypatch):
    monkeypatch.setenv("TEILHABE_S3_BUCKET", "teilhabe")
    options = default_storage_from_env(Path("/srv/var"))["OPTIONS"]
    assert options["access_key"] is None and options["secret_key"] is None and options["endpoint_url"] is None
    assert options["addressing_style"] is None


def test_it_refuses_an_unknown_addressing_style(monkeypatch):
    monkeypatch.setenv("TEILHABE_S3_BUCKET", "teilhabe")
    monkeypatch.setenv("TEILHABE_S3_ADDRESSING_STYLE", "subdomain")
    with pytest.raises(ImproperlyConfigured, match="TEILHABE_S3_ADDRESSING_STYLE must be one of auto, path, virtual"):
        default_storage_from_env(Path("/srv/var"))
