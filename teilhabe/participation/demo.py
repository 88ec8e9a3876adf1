"""Participation demo data, loaded by `teilhabe demo` after the towns: Herten's 2009
integration conference in the Glashaus (over 100 guests, more than half with a migration
history) with its idea "Stadtrundfahrten mit Migranten", Herne's second integration
conference on 17 November 2016 at the Stadtteilzentrum Pluto, and a few ideas per town in
different states, one of them turned into a measure. Both conferences have registrations
of the towns' actors (checked in), so the network shows "same event" ties. Idempotent:
objects are found by fixed keys and left alone when present. No real person: submitters
are left empty; a registration names "Vertretung <organisation>" and an address under
example.invalid."""
import datetime
import uuid
from zoneinfo import ZoneInfo

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import Municipality
from teilhabe.strategy.models import Measure, MeasureStatusChange, current_concept

from .models import (
    AttendanceTally, AttendingActor, Event, Idea, IdeaStatusChange, MIGRATION_HISTORY, Registration, Workshop,
    new_code,
)

BERLIN = ZoneInfo("Europe/Berlin")
NAMESPACE = uuid.UUID("6f1c0c5e-7f43-4d47-9d0e-2b1f1f2a9c11")


def _at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


EVENTS = [
    {"town": "herten", "key": "integrationskonferenz-2009", "kind": "conference",
     "title": "Integrationskonferenz 2009", "starts_at": _at(2009, 12, 16, 17), "ends_at": _at(2009, 12, 16, 20),
     "place_name": "Glashaus", "city": "Herten", "organiser": "Integrationsbüro der Stadt Herten",
     "description": "Jährliche Integrationskonferenz: Die KGSt stellt ihre Bewertung der Integrationsarbeit "
                    "seit 2005 vor; danach sammeln die Gäste Ideen für die Weiterführung des Konzepts.",
     "registration_open": False, "guests_counted": 104,
     "tallies": {"yes": 56, "no": 38, "none": 10},
     # Organisations present (external id of the actor, workshop): the seed's mix of
     # administration, parties, mosque associations and other associations.
     "attendees": [("integrationsbuero", None), ("integrationsrat", None), ("ak-fraktionen", None),
                   ("fb-soziales", None), ("moschee-scherlebeck", None), ("moschee-paschenberg", None),
                   ("christen-muslime", None), ("kulturverein-sued", None), ("frauenverein-arabisch", None),
                   ("neue-heimat", None), ("migrationsdienst", None), ("frauentreff", None)]},
    {"town": "herne", "key": "integrationskonferenz-2", "kind": "conference",
     "title": "2. Integrationskonferenz Herne", "starts_at": _at(2016, 11, 17, 14), "ends_at": _at(2016, 11, 17, 18),
     "place_name": "Stadtteilzentrum Pluto", "city": "Herne", "organiser": "Kommunales Integrationszentrum Herne",
     "description": "Das Gesamtstädtische Integrationskonzept wird fortgeschrieben und die Maßnahmen an aktuelle "
                    "Entwicklungen angepasst – auch die Ziele, die noch nicht zufriedenstellend erreicht sind.",
     "registration_open": False, "capacity": 150,
     "workshops": ["Ausbildung und Arbeit", "Bildung", "Gesundheit",
                   "Interkulturelle Öffnung der Stadtverwaltung Herne", "Kultur", "Wohnen und Stadtentwicklung"],
     "attendees": [("ki-herne", None), ("integrationsrat", None), ("joblotsen", "Ausbildung und Arbeit"),
                   ("fbw", "Ausbildung und Arbeit"), ("vaeterforum", "Bildung"), ("famz-baukau", "Bildung"),
                   ("netzwerk-demenz", "Gesundheit"), ("neue-nachbarn", "Gesundheit"),
                   ("fb-personal", "Interkulturelle Öffnung der Stadtverwaltung Herne"),
                   ("sonjaschnyk", "Interkulturelle Öffnung der Stadtverwaltung Herne"),
                   ("polnischer-verein", "Kultur"), ("moschee-roehlinghausen", "Kultur"),
                   ("wohnungsgenossenschaft", "Wohnen und Stadtentwicklung"), ("frauencafe", None)]},
]

