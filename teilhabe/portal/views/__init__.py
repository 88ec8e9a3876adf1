"""The public site of a municipality: its concept and progress, measures, actors and the
coordination office. Only published content: adopted concepts, public measures,
published actors and offers. (The offer directory and search live in portal/offers.py.)"""
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from teilhabe.actors.models import Actor
from teilhabe.council.models import public_decision, public_path
from teilhabe.municipalities.languages import content_code
from teilhabe.municipalities.models import Municipality
from teilhabe.offers.models import Offer
from teilhabe.participation.models import Event
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, Measure
from teilhabe.translations.texts import prefetch

DONE = (Measure.Status.IMPLEMENTED, Measure.Status.ESTABLISHED)


def public_concept(municipality):
    """The adopted version: drafts are not public, superseded ones only as history.
    Looked up once per municipality object (a page asks several times)."""
    if not hasattr(municipality, "_public_concept"):
        municipality._public_concept = municipality.concepts.in_force().first()
    return municipality._public_concept


def public_measures(concept):
    return Measure.objects.public().filter(concept=concept)


def get_municipality(slug, *, with_index_version=False):
    # council_body: the navigation shows the council section where there is one.
    queryset = Municipality.objects.select_related("parent", "council_body")
    if with_index_version:  # for search_offers(): saves it a query (engine.segments)
        from teilhabe.search.engine import index_version

        queryset = queryset.annotate(index_version=index_version())
    return get_object_or_404(queryset, slug=slug)


# The longest search the forms allow (maxlength on every search box); a longer one, from a
# typed address, is cut with a note. The server's request line holds the longest allowed
# one even percent-encoded (gunicorn --limit-request-line in docs/operations.md).
MAX_QUERY = 200


def search_query(request):
    """The visitor's search words, at most MAX_QUERY characters, and whether they were cut."""
    query = request.GET.get("q", "").strip()
    return query[:MAX_QUERY].strip(), len(query) > MAX_QUERY


def context(municipality, **extra):
    return {"municipality": municipality, "concept": public_concept(municipality), "max_query": MAX_QUERY,
            **extra}


def progress(measures):
    """Counts per status and the share implemented or established, for a progress bar."""
    counts = {value: 0 for value in Measure.Status.values}
    for status in measures.values_list("status", flat=True):
        counts[status] += 1
    total = sum(counts.values())
    done = sum(counts[s] for s in DONE)
    return {"total": total, "done": done, "percent": round(100 * done / total) if total else 0,
            "counts": [(Measure.Status(value).label, value, n) for value, n in counts.items() if n]}


@require_safe
def index(request):
    municipalities = Municipality.objects.select_related("parent").order_by("name")
    kreise = [m for m in municipalities if m.kind == Municipality.Kind.KREIS]
    groups = [(k, [m for m in municipalities if m.parent_id == k.pk]) for k in kreise]
    independent = [m for m in municipalities if m.kind == Municipality.Kind.TOWN and not m.parent_id]
    return render(request, "portal/index.html", {"groups": groups, "independent": independent,
                                                 "demo_data": any(m.is_demo for m in municipalities)})


@require_safe
def home(request, slug):
    """Topics first, then the search and what comes next; the concept is one click away."""
    municipality = get_municipality(slug)
    code = active_language()
    topics = prefetch(municipality.topics.public(), code)
    region = municipality.region()  # a Kreis shows its towns' offers and events too
    events = Event.objects.public().filter(municipality__in=region, starts_at__gte=timezone.now()) \
        .select_related("district", "municipality").order_by("starts_at")[:3]
    return render(request, "portal/home.html", context(
        municipality, section="home", topics=[(topic, topic.in_language(code)) for topic in topics],
        # A Kreis counts its towns' offers, a town its Kreis's that serve it.
        events=events, offer_count=Offer.objects.public().shown_in(municipality).count(),
        **(region_figures(region) if municipality.is_kreis else {})))


def region_figures(region):
    """A Kreis's home: each town with its concept in force and its public offers and coming
    events counted, and the figures of the whole region — a query per kind, not per town."""
    ids = [m.pk for m in region]

    def per_municipality(queryset):
        return dict(queryset.filter(municipality__in=ids).order_by().values_list("municipality")
                    .annotate(n=Count("pk")))

    offers = per_municipality(Offer.objects.public())
    events = per_municipality(Event.objects.public().filter(starts_at__gte=timezone.now()))
    actors = per_municipality(Actor.objects.public())
    concepts = {c.municipality_id: c for c in Concept.objects.in_force().filter(municipality__in=ids)}
    towns = [{"town": m, "concept": concepts.get(m.pk), "offers": offers.get(m.pk, 0),
              "events": events.get(m.pk, 0)} for m in region[1:]]
    return {"towns": towns, "region": {
        "towns": len(towns), "with_concept": sum(1 for t in towns if t["concept"]),
        "offers": sum(offers.values()), "events": sum(events.values()), "actors": sum(actors.values())}}


