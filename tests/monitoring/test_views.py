import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from teilhabe.monitoring.actions import adopt_catalogue
from teilhabe.monitoring.importer import import_statistics
from teilhabe.monitoring.models import Indicator, Observation
from tests import builders

pytestmark = pytest.mark.django_db

# A slice of the real file, shipped with the tests (tests/data/koeln-bevoelkerung/README.md).
KOELN_CSV = Path(__file__).resolve().parents[1] / "data" / "koeln-bevoelkerung" / "bevoelkerung.csv"
MAPPING = Path(__file__).resolve().parents[2] / "teilhabe" / "monitoring" / "mappings" / "koeln-bevoelkerung.json"


@pytest.fixture
def koeln():
    m = builders.municipality("koeln")
    m.name = "Köln"
    m.save()
    builders.district(m, key="001", name="Innenstadt")
    builders.district(m, key="006", name="Chorweiler")
    adopt_catalogue(municipality=m)
    if not KOELN_CSV.is_file():
        pytest.fail(f"{KOELN_CSV} missing", pytrace=False)
    import_statistics(KOELN_CSV, municipality=m, mapping=json.loads(MAPPING.read_text()))
    indicator = Indicator.objects.get(municipality=m, key="anteil-auslaender")
    indicator.baseline_value, indicator.baseline_period = 17, "2005"
    indicator.target_value, indicator.target_period = 19, "2012"
    indicator.save()
    c = builders.concept(m)
    goal = builders.goal(c, title="Vielfalt sichtbar machen")
    indicator.goals.add(goal)
    return m


def get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_it_shows_indicators_attainment_and_method_to_coordinators_and_viewers(client, koeln, role):
    response = get(client, builders.user(role=role, municipality=koeln), "monitoring:indicators", "koeln")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anteil ausländischer Staatsangehöriger" in html
    assert "Vielfalt sichtbar machen" in html
    # 2012 Stadt Köln: 180415 foreign nationals of 1044555 residents → 17.2719 %;
    # (17.2719 − 17) ÷ (19 − 17) = 13.6 % → red
    latest = Observation.objects.get(indicator__key="anteil-auslaender", period="2012", district=None).value
    assert latest == Decimal("17.2719")
    assert "13,6 %" in html and "Ist 17,2719 [2012]" in html
    assert "Ausgangswert 17 [2005]" in html and "rot" in html


def test_it_shows_the_koeln_values_as_a_table(client, koeln):
    indicator = Indicator.objects.get(municipality=koeln, key="anteil-auslaender")
    response = get(client, builders.user(role="viewer", municipality=koeln), "monitoring:indicator", "koeln",
                   indicator.pk)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<th scope=\"col\">Innenstadt</th>" in html and "<th scope=\"col\">Köln</th>" in html
    # 2012 Innenstadt: 21712 of 127827 = 16,99 % (German number format)
    assert "<th scope=\"row\">2012</th>" in html and "16,99" in html
    assert html.count("<th scope=\"row\">20") == 8


