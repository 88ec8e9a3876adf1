"""Writes to an offer that a page or a command asks for outside the offer form."""
from django.db import transaction

from teilhabe.municipalities import history


@transaction.atomic
def set_coordinates(offer, *, user, latitude, longitude):
    """Store the place's coordinates (e.g. geocoded from its address) with the change
    in the offer's history."""
    before = history.snapshot(offer)
    offer.latitude, offer.longitude = latitude, longitude
    offer.full_clean(exclude=[f.name for f in offer._meta.fields if f.name not in ("latitude", "longitude")])
    offer.save(update_fields=["latitude", "longitude", "modified_at"])
    history.record(offer, user=user, before=before)
