"""`teilhabe demo`: the three towns and the Kreis as their seed documents describe them,
the demo logins, and a second run that changes nothing."""
import datetime
import json
import re
import shutil
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

import teilhabe.demo.load
from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.demo.load import split_towns_named
from teilhabe.demo.users import DEFAULT_PASSWORD
from teilhabe.exchange.exporter import export_municipality
from teilhabe.municipalities.models import ChangeRecord, Membership, Municipality
from teilhabe.offers.models import Offer, OfferTranslation
from teilhabe.strategy.models import Concept, FieldOfAction, GuidelineSection, Measure

pytestmark = pytest.mark.django_db

FIELDS = {
    "herten": ["Sprachförderung", "Bildung / Erziehung", "Ausbildung / Arbeit", "Soziale Arbeit",
               "Wohnen / Quartiersmanagement", "Gesellschaftliche Integration / Interreligiöser Dialog"],
    "herne": ["Ausbildung und Arbeit", "Bildung", "Gesundheit", "Interkulturelle Öffnung der Stadtverwaltung Herne",
              "Kultur", "Wohnen und Stadtentwicklung"],
    "hilden": ["Sprachförderung und Chancengleichheit", "Stadtteilorientierte Förderung der Integration",
               "Interkulturelle Initiativen und interkulturelle Zusammenarbeit", "Integrationsförderung im Sport",
               "Interkulturelle Weiterentwicklung der Seniorenarbeit", "Interkulturelle Ausrichtung der Verwaltung",
               "Politische Partizipation"],
}
TOWNS = list(FIELDS)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The demo checks and sets eleven passwords per run; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(demo_module):
    """`teilhabe demo`, loaded once for the module (tests/conftest.py)."""


def current(slug):
    municipality = Municipality.objects.get(slug=slug)
    return municipality.concepts.get(status=Concept.Status.ADOPTED)


# The Kreis Mettmann's ten towns with their official AGS (Gemeindeverzeichnis, Kreis 05158).
KREIS_TOWNS = {"erkrath": "05158004", "haan": "05158008", "heiligenhaus": "05158012", "hilden": "05158016",
               "langenfeld": "05158020", "mettmann": "05158024", "monheim-am-rhein": "05158026",
               "ratingen": "05158028", "velbert": "05158032", "wuelfrath": "05158036"}


def test_it_loads_the_towns_and_the_kreis_with_kinds_ags_and_parent(demo):
    found = {m.slug: m for m in Municipality.objects.select_related("parent")}
    assert set(found) == {"kreis-mettmann", "herten", "herne", *KREIS_TOWNS}
    assert found["kreis-mettmann"].kind == Municipality.Kind.KREIS
    assert all(found[slug].kind == Municipality.Kind.TOWN for slug in [*TOWNS, *KREIS_TOWNS])
    assert {slug: m.ags for slug, m in found.items()} == {
        "kreis-mettmann": "05158", "herten": "05562016", "herne": "05916000", **KREIS_TOWNS}
    assert all(found[slug].parent == found["kreis-mettmann"] for slug in KREIS_TOWNS)
    assert found["herten"].parent is None and found["herne"].parent is None
    assert all(found[slug].is_demo for slug in KREIS_TOWNS)


def test_it_loads_the_concepts_as_the_seeds_describe_them(demo):
    herten = current("herten")
    assert herten.title == "Rahmenkonzept zur Integration in Herten 2006–2009"
    assert (herten.period_start, herten.period_end) == (2006, 2009)
    assert (herten.adopted_on.year, herten.adopted_on.month) == (2006, 9)
    assert herten.adopted_by == "Rat der Stadt Herten"
    assert "Mit Kommunikation zur Integration" in " ".join(
        s.title + s.body for s in herten.guidelines.all())

    herne = Municipality.objects.get(slug="herne").concepts.order_by("version")
    assert [(c.version, c.status) for c in herne] == [(1, "adopted"), (2, "draft")]
    assert herne[0].title == "Gesamtstädtisches Integrationskonzept Herne"
    assert herne[1].predecessor == herne[0]

    hilden = current("hilden")
    assert hilden.title == "Strategiepapier Integration"
    assert "einstimmig" in hilden.adopted_by and "Integrationsbeirat" in hilden.adopted_by


