"""A news item gets a stable identity of its own (`uid`), as events have: the exchange format
finds an item by it when a document is imported again (a title or date can change; a
database id does not travel). Existing items get a fresh one each."""
import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    NewsItem = apps.get_model("news", "NewsItem")
    for pk in NewsItem.objects.values_list("pk", flat=True):
        NewsItem.objects.filter(pk=pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [("news", "0002_translations_moved_to_translations_app")]

    operations = [
        migrations.AddField("newsitem", "uid", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("newsitem", "uid", models.UUIDField(default=uuid.uuid4, editable=False)),
        migrations.AddConstraint("newsitem", models.UniqueConstraint(
            fields=["municipality", "uid"], name="news_uid_unique")),
    ]
