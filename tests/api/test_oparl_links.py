"""Issue 13 §4/§5: what in teilhabe points to a paper appears in OParl where the standard
has room for it: the paper's `keyword` (3.1, "optionale Kategorisierung") names the concept,
measure, participation or evaluation report it belongs to, and its `web` is the paper's
portal page, which links to them. Each object stays valid against the official schema; a
change of a link renews the paper's `modified` (3.1: "bei jeder Änderung")."""
import pytest

from teilhabe.council.models import Paper
from teilhabe.council.pdf import simple_pdf
from teilhabe.monitoring.models import EvaluationReport
from teilhabe.participation import actions as participation_actions
from teilhabe.strategy.models import Concept
from tests import builders as b
from tests.council.builders import world
from tests.participation import builders as pb

from .oparl_schema import validate
from .test_oparl import BASE, get

pytestmark = pytest.mark.django_db


def test_a_papers_keywords_and_web_page_name_what_points_to_it(client):
    w = world(pb.town())
    concept = w.m.concepts.get()
    paper_url = f"{BASE}paper/{w.paper.pk}"
    assert "keyword" not in get(client, paper_url).json()
    Concept.objects.filter(pk=concept.pk).update(adoption=w.decision)
    b.measure(concept, "M-1", council_decision=w.consultation)
    EvaluationReport.objects.create(municipality=w.m, period="2024", recommendations="", council_paper=w.paper)
    data = get(client, paper_url).json()
    assert data["keyword"] == ["Integrationskonzept", "Maßnahme", "Evaluationsbericht"]
    assert data["web"] == f"http://testserver/{w.m.slug}/council/papers/{w.paper.pk}/"
    assert client.get(data["web"].removeprefix("http://testserver")).status_code == 200
    validate(data, "Paper")

    idea = pb.idea(w.m, status="accepted")
    before = Paper.objects.get(pk=w.paper.pk).modified_at
    motion = participation_actions.idea_to_motion(
        idea=idea, user=None, organization=w.irat, reference="IR/1", title=idea.title, text="Text", publish=True,
        layout=lambda **f: simple_pdf(f["name"]))
    listed = {obj["id"]: obj for obj in get(client, f"{BASE}body/{w.m.pk}/papers").json()["data"]}
    assert listed[f"{BASE}paper/{motion.pk}"]["keyword"] == ["Bürgerbeteiligung"]
    assert listed[paper_url]["keyword"] == data["keyword"]
    assert all(validate(obj, "Paper") for obj in listed.values())
    # A draft stays deleted for the public, whatever points to it: no keyword, no web page.
    EvaluationReport.objects.filter(council_paper=w.paper).update(council_paper=w.draft)
    assert set(get(client, f"{BASE}paper/{w.draft.pk}").json()) == {"id", "type", "created", "modified", "deleted"}
    assert Paper.objects.get(pk=w.paper.pk).modified_at == before  # nothing changed for it

