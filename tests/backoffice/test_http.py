"""Every back-office address, walked from the URL configuration: none may be kept by a
browser or proxy (they show personal data), and a page that only shows something refuses
a POST with 405 instead of answering it like a GET."""
import pytest
from django.utils import timezone
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from teilhabe.participation.models import Registration
from tests import builders as b
from tests.participation import builders as pb

# Back-office pages that take a POST: forms (GET shows them, POST saves) and actions
# (POST only). Every other back-office address only shows something.
TAKES_POST = {
    "backoffice:settings", "backoffice:district_new", "backoffice:district_edit", "backoffice:district_delete",
    "backoffice:target_group_new", "backoffice:target_group_edit", "backoffice:member_add",
    "backoffice:member_remove", "backoffice:concept_new", "backoffice:concept_edit",
    "backoffice:concept_new_version", "backoffice:concept_adopt", "backoffice:guideline_new",
    "backoffice:guideline_edit", "backoffice:guideline_delete", "backoffice:field_new", "backoffice:field_edit",
    "backoffice:goal_new", "backoffice:goal_edit", "backoffice:measure_new", "backoffice:measure_edit",
    "backoffice:measure_status", "backoffice:actor_new", "backoffice:actor_edit", "backoffice:contact_new",
    "backoffice:contact_edit", "backoffice:contact_delete", "backoffice:offer_new", "backoffice:offer_edit",
    "backoffice:offer_delete", "backoffice:offer_geocode", "backoffice:translation", "backoffice:content_translations",
    "backoffice:content_translation", "backoffice:search_synonyms", "backoffice:settings_open_data",
    "network:group_new", "network:group_edit", "network:tie_new", "network:tie_edit", "network:group_delete",
    "network:tie_delete", "network:officer_edit", "network:training_new",
    "monitoring:thresholds", "monitoring:catalogue_adopt", "monitoring:indicator_new", "monitoring:indicator_edit",
    "monitoring:indicator_delete", "monitoring:observations_new", "monitoring:observations_edit",
    "monitoring:observations_delete", "monitoring:upload", "monitoring:statistics_file_delete",
    "monitoring:measure_result_new",
    "monitoring:measure_result_edit", "monitoring:measure_result_delete", "monitoring:report_edit",
    "participation_backoffice:event_new", "participation_backoffice:settings", "participation_backoffice:event_edit",
    "participation_backoffice:workshop_new", "participation_backoffice:workshop_edit", "participation_backoffice:registrations",
    "participation_backoffice:registration_check_in", "participation_backoffice:registration_cancel",
    "participation_backoffice:registration_actor", "participation_backoffice:attendance", "participation_backoffice:idea_new",
    "participation_backoffice:idea_edit", "participation_backoffice:idea_status", "participation_backoffice:idea_measure",
    "participation_backoffice:idea_motion", "monitoring:report_submit",
    "participation_backoffice:comment_hide", "participation_backoffice:comment_show",
    # course steering and the council's office
    "council_office:agenda_item_edit", "council_office:agenda_item_new", "council_office:agenda_order",
    "council_office:consent_record", "council_office:consent_withdraw", "council_office:consultation_edit",
    "council_office:consultation_new", "council_office:delete", "council_office:file_upload",
    "council_office:invitation", "council_office:invite", "council_office:minutes", "council_office:body_edit",
    "council_office:location_edit", "council_office:location_new",
    "council_office:meeting_edit", "council_office:meeting_new", "council_office:membership_edit",
    "council_office:membership_new", "council_office:open", "council_office:organization_edit",
    "council_office:organization_new", "council_office:paper_edit", "council_office:paper_new",
    "council_office:person_edit", "council_office:person_new", "council_office:prepare",
    "council_office:term_edit", "council_office:term_new", "courses_backoffice:allocation",
    "courses_backoffice:approval_edit", "courses_backoffice:course_cancel", "courses_backoffice:course_edit",
    "courses_backoffice:course_new", "courses_backoffice:kita_edit", "courses_backoffice:kita_new",
    "courses_backoffice:learner_edit", "courses_backoffice:learner_new",
    "courses_backoffice:learner_withdraw", "courses_backoffice:settings", "steering:upload",
    # the footer's pages (sitepages)
    "sitepages_backoffice:edit", "sitepages_backoffice:feedback",
    # topics
    "topics_backoffice:topic_defaults", "topics_backoffice:topic_new", "topics_backoffice:topic_edit",
    "topics_backoffice:text_new", "topics_backoffice:text_edit", "topics_backoffice:offer_topics",
    # news
    "news_office:new", "news_office:edit", "news_office:delete", "news_office:picture_new", "news_office:picture_delete",
    "news_office:attachment_new",
}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}:{p.name}" if namespace else p.name, p


