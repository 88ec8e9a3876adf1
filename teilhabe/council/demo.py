"""The demo's council parts, as the seeds tell them: Herten's Integrationsrat (its office is
the Integrationsbüro) with a fictional membership whose consent is recorded, one held
meeting of the current term with its minutes and one upcoming with its invitation, and the
council's adoption of the Rahmenkonzept in September 2006; Hilden's Strategiepapier through
Integrationsbeirat and Fachausschuss (Vorberatung) to the council (einstimmig, March 2010);
Herne's council adopting the concept (September 2016).

The members' names are plainly invented (Beispiel, Muster, Probe …). The two meetings of
Herten's current term are placed relative to the day the demo is first loaded; a later load
finds the town's council part and leaves everything alone. Files are small PDFs written by
pdf.py, stored by their checksum (a second load stores nothing new)."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from teilhabe.municipalities.models import Municipality

from . import actions
from .models import (
    AgendaItem, Consultation, LegislativeTerm, Location, Meeting, Membership, Organization, Paper, Person,
)
from .pdf import simple_pdf

HERTEN_MEMBERS = [
    # given, family, form of address, role, elected on, voting right
    ("Ayla", "Beispiel", "Frau", "chair", "Liste Vielfalt Herten", True),
    ("Murat", "Muster", "Herr", "deputy", "Liste Gemeinsam", True),
    ("Elena", "Probe", "Frau", "member", "Liste Vielfalt Herten", True),
    ("Yusuf", "Testmann", "Herr", "member", "Liste Gemeinsam", True),
    ("Katrin", "Platzhalter", "Frau", "member", "vom Rat bestellt", True),
    ("Jonas", "Exempel", "Herr", "advisory", "Integrationsbüro (Geschäftsstelle)", False),
]


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _file(owner, name, role, day, *lines):
    upload = SimpleUploadedFile(f"{name.lower().replace(' ', '-')}.pdf", simple_pdf(name, *lines),
                                content_type="application/pdf")
    return actions.attach_file(owner, upload, name=name, role=role, date=day, via="demo")


def _adoption(m, *, reference, name, path, unanimous=False, result, resolution):
    """A paper and its way through `path`: (organization, role, meeting day, meeting name)."""
    paper = Paper.objects.create(municipality=m, name=name, reference=reference, kind="proposal",
                                 date=path[0][2] - datetime.timedelta(days=14), originator_organization=path[0][0],
                                 is_published=True)
    _file(paper, f"Vorlage {reference}", "main", paper.date, name)
    for organization, role, meeting_day, meeting_name in path:
        meeting = Meeting.objects.create(municipality=m, organization=organization, name=meeting_name,
                                         start=_at(meeting_day, 17), end=_at(meeting_day, 19), state="held",
                                         invitation_date=meeting_day - datetime.timedelta(days=10),
                                         minutes_approved_on=meeting_day + datetime.timedelta(days=42))
        deciding = role == "decision"
        item = AgendaItem.objects.create(
            meeting=meeting, number="1", order=0, name=name,
            result=("einstimmig beschlossen" if unanimous else "beschlossen") if deciding
            else "einstimmig empfohlen" if unanimous else "empfohlen",
            resolution_text=resolution if deciding else "")
        Consultation.objects.create(paper=paper, organization=organization, meeting=meeting, agenda_item=item,
                                    role=role, authoritative=deciding, unanimous=unanimous,
                                    result=result if deciding else f"Empfehlung an den Rat: {result}")
    return paper


def _herten(m, today):
    actions.open_council(m, name="Stadt Herten", via="demo",
                                contact_name="Integrationsbüro (Geschäftsstelle des Integrationsrats)",
                                contact_email=m.office_email, license="https://www.govdata.de/dl-de/by-2-0",
                                invitation_days=14, papers_days=10)
    LegislativeTerm.objects.create(municipality=m, name="Wahlperiode 2004–2009", start_date=datetime.date(2004, 10, 1),
                                   end_date=datetime.date(2009, 10, 20))
    LegislativeTerm.objects.create(municipality=m, name="Wahlperiode 2025–2030", start_date=datetime.date(2025, 11, 1),
                                   end_date=datetime.date(2030, 10, 31))
    hall = Location.objects.create(municipality=m, description="Rathaus Herten, Ratssaal", locality="Herten")
    council = Organization.objects.create(municipality=m, kind="council", name="Rat der Stadt Herten", location=hall)
    irat = Organization.objects.create(municipality=m, kind="integration_council",
                                       name="Integrationsrat der Stadt Herten", short_name="Integrationsrat",
                                       start_date=datetime.date(2025, 11, 1), location=hall)
    members = []
    for given, family, address, role, on_behalf_of, voting in HERTEN_MEMBERS:
        # Invented addresses on a reserved domain: the demo's mail goes into files (var/mail/).
        person = Person.objects.create(municipality=m, given_name=given, family_name=family, form_of_address=address,
                                       consent_at=_at(datetime.date(2025, 11, 20), 18),
                                       email=f"{given}.{family}@integrationsrat-herten.example".lower())
        members.append(person)
        Membership.objects.create(person=person, organization=irat, role=role, on_behalf_of=on_behalf_of,
                                  voting_right=voting, start_date=datetime.date(2025, 11, 20))
    report = Paper.objects.create(municipality=m, name="Bericht des Integrationsbüros: Sprachförderung im Jahr 2025",
                                  reference="IR/2026/003", date=today - datetime.timedelta(days=56), kind="notice",
                                  originator_organization=irat, is_published=True)
    held_day, next_day = today - datetime.timedelta(days=42), today + datetime.timedelta(days=24)
    held = Meeting.objects.create(municipality=m, organization=irat, name="3. Sitzung des Integrationsrats",
                                  start=_at(held_day, 17), end=_at(held_day, 19), location=hall, state="held",
                                  invitation_date=held_day - datetime.timedelta(days=14))
    held.participants.set(members[:5])
    items = [("1", "Eröffnung und Feststellung der Beschlussfähigkeit", True, ""),
             ("2", "Bericht des Integrationsbüros: Sprachförderung im Jahr 2025", True, "zur Kenntnis genommen"),
             ("3", "Zuschuss an einen Verein (Einzelfall)", False, "beschlossen"),
             ("4", "Mitteilungen und Anfragen", True, "")]
    for order, (number, name, public, result) in enumerate(items):
        item = AgendaItem.objects.create(meeting=held, number=number, order=order, name=name, public=public,
                                         result=result)
        if number == "2":
            Consultation.objects.create(paper=report, organization=irat, meeting=held, agenda_item=item,
                                        role="notice", result="Der Integrationsrat nimmt den Bericht zur Kenntnis.")
    _file(held, "Einladung zur 3. Sitzung", "invitation", held.invitation_date, "Integrationsrat der Stadt Herten")
    _file(held, "Ergebnisniederschrift der 3. Sitzung", "results_protocol", held_day + datetime.timedelta(days=7),
          "Integrationsrat der Stadt Herten")
    upcoming = Meeting.objects.create(municipality=m, organization=irat, name="4. Sitzung des Integrationsrats",
                                      start=_at(next_day, 17), end=_at(next_day, 19), location=hall, state="invited",
                                      invitation_date=next_day - datetime.timedelta(days=14))
    for order, name in enumerate(["Eröffnung und Feststellung der Beschlussfähigkeit",
                                  "Genehmigung der Niederschrift der 3. Sitzung",
                                  "Planung der Integrationskonferenz", "Mitteilungen und Anfragen"]):
        AgendaItem.objects.create(meeting=upcoming, number=str(order + 1), order=order, name=name,
                                  approves_minutes_of=held if order == 1 else None)
    _file(upcoming, "Einladung zur 4. Sitzung", "invitation", upcoming.invitation_date,
          "Integrationsrat der Stadt Herten")
    _adoption(m, reference="2006/112", name="Rahmenkonzept zur Integration in Herten 2006–2009",
              path=[(council, "decision", datetime.date(2006, 9, 27), "Sitzung des Rates der Stadt Herten")],
              result="Der Rat beschließt das Rahmenkonzept zur Integration in Herten 2006–2009.",
              resolution="Das Rahmenkonzept zur Integration in Herten 2006–2009 wird beschlossen.")


def _hilden(m):
    actions.open_council(m, name="Stadt Hilden", via="demo", contact_email=m.office_email)
    LegislativeTerm.objects.create(municipality=m, name="Wahlperiode 2009–2014", start_date=datetime.date(2009, 10, 21),
                                   end_date=datetime.date(2014, 5, 31))
    beirat = Organization.objects.create(municipality=m, kind="integration_advisory",
                                         name="Integrationsbeirat der Stadt Hilden")
    committee = Organization.objects.create(municipality=m, kind="committee",
                                            name="Ausschuss für Soziales und Integration")
    council = Organization.objects.create(municipality=m, kind="council", name="Rat der Stadt Hilden")
    _adoption(m, reference="2010/041", name="Strategiepapier Integration", unanimous=True,
              path=[(beirat, "preliminary", datetime.date(2010, 2, 18), "Sitzung des Integrationsbeirats"),
                    (committee, "preliminary", datetime.date(2010, 3, 4),
                     "Sitzung des Ausschusses für Soziales und Integration"),
                    (council, "decision", datetime.date(2010, 3, 24), "Sitzung des Rates der Stadt Hilden")],
              result="Der Rat beschließt das Strategiepapier Integration.",
              resolution="Das Strategiepapier Integration wird einstimmig beschlossen.")


def _herne(m):
    actions.open_council(m, name="Stadt Herne", via="demo", contact_email=m.office_email)
    LegislativeTerm.objects.create(municipality=m, name="Wahlperiode 2014–2020", start_date=datetime.date(2014, 6, 1),
                                   end_date=datetime.date(2020, 10, 31))
    council = Organization.objects.create(municipality=m, kind="council", name="Rat der Stadt Herne")
    _adoption(m, reference="2016/0815", name="Gesamtstädtisches Integrationskonzept Herne",
              path=[(council, "decision", datetime.date(2016, 9, 13), "Sitzung des Rates der Stadt Herne")],
              result="Der Rat beschließt das Gesamtstädtische Integrationskonzept.",
              resolution="Das Gesamtstädtische Integrationskonzept Herne wird beschlossen.")


@transaction.atomic
def load_council_demo():
    """Idempotent: a town whose council part exists is left alone."""
    today = timezone.localdate()
    loaders = {"herten": lambda m: _herten(m, today), "hilden": _hilden, "herne": _herne}
    for municipality in Municipality.objects.filter(slug__in=loaders, council_body__isnull=True):
        loaders[municipality.slug](municipality)
