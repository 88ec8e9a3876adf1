"""Helpers for tests that run teilhabe in processes of its own (workers, commands) against
the test database: only what a test committed (`transactional_db`) is seen there."""
import os
import sys
from pathlib import Path
from urllib.parse import quote

REPO_DIR = Path(__file__).resolve().parent.parent
TEILHABE = Path(sys.executable).parent / "teilhabe"


def database_url(connection=None):
    """DATABASE_URL of the test database this process uses."""
    if connection is None:
        from django.db import connection
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    auth = quote(settings["USER"], safe="")
    if settings["PASSWORD"]:
        auth += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"]
    if host.startswith("/"):  # a Unix socket directory
        return f"postgres://{auth}@/{quote(settings['NAME'])}?host={quote(host)}"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{quote(settings['NAME'])}"


def environment(**extra):
    """The environment of a teilhabe process on the test database; output unbuffered so
    that a test can wait for a line."""
    return {**os.environ, "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "teilhabe.settings", **extra}
