"""Keeping the search index in step with the content.

The lexical part of a document is written at once (same transaction as the change); its
vectors are computed later by the worker (job "search.embed"), because embedding a text
takes about half a second. Bulk writes (imports, the demo) send no signals: call
refresh_municipality() afterwards, or run `teilhabe reindex`."""
import html
import logging
import re
import secrets

from django.db import transaction

from teilhabe.municipalities.signals import public_content_changed
from teilhabe.search import text as T
from teilhabe.search.embed import passage_hash
from teilhabe.search.models import Document, Embedding, IndexState, Passage

log = logging.getLogger(__name__)

OFFER_TEXT_FIELDS = ("description", "schedule", "cost", "accessibility")
SITE_KINDS = ("measure", "actor", "concept", "guideline", "field", "goal")


# --- What a document says -----------------------------------------------------------------

def _join(*parts):
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _plain(rich):
    """Guideline bodies are sanitised HTML; the index wants their words."""
    return html.unescape(re.sub(r"<[^>]+>", " ", rich or ""))


def _name(names, language):
    return (names or {}).get(language, "")


def offer_documents(offer):
    """(language, title, body, extra, facets) for each language version of an offer.
    `extra` is searchable but not shown: provider, districts, target groups, field."""
    target_groups = list(offer.target_groups.all())
    districts = list(offer.districts.all())
    field = offer.field_of_action
    facets = {
        "field_of_action": [offer.field_of_action_id] if offer.field_of_action_id else [],
        "target_group": sorted(t.pk for t in target_groups),
        "district": sorted(d.pk for d in districts),
        "language": sorted(language.code for language in offer.languages.all()),
    }
    place = offer_place(offer.place_name, offer.street, offer.postcode, offer.city)
    common = [offer.provider.name, *(d.name for d in districts)]

    def extra(language):
        # The German version carries the vocabulary's names in every language: someone
        # looking for "Fathers" finds the Vätertreff without an English translation.
        names = [t.names or {} for t in target_groups] + ([field.names or {}] if field else [])
        if language == "de":
            return _join(*common, *(" ".join(dict.fromkeys(n.values())) for n in names))
        return _join(*common, *(_name(n, language) for n in names))

    yield ("de", offer.title, offer_body(_texts_of(offer), place), extra("de"), facets)
    for translation in offer.translations.all():
        code = translation.language.code
        if code == "de":
            continue
        yield (code, translation.title, offer_body(_texts_of(translation), place), extra(code), facets)


def _texts_of(source):
    return {f: getattr(source, f) for f in OFFER_TEXT_FIELDS}


def offer_place(place_name, street, postcode, city):
    return _join(place_name, " ".join(p for p in (street, postcode, city) if p))


def offer_body(texts, place):
    """The body of an offer's document in one language: `texts` holds that version's
    description, schedule, cost and accessibility."""
    return _join(*(texts[f] for f in OFFER_TEXT_FIELDS), place)


def site_documents(municipality):
    """(kind, object_id, language, title, body, extra) for the public pages of a
    municipality's site other than offers: published actors, and of the concept in force
    (the adopted version, as the portal shows it) the concept itself, its guidelines, fields
    of action, goals and public measures."""
    from teilhabe.actors.models import Actor

    for actor in Actor.objects.public().filter(municipality=municipality):
        yield ("actor", actor.pk, "de", actor.name, _join(actor.description, actor.city),
               actor.get_kind_display())
    # The portal's notion (in force = adopted): a draft's texts are not public, and a hit
    # on one would lead to a page that answers 404.
    concept = municipality.concepts.in_force().first()
    if concept is None:
        return
    yield ("concept", concept.pk, "de", concept.title, concept.summary, concept.adopted_by)
    for section in concept.guidelines.all():
        yield ("guideline", section.pk, "de", section.title, _plain(section.body), "")
    for field in concept.fields.all():
        languages = set(field.names or {}) | {"de"}
        for language in sorted(languages):
            title = _name(field.names, language) or (field.key if language == "de" else "")
            if title:
                yield ("field", field.pk, language, title,
                       field.description if language == "de" else "", "")
    for goal in concept.goals.all():
        yield ("goal", goal.pk, "de", goal.title, goal.description, "")
    for measure in concept.measures.public().select_related("responsible_actor"):
        actor = measure.responsible_actor
        yield ("measure", measure.pk, "de", measure.title, measure.description,
               actor.name if actor and actor.is_published else "")


# --- Writing documents --------------------------------------------------------------------

def _row(municipality_id, kind, object_id, language, title, body, extra, facets=None):
    analyzer = T.analyzer_for(language)
    title_terms = T.terms(title, analyzer)
    body_terms = T.terms(_join(body, extra), analyzer)
    return Document(
        municipality_id=municipality_id, kind=kind, object_id=object_id, language=language,
        title=title, body=body, analyzer=analyzer,
        terms=" ".join(title_terms) + " | " + " ".join(body_terms),
        sort_key=T.sort_key(title)[:200], facets=facets or {},
    )


