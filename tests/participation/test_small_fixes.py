"""Small things people met (issue 10, point 16): a refused status change keeps the typed
reason, the idea filter says what "no choice" means, the consent error names the consent
briefly, and a check-in code entered twice says when the person was let in."""
import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from teilhabe.participation.models import Idea, Registration
from tests import builders as b

from . import builders as pb

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    m = pb.town("lindenau")
    b.target_group(m, "alle", de="Alle")
    return m


@pytest.fixture
def coordinator(client, town):
    client.force_login(b.user("koordination", role="coordinator", municipality=town))
    return client


def test_a_refused_idea_status_change_keeps_the_typed_reason(coordinator, town):
    idea = pb.idea(town, status=Idea.Status.PUBLISHED)
    reason = "Der Rat hat im März darüber beraten; wir melden uns nach der Haushaltsplanung."
    # "implemented" is no step from "published": refused, and the reason is still there.
    response = coordinator.post(reverse("participation_backoffice:idea_status", args=[town.slug, idea.pk]),
                                {"to_status": Idea.Status.IMPLEMENTED, "reason": reason})
    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html
    assert "to_status" in response.context["status_form"].errors
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PUBLISHED


def test_a_decision_without_reason_is_named_on_the_form(coordinator, town):
    idea = pb.idea(town, status=Idea.Status.PUBLISHED)
    response = coordinator.post(reverse("participation_backoffice:idea_status", args=[town.slug, idea.pk]),
                                {"to_status": Idea.Status.REJECTED, "reason": ""})
    assert response.status_code == 200
    assert list(response.context["status_form"].errors) == ["reason"]


def test_an_accepted_idea_status_change_still_goes_back_to_the_page(coordinator, town):
    idea = pb.idea(town, status=Idea.Status.PUBLISHED)
    response = coordinator.post(reverse("participation_backoffice:idea_status", args=[town.slug, idea.pk]),
                                {"to_status": Idea.Status.IN_DISCUSSION, "reason": ""})
    assert response.status_code == 302


def test_the_idea_filter_says_what_no_choice_means(client, town):
    html = client.get(reverse("participation:ideas", args=[town.slug])).content.decode()
    assert '<option value="">alle Zielgruppen</option>' in html
    assert '<option value="">alle Stadtteile</option>' in html
    assert '<option value="">alle Handlungsfelder</option>' in html
    assert '<option value="">alle</option>' not in html
    assert ">Alle</option>" in html  # the target group "everyone" is still a choice


def test_the_idea_filter_speaks_the_visitors_language(client, town):
    html = client.get(reverse("participation:ideas", args=[town.slug]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="">all target groups</option>' in html


def test_the_idea_form_does_not_offer_alle_twice(client, town):
    html = client.get(reverse("participation:idea_new", args=[town.slug])).content.decode()
    assert '<option value="" selected>keine Auswahl</option>' in html
    assert '<option value="" selected>alle</option>' not in html


@pytest.mark.parametrize("page", ["registration", "idea"])
def test_the_consent_error_names_the_consent_briefly(client, town, page):
    if page == "registration":
        url = reverse("participation:event", args=[town.slug, pb.event(town).pk])
    else:
        url = reverse("participation:idea_new", args=[town.slug])
    response = client.post(url, {"name": "Amira", "email": "amira@example.org"})
    assert "consent" in response.context["form"].errors
    html = response.content.decode()
    assert 'id_consent">Einwilligung: Dieses Feld ist zwingend erforderlich.</a>' in html
    # The whole consent text stands once, at the checkbox, not again in the list of errors.
    assert html.count("Ich bin einverstanden") == 1


def _registration(event, **kw):
    return Registration.objects.create(event=event, name="Amira Beispiel", email="amira@example.org",
                                       status="registered", consent_at=timezone.now(), **kw)


def test_a_check_in_code_entered_again_says_when_the_person_came(coordinator, town):
    event = pb.event(town, days=0)
    registration = _registration(event)
    url = reverse("participation_backoffice:registrations", args=[town.slug, event.pk])
    first = coordinator.post(url, {"code": registration.check_in_code}, follow=True)
    assert [str(m) for m in first.context["messages"]] == ["Eingelassen: Amira Beispiel"]
    registration.refresh_from_db()
    came = registration.checked_in_at
    registration.checked_in_at = came - datetime.timedelta(minutes=30)  # half an hour ago
    registration.save()
    again = coordinator.post(url, {"code": registration.check_in_code.lower()}, follow=True)
    time = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
    assert [str(m) for m in again.context["messages"]] == [f"Schon eingelassen um {time}: Amira Beispiel"]
    registration.refresh_from_db()
    assert registration.checked_in_at == came - datetime.timedelta(minutes=30)  # the first time stays


def test_the_check_in_button_pressed_again_says_so_too(coordinator, town):
    event = pb.event(town, days=0)
    registration = _registration(event, checked_in_at=timezone.now())
    response = coordinator.post(reverse("participation_backoffice:registration_check_in",
                                        args=[town.slug, event.pk, registration.pk]))
    assert [m.message for m in get_messages(response.wsgi_request)][0].startswith("Schon eingelassen um ")