# town, key, title, description, field (German name), channel, status, reason, event key, received
IDEAS = [
    ("herten", "stadtrundfahrten", "Stadtrundfahrten mit Migranten",
     "Hertenerinnen und Hertener mit Zuwanderungsgeschichte zeigen bei Stadtrundfahrten ihre Orte in der Stadt: "
     "Moscheen, Vereine, Geschäfte, Arbeitsplätze von früher und heute.",
     "Gesellschaftliche Integration / Interreligiöser Dialog", "conference", "accepted",
     "Großer Zuspruch auf der Integrationskonferenz; der Bürgermeister lädt zu den ersten Fahrten ein.",
     "integrationskonferenz-2009", datetime.date(2009, 12, 16)),
    ("herten", "sprachpaten-brief", "Sprachpatenschaften für Eltern",
     "Ehrenamtliche begleiten Eltern, die wenig Deutsch sprechen, zu Elternabenden und Sprechtagen.",
     "Sprachförderung", "letter", "in_discussion", "", None, datetime.date(2010, 1, 12)),
    ("herten", "nachbarschaftsfest", "Ein Fest der Nachbarschaften in Herten-Süd",
     "Einmal im Jahr feiern die Nachbarschaften in Herten-Süd gemeinsam auf dem Marktplatz.",
     "Wohnen / Quartiersmanagement", "email", "published", "", None, datetime.date(2010, 2, 3)),
    ("herten", "eigenes-jugendzentrum", "Ein eigenes Jugendzentrum nur für einen Verein",
     "Ein Verein wünscht sich ein eigenes Jugendzentrum.", "Soziale Arbeit", "phone", "rejected",
     "Die offenen Jugendeinrichtungen stehen allen offen; ein Haus nur für einen Verein widerspräche dem Ziel, "
     "Begegnung zu fördern. Der Verein kann Räume im Jugendzentrum nutzen.", None, datetime.date(2010, 2, 20)),
    ("herne", "vaetergruppen-stadtteile", "Väter-Gruppen in weiteren Stadtteilen",
     "Die Väter-Gruppen haben sich bewährt; sie sollten auch in Wanne und Eickel angeboten werden.",
     "Bildung", "conference", "published", "", "integrationskonferenz-2", datetime.date(2016, 11, 17)),
    ("herne", "mehrsprachige-sprechstunde", "Mehrsprachige Sprechstunde im Bürgeramt",
     "Eine feste Sprechstunde mit Sprachmittlung im Bürgeramt für neu Zugewanderte.",
     "Interkulturelle Öffnung der Stadtverwaltung Herne", "conference", "under_review", "",
     "integrationskonferenz-2", datetime.date(2016, 11, 17)),
    ("herne", "demenz-begleitung", "Interkulturelle Demenzbegleitung bekannter machen",
     "Viele Familien wissen nicht, dass es ausgebildete interkulturelle Begleiterinnen gibt.",
     "Gesundheit", "web", "submitted", "", None, datetime.date(2016, 12, 1)),
]

MEASURE = ("herten", "stadtrundfahrten", "M-IDEE-STADTRUNDFAHRTEN", "Stadtrundfahrten mit Migranten",
           "Aus der Idee der Integrationskonferenz 2009: Stadtrundfahrten, bei denen Menschen mit "
           "Zuwanderungsgeschichte ihre Stadt zeigen.")


def add_attendees(event, attendees):
    """One checked-in registration per organisation, unless it is there already (also after
    the retention job turned the registrations into the anonymous set of actors present)."""
    created = 0
    actors = {a.external_id: a for a in Actor.objects.filter(municipality=event.municipality,
                                                             external_id__in=[key for key, _w in attendees])}
    present = set(event.registrations.exclude(actor=None).values_list("actor_id", flat=True)) | set(
        AttendingActor.objects.filter(event=event).values_list("actor_id", flat=True))
    codes = set(event.registrations.values_list("check_in_code", flat=True))
    for key, workshop_title in attendees:
        actor = actors.get(key)
        if actor is None or actor.pk in present:
            continue
        code = new_code()
        while code in codes:
            code = new_code()
        codes.add(code)
        Registration.objects.create(
            event=event, actor=actor, organisation=actor.name, name=f"Vertretung {actor.name}"[:120],
            email=f"{event.municipality.slug}-{key}@example.invalid", status=Registration.Status.REGISTERED,
            workshop=event.workshops.filter(title=workshop_title).first() if workshop_title else None,
            consent_at=event.starts_at, checked_in_at=event.starts_at, check_in_code=code)
        created += 1
    return created