def test_it_refuses_actor_editors_outsiders_and_other_municipalities(client, koeln):
    actor = builders.actor(koeln)
    other = builders.municipality()
    indicator = Indicator.objects.get(municipality=koeln, key="anteil-auslaender")
    for user in (builders.user(role="actor_editor", municipality=koeln, actor=actor), builders.user(),
                 builders.user(role="coordinator", municipality=other)):
        assert get(client, user, "monitoring:indicators", "koeln").status_code == 403
        assert get(client, user, "monitoring:indicator", "koeln", indicator.pk).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login(client, koeln):
    response = client.get(reverse("monitoring:indicators", args=["koeln"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_does_not_show_an_indicator_of_another_municipality(client, koeln):
    other = builders.municipality()
    foreign = adopt_catalogue(municipality=other, keys=["anteil-auslaender"])[0]
    response = get(client, builders.user(role="coordinator", municipality=koeln), "monitoring:indicator", "koeln",
                   foreign.pk)
    assert response.status_code == 404


def test_it_links_the_page_in_the_navigation_for_readers_only(client, koeln):
    link = reverse("monitoring:indicators", args=["koeln"])
    viewer = builders.user(role="viewer", municipality=koeln)
    assert f'href="{link}" aria-current="page"' in get(client, viewer, "monitoring:indicators", "koeln").content.decode()
    assert link in get(client, viewer, "backoffice:municipality", "koeln").content.decode()
    editor = builders.user(role="actor_editor", municipality=koeln, actor=builders.actor(koeln))
    response = get(client, editor, "backoffice:municipality", "koeln")
    assert response.status_code == 200 and f'href="{link}"' not in response.content.decode()


def test_it_draws_the_series_and_offers_them_as_csv(client, koeln):
    indicator = Indicator.objects.get(municipality=koeln, key="anteil-auslaender")
    viewer = builders.user(role="viewer", municipality=koeln)
    html = get(client, viewer, "monitoring:indicator", "koeln", indicator.pk).content.decode()
    assert html.count("<polyline") == 3 and 'role="img"' in html
    response = get(client, viewer, "monitoring:indicator_csv", "koeln", indicator.pk)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Zeitraum;Gebietsschlüssel;Gebiet;Kategorie;Wert"
    assert "2012;001;Innenstadt;;16,9855" in lines and "2005;;Köln;;17,1674" in lines
    assert len(lines) == 1 + 8 * 3


def test_it_refuses_the_csv_to_actor_editors(client, koeln):
    indicator = Indicator.objects.get(municipality=koeln, key="anteil-auslaender")
    editor = builders.user(role="actor_editor", municipality=koeln, actor=builders.actor(koeln))
    assert get(client, editor, "monitoring:indicator_csv", "koeln", indicator.pk).status_code == 403


def test_it_lets_a_coordinator_set_the_thresholds(client, koeln):
    from teilhabe.monitoring.models import MonitoringSettings

    client.force_login(builders.user(role="coordinator", municipality=koeln))
    url = reverse("monitoring:thresholds", args=["koeln"])
    response = client.post(url, {"green_from": "10", "yellow_from": "20"})
    assert response.status_code == 200 and "darf nicht über" in response.content.decode()
    assert not MonitoringSettings.objects.exists()
    assert client.post(url, {"green_from": "12", "yellow_from": "5"}).status_code == 302
    # 13.6 % attainment is now green
    html = client.get(reverse("monitoring:indicators", args=["koeln"])).content.decode()
    assert "grün ab 12 %" in html and 'light-green">grün' in html


@pytest.mark.parametrize("role", ["viewer", "actor_editor"])
def test_it_refuses_thresholds_and_catalogue_to_non_coordinators(client, koeln, role):
    actor = builders.actor(koeln) if role == "actor_editor" else None
    client.force_login(builders.user(role=role, municipality=koeln, actor=actor))
    assert client.post(reverse("monitoring:thresholds", args=["koeln"]),
                       {"green_from": "12", "yellow_from": "5"}).status_code == 403
    Indicator.objects.filter(municipality=koeln, key="sgb-ii-quote").delete()
    assert client.post(reverse("monitoring:catalogue_adopt", args=["koeln"])).status_code == 403
    assert not Indicator.objects.filter(municipality=koeln, key="sgb-ii-quote").exists()
    html = client.get(reverse("monitoring:indicators", args=["koeln"])).content.decode() if role == "viewer" else ""
    assert "Schwellen ändern" not in html and "Startkatalog" not in html


def test_it_adopts_the_catalogue_with_one_click(client, koeln):
    Indicator.objects.filter(municipality=koeln, key="sgb-ii-quote").delete()
    client.force_login(builders.user(role="coordinator", municipality=koeln))
    assert "Startkatalog" in client.get(reverse("monitoring:indicators", args=["koeln"])).content.decode()
    assert client.get(reverse("monitoring:catalogue_adopt", args=["koeln"])).status_code == 405
    response = client.post(reverse("monitoring:catalogue_adopt", args=["koeln"]), follow=True)
    assert "1 Indikatoren aus dem Katalog übernommen." in response.content.decode()
    assert Indicator.objects.filter(municipality=koeln, key="sgb-ii-quote").exists()


def test_it_compares_the_districts_in_the_latest_period(client, koeln):
    indicator = Indicator.objects.get(municipality=koeln, key="anteil-auslaender")
    html = get(client, builders.user(role="viewer", municipality=koeln), "monitoring:indicator", "koeln",
               indicator.pk).content.decode()
    assert "Vergleich der Gebiete 2012" in html
    # Köln 17.27, Innenstadt 16.99, Chorweiler 14892 / 80895 = 18.41: highest first
    bars = html[html.index("Vergleich der Gebiete 2012"):]
    assert bars.index(">Chorweiler<") < bars.index(">Köln<") < bars.index(">Innenstadt<")
    assert ">18,41 %<" in bars


def test_it_lists_in_the_same_number_of_queries_however_many_goals_and_indicators(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    m = builders.municipality("viele")
    concept = builders.concept(m)
    client.force_login(builders.user(role="viewer", municipality=m))
    url = reverse("monitoring:indicators", args=["viele"])

    def add(n):
        for _ in range(n):
            goal = builders.goal(concept)
            i = Indicator.objects.create(municipality=m, key=f"i-{goal.pk}", name="Quote", baseline_value=1,
                                         baseline_period="2010", target_value=2, target_period="2020")
            Observation.objects.create(indicator=i, period="2015", value=Decimal("1.5"))
            i.goals.add(goal)
            builders.measure(concept, status="running").goals.add(builders.goal(concept))

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    # 12 indicators, 12 goals judged by them, 12 judged by a running measure: 50 % each
    assert html.count("50,0 %") == 3 * 12 and html.count("Ohne Indikatoren") == 12
    assert len(many) == len(few)


def test_it_shows_a_kreis_its_towns_side_by_side(client):
    kreis = builders.municipality("kreis-recklinghausen", kind="kreis")
    herten = builders.municipality("herten", parent=kreis)
    herne = builders.municipality("marl", parent=kreis)
    outside = builders.municipality("essen")
    for town, values in ((herten, {"2019": "11.5", "2020": "12.25"}), (herne, {"2018": "20"}),
                         (outside, {"2020": "99"})):
        i = adopt_catalogue(municipality=town, keys=["anteil-auslaender"])[0]
        for period, value in values.items():
            Observation.objects.create(indicator=i, period=period, value=Decimal(value))
    viewer = builders.user(role="viewer", municipality=kreis)
    html = get(client, viewer, "monitoring:indicators", "kreis-recklinghausen").content.decode()
    table = html[html.index("im Vergleich"):]
    assert "12,25 (2020)" in table and "20 (2018)" in table and "99" not in table
    assert table.index(">Herten<") < table.index(">Marl<")
    # The Kreis's viewer reads the towns' pages too; a town's viewer does not read the Kreis.
    assert get(client, viewer, "monitoring:indicators", "herten").status_code == 200
    town_viewer = builders.user(role="viewer", municipality=herten)
    assert get(client, town_viewer, "monitoring:indicators", "kreis-recklinghausen").status_code == 403
    assert "im Vergleich" not in get(client, town_viewer, "monitoring:indicators", "herten").content.decode()


def test_it_links_a_goal_page_to_its_indicators_for_readers_of_the_monitoring(client):
    m = builders.municipality("linkstadt")
    adopt_catalogue(municipality=m)
    goal = builders.goal(builders.concept(m), title="Mehr Einbürgerungen")
    indicator = Indicator.objects.get(municipality=m, key="einbuergerungsquote")
    indicator.goals.add(goal)
    chart = reverse("monitoring:indicator", args=["linkstadt", indicator.pk]) + "#verlauf"
    html = get(client, builders.user(role="viewer", municipality=m), "backoffice:goal", "linkstadt",
               goal.pk).content.decode()
    assert f'href="{chart}"' in html
    # actor editors see the concept but not the monitoring: no link to a page that refuses them
    editor = builders.user(role="actor_editor", municipality=m, actor=builders.actor(m))
    response = get(client, editor, "backoffice:goal", "linkstadt", goal.pk)
    assert response.status_code == 200 and chart not in response.content.decode()
    my_measures = reverse("monitoring:my_measures", args=["linkstadt"])
    assert my_measures in get(client, editor, "backoffice:municipality", "linkstadt").content.decode()
