import django.db.models.deletion
from django.db import migrations, models


def link_motion_changes(apps, schema_editor):
    """The sentence idea_to_motion used to store in German becomes the link to the paper,
    so the pages say it in the reader's language."""
    IdeaStatusChange = apps.get_model("participation", "IdeaStatusChange")
    changes = IdeaStatusChange.objects.filter(reason__startswith="Daraus wird ein Antrag:", idea__motion__isnull=False)
    for change in changes.select_related("idea"):
        change.motion_id, change.reason = change.idea.motion_id, ""
        change.save(update_fields=["motion", "reason"])


class Migration(migrations.Migration):

    dependencies = [
        ("council", "0002_meeting_participants"),
        ("participation", "0006_event_coordinates"),
    ]

    operations = [
        migrations.AddField(
            model_name="ideastatuschange",
            name="motion",
            field=models.ForeignKey(blank=True, editable=False, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                    to="council.paper"),
        ),
        migrations.RunPython(link_motion_changes, migrations.RunPython.noop),
    ]
