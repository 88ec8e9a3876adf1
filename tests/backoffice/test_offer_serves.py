"""Which towns a Kreis's offer serves (Offer.serves): the Kreis's coordination chooses
among the Kreis's own towns on the offer form; a town's coordination cannot set it, nor can
anybody else without a role in the Kreis; a town's own offers have no such choice."""
import pytest
from django.urls import reverse

from teilhabe.offers.models import Offer
from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    kreis = b.municipality("kreis-mettmann", kind="kreis")
    hilden = b.municipality("hilden", parent=kreis)
    ratingen = b.municipality("ratingen", parent=kreis)
    herten = b.municipality("herten")  # outside the Kreis
    offer = b.offer(kreis, b.actor(kreis, "kreis-vhs"), "K-1", title="Beratung im Kreishaus")
    own = b.offer(hilden, b.actor(hilden, "hilden-vhs"), "H-1", title="Deutschkurs")
    return kreis, hilden, ratingen, herten, offer, own


def edit(client, m, offer, **changes):
    data = {"title": offer.title, "provider": offer.provider_id, "is_published": "on",
            "closed_on_holidays": "on", **changes}
    return client.post(reverse("backoffice:offer_edit", args=[m.slug, offer.pk]), data)


def serves(offer):
    return set(Offer.objects.get(pk=offer.pk).serves.values_list("slug", flat=True))


def test_the_kreis_coordinator_chooses_among_the_kreis_towns_only(client, w):
    kreis, hilden, ratingen, herten, offer, _own = w
    client.force_login(b.user(role="coordinator", municipality=kreis))
    form = client.get(reverse("backoffice:offer_edit", args=[kreis.slug, offer.pk])).context["form"]
    assert list(form.fields["serves"].queryset) == [hilden, ratingen]
    assert edit(client, kreis, offer, serves=[hilden.pk]).status_code == 302
    assert serves(offer) == {"hilden"}
    page = client.get(reverse("backoffice:offer", args=[kreis.slug, offer.pk])).content.decode()
    assert "<bdi>Hilden</bdi>" in page
    # A town outside the Kreis is no choice: the field is named, nothing changes.
    response = edit(client, kreis, offer, serves=[herten.pk])
    assert response.status_code == 200 and "serves" in response.context["form"].errors
    assert serves(offer) == {"hilden"}
    assert edit(client, kreis, offer).status_code == 302  # none chosen: every town
    assert serves(offer) == set()
    assert "alle Städte und Gemeinden des Kreises" in client.get(
        reverse("backoffice:offer", args=[kreis.slug, offer.pk])).content.decode()


def test_nobody_else_sets_the_towns_of_a_kreis_offer(client, w):
    kreis, hilden, ratingen, herten, offer, _own = w
    offer.serves.set([ratingen])
    refused = {
        "town coordinator": (b.user(role="coordinator", municipality=hilden), 403),
        "kreis viewer": (b.user(role="viewer", municipality=kreis), 403),
        "other coordinator": (b.user(role="coordinator", municipality=herten), 403),
        "editor of another actor": (b.user(role="actor_editor", municipality=hilden,
                                           actor=hilden.actors.get()), 403),
    }
    for name, (user, status) in refused.items():
        client.force_login(user)
        assert edit(client, kreis, offer, serves=[hilden.pk]).status_code == status, name
        assert serves(offer) == {"ratingen"}, name
    # Under the town's own slug the Kreis's offer is not there at all.
    client.force_login(refused["town coordinator"][0])
    assert edit(client, hilden, offer, serves=[hilden.pk]).status_code == 404
    assert serves(offer) == {"ratingen"}


def test_a_towns_own_offer_has_no_towns_to_serve(client, w):
    _kreis, hilden, ratingen, _herten, _offer, own = w
    for user in (b.user(role="coordinator", municipality=hilden), b.user(role="coordinator", municipality=_kreis)):
        client.force_login(user)
        assert "serves" not in client.get(reverse("backoffice:offer_edit", args=[hilden.slug, own.pk])).context["form"].fields
        # A forged field is ignored.
        assert edit(client, hilden, own, serves=[ratingen.pk]).status_code == 302
        assert serves(own) == set()
