"""An actor editor sees, in every list, filter and choice of the back office, only the
published actors and their own (access.visible_actors); coordinators and viewers see all."""
import pytest
from django.urls import reverse

from teilhabe.municipalities import access
from teilhabe.municipalities.models import Membership
from teilhabe.strategy.models import Measure
from tests import builders as b


@pytest.fixture
def w(db):
    town = b.municipality("stadt-sicht")
    concept = b.concept(town)
    own = b.actor(town, "eigener-verein", name="Eigener Verein")
    own.is_published = False  # their own actor, not yet published: still theirs to see
    own.save()
    public = b.actor(town, "offener-verein", name="Offener Verein")
    hidden = b.actor(town, "verborgener-verein", name="Verborgener Verein")
    hidden.is_published = False
    hidden.save()
    measure = b.measure(concept, "M-1", responsible=own)
    measure.partner_actors.set([public, hidden])
    return {
        "town": town, "concept": concept, "own": own, "public": public, "hidden": hidden, "measure": measure,
        "editor": b.user("redaktion", role="actor_editor", municipality=town, actor=own),
        "coordinator": b.user("koordination", role="coordinator", municipality=town),
        "viewer": b.user("rat", role="viewer", municipality=town),
    }


EDITOR_SEES = {"Eigener Verein", "Offener Verein"}
ALL = EDITOR_SEES | {"Verborgener Verein"}


def _filter_choices(response, name):
    f = next(f for f in response.context["filters"] if f["name"] == name)
    return {label for _, label in f["choices"]}


def test_it_keeps_the_rule_in_one_place(w):
    names = lambda qs: set(qs.values_list("name", flat=True))  # noqa: E731
    assert names(access.visible_actors(w["editor"], w["town"])) == EDITOR_SEES
    assert names(access.visible_actors(w["coordinator"], w["town"])) == ALL
    assert names(access.visible_actors(w["viewer"], w["town"])) == ALL
    # An editor of the town holds no actor of another town.
    other = b.municipality("andere-stadt")
    b.actor(other, "fremder-verein")
    assert names(access.visible_actors(w["editor"], other)) == {"Fremder-Verein"}


@pytest.mark.parametrize("persona, expected", [("editor", EDITOR_SEES), ("coordinator", ALL), ("viewer", ALL)])
def test_it_offers_the_responsible_filter_of_the_measure_list(client, w, persona, expected):
    client.force_login(w[persona])
    response = client.get(reverse("backoffice:measures", args=[w["town"].slug]))
    assert _filter_choices(response, "actor") == expected


def test_it_ignores_a_hidden_actor_in_the_query_string(client, w):
    client.force_login(w["editor"])
    response = client.get(reverse("backoffice:measures", args=[w["town"].slug]) + f"?actor={w['hidden'].pk}")
    assert next(f for f in response.context["filters"] if f["name"] == "actor")["value"] == ""


@pytest.mark.parametrize("persona, expected", [("editor", EDITOR_SEES), ("coordinator", ALL)])
def test_it_offers_partners_on_the_measure_form(client, w, persona, expected):
    client.force_login(w[persona])
    response = client.get(reverse("backoffice:measure_edit", args=[w["town"].slug, w["measure"].pk]))
    assert {a.name for a in response.context["form"].fields["partner_actors"].queryset} == expected
    assert ("Verborgener Verein" in response.content.decode()) == (persona != "editor")


def test_it_keeps_the_partners_an_editor_cannot_see_when_they_save(client, w):
    client.force_login(w["editor"])
    m = w["measure"]
    response = client.post(reverse("backoffice:measure_edit", args=[w["town"].slug, m.pk]), {
        "title": "Neuer Titel", "responsible_actor": w["own"].pk, "partner_actors": [],
        "budget": "", "funding_source": "", "description": "", "start_date": "", "end_date": ""})
    assert response.status_code == 302, response.context["form"].errors
    m.refresh_from_db()
    assert m.title == "Neuer Titel"
    assert set(m.partner_actors.all()) == {w["hidden"]}  # the visible one was removed, the hidden one kept


def test_it_refuses_a_hidden_actor_posted_as_partner(client, w):
    client.force_login(w["editor"])
    m = w["measure"]
    m.partner_actors.clear()
    response = client.post(reverse("backoffice:measure_edit", args=[w["town"].slug, m.pk]), {
        "title": m.title, "responsible_actor": w["own"].pk, "partner_actors": [w["hidden"].pk]})
    assert response.status_code == 200
    assert "partner_actors" in response.context["form"].errors
    assert not m.partner_actors.exists()


@pytest.mark.parametrize("persona, shown", [("editor", False), ("coordinator", True), ("viewer", True)])
def test_it_lists_partners_on_the_measure_page(client, w, persona, shown):
    client.force_login(w[persona])
    page = client.get(reverse("backoffice:measure", args=[w["town"].slug, w["measure"].pk])).content.decode()
    assert "Offener Verein" in page
    assert ("Verborgener Verein" in page) == shown


@pytest.mark.parametrize("persona, expected", [("editor", {"Eigener Verein"}), ("coordinator", ALL)])
def test_it_offers_providers_on_the_offer_form(client, w, persona, expected):
    client.force_login(w[persona])
    response = client.get(reverse("backoffice:offer_new", args=[w["town"].slug]))
    assert {a.name for a in response.context["form"].fields["provider"].queryset} == expected


@pytest.mark.parametrize("persona, expected", [("editor", {"Eigener Verein"}), ("coordinator", ALL),
                                                ("viewer", ALL)])
def test_it_offers_the_provider_filter_of_the_offer_list(client, w, persona, expected):
    client.force_login(w[persona])
    response = client.get(reverse("backoffice:offers", args=[w["town"].slug]))
    assert _filter_choices(response, "provider") == expected


@pytest.mark.parametrize("persona, expected", [("editor", {"Eigener Verein"}), ("coordinator", ALL),
                                                ("viewer", ALL)])
def test_it_lists_actors(client, w, persona, expected):
    client.force_login(w[persona])
    response = client.get(reverse("backoffice:actors", args=[w["town"].slug]))
    assert {a.name for a in response.context["page"]} == expected


def test_it_lets_only_the_responsible_actor_be_chosen_by_an_editor(client, w):
    client.force_login(w["editor"])
    response = client.get(reverse("backoffice:measure_edit", args=[w["town"].slug, w["measure"].pk]))
    assert {a.name for a in response.context["form"].fields["responsible_actor"].queryset} == {"Eigener Verein"}
    assert Measure.objects.count() == 1 and Membership.objects.count() == 3


@pytest.mark.parametrize("persona, shown", [("editor", False), ("coordinator", True)])
def test_it_masks_hidden_partners_in_the_measure_history(client, w, persona, shown):
    from teilhabe.municipalities import history

    m = w["measure"]
    before = history.snapshot(m)  # partners: the open and the hidden one
    m.partner_actors.set([w["public"]])
    history.record(m, user=w["coordinator"], before=before)
    client.force_login(w[persona])
    page = client.get(reverse("backoffice:measure", args=[w["town"].slug, m.pk])).content.decode()
    assert ("Verborgener Verein" in page) == shown
    assert "Offener Verein" in page
