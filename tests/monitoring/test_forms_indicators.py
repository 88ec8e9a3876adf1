"""Indicators kept in the browser: coordinators create, edit and delete them; viewers
read; every bad field is named."""
from decimal import Decimal

import pytest
from django.urls import reverse

from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.backoffice.monitoring_forms import parse_german_decimal
from teilhabe.monitoring.models import Indicator, Observation
from teilhabe.municipalities.models import ChangeRecord
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    m = builders.municipality("herten")
    old = builders.concept(m, status="superseded")
    current = builders.concept(m)
    return m, builders.goal(current, title="Sprache fördern"), builders.goal(old, title="Altes Ziel")


def valid(**over):
    data = {"name": "Betreuungsquote U3", "key": "betreuung-u3", "definition": "Kinder unter 3 in Kitas",
            "unit": "%", "numerator": "Kinder in Kitas", "denominator": "Kinder unter 3", "source": "IT.NRW",
            "direction": "higher", "breakdowns": ["district", "year"], "baseline_value": "12,5",
            "baseline_period": "2019", "target_value": "20", "target_period": "2025", "position": "0"}
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


def coordinator(client, m):
    client.force_login(builders.user(role="coordinator", municipality=m))


def test_it_creates_an_indicator_with_goals_and_records_it(client, town):
    m, goal, _old = town
    coordinator(client, m)
    response = client.post(reverse("monitoring:indicator_new", args=["herten"]), valid(goals=[goal.pk]))
    indicator = Indicator.objects.get(municipality=m, key="betreuung-u3")
    assert response.status_code == 302 and response["Location"].endswith(f"/monitoring/{indicator.pk}/")
    assert indicator.baseline_value == Decimal("12.5") and indicator.target_value == 20
    assert indicator.breakdowns == ["district", "year"] and list(indicator.goals.all()) == [goal]
    record = ChangeRecord.objects.get(object_id=indicator.pk, content_type__model="indicator")
    assert record.action == "create" and record.changes["baseline_value"] == [None, "12.5"]


def test_it_offers_only_goals_of_the_current_concept_and_keeps_older_links(client, town):
    m, goal, old = town
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Quote")
    indicator.goals.add(old)
    coordinator(client, m)
    url = reverse("monitoring:indicator_edit", args=["herten", indicator.pk])
    html = client.get(url).content.decode()
    assert "Sprache fördern" in html and "Altes Ziel" not in html
    response = client.post(url, valid(key="quote", goals=[old.pk]))
    assert response.status_code == 200 and "Auswahl" in response.content.decode()
    assert client.post(url, valid(goals=[goal.pk])).status_code == 302
    assert set(indicator.goals.all()) == {goal, old}
    indicator.refresh_from_db()
    assert indicator.key == "quote"  # the key stays: saved import mappings name it
    assert ChangeRecord.objects.filter(object_id=indicator.pk, action="update").exists()
    detail = client.get(reverse("monitoring:indicator", args=["herten", indicator.pk])).content.decode()
    assert "Änderungsverlauf" in detail and "<strong>geändert</strong>" in detail


