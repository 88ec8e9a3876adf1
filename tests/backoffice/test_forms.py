"""Back-office writes through the real views: what is saved, what is recorded, and
that bad input is named field by field and changes nothing."""
import pytest
from django.urls import reverse

from teilhabe.municipalities.models import ChangeRecord, Language
from teilhabe.offers.models import Offer, OfferTranslation
from teilhabe.strategy.models import Concept, Measure
from tests import builders as b


@pytest.fixture
def town(db):
    return b.municipality("lindenau")


@pytest.fixture
def concept(town):
    return b.concept(town)


@pytest.fixture
def coordinator(client, town):
    user = b.user("koordination", role="coordinator", municipality=town)
    client.force_login(user)
    return user


def u(town, name, *args):
    return reverse(f"backoffice:{name}", args=[town.slug, *args])


def test_it_creates_a_measure_with_its_first_status_and_history(client, town, concept, coordinator):
    field = b.field(concept, "sprache")
    actor = b.actor(town)
    response = client.post(u(town, "measure_new") + f"?concept={concept.pk}", {
        "title": "Väter-Gruppe", "external_id": "M-10", "fields": [field.pk], "responsible_actor": actor.pk,
        "status": "running", "is_public": "on", "budget": "1500.50"})
    measure = Measure.objects.get(external_id="M-10")
    assert response.status_code == 302 and response["Location"] == u(town, "measure", measure.pk)
    assert measure.status == "running" and str(measure.budget) == "1500.50"
    assert list(measure.status_changes.values_list("to_status", flat=True)) == ["running"]
    record = ChangeRecord.objects.get(object_id=measure.pk, content_type__model="measure")
    assert record.action == "create" and record.user == coordinator
    assert record.changes["title"] == [None, "Väter-Gruppe"]


