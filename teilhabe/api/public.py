"""What the API may show: every query of public data starts here, so that unpublished
offers and actors, internal measures and draft concepts cannot leak through a view that
forgot a filter. What "public" means is said once, by the models' querysets
(Offer.objects.public(), Concept.objects.public() …), shared with portal and search."""
import json

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.municipalities.models import District, Language, Municipality, TargetGroup
from teilhabe.offers.models import TRANSLATED_FIELDS, Offer, OfferTranslation
from teilhabe.strategy.models import Concept, FieldOfAction, Goal, Measure

from . import params
from .http import NotFound

def municipality(slug, queryset=None):
    queryset = Municipality.objects.all() if queryset is None else queryset
    found = queryset.filter(slug=slug).select_related("parent").first()
    if found is None:
        raise NotFound(_("Keine Kommune mit dem Kurznamen „%(slug)s“.") % {"slug": slug[:80]})
    return found


def concepts(m):
    return Concept.objects.public().filter(municipality=m)


def concept(request, m):
    """The version a list of fields, goals or measures is about: `concept=<version>` when
    given (adopted or superseded only), else the adopted one, else the newest superseded.
    None when the municipality has published no concept yet (drafts are never shown).
    A version that is not public (or does not exist) is 404, like any unknown key."""
    raw = request.GET.get("concept")
    if raw is not None:
        version = params.positive_int(request, "concept", default=None, maximum=params.MAX_CONCEPT)
        found = concepts(m).filter(version=version).first()
        if found is None:
            raise NotFound(_("Keine beschlossene oder abgelöste Konzeptversion %(version)s.") % {
                "version": version}, parameter="concept", code="unknown_value")
        return found
    return Concept.objects.filter(municipality=m).current_public()


def fields(concept):
    return FieldOfAction.objects.filter(concept=concept)


def goals(concept):
    return Goal.objects.filter(concept=concept).select_related("field", "parent")


def measures(concept=None):
    qs = Measure.objects.public()
    return qs.filter(concept=concept) if concept is not None else qs


def offers_modified_since(qs, moment):
    """A changed translation counts as a change of the offer (see serialize.offer)."""
    changed_translation = OfferTranslation.objects.filter(offer=OuterRef("pk"), modified_at__gte=moment)
    return qs.filter(Q(modified_at__gte=moment) | Exists(changed_translation))


OFFER_VALUES = (
    "id", "external_id", "title", "description", "schedule", "cost", "accessibility", "place_name",
    "street", "postcode", "city", "latitude", "longitude", "opening_hours", "by_appointment",
    "closed_on_holidays", "closing_days", "contact_name", "contact_email", "contact_phone", "website",
    "text_revision", "modified_at", "municipality__slug",
    "provider__external_id", "provider__name", "provider__is_published",
    "field_of_action__key", "field_of_action__names", "field_of_action__concept__status",
    "measure__external_id", "measure__title", "measure__is_public", "measure__concept__status",
)
TRANSLATION_VALUES = ("offer_id", "language__code", *TRANSLATED_FIELDS, "source_revision", "modified_at")


def offer_rows(qs):
    """Everything serialize.offer reads, as plain values, for the offers of `qs` (a
    queryset of offers(), possibly sliced), in its order: three queries whatever the page
    size — the offers joined with municipality, provider, field of action and measure;
    their translations; their target groups, districts and languages in one UNION ALL.
    Model instances with four prefetches cost a search about 10 ms more on a 2-core
    machine (the ORM's per-object work, two more round trips; bench/README)."""
    rows = list(qs.values(*OFFER_VALUES))
    if not rows:
        return []
    by_id = {}
    for row in rows:
        row.update(translations=[], target_groups=[], districts=[], languages=[])
        by_id[row["id"]] = row
    ids = list(by_id)
    for t in OfferTranslation.objects.filter(offer_id__in=ids).values(*TRANSLATION_VALUES):
        by_id[t["offer_id"]]["translations"].append(t)
    for offer_id, kind, *values in _offer_vocabularies(ids):
        row = by_id[offer_id]
        if kind == 0:
            key, names = values[2], values[3]
            row["target_groups"].append({"key": key, "names": json.loads(names) if names else {}})
        elif kind == 1:
            row["districts"].append({"key": values[2], "name": values[3]})
        else:
            row["languages"].append({"code": values[2], "name": values[3], "native_name": values[4]})
    return rows


def _offer_vocabularies(ids):
    """(offer id, 0 target group | 1 district | 2 language, sort number, sort text, a, b, c)
    for the offers `ids`, each kind in its model's own order (TargetGroup by position and
    key, District and Language by name), in one round trip. Plain SQL: a UNION ALL of
    three differently shaped joins, the same on SQLite and PostgreSQL."""
    qn = connection.ops.quote_name

    def table(model):
        return qn(model._meta.db_table)

    def through(field):
        rel = Offer._meta.get_field(field).remote_field.through
        m2m = Offer._meta.get_field(field)
        return table(rel), qn(m2m.m2m_column_name()), qn(m2m.m2m_reverse_name())

    marks = ", ".join(["%s"] * len(ids))
    parts = []
    for kind, (field, model, columns) in enumerate((
            ("target_groups", TargetGroup, "v.position, v.{key}, v.{key}, CAST(v.{names} AS TEXT), ''"),
            ("districts", District, "0, v.{name}, v.{key}, v.{name}, ''"),
            ("languages", Language, "0, v.{name}, v.{code}, v.{name}, v.{native_name}"))):
        through_table, offer_column, other_column = through(field)
        select = columns.format(key=qn("key"), names=qn("names"), name=qn("name"), code=qn("code"),
                                native_name=qn("native_name"))
        parts.append(f"SELECT t.{offer_column}, {kind}, {select} FROM {through_table} t "
                     f"JOIN {table(model)} v ON v.{qn('id')} = t.{other_column} "
                     f"WHERE t.{offer_column} IN ({marks})")
    sql = " UNION ALL ".join(parts) + " ORDER BY 1, 2, 3, 4"
    with connection.cursor() as cursor:
        cursor.execute(sql, ids * 3)
        return cursor.fetchall()


def with_actor_relations(qs):
    return qs.select_related("municipality").prefetch_related(
        "districts", "languages",
        Prefetch("contacts", queryset=ContactPerson.objects.filter(publish=True), to_attr="public_contacts"),
    )


def with_measure_relations(qs):
    return qs.select_related("concept__municipality", "responsible_actor").prefetch_related(
        "fields", "goals", "target_groups", "districts", "status_changes",
        Prefetch("partner_actors", queryset=Actor.objects.public(), to_attr="public_partners"),
    )


def public_fields(m):
    """Fields of action of any public (adopted or superseded) concept of `m`: what events,
    ideas, news and topics may be filtered by."""
    return FieldOfAction.objects.public().filter(concept__municipality=m)
