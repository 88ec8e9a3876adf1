"""Ties derived from measures, offers and working groups, declared ties, periods, filters,
coverage and recommendations, read from the database."""
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import strip_tags

from teilhabe.network import analysis
from teilhabe.network.models import DeclaredTie, WorkingGroup
from teilhabe.network.ties import load_network, year_period
from tests import builders as b


@pytest.fixture
def town(db):
    m = b.municipality("netzstadt")
    c = b.concept(m)
    sprache = b.field(c, "sprache", "Sprache")
    arbeit = b.field(c, "arbeit", "Arbeit")
    nord = b.district(m, "nord", "Nord")
    sued = b.district(m, "sued", "Süd")
    a = {name: b.actor(m, name.lower(), name=name, kind=kind) for name, kind in [
        ("VHS", "education_provider"), ("Caritas", "welfare_organisation"), ("Moschee", "religious_community"),
        ("Elternverein", "migrant_organisation"), ("Jobcenter", "administration_department"),
        ("Sportverein", "association")]}
    kurs = b.measure(c, "M-1", title="Sprachkurse", responsible=a["VHS"], start_date=date(2024, 1, 1),
                     end_date=date(2024, 12, 31))
    kurs.partner_actors.set([a["Caritas"], a["Moschee"]])
    kurs.fields.set([sprache])
    kurs.districts.set([nord])
    b.offer(m, a["Elternverein"], field=sprache, measure=kurs)
    b.offer(m, a["Caritas"], field=sprache, measure=kurs).districts.set([nord])
    group = WorkingGroup.objects.create(municipality=m, name="AK Arbeit", field_key="arbeit",
                                        valid_from=date(2025, 1, 1))
    group.members.set([a["Jobcenter"], a["Caritas"]])
    DeclaredTie.objects.create(municipality=m, actor_a=a["Jobcenter"], actor_b=a["VHS"], kind="referral",
                               source="Absprache 2023")
    b.offer(m, a["Sportverein"], field=arbeit)
    return {"m": m, "a": a, "nord": nord, "sued": sued, "group": group}


def pair(town, x, y):
    return tuple(sorted((town["a"][x].pk, town["a"][y].pk)))


def test_it_derives_ties_with_their_sources(town):
    data = load_network(town["m"])
    kinds = {k: sorted(s.kind for s in t.sources) for k, t in data.ties.items()}
    assert kinds == {
        pair(town, "VHS", "Caritas"): ["measure"],
        pair(town, "VHS", "Moschee"): ["measure"],
        pair(town, "Caritas", "Moschee"): ["measure"],
        pair(town, "Elternverein", "Caritas"): ["offers"],
        pair(town, "Jobcenter", "Caritas"): ["working_group"],
        pair(town, "Jobcenter", "VHS"): ["declared"],
    }
    tie = data.ties[pair(town, "VHS", "Caritas")]
    assert (tie.start, tie.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert data.ties[pair(town, "Jobcenter", "VHS")].sources[0].label == "Verweisberatung: Absprache 2023"


def test_it_keeps_only_the_ties_of_a_period(town):
    in_2023 = load_network(town["m"], year_period(2023))
    assert set(in_2023.ties) == {pair(town, "Jobcenter", "VHS")}   # undated: always
    in_2025 = load_network(town["m"], year_period(2025))
    assert set(in_2025.ties) == {pair(town, "Jobcenter", "VHS"), pair(town, "Jobcenter", "Caritas")}


def test_it_restricts_to_a_field_and_a_district(town):
    data = load_network(town["m"])
    sprache = data.restricted(field_key="sprache")
    assert {a["name"] for a in sprache.actors.values()} == {"VHS", "Caritas", "Moschee", "Elternverein"}
    assert pair(town, "Jobcenter", "Caritas") not in sprache.ties
    nord = data.restricted(district_id=town["nord"].pk)
    assert {a["name"] for a in nord.actors.values()} == {"VHS", "Caritas", "Moschee"}


def test_it_refuses_a_tie_of_an_actor_with_itself_and_across_towns(town):
    other = b.actor(b.municipality("andere"))
    tie = DeclaredTie(municipality=town["m"], actor_a=town["a"]["VHS"], actor_b=other)
    with pytest.raises(ValidationError) as error:
        tie.full_clean()
    assert "actor_b" in error.value.error_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        DeclaredTie.objects.create(municipality=town["m"], actor_a=town["a"]["VHS"], actor_b=town["a"]["VHS"])


def test_it_reports_coverage_gaps_and_missing_kinds(town):
    data = load_network(town["m"])
    cover = analysis.coverage(town["m"], data)
    fields = {r.key: r for r in cover["fields"]}
    assert (fields["sprache"].actors, fields["sprache"].offers, fields["sprache"].measures) == (4, 2, 1)
    assert fields["sprache"].missing_kinds == []
    assert (fields["arbeit"].actors, fields["arbeit"].offers) == (3, 1)
    assert fields["arbeit"].missing_kinds == ["migrant_organisation", "religious_community"]
    districts = {r.key: r for r in cover["districts"]}
    assert (districts["nord"].actors, districts["nord"].offers, districts["nord"].gap) == (3, 1, False)
    assert (districts["sued"].actors, districts["sued"].offers, districts["sued"].gap) == (0, 0, True)


def test_it_recommends_with_the_figure_behind_each(town):
    data = load_network(town["m"])
    figures = analysis.analyse(analysis.build_graph(data))
    recs = analysis.recommendations(town["m"], data, figures, analysis.coverage(town["m"], data))
    by_kind = {}
    for r in recs:
        by_kind.setdefault(r.kind, []).append(r)
    # Sportverein offers in "Arbeit" but is not in the AK Arbeit; it has no ties.
    assert [strip_tags(r.text) for r in by_kind["invite"]] == ["Sportverein in den Arbeitskreis „AK Arbeit“ einladen"]
    assert by_kind["invite"][0].figure == "im Handlungsfeld aktiv, nicht Mitglied; 0 Verbindungen im Netzwerk"
    assert [strip_tags(r.text) for r in by_kind["strengthen_district"]] == ["Stadtteil „Süd“ stärken"]
    assert by_kind["strengthen_district"][0].figure == "0 Akteure, 0 Angebote (Median der Stadtteile: 0,5 Angebote)"
    assert {strip_tags(r.text) for r in by_kind["missing_kind"]} == {
        "Migrantenorganisation für das Handlungsfeld „Arbeit“ gewinnen",
        "Religionsgemeinschaft für das Handlungsfeld „Arbeit“ gewinnen"}
    assert by_kind["isolated"][0].figure == "1 von 6 Akteuren ohne Verbindung"
