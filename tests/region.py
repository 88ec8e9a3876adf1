"""A Kreis with two towns, a few offers and events in each: the region's fixture data,
shared by the portal, API and browser tests of issue 15 §1."""
import datetime

from django.utils import timezone

from teilhabe.participation.models import Event
from teilhabe.search.index import refresh_municipality
from tests import builders as b


def build_region():
    kreis = b.municipality("kreis-mettmann", kind="kreis")
    kreis.name = "Kreis Mettmann"
    kreis.save()
    hilden = b.municipality("hilden", parent=kreis)
    ratingen = b.municipality("ratingen", parent=kreis)
    elsewhere = b.municipality("herten")  # outside the Kreis
    for m, rows in ((kreis, [("K-1", "Beratung für Zugewanderte im Kreishaus")]),
                    (hilden, [("H-1", "Deutschkurs am Vormittag"), ("H-2", "Sprachcafé Hilden")]),
                    (ratingen, [("R-1", "Deutschkurs für Frauen")]),
                    (elsewhere, [("X-1", "Deutschkurs in Herten")])):
        provider = b.actor(m, f"{m.slug}-vhs", name=f"VHS {m.name}")
        for external_id, title in rows:
            b.offer(m, provider, external_id, title=title, description=f"{title}, offen für alle.")
    b.offer(hilden, hilden.actors.get(), "H-geheim", title="Deutschkurs noch nicht veröffentlicht",
            is_published=False)
    b.concept(hilden, title="Integrationskonzept Hilden", adopted_on=datetime.date(2023, 6, 20))
    b.concept(ratingen, title="Entwurf Ratingen", status="draft")
    soon = timezone.now() + datetime.timedelta(days=5)
    Event.objects.create(municipality=hilden, title="Interkulturelles Fest Hilden", starts_at=soon)
    Event.objects.create(municipality=hilden, title="Internes Treffen Hilden", starts_at=soon, is_public=False)
    for m in (kreis, hilden, ratingen, elsewhere):
        refresh_municipality(m)
    return kreis, hilden, ratingen


def add_kreis_offers(kreis, hilden):
    """Offers of the Kreis for its towns' portals: K-1 (built above) names no town, so it
    serves them all; K-2 serves Hilden only; K-3 is unpublished and serves no one."""
    provider = kreis.actors.get()
    for_hilden = b.offer(kreis, provider, "K-2", title="Deutschkurs des Kreises am Abend",
                         description="Deutschkurs des Kreises am Abend, für Hilden.")
    for_hilden.serves.set([hilden])
    b.offer(kreis, provider, "K-3", title="Deutschkurs des Kreises in Planung", is_published=False)
    refresh_municipality(kreis)
    return for_hilden
