"""Writes of the monitoring app that touch several rows."""
from django.db import transaction

from .catalogue import CATALOGUE
from .models import Indicator


@transaction.atomic
def adopt_catalogue(*, municipality, keys=None):
    """Creates the catalogue's indicators the municipality does not have yet (by key) and
    returns the new ones. Existing indicators keep their own edits: adopting twice is a no-op."""
    existing = set(Indicator.objects.filter(municipality=municipality).values_list("key", flat=True))
    position = Indicator.objects.filter(municipality=municipality).count()
    created = []
    for entry in CATALOGUE:
        if entry["key"] in existing or (keys is not None and entry["key"] not in keys):
            continue
        fields = {name: str(value) for name, value in entry.items() if name not in ("breakdowns",)}
        indicator = Indicator(municipality=municipality, catalogue_key=entry["key"], position=position,
                              breakdowns=list(entry["breakdowns"]), **fields)
        indicator.full_clean()
        indicator.save()
        position += 1
        created.append(indicator)
    return created
