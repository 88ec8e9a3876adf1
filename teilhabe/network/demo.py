"""Demo networks that match the seeds: Herten's mix of associations, parties, administration
and mosque associations in working groups; Herne's 100+ actors across six fields (the
seed names 22, the rest are invented in demo_actors.py); Hilden's departments in
a steering group, with integration officers and their trainings; a meeting of Herne's AK
Bildung as an event, with a guest, so that the actors present are tied by it. Idempotent:
creates what is missing, touches nothing that exists."""
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import Language, Municipality

from teilhabe.participation.demo import NAMESPACE, add_attendees
from teilhabe.participation.models import Event

from .demo_actors import herne_partners
from .models import DeclaredTie, IntegrationOfficer, Training, WorkingGroup

GROUPS = {
    "herten": [
        ("AK Interreligiöser Dialog", "dialog", date(2010, 1, 1),
         ["moschee-scherlebeck", "moschee-paschenberg", "christen-muslime", "integrationsbuero", "ak-fraktionen"]),
        ("AK Sprachförderung", "sprache", date(2011, 1, 1),
         ["sprachschule", "famz-regenbogen", "gs-zeche", "integrationsbuero", "frauenverein-arabisch"]),
        ("AK Stadtteil Süd", "wohnen", date(2012, 1, 1),
         ["stadtteilbuero-sued", "kulturverein-sued", "fb-soziales", "stadtteilzeitung"]),
    ],
    "herne": [
        ("AK Ausbildung und Arbeit", "ausbildung-arbeit", date(2015, 1, 1), ["joblotsen", "fbw", "ki-herne"]),
        ("AK Bildung", "bildung", date(2015, 1, 1), ["famz-baukau", "schule-emscher", "ki-herne"]),
        ("AK Gesundheit", "gesundheit", date(2015, 1, 1), ["fb-gesundheit", "netzwerk-demenz"]),
        ("AK Interkulturelle Öffnung", "verwaltung", date(2015, 1, 1), ["fb-personal", "ki-herne"]),
        ("AK Kultur", "kultur", date(2016, 1, 1), ["fb-kultur", "kulturbruecke", "polnischer-verein"]),
        ("AK Wohnen", "wohnen", date(2016, 1, 1), ["fb-stadtentwicklung", "wohnungsgenossenschaft"]),
    ],
    "hilden": [
        ("Lenkungsgruppe Interkulturelle Verwaltung", "verwaltung", date(2014, 1, 1),
         ["sozialamt", "amt-jugend", "buergerbuero", "personalamt", "kulturamt", "planungsamt", "seniorenbuero"]),
        ("Netzwerk Willkommen", "initiativen", date(2015, 9, 1),
         ["netzwerk-willkommen", "afghanischer-verein", "ukrainische-initiative", "sozialwerk", "sozialamt"]),
    ],
}
TIES = {
    "herten": [("migrationsdienst", "jobwerkstatt", "referral", "Verweisberatung Arbeit"),
               ("integrationsrat", "ak-fraktionen", "cooperation_agreement", "Geschäftsordnung Integrationsrat")],
    "herne": [("sozialdienst", "joblotsen", "referral", "Verweisberatung Arbeit"),
              ("ki-herne", "integrationsrat", "cooperation_agreement", "Geschäftsordnung")],
    "hilden": [("sozialamt", "sprachinstitut", "cooperation_agreement", "Vereinbarung Integrationskurse"),
               ("amt-jugend", "elternverein", "referral", "Elternberatung")],
}
# Herne: invented network partners (demo_actors.py), spread over the six working groups.
HERNE_EXTRA = 90
# Hilden trains its heads of department as integration officers (seed): departments with an
# officer and their completed trainings; the Bürgerbüro's officer is not trained yet.
HILDEN_OFFICERS = {
    "sozialamt": [(date(2015, 3, 12), "Interkulturelle Kompetenz – Grundlagen", True),
                  (date(2016, 2, 4), "Arbeiten mit Sprachmittlung", True)],
    "amt-jugend": [(date(2015, 3, 12), "Interkulturelle Kompetenz – Grundlagen", True)],
    "personalamt": [(date(2015, 3, 12), "Interkulturelle Kompetenz – Grundlagen", True),
                    (date(2016, 5, 19), "Diversitätsorientierte Personalgewinnung", True)],
    "kulturamt": [(date(2015, 10, 8), "Interkulturelle Kompetenz – Grundlagen", True)],
    "buergerbuero": [(date(2016, 11, 24), "Interkulturelle Kompetenz – Grundlagen", False)],
}


