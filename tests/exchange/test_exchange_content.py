"""Topics with texts, news with media and content translations in the exchange format:
round trip through an empty municipality (media bytes through the directory of files),
all-or-nothing with each bad entry named, and nothing personal of press contacts."""
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from teilhabe.exchange.exporter import export_municipality
from teilhabe.exchange.importer import ExchangeError, import_document, validate_document
from teilhabe.exchange.news_sections import stored_media
from teilhabe.exchange.stored_files import copy_out
from teilhabe.municipalities.models import Language, Municipality
from teilhabe.news import actions as news_actions
from teilhabe.news.models import NewsItem, Picture
from teilhabe.topics.models import InformationText, Topic
from teilhabe.translations.models import Translation
from teilhabe.translations.texts import save_texts
from tests import builders
from tests.news import builders as nb

pytestmark = pytest.mark.django_db


@pytest.fixture
def lindenau():
    m = builders.municipality("lindenau", languages=("de", "en", "ar"))
    concept = builders.concept(m, version=1, title="Konzept", summary="Kurz.")
    sprache = builders.field(concept, "sprache", "Sprachförderung")
    measure = builders.measure(concept, "M-1", title="Sprachcafés", description="Jeden Dienstag.")
    offer = builders.offer(m, builders.actor(m, "vhs"), "A-1", field=sprache)
    topic = Topic.objects.create(municipality=m, key="ankommen-2", title="Ankommen", summary="Erste Schritte",
                                 icon="arrival", position=9, field_keys=["sprache", "alt"])
    topic.offers.set([offer])
    InformationText.objects.create(topic=topic, title="Anmelden", body="<p>Im <strong>Bürgerbüro</strong>.</p>",
                                   position=1)
    InformationText.objects.create(topic=topic, title="Bank", body="", position=0, is_published=False)
    item = nb.item(m, "Sprachcafé eröffnet", office="Integrationsbüro", press_contact_role="Pressestelle",
                   press_contact_name="Erika Muster", press_contact_consent=True,
                   press_contact_email="presse@lindenau.example")
    item.measures.set([measure])
    item.fields.set([sprache])
    nb.picture(item, caption="Eröffnung")
    nb.picture(item, nb.image_bytes((300, 200), colour=(10, 90, 200)), alt_text="Ein blaues Rechteck")
    news_actions.attach_pdf(item, nb.upload(b"%PDF-1.4\n% Programm\n", "programm.pdf", "application/pdf"),
                            name="Programm")
    nb.item(m, "Entwurf", status="draft")
    save_texts(measure, "en", {"title": "Language cafés"})
    save_texts(topic, "ar", {"title": "الوصول"})
    save_texts(topic.texts.get(title="Anmelden"), "en", {"title": "Registering", "body": "<p>At the office.</p>"})
    save_texts(item, "en", {"title": "Language café opened"})
    save_texts(concept, "en", {"summary": "Short."})
    # Outdated: the German changed after translating (known source), and one moved from the
    # old tables (source not known).
    measure.title = "Sprachcafés im Quartier"
    measure.save()
    Translation.objects.filter(field="summary", language="en").update(
        source="", source_fingerprint="0" * 64)
    return m


def _files(m, directory):
    copied, missing = copy_out(stored_media(m), directory)
    assert missing == [] and copied == 3 + 1 + 1  # three and one variants, one PDF
    return directory


