"""Secrets never reach the change history: no token, form token, check-in code, password
or keyed hash is recorded for any model, none is shown from an old record, and the data
migration removes those that records written before hold."""
import importlib
import json
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from teilhabe.exchange.importer import _Import
from teilhabe.jobs import run_pending
from teilhabe.municipalities import history
from teilhabe.municipalities.models import ChangeRecord
from teilhabe.participation import actions
from teilhabe.participation.models import Idea, Registration, new_code, new_token
from tests import builders as b
from tests.participation import builders as pb

pytestmark = pytest.mark.django_db

# What grants access, by this test's own reading of the models (not history's rule): a
# field named like a token, password, secret or hash, or one filled by the generators of
# private links and check-in codes.
SECRET_LOOKING = re.compile(r"token|password|secret|hash")


def secret_fields(model):
    return [f for f in model._meta.concrete_fields
            if SECRET_LOOKING.search(f.name) or f.default in (new_token, new_code)]


def tracked_models():
    """Every model of the project (and the user model): anything history.record may be
    given, so a model that starts to be tracked is walked already."""
    return [m for m in apps.get_models() if m.__module__.startswith("teilhabe.")] + [get_user_model()]


def test_it_records_no_secret_field_of_any_model():
    walked = {}
    for model in tracked_models():
        fields = secret_fields(model)
        if not fields:
            continue
        obj = model()
        for f in fields:
            setattr(obj, f.attname, f"SECRET-{model.__name__}-{f.name}")
        walked[model._meta.label] = [f.name for f in fields]
        kept = json.dumps(history.snapshot(obj))
        assert "SECRET-" not in kept, (model, kept)
        # The exchange importer makes its snapshots from values, not objects.
        values = {f.attname: f.value_from_object(obj) for f in model._meta.concrete_fields}
        kept = json.dumps(_Import.snapshot(None, model, values, {}, lambda related, pk: "x"))
        assert "SECRET-" not in kept, (model, kept)
        # Nor what a writer hands over as changes of its own (history_extra, imports).
        assert history.scrub(model, {f.name: ["SECRET-", "SECRET-"] for f in fields}) == {}
    # The walk reaches the secrets the audit found, and the others of their kind.
    assert walked["participation.Idea"] == ["token", "form_token"]
    assert walked["participation.Registration"] == ["token", "check_in_code", "form_token"]
    assert {"participation.Comment", "participation.Support", "auth.User"} <= walked.keys()


@pytest.fixture
def submitted(db, client):
    """An idea from the public form, its address confirmed (so published), and the page
    of its private link."""
    m = pb.town()
    response = client.post(reverse("participation:idea_new", args=[m.slug]), {
        "title": "Stadtrundgang", "description": "Neue Nachbarn zeigen ihre Stadt.",
        "field": m.concepts.first().fields.first().pk, "email": "ideen@example.org", "consent": "on",
        "form_token": "form-token-7f3a9c"})
    assert response.status_code == 302
    run_pending()
    link = re.findall(r"http://testserver(/p/\S+)", mail.outbox[-1].body)[0]
    assert client.post(link + "confirm/").status_code in (200, 302)
    idea = Idea.objects.get()
    assert idea.status == "published" and idea.token in link
    return m, idea, link


def test_it_shows_no_private_link_on_the_ideas_page(client, submitted):
    m, idea, _link = submitted
    assert ChangeRecord.objects.filter(object_id=idea.pk).count() == 2  # submitted, published
    stored = json.dumps(list(ChangeRecord.objects.values_list("changes", flat=True)))
    assert idea.token not in stored and "form-token-7f3a9c" not in stored
    for role in ("viewer", "coordinator"):
        client.force_login(b.user(role=role, municipality=m))
        page = client.get(reverse("participation_backoffice:idea", args=[m.slug, idea.pk])).content.decode()
        assert "Änderungsverlauf" in page and "Stadtrundgang" in page
        assert idea.token not in page and "form-token-7f3a9c" not in page, role


def test_it_records_no_token_when_the_person_deletes_their_data(client, submitted):
    m, idea, link = submitted
    client.post(link + "delete/")
    idea.refresh_from_db()
    assert idea.anonymised_at is not None
    stored = json.dumps(list(ChangeRecord.objects.values_list("changes", flat=True)))
    assert idea.token not in stored and "form-token-7f3a9c" not in stored and "token" not in stored


def test_it_records_no_check_in_code_or_token_of_a_registration():
    m = pb.town()
    event = pb.event(m)
    registration = Registration.objects.create(event=event, status="registered", name="Aylin", email="a@example.org",
                                               consent_at=event.starts_at, form_token="form-token-1")
    staff = b.user(role="coordinator", municipality=m)
    actions.set_registration_actor(registration=registration, actor=b.actor(m), user=staff)
    record = history.delete_tracked(registration, user=staff)
    stored = json.dumps(list(ChangeRecord.objects.values_list("changes", flat=True)))
    assert record.changes and ChangeRecord.objects.count() == 2
    for secret in (registration.token, registration.check_in_code, "form-token-1"):
        assert secret not in stored


def old_record(idea):
    return ChangeRecord.objects.create(
        municipality=idea.municipality, content_type=ContentType.objects.get_for_model(Idea), object_id=idea.pk,
        object_repr=idea.title, via="web", action="create",
        changes={"title": [None, idea.title], "token": [None, idea.token], "form_token": [None, "form-token-old"]})


def test_it_shows_no_secret_an_old_record_holds(client):
    m = pb.town()
    idea = pb.idea(m)
    old_record(idea)
    client.force_login(b.user(role="viewer", municipality=m))
    page = client.get(reverse("participation_backoffice:idea", args=[m.slug, idea.pk])).content.decode()
    assert idea.title in page
    assert idea.token not in page and "form-token-old" not in page


def test_the_migration_removes_secrets_from_old_records():
    migration = importlib.import_module("teilhabe.municipalities.migrations.0004_changerecord_remove_secrets")
    m = pb.town()
    idea = pb.idea(m)
    record = old_record(idea)
    only_secret = ChangeRecord.objects.create(
        municipality=m, content_type=record.content_type, object_id=idea.pk, object_repr=idea.title,
        action="update", changes={"token": ["old", idea.token]})
    registration = ChangeRecord.objects.create(
        municipality=m, content_type=ContentType.objects.get_for_model(Registration), object_id=1,
        object_repr="Anmeldung Nr. 1", action="delete",
        changes={"status": ["registered", None], "check_in_code": ["K7M2QX", None]})
    clean = history.record(idea, user=b.user(), before={**history.snapshot(idea), "title": "vorher"})
    migration.remove_secrets(apps, None)
    record.refresh_from_db()
    registration.refresh_from_db()
    assert record.changes == {"title": [None, idea.title]}
    assert registration.changes == {"status": ["registered", None]}
    assert not ChangeRecord.objects.filter(pk=only_secret.pk).exists()  # nothing left to say
    assert ChangeRecord.objects.get(pk=clean.pk).changes == clean.changes
