"""Upcoming demo events, so that a visitor can try registration, the waiting list and the
calendar feeds: per town an integration conference with a workshop per field of action
and free places, and a smaller event that is full and has a waiting list.

They are placed relative to the day the demo is first loaded. A later load finds them by
their fixed keys (the event's uid) and leaves them alone — it never moves or duplicates
them, and never brings back a registration someone cancelled: registrations may exist,
calendars know the events by their uid. A demo whose events have passed gets new dates
from a fresh database (docs/operations.md, "The demo").

The people registered are fictional (first name and initial, addresses under
example.org); they follow the participation rules — one active registration per address,
places first, then the waiting list in order — and are removed by the retention job like
any other registration."""
import datetime
import unicodedata
import uuid

from django.db import transaction
from django.utils import timezone

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import Municipality
from teilhabe.strategy.models import current_concept

from .demo import BERLIN, NAMESPACE
from .models import Event, Registration, Workshop, new_code

CONFERENCE, INFORMATION = Event.Kind.CONFERENCE, Event.Kind.INFORMATION

# days: from the day of the first load; organisations: actors (external id) whose
# representatives are among the first registrants.
UPCOMING = [
    {"town": "herten", "key": "integrationskonferenz-naechste", "kind": CONFERENCE, "days": 38, "hours": (16, 20),
     "title": "Integrationskonferenz Herten: Mit Kommunikation zur Integration – wie geht es weiter?",
     "place_name": "Glashaus", "city": "Herten", "district": "herten-mitte", "organiser": "integrationsbuero",
     "capacity": 120, "workshop_capacity": 25, "registrants": 18,
     "organisations": ["kulturverein-sued", "moschee-scherlebeck", "migrationsdienst", "frauentreff"],
     "description": "Die jährliche Integrationskonferenz: Was hat sich seit der letzten Konferenz bewegt, was "
                    "nehmen wir uns vor? Nach einem kurzen Bericht des Integrationsbüros arbeiten die Gäste an "
                    "Tischen zu den sechs Arbeitsschwerpunkten des Rahmenkonzepts. Sprachmittlung auf Türkisch, "
                    "Arabisch und Russisch ist auf Wunsch möglich."},
    {"town": "herten", "key": "infoabend-anerkennung", "kind": INFORMATION, "days": 12, "hours": (18, 20),
     "title": "Infoabend: Ausländische Berufsabschlüsse anerkennen lassen", "organiser": "jobwerkstatt",
     "capacity": 12, "registrants": 15,
     "description": "Welche Stelle prüft meinen Abschluss, welche Unterlagen brauche ich, was kostet es? "
                    "Beratung in kleiner Runde, mit Zeit für Ihre Fragen."},
    {"town": "herne", "key": "integrationskonferenz-naechste", "kind": CONFERENCE, "days": 45, "hours": (14, 18),
     "title": "3. Integrationskonferenz Herne", "place_name": "Stadtteilzentrum Pluto", "city": "Herne",
     "organiser": "ki-herne", "capacity": 150, "workshop_capacity": 25, "registrants": 20,
     "organisations": ["vaeterforum", "joblotsen", "netzwerk-demenz", "sonjaschnyk", "frauencafe"],
     "description": "Das Gesamtstädtische Integrationskonzept wird weiterentwickelt: In sechs Arbeitsgruppen "
                    "geht es um die Maßnahmen für neu Zugewanderte und um die Ziele, die noch nicht "
                    "zufriedenstellend erreicht sind."},
    {"town": "herne", "key": "vaetergruppe-schnuppertreffen", "kind": INFORMATION, "days": 9, "hours": (17, 19),
     "title": "Väter-Gruppe Baukau: Schnuppertreffen für neue Väter", "organiser": "vaeterforum",
     "district": "baukau", "capacity": 10, "registrants": 14,
     "description": "Väter erzählen, wie die Gruppe arbeitet: Schule, Erziehung, Freizeit mit den Kindern. "
                    "Auf Deutsch, Türkisch und Arabisch."},
    {"town": "hilden", "key": "integrationskonferenz-naechste", "kind": CONFERENCE, "days": 31, "hours": (15, 19),
     "title": "Integrationskonferenz Hilden: Sieben Handlungsfelder im Gespräch",
     "place_name": "Bürgersaal im Rathaus", "city": "Hilden", "district": "innenstadt", "organiser": "sozialamt",
     "capacity": 100, "workshop_capacity": 20, "registrants": 16,
     "organisations": ["elternverein", "afghanischer-verein", "netzwerk-willkommen", "hsg-nord"],
     "description": "Verwaltung, Vereine, Initiativen und Integrationsbeirat beraten, wie das Strategiepapier "
                    "Integration weiter umgesetzt wird – an einem Tisch je Handlungsfeld."},
    {"town": "hilden", "key": "elternabend-schule", "kind": INFORMATION, "days": 16, "hours": (18, 20),
     "title": "Elternabend: Der Weg durch Kita und Schule in Hilden", "organiser": "elternverein",
     "capacity": 15, "registrants": 18,
     "description": "Anmeldung in Kita und Schule, Übergang zur weiterführenden Schule, Hilfen beim Lernen: "
                    "Eltern erklären Eltern, mit Sprachmittlung."},
]