def _sync(municipality_id, wanted, existing_qs):
    """Make the documents in `existing_qs` equal to `wanted` (a list of unsaved Documents):
    update what changed, add what is new, delete what is gone. True when anything changed."""
    existing = {(d.kind, d.object_id, d.language): d for d in existing_qs}
    keep, changed = set(), False
    new_passages, created, renewed, unchanged = [], [], [], []
    for doc in wanted:
        key = (doc.kind, doc.object_id, doc.language)
        keep.add(key)
        old = existing.get(key)
        fields = ("municipality_id", "title", "body", "terms", "sort_key", "facets", "analyzer")
        if old is not None and all(getattr(old, f) == getattr(doc, f) for f in fields):
            unchanged.append(old)
            continue
        changed = True
        if old is None:
            created.append(doc)
            continue
        text_changed = (old.title, old.body, old.municipality_id) != (doc.title, doc.body, doc.municipality_id)
        for name in fields:
            setattr(old, name, getattr(doc, name))
        if text_changed:
            old.needs_embedding = True
            renewed.append(old)
        old.save()
    reshaped = _reshaped(unchanged)
    if reshaped:
        changed = True
        ids = [d.pk for d in reshaped]
        for i in range(0, len(ids), 500):
            Document.objects.filter(pk__in=ids[i:i + 500]).update(needs_embedding=True)
        renewed += reshaped
    Document.objects.bulk_create(created, batch_size=500)
    old_ids = [d.pk for d in renewed]
    for i in range(0, len(old_ids), 500):
        Passage.objects.filter(document__in=old_ids[i:i + 500]).delete()
    renewed += created
    if renewed:
        for target in renewed:
            new_passages += [Passage(document=target, municipality_id=municipality_id, position=position,
                                     hash=passage_hash(text))
                             for position, text in T.passages(target.title, target.body)]
    gone = [d.pk for key, d in existing.items() if key not in keep]
    if gone:
        changed = True
        for i in range(0, len(gone), 500):
            Document.objects.filter(pk__in=gone[i:i + 500]).delete()
    if new_passages:
        Passage.objects.bulk_create(new_passages, batch_size=500)
    if renewed:
        _mark_embedded([d.pk for d in renewed])
    return changed


def _reshaped(documents):
    """Unchanged documents whose stored passages are not what text.passages() cuts now
    (passages were cut differently when they were indexed): refreshing, and so `teilhabe
    reindex`, brings them up to date without touching their terms."""
    stored = {}
    ids = [d.pk for d in documents]
    for i in range(0, len(ids), 500):
        for document_id, position, hash_ in (Passage.objects.filter(document__in=ids[i:i + 500])
                                             .values_list("document_id", "position", "hash")):
            stored.setdefault(document_id, set()).add((position, hash_))
    return [d for d in documents
            if stored.get(d.pk, set()) != {(position, passage_hash(text))
                                          for position, text in T.passages(d.title, d.body)}]


def _mark_embedded(document_ids):
    """Documents whose passages all have a vector already (same text seen before) need no
    work from the worker."""
    document_ids = list(document_ids)
    missing = set()
    for i in range(0, len(document_ids), 500):
        missing.update(Passage.objects.filter(document_id__in=document_ids[i:i + 500])
                       .exclude(hash__in=Embedding.objects.values("hash"))
                       .values_list("document_id", flat=True))
    done = [pk for pk in document_ids if pk not in missing]
    for i in range(0, len(done), 500):
        Document.objects.filter(pk__in=done[i:i + 500]).update(needs_embedding=False)
    return missing


def bump(municipality_id):
    """Give the municipality's index a new version: a random one, so that a version seen
    before (a restored backup, a test database reusing ids) never passes for current."""
    version = secrets.randbits(62)
    if not IndexState.objects.filter(municipality_id=municipality_id).update(version=version):
        IndexState.objects.get_or_create(municipality_id=municipality_id, defaults={"version": version})
    _pages_changed(municipality_id)


def _pages_changed(*municipality_ids):
    """The public pages built from this content change: whoever keeps them (the portal's
    page cache) listens to the signal; search imports no face."""
    public_content_changed.send(sender=Document, municipality_ids=municipality_ids)


def _after_change(municipality_id):
    bump(municipality_id)
    if Document.objects.filter(municipality_id=municipality_id, needs_embedding=True).exists():
        transaction.on_commit(enqueue_embedding)


def enqueue_embedding():
    try:
        from teilhabe.jobs import enqueue
    except ImportError:  # no queue in this installation: `teilhabe reindex` embeds
        log.info("search: no job queue, embeddings wait for `teilhabe reindex`")
        return
    enqueue("search.embed", {}, dedupe_key="search.embed")


