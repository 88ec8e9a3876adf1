"""What monitoring gives the public: an indicator counts as changed when its values change
(the API's and the open data's modified_since see new values), whether they come from the
form or from a statistics import."""
import datetime
from decimal import Decimal

import pytest

from teilhabe.monitoring.actions import save_observations
from teilhabe.monitoring.importer import import_statistics
from teilhabe.monitoring.models import Indicator
from tests import builders as b

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)


@pytest.fixture
def indicator(db):
    m = b.municipality("lindenau")
    found = Indicator.objects.create(municipality=m, key="quote", name="Quote", unit="%")
    Indicator.objects.filter(pk=found.pk).update(modified_at=LONG_AGO)
    return found


def test_new_values_from_the_form_make_the_indicator_changed(indicator):
    save_observations(indicator=indicator, period="2024", category="", values={None: Decimal(12)}, replace=False)
    assert Indicator.objects.get(pk=indicator.pk).modified_at > LONG_AGO


def test_new_values_from_an_import_make_the_indicator_changed(indicator):
    mapping = {"columns": {"period": "Jahr", "area": "Gebiet", "category": None, "value": "Wert"},
               "indicators": [{"indicator": "quote"}]}
    import_statistics("Jahr;Gebiet;Wert\n2024;Lindenau;12,5\n", municipality=indicator.municipality,
                      mapping=mapping)
    assert Indicator.objects.get(pk=indicator.pk).modified_at > LONG_AGO