@pytest.mark.parametrize("slug", TOWNS)
def test_it_names_the_fields_of_action_exactly_as_the_seed_documents(demo, slug):
    concept = current(slug)
    assert [f.names["de"] for f in concept.fields.order_by("position", "id")] == FIELDS[slug]


@pytest.mark.parametrize("slug", TOWNS)
def test_it_has_enough_offers_spread_over_fields_districts_groups_and_languages(demo, slug):
    municipality = Municipality.objects.get(slug=slug)
    offers = Offer.objects.filter(municipality=municipality)
    assert offers.count() >= 25
    assert set(offers.values_list("field_of_action__names__de", flat=True)) == set(FIELDS[slug])
    assert offers.filter(field_of_action__concept=current(slug)).count() == offers.count()
    assert offers.values("districts").distinct().count() >= 5
    assert offers.values("target_groups").distinct().count() >= 8
    assert offers.values("languages").distinct().count() >= 6
    assert offers.filter(is_published=False).exists()
    assert offers.filter(measure__isnull=False).count() >= 5
    assert Actor.objects.filter(municipality=municipality).count() >= 15


@pytest.mark.parametrize("slug", TOWNS)
def test_it_translates_offers_and_marks_one_translation_outdated(demo, slug):
    translations = OfferTranslation.objects.filter(offer__municipality__slug=slug).select_related("offer", "language")
    assert translations.values("offer").distinct().count() >= 8
    assert {"en", "ar"} <= set(translations.values_list("language__code", flat=True))
    assert [t for t in translations if t.is_outdated]
    assert [t for t in translations if not t.is_outdated]


def test_it_loads_hernes_guidelines_in_full(demo):
    sections = list(GuidelineSection.objects.filter(concept=current("herne")).order_by("position"))
    assert [s.title for s in sections] == [
        "I Verständnis von Integration", "II Grundsätze der kommunalen Integrationsarbeit",
        "III Ziele der Integrationsarbeit"]
    paragraphs = [re.findall(r"<p>(.*?)</p>", s.body, re.S) for s in sections]
    assert [len(p) for p in paragraphs] == [7, 7, 6]
    assert paragraphs[0][0] == ("Die religiöse und kulturelle Identität aller Einwohnerinnen und Einwohner wird "
                                "geachtet. Grundgesetz und Rechtsordnung bilden den Rahmen für das Zusammenleben.")
    assert paragraphs[1][5].startswith("Frauen haben eine wesentliche Schlüsselfunktion im Integrationsprozess.")
    assert paragraphs[1][6] == ("Alle integrationsrelevanten städtisch veranlassten Maßnahmen sind sozialräumlich "
                                "und zielgruppenspezifisch anzulegen.")
    assert all(p.startswith("Ziel ist es,") for p in paragraphs[2])
    assert paragraphs[2][5].endswith("Die Selbsthilfepotenziale sind hierbei zu fördern und zu nutzen.")


def test_it_turns_hernes_goals_into_strategic_goals(demo):
    goals = current("herne").goals
    assert goals.filter(kind="strategic").count() == 6
    assert goals.filter(kind="operational", parent__kind="strategic").count() >= 6
    assert goals.filter(description__contains="nicht zufriedenstellend erreicht").exists()


