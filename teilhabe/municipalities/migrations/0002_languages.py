from django.db import migrations

from teilhabe.municipalities.languages import ensure_languages


def load(apps, schema_editor):
    ensure_languages(apps.get_model("municipalities", "Language"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