def test_it_round_trips_topics_news_media_and_translations_through_an_empty_municipality(lindenau, tmp_path,
                                                                                          client):
    exported = export_municipality(lindenau)
    files = _files(lindenau, tmp_path)
    exported["municipality"]["slug"] = "kopie"

    import_document(exported, files=files)
    kopie = Municipality.objects.get(slug="kopie")

    assert export_municipality(kopie) == exported
    topic = next(t for t in exported["topics"] if t["key"] == "ankommen-2")
    assert topic == {"key": "ankommen-2", "title": "Ankommen", "summary": "Erste Schritte", "icon": "arrival",
                     "position": 9, "published": True, "fields": ["sprache", "alt"], "offers": ["A-1"],
                     "texts": [{"title": "Bank", "body": "", "position": 0, "published": False},
                               {"title": "Anmelden", "body": "<p>Im <strong>Bürgerbüro</strong>.</p>",
                                "position": 1, "published": True}]}
    item = next(n for n in exported["news"] if n["title"] == "Sprachcafé eröffnet")
    assert item["press_contact"] == {"role": "Pressestelle", "name": "Erika Muster", "consent": True,
                                     "email": "presse@lindenau.example", "phone": ""}
    assert item["measures"] == [{"concept": 1, "external_id": "M-1"}]
    assert item["fields"] == [{"concept": 1, "key": "sprache"}]
    assert [p["alt_text"] for p in item["pictures"]] == ["Ein rotes Rechteck", "Ein blaues Rechteck"]
    assert [v["width"] for v in item["pictures"][0]["variants"]] == [480, 960, 1000]
    assert item["attachments"][0]["type"] == "application/pdf"
    translations = {(t["kind"], t["field"], t["language"]): t for t in exported["content_translations"]}
    assert translations["measure", "title", "en"] == {
        "kind": "measure", "object": {"concept": 1, "external_id": "M-1"}, "field": "title", "language": "en",
        "text": "Language cafés", "outdated": True, "source": "Sprachcafés"}
    assert translations["concept", "summary", "en"]["outdated"] and translations["concept", "summary", "en"][
        "source"] == ""
    assert translations["text", "body", "en"]["object"] == {"topic": "ankommen-2", "position": 1}
    assert not translations["news", "title", "en"]["outdated"]
    # The bytes are stored under the new municipality's names, and the portal shows them.
    for local_name, stored_name in stored_media(kopie):
        assert default_storage.open(stored_name).read() == (tmp_path / local_name).read_bytes()
    picture = Picture.objects.filter(news__municipality=kopie).order_by("position").first()
    assert stored_name.startswith(f"news/{kopie.pk}/")
    assert picture.sha1 == item["pictures"][0]["sha1"]
    answer = client.get(f"/kopie/news/pictures/{picture.pk}/480.webp")
    assert answer.status_code == 200 and b"".join(answer.streaming_content if answer.streaming else [
        answer.content]).startswith(b"RIFF")

    summary = import_document(exported)  # the files are there now: no directory needed
    assert not summary.changed


