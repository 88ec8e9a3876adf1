"""Issue 13 §4: a concept version's adoption and a measure point to a council decision.
The coordinator links them in the back office (only to decisions of the same town; viewers,
actor editors and other towns are refused); the public concept page shows the paper's path
of deliberation and the measure page the decision, both only as far as they are public."""
import pytest
from django.urls import reverse

from teilhabe.council.models import Consultation, Paper
from teilhabe.strategy.models import Concept, Measure
from tests import builders as b
from tests.council import builders as cb

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    w = cb.world(b.municipality(parent=b.municipality(kind="kreis"), languages=("de", "ar")))
    w.concept = b.concept(w.m, title="Integrationskonzept", adopted_on="2024-03-20", adopted_by="Rat der Stadt")
    w.measure = b.measure(w.concept, "M-1", title="Elterncafé")
    w.users = b.personas(w.m)
    # A decision on the draft paper: linked in the office, never shown to the public.
    w.draft_decision = Consultation.objects.create(paper=w.draft, organization=w.council, role="decision",
                                                   result="Entwurfsvorlage beschlossen")
    return w


def _concept_form(w, adoption):
    return {"title": w.concept.title, "summary": "", "period_start": "", "period_end": "",
            "adopted_on": "2024-03-20", "adopted_by": "Rat der Stadt", "adoption": adoption}


def test_it_shows_the_adoptions_path_of_deliberation_on_the_public_concept_page(client, w):
    Concept.objects.filter(pk=w.concept.pk).update(adoption=w.decision)
    html = client.get(reverse("portal:concept", args=[w.m.slug])).content.decode()
    assert "Beratungsfolge" in html
    assert reverse("council_portal:paper", args=[w.m.slug, w.paper.pk]) in html
    # The path: the Integrationsrat's public preliminary consultation, with its meeting and
    # result, then the council's decision, not yet scheduled.
    assert html.index("Der Integrationsrat empfiehlt die Vorlage.") < html.index("noch nicht terminiert")
    assert reverse("council_portal:meeting", args=[w.m.slug, w.held.pk]) in html
    assert not [s for s in cb.SECRETS if s in html]
    paper = client.get(reverse("council_portal:paper", args=[w.m.slug, w.paper.pk])).content.decode()
    assert reverse("portal:concept", args=[w.m.slug]) in paper[paper.index('id="links-heading"'):]
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("portal:concept", args=[w.m.slug])).content.decode()
    # The interface in Arabic, the content marked as German.
    assert "مسار المداولة" in html and 'lang="de"' in html


def test_it_shows_nothing_of_a_decision_the_public_may_not_see(client, w):
    Concept.objects.filter(pk=w.concept.pk).update(adoption=w.draft_decision)
    html = client.get(reverse("portal:concept", args=[w.m.slug])).content.decode()
    assert "Beratungsfolge" not in html and "Entwurfsvorlage" not in html
    Concept.objects.filter(pk=w.concept.pk).update(adoption=w.decision)
    cb.actions.soft_delete(w.body)  # the council section closed: no path, no dead links
    html = client.get(reverse("portal:concept", args=[w.m.slug])).content.decode()
    assert "Beratungsfolge" not in html and "/council/" not in html


def test_the_coordinator_links_the_adoption_and_the_paper_is_modified_for_oparl(client, w):
    modified = Paper.objects.get(pk=w.paper.pk).modified_at
    client.force_login(w.users["coordinator"])
    edit = reverse("backoffice:concept_edit", args=[w.m.slug, w.concept.pk])
    assert w.decision.label() in client.get(edit).content.decode()
    response = client.post(edit, _concept_form(w, w.decision.pk))
    assert response.status_code == 302
    assert Concept.objects.get(pk=w.concept.pk).adoption == w.decision
    assert Paper.objects.get(pk=w.paper.pk).modified_at > modified
    html = client.get(reverse("backoffice:concept", args=[w.m.slug, w.concept.pk])).content.decode()
    assert reverse("council_office:paper", args=[w.m.slug, w.paper.pk]) in html
    html = client.get(reverse("council_office:paper", args=[w.m.slug, w.paper.pk])).content.decode()
    assert reverse("backoffice:concept", args=[w.m.slug, w.concept.pk]) in html


def test_a_decision_of_another_town_is_refused_with_the_field_named(client, w):
    other = cb.world(b.municipality(parent=w.m.parent))
    client.force_login(w.users["kreis_coordinator"])  # edits both towns of the Kreis
    response = client.post(reverse("backoffice:concept_edit", args=[w.m.slug, w.concept.pk]),
                           _concept_form(w, other.decision.pk))
    assert response.status_code == 200 and "adoption" in response.context["form"].errors
    assert Concept.objects.get(pk=w.concept.pk).adoption is None
    with pytest.raises(Exception, match="anderen Kommune"):
        Concept(municipality=w.m, version=9, title="x", adoption=other.decision).full_clean()


