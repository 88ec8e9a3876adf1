"""A municipality's published topics with their published information texts."""
from django.db.models import Prefetch

from teilhabe.offers.models import Offer
from teilhabe.topics.models import InformationText, Topic
from teilhabe.translations.texts import prefetch_all, translations_of

from .. import params, public, serialize
from ..http import Payload, api_view


@api_view(params=(*params.PAGINATION_PARAMS, "lang", "field_of_action", "language", "modified_since"))
def topic_list(request, slug):
    m = public.municipality(slug)
    ctx = serialize.Context(request, params.language(request), m.slug)
    topics = Topic.objects.public().filter(municipality=m).order_by("position", "title", "pk")
    rows = prefetch_all(topics.prefetch_related(
        Prefetch("texts", queryset=InformationText.objects.filter(is_published=True), to_attr="public_texts"),
        Prefetch("offers", queryset=Offer.objects.public().only("id", "external_id"), to_attr="public_offers_")))
    # Every topic's and text's translations, one query per model (texts_in reads them there).
    prefetch_all(text for t in rows for text in t.public_texts)
    # A municipality has a handful of topics: the filters run over them in Python (the
    # field keys are a JSON list, which SQLite cannot search by index anyway).
    field = params.existing(request, "field_of_action", public.public_fields(m), "key")
    if field:
        key = request.GET["field_of_action"].strip()
        rows = [t for t in rows if key in (t.field_keys or [])]
    language = params.language(request, "language")
    if language and language != "de":
        rows = [t for t in rows if any(x.language == language and x.text for x in translations_of(t))]
    since = params.moment(request)
    if since:
        rows = sorted((t for t in rows if serialize.topic_modified_at(t) >= since),
                      key=lambda t: (serialize.topic_modified_at(t), t.pk))
    page = params.Page(request)
    shown = rows[page.offset:page.offset + page.size]
    newest = serialize.newest(*(serialize.topic_modified_at(t) for t in shown))
    return Payload(page.envelope(len(rows), [
        serialize.topic(ctx, t, sorted(o.external_id for o in t.public_offers_)) for t in shown]), newest)
