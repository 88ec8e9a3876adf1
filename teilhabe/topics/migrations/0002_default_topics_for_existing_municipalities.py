"""Every municipality that exists before topics did gets the default topics (new ones get
them on creation: topics/actions.py)."""
from django.db import migrations


def add_defaults(apps, schema_editor):
    from teilhabe.topics.actions import DEFAULTS

    Municipality = apps.get_model("municipalities", "Municipality")
    Topic = apps.get_model("topics", "Topic")
    for municipality in Municipality.objects.exclude(pk__in=Topic.objects.values("municipality")):
        Topic.objects.bulk_create([
            Topic(municipality=municipality, key=key, title=title, summary=summary, icon=str(icon), position=n)
            for n, (key, title, summary, icon) in enumerate(DEFAULTS, 1)])


class Migration(migrations.Migration):
    dependencies = [("topics", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
