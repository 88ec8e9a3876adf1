"""Translators' files: `teilhabe xliff-export` read by translate-toolkit (what Weblate and
the CAT tools' converters build on), translated there and taken back by `xliff-import`."""
import pytest
from django.core.management import CommandError, call_command
from translate.storage.xliff import xlifffile

from teilhabe.translations.texts import save_translation, texts_in
from tests import builders as b
from tests.news import builders as nb


@pytest.fixture
def town(db):
    m = b.municipality("xl-town")
    concept = b.concept(m, title="Konzept", summary="Zusammen leben")
    b.measure(concept, "m1", title="Sprachcafé", description="Jeden Montag")
    b.offer(m, b.actor(m), "o1", title="Deutschkurs", description="Für Anfänger")
    b.field(concept, "sprache", "Sprachförderung")
    b.target_group(m, "frauen", de="Frauen")
    nb.item(m, "Sprachcafé eröffnet")
    return m


def _export(town, tmp_path, code="en"):
    path = tmp_path / f"{code}.xlf"
    call_command("xliff-export", town.slug, "--language", code, "-o", str(path))
    return path


def _store(path):
    return xlifffile.parsestring(path.read_bytes())


def _units(store):
    # getid() prefixes the file's original; the unit's own id is the attribute
    return {u.xmlelement.get("id"): u for u in store.units if u.xmlelement.get("id")}


def test_it_round_trips_through_translate_toolkit(town, tmp_path):
    store = _store(_export(town, tmp_path))
    units = _units(store)
    measure = town.concepts.get().measures.get()
    offer = town.offers.get()
    assert {f"measure.{measure.pk}.title", f"offer.{offer.pk}.description",
            f"concept.{measure.concept_id}.summary"} <= set(units)
    # topics, their texts and news, and the names of fields of action and target groups too
    topic, news = town.topics.get(key="wohnen"), town.news.get()
    field, group = town.concepts.get().fields.get(), town.target_groups.get()
    assert {f"topic.{topic.pk}.title", f"news.{news.pk}.text", f"fieldname.{field.pk}.name",
            f"targetgroup.{group.pk}.name"} <= set(units)
    assert units[f"measure.{measure.pk}.title"].source == "Sprachcafé"
    assert units[f"fieldname.{field.pk}.name"].source == "Sprachförderung"
    state = {i: u.xmlelement.find(u.namespaced("target")).get("state") for i, u in units.items()}
    # the default topics ship translated; nothing else is yet
    assert {s for i, s in state.items() if i.startswith("topic.")} == {"translated"}
    assert units[f"topic.{topic.pk}.title"].target == "Housing"
    assert {s for i, s in state.items() if not i.startswith("topic.")} == {"new"}
    for unit in units.values():  # a translator at work
        unit.target = f"EN {unit.source}"
    path = tmp_path / "done.xlf"
    path.write_bytes(bytes(store))
    call_command("xliff-import", str(path))
    texts = texts_in(measure, "en")
    assert texts["title"] == "EN Sprachcafé" and not texts["title"].outdated
    assert texts_in(topic, "en")["title"] == "EN Wohnen"
    assert texts_in(news, "en")["title"] == "EN Sprachcafé eröffnet" and not texts_in(news, "en")["text"].outdated
    field.refresh_from_db()
    group.refresh_from_db()
    assert field.names == {"de": "Sprachförderung", "en": "EN Sprachförderung"}
    assert group.names["en"] == "EN Frauen"
    assert offer.in_language("en")["description"] == "EN Für Anfänger"
    assert not offer.in_language("en")["outdated"]
    again = _units(_store(_export(town, tmp_path)))
    assert {u.xmlelement.find(u.namespaced("target")).get("state") for u in again.values()} == {"translated"}


