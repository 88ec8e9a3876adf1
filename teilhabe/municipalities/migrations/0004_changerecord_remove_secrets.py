"""Removes secrets from change records written before the history left them out: an
idea's or a registration's token and form token (whoever had them could open the private
page, read the person's details and delete them), check-in codes, anything named like a
password or hash. A record that held nothing else is removed: it says nothing any more.

The rule is copied from teilhabe.municipalities.history (is_secret) as it stood when this
migration was written: a migration must not change when the code does."""
import re

from django.db import migrations

SECRET_NAME = re.compile(r"(?:^|_)(?:token|password|secret|hash)$")
SECRET_NAMES = {"check_in_code"}
BATCH = 500


def secret(name):
    return bool(SECRET_NAME.search(name)) or name in SECRET_NAMES


def remove_secrets(apps, schema_editor):
    ChangeRecord = apps.get_model("municipalities", "ChangeRecord")
    cleaned, emptied = [], []
    for record in ChangeRecord.objects.only("id", "changes").iterator(chunk_size=2000):
        if not isinstance(record.changes, dict) or not any(secret(name) for name in record.changes):
            continue
        record.changes = {name: values for name, values in record.changes.items() if not secret(name)}
        (cleaned if record.changes else emptied).append(record)
        if len(cleaned) >= BATCH:
            ChangeRecord.objects.bulk_update(cleaned, ["changes"])
            cleaned = []
    ChangeRecord.objects.bulk_update(cleaned, ["changes"], batch_size=BATCH)
    for start in range(0, len(emptied), BATCH):
        ChangeRecord.objects.filter(pk__in=[r.pk for r in emptied[start:start + BATCH]]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("municipalities", "0003_alter_municipality_slug"),
    ]

    # Nothing to restore: the secrets are gone on purpose.
    operations = [migrations.RunPython(remove_secrets, migrations.RunPython.noop)]