PEOPLE = ["Aylin K.", "Jonas B.", "Olena M.", "Mehmet Y.", "Sara H.", "Reza A.", "Marta W.", "Dimitri P.",
          "Fatma Ö.", "Lukas S.", "Nour E.", "Irina L.", "Elif D.", "Tobias R.", "Hevin T.", "Ahmad N.",
          "Lena F.", "Oksana G.", "Yusuf C.", "Maria V.", "Karim J.", "Anna Z.", "Sevgi U.", "Paul O."]
LANGUAGES = ["de", "de", "tr", "ar", "uk", "de", "fa", "ru", "en"]


def uid_for(town, key):
    return uuid.uuid5(NAMESPACE, f"{town}:upcoming:{key}")


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BERLIN)


def _email(name, number):
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return f"{plain.replace(' ', '.').replace('..', '.').rstrip('.')}{number}@example.org"


@transaction.atomic
def load_upcoming_demo(*, today=None):
    """Create the upcoming events that are missing. Returns the number created."""
    today = today or timezone.localdate(timezone=BERLIN)
    towns = {m.slug: m for m in Municipality.objects.filter(slug__in={spec["town"] for spec in UPCOMING})}
    created = 0
    for spec in UPCOMING:
        m = towns.get(spec["town"])
        uid = uid_for(spec["town"], spec["key"])
        if m is None or Event.objects.filter(uid=uid).exists():
            continue
        _create(m, uid, spec, today)
        created += 1
    return created


def _create(m, uid, spec, today):
    actors = {a.external_id: a for a in Actor.objects.filter(
        municipality=m, external_id__in=[spec["organiser"], *spec.get("organisations", [])])}
    organiser = actors[spec["organiser"]]
    day = today + datetime.timedelta(days=spec["days"])
    start, end = spec["hours"]
    event = Event.objects.create(
        municipality=m, uid=uid, kind=spec["kind"], title=spec["title"], description=spec["description"],
        starts_at=_at(day, start), ends_at=_at(day, end),
        place_name=spec.get("place_name", organiser.name), street="" if "place_name" in spec else organiser.street,
        postcode="" if "place_name" in spec else organiser.postcode, city=spec.get("city", organiser.city or m.name),
        district=m.districts.filter(key=spec.get("district", "")).first(), organiser=organiser.name,
        organiser_actor=organiser, capacity=spec["capacity"], registration_open=True)
    workshops = []
    concept = current_concept(m)
    if spec["kind"] == CONFERENCE and concept:
        fields = list(concept.fields.order_by("position", "id"))
        event.fields.set(fields)
        workshops = Workshop.objects.bulk_create(
            [Workshop(event=event, title=field.names.get("de", ""), field=field, capacity=spec["workshop_capacity"],
                      position=position) for position, field in enumerate(fields, start=1)])
    _register(event, spec, actors, workshops)


def _register(event, spec, actors, workshops):
    """Places first, then the waiting list, as actions.register would fill them."""
    organisations = [actors[key] for key in spec.get("organisations", []) if key in actors]
    codes, rows = set(), []
    for i in range(spec["registrants"]):
        name = PEOPLE[i % len(PEOPLE)]
        actor = organisations[i] if i < len(organisations) else None
        code = new_code()
        while code in codes:
            code = new_code()
        codes.add(code)
        rows.append(Registration(
            event=event, name=name, email=_email(name, i + 1), actor=actor,
            organisation=actor.name if actor else "", workshop=workshops[i % len(workshops)] if workshops else None,
            status=Registration.Status.REGISTERED if i < spec["capacity"] else Registration.Status.WAITING,
            interpreting_needs={3: "Arabisch", 8: "Türkisch"}.get(i, ""),
            access_needs="Rollstuhlplatz" if i == 5 else "", language=LANGUAGES[i % len(LANGUAGES)],
            consent_at=timezone.now(), check_in_code=code))
    Registration.objects.bulk_create(rows)
