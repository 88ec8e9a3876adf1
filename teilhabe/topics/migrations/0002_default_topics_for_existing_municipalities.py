"""Every municipality that exists before topics did gets the default topics (new ones get
them on creation: topics/actions.py)."""
from django.db import migrations


def add_defaults(apps, schema_editor):
    from teilhabe.topics.defaults import DEFAULTS

    Municipality = apps.get_model("municipalities", "Municipality")
    Language = apps.get_model("municipalities", "Language")
    Topic = apps.get_model("topics", "Topic")
    TopicTranslation = apps.get_model("topics", "TopicTranslation")
    languages = {language.code: language for language in Language.objects.exclude(code="de")}
    for municipality in Municipality.objects.exclude(pk__in=Topic.objects.values("municipality")):
        for n, (key, icon, texts) in enumerate(DEFAULTS, 1):
            topic = Topic.objects.create(municipality=municipality, key=key, title=texts["de"][0],
                                         summary=texts["de"][1], icon=str(icon), position=n)
            TopicTranslation.objects.bulk_create([
                TopicTranslation(topic=topic, language=languages[code], title=title, summary=summary,
                                 source_revision=topic.text_revision)
                for code, (title, summary) in texts.items() if code in languages])


class Migration(migrations.Migration):
    dependencies = [("topics", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