@require_safe
def strategy_page(request, slug):
    """Integrationsstrategie: the adopted concept and the progress of its measures."""
    municipality = get_municipality(slug)
    concept = public_concept(municipality)
    fields = []
    if concept:
        rows = [(field, list(field.goals.all())) for field in concept.fields.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.filter(parent__isnull=True)))]
        prefetch([goal for _field, goals in rows for goal in goals], active_language())  # their titles, at once
        for field, goals in rows:
            fields.append((field, goals, progress(public_measures(concept).filter(fields=field))))
    return render(request, "portal/strategy.html", context(
        municipality, fields=fields, overall=progress(public_measures(concept)) if concept else None))


@require_safe
def concept_page(request, slug):
    municipality = get_municipality(slug)
    concept = public_concept(municipality)
    versions = municipality.concepts.public().order_by("-version")
    # The council's decision and the paper's path of deliberation, as far as they are public.
    adoption = public_decision(concept.adoption_id) if concept and concept.adoption_id else None
    # Superseded versions keep their own decision and path; only what is public, as above.
    earlier = []
    for version in versions:
        decision = public_decision(version.adoption_id) if version.adoption_id and version != concept else None
        if decision:
            earlier.append((version, decision, public_path(decision.paper)))
    return render(request, "portal/concept.html", context(
        municipality, guidelines=concept.guidelines.all() if concept else [], versions=versions,
        fields=concept.fields.all() if concept else [], adoption=adoption, earlier=earlier,
        consultations=public_path(adoption.paper) if adoption else []))


@require_safe
def field_page(request, slug, key):
    municipality = get_municipality(slug)
    concept = public_concept(municipality)
    if concept is None:
        raise Http404
    field = get_object_or_404(FieldOfAction, concept=concept, key=key)
    measures = public_measures(concept).filter(fields=field).select_related("responsible_actor")
    goals = field.goals.select_related("parent").annotate(
        public_measures=Count("measures", filter=Q(measures__is_public=True)))
    offers = municipality.offers.public().filter(field_of_action=field).select_related("provider").with_translations()[:12]
    return render(request, "portal/field.html", context(
        municipality, field=field, goals=goals, measures=measures, progress=progress(measures),
        offers=offers, offer_total=municipality.offers.public().filter(field_of_action=field).count()))


@require_safe
def goal_page(request, slug, key):
    municipality = get_municipality(slug)
    concept = public_concept(municipality)
    if concept is None:
        raise Http404
    goal = get_object_or_404(Goal.objects.select_related("field", "parent"), concept=concept, key=key)
    measures = goal.measures.public().select_related("responsible_actor")
    return render(request, "portal/goal.html", context(
        municipality, goal=goal, measures=measures, progress=progress(measures),
        children=goal.children.all()))


@require_safe
def measure_page(request, slug, external_id):
    municipality = get_municipality(slug)
    concept = public_concept(municipality)
    if concept is None:
        raise Http404
    measure = get_object_or_404(
        public_measures(concept).select_related("responsible_actor").prefetch_related(
            "fields", "goals", "target_groups", "districts",
            Prefetch("partner_actors", queryset=Actor.objects.public())),
        external_id=external_id)
    return render(request, "portal/measure.html", context(
        municipality, measure=measure, status_changes=measure.status_changes.all(),
        decision=public_decision(measure.council_decision_id) if measure.council_decision_id else None,
        offers=measure.offers.public().with_translations()))


@require_safe
def actor_list(request, slug):
    """A Kreis's actors with its towns', a town's with those working in it (Actor.works_in),
    each of another municipality named and linked to its page there."""
    municipality = get_municipality(slug)
    shown = Actor.objects.public().shown_in(municipality)
    actors = shown.select_related("municipality").prefetch_related("districts").annotate(
        offer_count=Count("offers", filter=Q(offers__is_published=True)))
    kind = request.GET.get("kind", "")
    if kind in Actor.Kind.values:
        actors = actors.filter(kind=kind)
    else:
        kind = ""
    present = set(shown.values_list("kind", flat=True).distinct())
    kinds = [(value, label) for value, label in Actor.Kind.choices if value in present]
    return render(request, "portal/actors.html", context(municipality, actors=actors, kinds=kinds, kind=kind))


@require_safe
def actor_page(request, slug, external_id):
    municipality = get_municipality(slug)
    actor = get_object_or_404(
        municipality.actors.public().prefetch_related("districts", "languages"), external_id=external_id)
    concept = public_concept(municipality)
    return render(request, "portal/actor.html", context(
        municipality, actor=actor,
        contacts=actor.contacts.filter(publish=True, consent_at__isnull=False),
        offers=actor.offers.public().with_translations(),
        measures=public_measures(concept).filter(
            Q(responsible_actor=actor) | Q(partner_actors=actor)).distinct() if concept else []))


@require_safe
def contact_page(request, slug):
    municipality = get_municipality(slug)
    return render(request, "portal/contact.html", context(municipality))


def active_language():
    """The visitor's language as content is kept ("de-ls" for Leichte Sprache)."""
    return content_code(get_language())