@pytest.mark.parametrize("field, value, message", [
    ("name", "", "Dieses Feld ist zwingend erforderlich."),
    ("key", "Große Zahl!", ""),
    ("baseline_value", "zwölf", "„zwölf“ ist keine Zahl."),
    ("baseline_value", "1" * 30, "zu groß"),
    ("baseline_value", "1,23456", "Höchstens 4 Nachkommastellen."),
    ("baseline_value", "1.234", "mehrdeutig"),
    ("target_value", "1e5", "keine Zahl"),
    ("baseline_period", "19", "Jahr (JJJJ) oder Monat (JJJJ-MM)."),
    ("target_period", "2018", "Der Zielzeitraum liegt vor dem Ausgangszeitraum."),
    ("direction", "sideways", "Auswahl"),
    ("breakdowns", ["postcode"], "Auswahl"),
    ("goals", ["99999999999999999999"], ""),
    ("position", "-1", ""),
    ("position", "9" * 25, ""),
    ("name", "a\x00b", "Null"),
])
def test_it_names_the_wrong_field(client, town, field, value, message):
    m, _goal, _old = town
    coordinator(client, m)
    response = client.post(reverse("monitoring:indicator_new", args=["herten"]), valid(**{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in " ".join(errors[field])
    assert f'href="#id_{field}' in response.content.decode()
    assert not Indicator.objects.exists()


def test_it_wants_value_and_period_together(client, town):
    m, _goal, _old = town
    coordinator(client, m)
    response = client.post(reverse("monitoring:indicator_new", args=["herten"]), valid(baseline_period=""))
    assert "baseline_period" in response.context["form"].errors
    assert not Indicator.objects.exists()


def test_it_refuses_a_key_the_municipality_has_with_a_field_error(client, town):
    m, _goal, _old = town
    adopt_catalogue(municipality=m, keys=["anteil-auslaender"])
    other = builders.municipality()
    adopt_catalogue(municipality=other, keys=["sgb-ii-quote"])
    coordinator(client, m)
    url = reverse("monitoring:indicator_new", args=["herten"])
    response = client.post(url, valid(key="anteil-auslaender"))
    assert response.context["form"].errors == {"key": ["Dieser Schlüssel ist schon vergeben."]}
    assert client.post(url, valid(key="sgb-ii-quote")).status_code == 302  # another town's key is free


def test_it_deletes_after_confirmation_with_its_values(client, town):
    m, _goal, _old = town
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Quote")
    Observation.objects.create(indicator=indicator, period="2020", value=1)
    coordinator(client, m)
    url = reverse("monitoring:indicator_delete", args=["herten", indicator.pk])
    html = client.get(url).content.decode()
    assert "mit seinen 1 Werten löschen?" in html and Indicator.objects.exists()
    assert client.post(url).status_code == 302
    assert not Indicator.objects.exists() and not Observation.objects.exists()
    assert ChangeRecord.objects.get(object_id=indicator.pk, content_type__model="indicator").action == "delete"


@pytest.mark.parametrize("role", ["viewer", "actor_editor", "other_coordinator", "outsider"])
def test_it_lets_only_coordinators_change_indicators(client, town, role):
    m, _goal, _old = town
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Quote")
    user = {"viewer": lambda: builders.user(role="viewer", municipality=m),
            "actor_editor": lambda: builders.user(role="actor_editor", municipality=m, actor=builders.actor(m)),
            "other_coordinator": lambda: builders.user(role="coordinator", municipality=builders.municipality()),
            "outsider": lambda: builders.user()}[role]()
    client.force_login(user)
    for url in (reverse("monitoring:indicator_new", args=["herten"]),
                reverse("monitoring:indicator_edit", args=["herten", indicator.pk]),
                reverse("monitoring:indicator_delete", args=["herten", indicator.pk])):
        assert client.get(url).status_code == 403
        assert client.post(url, valid(name="Gekapert")).status_code == 403
    indicator.refresh_from_db()
    assert Indicator.objects.count() == 1 and indicator.name == "Quote"


def test_it_shows_viewers_the_page_without_edit_links(client, town):
    m, _goal, _old = town
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Quote")
    client.force_login(builders.user(role="viewer", municipality=m))
    html = client.get(reverse("monitoring:indicator", args=["herten", indicator.pk])).content.decode()
    assert "Quote" in html and "Indikator bearbeiten" not in html and "Werte erfassen" not in html
    client.force_login(builders.user(role="coordinator", municipality=m))
    html = client.get(reverse("monitoring:indicator", args=["herten", indicator.pk])).content.decode()
    assert "Indikator bearbeiten" in html and "Werte erfassen" in html


def test_it_does_not_edit_an_indicator_of_another_municipality(client, town):
    m, _goal, _old = town
    foreign = adopt_catalogue(municipality=builders.municipality(), keys=["anteil-auslaender"])[0]
    coordinator(client, m)
    assert client.get(reverse("monitoring:indicator_edit", args=["herten", foreign.pk])).status_code == 404
    assert client.post(reverse("monitoring:indicator_delete", args=["herten", foreign.pk])).status_code == 404
    assert Indicator.objects.filter(pk=foreign.pk).exists()


def test_it_links_goal_rows_to_their_indicators_charts(client, town):
    m, goal, _old = town
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Sprachstandsquote")
    indicator.goals.add(goal)
    client.force_login(builders.user(role="viewer", municipality=m))
    html = client.get(reverse("monitoring:indicators", args=["herten"])).content.decode()
    goals = html[html.index("Ziele aus"):]
    link = reverse("monitoring:indicator", args=["herten", indicator.pk]) + "#verlauf"
    assert f'<a href="{link}"><bdi>Sprachstandsquote</bdi></a>' in goals  # isolated (tests/backoffice/test_direction.py)
    detail = client.get(reverse("monitoring:indicator", args=["herten", indicator.pk])).content.decode()
    assert 'id="verlauf"' in detail


@pytest.mark.parametrize("text, number", [
    ("12,5", "12.5"), ("12.5", "12.5"), ("-3", "-3"), ("1.234,5", "1234.5"), ("1.234.567", "1234567"),
    ("1 234,5", "1234.5"), (" 7 ", "7"), ("0,0001", "0.0001"), (",5", "0.5"),
])
def test_it_reads_numbers_as_people_type_them(text, number):
    assert parse_german_decimal(text) == Decimal(number)


@pytest.mark.parametrize("text", ["1,2,3", "1.2,3", "abc", "1.234", "--1", "1e3", "NaN", "Infinity", "12,5%"])
def test_it_refuses_what_is_no_clear_number(text):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        parse_german_decimal(text)