def load_participation_demo():
    """Create what is missing; touch nothing that exists. Returns the number created."""
    created = 0
    towns = {m.slug: m for m in Municipality.objects.filter(slug__in={"herten", "herne"})}
    events = {}
    for spec in EVENTS:
        m = towns.get(spec["town"])
        if m is None:
            continue
        uid = uuid.uuid5(NAMESPACE, f"{spec['town']}:{spec['key']}")
        event = Event.objects.filter(uid=uid).first()
        if event is None:
            concept = current_concept(m)
            event = Event.objects.create(
                municipality=m, uid=uid, kind=spec["kind"], title=spec["title"], description=spec["description"],
                starts_at=spec["starts_at"], ends_at=spec["ends_at"], place_name=spec["place_name"],
                city=spec["city"], organiser=spec["organiser"], registration_open=spec["registration_open"],
                capacity=spec.get("capacity"), guests_counted=spec.get("guests_counted"))
            for answer, count in spec.get("tallies", {}).items():
                AttendanceTally.objects.create(event=event, category=MIGRATION_HISTORY, answer=answer, count=count)
            for position, title in enumerate(spec.get("workshops", []), start=1):
                field = concept.fields.filter(names__de=title).first() if concept else None
                Workshop.objects.create(event=event, title=title, field=field, position=position)
            if concept:
                event.fields.set(concept.fields.all())
            created += 1
        events[spec["key"]] = event
        created += add_attendees(event, spec.get("attendees", []))
    ideas = {}
    for town, key, title, description, field_name, channel, status, reason, event_key, received in IDEAS:
        m = towns.get(town)
        concept = current_concept(m) if m else None
        if concept is None:
            continue
        token = f"demo-{town}-{key}"
        idea = Idea.objects.filter(municipality=m, form_token=token).first()
        if idea is None:
            field = concept.fields.filter(names__de=field_name).first() or concept.fields.first()
            event = events.get(event_key)
            idea = Idea.objects.create(
                municipality=m, title=title, description=description, field=field, channel=channel,
                received_on=received, status=status, decision_reason=reason, event=event,
                workshop=event.workshops.filter(field=field).first() if event else None,
                contact_preference=Idea.Contact.NONE, form_token=token,
                decided_at=datetime.datetime.combine(received, datetime.time(12), BERLIN) if reason else None)
            when = datetime.datetime.combine(received, datetime.time(12), BERLIN)
            IdeaStatusChange.objects.create(idea=idea, from_status="", to_status=Idea.Status.SUBMITTED, changed_at=when)
            if status != Idea.Status.SUBMITTED:
                IdeaStatusChange.objects.create(idea=idea, from_status=Idea.Status.SUBMITTED, to_status=status,
                                                reason=reason, changed_at=when + datetime.timedelta(days=14))
            created += 1
        ideas[(town, key)] = idea
    town, key, external_id, title, description = MEASURE
    idea = ideas.get((town, key))
    if idea is not None and idea.measure_id is None:
        concept = current_concept(towns[town])
        measure = Measure.objects.filter(concept=concept, external_id=external_id).first()
        if measure is None:
            measure = Measure.objects.create(concept=concept, external_id=external_id, title=title,
                                             description=description, status=Measure.Status.PLANNED,
                                             start_date=datetime.date(2010, 5, 1))
            measure.fields.add(idea.field)
            MeasureStatusChange.objects.create(measure=measure, from_status="", to_status=measure.status,
                                               changed_on=datetime.date(2010, 5, 1),
                                               note="aus der Idee der Integrationskonferenz 2009")
        idea.measure = measure
        idea.save(update_fields=["measure"])
        created += 1
    return created