@pytest.mark.parametrize("slug, title, status", [
    ("herne", "Väter-Gruppen für Migranten", "established"),
    ("herne", "Interkulturelle Begleitung für Demenzkranke", "implemented"),
    ("herne", "Integrationsscout in der Stadtverwaltung", "established"),
    ("herne", "Maßnahmen für neue Zuwanderer", "running"),
    ("herten", "Integrationsbüro als Koordinierungsstelle", "established"),
    ("herten", "Jährliche Integrationskonferenz", "established"),
    ("herten", "Stadtrundfahrten mit Migrantinnen und Migranten", "planned"),
    ("hilden", "Schulung der Amtsleitungen für ihre Aufgabe als Integrationsbeauftragte", "implemented"),
    ("hilden", "Entwicklung von Integrationsprojekten durch Migrantinnen und Migranten", "running"),
    ("hilden", "Aufbau von Kommunikationsstrukturen für die neuen Integrationsaufgaben", "established"),
    ("hilden", "Optimierung und strategische Steuerung der Integrationskurse im Kreis Mettmann und der "
               "bestehenden Sprachfördermaßnahmen im Elementarbereich", "running"),
    ("hilden", "Vernetzung mit dem KOMM-IN-Projekt „Willkommen im Kreis ME“", "implemented"),
])
def test_it_has_the_measures_the_seeds_name_with_their_status(demo, slug, title, status):
    measure = Measure.objects.get(concept=current(slug), title=title)
    assert measure.status == status
    history = list(measure.status_changes.order_by("changed_on", "id"))
    assert history and history[-1].to_status == status
    assert [c.from_status for c in history[1:]] == [c.to_status for c in history[:-1]]


def test_it_gives_hilden_its_administration_departments_as_actors(demo):
    departments = set(Actor.objects.filter(municipality__slug="hilden", kind="administration_department")
                      .values_list("name", flat=True))
    assert {"Amt für Jugend, Schule und Sport (Stadt Hilden)", "Sozialamt (Stadt Hilden)",
            "Bürgerbüro (Stadt Hilden)"} <= departments


# Town centres (WGS 84): the demo's places lie within a few kilometres, at fictional streets.
CENTRES = {"herten": (51.596, 7.141), "herne": (51.538, 7.223), "hilden": (51.170, 6.937)}


@pytest.mark.parametrize("slug", TOWNS)
def test_it_gives_places_coordinates_near_the_town_hours_and_a_transit_planner(demo, client, slug):
    municipality = Municipality.objects.get(slug=slug)
    offers = Offer.objects.filter(municipality=municipality)
    placed = offers.filter(latitude__isnull=False)
    assert placed.count() >= 20
    lat, lon = CENTRES[slug]
    assert all(abs(o.latitude - Decimal(str(lat))) < Decimal("0.05") and abs(o.longitude - Decimal(str(lon))) < Decimal("0.08")
               for o in placed)
    assert offers.exclude(opening_hours=[]).count() >= 10 and offers.filter(by_appointment=True).exists()
    assert "{lat}" in municipality.transit_planner_url or "{address}" in municipality.transit_planner_url
    offer = placed.filter(is_published=True).exclude(opening_hours=[]).first()
    html = client.get(f"/{slug}/offers/{offer.external_id}/").content.decode()
    assert "openstreetmap.org/directions" in html and "efa.vrr.de" in html and "Öffnungszeiten" in html


def test_it_names_no_person_and_no_real_address(demo):
    example = re.compile(r"^[^@\s]+@([a-z0-9-]+\.)*example$")
    contacts = ContactPerson.objects.all()
    assert contacts.count() >= 60
    assert set(contacts.values_list("name", flat=True)) == {""}
    assert set(contacts.values_list("phone", flat=True)) == {""}
    assert all(example.match(email) for email in contacts.values_list("email", flat=True))
    assert contacts.filter(publish=True).exists() and contacts.filter(publish=False).exists()
    emails = [*Actor.objects.exclude(email="").values_list("email", flat=True),
              *Offer.objects.exclude(contact_email="").values_list("contact_email", flat=True),
              *Municipality.objects.values_list("office_email", flat=True)]
    assert emails and all(example.match(email) for email in emails)
    assert set(Offer.objects.values_list("contact_phone", flat=True)) == {""}
    assert set(Actor.objects.values_list("phone", flat=True)) == {""}


def everything():
    """Row counts of every model and a full dump of every row, plus each municipality's export."""
    models = [m for m in apps.get_models() if m._meta.app_label not in {"sessions", "admin"}]
    counts = {m._meta.label: m.objects.count() for m in models}
    dump = {m._meta.label: serializers.serialize("json", m.objects.order_by("pk")) for m in models}
    exports = {m.slug: json.dumps(export_municipality(m), sort_keys=True, default=str)
               for m in Municipality.objects.all()}
    return counts, dump, exports