def test_it_refuses_a_document_with_bad_entries_naming_each_and_writes_nothing(lindenau, tmp_path):
    exported = export_municipality(lindenau)
    files = _files(lindenau, tmp_path)
    exported["municipality"]["slug"] = "kopie"
    topic = next(t for t in exported["topics"] if t["key"] == "ankommen-2")
    topic_index = exported["topics"].index(topic)
    topic["offers"] = ["A-404"]
    item = next(n for n in exported["news"] if n["title"] == "Sprachcafé eröffnet")
    n = exported["news"].index(item)
    item["measures"] = [{"concept": 1, "external_id": "M-404"}]
    item["press_contact"]["consent"] = False
    (tmp_path / item["pictures"][1]["variants"][0]["file"]).unlink()
    (tmp_path / item["attachments"][0]["file"]).write_bytes(b"%PDF-1.4\n% anders\n")
    translations = exported["content_translations"]
    at = {(t["kind"], t["field"]): i for i, t in enumerate(translations)}
    translations[at["measure", "title"]]["source"] = "Sprachcafés im Quartier"
    translations[at["news", "title"]]["object"] = {"uid": "00000000-0000-4000-8000-000000000000"}
    translations[at["topic", "title"]]["object"] = {"topic": "ankommen-2"}
    translations[at["concept", "summary"]]["kind"] = "offer"
    translations[at["text", "body"]]["field"] = "position"

    with pytest.raises(ExchangeError) as caught:
        import_document(exported, files=files)

    picture_file = item["pictures"][1]["variants"][0]["file"]
    assert caught.value.errors == [
        f"$.topics[{topic_index}].offers[0]: unbekanntes Angebot 'A-404'",
        f"$.news[{n}].press_contact.name: ein Name nur mit Einwilligung der Person (consent: true); sonst nur die "
        "Funktion",
        f'$.news[{n}].measures[0]: unbekannt: {{"concept": 1, "external_id": "M-404"}}',
        f"$.news[{n}].pictures[1].variants[0].file: Datei '{picture_file}' fehlt: weder im Verzeichnis der "
        "Dateien (--files) noch gespeichert",
        f"$.news[{n}].attachments[0].file: Prüfsumme oder Größe stimmt nicht (SHA-1 "
        f"{item['attachments'][0]['sha1']}, 20 Bytes erwartet)",
        f"$.content_translations[{at['concept', 'summary']}].kind: Übersetzungen dieser Art trägt das Format "
        "nicht: 'offer'",
        f"$.content_translations[{at['measure', 'title']}].source: gleicht dem deutschen Text: dann ist die "
        "Übersetzung nicht veraltet",
        f"$.content_translations[{at['topic', 'title']}].object: erwartet die Schlüssel key",
        f"$.content_translations[{at['text', 'body']}].field: nicht übersetzbar; übersetzbar: title, body",
        f"$.content_translations[{at['news', 'title']}].object: unbekanntes Objekt uid "
        "00000000-0000-4000-8000-000000000000",
    ]
    assert not Municipality.objects.filter(slug="kopie").exists()


def test_it_never_exports_a_press_contacts_name_without_consent(lindenau):
    item = NewsItem.objects.get(title="Sprachcafé eröffnet")
    # Written past save_item (which drops such a name): an older row, a bulk change.
    NewsItem.objects.filter(pk=item.pk).update(press_contact_consent=False)
    document = json.dumps(export_municipality(lindenau), ensure_ascii=False)

    assert "Erika Muster" not in document and "Muster" not in document
    assert '"role": "Pressestelle"' in document
    # A document that withdraws consent takes the name out of the database, named or not.
    exported = json.loads(document)
    for entry in exported["news"]:
        del entry["press_contact"]["name"]
    import_document(exported)
    assert NewsItem.objects.get(pk=item.pk).press_contact_name == ""


def test_the_commands_carry_the_files_beside_the_document(lindenau, tmp_path):
    call_command("export", "lindenau", output=str(tmp_path / "l.json"), files=str(tmp_path / "dateien"))
    document = json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))
    document["municipality"]["slug"] = "kopie"
    (tmp_path / "k.json").write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("import", str(tmp_path / "k.json"), quiet=True, verbosity=0)
    assert not Municipality.objects.filter(slug="kopie").exists()
    call_command("import", str(tmp_path / "k.json"), quiet=True, verbosity=0, files=str(tmp_path / "dateien"))

    assert Picture.objects.filter(news__municipality__slug="kopie").count() == 2
    assert Language.objects.filter(code="en").exists()


def test_it_replaces_an_items_pictures_and_a_topics_texts_in_order_and_keeps_what_it_does_not_name(lindenau):
    exported = export_municipality(lindenau)
    topic = next(t for t in exported["topics"] if t["key"] == "ankommen-2")
    topic["texts"] = [{"title": "Bank", "body": "<p>Konto</p><script>x()</script>", "position": 0}]
    item = next(n for n in exported["news"] if n["title"] == "Sprachcafé eröffnet")
    del item["pictures"][0]
    item["attachments"] = []
    exported["news"] = [item]
    exported["content_translations"] = []

    summary = import_document(exported)

    assert [(t.title, t.body) for t in InformationText.objects.filter(topic__key="ankommen-2",
                                                                       topic__municipality=lindenau)] == [
        ("Bank", "<p>Konto</p>")]
    news = NewsItem.objects.get(municipality=lindenau, title="Sprachcafé eröffnet")
    assert [p.alt_text for p in news.pictures.all()] == ["Ein blaues Rechteck"]
    assert not news.attachments.exists()
    assert NewsItem.objects.filter(municipality=lindenau, title="Entwurf").exists()  # not named: kept
    assert Translation.objects.filter(municipality=lindenau, language="en", field="title").count() >= 2  # kept
    assert summary.count("topic_texts", "deleted") == 1 and summary.count("news_pictures", "deleted") == 1