def test_it_says_which_translations_need_review(town, tmp_path):
    measure = town.concepts.get().measures.get()
    save_translation(measure, "title", "en", "Language café")
    save_translation(measure, "description", "en", "Every Monday")
    measure.description = "Jeden Dienstag"
    measure.save()
    units = _units(_store(_export(town, tmp_path)))
    state = {i: u.xmlelement.find(u.namespaced("target")).get("state") for i, u in units.items()}
    assert state[f"measure.{measure.pk}.title"] == "translated"
    assert state[f"measure.{measure.pk}.description"] == "needs-review-translation"
    assert units[f"measure.{measure.pk}.description"].target == "Every Monday"


def test_it_takes_nothing_when_a_unit_is_wrong_and_names_it(town, tmp_path):
    store = _store(_export(town, tmp_path))
    measure = town.concepts.get().measures.get()
    for unit_id, unit in _units(store).items():
        unit.target = "x" * 400 if unit_id == f"measure.{measure.pk}.title" else "fine"
    stranger = store.UnitClass("Fremd")
    store.addunit(stranger)
    stranger.target = "Stranger"
    stranger.xmlelement.set("id", "measure.999999.title")
    path = tmp_path / "bad.xlf"
    path.write_bytes(bytes(store))
    with pytest.raises(CommandError) as error:
        call_command("xliff-import", str(path))
    assert "measure.999999.title: unbekannte Einheit" in str(error.value)
    assert f"measure.{measure.pk}.title: höchstens 300 Zeichen" in str(error.value)
    assert texts_in(measure, "en")["description"].language == "de"  # nothing taken


def test_a_unit_translated_from_an_older_german_text_stays_to_review(town, tmp_path):
    store = _store(_export(town, tmp_path))
    measure = town.concepts.get().measures.get()
    measure.description = "Jeden Dienstag"
    measure.save()
    for unit in store.units:
        unit.target = "Every Monday"
    path = tmp_path / "old.xlf"
    path.write_bytes(bytes(store))
    call_command("xliff-import", str(path))
    texts = texts_in(measure, "en")
    assert texts["description"] == "Every Monday" and texts["description"].outdated
    assert not texts["title"].outdated
    assert town.offers.get().in_language("en")["outdated"] is False


@pytest.mark.parametrize("data, message", [
    (b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>", "DOCTYPE"),
    (b"not xml", "Keine gültige XML-Datei"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="teilhabe/nowhere" '
     b'source-language="de" target-language="en"><body/></file></xliff>', "Unbekannte Kommune"),
])
def test_it_refuses_what_is_not_one_of_our_files(db, tmp_path, data, message):
    path = tmp_path / "x.xlf"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        call_command("xliff-import", str(path))


def test_it_round_trips_leichte_sprache(town, tmp_path):
    # German source, Leichte-Sprache target; the code names it in the file and on the way back.
    path = _export(town, tmp_path, "de-ls")
    assert b'target-language="de-ls"' in path.read_bytes() and b'source-language="de"' in path.read_bytes()
    store = _store(path)
    for unit in store.units:
        unit.target = f"LS {unit.source}"
    path.write_bytes(bytes(store))
    call_command("xliff-import", str(path))
    measure = town.concepts.get().measures.get()
    title = texts_in(measure, "de-ls")["title"]
    assert title == "LS Sprachcafé" and title.language == "de-ls"
    assert texts_in(measure, "de")["title"] == "Sprachcafé"  # German stays the German
    assert town.offers.get().in_language("de-ls")["title"] == "LS Deutschkurs"


def test_it_carries_the_titles_of_an_events_workshops(town, tmp_path):
    # Workshops (an event's tables) are a registered kind: in the files like the event itself.
    from tests.participation import builders as pb
    workshop = pb.event(town, title="Integrationskonferenz").workshops.create(title="Tisch Arbeit und Beruf")
    store = _store(_export(town, tmp_path))
    unit = _units(store)[f"workshop.{workshop.pk}.title"]
    assert unit.source == "Tisch Arbeit und Beruf"
    unit.target = "Table work and careers"
    path = tmp_path / "done.xlf"
    path.write_bytes(bytes(store))
    call_command("xliff-import", str(path))
    assert texts_in(workshop, "en")["title"] == "Table work and careers"
