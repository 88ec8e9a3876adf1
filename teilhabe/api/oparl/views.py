"""The OParl endpoint's views: the System, the list of Bodies, each Body's external lists
(and an Organization's meetings and consultations), every object at its own URL, and the
files themselves. A list page costs the same few queries whatever it holds: each kind's
relations are loaded in bulk (KINDS), pinned by tests/api/test_oparl_queries.py."""
import gzip

from django.db.models import Exists, Max, Min, OuterRef, Prefetch
from django.http import FileResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from teilhabe.api.http import CORS_HEADERS, Payload, encode, etag_of
from teilhabe.council.models import (
    AgendaItem, Body, Consultation, File, LegislativeTerm, Location, Meeting, Membership, Organization, Paper,
    Person,
)

from teilhabe.monitoring.models import EvaluationReport
from teilhabe.participation.models import Idea
from teilhabe.strategy.models import Concept, Measure

from . import cache, serialize
from .http import OParlError, filtered, moment, not_found, oparl_view, omit_internal, page

# What OParl 1.1 lets a client leave out with omit_internal=true (2.5 "Filter"). Body's
# legislativeTerm stays: the schema requires it.
INTERNAL = ("auxiliaryFile", "location", "membership", "agendaItem")


def _alive_files():
    return Prefetch("files", queryset=File.objects.alive(), to_attr="alive_files")


def _public_memberships():
    return Prefetch("memberships", queryset=Membership.objects.filter(Membership.public_q()),
                    to_attr="public_memberships")


def _meetings(qs):
    items = AgendaItem.objects.alive().select_related(
        "consultation__paper", "consultation__meeting").prefetch_related(_alive_files())
    return qs.select_related("location").prefetch_related(
        _alive_files(), Prefetch("agenda_items", queryset=items, to_attr="alive_items"),
        Prefetch("participants", queryset=Person.objects.public().only("id"), to_attr="public_participants"))


def _papers(qs):
    consultations = Consultation.objects.filter(Consultation.public_q()).select_related("meeting", "agenda_item")
    # What in teilhabe points to the paper (its keywords), in the same query as the papers.
    paper = OuterRef("pk")
    qs = qs.annotate(
        links_concept=Exists(Concept.objects.filter(adoption__paper=paper)),
        links_measure=Exists(Measure.objects.filter(council_decision__paper=paper)),
        links_idea=Exists(Idea.objects.filter(motion=paper)),
        links_report=Exists(EvaluationReport.objects.filter(council_paper=paper)))
    return qs.select_related("municipality", "originator_person", "originator_organization").prefetch_related(
        _alive_files(), Prefetch("consultations", queryset=consultations, to_attr="public_consultations"),
        Prefetch("locations", queryset=Location.objects.alive(), to_attr="alive_locations"))


# path → (model, how a page's rows are loaded, serializer)
KINDS = {
    "legislative-term": (LegislativeTerm, lambda qs: qs, serialize.legislative_term),
    "location": (Location, lambda qs: qs.prefetch_related(
        Prefetch("organizations", queryset=Organization.objects.alive().only("id", "location_id"),
                 to_attr="alive_organizations"),
        Prefetch("meetings", queryset=Meeting.objects.alive().only("id", "location_id"), to_attr="alive_meetings"),
        Prefetch("persons", queryset=Person.objects.public().only("id", "location_id"), to_attr="public_persons"),
        Prefetch("papers", queryset=Paper.objects.public().only("id"), to_attr="public_papers")),
        serialize.location),
    "organization": (Organization, lambda qs: qs.select_related("location").prefetch_related(_public_memberships()),
                     serialize.organization),
    "person": (Person, lambda qs: qs.select_related("location").prefetch_related(
        _public_memberships(), Prefetch("pictures", queryset=File.objects.alive(), to_attr="alive_pictures")),
        serialize.person),
    "membership": (Membership, lambda qs: qs.select_related("person", "organization"), serialize.membership),
    "meeting": (Meeting, _meetings, serialize.meeting),
    "agenda-item": (AgendaItem, lambda qs: qs.select_related(
        "meeting", "consultation__paper", "consultation__meeting").prefetch_related(_alive_files()),
        serialize.agenda_item),
    "paper": (Paper, _papers, serialize.paper),
    "consultation": (Consultation, lambda qs: qs.select_related("paper", "meeting", "agenda_item"),
                     serialize.consultation),
    "file": (File, lambda qs: qs.select_related("meeting", "paper", "agenda_item__meeting", "person"),
             serialize.file),
}
BODY_LISTS = {"organizations": "organization", "persons": "person", "memberships": "membership",
              "meetings": "meeting", "agenda-items": "agenda-item", "papers": "paper",
              "consultations": "consultation", "files": "file", "locations": "location",
              "legislative-terms": "legislative-term"}


