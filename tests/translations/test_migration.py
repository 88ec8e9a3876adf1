"""translations 0003: the translations of topics, information texts and news move from their
own tables onto the generic Translation, each field its own row, current ones current and
outdated ones still outdated."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from teilhabe.municipalities.languages import ensure_languages
from teilhabe.municipalities.models import Municipality
from teilhabe.news.models import NewsItem
from teilhabe.topics.models import InformationText, Topic
from teilhabe.translations.texts import texts_in

BEFORE = [("translations", "0002_translation_source"), ("topics", "0002_default_topics_for_existing_municipalities"),
          ("news", "0001_initial")]
AFTER = [("translations", "0003_topics_and_news_translations"), ("topics", "0004_translations_moved_to_translations_app"),
         ("news", "0002_translations_moved_to_translations_app")]


@pytest.mark.django_db(transaction=True)
def test_it_moves_topic_text_and_news_translations_keeping_the_outdated_state():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    ensure_languages(old.get_model("municipalities", "Language"))
    language = {lang.code: lang for lang in old.get_model("municipalities", "Language").objects.all()}
    # bulk_create sends no post_save: no default topics (today's Topic has no text_revision).
    Municipality.objects.bulk_create([Municipality(slug="umzug", name="Umzug", kind="town")])
    town = old.get_model("municipalities", "Municipality").objects.get(slug="umzug")
    topic = old.get_model("topics", "Topic").objects.create(
        municipality=town, key="wohnen", title="Wohnen", summary="Miete und Strom", text_revision=2)
    old_topic_translation = old.get_model("topics", "TopicTranslation").objects
    old_topic_translation.create(topic=topic, language=language["ar"], title="السكن", summary="الإيجار", source_revision=2)
    old_topic_translation.create(topic=topic, language=language["en"], title="Housing", summary="", source_revision=1)
    text = old.get_model("topics", "InformationText").objects.create(
        topic=topic, title="Anmelden", body="<p>Im Bürgerbüro</p>", text_revision=1)
    old.get_model("topics", "InformationTextTranslation").objects.create(
        text=text, language=language["uk"], title="Реєстрація", body="<p>У бюро</p>", source_revision=1)
    item = old.get_model("news", "NewsItem").objects.create(
        municipality=town, title="Sprachcafé", teaser="Dienstags", text="<p>Neu</p>", text_revision=3)
    old.get_model("news", "NewsTranslation").objects.create(
        news=item, language=language["fa"], title="کافه زبان", teaser="", text="<p>جدید</p>", source_revision=2)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    topic, text, item = Topic.objects.get(pk=topic.pk), InformationText.objects.get(pk=text.pk), NewsItem.objects.get(pk=item.pk)
    arabic, english = texts_in(topic, "ar"), texts_in(topic, "en")
    assert (arabic["title"], arabic["summary"]) == ("السكن", "الإيجار")
    assert not arabic["title"].outdated and not arabic["summary"].outdated
    assert english["title"] == "Housing" and english["title"].outdated  # made from revision 1 of 2
    assert english["summary"].language == "de"  # it had none: German, as before
    ukrainian = texts_in(text, "uk")
    assert (ukrainian["title"], ukrainian["body"]) == ("Реєстрація", "<p>У бюро</p>") and not ukrainian["body"].outdated
    persian = texts_in(item, "fa")
    assert (persian["title"], persian["text"]) == ("کافه زبان", "<p>جدید</p>") and persian["text"].outdated
    assert persian["teaser"].language == "de"
    assert item.translated_languages() == ["fa"] and topic.translated_languages() == ["ar", "en"]
