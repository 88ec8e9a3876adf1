"""The organisation of a registration as one of the municipality's actors: the public
form's choice, staff matching the free text to an actor, the retention job keeping the
anonymous set of organisations present, and the migration that adds it."""
import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from teilhabe.municipalities.models import ChangeRecord
from teilhabe.participation import actions
from teilhabe.participation.attendance import attending_actors
from teilhabe.participation.models import AttendingActor, Event, Registration
from tests import builders as b
from tests.migrating import migrate, own_database

from . import builders as pb


@pytest.fixture
def town(db, settings):
    settings.TEILHABE_PARTICIPATION_RATE_LIMITS = {}
    m = pb.town("vereinsheim")
    return {"m": m, "event": pb.event(m, title="Integrationskonferenz"),
            "caritas": b.actor(m, "caritas", name="Caritasverband Vereinsheim"),
            "moschee": b.actor(m, "moschee", name="Moscheeverein Nord", kind="religious_community"),
            "other": b.actor(b.municipality("nachbarort"), "fremd", name="Fremder Verein")}


def post_registration(client, town, **extra):
    data = {"name": "Ada Beispiel", "email": "ada@example.org", "consent": "on"} | extra
    return client.post(reverse("participation:event", args=[town["m"].slug, town["event"].pk]), data)


# --- the public form ----------------------------------------------------------------------

def test_it_offers_the_municipalitys_published_actors_on_the_form(client, town):
    hidden = b.actor(town["m"], "intern", name="Interner Kreis")
    hidden.is_published = False
    hidden.save()
    page = client.get(reverse("participation:event", args=[town["m"].slug, town["event"].pk]))
    choices = [label for _value, label in page.context["form"].fields["actor"].choices]
    assert choices == ["keine Organisation aus der Liste", "Caritasverband Vereinsheim", "Moscheeverein Nord"]
    assert "Ich komme für (Organisation)" in page.content.decode()


def test_it_registers_for_an_actor(client, town):
    response = post_registration(client, town, actor=town["caritas"].pk, organisation="")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.actor == town["caritas"] and registration.organisation == ""


def test_it_keeps_the_free_text_organisation_for_others(client, town):
    post_registration(client, town, actor="", organisation="Nachbarschaftsinitiative")
    registration = Registration.objects.get()
    assert registration.actor is None and registration.organisation == "Nachbarschaftsinitiative"


@pytest.mark.parametrize("forged", ["999999", "abc", "other", "unpublished"])
def test_it_refuses_a_forged_actor_with_a_field_error(client, town, forged):
    hidden = b.actor(town["m"], "intern", name="Interner Kreis")
    hidden.is_published = False
    hidden.save()
    value = {"other": town["other"].pk, "unpublished": hidden.pk}.get(forged, forged)
    response = post_registration(client, town, actor=value)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"actor"}
    assert "Ich komme für (Organisation)" in response.content.decode().split('class="form-errors"')[1][:600]
    assert not Registration.objects.exists()


def test_it_leaves_the_choice_out_when_the_town_has_no_published_actors(client, db):
    m = pb.town()
    event = pb.event(m)
    page = client.get(reverse("participation:event", args=[m.slug, event.pk]))
    assert "actor" not in page.context["form"].fields


def test_it_refuses_another_towns_actor_in_the_action_too(town):
    with pytest.raises(ValidationError) as error:
        actions.register(event=town["event"], name="Ada", email="ada@example.org", consent=True,
                         actor=town["other"])
    assert "actor" in error.value.error_dict
    assert not Registration.objects.exists()


def test_it_exports_the_chosen_organisation_to_the_person(town):
    registration, _ = actions.register(event=town["event"], name="Ada", email="ada@example.org", consent=True,
                                       actor=town["moschee"])
    assert actions.export_registration(registration)["registration"]["organisation_from_list"] == "Moscheeverein Nord"


# --- staff matching ---------------------------------------------------------------------

@pytest.fixture
def staffed(town, client):
    registration, _ = actions.register(event=town["event"], name="Ben", email="ben@example.org", consent=True,
                                       organisation="caritasverband vereinsheim")
    client.force_login(b.user(role="coordinator", municipality=town["m"]))
    town["registration"] = registration
    town["url"] = reverse("participation_backoffice:registration_actor",
                          args=[town["m"].slug, town["event"].pk, registration.pk])
    return town


