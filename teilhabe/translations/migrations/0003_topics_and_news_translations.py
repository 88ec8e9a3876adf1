"""Topics, information texts and news move from their own translation tables (TopicTranslation,
InformationTextTranslation, NewsTranslation: one row per language, a source_revision against
the object's text_revision) onto the generic Translation (one row per field and language, a
fingerprint of the German). A translation that was current is fingerprinted with today's
German; one that was outdated with a text that is not the German, so it stays outdated.
The old tables are dropped by topics 0003 and news 0002, which run after this."""
import hashlib

from django.db import migrations


def fingerprint(text):  # as teilhabe.translations.models.fingerprint
    return hashlib.sha256((text or "").encode()).hexdigest()


MOVED = [
    # (app, source model, translation model, link to the source, fields, the source's way to its municipality)
    ("topics", "topic", "TopicTranslation", "topic", ("title", "summary"), "municipality"),
    ("topics", "informationtext", "InformationTextTranslation", "text", ("title", "body"), "topic__municipality"),
    ("news", "newsitem", "NewsTranslation", "news", ("title", "teaser", "text"), "municipality"),
]


def move(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Translation = apps.get_model("translations", "Translation")
    for app, model, translation_model, link, fields, municipality in MOVED:
        content_type, _created = ContentType.objects.get_or_create(app_label=app, model=model)
        rows = []
        old = apps.get_model(app, translation_model).objects.select_related(
            "language", f"{link}__{municipality}").order_by("pk")
        for t in old:
            source = getattr(t, link)
            owner = source
            for step in municipality.split("__"):
                owner = getattr(owner, step)
            municipality_id = owner.pk
            outdated = t.source_revision < source.text_revision
            for field in fields:
                text = getattr(t, field)
                if not text:
                    continue
                german = getattr(source, field)
                rows.append(Translation(
                    municipality_id=municipality_id, content_type=content_type, object_id=source.pk,
                    field=field, language=t.language.code, text=text,
                    # The German an outdated one was made from is not known: no source to show.
                    source_fingerprint=fingerprint(f"outdated: made from revision {t.source_revision}")
                    if outdated else fingerprint(german), source="" if outdated else german))
        Translation.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("translations", "0002_translation_source"),
        ("topics", "0002_default_topics_for_existing_municipalities"),
        ("news", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
