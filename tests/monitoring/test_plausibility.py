"""Values respect their indicator's unit: a share lies between 0 and 100 %, a count is not
negative, unless the indicator measures a change or a balance. The value form names the
row (the area), the import names line and column; nothing is written."""
from decimal import Decimal

import pytest
from django.urls import reverse

from teilhabe.lib.problems import ExchangeError
from teilhabe.monitoring.importer import import_statistics
from teilhabe.monitoring.models import Indicator, Observation
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("unit, definition, bounds", [
    ("%", "", (0, 100)),
    ("Prozent", "", (0, 100)),
    ("% der Erwerbspersonen", "", (0, 100)),
    ("Personen", "", (0, None)),
    ("je 1.000 Einwohner", "", (0, None)),
    ("", "", (0, None)),
    ("Euro", "", (0, None)),
    ("%", "Veränderung gegenüber dem Vorjahr", (None, None)),
    ("Prozentpunkte", "", (None, None)),
    ("Personen", "Wanderungssaldo: Zuzüge minus Fortzüge", (None, None)),
])
def test_it_takes_the_bounds_from_unit_and_definition(unit, definition, bounds):
    indicator = Indicator(name="Kennzahl", unit=unit, definition=definition)
    assert indicator.value_bounds() == tuple(None if b is None else Decimal(b) for b in bounds)


@pytest.fixture
def town():
    m = builders.municipality("herne")
    mitte = builders.district(m, "mitte", "Mitte")
    quote = Indicator.objects.create(municipality=m, key="arbeitslosenquote", name="Arbeitslosenquote", unit="%")
    return m, quote, mitte


@pytest.fixture
def coordinator(client, town):
    client.force_login(builders.user(role="coordinator", municipality=town[0]))
    return client


def _new_values(indicator):
    return reverse("monitoring:observations_new", args=[indicator.municipality.slug, indicator.pk])


def test_it_refuses_a_negative_share_and_one_over_100_naming_each_row(coordinator, town):
    _m, quote, mitte = town
    response = coordinator.post(_new_values(quote), {"period": "2024", "total": "-5", f"d{mitte.pk}": "150"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"total": ["Ein Anteil liegt zwischen 0 und 100 % (hier -5)."],
                           f"d{mitte.pk}": ["Ein Anteil liegt zwischen 0 und 100 % (hier 150)."]}
    html = response.content.decode()
    assert 'href="#id_total">Herne (ganze Kommune) (%): Ein Anteil liegt zwischen 0 und 100 % (hier -5).' in html
    assert f'href="#id_d{mitte.pk}">Mitte (%): Ein Anteil liegt zwischen 0 und 100 % (hier 150).' in html
    assert not Observation.objects.exists()


def test_it_takes_the_edges_of_a_share(coordinator, town):
    _m, quote, mitte = town
    response = coordinator.post(_new_values(quote), {"period": "2024", "total": "0", f"d{mitte.pk}": "100"})
    assert response.status_code == 302
    assert Observation.objects.count() == 2


def test_it_refuses_a_negative_count(coordinator, town):
    m, _quote, mitte = town
    count = Indicator.objects.create(municipality=m, key="einbuergerungen", name="Einbürgerungen", unit="Personen")
    response = coordinator.post(_new_values(count), {"period": "2024", "total": "250", f"d{mitte.pk}": "-1"})
    assert list(response.context["form"].errors) == [f"d{mitte.pk}"]
    assert "kann nicht negativ sein (hier -1)" in response.content.decode()
    assert not Observation.objects.exists()


def test_it_takes_a_negative_balance(coordinator, town):
    m, _quote, mitte = town
    balance = Indicator.objects.create(municipality=m, key="saldo", name="Wanderungssaldo", unit="Personen")
    response = coordinator.post(_new_values(balance), {"period": "2024", "total": "-120", f"d{mitte.pk}": "15"})
    assert response.status_code == 302
    assert balance.observations.get(district=None).value == -120


def test_it_refuses_an_implausible_baseline_or_target(coordinator, town):
    m, quote, _mitte = town
    response = coordinator.post(reverse("monitoring:indicator_edit", args=[m.slug, quote.pk]), {
        "name": quote.name, "unit": "%", "direction": "lower", "baseline_value": "-5", "baseline_period": "2020",
        "target_value": "150", "target_period": "2025", "position": "0"})
    assert response.status_code == 200
    assert "baseline_value" in response.context["form"].errors
    quote.refresh_from_db()
    assert quote.baseline_value is None


MAPPING = {"columns": {"period": "Jahr", "area": "Gebiet", "category": None, "value": "Wert"},
           "indicators": [{"indicator": "arbeitslosenquote"}]}


def test_the_import_refuses_implausible_values_naming_line_and_column(town):
    m, _quote, _mitte = town
    text = "Jahr;Gebiet;Wert\n2024;Herne;-5\n2024;Mitte;150\n2023;Mitte;12,5\n"
    with pytest.raises(ExchangeError) as error:
        import_statistics(text, municipality=m, mapping=MAPPING)
    assert error.value.errors == [
        'Zeile 2, Spalte "Wert": arbeitslosenquote: Ein Anteil liegt zwischen 0 und 100 % (hier -5).',
        'Zeile 3, Spalte "Wert": arbeitslosenquote: Ein Anteil liegt zwischen 0 und 100 % (hier 150).']
    assert not Observation.objects.exists()


def test_the_import_checks_the_share_after_the_factor(town):
    # Numerator over denominator times 100: 30 of 20 is 150 %, refused at the numerator's line.
    m, _quote, _mitte = town
    mapping = {"columns": {"period": "Jahr", "area": "Gebiet", "category": None, "value": "Wert"},
               "indicators": [{"indicator": "arbeitslosenquote", "where": {"Art": "arbeitslos"},
                               "denominator": {"Art": "erwerbspersonen"}}]}
    text = ("Jahr;Gebiet;Art;Wert\n2024;Mitte;arbeitslos;30\n2024;Mitte;erwerbspersonen;20\n"
            "2024;Herne;arbeitslos;10\n2024;Herne;erwerbspersonen;100\n")
    with pytest.raises(ExchangeError) as error:
        import_statistics(text, municipality=m, mapping=mapping)
    assert error.value.errors == [
        'Zeile 2, Spalte "Wert": arbeitslosenquote: Ein Anteil liegt zwischen 0 und 100 % (hier 150).']
    assert not Observation.objects.exists()


def test_the_demo_values_are_plausible(settings):
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", "--quiet")
    observations = Observation.objects.select_related("indicator")
    assert observations.exists()
    assert [(o.indicator.key, o.period, o.value) for o in observations if o.indicator.value_problem(o.value)] == []
    for indicator in Indicator.objects.all():
        assert not indicator.value_problem(indicator.target_value)
        assert not indicator.value_problem(indicator.baseline_value)