def test_it_suggests_the_actor_the_free_text_names(client, staffed):
    page = client.get(reverse("participation_backoffice:registrations", args=[staffed["m"].slug, staffed["event"].pk]))
    html = page.content.decode()
    assert f'<option value="{staffed["caritas"].pk}" selected>' in html
    assert "Vorschlag übernehmen" in html
    staffed["registration"].refresh_from_db()
    assert staffed["registration"].actor is None  # a suggestion is not saved until staff confirm it


def test_it_suggests_only_an_unambiguous_actor():
    from teilhabe.backoffice.views.participation.registrations import suggest_actor

    actors = [(1, "Caritasverband Vereinsheim"), (2, "Caritas Kinderhilfe"), (3, "VHS")]
    assert suggest_actor("CARITASVERBAND  vereinsheim", actors) == 1
    assert suggest_actor("Caritas", actors) is None        # two candidates
    assert suggest_actor("Kinderhilfe", actors) == 2
    assert suggest_actor("VH", actors) is None             # too short to tell
    assert suggest_actor("", actors) is None


def test_it_lets_staff_set_and_correct_the_actor(client, staffed):
    response = client.post(staffed["url"], {"actor": staffed["caritas"].pk})
    assert response.status_code == 302
    staffed["registration"].refresh_from_db()
    assert staffed["registration"].actor == staffed["caritas"]
    client.post(staffed["url"], {"actor": staffed["moschee"].pk})
    client.post(staffed["url"], {"actor": ""})
    staffed["registration"].refresh_from_db()
    assert staffed["registration"].actor is None
    # The history says who changed it, never which organisation (the row is anonymised later).
    records = ChangeRecord.objects.filter(object_id=staffed["registration"].pk, changes__has_key="actor")
    assert records.count() == 3
    assert "Caritas" not in json.dumps([r.changes for r in records]) and "Moschee" not in json.dumps(
        [r.changes for r in records])


@pytest.mark.parametrize("forged", ["999999", "abc", "other"])
def test_it_refuses_a_forged_actor_from_staff_with_a_message(client, staffed, forged):
    value = staffed["other"].pk if forged == "other" else forged
    response = client.post(staffed["url"], {"actor": value}, follow=True)
    assert response.status_code == 200
    assert "Akteur:" in response.content.decode()
    staffed["registration"].refresh_from_db()
    assert staffed["registration"].actor is None


def test_it_refuses_another_towns_actor_in_the_staff_action(staffed):
    with pytest.raises(ValidationError):
        actions.set_registration_actor(registration=staffed["registration"], actor=staffed["other"], user=None)


def test_it_keeps_registrations_of_other_events_out_of_reach(client, staffed):
    other_event = pb.event(staffed["m"], title="Andere")
    url = reverse("participation_backoffice:registration_actor",
                  args=[staffed["m"].slug, other_event.pk, staffed["registration"].pk])
    assert client.post(url, {"actor": staffed["caritas"].pk}).status_code == 404


@pytest.mark.parametrize("persona", ["viewer", "editor", "outsider", "other_coordinator"])
def test_it_refuses_the_staff_matching_to_everyone_but_coordinators(client, staffed, persona):
    m = staffed["m"]
    user = {"viewer": lambda: b.user(role="viewer", municipality=m),
            "editor": lambda: b.user(role="actor_editor", municipality=m, actor=staffed["caritas"]),
            "outsider": lambda: b.user(),
            "other_coordinator": lambda: b.user(role="coordinator", municipality=b.municipality("drittort"))}[persona]()
    client.force_login(user)
    assert client.post(staffed["url"], {"actor": staffed["caritas"].pk}).status_code == 403
    staffed["registration"].refresh_from_db()
    assert staffed["registration"].actor is None


def test_it_sends_anonymous_visitors_to_the_login(client, staffed):
    client.logout()
    response = client.post(staffed["url"], {"actor": staffed["caritas"].pk})
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- who was there, and retention -------------------------------------------------------------

def past_event(town, title="Vergangene Konferenz", days=-3):
    return pb.event(town["m"], title=title, days=days)


