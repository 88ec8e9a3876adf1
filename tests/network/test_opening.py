"""Intercultural opening: departments, their integration officers, trainings and measures."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from teilhabe.network import opening
from teilhabe.network.models import IntegrationOfficer, Training
from tests import builders as b


@pytest.fixture
def town(db):
    kreis = b.municipality("kreis-o", kind="kreis")
    m = b.municipality("amtsstadt", parent=kreis)
    c = b.concept(m)
    soziales = b.actor(m, "soziales", name="Sozialamt", kind="administration_department")
    jugend = b.actor(m, "jugend", name="Jugendamt", kind="administration_department")
    b.actor(m, "bauamt", name="Bauamt", kind="administration_department")
    b.actor(m, "verein", name="Verein")
    IntegrationOfficer.objects.create(department=soziales)
    IntegrationOfficer.objects.create(department=jugend)
    Training.objects.create(department=soziales, held_on=date(2024, 3, 1), topic="Interkulturelle Kompetenz",
                            completed=True)
    Training.objects.create(department=soziales, held_on=date(2025, 3, 1), topic="Leichte Sprache", completed=True)
    Training.objects.create(department=jugend, held_on=date(2025, 5, 1), topic="Vielfalt", completed=False)
    b.measure(c, responsible=soziales, status="running")
    b.measure(c, responsible=soziales, status="implemented")
    b.measure(c, responsible=jugend, status="planned")
    return {"kreis": kreis, "m": m, "soziales": soziales, "jugend": jugend}


def test_it_lists_departments_with_officer_trainings_and_open_measures(town):
    rows = {r.department.name: r for r in opening.departments(town["m"])}
    assert list(rows) == ["Bauamt", "Jugendamt", "Sozialamt"]
    s, j, bau = rows["Sozialamt"], rows["Jugendamt"], rows["Bauamt"]
    assert (s.officer, s.trainings_completed, s.last_training, s.measures_open, s.measures_total, s.trained) == (
        "Integrationsbeauftragte*r des Fachbereichs", 2, date(2025, 3, 1), 1, 2, True)
    assert (j.trainings_completed, j.measures_open, j.trained) == (0, 1, False)
    assert (bau.officer, bau.trained) == (None, False)


def test_it_names_a_person_only_with_consent(town):
    officer = town["soziales"].integration_officer
    officer.contact = b.contact(town["soziales"], name="Erika Muster", role="Integrationsbeauftragte")
    officer.save()
    assert opening.departments(town["m"])[2].officer == "Integrationsbeauftragte*r des Fachbereichs"
    officer.contact.consent_at = timezone.now()
    officer.contact.save()
    assert opening.departments(town["m"])[2].officer == "Erika Muster"


def test_it_refuses_an_officer_for_an_association(town):
    verein = town["m"].actors.get(name="Verein")
    with pytest.raises(ValidationError) as error:
        IntegrationOfficer(department=verein).full_clean()
    assert "department" in error.value.error_dict


def test_it_shows_a_kreis_its_towns_side_by_side(town):
    b.actor(town["kreis"], "kreis-sozial", name="Kreissozialamt", kind="administration_department")
    overview = opening.kreis_overview(town["kreis"])
    assert [(t.slug, [r.department.name for r in rows]) for t, rows in overview] == [
        ("kreis-o", ["Kreissozialamt"]), ("amtsstadt", ["Bauamt", "Jugendamt", "Sozialamt"])]


PERSONAS = b.persona_names()


@pytest.fixture
def people(town):
    return b.personas(town["m"], editors={"editor": town["soziales"]})


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_opening_page_to_coordinators_and_viewers_only(client, town, people, persona):
    from django.urls import reverse

    if people[persona]:
        client.force_login(people[persona])
    response = client.get(reverse("network:opening", args=["amtsstadt"]))
    if persona in ("coordinator", "kreis_coordinator", "viewer"):
        assert response.status_code == 200
        assert "<th scope=\"row\"><bdi>Sozialamt</bdi></th>" in response.content.decode()
    elif persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 403
    kreis = client.get(reverse("network:opening", args=["kreis-o"]))
    if persona == "kreis_coordinator":
        html = kreis.content.decode()
        assert "<caption><bdi>Kreis O</bdi></caption>" in html and "<caption><bdi>Amtsstadt</bdi></caption>" in html
    elif persona != "anonymous":
        assert kreis.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["network:officer_edit", "network:training_new"])
def test_it_lets_only_coordinators_record_officers_and_trainings(client, town, people, persona, name):
    from django.urls import reverse

    if people[persona]:
        client.force_login(people[persona])
    url = reverse(name, args=["amtsstadt", town["soziales"].pk])
    response = client.post(url, {"held_on": "2025-06-01", "topic": "Neu", "completed": "on",
                                 "role": "Integrationsbeauftragte*r"})
    if persona in ("coordinator", "kreis_coordinator"):
        assert response.status_code == 302
    elif persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 403
    written = Training.objects.filter(topic="Neu").exists() if name.endswith("new") else \
        IntegrationOfficer.objects.get(department=town["soziales"]).role == "Integrationsbeauftragte*r"
    assert written == (persona in ("coordinator", "kreis_coordinator"))


def test_it_records_an_officer_for_departments_only(client, town, people):
    from django.urls import reverse

    client.force_login(people["coordinator"])
    verein = town["m"].actors.get(name="Verein")
    assert client.get(reverse("network:officer_edit", args=["amtsstadt", verein.pk])).status_code == 404
    bauamt = town["m"].actors.get(name="Bauamt")
    response = client.post(reverse("network:officer_edit", args=["amtsstadt", bauamt.pk]),
                           {"role": "Integrationsbeauftragte*r Bauamt", "appointed_on": "2025-01-01"})
    assert response.status_code == 302
    assert bauamt.integration_officer.role == "Integrationsbeauftragte*r Bauamt"


def test_it_refuses_a_training_without_date_and_writes_nothing(client, town, people):
    from django.urls import reverse

    client.force_login(people["coordinator"])
    response = client.post(reverse("network:training_new", args=["amtsstadt", town["jugend"].pk]), {"topic": "X"})
    assert response.status_code == 200 and "held_on" in response.context["form"].errors
    assert not Training.objects.filter(topic="X").exists()