def test_it_answers_any_value_anywhere_in_the_new_sections_with_problems():
    from .documents import db_state
    from .test_exchange_robustness import paths, replaced

    uid = "0f8b1a9e-3c1d-4e6f-9a2b-5c7d8e9f0a1b"
    example = {
        "format": "teilhabe-exchange/1", "municipality": {"slug": "neu", "name": "Neu", "languages": ["de", "en"]},
        "concepts": [{"version": 1, "title": "K", "guidelines": [{"title": "L", "body": "<p>x</p>"}]}],
        "fields_of_action": [{"key": "sprache", "name": {"de": "Sprache"}}],
        "measures": [{"external_id": "M-1", "title": "Café"}],
        "topics": [{"key": "ankommen", "title": "Ankommen", "icon": "arrival", "fields": ["sprache"], "offers": [],
                    "texts": [{"title": "Anmelden", "body": "<p>Hier</p>", "position": 0, "published": True}]}],
        "news": [{"uid": uid, "title": "Neu", "date": "2026-01-02", "status": "published",
                  "publish_at": "2027-01-01T10:00:00+01:00", "measures": [{"concept": 1, "external_id": "M-1"}],
                  "fields": [{"concept": 1, "key": "sprache"}],
                  "press_contact": {"role": "Pressestelle", "name": "", "consent": False},
                  "pictures": [{"alt_text": "A", "credit": "C", "licence": "L", "sha1": "a" * 40, "width": 20,
                                "height": 10, "variants": [{"width": 20, "height": 10}]}],
                  "attachments": [{"name": "P", "sha1": "b" * 40, "size": 9}]}],
        "content_translations": [
            {"kind": "guideline", "object": {"concept": 1, "position": 0}, "field": "title", "language": "en",
             "text": "G", "outdated": True, "source": "Alt"},
            {"kind": "text", "object": {"topic": "ankommen", "position": 0}, "field": "body", "language": "en",
             "text": "<p>Here</p>"},
            {"kind": "news", "object": {"uid": uid}, "field": "title", "language": "en", "text": "New"},
            {"kind": "measure", "object": {"concept": 1, "external_id": "M-1"}, "field": "title", "language": "en",
             "text": "Café"}],
    }
    problems = validate_document(example)
    assert [str(p) for p in problems] == [  # only the media, which are nowhere
        "$.news[0].pictures[0].variants[0].file: Datei 'news/" + "a" * 40 + "-20.webp' fehlt: weder im "
        "Verzeichnis der Dateien (--files) noch gespeichert",
        "$.news[0].attachments[0].file: Datei 'news/" + "b" * 40 + ".pdf' fehlt: weder im Verzeichnis der "
        "Dateien (--files) noch gespeichert"]
    before, checked = db_state(), 0
    values = [None, 7, "x", [{}], -1]
    for k, path in enumerate(paths(example)):
        if path[:1] not in (("topics",), ("news",), ("content_translations",)):
            continue
        for value in (values[k % 5], values[(k + 2) % 5]):
            found = validate_document(replaced(example, path, value))
            assert found and all(str(p).startswith("$") for p in found), (path, value, found)
            checked += 1
    assert checked > 150
    assert db_state() == before
