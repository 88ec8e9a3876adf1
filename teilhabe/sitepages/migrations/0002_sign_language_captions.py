from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("sitepages", "0001_pages_and_feedback"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitepage",
            name="captions",
            field=models.FileField(blank=True, max_length=200, upload_to="sitepages/", verbose_name="Untertitel (WebVTT)"),
        ),
    ]