BACK_OFFICE = sorted({name for route, name, _ in _walk(get_resolver().url_patterns)
                      if route.startswith("backoffice/")})


@pytest.fixture
def world(db):
    town = pb.town("stadt-http")
    concept = town.concepts.get()
    actor = b.actor(town, "verein")
    measure = b.measure(concept, "M-1", responsible=actor)
    event = pb.event(town)
    registration = Registration.objects.create(event=event, name="Amira Beispiel", email="amira@example.org",
                                               status="registered", consent_at=timezone.now())
    return {"slug": town.slug, "concept": concept.pk, "field": concept.fields.first().pk,
            "actor": actor.pk, "contact": b.contact(actor, "beratung", name="Eva Muster").pk,
            "measure": measure.pk, "offer": b.offer(town, actor, "A-1").pk, "event": event.pk,
            "registration": registration.pk, "idea": pb.idea(town).pk,
            "user": b.user("koordination", role="coordinator", municipality=town)}


def _address(world, name):
    """The address of a URL name, with this world's objects where the name says which
    kind it shows (else a number that is nobody's: the page answers 404)."""
    pattern = next(p for _, n, p in _walk(get_resolver().url_patterns) if n == name)
    kind = name.split(":")[1].split("_")[0].rstrip("s")
    kwargs = {}
    for arg in pattern.pattern.converters:
        if arg == "slug":
            kwargs[arg] = world["slug"]
        elif arg in ("period", "year"):
            kwargs[arg] = "2024"
        elif arg == "language":
            kwargs[arg] = "en"
        elif arg in ("key", "fmt"):
            kwargs[arg] = "x"
        else:
            kind_of = {"concept_pk": "concept", "actor_pk": "actor", "event_pk": "event",
                       "registration_pk": "registration"}.get(arg, kind)
            kind_of = {"contact": "contact", "translation": "offer", "registration": "event"}.get(
                kind_of, kind_of) if arg == "pk" else kind_of
            kwargs[arg] = world.get(kind_of, 999999)
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", BACK_OFFICE)
def test_it_keeps_no_back_office_page_in_a_cache(client, world, name):
    client.force_login(world["user"])
    response = client.get(_address(world, name))
    assert response["Cache-Control"] == "private, no-store", (name, response.status_code)


def test_it_walks_real_pages_with_personal_data(client, world):
    client.force_login(world["user"])
    shown = [name for name in BACK_OFFICE if client.get(_address(world, name)).status_code == 200]
    # The walk reaches real pages, not only 404s: lists, details, registrations, ideas.
    for name in ("backoffice:actor", "backoffice:contact_edit", "participation_backoffice:registrations",
                 "participation_backoffice:idea", "backoffice:measure"):
        assert name in shown


def test_it_keeps_no_refusal_or_redirect_in_a_cache(client, world):
    response = client.get(reverse("backoffice:municipality", args=[world["slug"]]))
    assert response.status_code == 302  # to the log-in page
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(b.user("niemand"))
    response = client.get(reverse("participation_backoffice:registrations", args=[world["slug"], world["event"]]))
    assert response.status_code == 403
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", [n for n in BACK_OFFICE if n not in TAKES_POST])
def test_it_refuses_a_post_to_a_page_that_only_shows(client, world, name):
    client.force_login(world["user"])
    assert client.post(_address(world, name)).status_code == 405


def test_it_knows_every_page_that_takes_a_post():
    assert TAKES_POST <= set(BACK_OFFICE)
