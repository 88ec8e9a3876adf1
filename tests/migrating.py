"""Migration tests in a database of their own: empty, of the suite's engine, migrated forwards
only to the nodes a test names (and what they depend on), dropped afterwards.

Migrating the suite's database back to an app's early migration unapplies every migration
that depends on it and applies them all again, each with the whole project's state rendered
(participation 0001: 28 s on SQLite, 36 s on PostgreSQL). From an empty database the plan
holds only the named nodes' ancestors (participation 0002: 11 of the project's 84
migrations), and the suite's schema is never touched. For a late migration few depend on,
migrating the suite's database back is cheaper (tests/participation/test_idea_uid.py).

While `own_database()` is open, it *is* the default connection: the migrations' RunPython
functions and the test's models (today's and the historical ones) use it without `using`."""
import contextlib
import copy
import uuid

from django.db import connections
from django.db.migrations.executor import MigrationExecutor


@contextlib.contextmanager
def own_database(tmp_path):
    suite = connections["default"]
    settings = copy.deepcopy(suite.settings_dict)
    if suite.vendor == "sqlite":
        settings["NAME"] = str(tmp_path / "migrations.sqlite3")
    else:  # PostgreSQL: a database beside the test database, made and dropped outside its transaction
        settings["NAME"] = f"{suite.settings_dict['NAME']}_migrations_{uuid.uuid4().hex[:8]}"
        with suite._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    own = type(suite)(settings, "default")
    connections["default"] = own
    try:
        yield own
    finally:
        connections["default"] = suite
        own.close()
        if suite.vendor != "sqlite":
            with suite._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE "{settings["NAME"]}"')


def migrate(targets):
    """Migrate the default database to `targets`; the historical models there."""
    executor = MigrationExecutor(connections["default"])
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