def _offer_queryset():
    from teilhabe.offers.models import Offer

    return (Offer.objects.select_related("provider", "field_of_action")
            .prefetch_related("target_groups", "districts", "languages", "translations__language"))


@transaction.atomic
def refresh_offer(offer_id):
    """Bring one offer's documents up to date (gone or unpublished: removed)."""
    offer = _offer_queryset().filter(pk=offer_id).first()
    existing = Document.objects.filter(kind="offer", object_id=offer_id)
    # Pages show what the index does not hold (places, contacts): they change anyway,
    # in the offer's municipality and in any it was indexed under before.
    _pages_changed(*{*existing.values_list("municipality_id", flat=True),
                     *([offer.municipality_id] if offer else [])})
    if offer is None or not offer.is_published:
        municipality_ids = set(existing.values_list("municipality_id", flat=True))
        if municipality_ids:
            existing.delete()
            for municipality_id in municipality_ids:
                bump(municipality_id)
        return
    wanted = [_row(offer.municipality_id, "offer", offer.pk, language, title, body, extra, facets)
              for language, title, body, extra, facets in offer_documents(offer)]
    if _sync(offer.municipality_id, wanted, existing.select_for_update()):
        _after_change(offer.municipality_id)


@transaction.atomic
def refresh_site(municipality):
    """Rebuild the site documents (actors, concept pages, measures) of a municipality."""
    wanted = [_row(municipality.pk, kind, object_id, language, title, body, extra)
              for kind, object_id, language, title, body, extra in site_documents(municipality)]
    existing = Document.objects.filter(municipality=municipality, kind__in=SITE_KINDS)
    _pages_changed(municipality.pk)
    if _sync(municipality.pk, wanted, existing):
        _after_change(municipality.pk)


@transaction.atomic
def refresh_municipality(municipality, *, progress=None):
    """Rebuild every document of a municipality from the content: call after bulk writes
    (importer, demo), which send no signals. Vectors follow in the background."""
    wanted = []
    for offer in _offer_queryset().public().filter(municipality=municipality).iterator(chunk_size=500):
        wanted += [_row(municipality.pk, "offer", offer.pk, language, title, body, extra, facets)
                   for language, title, body, extra, facets in offer_documents(offer)]
        if progress:
            progress(1)
    wanted += [_row(municipality.pk, kind, object_id, language, title, body, extra)
               for kind, object_id, language, title, body, extra in site_documents(municipality)]
    existing = Document.objects.filter(municipality=municipality)
    _pages_changed(municipality.pk)
    changed = _sync(municipality.pk, wanted, existing)
    # Offers moved to another municipality leave nothing behind under the old one.
    if changed or not IndexState.objects.filter(municipality=municipality).exists():
        _after_change(municipality.pk)
    return changed


# --- Vectors ------------------------------------------------------------------------------

def embed_pending(*, batch=32, progress=None, limit=None):
    """Embed every passage that has no vector yet, in batches, committing as it goes (a
    crash loses at most one batch). Returns the number of passages embedded. Run by the
    worker (job "search.embed") and by `teilhabe reindex`; never in a request."""
    from teilhabe.search.embed import embed_passages, to_bytes

    embedded = 0
    while True:
        documents = list(Document.objects.filter(needs_embedding=True)
                         .order_by("pk").only("pk", "municipality_id", "title", "body", "updated_at")[:batch])
        if not documents:
            return embedded
        texts = {}
        for document in documents:
            for _, text in T.passages(document.title, document.body):
                texts.setdefault(passage_hash(text), text)
        known = set()
        hashes = list(texts)
        for i in range(0, len(hashes), 500):
            known.update(Embedding.objects.filter(hash__in=hashes[i:i + 500]).values_list("hash", flat=True))
        todo = [(h, t) for h, t in texts.items() if h not in known]
        for i in range(0, len(todo), batch):
            part = todo[i:i + batch]
            vectors = embed_passages([t for _, t in part])
            Embedding.objects.bulk_create([Embedding(hash=h, vector=to_bytes(v)) for (h, _), v in zip(part, vectors)],
                                          ignore_conflicts=True)
            embedded += len(part)
            if progress:
                progress(len(part))
        with transaction.atomic():
            # A document edited meanwhile keeps its flag: its new text needs vectors too.
            for document in documents:
                Document.objects.filter(pk=document.pk, updated_at=document.updated_at).update(needs_embedding=False)
            for municipality_id in {d.municipality_id for d in documents}:
                bump(municipality_id)
        if limit is not None and embedded >= limit:
            return embedded


def pending_passages():
    """How many passage texts still wait for a vector (for progress bars)."""
    return (Passage.objects.filter(document__needs_embedding=True)
            .exclude(hash__in=Embedding.objects.values("hash")).values("hash").distinct().count())
