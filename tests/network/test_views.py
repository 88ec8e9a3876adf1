"""The network page and its exports: who may see them, what they show, filters."""
import csv
import io
from datetime import date

import networkx as nx
import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from teilhabe.network.models import DeclaredTie, WorkingGroup
from tests import builders as b

PERSONAS = b.persona_names()
READERS = {"coordinator", "kreis_coordinator", "viewer"}
URLS = ["network:network", "network:export_csv", "network:export_graphml"]


@pytest.fixture
def world(db):
    kreis = b.municipality("kreis-n", kind="kreis")
    town = b.municipality("netzhausen", parent=kreis)
    other = b.municipality("anderswo")
    c = b.concept(town)
    sprache = b.field(c, "sprache", "Sprache")
    nord = b.district(town, "nord", "Nord")
    vhs = b.actor(town, "vhs", name="VHS", kind="education_provider")
    caritas = b.actor(town, "caritas", name="=Caritas", kind="welfare_organisation")
    moschee = b.actor(town, "moschee", name="Moscheeverein", kind="religious_community")
    b.actor(town, "allein", name="Einzelgänger")
    m = b.measure(c, "M-1", title="Sprachkurse", responsible=vhs, start_date=date(2024, 1, 1))
    m.partner_actors.set([caritas])
    m.fields.set([sprache])
    b.offer(town, moschee, field=sprache).districts.set([nord])
    group = WorkingGroup.objects.create(municipality=town, name="AK Sprache", field_key="sprache")
    group.members.set([vhs])
    DeclaredTie.objects.create(municipality=town, actor_a=vhs, actor_b=moschee, kind="cooperation_agreement",
                               valid_from=date(2025, 3, 1))
    users = b.personas(town, editors={"editor": vhs}, other=other)
    return {"town": town, "users": users, "nord": nord}


def get(client, world, persona, name="network:network", **params):
    user = world["users"][persona]
    if user:
        client.force_login(user)
    return client.get(reverse(name, args=[world["town"].slug]), params)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", URLS)
def test_it_lets_only_coordinators_and_viewers_in(client, world, persona, name):
    response = get(client, world, persona, name)
    if persona in READERS:
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 403


def test_it_shows_figures_picture_table_and_recommendations(client, world):
    response = get(client, world, "coordinator")
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "<title>VHS (Bildungsträger): 2 Verbindungen" in html
    table = html.split('class="list network-table"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="row"><bdi>VHS</bdi> <span class="tag">Brücke</span></th>' in table
    assert "Einzelgänger" in table
    assert response.context["figures"].actors == 4 and response.context["figures"].ties == 2
    texts = [strip_tags(r.text) for r in response.context["recommendations"]]
    assert "Moscheeverein in den Arbeitskreis „AK Sprache“ einladen" in texts


def test_it_shows_the_nav_link_to_readers_only(client, world):
    link = reverse("network:network", args=[world["town"].slug])
    assert f'href="{link}"' in get(client, world, "viewer").content.decode()
    client.logout()
    home = reverse("backoffice:municipality", args=[world["town"].slug])
    client.force_login(world["users"]["editor"])
    assert f'href="{link}"' not in client.get(home).content.decode()


def test_it_filters_by_year_field_and_district_and_compares_with_the_year_before(client, world):
    r2025 = get(client, world, "viewer", year=2025)
    assert r2025.context["figures"].ties == 2
    change = r2025.context["change"]
    assert (change.ties_before, change.ties_after, change.ties_added) == (1, 2, 1)
    nord = get(client, world, "viewer", district=world["nord"].pk)
    assert [r["name"] for r in nord.context["rows"]] == ["Moscheeverein"]
    sprache = get(client, world, "viewer", field="sprache")
    assert {r["name"] for r in sprache.context["rows"]} == {"VHS", "=Caritas", "Moscheeverein"}


def test_it_ignores_invalid_filters(client, world):
    response = get(client, world, "viewer", year="abc", district="999999", field="nichts")
    assert response.status_code == 200 and response.context["figures"].actors == 4


def test_it_exports_ties_as_csv_without_formulas(client, world):
    response = get(client, world, "coordinator", "network:export_csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Akteur", "Partner", "Art der Verbindung", "Quellen", "von", "bis"]
    assert ["VHS", "'=Caritas", "gemeinsame Maßnahme", "Sprachkurse", "2024-01-01", ""] in rows
    assert len(rows) == 3


def test_it_exports_graphml_that_networkx_reads_back(client, world):
    response = get(client, world, "coordinator", "network:export_graphml")
    graph = nx.parse_graphml(response.content.decode())
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 2
    names = {data["name"]: data for _, data in graph.nodes(data=True)}
    assert names["VHS"]["degree"] == 2 and names["VHS"]["kind"] == "education_provider"
