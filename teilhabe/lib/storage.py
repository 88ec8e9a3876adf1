"""Where uploaded files live (Django's storage API, `storages["default"]`): a directory by
default, S3-compatible object storage (django-storages) when TEILHABE_S3_BUCKET is set.
Files are private either way: pages stream them after their own access check, so the
bucket needs no public access and no address of it reaches a browser."""
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from teilhabe.lib.env import env_str

ADDRESSING_STYLES = ("auto", "path", "virtual")


def default_storage_from_env(var_dir):
    """The STORAGES["default"] entry the TEILHABE_MEDIA_DIR and TEILHABE_S3_* variables ask for."""
    bucket = env_str("TEILHABE_S3_BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": env_str("TEILHABE_MEDIA_DIR", str(var_dir / "media"))}}
    style = env_str("TEILHABE_S3_ADDRESSING_STYLE", "auto")
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(f"TEILHABE_S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}; "
                                   f"got {style!r}")
    from botocore.config import Config

    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket,
        "endpoint_url": env_str("TEILHABE_S3_ENDPOINT_URL") or None,
        "region_name": env_str("TEILHABE_S3_REGION") or None,
        # Empty: boto3 looks for credentials itself (AWS_* variables, an instance role).
        "access_key": env_str("TEILHABE_S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("TEILHABE_S3_SECRET_ACCESS_KEY") or None,
        "location": env_str("TEILHABE_S3_PREFIX").strip("/"),
        "addressing_style": None if style == "auto" else style,
        "default_acl": None,  # the bucket's own policy: private
        "querystring_auth": True,  # any address made of a file is signed and expires
        "file_overwrite": False,
        # A storage that does not answer must not hold a request for minutes.
        "client_config": Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3}),
    }}


PROBE_KEY = "teilhabe-readyz"


def probe(storage):
    """A question to `storage` that reads no file, to run in another thread: it returns True
    when the storage can serve and raises (or returns False) when not. S3: a HEAD of the
    bucket — 404 for a missing bucket and 403 for a key without access raise, where a HEAD
    of some object would take a missing bucket for a missing object. A directory: it (or,
    before the first upload, the directory it will be made in) is writable. Other storages:
    `exists()` of a fixed key answers. The S3 client is taken here, in the calling thread:
    django-storages keeps one per thread (made once, not at each probe) and it may be used
    from any thread."""
    if hasattr(storage, "bucket_name"):
        client, bucket = storage.connection.meta.client, storage.bucket_name
        return lambda: client.head_bucket(Bucket=bucket) is not None
    if hasattr(storage, "location"):
        location = Path(storage.location)

        def writable():
            path = location
            while not path.exists() and path != path.parent:
                path = path.parent
            return path.is_dir() and os.access(path, os.W_OK | os.X_OK)
        return writable

    def answers():
        storage.exists(PROBE_KEY)  # True or False: either way the storage answered
        return True
    return answers
