"""Events, ideas, indicators and topics beside the API's `world` (conftest.py): what may be
shown and, next to it, what never may — registrations, the people behind ideas, internal
indicators, unpublished topics. Shared by the API's and the open data's tests."""
import datetime
from decimal import Decimal

from django.utils import timezone

from teilhabe.monitoring.models import Indicator, Observation
from teilhabe.participation.models import Comment, Event, Idea, IdeaStatusChange, Registration, Support, Workshop
from teilhabe.topics.models import InformationText, Topic
from teilhabe.translations.models import Translation
from teilhabe.translations.texts import save_translation

from .conftest import at, set_modified

SECRET_NAME, SECRET_EMAIL = "Hannelore Geheimrath", "hannelore.geheimrath@example.org"
ATTENDEE_NAME, ATTENDEE_EMAIL = "Bartholomäus Teilnehmer", "bartholomaeus@example.org"


def add_public_kinds(w):
    m = w.m
    soon = timezone.now() + datetime.timedelta(days=30)
    w.conference = Event.objects.create(municipality=m, title="Integrationskonferenz", description="Alle sind da.",
                                        starts_at=soon, capacity=3, place_name="Rathaus", city="Herten",
                                        district=w.north, organiser_actor=w.provider)
    w.conference.fields.set([w.language_field, w.draft_field])
    Workshop.objects.create(event=w.conference, title="Tisch Sprache", field=w.language_field, capacity=2)
    for i, status in enumerate(["registered", "registered", "waiting"]):
        Registration.objects.create(event=w.conference, status=status, name=f"{ATTENDEE_NAME} {i}",
                                    email=f"{i}{ATTENDEE_EMAIL}", consent_at=timezone.now())
    save_translation(w.conference, "title", "en", "Integration conference")
    w.meeting = Event.objects.create(municipality=m, kind="working_group", title="Arbeitskreis Arbeit",
                                     starts_at=soon + datetime.timedelta(days=60))
    w.meeting.fields.set([w.work_field])
    w.internal_event = Event.objects.create(municipality=m, title="Interne Runde", starts_at=soon, is_public=False)
    for days, e in enumerate([w.conference, w.meeting, w.internal_event]):
        set_modified(e, at(days))
    Translation.objects.update(modified_at=at(0))

    w.idea = Idea.objects.create(municipality=m, title="Mehr Sprachcafés", description="In jedem Stadtteil.",
                                 field=w.language_field, district=w.north, target_group=w.women,
                                 status="published", received_on=datetime.date(2025, 2, 1), event=w.conference,
                                 measure=w.measure, submitter_name=SECRET_NAME, submitter_email=SECRET_EMAIL,
                                 submitter_phone="0170 1234567", submitter_address="Geheimweg 1")
    IdeaStatusChange.objects.create(idea=w.idea, from_status="submitted", to_status="published",
                                    reason="geprüft", changed_by=None)
    Support.objects.create(idea=w.idea, email_hash="x" * 64, email=SECRET_EMAIL, confirmed_at=timezone.now())
    Support.objects.create(idea=w.idea, email_hash="y" * 64, email="unbestaetigt@example.org")
    Comment.objects.create(idea=w.idea, author_name=SECRET_NAME, email=SECRET_EMAIL, body="Gute Idee",
                           status="visible")
    w.work_idea = Idea.objects.create(municipality=m, title="Jobbörse", description="Für alle.", field=w.work_field,
                                      status="accepted", received_on=datetime.date(2025, 1, 1),
                                      decision_reason="Wird umgesetzt.")
    w.unpublished_idea = Idea.objects.create(municipality=m, title="Noch nicht geprüft", description="…",
                                             field=w.language_field, status="submitted",
                                             submitter_name="Noch Geheim")
    for days, i in enumerate([w.idea, w.work_idea, w.unpublished_idea]):
        set_modified(i, at(days))

    w.indicator = Indicator.objects.create(municipality=m, key="kursquote", name="Kursteilnahme", unit="%",
                                           baseline_value=Decimal(10), baseline_period="2020",
                                           target_value=Decimal(30), target_period="2025", is_public=True)
    w.indicator.goals.set([w.goal])
    w.internal_indicator = Indicator.objects.create(
        municipality=m, key="geheimquote", name="Interne Quote", unit="%", baseline_value=Decimal(50),
        baseline_period="2020", target_value=Decimal(60), target_period="2025")
    w.internal_indicator.goals.set([w.goal])
    Observation.objects.bulk_create([
        Observation(indicator=w.indicator, period="2023", value=Decimal(20)),
        Observation(indicator=w.indicator, period="2023", district=w.north, value=Decimal("25.5")),
        Observation(indicator=w.internal_indicator, period="2023", value=Decimal("987.654")),
    ])
    set_modified(w.indicator, at(0))
    set_modified(w.internal_indicator, at(1))

    w.topic = Topic.objects.create(municipality=m, key="sprache", title="Deutsch lernen", summary="Kurse",
                                   field_keys=["sprache"], position=1)
    w.topic.offers.set([w.cafe, w.unpublished])
    InformationText.objects.create(topic=w.topic, title="Erste Schritte", body="<p>Zur VHS</p>")
    InformationText.objects.create(topic=w.topic, title="Entwurfstext", body="<p>geheim</p>", is_published=False)
    w.hidden_topic = Topic.objects.create(municipality=m, key="versteckt", title="Verstecktes Thema",
                                          is_published=False)
    Topic.objects.filter(municipality=m).update(modified_at=at(0))
    InformationText.objects.filter(topic__municipality=m).update(modified_at=at(0))
    Translation.objects.filter(content_type__model__in=["topic", "informationtext"]).update(modified_at=at(0))
    return w
