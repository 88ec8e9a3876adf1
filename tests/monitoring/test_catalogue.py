import pytest
from django.db import IntegrityError

from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.monitoring.catalogue import KEYS
from teilhabe.monitoring.models import Indicator, Observation
from tests import builders

pytestmark = pytest.mark.django_db


def test_it_adopts_the_whole_catalogue_once():
    m = builders.municipality()
    created = adopt_catalogue(municipality=m)
    assert [i.key for i in created] == KEYS
    assert adopt_catalogue(municipality=m) == []
    assert Indicator.objects.filter(municipality=m).count() == len(KEYS)


def test_it_keeps_a_municipalitys_own_edits_when_adopting_again():
    m = builders.municipality()
    adopt_catalogue(municipality=m, keys=["anteil-auslaender"])
    Indicator.objects.filter(municipality=m, key="anteil-auslaender").update(name="Eigener Name")
    adopt_catalogue(municipality=m)
    assert Indicator.objects.get(municipality=m, key="anteil-auslaender").name == "Eigener Name"
    assert Indicator.objects.filter(municipality=m).count() == len(KEYS)


def test_it_covers_the_indicators_the_issue_names():
    for key in ("anteil-auslaender", "einbuergerungsquote", "kita-familiensprache", "schulabgang-ohne-abschluss",
                "arbeitslosenquote", "sgb-ii-quote", "verwaltung-personal-migrationsgeschichte"):
        assert key in KEYS
    m = builders.municipality()
    adopt_catalogue(municipality=m)
    assert Indicator.objects.get(municipality=m, key="schulabgang-ohne-abschluss").direction == "lower"


def test_it_refuses_two_observations_for_the_whole_municipality_in_one_period():
    m = builders.municipality()
    indicator = adopt_catalogue(municipality=m, keys=["anteil-auslaender"])[0]
    Observation.objects.create(indicator=indicator, period="2012", value=1)
    with pytest.raises(IntegrityError):
        Observation.objects.create(indicator=indicator, period="2012", value=2)


def test_it_allows_the_same_period_for_a_district_and_the_whole_municipality():
    m = builders.municipality()
    d = builders.district(m)
    indicator = adopt_catalogue(municipality=m, keys=["anteil-auslaender"])[0]
    Observation.objects.create(indicator=indicator, period="2012", value=1)
    Observation.objects.create(indicator=indicator, period="2012", district=d, value=2)
    Observation.objects.create(indicator=indicator, period="2012", district=d, category="EU", value=3)
    with pytest.raises(IntegrityError):
        Observation.objects.create(indicator=indicator, period="2012", district=d, value=4)