def test_it_loads_twice_without_change(demo):
    counts, dump, exports = everything()
    records = ChangeRecord.objects.count()
    assert records > 0 and counts["offers.Offer"] > 0
    assert counts["news.NewsItem"] >= 5 and counts["news.Picture"] == 3  # the towns' stories as news

    call_command("demo", "--quiet")

    assert ChangeRecord.objects.count() == records
    after_counts, after_dump, after_exports = everything()
    assert after_counts == counts
    assert after_exports == exports
    for label in dump:
        assert after_dump[label] == dump[label], label


def test_it_says_unchanged_on_the_second_run(demo, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert out.count("unverändert") == 4


@pytest.mark.parametrize("username, role, slug, actor", [
    ("koordination-herten", "coordinator", "herten", None),
    ("verein-herten", "actor_editor", "herten", "kulturverein-sued"),
    ("rat-herten", "viewer", "herten", None),
    ("koordination-herne", "coordinator", "herne", None),
    ("verein-herne", "actor_editor", "herne", "vaeterforum"),
    ("rat-herne", "viewer", "herne", None),
    ("koordination-hilden", "coordinator", "hilden", None),
    ("verein-hilden", "actor_editor", "hilden", "elternverein"),
    ("rat-hilden", "viewer", "hilden", None),
    ("koordination-kreis-mettmann", "coordinator", "kreis-mettmann", None),
    ("kurstraeger-hilden", "actor_editor", "hilden", "lernforum-itterbach"),
])
def test_it_creates_the_demo_users_with_their_roles(demo, username, role, slug, actor):
    user = get_user_model().objects.get(username=username)
    assert user.check_password(DEFAULT_PASSWORD)
    assert not user.is_superuser and not user.is_staff
    membership = Membership.objects.select_related("actor__municipality").get(user=user)
    assert (membership.role, membership.municipality.slug) == (role, slug)
    if actor:
        assert membership.actor.external_id == actor
        assert membership.actor.municipality.slug == slug
    else:
        assert membership.actor is None


def test_it_creates_a_superuser_without_memberships(demo):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(DEFAULT_PASSWORD)
    assert not Membership.objects.filter(user=admin).exists()


def test_it_resets_a_changed_password_and_never_duplicates_memberships(demo):
    user = get_user_model().objects.get(username="verein-herne")
    user.set_password("something else")
    user.is_active = False
    user.save()

    call_command("demo", "--quiet")

    user.refresh_from_db()
    assert user.is_active and user.check_password(DEFAULT_PASSWORD)
    assert Membership.objects.filter(user=user).count() == 1
    assert Membership.objects.count() == 11


def test_it_takes_the_password_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("TEILHABE_DEMO_PASSWORD", "anderes-passwort-123")
    call_command("demo")
    out = capsys.readouterr().out
    user = get_user_model().objects.get(username="koordination-herne")
    assert user.check_password("anderes-passwort-123")
    assert not user.check_password(DEFAULT_PASSWORD)
    assert "anderes-passwort-123" in out and DEFAULT_PASSWORD not in out


def test_it_prints_the_logins_and_where_to_sign_in(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/backoffice/" in out
    assert re.search(r"^verein-herten\s+.*Deutsch-Türkischer Kulturverein Herten-Süd e\. V\..*Herten\s+teilhabe-demo$",
                     out, re.M)
    assert re.search(r"^koordination-kreis-mettmann\s+Koordination\s+Kreis Mettmann\s+teilhabe-demo$", out, re.M)


def test_it_prints_nothing_when_quiet(capsys):
    call_command("demo", "--quiet")
    assert capsys.readouterr() == ("", "")


def test_it_reports_every_problem_and_writes_nothing_when_a_document_is_rejected(tmp_path, monkeypatch, capsys):
    for name in teilhabe.demo.load.DOCUMENTS:
        shutil.copy(teilhabe.demo.load.DEMO_DIR / f"{name}.json", tmp_path)
    broken = json.loads((tmp_path / "herne.json").read_text(encoding="utf-8"))
    broken["offers"][0]["field_of_action"] = "gibt-es-nicht"
    broken["offers"][1]["provider"] = "niemand"
    (tmp_path / "herne.json").write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(teilhabe.demo.load, "DEMO_DIR", tmp_path)

    with pytest.raises(CommandError) as error:
        call_command("demo")

    assert error.value.returncode == 1
    err = capsys.readouterr().err
    assert "herne.json: $.offers[0].field_of_action" in err
    assert "herne.json: $.offers[1].provider" in err
    # The Kreis and Herten were accepted before Herne failed, yet nothing stays.
    assert not Municipality.objects.exists()
    assert not get_user_model().objects.exists()


def test_it_prints_the_address_the_demo_server_listens_on(monkeypatch, capsys):
    monkeypatch.setenv("TEILHABE_DEMO_BIND", "0.0.0.0:8123")
    call_command("demo")
    out = capsys.readouterr().out
    assert "http://0.0.0.0:8123/backoffice/" in out and "8000" not in out


def test_it_says_nowhere_in_the_content_that_it_is_demo_data(demo):
    # The banner says it once (tests/portal/test_demo_banner.py); the content reads as a town's.
    marks = re.compile(r"Demo-Daten|Demodaten|Beispielakteur|\(Beispiel\)|Netzwerkpartner \d")
    texts = [*Actor.objects.values_list("name", "description"), *Concept.objects.values_list("title", "summary"),
             *Offer.objects.values_list("title", "description"), *Measure.objects.values_list("title", "funding_source")]
    assert [t for t in texts if marks.search(" ".join(t))] == []
    for name in teilhabe.demo.load.DOCUMENTS:
        assert not marks.search((teilhabe.demo.load.DEMO_DIR / f"{name}.json").read_text(encoding="utf-8")), name


# --- upcoming events (placed relative to the day the demo is loaded) ----------------------

def upcoming(slug, kind):
    from django.utils import timezone

    from teilhabe.participation.models import Event

    return Event.objects.filter(municipality__slug=slug, kind=kind, starts_at__gt=timezone.now(),
                                is_public=True, registration_open=True)


@pytest.mark.parametrize("slug", TOWNS)
def test_it_gives_each_town_an_upcoming_conference_with_workshops_and_free_places(demo, client, slug):
    conference = upcoming(slug, "conference").get()
    fields = current(slug).fields.count()
    assert conference.workshops.count() == fields and conference.fields.count() == fields
    registered = conference.registrations.filter(status="registered")
    assert 0 < registered.count() < conference.capacity
    assert all(w.registrations.count() <= w.capacity for w in conference.workshops.all())
    html = client.get(f"/{slug}/events/{conference.pk}/").content.decode()
    assert "Verbindlich anmelden" in html and f"<dd>{conference.capacity - registered.count()}</dd>" in html
    assert conference.title in client.get(f"/{slug}/events/").content.decode()


@pytest.mark.parametrize("slug", TOWNS)
def test_it_gives_each_town_a_full_event_with_a_waiting_list(demo, client, slug):
    from teilhabe.participation import actions

    full = upcoming(slug, "information").get()
    assert full.registrations.filter(status="registered").count() == full.capacity
    waiting = list(full.registrations.filter(status="waiting").order_by("created_at", "id"))
    assert waiting
    assert "Auf die Warteliste setzen" in client.get(f"/{slug}/events/{full.pk}/").content.decode()
    # The rules of participation hold: a new person waits, a cancelled place goes to the first waiting.
    newcomer, created = actions.register(event=full, name="Gast", email="gast@example.org", consent=True)
    assert created and newcomer.status == "waiting"
    moved = actions.cancel_registration(registration=full.registrations.filter(status="registered").first())
    assert moved == [waiting[0]]


@pytest.mark.parametrize("slug", TOWNS)
def test_its_calendar_feed_holds_the_upcoming_events(demo, client, slug):
    feed = client.get(f"/{slug}/events.ics").content.decode()
    assert feed.count("BEGIN:VEVENT") == 2
    for kind in ("conference", "information"):
        assert f"UID:{upcoming(slug, kind).get().uid}@" in feed


def test_it_places_the_upcoming_events_from_the_day_of_loading(demo):
    from django.utils import timezone

    from teilhabe.participation.demo import BERLIN

    conference = upcoming("herten", "conference").get()
    today = timezone.localdate(timezone=BERLIN)
    assert timezone.localtime(conference.starts_at, BERLIN).date() == today + datetime.timedelta(days=38)
    assert timezone.localtime(conference.starts_at, BERLIN).hour == 16


def test_a_later_load_neither_moves_nor_duplicates_nor_refills_the_upcoming_events(demo):
    from django.utils import timezone

    from teilhabe.participation import actions
    from teilhabe.participation.demo_upcoming import load_upcoming_demo
    from teilhabe.participation.models import Event, Registration

    before = {e.uid: (e.starts_at, e.ends_at) for e in Event.objects.all()}
    full = upcoming("hilden", "information").get()
    actions.cancel_registration(registration=full.registrations.filter(status="registered").first())
    registrations = {r.pk: r.status for r in Registration.objects.all()}

    later = timezone.localdate() + datetime.timedelta(days=20)
    assert load_upcoming_demo(today=later) == 0
    call_command("demo", "--quiet")

    assert {e.uid: (e.starts_at, e.ends_at) for e in Event.objects.all()} == before
    assert {r.pk: r.status for r in Registration.objects.all()} == registrations


def test_its_registrants_are_fictional_and_go_with_the_retention_period(demo):
    from teilhabe.participation.actions import purge_personal_data
    from teilhabe.participation.models import Event, Registration

    events = Event.objects.filter(starts_at__gt=datetime.datetime.now(datetime.timezone.utc))
    people = Registration.objects.filter(event__in=events)
    assert people.count() >= 6 * 10
    assert all(email.endswith("@example.org") for email in people.values_list("email", flat=True))
    last = max(e.ends_at for e in events)
    purge_personal_data(now=last + datetime.timedelta(days=30 * 6 + 1))
    assert set(people.values_list("email", "name")) == {("", "")}


# --- course steering of the Kreis Mettmann (teilhabe/demo/courses.py) ----------------------

def test_it_gives_the_kreis_courses_a_waiting_list_and_kitas(demo, client):
    from django.utils import timezone

    from teilhabe.courses.models import Course, Kita, Learner

    kreis = Municipality.objects.get(slug="kreis-mettmann")
    courses = Course.objects.filter(kreis=kreis)
    today = timezone.localdate()
    assert 35 <= courses.count() <= 45
    assert courses.filter(starts_on__gt=today).count() >= 30
    assert max(courses.values_list("starts_on", flat=True)) <= today + datetime.timedelta(days=366)
    assert courses.values("town").distinct().count() >= 8 and courses.values("type").distinct().count() == 7
    assert all(c.provider.course_approval for c in courses.select_related("provider__course_approval"))
    learners = Learner.objects.filter(kreis=kreis)
    assert 550 <= learners.waiting().count() <= 650
    assert set(learners.values_list("name", "contact")) == {("", "")}  # references only, no names
    assert all(lr.towns.exists() for lr in learners[:50])
    assert {k.municipality.slug for k in Kita.objects.select_related("municipality")} == {"hilden", "ratingen", "velbert"}
    assert all(k.programmes.exists() for k in Kita.objects.all())
    # The finder shows them on the Kreis's and the towns' portals.
    for slug in ("kreis-mettmann", "hilden", "wuelfrath"):
        assert client.get(f"/{slug}/kurse/").status_code == 200
    course = courses.filter(status="open").first()
    assert "kreis-mettmann.example" in client.get(f"/velbert/kurse/{course.external_id}/").content.decode()


# What an emptied database keeps: what the migrations made (languages), and the logins.
KEPT_APPS = {"contenttypes", "auth", "sessions", "admin"}
KEPT_TABLES = {"municipalities_language"}
# Sections of a Kreis's document that name its towns: imported once the towns are back.
KREIS_TOWN_SECTIONS = ("course_settings", "courses", "course_learners", "kitas")


def _exported(slug):
    document = export_municipality(Municipality.objects.get(slug=slug))
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _emptied_database():
    """Deletes every row outside KEPT_*; returns the tables that still have rows (none).
    Foreign keys are checked at commit on both databases, so the order does not matter."""
    from django.db import connection

    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)
              if model._meta.managed and model._meta.app_label not in KEPT_APPS
              and get_user_model()._meta.db_table != model._meta.db_table} - KEPT_TABLES
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        left = {}
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            if n := cursor.fetchone()[0]:
                left[table] = n
    return left


