import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType

from teilhabe.municipalities import history
from teilhabe.municipalities.models import ChangeRecord
from tests import builders as b

from .test_history_secrets import submitted  # noqa: F401 (the fixture)


@pytest.fixture
def town(db):
    return b.municipality()


def test_it_records_who_changed_which_field_from_what_to_what(town):
    user = b.user()
    actor = b.actor(town, name="Verein alt")
    before = history.snapshot(actor)
    actor.name = "Verein neu"
    actor.save()
    actor.districts.add(b.district(town, "altstadt", "Altstadt"))
    record = history.record(actor, user=user, before=before)
    assert record.user == user and record.action == "update"
    assert record.changes == {"name": ["Verein alt", "Verein neu"], "districts": [[], ["Altstadt"]]}


def test_it_records_nothing_when_nothing_changed(town):
    actor = b.actor(town)
    assert history.record(actor, before=history.snapshot(actor)) is None
    assert not ChangeRecord.objects.exists()


def test_it_never_keeps_a_contact_persons_details(town):
    contact = b.contact(b.actor(town), name="Erika Beispiel", email="erika@example.org")
    record = history.record(contact, before=None)
    assert record.changes["name"] == [None, history.REDACTED]
    assert "erika" not in str(ChangeRecord.objects.values_list("changes", flat=True)[0]).lower()
    deleted = history.delete_tracked(contact, user=None)
    assert "erika" not in str(deleted.changes).lower()


def test_it_lists_translation_changes_in_the_offers_history(town):
    from teilhabe.municipalities.models import Language
    offer = b.offer(town, b.actor(town))
    before = history.snapshot(offer)
    offer.translations.create(language=Language.objects.get(code="en"), title="Course", source_revision=1)
    record = history.record(offer, before=before)
    assert record.changes["title_en"] == [None, "Course"]


def test_it_records_what_an_edit_form_changed(town):
    # A bound ModelForm puts the posted values on its instance while validating: the
    # "before" must come from the database, or an edit would record nothing.
    from teilhabe.actors.models import Actor

    user = b.user()
    actor = b.actor(town, name="Verein alt")
    form = forms.modelform_factory(Actor, fields=["name", "description"])(
        {"name": "Verein neu", "description": ""}, instance=Actor.objects.get(pk=actor.pk))
    assert form.is_valid(), form.errors
    history.save_tracked(form, user=user)
    record = ChangeRecord.objects.get()
    assert record.action == "update" and record.user == user
    assert record.changes == {"name": ["Verein alt", "Verein neu"]}


def test_it_labels_the_changed_fields_as_their_forms_do(town):
    from django.utils import translation

    from teilhabe.municipalities.models import Language
    actor = b.actor(town, name="Verein alt")
    before = history.snapshot(actor)
    actor.name = "Verein neu"
    actor.save()
    offer = b.offer(town, actor)
    offer_before = history.snapshot(offer)
    offer.translations.create(language=Language.objects.get(code="en"), title="Course", source_revision=1)
    with translation.override("de"):
        assert history.record(actor, before=before).labelled_changes() == [("Name", "Verein alt", "Verein neu")]
        assert ("Titel (en)", None, "Course") in history.record(offer, before=offer_before).labelled_changes()
    with translation.override("en"):
        assert ("Title (en)", None, "Course") in ChangeRecord.objects.get(content_type__model="offer").labelled_changes()
    # A name that is no field stays as it was written.
    record = ChangeRecord(content_type=ChangeRecord.objects.first().content_type,
                          changes={"2024 · Nord (01)": [None, "7"]})
    assert record.labelled_changes() == [("2024 · Nord (01)", None, "7")]


def test_it_shows_values_as_people_read_them(town):
    # The audit saw "planned", "True", "['Bildung']" and "2026-12-06 21:38:46.937578+00:00".
    import datetime

    from django.utils import translation

    from teilhabe.strategy import actions
    user = b.user()
    measure = b.measure(b.concept(town))
    before = history.snapshot(measure)
    measure.is_public = False
    measure.budget = "12500.00"
    measure.start_date = datetime.date(2027, 3, 1)
    measure.save()
    measure.target_groups.add(b.target_group(town, "frauen", de="Frauen"), b.target_group(town, "jung", de="Jugend"))
    edited = history.record(measure, user=user, before=before)
    actions.change_measure_status(measure=measure, to_status="running", user=user)
    moved = ChangeRecord.objects.filter(action="update").first()
    with translation.override("de"):
        rows = edited.labelled_changes()
        assert ("Öffentlich", "ja", "nein") in rows
        assert ("Budget (EUR)", None, "12.500,00 €") in rows
        assert ("Beginn", None, "01.03.2027") in rows
        assert ("Zielgruppen", None, "Frauen, Jugend") in rows
        assert ("Status", "geplant", "läuft") in moved.labelled_changes()
        created = history.record(measure, user=user, before=None).labelled_changes()
        assert ("Konzept", None, "Integrationskonzept (V1)") in created  # a relation by its name
    with translation.override("en"):
        assert ("Start", None, "1 Mar 2027") in edited.labelled_changes()  # the reader's language and date format
        assert ("Budget (EUR)", None, "12,500.00 €") in edited.labelled_changes()


