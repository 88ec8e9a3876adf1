"""Where uploaded files live (Django's storage API, `storages["default"]`): a directory by
default, S3-compatible object storage (django-storages) when TEILHABE_S3_BUCKET is set.
Files are private either way: pages stream them after their own access check, so the
bucket needs no public access and no address of it reaches a browser."""
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