def test_each_demo_municipality_round_trips_through_an_empty_database_byte_for_byte(demo, tmp_path):
    from teilhabe.exchange.importer import import_document
    from teilhabe.exchange.news_sections import stored_media
    from teilhabe.exchange.stored_files import copy_out

    towns = list(Municipality.objects.filter(parent__slug="kreis-mettmann").order_by("slug")
                 .values_list("slug", flat=True))
    order = ["kreis-mettmann", "herten", "herne", *towns]
    before = {slug: _exported(slug) for slug in order}
    for slug in TOWNS:  # the monitoring demo's indicators, with their values and goals; events, ideas, network
        document = json.loads(before[slug])
        indicators = document["indicators"]
        assert any(i["values"] for i in indicators) and any(i["goals"] for i in indicators), slug
        assert any(e["workshops"] for e in document["events"]) and document["working_groups"], slug
    assert all(any(json.loads(before[slug]).get(kind) for slug in TOWNS) for kind in ("ideas", "ties"))
    # The KOMM-IN network once: the Kreis's actor, working in Hilden and named by Hilden's measures.
    komm_in, = [a for a in json.loads(before["kreis-mettmann"])["actors"] if "Willkommen im Kreis ME" in a["name"]]
    assert komm_in["works_in"] == ["hilden"]
    assert not [a for a in json.loads(before["hilden"])["actors"] if "Willkommen im Kreis ME" in a["name"]]
    assert any("kreis-mettmann/willkommen-me" in x["partner_actors"] for x in json.loads(before["hilden"])["measures"])

    herten = json.loads(before["herten"])  # topics with texts, news with pictures, content translations
    assert herten["topics"] and any(t["texts"] for t in herten["topics"])
    assert any(len(n["pictures"]) == 3 for n in herten["news"])
    assert {t["kind"] for t in herten["content_translations"]} >= {"topic", "news"}
    # The news' pictures travel beside the documents (`teilhabe export --files`).
    for slug in order:
        assert copy_out(stored_media(Municipality.objects.get(slug=slug)), tmp_path / slug)[1] == []

    assert _emptied_database() == {}
    kreis = json.loads(before["kreis-mettmann"])
    import_document(split_towns_named({key: value for key, value in kreis.items() if key not in KREIS_TOWN_SECTIONS})[0],
                    files=tmp_path / "kreis-mettmann")
    for slug in order[1:]:
        import_document(json.loads(before[slug]), files=tmp_path / slug)
    import_document(kreis, files=tmp_path / "kreis-mettmann")

    for slug in ("kreis-mettmann", "herten", "herne", "hilden"):
        assert _exported(slug) == before[slug], slug
    assert {slug: _exported(slug) for slug in order} == before


def test_no_export_holds_registrations_authors_private_links_or_council_members_addresses(demo):
    from teilhabe.council.models import Person
    from teilhabe.participation.models import Comment, Idea, Registration, Support

    personal = {
        "registrations": Registration.objects.values_list("name", "email", "token", "form_token"),
        "idea authors": Idea.objects.values_list("submitter_name", "submitter_email", "submitter_phone",
                                                 "submitter_address",
                                                 "token", "form_token"),
        "supporters": Support.objects.values_list("email", "email_hash", "token"),
        "commenters": Comment.objects.values_list("email", "token", "form_token"),
        "council members' addresses": Person.objects.values_list("email"),
    }
    values = {kind: {v for row in rows for v in row if v and len(v) > 4} for kind, rows in personal.items()}
    # The demo has registrations, idea authors and council members' addresses (no supports or
    # comments: those are searched for should a later demo have them).
    assert all(values[kind] for kind in ("registrations", "idea authors", "council members' addresses"))
    exported = b"".join(_exported(m.slug) for m in Municipality.objects.order_by("slug"))

    assert {kind: sorted(v for v in found if v.encode() in exported) for kind, found in values.items()} == {
        kind: [] for kind in values}
