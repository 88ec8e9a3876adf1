"""The demo's council parts (teilhabe/council/demo.py) as the seeds tell them, published
through OParl: Herten's Integrationsrat with its meetings and the Rahmenkonzept's adoption,
Hilden's Strategiepapier through three bodies, Herne's adoption; the crawl of the demo's
endpoint finds every object valid and nothing non-public."""
import pytest
from django.core.management import call_command

from teilhabe.council.models import Meeting, Paper, Person, public_path
from teilhabe.participation.models import Idea
from teilhabe.strategy.models import Concept
from tests.api.oparl_schema import validate
from tests.api.test_oparl import crawl

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_council_parts_the_seeds_describe_and_publishes_them_through_oparl(client):
    call_command("demo", "--quiet")
    herten = Meeting.objects.filter(municipality__slug="herten", organization__kind="integration_council")
    assert sorted(herten.values_list("state", flat=True)) == ["held", "invited"]
    held, upcoming = herten.get(state="held"), herten.get(state="invited")
    assert held.files.filter(role="results_protocol").exists() and upcoming.files.filter(role="invitation").exists()
    assert upcoming.start > held.start
    assert Person.objects.filter(municipality__slug="herten", consent_at__isnull=False).count() == 6
    assert not Person.objects.filter(consent_at__isnull=True).exists()
    assert held.participants.count() == 5 and upcoming.agenda_items.get(number="2").approves_minutes_of == held

    rahmenkonzept = Paper.objects.get(municipality__slug="herten", reference="2006/112")
    decision = rahmenkonzept.consultations.get()
    assert (decision.role, decision.authoritative, decision.meeting.start.date().isoformat()) == (
        "decision", True, "2006-09-27")

    strategy = Paper.objects.get(municipality__slug="hilden", name="Strategiepapier Integration")
    path = strategy.consultations.order_by("meeting__start")
    assert [(c.organization.kind, c.role) for c in path] == [
        ("integration_advisory", "preliminary"), ("committee", "preliminary"), ("council", "decision")]
    assert path.last().unanimous and path.last().agenda_item.result == "einstimmig beschlossen"
    assert Paper.objects.get(municipality__slug="herne").consultations.get().organization.kind == "council"

    # Linked to the strategy (teilhabe/demo/council_links.py): each town's concept adoption
    # points to the council's decision, and the concept page shows Hilden's path.
    adoptions = {c.municipality.slug: c.adoption for c in Concept.objects.filter(version=1).select_related(
        "municipality", "adoption")}
    assert adoptions["herten"] == decision and adoptions["hilden"] == path.last()
    assert adoptions["herne"].paper.reference == "2016/0815"
    html = client.get("/hilden/concept/").content.decode()
    html = html[html.index('id="path-heading"'):]
    assert (html.index("Sitzung des Integrationsbeirats") < html.index("Sitzung des Ausschusses")
            < html.index("Sitzung des Rates der Stadt Hilden") < html.rindex("einstimmig"))
    # Herten's accepted idea became a motion of the Integrationsrat: recommended unanimously
    # in its held meeting, waiting for the council; its author's private page says so.
    idea = Idea.objects.get(form_token="demo-herten-stadtrundfahrten")
    motion = idea.motion
    assert (motion.kind, motion.originator_organization.kind, motion.is_published) == (
        "motion", "integration_council", True)
    assert [(c.organization.kind, c.role, c.meeting == held, c.unanimous) for c in public_path(motion)] == [
        ("integration_council", "preliminary", True, True), ("council", "decision", False, False)]
    html = client.get(f"/p/i/{idea.token}/").content.decode()
    assert f"/herten/council/papers/{motion.pk}/" in html and "noch nicht terminiert" in html

    seen, bodies = crawl(client)
    assert len([url for url in seen if "/body/" in url and url.count("/") == 6]) == 3
    assert not any("Zuschuss an einen Verein" in body for body in bodies)
    assert all(validate(data) for data in seen.values() if data and "type" in data)
    keywords = {data["reference"]: data.get("keyword") for data in seen.values() if data and "reference" in data}
    assert keywords["2010/041"] == ["Integrationskonzept"] and keywords[motion.reference] == ["Bürgerbeteiligung"]
