"""What people typed, shown in the back office in Arabic or Persian, keeps its own direction:
every user-entered value on detail pages and in tables is isolated (<bdi>, or an element
with dir), or a German "1. Obergeschoss" is laid out right to left as "Obergeschoss .1".
Each text field of the objects below holds such a value; a text node containing one must
sit inside an isolating element. Chromium's view of it: tests/backoffice/test_browser.py."""
from html.parser import HTMLParser

import pytest
from django.db import models
from django.urls import reverse

from teilhabe.monitoring.models import Indicator
from teilhabe.participation.models import MIGRATION_HISTORY, AttendanceTally, Workshop
from tests import builders as b
from tests.news import builders as nb
from tests.participation import builders as pb

TYPED = "1. Obergeschoss"
# Fields whose value is no free text (keys, addresses read by machines) or not shown.
NOT_TEXT = {"external_id", "key", "slug", "token", "email", "website", "url", "phone", "icon", "contact_email",
            "contact_phone", "submitter_email", "confirm_token", "source_url", "licence", "text_revision",
            "postcode", "opening_hours", "kind", "status", "channel", "contact"}


def fill(obj, **extra):
    """Every free-text field of obj holds "1. Obergeschoss <field>" (cut to its length)."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)) and not field.choices \
                and not isinstance(field, (models.EmailField, models.URLField, models.SlugField)) \
                and field.name not in NOT_TEXT:
            value = f"{TYPED} {field.name}"
            setattr(obj, field.name, value[:field.max_length] if field.max_length else value)
    for name, value in extra.items():
        setattr(obj, name, value)
    obj.save()
    return obj


class Unisolated(HTMLParser):
    """Text nodes holding TYPED outside any <bdi> or element with dir (in <body>)."""
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"}

    def __init__(self):
        super().__init__()
        self.stack, self.found = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            # SVG's <text> knows no dir, but the direction property
            self.stack.append((tag, tag == "bdi" or (tag != "html" and "dir" in dict(attrs))
                               or (tag == "text" and "direction" in dict(attrs))))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if TYPED in data and "title" not in tags and "textarea" not in tags and "option" not in tags \
                and not any(isolated for _, isolated in self.stack):
            self.found.append((tags[-3:], data.strip()[:60]))


def unisolated(html):
    parser = Unisolated()
    parser.feed(html)
    return parser.found


def assert_isolated(client, pages, *, check=None):
    """Each page answers 200 and passes `check(page, html)`; no TYPED on any stands unisolated."""
    found = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        if check:
            check(page, html)
        if misses := unisolated(html):
            found[page] = misses
    assert not found, "\n".join(f"{p}: {m}" for p, ms in found.items() for m in ms)


@pytest.fixture
def world(db):
    town = b.municipality("lindenau")
    concept = fill(b.concept(town))
    field = b.field(concept, "wohnen", name=f"{TYPED} Feld")
    goal = fill(b.goal(concept, "z1", field=field))
    actor = fill(b.actor(town, "verein"))
    fill(b.contact(actor, "c1"))
    measure = fill(b.measure(concept, "m1", responsible=actor))
    measure.goals.add(goal)
    offer = fill(b.offer(town, actor, "o1", field=field, measure=measure))
    offer.target_groups.add(b.target_group(town, "frauen", de=f"{TYPED} Gruppe"))
    offer.districts.add(b.district(town, "mitte", name=f"{TYPED} Bezirk"))
    event = fill(pb.event(town))
    Workshop.objects.create(event=event, title=f"{TYPED} Tisch", field=field)
    idea = fill(pb.idea(town))
    topic = fill(town.topics.get(key="wohnen"))
    fill(topic.texts.create(title="x", body="<p>y</p>"), body=f"<p>{TYPED} body</p>")
    news = nb.item(town, title=f"{TYPED} Meldung", teaser=f"{TYPED} teaser")
    indicator = fill(Indicator(municipality=town, key="quote", baseline_period=""))
    indicator.goals.add(goal)
    coordinator = b.user("koordination", role="coordinator", municipality=town)
    return town, coordinator, dict(concept=concept, goal=goal, actor=actor, measure=measure, offer=offer,
                                   event=event, idea=idea, topic=topic, news=news, indicator=indicator)


def test_the_arabic_back_office_isolates_what_people_typed(client, world):
    town, coordinator, o = world
    client.force_login(coordinator)
    client.get(reverse("switch_language"), {"language": "ar", "next": "/"})
    s = town.slug
    pages = [reverse("backoffice:concept", args=[s, o["concept"].pk]), reverse("backoffice:goal", args=[s, o["goal"].pk]),
             reverse("backoffice:measure", args=[s, o["measure"].pk]), reverse("backoffice:measures", args=[s]),
             reverse("backoffice:actor", args=[s, o["actor"].pk]), reverse("backoffice:actors", args=[s]),
             reverse("backoffice:offer", args=[s, o["offer"].pk]), reverse("backoffice:offers", args=[s]),
             reverse("participation_backoffice:event", args=[s, o["event"].pk]),
             reverse("participation_backoffice:events", args=[s]),
             reverse("participation_backoffice:idea", args=[s, o["idea"].pk]),
             reverse("participation_backoffice:ideas", args=[s]),
             reverse("topics_backoffice:topic", args=[s, o["topic"].pk]), reverse("topics_backoffice:topics", args=[s]),
             reverse("news_office:item", args=[s, o["news"].pk]), reverse("news_office:list", args=[s]),
             reverse("monitoring:indicator", args=[s, o["indicator"].pk]), reverse("monitoring:indicators", args=[s]),
             reverse("backoffice:municipality", args=[s])]

    def right_to_left(page, html):
        assert 'dir="rtl"' in html[:300]

    assert_isolated(client, pages, check=right_to_left)


def test_the_arabic_council_office_isolates_what_people_typed(client, db):
    from tests.council import builders as cb
    w = cb.world(b.municipality("ratstadt"))
    for obj in (w.hall, w.irat, w.chair, w.chair_membership, w.held, w.open_item, w.paper, w.consultation):
        fill(obj)
    coordinator = b.user("koordination", role="coordinator", municipality=w.m)
    client.force_login(coordinator)
    client.get(reverse("switch_language"), {"language": "ar", "next": "/"})
    s = w.m.slug
    assert_isolated(client, [
        reverse("council_office:overview", args=[s]), reverse("council_office:person", args=[s, w.chair.pk]),
        reverse("council_office:meetings", args=[s]), reverse("council_office:meeting", args=[s, w.held.pk]),
        reverse("council_office:papers", args=[s]), reverse("council_office:paper", args=[s, w.paper.pk])])


def test_the_arabic_course_office_isolates_what_people_typed(client, db):
    from tests.courses import builders as kb
    kreis, towns = kb.kreis("kreis-ar", towns=("hilden",))
    town = towns["hilden"]
    town.name = f"{TYPED} Stadt"
    town.save()
    provider = kb.provider(town, name=f"{TYPED} Träger")
    course = kb.course(kreis, town, provider, place=f"{TYPED} Kursort")
    learner = kb.learner(kreis, town)
    kb.kita(town, name=f"{TYPED} Kita")
    client.force_login(b.user("kreiskoordination", role="coordinator", municipality=kreis))
    client.get(reverse("switch_language"), {"language": "ar", "next": "/"})
    s = kreis.slug
    assert_isolated(client, [
        reverse("courses_backoffice:courses", args=[s]), reverse("courses_backoffice:course", args=[s, course.pk]),
        reverse("courses_backoffice:providers", args=[s]), reverse("courses_backoffice:learners", args=[s]),
        reverse("courses_backoffice:learner", args=[s, learner.pk]), reverse("courses_backoffice:kitas", args=[s])])


def test_the_arabic_network_registrations_translations_and_settings_isolate_what_people_typed(client, db):
    from teilhabe.actors.models import Actor
    from teilhabe.network.models import DeclaredTie, IntegrationOfficer, Training, WorkingGroup
    from teilhabe.participation.models import Registration
    town = b.municipality("lindenau", languages=("de", "ar"))
    concept = b.concept(town)
    field = b.field(concept, "wohnen", name=f"{TYPED} Feld")
    measure = fill(b.measure(concept, "m1"))
    vhs, caritas = fill(b.actor(town, "vhs")), fill(b.actor(town, "caritas"))
    amt = fill(b.actor(town, "amt", kind=Actor.Kind.ADMINISTRATION))
    offer = fill(b.offer(town, vhs, "o1", field=field, measure=measure))
    event = fill(pb.event(town))
    group = fill(WorkingGroup(municipality=town, field_key="wohnen"))
    group.members.add(vhs, caritas)
    fill(DeclaredTie(municipality=town, actor_a=vhs, actor_b=caritas))
    fill(IntegrationOfficer(department=amt))
    fill(Training(department=amt, held_on="2025-03-01", completed=True))
    for n, status in enumerate(("confirmed", "waiting")):
        Registration.objects.create(event=event, status=status, name=f"{TYPED} Name {n}", email=f"p{n}@example.org",
                                    organisation=f"{TYPED} Verein", access_needs=f"{TYPED} Rampe",
                                    interpreting_needs=f"{TYPED} Dolmetschen", actor=vhs, consent_at=event.starts_at)
    district = b.district(town, "mitte", name=f"{TYPED} Bezirk")
    group_t = b.target_group(town, "frauen", de=f"{TYPED} Gruppe")
    coordinator = b.user("koordination", role="coordinator", municipality=town)
    coordinator.first_name, coordinator.last_name = TYPED, "Koordination"
    coordinator.save()
    client.force_login(coordinator)
    client.get(reverse("switch_language"), {"language": "ar", "next": "/"})
    s = town.slug
    pages = [reverse("network:network", args=[s]), reverse("network:entries", args=[s]),
             reverse("network:opening", args=[s]),
             reverse("participation_backoffice:registrations", args=[s, event.pk]),
             reverse("backoffice:content_translation", args=[s, "measure", measure.pk]) + "?language=ar",
             reverse("backoffice:translation", args=[s, offer.pk, "ar"]),
             reverse("backoffice:settings", args=[s]), reverse("backoffice:district_edit", args=[s, district.pk]),
             reverse("backoffice:target_group_edit", args=[s, group_t.pk])]

    def shows_typed(page, html):
        assert TYPED in html, page

    assert_isolated(client, pages, check=shows_typed)


def test_the_arabic_registrations_and_figures_show_less_than_five_left_to_right(client, db):
    """"< 5" in an Arabic sentence or cell reads mirrored ("5 >") unless isolated left to right."""
    town = b.municipality("lindenau", languages=("de", "ar"))
    event = pb.event(town)
    AttendanceTally.objects.create(event=event, category=MIGRATION_HISTORY, answer="yes", count=2)
    client.force_login(b.user("koordination", role="coordinator", municipality=town))
    client.get(reverse("switch_language"), {"language": "ar", "next": "/"})
    attendance = reverse("participation_backoffice:attendance", args=[town.slug, event.pk])
    for page in (reverse("participation_backoffice:registrations", args=[town.slug, event.pk]),
                 reverse("participation_backoffice:event", args=[town.slug, event.pk]), attendance):
        html = client.get(page).content.decode()
        # A msgstr's "< 5" came out unescaped; a count's escaped.
        shown = html.count("&lt; 5") + html.count("< 5")
        assert shown >= 1, page
        assert shown == html.count('<bdi dir="ltr">&lt; 5</bdi>'), page
    # The attendance form's note puts it between the page language's marks (lib.html.quote).
    assert '«<bdi dir="ltr">&lt; 5</bdi>»' in client.get(attendance).content.decode()
