"""The network of a Kreis holds its towns' actors and ties; an actor of the Kreis working
in a town takes part in that town's network with the ties it has there (issue 15 §1)."""
import pytest
from django.core.exceptions import ValidationError

from teilhabe.network.models import DeclaredTie
from teilhabe.network.ties import load_network
from tests import builders as b


@pytest.fixture
def region(db):
    kreis = b.municipality("kreis-mettmann", kind="kreis")
    hilden, ratingen = b.municipality("hilden", parent=kreis), b.municipality("ratingen", parent=kreis)
    komm_in = b.actor(kreis, "komm-in", name="Willkommen im Kreis ME")
    komm_in.works_in.set([hilden])
    vhs, caritas = b.actor(hilden, "vhs", name="VHS Hilden"), b.actor(ratingen, "caritas", name="Caritas Ratingen")
    tie = DeclaredTie(municipality=hilden, actor_a=komm_in, actor_b=vhs, kind="cooperation_agreement")
    tie.full_clean()  # an actor of the Kreis working in Hilden may be tied there
    tie.save()
    DeclaredTie.objects.create(municipality=ratingen, actor_a=caritas,
                               actor_b=b.actor(ratingen, "moschee", name="Moschee Ratingen"), kind="referral")
    return {"kreis": kreis, "hilden": hilden, "ratingen": ratingen, "komm_in": komm_in, "vhs": vhs,
            "caritas": caritas}


def names(data):
    return {data.actors[a]["name"] for tie in data.ties for a in (tie[0], tie[1])} if data.ties else set()


def test_the_kreis_network_uses_its_towns_ties(region):
    data = load_network(region["kreis"])
    assert len(data.ties) == 2
    assert names(data) == {"Willkommen im Kreis ME", "VHS Hilden", "Caritas Ratingen", "Moschee Ratingen"}


def test_a_town_network_holds_the_kreis_actor_working_there(region):
    hilden = load_network(region["hilden"])
    assert names(hilden) == {"Willkommen im Kreis ME", "VHS Hilden"}
    ratingen = load_network(region["ratingen"])
    assert "Willkommen im Kreis ME" not in {a["name"] for a in ratingen.actors.values()}


def test_an_actor_working_elsewhere_cannot_be_tied_in_a_town(region):
    tie = DeclaredTie(municipality=region["ratingen"], actor_a=region["komm_in"], actor_b=region["caritas"])
    with pytest.raises(ValidationError):
        tie.full_clean()
