"""A small municipality with everything the evaluation report shows (for test_report*.py)."""
import datetime
from decimal import Decimal

from teilhabe.monitoring.models import EvaluationReport, Indicator, MeasureResult, Observation
from teilhabe.strategy.models import MeasureStatusChange
from tests import builders as b

ARABIC_ACTOR = "جمعية الجالية العربية"


def lindenau():
    m = b.municipality("lindenau")
    m.name, m.office_name = "Lindenau", "Integrationsbüro Lindenau"
    m.save()
    nord, sued = b.district(m, "nord", "Nordstadt"), b.district(m, "sued", "Südstadt")
    frauen = b.target_group(m, "frauen", de="Frauen", ar="النساء")
    jugend = b.target_group(m, "jugendliche", de="Jugendliche")
    b.target_group(m, "aeltere", de="Ältere Menschen")
    c = b.concept(m, title="Integrationskonzept Lindenau", period_start=2022, period_end=2026)
    sprache = b.field(c, "sprache", "Sprachförderung")
    bildung = b.field(c, "bildung", "Bildung und Übergänge")
    g_sprache = b.goal(c, "g-sprache", field=sprache, title="Mehr Frauen besuchen Sprachkurse")
    g_bildung = b.goal(c, "g-bildung", field=bildung, title="Übergänge Schule–Beruf gelingen")
    share = Indicator.objects.create(
        municipality=m, key="anteil-sprachkurs", name="Anteil der Frauen in Sprachkursen", unit="%",
        baseline_value=Decimal(10), baseline_period="2020", target_value=Decimal(20), target_period="2026",
        source="Volkshochschule Lindenau")
    share.goals.add(g_sprache)
    context = Indicator.objects.create(municipality=m, key="auslaender", name="Ausländische Staatsangehörige",
                                       unit="%", position=1)
    for year, total, north, south in [(2020, 10, 8, 12), (2021, 11, 9, 13), (2022, 13, 10, 16),
                                      (2023, 15, 12, 18), (2024, 17.5, 14, 21), (2025, 19, 15, 22)]:
        for district, value in [(None, total), (nord, north), (sued, south)]:
            Observation.objects.create(indicator=share, period=str(year), district=district, value=Decimal(str(value)))
        Observation.objects.create(indicator=context, period=str(year), value=Decimal("12.5"))
    Observation.objects.create(indicator=share, period="2024", category="weiblich", value=Decimal(30))

    arab = b.actor(m, "arab", name=ARABIC_ACTOR, kind="migrant_organisation")
    awo = b.actor(m, "awo", name="AWO Ortsverein Lindenau", kind="welfare_organisation")
    lonely = b.actor(m, "lonely", name="Schachclub Südstadt")
    cafe = b.measure(c, "M-1", title="Sprachcafé für Mütter", status="running", responsible=arab)
    cafe.fields.add(sprache)
    cafe.goals.add(g_sprache)
    cafe.partner_actors.add(awo)
    cafe.target_groups.add(frauen)
    coaching = b.measure(c, "M-2", title="Übergangscoaching", status="established", responsible=awo)
    coaching.fields.add(bildung)
    coaching.goals.add(g_bildung)
    coaching.target_groups.add(jugend)
    # Established in 2025: at the end of 2024 it was still running.
    MeasureStatusChange.objects.create(measure=coaching, from_status="planned", to_status="running",
                                       changed_on=datetime.date(2023, 2, 1))
    MeasureStatusChange.objects.create(measure=coaching, from_status="running", to_status="established",
                                       changed_on=datetime.date(2025, 3, 1))
    MeasureResult.objects.create(measure=cafe, period="2024", activities=40, people_reached=120,
                                 reach_by_target_group={"frauen": 80}, target_group_reached="yes", step="outcome",
                                 outcome_notes="Größere Nachfrage als erwartet; zwei Gruppen in der Südstadt.")
    MeasureResult.objects.create(measure=coaching, period="2024-03", activities=5, people_reached=10,
                                 reach_by_target_group={"jugendliche": 10}, step="output")
    MeasureResult.objects.create(measure=coaching, period="2024-09", activities=6, people_reached=12,
                                 reach_by_target_group={"jugendliche": 12}, target_group_reached="partly",
                                 step="output")
    MeasureResult.objects.create(measure=coaching, period="2023", activities=99, people_reached=999)
    EvaluationReport.objects.create(
        municipality=m, period="2024", summary_note="Ein gutes Jahr für die Sprachförderung.",
        recommendations="<p>Sprachcafés in der Südstadt ausbauen.</p><script>alert(1)</script>")
    return {"m": m, "lonely": lonely, "awo": awo, "arab": arab, "cafe": cafe, "coaching": coaching}
