import pytest
from django import forms

from teilhabe.municipalities import history
from teilhabe.municipalities.models import ChangeRecord
from tests import builders as b


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
