"""Values of an indicator entered per period in the browser: a row per area, decimal
comma, all or nothing, and a clash with existing values is a field error, never a 500."""
from decimal import Decimal

import pytest
from django.urls import reverse

from teilhabe.backoffice.monitoring_forms import ObservationsForm
from teilhabe.monitoring.models import Indicator, Observation
from teilhabe.backoffice.views.monitoring import _save_observations
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    m = builders.municipality("herten")
    north, south = builders.district(m, "01", "Nord"), builders.district(m, "02", "Süd")
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Quote", unit="%")
    return m, indicator, north, south


def url(indicator, name="observations_new", *args, query=""):
    return reverse(f"monitoring:{name}", args=["herten", indicator.pk, *args]) + query


def values(indicator):
    return {(o.period, o.district.name if o.district else None, o.category): o.value
            for o in Observation.objects.filter(indicator=indicator).select_related("district")}


@pytest.fixture
def coordinator(client, town):
    client.force_login(builders.user(role="coordinator", municipality=town[0]))
    return client


def test_it_enters_a_period_with_a_row_per_area(coordinator, town):
    _m, indicator, north, south = town
    indicator.unit = "Personen"  # a count: 1.234,5 is no share
    indicator.save()
    html = coordinator.get(url(indicator)).content.decode()
    assert "Herten (ganze Kommune) (Personen)" in html and "Nord (Personen)" in html and "Süd (Personen)" in html
    response = coordinator.post(url(indicator), {"period": "2024", "total": "12,5", f"d{north.pk}": "1.234,5",
                                                 f"d{south.pk}": ""})
    assert response.status_code == 302
    assert values(indicator) == {("2024", None, ""): Decimal("12.5"), ("2024", "Nord", ""): Decimal("1234.5")}
    page = coordinator.get(response["Location"]).content.decode()
    assert "2 Werte für 2024 gespeichert." in page and "12,50" in page


def test_it_enters_values_of_a_category(coordinator, town):
    _m, indicator, north, _south = town
    Observation.objects.create(indicator=indicator, period="2024", value=1)
    assert coordinator.post(url(indicator), {"period": "2024-03", "category": "weiblich",
                                             f"d{north.pk}": "7"}).status_code == 302
    assert values(indicator)[("2024-03", "Nord", "weiblich")] == 7
    edit = coordinator.get(url(indicator, "observations_edit", "2024-03", query="?category=weiblich"))
    assert edit.status_code == 200 and 'value="7"' in edit.content.decode()


def test_it_edits_and_removes_values_of_a_period(coordinator, town):
    _m, indicator, north, south = town
    Observation.objects.create(indicator=indicator, period="2023", value=Decimal("10.25"))
    Observation.objects.create(indicator=indicator, period="2023", district=north, value=3)
    Observation.objects.create(indicator=indicator, period="2022", value=9)
    edit = url(indicator, "observations_edit", "2023")
    html = coordinator.get(edit).content.decode()
    assert 'value="10,25"' in html and 'value="2023"' in html and "disabled" in html
    # The period field is fixed: a forged one changes nothing.
    response = coordinator.post(edit, {"period": "1999", "total": "11", f"d{north.pk}": "", f"d{south.pk}": "4,5"})
    assert response.status_code == 302
    assert values(indicator) == {("2023", None, ""): 11, ("2023", "Süd", ""): Decimal("4.5"), ("2022", None, ""): 9}
    assert "1 Werte entfernt." in coordinator.get(response["Location"]).content.decode()


def test_it_deletes_a_period_after_confirmation(coordinator, town):
    _m, indicator, north, _south = town
    Observation.objects.create(indicator=indicator, period="2023", value=1)
    Observation.objects.create(indicator=indicator, period="2023", district=north, value=2)
    Observation.objects.create(indicator=indicator, period="2023", category="EU", value=3)
    delete = url(indicator, "observations_delete", "2023")
    assert "Alle 2 Werte" in coordinator.get(delete).content.decode()
    assert coordinator.post(delete).status_code == 302
    assert values(indicator) == {("2023", None, "EU"): 3}
    assert coordinator.post(delete).status_code == 404


@pytest.mark.parametrize("typed, message", [
    ("zwölf", "„zwölf“ ist keine Zahl."),
    ("9" * 20, "zu groß"),
    ("9" * 400, "zu groß"),
    ("1.234", "mehrdeutig"),
    ("1,00001", "Höchstens 4 Nachkommastellen."),
    ("1,2,3", "keine Zahl"),
])
def test_it_names_the_row_with_a_bad_value_and_writes_nothing(coordinator, town, typed, message):
    _m, indicator, north, south = town
    response = coordinator.post(url(indicator), {"period": "2024", "total": "5", f"d{north.pk}": "6",
                                                 f"d{south.pk}": typed})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"d{south.pk}"]
    html = response.content.decode()
    assert f'<a href="#id_d{south.pk}">Süd (%): ' in html and message in html
    assert not Observation.objects.exists()