@transaction.atomic
def load_network_demo():
    """Returns the number of objects created."""
    created = 0
    towns = {m.slug: m for m in Municipality.objects.filter(slug__in=GROUPS)}
    if "herne" in towns:
        created += _herne_actors(towns["herne"])
    for slug, groups in GROUPS.items():
        m = towns.get(slug)
        if m is None:
            continue
        actors = {a.external_id: a for a in Actor.objects.filter(municipality=m)}
        for name, field_key, since, members in groups:
            group, new = WorkingGroup.objects.get_or_create(
                municipality=m, name=name, defaults={"field_key": field_key, "valid_from": since})
            if new:
                created += 1
                ids = [actors[x] for x in members if x in actors]
                if slug == "herne":
                    ids += [a for key, a in actors.items() if key.startswith("netz-")
                            and int(key.rsplit("-", 1)[1]) % len(groups) == [g[0] for g in groups].index(name)]
                group.members.set(ids)
        for a, b, kind, source in TIES[slug]:
            if a in actors and b in actors and not DeclaredTie.objects.filter(
                    municipality=m, actor_a=actors[a], actor_b=actors[b]).exists():
                DeclaredTie.objects.create(municipality=m, actor_a=actors[a], actor_b=actors[b], kind=kind,
                                           source=source, valid_from=date(2016, 1, 1))
                created += 1
    if "hilden" in towns:
        created += _hilden_officers(towns["hilden"])
    if "herne" in towns:
        created += _herne_meeting(towns["herne"])
    return created


# A meeting of the AK Bildung (an event of kind Arbeitskreis): members and a guest present.
HERNE_MEETING = ("AK Bildung", "Sitzung AK Bildung: Väterarbeit in den Stadtteilen",
                 datetime(2017, 3, 8, 16, tzinfo=ZoneInfo("Europe/Berlin")),
                 ["famz-baukau", "schule-emscher", "ki-herne", "vaeterforum"])


def _herne_meeting(m):
    group_name, title, starts, present = HERNE_MEETING
    group = WorkingGroup.objects.filter(municipality=m, name=group_name).first()
    if group is None:
        return 0
    created = 0
    uid = uuid.uuid5(NAMESPACE, f"{m.slug}:sitzung-ak-bildung-2017")
    event = Event.objects.filter(uid=uid).first()
    if event is None:
        event = Event.objects.create(
            municipality=m, uid=uid, kind=Event.Kind.WORKING_GROUP, title=title, starts_at=starts,
            ends_at=starts.replace(hour=18), place_name="Familienzentrum Baukau", city="Herne",
            organiser="Kommunales Integrationszentrum Herne", registration_open=False, is_public=False)
        group.meetings.add(event)
        created += 1
    return created + add_attendees(event, [(key, None) for key in present])


def _hilden_officers(m):
    created = 0
    for key, trainings in HILDEN_OFFICERS.items():
        department = Actor.objects.filter(municipality=m, external_id=key,
                                          kind=Actor.Kind.ADMINISTRATION).first()
        if department is None:
            continue
        _, new = IntegrationOfficer.objects.get_or_create(department=department,
                                                          defaults={"appointed_on": date(2015, 1, 1)})
        created += new
        for held_on, topic, completed in trainings:
            _, new = Training.objects.get_or_create(department=department, held_on=held_on, topic=topic,
                                                    defaults={"completed": completed})
            created += new
    return created


def _herne_actors(m):
    """Herne's invented network partners (demo_actors.py), with districts and languages.
    A database loaded before they had names gets them once: an actor still named
    "Netzwerkpartner NNN" is renamed; any other existing actor is left alone."""
    districts = {d.name: d for d in m.districts.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    existing = {a.external_id: a for a in Actor.objects.filter(municipality=m, external_id__startswith="netz-")}
    created = 0
    for key, name, kind, description, in_districts, speaks in herne_partners(sorted(districts), HERNE_EXTRA):
        actor = existing.get(key)
        if actor is not None and actor.name != f"Netzwerkpartner {key[5:]}":
            continue
        if actor is None:
            actor = Actor(municipality=m, external_id=key, is_published=False)
            created += 1
        actor.name, actor.kind, actor.description, actor.city = name, kind, description, m.name
        actor.save()
        actor.districts.set([districts[d] for d in in_districts])
        actor.languages.set([languages[code] for code in speaks if code in languages])
    return created