def test_it_names_each_wrong_field_and_saves_nothing(client, town, concept, coordinator):
    response = client.post(u(town, "measure_new") + f"?concept={concept.pk}", {
        "title": "", "external_id": "kein Leerzeichen", "budget": "viel", "start_date": "2024-13-45",
        "status": "planned"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "external_id", "budget", "start_date"} <= set(errors)
    assert not Measure.objects.exists()
    assert "Bitte korrigieren Sie" in response.content.decode()


def test_it_reports_a_duplicate_external_id_on_the_field(client, town, concept, coordinator):
    b.measure(concept, "M-1")
    response = client.post(u(town, "measure_new") + f"?concept={concept.pk}", {
        "title": "Doppelt", "external_id": "M-1", "status": "planned"})
    assert "external_id" in response.context["form"].errors
    assert Measure.objects.count() == 1


def test_it_creates_one_offer_when_the_form_is_sent_twice(client, town, coordinator):
    actor = b.actor(town)
    data = {"title": "Sprachcafé", "external_id": "O-1", "provider": actor.pk, "is_published": "on"}
    first = client.post(u(town, "offer_new"), data)
    second = client.post(u(town, "offer_new"), data)
    assert first.status_code == 302
    assert second.status_code == 200 and "external_id" in second.context["form"].errors
    assert Offer.objects.filter(external_id="O-1").count() == 1


def test_it_changes_the_status_through_the_form(client, town, concept, coordinator):
    measure = b.measure(concept, status="planned")
    response = client.post(u(town, "measure_status", measure.pk),
                           {"to_status": "implemented", "changed_on": "2024-06-01", "note": "fertig"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "implemented"
    page = client.get(u(town, "measure", measure.pk)).content.decode()
    assert "01.06.2024" in page and "fertig" in page


def test_it_explains_a_refused_status_step(client, town, concept, coordinator):
    measure = b.measure(concept, status="established")
    response = client.post(u(town, "measure_status", measure.pk),
                           {"to_status": "planned", "changed_on": "2024-06-01"}, follow=True)
    assert Measure.objects.get(pk=measure.pk).status == "established"
    assert "neuer Status" in response.content.decode()


def test_it_marks_a_saved_translation_as_current(client, town, coordinator):
    offer = b.offer(town, b.actor(town), title="Deutschkurs")
    offer.refresh_from_db()
    offer.title = "Deutschkurs für Frauen"
    offer.save()
    response = client.post(u(town, "translation", offer.pk, "ar"), {"title": "دورة اللغة الألمانية للنساء"})
    assert response.status_code == 302
    translation = OfferTranslation.objects.get(offer=offer, language__code="ar")
    assert translation.source_revision == offer.text_revision and not translation.is_outdated
    page = client.get(u(town, "offer", offer.pk)).content.decode()
    assert 'lang="ar" dir="rtl"' in page


def test_it_shows_an_outdated_translation_after_the_german_text_changed(client, town, coordinator):
    offer = b.offer(town, b.actor(town), title="Deutschkurs")
    OfferTranslation.objects.create(offer=offer, language=Language.objects.get(code="en"),
                                    title="German course", source_revision=offer.text_revision)
    client.post(u(town, "offer_edit", offer.pk), {"title": "Deutschkurs am Abend", "provider": offer.provider_id,
                                                  "is_published": "on"})
    page = client.get(u(town, "offer", offer.pk)).content.decode()
    assert "veraltet" in page
    listed = client.get(u(town, "offers") + "?translations=outdated").context["page"].object_list
    assert [o.pk for o in listed] == [offer.pk]


def test_it_starts_and_adopts_a_fortschreibung_through_the_views(client, town, concept, coordinator):
    b.field(concept, "sprache")
    response = client.post(u(town, "concept_new_version", concept.pk))
    new = Concept.objects.get(version=2)
    assert response["Location"] == u(town, "concept", new.pk)
    assert new.fields.get().key == "sprache"
    client.post(u(town, "concept_adopt", new.pk), {"adopted_on": "2025-02-01", "adopted_by": "Rat der Stadt"})
    new.refresh_from_db()
    concept.refresh_from_db()
    assert (new.status, concept.status) == ("adopted", "superseded")


def test_it_refuses_adoption_without_a_date(client, town, concept, coordinator):
    draft = b.concept(town, status="draft")
    client.post(u(town, "concept_adopt", draft.pk), {"adopted_on": "", "adopted_by": "Rat"})
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_it_requires_documented_consent_before_publishing_a_contact(client, town, coordinator):
    actor = b.actor(town)
    response = client.post(u(town, "contact_new", actor.pk), {"role": "Beratung", "key": "beratung",
                                                               "publish": "on"})
    assert "publish" in response.context["form"].errors
    response = client.post(u(town, "contact_new", actor.pk), {"role": "Beratung", "key": "beratung",
                                                               "publish": "on", "give_consent": "on"})
    assert "consent_note" in response.context["form"].errors
    response = client.post(u(town, "contact_new", actor.pk), {"role": "Beratung", "key": "beratung",
                                                               "publish": "on", "give_consent": "on",
                                                               "consent_note": "Formular vom 3.5."})
    assert response.status_code == 302
    assert actor.contacts.get().consent_at is not None


@pytest.mark.parametrize("query", ["?sort=nonsense", "?status=unknown", "?page=9999", "?page=abc",
                                   "?field=%27%3B--", "?q=" + "x" * 500])
def test_it_answers_odd_list_parameters_without_error(client, town, concept, coordinator, query):
    b.measure(concept)
    response = client.get(u(town, "measures") + query)
    assert response.status_code == 200


def test_it_filters_and_sorts_the_measure_list(client, town, concept, coordinator):
    b.measure(concept, title="Alpha", status="running")
    b.measure(concept, title="Beta", status="planned")
    b.measure(concept, title="Gamma", status="running")
    titles = [m.title for m in client.get(u(town, "measures") + "?status=running&sort=-title").context["page"]]
    assert titles == ["Gamma", "Alpha"]


def test_it_answers_404_for_an_unknown_translation_language(client, town, coordinator):
    offer = b.offer(town, b.actor(town))
    assert client.get(u(town, "translation", offer.pk, "xx")).status_code == 404
    assert client.get(u(town, "translation", offer.pk, "de")).status_code == 404