def test_it_shows_times_in_the_readers_time_and_labels_fields_no_form_shows(town):
    from django.utils import translation

    from teilhabe.participation.models import Idea
    record = ChangeRecord.objects.create(
        municipality=town, content_type=ContentType.objects.get_for_model(Idea), object_id=1, object_repr="Idee",
        user=b.user(), action="update",
        changes={"decided_at": [None, "2026-12-06 21:38:46.937578+00:00"], "channel": ["web", "letter"],
                 "email_confirmed_at": [None, "2026-12-05T09:00:00+00:00"]})
    with translation.override("de"):
        assert record.labelled_changes() == [
            ("Entschieden am", None, "06.12.2026 22:38"),  # Europe/Berlin
            ("Eingangsweg", "Website", "Brief"),
            ("E-Mail-Adresse bestätigt am", None, "05.12.2026 10:00")]
        from teilhabe.monitoring.models import Indicator
        assert [history.value(Indicator, "target_value", v) for v in ("12.5000", "100.0000")] == ["12,5", "100"]


def test_every_field_the_history_records_has_a_label_of_its_own():
    # Not "Concept", "Uid", "Decided at": the model attribute's name is never the label.
    # Asked in German, the labels' own language: an English "Language" is no missing label.
    from django.apps import apps
    from django.utils import translation

    from teilhabe.municipalities.models import ChangeRecord as Record
    tracked = [m for m in apps.get_models() if m.__module__.startswith("teilhabe.")
               and m._meta.app_label not in ("search", "jobs") and m is not Record]
    unlabelled = []
    for model in tracked:
        if not (hasattr(model, "municipality") or any(f.name == "municipality" for f in model._meta.fields)):
            continue  # history.record needs obj.municipality: never tracked
        for f in history.recorded_fields(model) + list(model._meta.many_to_many):
            declared = f.verbose_name != f.name.replace("_", " ")
            with translation.override("de"):
                named = history.label(model, f.name).lower()
            if not declared and named == f.name.replace("_", " "):
                unlabelled.append(f"{model._meta.label}.{f.name}")
    assert unlabelled == []


def test_it_names_who_changed_it(town):
    person = b.user("erika")
    person.first_name, person.last_name = "Erika", "Muster"
    person.save()
    named = {via: ChangeRecord(via=via) for via in ("web", "confirmation", "private-link", "retention",
                                                     "import", "demo", "stadtarchiv-2024", "")}
    assert ChangeRecord(user=person).by() == "von Erika Muster"
    assert ChangeRecord(user=b.user("ohne-namen")).by() == "von ohne-namen"
    assert {via: r.by() for via, r in named.items()} == {
        "web": "über das öffentliche Formular", "confirmation": "durch Bestätigung der E-Mail-Adresse",
        "private-link": "durch die Person selbst (privater Link)",
        "retention": "durch Löschung nach Ablauf der Aufbewahrungsfrist",
        "import": "durch einen Import", "demo": "beim Laden der Demo-Daten",
        "stadtarchiv-2024": "durch „stadtarchiv-2024“",  # teilhabe import --via stadtarchiv-2024
        "": "(Urheber nicht erfasst)"}  # records from before the source was kept


def test_the_ideas_page_says_who_changed_it_and_what_as_people_read_it(client, submitted):
    # "geändert … von unbekannt", "Channel: web", "Decided at …" before.
    import html

    from django.urls import reverse
    m, idea, _link = submitted
    client.force_login(b.user(role="viewer", municipality=m))
    page = html.unescape(client.get(reverse("participation_backoffice:idea", args=[m.slug, idea.pk])).content.decode())
    history_part = page[page.index("Änderungsverlauf"):]
    assert "über das öffentliche Formular" in history_part
    assert "durch Bestätigung der E-Mail-Adresse" in history_part
    assert "unbekannt" not in history_part
    # Values are user content of either direction: each cell isolates its own (dir="auto").
    for row in ("<th scope=\"row\">Eingangsweg</th><td dir=\"auto\">–</td><td dir=\"auto\">Website</td>",
                "<th scope=\"row\">Status</th><td dir=\"auto\">eingereicht</td><td dir=\"auto\">veröffentlicht</td>",
                "<th scope=\"row\">Sprache</th><td dir=\"auto\">–</td><td dir=\"auto\">Deutsch</td>"):
        assert row in history_part, row
    assert "True" not in history_part and "web</td>" not in history_part


def test_no_change_a_resident_makes_goes_unnamed(client, submitted):
    # Submitted on the public form, published by confirming the address, the person's
    # data deleted through the private link: each record names how, none says "unknown".
    _m, _idea, link = submitted
    client.post(link + "delete/")
    records = ChangeRecord.objects.order_by("id")
    assert [(r.user, r.via) for r in records] == [(None, "web"), (None, "confirmation"), (None, "private-link")]
    assert [r.by() for r in records] == ["über das öffentliche Formular", "durch Bestätigung der E-Mail-Adresse",
                                         "durch die Person selbst (privater Link)"]
