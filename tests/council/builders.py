"""Council test data: a town with a council part holding public and non-public things of
every kind, made once per test. What OParl and every public output must show, and beside
it what they must never show (the SECRETS)."""
import datetime
import types

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from teilhabe.council import actions
from teilhabe.council.models import (
    AgendaItem, Consultation, LegislativeTerm, Location, Meeting, Membership, Organization, Paper, Person,
)
from teilhabe.council.pdf import simple_pdf
from tests import builders as b

# Words that stand only in non-public places of the world below.
SECRETS = ("Geheimer Personalpunkt", "Vertraulich beschlossen", "Ohnezustimmung", "Entwurfsvorlage",
           "Geheimbeschluss", "geheim-anlage", "Geheime Niederschrift")


def pdf(text="teilhabe"):
    return simple_pdf(text)


def upload(name="datei.pdf", content=None):
    return SimpleUploadedFile(name, pdf(name) if content is None else content, content_type="application/pdf")


def council(m, name=None):
    return actions.open_council(m, name=name or f"Stadt {m.name}", contact_email="rat@stadt.example",
                                license="https://www.govdata.de/dl-de/by-2-0")


def world(m=None):
    """A town with its council part: terms, bodies, persons with and without consent,
    memberships, a held and an upcoming meeting with public and non-public items, papers
    (published and draft), consultations, files, and a deleted object of several kinds."""
    w = types.SimpleNamespace()
    m = w.m = m or b.municipality()
    w.body = council(m)
    w.term = LegislativeTerm.objects.create(municipality=m, name="Wahlperiode 2020–2025",
                                            start_date=datetime.date(2020, 11, 1), end_date=datetime.date(2025, 10, 31))
    w.hall = Location.objects.create(municipality=m, description="Rathaus, Ratssaal", street_address="Markt 1",
                                     postal_code="45699", locality="Herten")
    w.council = Organization.objects.create(municipality=m, kind="council", name="Rat der Stadt", location=w.hall)
    w.irat = Organization.objects.create(municipality=m, kind="integration_council", name="Integrationsrat",
                                         short_name="IR", start_date=datetime.date(2020, 11, 1))
    w.chair = Person.objects.create(municipality=m, given_name="Aylin", family_name="Beispielfrau",
                                    form_of_address="Frau", consent_at=timezone.now(), location=w.hall,
                                    email="aylin@beispiel.example")
    w.hidden = Person.objects.create(municipality=m, given_name="Otto", family_name="Ohnezustimmung")
    w.chair_membership = Membership.objects.create(person=w.chair, organization=w.irat, role="chair",
                                                   on_behalf_of="Liste Miteinander",
                                                   start_date=datetime.date(2020, 11, 1))
    w.hidden_membership = Membership.objects.create(person=w.hidden, organization=w.irat, role="member")
    start = timezone.make_aware(datetime.datetime(2024, 3, 5, 17, 0))
    w.held = Meeting.objects.create(municipality=m, organization=w.irat, name="5. Sitzung des Integrationsrats",
                                    start=start, end=start + datetime.timedelta(hours=2), location=w.hall,
                                    state="held", invitation_date=datetime.date(2024, 2, 20),
                                    minutes_approved_on=datetime.date(2024, 6, 4))
    w.held.participants.set([w.chair, w.hidden])  # the public learns of the chair only
    w.upcoming = Meeting.objects.create(municipality=m, organization=w.irat, name="6. Sitzung des Integrationsrats",
                                        start=start + datetime.timedelta(days=90), state="invited")
    w.open_item = AgendaItem.objects.create(meeting=w.held, number="1", order=0, name="Sprachkurse 2024",
                                            result="einstimmig beschlossen", resolution_text="Der Beirat empfiehlt …")
    w.closed_item = AgendaItem.objects.create(meeting=w.held, number="2", order=1, public=False,
                                              name="Geheimer Personalpunkt", result="Vertraulich beschlossen",
                                              resolution_text="Geheimbeschluss")
    w.paper = Paper.objects.create(municipality=m, name="Sprachkurse für Eltern", reference="2024/001",
                                   date=datetime.date(2024, 2, 1), kind="proposal", originator_organization=w.irat,
                                   originator_person=w.chair, is_published=True)
    w.paper.locations.set([w.hall])
    w.draft = Paper.objects.create(municipality=m, name="Entwurfsvorlage Haushalt", reference="2024/002",
                                   date=datetime.date(2024, 2, 2), kind="notice", originator_person=w.hidden)
    w.consultation = Consultation.objects.create(paper=w.paper, organization=w.irat, meeting=w.held,
                                                 agenda_item=w.open_item, role="preliminary", unanimous=True,
                                                 result="Der Integrationsrat empfiehlt die Vorlage.")
    w.decision = Consultation.objects.create(paper=w.paper, organization=w.council, role="decision",
                                             authoritative=True)
    w.closed_consultation = Consultation.objects.create(paper=w.paper, organization=w.irat, meeting=w.held,
                                                        agenda_item=w.closed_item, role="notice",
                                                        result="Geheimbeschluss", votes_yes=3, votes_no=1)
    w.invitation = actions.attach_file(w.held, upload("einladung.pdf"), name="Einladung", role="invitation")
    w.minutes = actions.attach_file(w.held, upload("niederschrift.pdf"), name="Niederschrift",
                                    role="results_protocol")
    w.main = actions.attach_file(w.paper, upload("vorlage.pdf"), name="Vorlage 2024/001", role="main")
    w.closed_file = actions.attach_file(w.closed_item, upload("geheim-anlage.pdf"), name="Geheime Niederschrift")
    w.draft_file = actions.attach_file(w.draft, upload("entwurf.pdf"), name="Entwurfsvorlage", role="main")
    w.gone_location = Location.objects.create(municipality=m, description="Altes Rathaus")
    actions.soft_delete(w.gone_location)
    return w
