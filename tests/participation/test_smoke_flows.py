"""End-to-end flows through the Django test client: registering until full, the waiting
list, ideas from submission to measure, privacy links."""
import re

import pytest
from django.core import mail
from django.urls import reverse

from teilhabe.jobs import run_pending
from teilhabe.participation.models import Idea, Registration
from tests import builders as b

from . import builders as pb

pytestmark = pytest.mark.django_db


def register(client, event, name, email, **extra):
    url = reverse("participation:event", args=[event.municipality.slug, event.pk])
    data = {"name": name, "email": email, "consent": "on", "form_token": extra.pop("form_token", ""), **extra}
    return client.post(url, data)


def links(message):
    return re.findall(r"http://testserver(/p/\S+)", message.body)


def test_it_registers_until_full_then_waits_and_moves_up(client):
    m = pb.town()
    event = pb.event(m, capacity=2)
    for n in range(3):
        response = register(client, event, f"Person {n}", f"p{n}@example.org")
        assert response.status_code == 302
    statuses = list(event.registrations.order_by("id").values_list("status", flat=True))
    assert statuses == ["registered", "registered", "waiting"]
    run_pending()
    assert [len(msg.attachments) for msg in mail.outbox] == [1, 1, 0]
    first = Registration.objects.get(email="p0@example.org")
    mail.outbox.clear()
    response = client.post(reverse("participation:private_registration_cancel", args=[first.token]))
    assert response.status_code == 302
    run_pending()
    assert Registration.objects.get(email="p2@example.org").status == "registered"
    subjects = sorted(msg.subject for msg in mail.outbox)
    assert any("Platz ist frei" in s for s in subjects) and any("Abmeldung" in s for s in subjects)


def test_it_takes_a_web_idea_to_a_measure(client):
    m = pb.town()
    coordinator = b.user(role="coordinator", municipality=m)
    field = m.concepts.first().fields.first()
    response = client.post(reverse("participation:idea_new", args=[m.slug]), {
        "title": "Stadtrundfahrten mit Migranten", "description": "Neue Hertener zeigen ihre Stadt.",
        "field": field.pk, "email": "ideen@example.org", "consent": "on", "form_token": "abc"})
    assert response.status_code == 302, response.content.decode()[:2000]
    idea = Idea.objects.get()
    run_pending()
    link = links(mail.outbox[-1])[0]
    assert client.get(link).status_code == 200
    client.post(link + "confirm/")
    idea.refresh_from_db()
    assert idea.status == "published"
    client.force_login(coordinator)
    url = reverse("participation_backoffice:idea_status", args=[m.slug, idea.pk])
    client.post(url, {"to_status": "accepted", "reason": "Gute Idee."})
    idea.refresh_from_db()
    assert idea.status == "accepted"
    response = client.post(reverse("participation_backoffice:idea_measure", args=[m.slug, idea.pk]), {
        "mode": "new", "title": "Stadtrundfahrten", "external_id": "M-TOUR", "description": "x"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    idea.refresh_from_db()
    assert idea.measure.title == "Stadtrundfahrten"
    client.logout()
    page = client.get(link).content.decode()
    assert "Stadtrundfahrten" in page and "Fortschritt" in page
    page = client.get(reverse("portal:measure", args=[m.slug, "M-TOUR"])).content.decode()
    assert "Stadtrundfahrten mit Migranten" in page
    for name in ("events", "ideas"):
        assert client.get(reverse(f"participation:{name}", args=[m.slug])).status_code == 200
    assert client.get(reverse("participation:idea", args=[m.slug, idea.pk])).status_code == 200
    client.force_login(coordinator)
    for name in ("events", "ideas", "settings", "mail_failures", "idea_new", "event_new"):
        assert client.get(reverse(f"participation_backoffice:{name}", args=[m.slug])).status_code == 200, name
    assert client.get(reverse("participation_backoffice:idea", args=[m.slug, idea.pk])).status_code == 200
