"""The demo networks: what the seeds describe, recommendations on them, idempotent."""
import pytest

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import Municipality
from teilhabe.network import analysis
from teilhabe.network.demo import load_network_demo
from teilhabe.network.models import WorkingGroup
from teilhabe.network.ties import load_network

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_module, django_db_blocker):
    """`teilhabe demo` (loaded once for the module, tests/conftest.py), its network demo loaded again."""
    with django_db_blocker.unblock():
        load_network_demo()


def results(slug):
    m = Municipality.objects.get(slug=slug)
    data = load_network(m)
    figures = analysis.analyse(analysis.build_graph(data))
    return m, data, figures, analysis.recommendations(m, data, figures, analysis.coverage(m, data))


def test_it_gives_herne_more_than_100_actors_across_six_working_groups(demo):
    herne = Municipality.objects.get(slug="herne")
    assert Actor.objects.filter(municipality=herne).count() >= 100
    groups = WorkingGroup.objects.filter(municipality=herne)
    assert sorted(groups.values_list("field_key", flat=True)) == [
        "ausbildung-arbeit", "bildung", "gesundheit", "kultur", "verwaltung", "wohnen"]
    assert all(g.members.count() >= 15 for g in groups)


def test_it_puts_hertens_mosque_associations_and_parties_in_the_dialogue_group(demo):
    group = WorkingGroup.objects.get(municipality__slug="herten", name="AK Interreligiöser Dialog")
    kinds = set(group.members.values_list("kind", flat=True))
    assert {"religious_community", "political_body", "administration_department"} <= kinds


@pytest.mark.parametrize("slug", ["herten", "herne", "hilden"])
def test_it_recommends_on_the_demo_data(demo, slug):
    m, data, figures, recs = results(slug)
    assert figures.ties > 0 and figures.brokers
    kinds = {r.kind for r in recs}
    assert "invite" in kinds
    assert all(r.figure for r in recs)


def test_it_loads_the_network_demo_twice_without_change(demo):
    assert load_network_demo() == 0


def test_it_gives_hildens_departments_integration_officers_and_trainings(demo):
    from teilhabe.network import opening

    rows = {r.department.external_id: r for r in opening.departments(Municipality.objects.get(slug="hilden"))}
    assert {k for k, r in rows.items() if r.trained} == {"sozialamt", "amt-jugend", "personalamt", "kulturamt"}
    assert rows["buergerbuero"].officer and not rows["buergerbuero"].trained
    assert sum(r.measures_total for r in rows.values()) > 0


@pytest.mark.parametrize("slug, conference", [("herten", "Integrationskonferenz 2009 (16.12.2009)"),
                                              ("herne", "2. Integrationskonferenz Herne (17.11.2016)")])
def test_it_ties_the_organisations_at_the_demo_conferences(demo, slug, conference):
    from teilhabe.participation.actions import purge_personal_data
    from teilhabe.participation.demo import load_participation_demo

    data = load_network(Municipality.objects.get(slug=slug))
    at_conference = {k for k, t in data.ties.items() if any(s.label == conference for s in t.sources)}
    assert len(at_conference) >= 66   # twelve or more organisations: every two of them
    # The conference is long past: the retention job anonymises its registrations, the
    # organisations present stay, and loading the demo again adds nothing.
    purge_personal_data()
    assert load_participation_demo() == 0
    again = load_network(Municipality.objects.get(slug=slug))
    assert {k for k, t in again.ties.items() if any(s.label == conference for s in t.sources)} == at_conference


def test_it_ties_a_guest_of_hernes_working_group_meeting_to_the_members_present(demo):
    herne = Municipality.objects.get(slug="herne")
    guest, member = (Actor.objects.get(municipality=herne, external_id=k) for k in ("vaeterforum", "schule-emscher"))
    tie = load_network(herne).ties[tuple(sorted((guest.pk, member.pk)))]
    assert "Sitzung AK Bildung: Väterarbeit in den Stadtteilen (08.03.2017)" in [s.label for s in tie.sources]
    assert WorkingGroup.objects.get(municipality=herne, name="AK Bildung").meetings.count() == 1


def test_it_gives_hernes_network_invented_organisations_with_kinds_districts_and_languages(demo):
    partners = Actor.objects.filter(municipality__slug="herne", external_id__startswith="netz-").prefetch_related(
        "districts", "languages")
    assert partners.count() == 90
    assert not Actor.objects.filter(name__startswith="Netzwerkpartner").exists()
    assert len({a.name for a in partners}) == 90
    kinds = {a.kind for a in partners}
    assert {"association", "migrant_organisation", "religious_community", "welfare_organisation",
            "school_or_daycare", "education_provider"} <= kinds
    for actor in partners:
        assert actor.districts.all() and actor.description and "Demo" not in actor.description
        codes = {lang.code for lang in actor.languages.all()}
        assert "de" in codes and len(codes) >= 2
    # not on the public directory: the coordination's network knows them
    assert not partners.filter(is_published=True).exists()


def test_it_names_the_partners_of_an_older_demo_once_and_leaves_edited_ones_alone(demo):
    herne = Municipality.objects.get(slug="herne")
    Actor.objects.filter(municipality=herne, external_id="netz-001").update(name="Netzwerkpartner 001")
    Actor.objects.filter(municipality=herne, external_id="netz-002").update(name="Von Hand umbenannt")
    load_network_demo()
    assert Actor.objects.get(municipality=herne, external_id="netz-001").name != "Netzwerkpartner 001"
    assert Actor.objects.get(municipality=herne, external_id="netz-002").name == "Von Hand umbenannt"
