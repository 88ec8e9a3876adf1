"""Ideas get a stable identity that is no database id and no secret (the token is one):
the exchange format names an idea by it, so that export → import → export is the same
document and a second import updates instead of duplicating. Existing ideas get one
each (three steps, since a unique column cannot be added with one default for all rows)."""
import uuid

from django.db import migrations, models


def give_each_idea_a_uid(apps, schema_editor):
    Idea = apps.get_model("participation", "Idea")
    for idea in Idea.objects.filter(uid__isnull=True).only("pk"):
        Idea.objects.filter(pk=idea.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [("participation", "0007_ideastatuschange_motion")]

    operations = [
        migrations.AddField(model_name="idea", name="uid", field=models.UUIDField(null=True, editable=False)),
        migrations.RunPython(give_each_idea_a_uid, migrations.RunPython.noop),
        migrations.AlterField(model_name="idea", name="uid",
                              field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False)),
    ]