def add(event, actor, *, status="registered", checked_in=False, n=[0]):
    n[0] += 1
    return Registration.objects.create(
        event=event, actor=actor, name=f"Person {n[0]}", email=f"p{n[0]}@example.org", status=status,
        consent_at=timezone.now(), check_in_code=f"C{n[0]:05d}",
        checked_in_at=timezone.now() if checked_in else None)


def test_it_counts_registered_actors_when_nobody_was_checked_in(town):
    event = past_event(town)
    add(event, town["caritas"])
    add(event, town["moschee"], status="waiting")
    add(event, town["moschee"], status="cancelled")
    assert attending_actors(Event.objects.filter(pk=event.pk)) == {event.pk: {town["caritas"].pk}}


def test_it_counts_only_checked_in_actors_once_anyone_was_checked_in(town):
    event = past_event(town)
    add(event, town["caritas"], checked_in=True)
    add(event, town["moschee"])          # registered, but did not come
    add(event, None, checked_in=True)    # no organisation: counts for the rule, not as an actor
    assert attending_actors(Event.objects.filter(pk=event.pk)) == {event.pk: {town["caritas"].pk}}


def test_it_keeps_the_organisations_present_when_the_retention_job_anonymises(town, caplog):
    event = past_event(town, days=-400)
    for actor in (town["caritas"], town["moschee"]):
        add(event, actor, checked_in=True)
    add(event, town["moschee"], checked_in=True)   # two people of one organisation
    add(event, None)                               # not checked in: not present
    with caplog.at_level(logging.DEBUG):
        call_command("purge-personal-data", verbosity=0)
    assert not Registration.objects.exclude(actor=None).exists()
    assert set(Registration.objects.values_list("email", flat=True)) == {""}
    assert set(AttendingActor.objects.filter(event=event).values_list("actor__name", flat=True)) == {
        "Caritasverband Vereinsheim", "Moscheeverein Nord"}
    assert attending_actors(Event.objects.filter(pk=event.pk)) == {
        event.pk: {town["caritas"].pk, town["moschee"].pk}}
    assert "Caritas" not in caplog.text and "Moschee" not in caplog.text
    call_command("purge-personal-data", verbosity=0)   # again: nothing changes
    assert AttendingActor.objects.count() == 2


def test_it_forgets_the_organisation_when_the_person_deletes_their_data(town):
    event = past_event(town)
    registration = add(event, town["caritas"], checked_in=True)
    actions.anonymise_registration(registration=registration)
    registration.refresh_from_db()
    assert registration.actor is None and registration.anonymised_at is not None
    assert attending_actors(Event.objects.filter(pk=event.pk)) == {}


def test_it_purges_an_event_with_several_registrations(town):
    # Anonymised rows all have an empty address: the one-registration-per-address rule is
    # for people, not for what remains of them.
    event = past_event(town, days=-400)
    for _ in range(3):
        add(event, None)
    assert actions.purge_personal_data()["registrations"] == 3


def test_it_shows_the_organisations_present_on_the_event_page(client, town):
    event = past_event(town)
    add(event, town["caritas"], checked_in=True)
    client.force_login(b.user(role="viewer", municipality=town["m"]))
    html = client.get(reverse("participation_backoffice:event", args=[town["m"].slug, event.pk])).content.decode()
    assert "Anwesende Organisationen" in html and "Caritasverband Vereinsheim" in html
    assert "Person " not in html   # viewers see no names


# --- the migration ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_it_migrates_existing_registrations_without_an_actor(tmp_path):
    with own_database(tmp_path):
        old = migrate([("participation", "0001_initial")])
        # The historical model: no post_save (today's default topics would need tables
        # that participation 0001 does not depend on), the columns of that state.
        m = old.get_model("municipalities", "Municipality").objects.create(slug="altstadt", name="Altstadt",
                                                                         kind="town")
        OldEvent, OldRegistration = old.get_model("participation", "Event"), old.get_model("participation", "Registration")
        event = OldEvent.objects.create(municipality_id=m.pk, title="Alt", starts_at=timezone.now())
        OldRegistration.objects.create(event=event, name="Ada", email="ada@example.org", status="registered",
                                       consent_at=timezone.now(), token="t-1", check_in_code="AAAAAA")
        new = migrate([("participation", "0002_registration_actor")])
        registration = new.get_model("participation", "Registration").objects.get()
        assert (registration.name, registration.actor_id) == ("Ada", None)
