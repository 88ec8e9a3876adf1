from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("translations", "0001_translation"),
    ]

    operations = [
        migrations.AddField(
            model_name="translation",
            name="source",
            field=models.TextField(blank=True, help_text="The German text this translation was made from "
                                                         "(empty where it is not known: translations made before it was kept)."),
        ),
    ]
