"""A municipality with public and non-public data of every kind, made once per test:
what the API must show and, beside it, what it must never show."""
import datetime
import types

import pytest

from teilhabe.actors.models import Actor
from teilhabe.municipalities.models import Language
from teilhabe.offers.models import OfferTranslation
from teilhabe.strategy.models import Goal, Measure, MeasureStatusChange
from tests import builders as b

BASE = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.timezone.utc)


def at(days):
    return BASE + datetime.timedelta(days=days)


def set_modified(obj, moment):
    """auto_now cannot be set through save(): write the column directly."""
    type(obj).objects.filter(pk=obj.pk).update(modified_at=moment)
    obj.modified_at = moment


def translate(offer, code, title, **texts):
    return OfferTranslation.objects.create(offer=offer, language=Language.objects.get(code=code), title=title,
                                           source_revision=offer.text_revision, **texts)


@pytest.fixture
def world(db):
    w = types.SimpleNamespace()
    m = w.m = b.municipality("herten", languages=("de", "en", "ar", "tr"))
    m.office_name, m.office_email = "Kommunales Integrationszentrum", "ki@herten.example"
    m.save()
    w.other = b.municipality("herne")
    w.north = b.district(m, "nord", "Herten-Nord")
    w.south = b.district(m, "sued", "Herten-Süd")
    w.women = b.target_group(m, "frauen", de="Frauen", en="Women")
    w.families = b.target_group(m, "familien", de="Familien", en="Families")

    w.old = b.concept(m, version=1, status="superseded", title="Konzept 2015")
    w.current = b.concept(m, version=2, status="adopted", title="Konzept 2020", period_start=2020, period_end=2025)
    w.draft = b.concept(m, version=3, status="draft", title="Entwurf 2026")
    w.language_field = b.field(w.current, "sprache", "Sprache")
    w.language_field.names = {"de": "Sprache", "en": "Language"}
    w.language_field.save()
    w.work_field = b.field(w.current, "arbeit", "Arbeit")
    w.old_field = b.field(w.old, "alt-feld", "Altes Feld")
    w.draft_field = b.field(w.draft, "geheim-feld", "Geheimes Feld")
    w.goal = b.goal(w.current, "deutsch-lernen", field=w.language_field, title="Alle lernen Deutsch")
    w.sub_goal = b.goal(w.current, "kurse", field=w.language_field, parent=w.goal, kind="operational",
                        title="Mehr Kursplätze")
    w.draft_goal = b.goal(w.draft, "geheimes-ziel", title="Geheimes Ziel")

    w.provider = b.actor(m, "vhs", name="Volkshochschule", kind="education_provider")
    w.provider.districts.set([w.north])
    w.provider.languages.set(Language.objects.filter(code__in=["de", "tr"]))
    w.association = b.actor(m, "verein", name="Nachbarschaftsverein", kind="association")
    w.association.districts.set([w.south])
    w.hidden_actor = b.actor(m, "versteckt", name="Verborgener Träger")
    Actor.objects.filter(pk=w.hidden_actor.pk).update(is_published=False)
    w.public_contact = b.contact(w.provider, "beratung", role="Beratung", name="Erika Muster",
                                 consent_at=BASE, publish=True)
    w.private_contact = b.contact(w.provider, "privat", role="Leitung", name="Geheime Person",
                                  email="geheim@example.org")

    w.measure = b.measure(w.current, "M-1", title="Sprachcafé aufbauen", status="running",
                          responsible=w.provider)
    w.measure.fields.set([w.language_field])
    w.measure.goals.set([w.goal])
    w.measure.partner_actors.set([w.association, w.hidden_actor])
    w.measure.districts.set([w.north])
    w.measure.target_groups.set([w.women])
    MeasureStatusChange.objects.create(measure=w.measure, from_status="", to_status="planned",
                                       changed_on=datetime.date(2021, 1, 1), note="intern: Budget knapp")
    MeasureStatusChange.objects.create(measure=w.measure, from_status="planned", to_status="running",
                                       changed_on=datetime.date(2022, 5, 1))
    w.work_measure = b.measure(w.current, "M-2", title="Jobmesse", status="planned")
    w.work_measure.fields.set([w.work_field])
    w.internal_measure = b.measure(w.current, "M-intern", title="Interne Maßnahme", is_public=False)
    w.internal_measure.fields.set([w.language_field])
    w.internal_measure.goals.set([w.goal])
    w.draft_measure = b.measure(w.draft, "M-entwurf", title="Maßnahme im Entwurf")
    w.old_measure = b.measure(w.old, "M-alt", title="Alte Maßnahme", status="established")

    w.course = b.offer(m, w.provider, "A-1", title="Deutschkurs für Frauen", field=w.language_field,
                       description="Ein Kurs in Deutsch am Vormittag mit Kinderbetreuung.",
                       schedule="Mo und Mi 9–11 Uhr", cost="kostenlos", place_name="VHS-Haus",
                       city="Herten", contact_email="kurs@vhs.example", measure=w.measure,
                       latitude="51.595700", longitude="7.141200", closing_days=["2025-12-24"],
                       opening_hours=[{"day": "We", "opens": "09:00", "closes": "11:00"},
                                      {"day": "Mo", "opens": "09:00", "closes": "11:00"}])
    w.course.target_groups.set([w.women])
    w.course.districts.set([w.north])
    w.course.languages.set(Language.objects.filter(code__in=["de", "ar"]))
    translate(w.course, "en", "German course for women", description="A course in German.")
    translate(w.course, "ar", "دورة اللغة الألمانية للنساء")
    w.cafe = b.offer(m, w.association, "A-2", title="Sprachcafé", field=w.language_field,
                     description="Treffen zum Sprechen üben.")
    w.cafe.districts.set([w.south])
    w.cafe.languages.set(Language.objects.filter(code__in=["de", "tr"]))
    w.jobs = b.offer(m, w.association, "A-3", title="Bewerbungstraining", field=w.work_field,
                     description="Hilfe bei Bewerbungen.")
    w.jobs.target_groups.set([w.families])
    w.unpublished = b.offer(m, w.provider, "A-geheim", title="Unveröffentlichter Kurs", is_published=False)
    w.hidden_provider_offer = b.offer(m, w.hidden_actor, "A-traeger", title="Kurs eines verborgenen Trägers")
    w.draft_field_offer = b.offer(m, w.provider, "A-4", title="Angebot mit Entwurfsfeld", field=w.draft_field,
                                  measure=w.draft_measure)
    w.elsewhere = b.offer(w.other, b.actor(w.other, "vhs", name="VHS Herne"), "A-1", title="Deutschkurs in Herne")

    for days, obj in enumerate([w.course, w.cafe, w.jobs, w.unpublished, w.hidden_provider_offer,
                                w.draft_field_offer, w.elsewhere]):
        set_modified(obj, at(days))
    OfferTranslation.objects.update(modified_at=at(0))
    for obj in (w.provider, w.association, w.hidden_actor):
        set_modified(obj, at(0))
    for obj in Measure.objects.all():
        set_modified(obj, at(0))
    for obj in Goal.objects.all():
        set_modified(obj, at(0))
    return w


@pytest.fixture
def api(client):
    """GET an API path, with query parameters; returns the response (JSON in .json())."""
    def get(path, *, headers=None, **query):
        return client.get(f"/api/v1/{path}", query, headers=headers or {})
    return get


def ids(response, key="external_id"):
    return [item[key] for item in response.json()["results"]]