def _checked(pk):
    """An id beyond 64 bits names nothing (and SQLite cannot even compare it with a key)."""
    pk = int(pk)
    if pk >= 2 ** 63:
        raise not_found()
    return pk


def _omitting(request, serializer):
    if not omit_internal(request):
        return serializer

    def without_internal(obj, urls):
        data = serializer(obj, urls)
        for key in INTERNAL:
            data.pop(key, None)
        return data
    return without_internal


def _of_bodies(model):
    """A model's objects that belong to a municipality with a council part."""
    return model.objects.filter(**{f"{model.MUNICIPALITY_PATH}__council_body__isnull": False})


def _bodies():
    terms = Prefetch("municipality__legislative_terms", queryset=LegislativeTerm.objects.alive(), to_attr="terms")
    return Body.objects.select_related("municipality").prefetch_related(terms)


@oparl_view()
def system(request, urls):
    span = Body.objects.aggregate(created=Min("created_at"), modified=Max("modified_at"))
    now = timezone.now()
    return Payload(serialize.system(urls, span["created"] or now, span["modified"] or now), span["modified"])


@oparl_view(lists=True)
def body_list(request, urls):
    return page(request, filtered(request, _bodies()), urls.bodies(), lambda b: serialize.body(b, urls))


@oparl_view()
def body_detail(request, urls, municipality_id):
    body = _bodies().filter(municipality_id=_checked(municipality_id)).first()
    if body is None:
        raise not_found()
    return Payload(serialize.body(body, urls), body.modified_at)


def _live_body(municipality_id):
    body = Body.objects.filter(municipality_id=_checked(municipality_id), deleted_at__isnull=True).first()
    if body is None:
        raise not_found()
    return body


def _kept(request, municipality_id, live, objects, url, make):
    """The page from the cache (cache.py) when it has it, else made and kept. `live()`
    raises the 404 of a list whose owner is gone; `objects()`: the list's objects before any
    filter; `url`: the list's own address. A kept page costs no query: it was kept in this
    generation, when its owner was alive, and a change of the owner renews the generation
    (bench/README.md: the owner's look-up was half the cost of a kept page)."""
    since = cache.cacheable_since(request)
    if not since and not cache.cacheable(request):
        live()
        return make()
    generation = cache.current_generation(municipality_id)
    if generation is None:
        live()  # an unknown Body gets no generation in the cache
        generation = cache.generation(municipality_id)
        if generation is None:
            return make()
    if since:
        # A moment up to the list's oldest change selects the whole list (a client's first
        # incremental crawl, every crawler after a change): its floor is that change, known
        # without a query once this process has asked for it in this generation.
        since = moment(request, "modified_since")  # a bad one is a 400, kept page or not
        oldest = cache.oldest(generation, request, lambda: objects().aggregate(oldest=Min("modified_at"))["oldest"])
        if oldest is None:
            floor = "-"
        elif since <= oldest:
            floor = oldest.isoformat()
        else:
            floor = cache.floor(generation, request, lambda: _floor(request, objects()))
        key = cache.key(request, generation, floor)
        head = cache.get(key)
        if head is None:
            live()
            head = cache.head_of(make())
            cache.put(key, head)
            cache.remember_origin(request)
        return cache.with_links(head, request, url)
    key = cache.key(request, generation)
    kept = cache.get(key)
    if kept is not None:
        content, etag, last_modified, gzipped = kept
        return Payload(None, last_modified, content=content, etag=etag, gzipped=gzipped)
    live()
    payload = make()
    payload.content = encode(payload.data)
    payload.etag = etag_of(payload.content)
    # Pages of 100 objects are 40 kB to 1 MB of JSON, a tenth of it gzipped (2.7 asks for
    # compression): made once with the page, sent to every client that accepts it.
    payload.gzipped = gzip.compress(payload.content, compresslevel=6, mtime=0)
    cache.put(key, (payload.content, payload.etag, payload.last_modified, payload.gzipped))
    cache.remember_origin(request)
    return payload