@pytest.mark.parametrize("data, field", [
    ({"period": "24", "total": "1"}, "period"),
    ({"period": "2024-13", "total": "1"}, "period"),
    ({"period": "", "total": "1"}, "period"),
    ({"period": "2024", "category": "x" * 81, "total": "1"}, "category"),
    ({"period": "2024"}, "__all__"),
])
def test_it_names_a_bad_period_or_category(coordinator, town, data, field):
    _m, indicator, _north, _south = town
    response = coordinator.post(url(indicator), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Observation.objects.exists()


def test_it_answers_values_that_exist_with_a_field_error_per_row(coordinator, town):
    _m, indicator, north, south = town
    Observation.objects.create(indicator=indicator, period="2024", district=north, value=1)
    response = coordinator.post(url(indicator), {"period": "2024", "total": "5", f"d{north.pk}": "6",
                                                 f"d{south.pk}": "7"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"d{north.pk}"]
    assert "Für 2024 gibt es hier schon einen Wert" in response.content.decode()
    assert values(indicator) == {("2024", "Nord", ""): 1}


def test_it_answers_a_value_saved_at_the_same_moment_with_a_field_error(town):
    """Both forms pass their checks; the second save meets the database's unique
    constraint. Nothing of it is written and the row is named."""
    m, indicator, north, _south = town
    data = {"period": "2024", "total": "5", f"d{north.pk}": "6"}
    form = ObservationsForm(data, indicator=indicator)
    assert form.is_valid()
    Observation.objects.create(indicator=indicator, period="2024", district=north, value=1)  # the other request
    assert _save_observations(form) is None
    assert list(form.errors) == [f"d{north.pk}"]
    assert values(indicator) == {("2024", "Nord", ""): 1}
    # The same for the whole-municipality row (the other partial unique constraint).
    form = ObservationsForm({"period": "2025", "total": "5"}, indicator=indicator)
    assert form.is_valid()
    Observation.objects.create(indicator=indicator, period="2025", value=1)
    assert _save_observations(form) is None and list(form.errors) == ["total"]


def test_it_does_not_take_a_district_of_another_municipality(coordinator, town):
    _m, indicator, _north, _south = town
    foreign = builders.district(builders.municipality(), "99", "Fremd")
    assert coordinator.post(url(indicator), {"period": "2024", f"d{foreign.pk}": "1"}).status_code == 200
    assert not Observation.objects.exists()


def test_it_does_not_open_a_period_without_values_or_a_malformed_one(coordinator, town):
    _m, indicator, _north, _south = town
    assert coordinator.get(url(indicator, "observations_edit", "2024")).status_code == 404
    assert coordinator.get(url(indicator, "observations_edit", "2024-xx")).status_code == 404
    assert coordinator.get(url(indicator, "observations_delete", "abc")).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "actor_editor", "other_coordinator"])
def test_it_lets_only_coordinators_enter_values(client, town, role):
    m, indicator, _north, _south = town
    Observation.objects.create(indicator=indicator, period="2023", value=1)
    user = {"viewer": lambda: builders.user(role="viewer", municipality=m),
            "actor_editor": lambda: builders.user(role="actor_editor", municipality=m, actor=builders.actor(m)),
            "other_coordinator": lambda: builders.user(role="coordinator", municipality=builders.municipality()),
            }[role]()
    client.force_login(user)
    for target in (url(indicator), url(indicator, "observations_edit", "2023"),
                   url(indicator, "observations_delete", "2023")):
        assert client.get(target).status_code == 403
        assert client.post(target, {"period": "2024", "total": "2"}).status_code == 403
    assert values(indicator) == {("2023", None, ""): 1}


def test_it_lists_the_periods_to_edit_for_coordinators(coordinator, town):
    _m, indicator, _north, _south = town
    Observation.objects.create(indicator=indicator, period="2023", value=1)
    Observation.objects.create(indicator=indicator, period="2023", category="EU", value=1)
    html = coordinator.get(reverse("monitoring:indicator", args=["herten", indicator.pk])).content.decode()
    assert url(indicator, "observations_edit", "2023") + '"' in html
    assert url(indicator, "observations_edit", "2023", query="?category=EU") in html


@pytest.mark.parametrize("editing", [False, True])
@pytest.mark.django_db(transaction=True)
def test_it_lets_the_database_refuse_the_second_of_two_simultaneous_saves(editing):
    """Two real connections: the first holds an uncommitted value, the second passes the
    form's check (it cannot see that value) and meets the unique constraint when the first
    commits. Only PostgreSQL lets the second wait for the first; SQLite serialises writers
    with a database lock, so the clash cannot arise there at all."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite allows one writer at a time; the deterministic test above covers the view there")
    m = builders.municipality("herten")
    north = builders.district(m, "01", "Nord")
    indicator = Indicator.objects.create(municipality=m, key="quote", name="Quote")
    if editing:
        Observation.objects.create(indicator=indicator, period="2024", value=9)
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                Observation.objects.create(indicator=indicator, period="2024", district=north, value=1)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def second(form):
        try:
            outcome["saved"] = _save_observations(form)
        finally:
            connections.close_all()

    a = threading.Thread(target=first)
    a.start()
    assert holding.wait(10)
    form = ObservationsForm({"period": "2024", f"d{north.pk}": "6", "total": "5"}, indicator=indicator,
                            period="2024" if editing else None)
    assert form.is_valid()  # the first value is not committed yet
    b = threading.Thread(target=second, args=(form,))
    b.start()
    b.join(0.5)
    assert b.is_alive()  # waiting for the first transaction on the unique index
    release.set()
    a.join(10)
    b.join(10)
    assert outcome["saved"] is None
    if editing:  # another edit of the same period: look again before saving
        assert "gleichzeitig geändert" in form.non_field_errors()[0]
        assert values(indicator) == {("2024", None, ""): 9, ("2024", "Nord", ""): 1}
    else:
        assert list(form.errors) == [f"d{north.pk}"]
        assert values(indicator) == {("2024", "Nord", ""): 1}