def test_who_may_not_edit_the_concept_cannot_link_it(client, w):
    for persona in ("viewer", "editor", "outsider", "other_coordinator"):
        client.force_login(w.users[persona])
        response = client.post(reverse("backoffice:concept_edit", args=[w.m.slug, w.concept.pk]),
                               _concept_form(w, w.decision.pk))
        assert response.status_code in (403, 404), persona
    assert Concept.objects.get(pk=w.concept.pk).adoption is None


def _measure_form(w, **extra):
    return {"title": "Elterncafé", "external_id": "M-1", "description": "", "start_date": "", "end_date": "",
            "funding_source": "", "budget": "", "is_public": "on", **extra}


def test_a_measure_points_to_the_decision_that_funded_it(client, w):
    client.force_login(w.users["coordinator"])
    edit = reverse("backoffice:measure_edit", args=[w.m.slug, w.measure.pk])
    assert client.post(edit, _measure_form(w, council_decision=w.consultation.pk)).status_code == 302
    assert Measure.objects.get(pk=w.measure.pk).council_decision == w.consultation
    html = client.get(reverse("backoffice:measure", args=[w.m.slug, w.measure.pk])).content.decode()
    assert "Ratsbeschluss" in html and reverse("council_office:paper", args=[w.m.slug, w.paper.pk]) in html
    html = client.get(reverse("portal:measure", args=[w.m.slug, "M-1"])).content.decode()
    assert "Ratsbeschluss" in html and reverse("council_portal:paper", args=[w.m.slug, w.paper.pk]) in html
    assert "2024/001" in html and "Integrationsrat" in html
    paper = client.get(reverse("council_portal:paper", args=[w.m.slug, w.paper.pk])).content.decode()
    assert reverse("portal:measure", args=[w.m.slug, "M-1"]) in paper
    # A decision in a non-public agenda item is not shown.
    Measure.objects.filter(pk=w.measure.pk).update(council_decision=w.closed_consultation)
    html = client.get(reverse("portal:measure", args=[w.m.slug, "M-1"])).content.decode()
    assert "Ratsbeschluss" not in html and not [s for s in cb.SECRETS if s in html]


def test_an_actor_editor_neither_sees_nor_sets_the_measures_council_decision(client, w):
    actor = w.users["editor"].memberships.get().actor
    Measure.objects.filter(pk=w.measure.pk).update(responsible_actor=actor, council_decision=w.draft_decision)
    client.force_login(w.users["editor"])
    edit = reverse("backoffice:measure_edit", args=[w.m.slug, w.measure.pk])
    assert "council_decision" not in client.get(edit).context["form"].fields
    response = client.post(edit, _measure_form(w, responsible_actor=actor.pk, council_decision=w.decision.pk))
    assert response.status_code == 302
    assert Measure.objects.get(pk=w.measure.pk).council_decision == w.draft_decision  # unchanged
    html = client.get(reverse("backoffice:measure", args=[w.m.slug, w.measure.pk])).content.decode()
    assert "Entwurfsvorlage" not in html and "Ratsbeschluss" not in html


def test_a_new_version_keeps_the_measures_decision(w):
    from teilhabe.strategy import actions

    Measure.objects.filter(pk=w.measure.pk).update(council_decision=w.decision)
    new = actions.start_new_version(concept=w.concept, user=w.users["coordinator"])
    assert new.measures.get(external_id="M-1").council_decision == w.decision


def test_superseded_versions_show_their_own_public_path_of_deliberation(client, w):
    Concept.objects.filter(pk=w.concept.pk).update(status="superseded", adoption=w.decision)
    b.concept(w.m, status="superseded", adoption=w.draft_decision)  # version 2: a decision not public
    b.concept(w.m, title="Integrationskonzept 2026")  # version 3, in force, no decision linked
    html = client.get(reverse("portal:concept", args=[w.m.slug])).content.decode()
    older = html[html.index('id="versions-heading"'):]
    assert "Beratungsfolge der Version 1" in older and "Beratungsfolge der Version 2" not in older
    assert reverse("council_portal:paper", args=[w.m.slug, w.paper.pk]) in older
    assert older.index("Der Integrationsrat empfiehlt die Vorlage.") < older.index("noch nicht terminiert")
    assert "Beratungsfolge der Version 3" not in older and not [s for s in cb.SECRETS if s in html]
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("portal:concept", args=[w.m.slug])).content.decode()
    assert "مسار المداولة للإصدار 1" in html and "Beratungsfolge" not in html