def _floor(request, objects):
    """The oldest change among the objects modified_since selects (deleted and not public
    ones too, as the list shows them): every moment up to it selects the same objects."""
    oldest = filtered(request, objects).aggregate(oldest=Min("modified_at"))["oldest"]
    return oldest.isoformat() if oldest else "-"


def body_list_objects(municipality_id, name):
    """A Body's list `name` (BODY_LISTS) before filters."""
    model = KINDS[BODY_LISTS[name]][0]
    return model.objects.filter(**{f"{model.MUNICIPALITY_PATH}_id": municipality_id})


@oparl_view(lists=True)
def body_objects(request, urls, municipality_id, name):
    municipality_id = _checked(municipality_id)
    _model, load, serializer = KINDS[BODY_LISTS[name]]
    url = urls.body_list(municipality_id, name)

    def make():
        serialize_ = _omitting(request, serializer)
        rows = load(filtered(request, body_list_objects(municipality_id, name)))
        return page(request, rows, url, lambda obj: serialize_(obj, urls))
    return _kept(request, municipality_id, lambda: _live_body(municipality_id),
                 lambda: body_list_objects(municipality_id, name), url, make)


@oparl_view(lists=True)
def organization_objects(request, urls, pk, name):
    organization = _of_bodies(Organization).filter(pk=_checked(pk)).first()
    if organization is None:
        raise not_found()
    kind = {"meetings": "meeting", "consultations": "consultation"}[name]
    model, load, serializer = KINDS[kind]

    objects = model.objects.filter(organization=organization)
    url = urls.organization_list(organization.pk, name)

    def make():
        serialize_ = _omitting(request, serializer)
        return page(request, load(filtered(request, objects)), url, lambda obj: serialize_(obj, urls))
    return _kept(request, organization.municipality_id, lambda: None, lambda: objects, url, make)


@oparl_view()
def object_detail(request, urls, kind, pk):
    model, load, serializer = KINDS[kind]
    obj = load(_of_bodies(model).filter(pk=_checked(pk))).first()
    if obj is None:
        raise not_found()
    return Payload(_omitting(request, serializer)(obj, urls), obj.modified_at)


@oparl_view()
def file_content(request, urls, pk, download):
    """The file itself (2.7): inline at accessUrl, as an attachment with its name at
    downloadUrl. A deleted or no longer public file is 410 Gone."""
    f = _of_bodies(File).select_related("meeting", "paper", "agenda_item__meeting", "person").filter(
        pk=_checked(pk)).first()
    if f is None:
        raise not_found()
    if not f.is_public:
        raise OParlError(410, _("Diese Datei ist gelöscht oder nicht mehr öffentlich."))
    etag = f'"{f.sha1}"'
    last_modified = int(f.modified_at.timestamp())
    try:
        handle = f.file.open("rb")
    except FileNotFoundError:
        raise OParlError(404, _("Die Datei fehlt im Speicher."), debug=f"file {f.pk}") from None
    response = FileResponse(handle, content_type=f.mime_type, as_attachment=download, filename=f.file_name)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    for name, value in CORS_HEADERS.items():
        response.headers[name] = value
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
    if conditional is not response:
        handle.close()
    return conditional


@oparl_view()
def unknown(request, urls, rest):
    raise not_found()
