"""The demo's links between the strategy and the council, made after both are loaded: each
town's concept adoption points to the council's decision of the demo paper (Herten's
Rahmenkonzept of 27 September 2006, Hilden's Strategiepapier adopted unanimously after the
Integrationsbeirat and the Fachausschuss, Herne's concept), and Herten's accepted idea of
the Stadtrundfahrten becomes a motion of the Integrationsrat, recommended unanimously in its
held meeting and waiting for the council. Idempotent: what is linked stays as it is."""
import datetime

from django.db import transaction

from teilhabe.council.models import AgendaItem, Consultation, Organization, Paper
from teilhabe.council.pdf import simple_pdf
from teilhabe.participation import actions as participation_actions
from teilhabe.participation.models import Idea
from teilhabe.strategy.models import Concept

# town, concept title, reference of the paper whose deciding consultation adopted it
ADOPTIONS = [
    ("herten", "Rahmenkonzept zur Integration in Herten 2006–2009", "2006/112"),
    ("hilden", "Strategiepapier Integration", "2010/041"),
    ("herne", "Gesamtstädtisches Integrationskonzept Herne", "2016/0815"),
]
MOTION_REFERENCE = "IR/2026/001"


def _quick_pdf(*, name, text, **_fields):
    # The demo is loaded by many tests: a hand-written PDF, not WeasyPrint's second.
    return simple_pdf(name, *text.split("\n\n"))


def _motion():
    idea = Idea.objects.filter(municipality__slug="herten", form_token="demo-herten-stadtrundfahrten",
                               motion__isnull=True).select_related("municipality").first()
    irat = Organization.objects.filter(municipality__slug="herten", kind="integration_council").first()
    held = irat.meetings.filter(state="held").order_by("-start").first() if irat else None
    council = Organization.objects.filter(municipality__slug="herten", kind="council").first()
    if idea is None or held is None or council is None or Paper.objects.filter(
            municipality=idea.municipality, reference=MOTION_REFERENCE).exists():
        return
    paper = participation_actions.idea_to_motion(
        idea=idea, user=None, organization=irat, reference=MOTION_REFERENCE, title=idea.title,
        text=idea.description, publish=True, date=held.start.date() - datetime.timedelta(days=21),
        layout=_quick_pdf, via="demo")
    last = held.agenda_items.order_by("-order").first()
    item = AgendaItem.objects.create(
        meeting=held, number="5", order=(last.order + 1) if last else 0, name=paper.name,
        result="einstimmig beschlossen", resolution_text="Der Integrationsrat stellt den Antrag an den Rat.")
    first = paper.consultations.get()
    first.meeting, first.agenda_item, first.unanimous = held, item, True
    first.result = "Der Integrationsrat beschließt den Antrag einstimmig und legt ihn dem Rat zur Entscheidung vor."
    first.save()
    Consultation.objects.create(paper=paper, organization=council, role="decision", authoritative=True)


@transaction.atomic
def link_council_demo():
    for town, title, reference in ADOPTIONS:
        decision = Consultation.objects.filter(paper__municipality__slug=town, paper__reference=reference,
                                               role="decision").first()
        if decision is not None:
            Concept.objects.filter(municipality__slug=town, title=title, adoption__isnull=True).update(
                adoption=decision)
    _motion()
