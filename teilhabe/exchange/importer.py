"""Import a teilhabe-exchange/1 document (see docs/exchange-format.md).

All or nothing: the document is checked against the schema (validate.py), then every
reference, duplicate and model rule is checked against the document and the database,
and only when no problem at all was found is everything written in one transaction.

The import plans first and writes afterwards. Planning builds one `_Item` per object the
document mentions: the model instance with the new values set in memory, the values it
had in the database, and the related objects it should point to. Writing then creates
and updates in bulk, kind by kind, in dependency order, and records one ChangeRecord per
created, changed or deleted object. An object whose values do not change is not
written at all, so importing the same document twice changes nothing the second time.
"""
import datetime
import decimal
import sys
from collections import defaultdict
from dataclasses import dataclass, field as dataclass_field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.lib.html import sanitize_html
from teilhabe.municipalities.history import diff, recorded_fields, scrub, snapshot_value
from teilhabe.municipalities.models import (
    ChangeRecord, District, Language, Municipality, TargetGroup,
)
from teilhabe.offers.models import TRANSLATED_FIELDS, Offer, OfferTranslation
from teilhabe.strategy.models import (
    Concept, FieldOfAction, Goal, GuidelineSection, Measure, MeasureStatusChange,
)

from . import (
    course_sections, monitoring_sections, network_sections, news_sections, participation_sections,
    topic_sections, translation_sections,
)
from .validate import ExchangeError, Problem, render_path, schema_problems

__all__ = ["ExchangeError", "ImportSummary", "import_document", "validate_document"]

BATCH = 500

# Model field → where its value sits in the document (relative to the object).
MUNICIPALITY_FIELDS = {
    "name": ("name",), "kind": ("kind",), "ags": ("ags",),
    "office_name": ("office", "name"), "office_email": ("office", "email"),
    "office_phone": ("office", "phone"), "office_address": ("office", "address"),
    "transit_planner_url": ("transit_planner_url",),
}
DISTRICT_FIELDS = {"name": ("name",)}
TARGET_GROUP_FIELDS = {"names": ("name",), "position": ("position",)}
CONCEPT_FIELDS = {
    "title": ("title",), "summary": ("summary",), "period_start": ("period_start",),
    "period_end": ("period_end",), "adopted_on": ("adopted_on",), "adopted_by": ("adopted_by",),
    "status": ("status",),
}
FIELD_FIELDS = {"names": ("name",), "description": ("description",), "position": ("position",)}
GOAL_FIELDS = {"title": ("title",), "description": ("description",), "kind": ("kind",),
               "position": ("position",)}
MEASURE_FIELDS = {
    "title": ("title",), "description": ("description",), "status": ("status",),
    "start_date": ("start_date",), "end_date": ("end_date",),
    "funding_source": ("funding_source",), "budget": ("budget",), "is_public": ("public",),
}
ACTOR_FIELDS = {
    "name": ("name",), "kind": ("kind",), "description": ("description",),
    "street": ("address", "street"), "postcode": ("address", "postcode"), "city": ("address", "city"),
    "website": ("website",), "email": ("email",), "phone": ("phone",), "is_published": ("published",),
}
CONTACT_FIELDS = {
    "role": ("role",), "name": ("name",), "email": ("email",), "phone": ("phone",),
    "consent_at": ("consent_at",), "consent_note": ("consent_note",), "publish": ("publish",),
}
OFFER_FIELDS = {
    **{name: (name, "de") for name in TRANSLATED_FIELDS},
    "place_name": ("place", "name"), "street": ("place", "street"),
    "postcode": ("place", "postcode"), "city": ("place", "city"),
    "latitude": ("place", "latitude"), "longitude": ("place", "longitude"),
    "opening_hours": ("opening_hours", "hours"), "by_appointment": ("opening_hours", "by_appointment"),
    "closed_on_holidays": ("opening_hours", "closed_on_holidays"), "closing_days": ("opening_hours", "closing_days"),
    "contact_name": ("contact", "name"), "contact_email": ("contact", "email"),
    "contact_phone": ("contact", "phone"), "website": ("website",), "is_published": ("published",),
}
GUIDELINE_FIELDS = {"title": ("title",), "body": ("body",)}

# Summary lines, in the order of the document.
KINDS = [
    ("municipality", "Kommune"), ("districts", "Stadtteile"), ("target_groups", "Zielgruppen"),
    ("concepts", "Konzeptversionen"), ("guidelines", "Leitlinienabschnitte"),
    ("fields_of_action", "Handlungsfelder"), ("goals", "Ziele"), ("measures", "Maßnahmen"),
    ("actors", "Akteure"), ("contacts", "Ansprechpersonen"), ("offers", "Angebote"),
    ("translations", "Übersetzungen"),
    *course_sections.KINDS, *monitoring_sections.KINDS, *participation_sections.KINDS, *network_sections.KINDS,
    *topic_sections.KINDS, *news_sections.KINDS, *translation_sections.KINDS,
]
# Kinds the search index knows nothing of: changing only these needs no refresh.
UNINDEXED = {kind for kind, _label in course_sections.KINDS + monitoring_sections.KINDS
             + participation_sections.KINDS + network_sections.KINDS}


@dataclass
class ImportSummary:
    """What an import did: per kind, how many objects were created, updated, left
    unchanged or deleted, and how many change records were written."""

    slug: str
    name: str
    counts: dict = dataclass_field(default_factory=dict)
    change_records: int = 0

    def count(self, kind, what):
        return self.counts.get(kind, {}).get(what, 0)

    def created(self, kind):
        return self.count(kind, "created")

    def updated(self, kind):
        return self.count(kind, "updated")

    @property
    def changed(self):
        return any(c.get("created") or c.get("updated") or c.get("deleted") for c in self.counts.values())

    def lines(self):
        lines = [_("Import nach „%(name)s“ (%(slug)s):") % {"name": self.name, "slug": self.slug}]
        for kind, label in KINDS:
            counts = self.counts.get(kind)
            if not counts or not any(counts.values()):
                continue
            parts = [_("%(n)s neu") % {"n": counts.get("created", 0)},
                     _("%(n)s geändert") % {"n": counts.get("updated", 0)},
                     _("%(n)s unverändert") % {"n": counts.get("unchanged", 0)}]
            if counts.get("deleted"):
                parts.append(_("%(n)s gelöscht") % {"n": counts["deleted"]})
            lines.append(f"  {_(label)}: {', '.join(parts)}")
        lines.append(_("  %(n)s Einträge in der Änderungshistorie") % {"n": self.change_records})
        return lines

    def __str__(self):
        return "\n".join(self.lines())


def import_document(data, *, via="import", progress=False, user=None, files=None):
    """Import `data` (a parsed document). Returns an ImportSummary; raises
    ExchangeError listing every problem, with nothing written, if anything is wrong.
    `files`: the directory `teilhabe export --files` wrote the document's media into."""
    return _Import(data, via=via, user=user, progress=progress, files=files).run()


def validate_document(data, *, files=None):
    """Every problem `import_document` would report, without writing anything."""
    try:
        _Import(data, via="", user=None, progress=False, files=files).run(write=False)
    except ExchangeError as error:
        return error.problems
    return []


class _Item:
    """One object the document mentions, as planned."""

    __slots__ = ("kind", "obj", "path", "new", "before", "base", "fks", "m2m", "before_m2m", "changed",
                 "extra", "children")

    def __init__(self, kind, obj, path, *, before_m2m=None):
        self.kind = kind
        self.obj = obj
        self.path = path
        self.new = obj.pk is None
        # What the database held before the import (attname → value), and what it
        # holds now (updated after every write).
        self.before = None if self.new else _values(obj)
        self.base = self.before
        self.before_m2m = before_m2m or {}
        self.fks = {}     # field name → target instance (or None), set when writing
        self.m2m = {}     # field name → target instances, replacing the whole set
        self.changed = False
        self.extra = None
        self.children = []  # an offer's translation items


def _values(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _lookup(raw, path):
    node = raw
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _chunks(seq, size=BATCH):
    seq = list(seq)
    for start in range(0, len(seq), size):
        yield seq[start:start + size]


class _Import:
    def __init__(self, data, *, via, user, progress, problems=(), files=None):
        self.data = data
        self.files = files  # directory of the media (news_sections), or None
        self.via = via
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.progress = progress
        self.problems = list(problems)
        self.items = defaultdict(list)      # kind → [_Item]
        self.deleted = defaultdict(list)    # kind → [_Item] (base = values before deletion)
        self.registry = {}                  # (model, pk) → instance, for labels after writing
        self.after_labels = {}
        self.db_labels = {}                 # (model, pk) → str() as loaded, for labels before
        self.m2m_ids = {}                   # (model, field name) → {pk: set of target pks}
        self.bar = None

    # ------------------------------------------------------------------ driver

    def run(self, write=True, preview=False):
        """Check, then write; `write=False` stops after the checks; `preview=True` writes
        and rolls back, to say what an import would do."""
        problems = schema_problems(self.data)
        self.problems.extend(problems)
        # Objects whose structure is broken are left out of the checks that follow
        # (unknown keys alone do not break it); without a readable municipality
        # there is nothing to check against.
        broken = [p for p in problems if p.keyword != "additionalProperties"]
        if not isinstance(self.data, dict) or any(p.path[:1] in ((), ("municipality",)) for p in broken):
            raise ExchangeError(self.problems)
        self.bad_lists = {p.path[0] for p in broken if len(p.path) == 1}
        self.bad_items = {p.path[:2] for p in broken if len(p.path) >= 2}
        # Progress: each object of the document once when checked, once when written.
        total = 1 + sum(self.listed(kind) for kind, _label in KINDS)
        self.bar = tqdm(total=2 * total, desc=_("Prüfen"), unit="", file=sys.stderr, delay=1.0,
                        leave=False, disable=None if self.progress else True, dynamic_ncols=True)
        try:
            with transaction.atomic():
                self.load()
                course_sections.load(self)
                monitoring_sections.load(self)
                participation_sections.load(self)
                network_sections.load(self)
                for section in (topic_sections, news_sections, translation_sections):
                    section.load(self)
                self.plan()
                if self.problems:
                    raise ExchangeError(self.problems)
                if not write:
                    return None
                summary = self.write()
                if preview:
                    transaction.set_rollback(True)
                    return summary
                if any(c.get("created") or c.get("updated") or c.get("deleted")
                       for kind, c in summary.counts.items() if kind not in UNINDEXED):
                    # Bulk writes send no signals: bring the search index up to date in the
                    # same transaction; the worker computes the new vectors afterwards.
                    from teilhabe.search.index import refresh_municipality

                    refresh_municipality(self.m)
                return summary
        except DatabaseError as error:
            # A constraint the checks did not foresee, or a concurrent edit: report it
            # like any other problem; the transaction has been rolled back.
            raise ExchangeError([Problem((), _("Die Datenbank hat den Import abgelehnt: %(reason)s") % {
                "reason": str(error).strip()})]) from None
        finally:
            self.bar.close()

    def listed(self, kind):
        items = self.data.get(kind)
        return len(items) if isinstance(items, list) else 0

    def problem(self, path, message):
        self.problems.append(Problem(tuple(path), str(message)))

    def each_identity(self, kind, key):
        """(index, object, broken) of a list in the document. Objects that failed the
        schema check come too, as long as their identity is readable: they are not
        checked further, but references to them must not be reported on top."""
        items = self.data.get(kind)
        if kind in self.bad_lists or not isinstance(items, list):
            return []
        return [(i, raw, (kind, i) in self.bad_items) for i, raw in enumerate(items)
                if isinstance(raw, dict) and isinstance(raw.get(key), str)]

    # ------------------------------------------------------------------ loading

    def _register(self, objs):
        for obj in objs:
            self.registry[(type(obj), obj.pk)] = obj
            self.db_labels[(type(obj), obj.pk)] = str(obj)
        return objs

    def _load_m2m(self, model, name, owners_filter):
        field = model._meta.get_field(name)
        through = field.remote_field.through
        src, tgt = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
        ids = defaultdict(set)
        for owner, target in through.objects.filter(**owners_filter).values_list(src, tgt):
            ids[owner].add(target)
        self.m2m_ids[(model, name)] = ids

    def before_m2m(self, obj):
        if obj.pk is None:
            return {}
        model = type(obj)
        return {f.name: set(self.m2m_ids.get((model, f.name), {}).get(obj.pk, ()))
                for f in model._meta.many_to_many}

    def load(self):
        slug = self.data["municipality"]["slug"]
        self.languages = {lang.code: lang for lang in self._register(list(Language.objects.all()))}
        m = Municipality.objects.filter(slug=slug).select_related("parent").first()
        self.districts, self.target_groups, self.concepts = {}, {}, {}
        self.fields, self.goals, self.measures = {}, {}, {}
        self.actors, self.contacts, self.offers = {}, defaultdict(dict), {}
        self.translations, self.guidelines, self.status_rows = defaultdict(dict), defaultdict(list), defaultdict(list)
        self.goals_by_id = {}
        if m is None:
            self.m = Municipality(slug=slug)
            return
        self.m = m
        self._register([m] + ([m.parent] if m.parent_id else []))
        self._load_m2m(Municipality, "languages", {"municipality_id": m.pk})
        for d in self._register(list(District.objects.filter(municipality=m))):
            d.municipality = m
            self.districts[d.key] = d
        for t in self._register(list(TargetGroup.objects.filter(municipality=m))):
            t.municipality = m
            self.target_groups[t.key] = t
        concepts_by_id = {}
        for c in self._register(list(Concept.objects.filter(municipality=m))):
            c.municipality = m
            self.concepts[c.version] = concepts_by_id[c.pk] = c
        for g in self._register(list(GuidelineSection.objects.filter(concept__municipality=m).order_by(
                "concept_id", "position", "id"))):
            g.concept = concepts_by_id[g.concept_id]
            self.guidelines[g.concept_id].append(g)
        for f in self._register(list(FieldOfAction.objects.filter(concept__municipality=m))):
            f.concept = concepts_by_id[f.concept_id]
            self.fields[(f.concept.version, f.key)] = f
        goals_by_id = {}
        for g in self._register(list(Goal.objects.filter(concept__municipality=m))):
            g.concept = concepts_by_id[g.concept_id]
            self.goals[(g.concept.version, g.key)] = goals_by_id[g.pk] = g
        self.goals_by_id = goals_by_id
        for a in self._register(list(Actor.objects.filter(municipality=m))):
            a.municipality = m
            self.actors[a.external_id] = a
        actors_by_id = {a.pk: a for a in self.actors.values()}
        for c in self._register(list(ContactPerson.objects.filter(actor__municipality=m))):
            c.actor = actors_by_id[c.actor_id]
            self.contacts[c.actor_id][c.key] = c
        for name in ("districts", "languages", "works_in"):
            self._load_m2m(Actor, name, {"actor__municipality": m})
        measures = list(Measure.objects.filter(concept__municipality=m))
        for x in self._register(measures):
            x.concept = concepts_by_id[x.concept_id]
            self.measures[(x.concept.version, x.external_id)] = x
        for name in ("fields", "goals", "partner_actors", "target_groups", "districts"):
            self._load_m2m(Measure, name, {"measure__concept__municipality": m})
        for row in MeasureStatusChange.objects.filter(measure__concept__municipality=m).order_by(
                "measure_id", "changed_on", "id"):
            self.status_rows[row.measure_id].append(row)
        offers = list(Offer.objects.filter(municipality=m))
        for o in self._register(offers):
            o.municipality = m
            self.offers[o.external_id] = o
        for name in ("target_groups", "districts", "languages", "serves"):
            self._load_m2m(Offer, name, {"offer__municipality": m})
        offers_by_id = {o.pk: o for o in offers}
        languages_by_id = {lang.pk: lang for lang in self.languages.values()}
        for t in OfferTranslation.objects.filter(offer__municipality=m):
            t.offer = offers_by_id[t.offer_id]
            t.language = languages_by_id[t.language_id]
            self._register([t])
            self.translations[t.offer_id][t.language.code] = t

    # ------------------------------------------------------------------ planning helpers

    def item(self, kind, obj, path):
        it = _Item(kind, obj, path, before_m2m=self.before_m2m(obj))
        self.items[kind].append(it)
        return it

    def assign(self, it, raw, mapping, *, paths=None):
        """Set the values the document gives (mapping: field → document path), then
        check them with the model fields' own validators. Returns True when clean."""
        obj, given = it.obj, {}
        for name, path in mapping.items():
            present, value = _lookup(raw, path)
            if present:
                if isinstance(value, float) and isinstance(obj._meta.get_field(name), models.DecimalField):
                    value = decimal.Decimal(repr(value))  # the number as written (7.223), not its binary neighbour
                given[name] = value
                setattr(obj, name, value)
        return self.clean_fields(it, given, paths or mapping)

    def clean_fields(self, it, given, paths):
        obj = it.obj
        try:
            obj.clean_fields(exclude=[f.name for f in obj._meta.fields if f.name not in given])
        except ValidationError as error:
            self.validation_problems(it.path, error, paths)
            return False
        for name in given:
            f = obj._meta.get_field(name)
            value = getattr(obj, f.attname)
            if isinstance(f, models.DateTimeField) and value is not None and timezone.is_naive(value):
                setattr(obj, f.attname, timezone.make_aware(value))
            elif isinstance(f, models.DecimalField) and value is not None:
                setattr(obj, f.attname, value.quantize(decimal.Decimal(1).scaleb(-f.decimal_places)))
        return True

    def validation_problems(self, path, error, paths):
        for name, messages in error.message_dict.items():
            where = () if name == NON_FIELD_ERRORS else paths.get(name, (name,))
            for message in messages:
                self.problem(path + where, message)

    def model_clean(self, it, paths):
        try:
            it.obj.clean()
        except ValidationError as error:
            self.validation_problems(it.path, error, paths)

    def duplicates(self, seen, identity, path, id_key):
        if identity in seen:
            self.problem(path + (id_key,), _("doppelt; schon in %(path)s") % {"path": render_path(seen[identity])})
            return True
        seen[identity] = path
        return False

    def refs(self, it, raw, name, index, message, *, key=None, paths=(), scope=None):
        """Replace a many-to-many set with the objects the document names."""
        key = key or name
        if key not in raw:
            return
        targets = []
        for j, ref in enumerate(raw[key]):
            target = index.get(ref if scope is None else (scope, ref))
            if target is None:
                self.problem(it.path + (key, j), message % {"key": ref, "version": scope})
            else:
                targets.append(target)
        it.m2m[name] = targets

    def ref(self, it, raw, name, index, message, *, key=None, scope=None, required=False):
        """Point a foreign key at the object the document names (null: at none)."""
        key = key or name
        if key not in raw:
            return
        value = raw[key]
        if value is None or (value == "" and not required):
            it.fks[name] = None
            return
        if value == "":
            self.problem(it.path + (key,), _("Pflichtangabe fehlt"))
            return
        target = index.get(value if scope is None else (scope, value))
        if target is None:
            self.problem(it.path + (key,), message % {"key": value, "version": scope})
        else:
            it.fks[name] = target

    def delete_item(self, kind, obj, path):
        """Plan the deletion of an object a nested list no longer names."""
        self.deleted[kind].append(_Item(kind, obj, path))

    def tick(self, n=1):
        self.bar.update(n)

    # ------------------------------------------------------------------ planning

    def plan(self):
        self.plan_municipality()
        self.plan_vocabularies()
        self.plan_actor_identities()
        self.plan_concepts()
        self.plan_concept_items()
        self.plan_actors()
        self.add_other_actors()
        self.plan_measures()
        self.plan_offers()
        course_sections.plan(self)
        monitoring_sections.plan(self)
        participation_sections.plan(self)
        network_sections.plan(self)
        topic_sections.plan(self)
        news_sections.plan(self)
        translation_sections.plan(self)  # last: it names objects of every other kind

    def plan_municipality(self):
        raw = self.data["municipality"]
        it = self.item("municipality", self.m, ("municipality",))
        self.assign(it, raw, {"slug": ("slug",), **MUNICIPALITY_FIELDS})
        if "parent" in raw:
            parent = None
            if raw["parent"] is not None:
                parent = Municipality.objects.filter(slug=raw["parent"]).first()
                if parent is None or parent.slug == self.m.slug:
                    self.problem(("municipality", "parent"), _("unbekannter Kreis '%(key)s'") % {"key": raw["parent"]})
                    parent = None
                else:
                    self._register([parent])
            it.obj.parent = parent
        try:
            it.obj.clean()
        except ValidationError as error:
            self.validation_problems(it.path, error, {"parent": ("parent",)})
        self.refs(it, raw, "languages", self.languages, _("unbekannte Sprache '%(key)s'"))
        self.tick()

    def plan_vocabularies(self):
        for kind, model, mapping, index in (
            ("districts", District, DISTRICT_FIELDS, self.districts),
            ("target_groups", TargetGroup, TARGET_GROUP_FIELDS, self.target_groups),
        ):
            seen = {}
            for i, raw, bad in self.each_identity(kind, "key"):
                path = (kind, i)
                if bad:
                    index.setdefault(raw["key"], model(key=raw["key"]))
                    seen.setdefault(raw["key"], path)
                    continue
                # A duplicate is still checked, on an object of its own (nothing is
                # written anyway once a duplicate is reported).
                if self.duplicates(seen, raw["key"], path, "key"):
                    obj = model(key=raw["key"])
                else:
                    obj = index.setdefault(raw["key"], model(key=raw["key"]))
                it = self.item(kind, obj, path)
                it.fks["municipality"] = self.m
                if it.new and "position" in mapping and "position" not in raw:
                    obj.position = i
                self.assign(it, raw, {"key": ("key",), **mapping})
                if "name" in raw and isinstance(raw["name"], dict) and "names" in mapping:
                    self.language_keys(path + ("name",), raw["name"])
                self.tick()

    def language_keys(self, path, texts):
        for code in texts:
            if code not in self.languages:
                self.problem(path + (code,), _("unbekannte Sprache '%(key)s'") % {"key": code})

    def plan_actor_identities(self):
        seen = {}
        self.actor_raw = []
        for i, raw, bad in self.each_identity("actors", "external_id"):
            eid = raw["external_id"]
            if bad:
                self.actors.setdefault(eid, Actor(external_id=eid))
                seen.setdefault(eid, ("actors", i))
            elif self.duplicates(seen, eid, ("actors", i), "external_id"):
                self.actor_raw.append((i, raw, Actor(external_id=eid)))
            else:
                self.actor_raw.append((i, raw, self.actors.setdefault(eid, Actor(external_id=eid))))

    def plan_concepts(self):
        seen, status = {}, {v: c.status for v, c in self.concepts.items()}
        self.concept_raw = []
        concepts = self.data.get("concepts") if "concepts" not in self.bad_lists else None
        for i, raw in enumerate(concepts if isinstance(concepts, list) else []):
            version = raw.get("version") if isinstance(raw, dict) else None
            if ("concepts", i) in self.bad_items:
                # Still known, so that references to it are not reported on top.
                if isinstance(version, int) and not isinstance(version, bool) and version > 0:
                    self.concepts.setdefault(version, Concept(version=version))
                continue
            if self.duplicates(seen, version, ("concepts", i), "version"):
                continue
            obj = self.concepts.get(version) or Concept(version=version)
            self.concepts[version] = obj
            self.concept_raw.append((i, raw, obj))
            status[version] = raw.get("status", obj.status)
        adopted = sorted(v for v, s in status.items() if s == Concept.Status.ADOPTED)
        if len(adopted) > 1:
            for i, raw, obj in self.concept_raw:
                if raw.get("status") == Concept.Status.ADOPTED:
                    self.problem(("concepts", i, "status"), _(
                        "höchstens eine Konzeptversion kann beschlossen sein; beschlossen wären die Versionen %(versions)s"
                    ) % {"versions": ", ".join(map(str, adopted))})
        if adopted:
            self.current = adopted[-1]
        elif self.concepts:
            self.current = max(self.concepts)
        else:
            self.current = None
        if self.current is None and any(self.data.get(k) for k in ("fields_of_action", "goals", "measures")):
            # Fields, goals and measures need a concept: start a draft one.
            obj = Concept(version=1, title=_("Integrationskonzept %(name)s") % {"name": self.m.name},
                          status=Concept.Status.DRAFT)
            self.concepts[1] = obj
            it = self.item("concepts", obj, ("municipality", "name"))
            it.fks["municipality"] = self.m
            self.clean_fields(it, {"title": obj.title}, {"title": ()})
            self.current = 1
        # Predecessors as they will be after the import (version → version).
        by_id = {c.pk: c for c in self.concepts.values() if c.pk is not None}
        self.predecessor = {c.version: by_id[c.predecessor_id].version if c.predecessor_id in by_id else None
                            for c in by_id.values()}
        for i, raw, obj in self.concept_raw:
            path = ("concepts", i)
            it = self.item("concepts", obj, path)
            it.fks["municipality"] = self.m
            if self.assign(it, raw, {"version": ("version",), **CONCEPT_FIELDS}):
                self.model_clean(it, CONCEPT_FIELDS)
            if "predecessor" in raw:
                previous = raw["predecessor"]
                if previous is None:
                    it.fks["predecessor"] = None
                    self.predecessor[obj.version] = None
                elif previous not in self.concepts:
                    self.problem(path + ("predecessor",), _("unbekannte Konzeptversion %(version)s") % {
                        "version": previous})
                elif previous >= obj.version:
                    self.problem(path + ("predecessor",), _("die Vorgängerversion muss älter sein"))
                else:
                    it.fks["predecessor"] = self.concepts[previous]
                    self.predecessor[obj.version] = previous
            if "guidelines" in raw:
                self.plan_guidelines(it, raw["guidelines"])
            self.tick()
        # Each version can be the predecessor of one version only.
        successors = defaultdict(list)
        for version, previous in self.predecessor.items():
            if previous is not None:
                successors[previous].append(version)
        for i, raw, obj in self.concept_raw:
            previous = self.predecessor.get(obj.version)
            if raw.get("predecessor") is not None and len(successors.get(previous, ())) > 1:
                self.problem(("concepts", i, "predecessor"), _(
                    "Version %(previous)s ist schon Vorgängerin von Version %(other)s") % {
                    "previous": previous,
                    "other": ", ".join(str(v) for v in sorted(successors[previous]) if v != obj.version)})

    def plan_guidelines(self, concept_item, sections):
        existing = list(self.guidelines.get(concept_item.obj.pk, [])) if concept_item.obj.pk else []
        for position, raw in enumerate(sections):
            path = concept_item.path + ("guidelines", position)
            obj = existing[position] if position < len(existing) else GuidelineSection()
            it = self.item("guidelines", obj, path)
            it.fks["concept"] = concept_item.obj
            obj.position = position
            obj.title = raw["title"]
            obj.body = sanitize_html(raw.get("body", ""))
            self.clean_fields(it, {"title": obj.title, "body": obj.body, "position": position}, GUIDELINE_FIELDS)
        for obj in existing[len(sections):]:
            it = _Item("guidelines", obj, concept_item.path + ("guidelines",))
            self.deleted["guidelines"].append(it)

    def concept_of(self, kind, i, raw):
        version = raw.get("concept", self.current)
        if version not in self.concepts:
            if isinstance(version, int):
                self.problem((kind, i, "concept"), _("unbekannte Konzeptversion %(version)s") % {"version": version})
            return None
        return version

    def identities(self, kind, id_key, index, model):
        """Objects of a concept-scoped list: (index, raw, version, object)."""
        seen, planned = {}, []
        for i, raw, bad in self.each_identity(kind, id_key):
            if bad:
                version = raw.get("concept", self.current)
                if isinstance(version, int) and version in self.concepts:
                    index.setdefault((version, raw[id_key]), model(**{id_key: raw[id_key]}))
                    seen.setdefault((version, raw[id_key]), (kind, i))
                continue
            version = self.concept_of(kind, i, raw)
            if version is None:
                continue
            identity = (version, raw[id_key])
            if self.duplicates(seen, identity, (kind, i), id_key):
                obj = model(**{id_key: raw[id_key]})
            else:
                obj = index.setdefault(identity, model(**{id_key: raw[id_key]}))
            planned.append((i, raw, version, obj))
        return planned

    def predecessor_ref(self, it, raw, version, index, message):
        if "predecessor" not in raw:
            return
        if raw["predecessor"] is None:
            it.fks["predecessor"] = None
            return
        previous = self.predecessor.get(version)
        if previous is None:
            self.problem(it.path + ("predecessor",), _(
                "Konzeptversion %(version)s hat keine Vorgängerversion") % {"version": version})
            return
        self.ref(it, raw, "predecessor", index, message, scope=previous)

    def plan_concept_items(self):
        fields = self.identities("fields_of_action", "key", self.fields, FieldOfAction)
        goals = self.identities("goals", "key", self.goals, Goal)
        self.measure_raw = self.identities("measures", "external_id", self.measures, Measure)
        unknown_field = _("unbekanntes Handlungsfeld '%(key)s' in Konzeptversion %(version)s")
        unknown_goal = _("unbekanntes Ziel '%(key)s' in Konzeptversion %(version)s")
        for i, raw, version, obj in fields:
            it = self.item("fields_of_action", obj, ("fields_of_action", i))
            it.fks["concept"] = self.concepts[version]
            if it.new and "position" not in raw:
                obj.position = i
            self.assign(it, raw, {"key": ("key",), **FIELD_FIELDS})
            self.language_keys(it.path + ("name",), raw["name"])
            self.predecessor_ref(it, raw, version, self.fields, unknown_field)
            self.tick()
        # Parents as they will be after the import, to refuse cycles.
        parent_of = {(g.concept.version, g.key): (g.concept.version, self.goals_by_id[g.parent_id].key)
                     for g in self.goals_by_id.values() if g.parent_id in self.goals_by_id}
        goal_items = []
        for i, raw, version, obj in goals:
            it = self.item("goals", obj, ("goals", i))
            it.fks["concept"] = self.concepts[version]
            if it.new and "position" not in raw:
                obj.position = i
            self.assign(it, raw, {"key": ("key",), **GOAL_FIELDS})
            self.ref(it, raw, "field", self.fields, unknown_field, scope=version)
            self.ref(it, raw, "parent", self.goals, unknown_goal, scope=version)
            if "parent" in raw:
                parent_of[(version, raw["key"])] = (version, raw["parent"]) if raw["parent"] else None
            self.predecessor_ref(it, raw, version, self.goals, unknown_goal)
            goal_items.append((it, version, raw["key"]))
            self.tick()
        for it, version, key in goal_items:
            node, seen = parent_of.get((version, key)), {(version, key)}
            while node is not None:
                if node in seen:
                    self.problem(it.path + ("parent",), _("Ein Ziel kann nicht sich selbst untergeordnet sein."))
                    break
                seen.add(node)
                node = parent_of.get(node)

    def plan_actors(self):
        for i, raw, obj in self.actor_raw:
            it = self.item("actors", obj, ("actors", i))
            it.fks["municipality"] = self.m
            self.assign(it, raw, {"external_id": ("external_id",), **ACTOR_FIELDS})
            self.refs(it, raw, "districts", self.districts, _("unbekannter Stadtteil '%(key)s'"))
            self.refs(it, raw, "languages", self.languages, _("unbekannte Sprache '%(key)s'"))
            if "contacts" in raw:
                self.plan_contacts(it, raw["contacts"])
            if "works_in" in raw:
                self.plan_works_in(it, raw["works_in"])
            self.tick()

    def plan_works_in(self, actor_item, slugs):
        """Other towns of the Kreis the actor works in (Actor.works_in), as the back
        office's form allows them: they must be in the database already."""
        if not hasattr(self, "kreis_towns_by_slug"):
            kreis = self.m if self.m.kind == Municipality.Kind.KREIS else self.m.parent
            towns = Municipality.objects.filter(parent=kreis) if kreis is not None and kreis.pk else []
            self.kreis_towns_by_slug = {t.slug: t for t in self._register(list(towns)) if t.slug != self.m.slug}
        targets = []
        for j, slug in enumerate(slugs):
            town = self.kreis_towns_by_slug.get(slug)
            if town is None:
                self.problem(actor_item.path + ("works_in", j), _(
                    "keine andere Stadt des Kreises in dieser Datenbank: '%(key)s' (zuerst ihr Dokument importieren)"
                ) % {"key": slug})
            else:
                targets.append(town)
        actor_item.m2m["works_in"] = targets

    def plan_contacts(self, actor_item, contacts):
        existing = dict(self.contacts.get(actor_item.obj.pk, {})) if actor_item.obj.pk else {}
        seen = {}
        for j, raw in enumerate(contacts):
            path = actor_item.path + ("contacts", j)
            if self.duplicates(seen, raw["key"], path, "key"):
                obj = ContactPerson(key=raw["key"])
            else:
                obj = existing.pop(raw["key"], None) or ContactPerson(key=raw["key"])
            it = self.item("contacts", obj, path)
            it.fks["actor"] = actor_item.obj
            if self.assign(it, raw, {"key": ("key",), **CONTACT_FIELDS}):
                self.model_clean(it, CONTACT_FIELDS)
        for obj in existing.values():
            self.deleted["contacts"].append(_Item("contacts", obj, actor_item.path + ("contacts",)))

    def add_other_actors(self):
        """Actors of another municipality that measures and offers name as
        `slug/external_id` (a Kreis's actor working in the town, Actor.works_in) join the
        index under that name; they must exist already."""
        wanted = set()
        for kind, keys in (("measures", ("responsible_actor", "partner_actors")), ("offers", ("provider",))):
            for _i, raw, _bad in self.each_identity(kind, "external_id"):
                for key in keys:
                    value = raw.get(key)
                    for ref in value if isinstance(value, list) else [value]:
                        if isinstance(ref, str) and "/" in ref:
                            wanted.add(tuple(ref.split("/", 1)))
        if not wanted:
            return
        found = Actor.objects.filter(external_id__in={eid for _slug, eid in wanted}).select_related("municipality")
        for actor in self._register(list(found)):
            if (actor.municipality.slug, actor.external_id) in wanted and actor.municipality.slug != self.m.slug:
                self.actors[f"{actor.municipality.slug}/{actor.external_id}"] = actor

    def plan_measures(self):
        unknown_actor = _("unbekannter Akteur '%(key)s'")
        status_field = MeasureStatusChange._meta.get_field("changed_on")
        note_field = MeasureStatusChange._meta.get_field("note")
        today = timezone.localdate()
        for i, raw, version, obj in self.measure_raw:
            it = self.item("measures", obj, ("measures", i))
            it.fks["concept"] = self.concepts[version]
            before_status = None if it.new else obj.status
            if self.assign(it, raw, {"external_id": ("external_id",), **MEASURE_FIELDS}):
                self.model_clean(it, MEASURE_FIELDS)
            self.refs(it, raw, "fields", self.fields,
                      _("unbekanntes Handlungsfeld '%(key)s' in Konzeptversion %(version)s"), scope=version)
            self.refs(it, raw, "goals", self.goals,
                      _("unbekanntes Ziel '%(key)s' in Konzeptversion %(version)s"), scope=version)
            self.ref(it, raw, "responsible_actor", self.actors, unknown_actor)
            self.refs(it, raw, "partner_actors", self.actors, unknown_actor)
            self.refs(it, raw, "target_groups", self.target_groups, _("unbekannte Zielgruppe '%(key)s'"))
            self.refs(it, raw, "districts", self.districts, _("unbekannter Stadtteil '%(key)s'"))
            self.predecessor_ref(it, raw, version, self.measures,
                                 _("unbekannte Maßnahme '%(key)s' in Konzeptversion %(version)s"))
            existing_rows = [] if it.new else [(r.from_status, r.to_status, r.changed_on, r.note)
                                                 for r in self.status_rows.get(obj.pk, [])]
            if "status_history" in raw:
                rows, previous = [], ""
                for k, entry in enumerate(raw["status_history"]):
                    path = it.path + ("status_history", k)
                    try:
                        changed_on = status_field.clean(entry["date"], None)
                    except ValidationError as error:
                        for message in error.messages:
                            self.problem(path + ("date",), message)
                        changed_on = None
                    note = entry.get("note", "")
                    try:
                        note_field.clean(note, None)
                    except ValidationError as error:
                        for message in error.messages:
                            self.problem(path + ("note",), message)
                    rows.append((previous, entry["status"], changed_on, note))
                    previous = entry["status"]
                if rows:
                    if "status" in raw and raw["status"] != previous:
                        self.problem(it.path + ("status",), _(
                            "weicht vom letzten Eintrag der Statushistorie ab ('%(status)s')") % {"status": previous})
                    obj.status = previous
                it.extra = (existing_rows, rows)
            elif it.new:
                # Like strategy.actions.create_measure: the history starts at the
                # measure's start if that is past, else today.
                it.extra = ([], [("", obj.status, min(obj.start_date or today, today)
                                  if isinstance(obj.start_date, datetime.date) else today, "")])
            elif obj.status != before_status:
                # The status moved without a history in the document: keep the record.
                it.extra = (existing_rows, existing_rows + [(before_status, obj.status, today, _("Import"))])
            self.tick()

    def plan_offers(self):
        seen = {}
        current = self.current
        unknown_actor = _("unbekannter Akteur '%(key)s'")
        for i, raw, bad in self.each_identity("offers", "external_id"):
            path = ("offers", i)
            eid = raw["external_id"]
            if bad:
                seen.setdefault(eid, path)
                continue
            if self.duplicates(seen, eid, path, "external_id"):
                obj = Offer(external_id=eid)
            else:
                obj = self.offers.get(eid) or Offer(external_id=eid)
            it = self.item("offers", obj, path)
            it.fks["municipality"] = self.m
            german_before = None if it.new else obj.source_texts()
            self.assign(it, raw, {"external_id": ("external_id",), **OFFER_FIELDS})
            self.ref(it, raw, "provider", self.actors, unknown_actor, required=True)
            if "field_of_action" in raw and raw["field_of_action"] and current is None:
                self.problem(path + ("field_of_action",), _("es gibt keine Konzeptversion mit Handlungsfeldern"))
            else:
                self.ref(it, raw, "field_of_action", self.fields,
                         _("unbekanntes Handlungsfeld '%(key)s' in Konzeptversion %(version)s"), scope=current)
            if "measure" in raw and raw["measure"] and current is None:
                self.problem(path + ("measure",), _("es gibt keine Konzeptversion mit Maßnahmen"))
            else:
                self.ref(it, raw, "measure", self.measures,
                         _("unbekannte Maßnahme '%(key)s' in Konzeptversion %(version)s"), scope=current)
            self.refs(it, raw, "target_groups", self.target_groups, _("unbekannte Zielgruppe '%(key)s'"))
            self.refs(it, raw, "districts", self.districts, _("unbekannter Stadtteil '%(key)s'"))
            self.refs(it, raw, "languages", self.languages, _("unbekannte Sprache '%(key)s'"))
            if "serves" in raw:
                self.plan_serves(it, raw["serves"])
            self.plan_translations(it, raw, german_before)
            self.tick()

    def plan_serves(self, offer_item, slugs):
        """The towns of its Kreis a Kreis's offer serves (Offer.serves; none: all of them),
        as the back office's form offers them: they must be in the database already."""
        if slugs and self.m.kind != Municipality.Kind.KREIS:
            self.problem(offer_item.path + ("serves",), _(
                "Nur das Angebot eines Kreises nennt die Städte und Gemeinden, für die es ist."))
            return
        towns = self.kreis_towns  # a Kreis's towns in the database (course_sections.load)
        elsewhere = set(Municipality.objects.filter(slug__in=[s for s in slugs if s not in towns])
                        .values_list("slug", flat=True)) if slugs else set()
        targets = []
        for j, slug in enumerate(slugs):
            if slug in towns:
                targets.append(towns[slug])
            elif slug in elsewhere:
                self.problem(offer_item.path + ("serves", j), _(
                    "'%(key)s' ist keine Stadt oder Gemeinde dieses Kreises") % {"key": slug})
            else:
                self.problem(offer_item.path + ("serves", j), _(
                    "keine andere Stadt des Kreises in dieser Datenbank: '%(key)s' (zuerst ihr Dokument importieren)"
                ) % {"key": slug})
        offer_item.m2m["serves"] = targets

    def plan_translations(self, offer_item, raw, german_before):
        """German text onto the offer, other languages into its translations. The offer's
        text_revision counts versions of the German text; a translation made from an
        older revision is outdated."""
        offer, path = offer_item.obj, offer_item.path
        texts = defaultdict(dict)
        for name in TRANSLATED_FIELDS:
            for code, text in (raw.get(name) or {}).items():
                if code == "de":
                    continue
                if code not in self.languages:
                    self.problem(path + (name, code), _("unbekannte Sprache '%(key)s'") % {"key": code})
                else:
                    texts[code][name] = text
        outdated = set()
        for k, code in enumerate(raw.get("outdated_translations", [])):
            if code not in texts:
                self.problem(path + ("outdated_translations", k), _(
                    "keine Übersetzung '%(key)s' in diesem Angebot") % {"key": code})
            outdated.add(code)
        revision = offer.text_revision
        if german_before is not None and german_before != offer.source_texts():
            revision += 1
        elif outdated and revision < 2:
            # An outdated translation was made from an earlier German text than the
            # current one, so there must have been one. Translations not in the
            # document that were up to date stay up to date.
            revision = 2
            existing = self.translations.get(offer.pk, {}) if offer.pk else {}
            for code, t in existing.items():
                if code not in texts and t.source_revision == offer.text_revision:
                    offer_item.children.append(self.item("translations", t, path))
                    t.source_revision = revision
        offer.text_revision = revision
        existing = self.translations.get(offer.pk, {}) if offer.pk else {}
        for code, values in texts.items():
            t = existing.get(code)
            if t is None:
                if "title" not in values:
                    self.problem(path + ("title", code), _(
                        "Pflichtangabe fehlt: die Übersetzung '%(key)s' braucht einen Titel") % {"key": code})
                    continue
                t = OfferTranslation()
            it = self.item("translations", t, path)
            offer_item.children.append(it)
            it.fks["offer"] = offer
            it.fks["language"] = self.languages[code]
            for name, value in values.items():
                setattr(t, name, value)
            self.clean_fields(it, values, {name: (name, code) for name in TRANSLATED_FIELDS})
            if code in outdated:
                if t.pk is None or t.source_revision >= revision:
                    t.source_revision = revision - 1
            else:
                t.source_revision = revision

    # ------------------------------------------------------------------ writing

    def write(self):
        self.now = timezone.now()
        self.bar.set_description(_("Schreiben"))

        def rows(kind, model):
            self.create(model, self.items[kind])
            self.update(model, self.items[kind])
            self.write_m2m(model, self.items[kind])

        rows("municipality", Municipality)
        self.tick()
        for kind, model in (("districts", District), ("target_groups", TargetGroup)):
            rows(kind, model)
            self.tick(self.listed(kind))
        self.write_concepts(self.items["concepts"])
        self.delete("guidelines", GuidelineSection)
        rows("guidelines", GuidelineSection)
        self.tick(self.listed("concepts"))
        for kind, model in (("fields_of_action", FieldOfAction), ("goals", Goal)):
            rows(kind, model)
            self.tick(self.listed(kind))
        rows("actors", Actor)
        self.delete("contacts", ContactPerson)
        rows("contacts", ContactPerson)
        self.tick(self.listed("actors"))
        rows("measures", Measure)
        self.write_status_rows(self.items["measures"])
        self.tick(self.listed("measures"))
        rows("offers", Offer)
        self.tick(self.listed("offers") // 2)
        rows("translations", OfferTranslation)
        course_sections.write(self, rows)
        monitoring_sections.write(self, rows)
        participation_sections.write(self, rows)
        network_sections.write(self, rows)
        for section in (topic_sections, news_sections, translation_sections):
            section.write(self, rows)
        summary = ImportSummary(slug=self.m.slug, name=self.m.name)
        summary.change_records = self.write_records()
        self.tick(self.bar.total - self.bar.n)
        for kind, _label in KINDS:
            counts = {"created": 0, "updated": 0, "unchanged": 0, "deleted": len(self.deleted.get(kind, ()))}
            for it in self.items.get(kind, ()):
                counts["created" if it.new else "updated" if it.changed else "unchanged"] += 1
            summary.counts[kind] = counts
        return summary

    def apply_fks(self, it, *, skip=()):
        """Point the object at its targets; False while a target is not yet saved."""
        ready = True
        for name, target in it.fks.items():
            if name in skip:
                continue
            if target is not None and target.pk is None:
                ready = False
                continue
            setattr(it.obj, name, target)
        return ready

    def create(self, model, items, *, skip=()):
        new = [it for it in items if it.new and it.base is None]
        if not new:
            return
        for it in new:
            # A target of the same kind that is created in this batch, too (a parent
            # goal, a predecessor), is set by update() once it has its key.
            self.apply_fks(it, skip=skip)
        model.objects.bulk_create([it.obj for it in new], batch_size=BATCH)
        for it in new:
            it.base = _values(it.obj)
            self.registry[(model, it.obj.pk)] = it.obj

    def update(self, model, items, *, skip=(), only=None, apply=True):
        auto_now = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        compared = [f for f in model._meta.concrete_fields
                    if not f.primary_key and f not in auto_now and not getattr(f, "auto_now_add", False)]
        groups = defaultdict(list)
        for it in items:
            if only is not None and not only(it):
                continue
            if apply:
                self.apply_fks(it, skip=skip)
            changed = [f for f in compared if f.name not in skip
                       and getattr(it.obj, f.attname) != it.base[f.attname]]
            if not changed:
                continue
            for f in auto_now:
                setattr(it.obj, f.attname, self.now)
            names = tuple(f.name for f in changed + auto_now)
            groups[names].append(it)
            if not it.new:
                it.changed = True
        for names, group in groups.items():
            _update_rows(model, [it.obj for it in group], names)
            for it in group:
                it.base = _values(it.obj)

    def write_concepts(self, items):
        # At most one concept may be adopted after every statement: first save the
        # ones that stop being adopted, then create new ones, then the ones that
        # become adopted; predecessors (one successor each) last.
        adopted = Concept.Status.ADOPTED
        skip = ("predecessor",)
        self.update(Concept, items, skip=skip, only=lambda it: not it.new and it.obj.status != adopted)
        self.create(Concept, items, skip=skip)
        self.update(Concept, items, skip=skip, only=lambda it: not it.new and it.obj.status == adopted)
        moving = [it for it in items if "predecessor" in it.fks and it.base["predecessor_id"] is not None
                  and it.fks["predecessor"] is not None and it.fks["predecessor"].pk != it.base["predecessor_id"]]
        for it in moving:
            it.obj.predecessor = None
        self.update(Concept, moving, only=lambda it: True, apply=False)
        self.update(Concept, items, only=lambda it: True)

    def write_m2m(self, model, items):
        for f in model._meta.many_to_many:
            through = f.remote_field.through
            src, tgt = f.m2m_field_name() + "_id", f.m2m_reverse_field_name() + "_id"
            cleared, rows = [], []
            for it in items:
                if f.name not in it.m2m:
                    continue
                wanted = {target.pk for target in it.m2m[f.name]}
                if wanted == it.before_m2m.get(f.name, set()):
                    continue
                if not it.new:
                    it.changed = True
                    cleared.append(it.obj.pk)
                rows.extend((it.obj.pk, pk) for pk in sorted(wanted))
            for chunk in _chunks(cleared):
                through.objects.filter(**{src + "__in": chunk}).delete()
            _insert_pairs(through, src, tgt, rows)

    def write_status_rows(self, items):
        stale, rows = [], []
        for it in items:
            if it.extra is None:
                continue
            existing, wanted = it.extra
            # from_status follows from the order; only what the document can say counts.
            if [row[1:] for row in existing] == [row[1:] for row in wanted]:
                continue
            if not it.new:
                it.changed = True
                stale.extend(r.pk for r in self.status_rows.get(it.obj.pk, []))
            rows.extend(MeasureStatusChange(measure=it.obj, from_status=a, to_status=b, changed_on=on, note=note)
                        for a, b, on, note in wanted)
        for chunk in _chunks(stale):
            MeasureStatusChange.objects.filter(pk__in=chunk).delete()
        MeasureStatusChange.objects.bulk_create(rows, batch_size=BATCH)

    def delete(self, kind, model):
        doomed = self.deleted.get(kind, [])
        for chunk in _chunks([it.obj.pk for it in doomed]):
            model.objects.filter(pk__in=chunk).delete()

    # ------------------------------------------------------------------ history

    def label_before(self, model, pk):
        label = self.db_labels.get((model, pk))
        return label if label is not None else self.label_after(model, pk)

    def label_after(self, model, pk):
        # Nothing changes any more once written: each label is worked out once.
        label = self.after_labels.get((model, pk))
        if label is None:
            obj = self.registry.get((model, pk))
            if obj is None:
                obj = self.registry[(model, pk)] = model._default_manager.get(pk=pk)
            label = self.after_labels[(model, pk)] = str(obj)
        return label

    def snapshot(self, model, values, m2m, label):
        """Like history.snapshot, from values instead of a fresh object, so that
        thousands of objects need no queries."""
        data = {}
        for f in recorded_fields(model):
            value = values[f.attname]
            if f.is_relation:
                data[f.name] = label(f.related_model, value) if value is not None else None
            else:
                data[f.name] = snapshot_value(value)
        for f in model._meta.many_to_many:
            data[f.name] = sorted(label(f.related_model, pk) for pk in m2m.get(f.name, ()))
        return data

    def translation_texts(self, offer, *, before):
        """An offer's translations as the offer's own history fields (title_en …),
        as Offer.history_extra has them: before or after the import."""
        found = list(self.translations.get(offer.pk, {}).values()) if offer.pk else []
        if not before:
            found += self.new_translations.get(id(offer), [])
        data = {}
        for t in found:
            values = (self.translation_before.get(t.pk) if before else None) or _values(t)
            code = self.languages_by_id[values["language_id"]].code
            for name in TRANSLATED_FIELDS:
                data[f"{name}_{code}"] = values[name]
        return data

    def write_records(self):
        records = []
        types = {}
        self.languages_by_id = {lang.pk: lang for lang in self.languages.values()}
        self.new_translations = defaultdict(list)
        self.translation_before = {}
        for it in self.items["translations"]:
            if it.new:
                self.new_translations[id(it.fks["offer"])].append(it.obj)
            else:
                self.translation_before[it.obj.pk] = it.before

        def content_type(model):
            if model not in types:
                types[model] = ContentType.objects.get_for_model(model)
            return types[model]

        def add(it, action, changes):
            records.append(ChangeRecord(
                municipality=self.m, content_type=content_type(type(it.obj)), object_id=it.obj.pk,
                object_repr=str(it.obj)[:200], user=self.user, via=self.via, action=action,
                changes=scrub(type(it.obj), changes)))

        for kind, _label in KINDS:
            if kind in ("translations", "content_translations"):
                continue  # an offer's: part of its record; others: none, as the XLIFF import writes none
            for it in self.deleted.get(kind, ()):
                before = self.snapshot(type(it.obj), it.before, self.before_m2m(it.obj), self.label_before)
                add(it, ChangeRecord.Action.DELETE,
                    {name: [value, None] for name, value in before.items() if value not in (None, "", [])})
            for it in self.items.get(kind, ()):
                if not (it.new or it.changed or any(c.new or c.changed for c in it.children)):
                    continue
                model = type(it.obj)
                after_m2m = {**it.before_m2m, **{name: {t.pk for t in targets} for name, targets in it.m2m.items()}}
                after = self.snapshot(model, _values(it.obj), after_m2m, self.label_after)
                before = None if it.new else self.snapshot(model, it.before, it.before_m2m, self.label_before)
                if model is Offer:
                    after.update(self.translation_texts(it.obj, before=False))
                    if before is not None:
                        before.update(self.translation_texts(it.obj, before=True))
                changes = diff(before, after)
                if changes:
                    add(it, ChangeRecord.Action.CREATE if it.new else ChangeRecord.Action.UPDATE, changes)
        ChangeRecord.objects.bulk_create(records, batch_size=BATCH)
        return len(records)


def _update_rows(model, objs, names):
    """UPDATE … WHERE id = … for many objects in one executemany. Django's bulk_update
    builds a CASE expression per field and batch, which takes most of the time of an
    import that changes thousands of offers."""
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table), ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column))
    params = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
              for obj in objs]
    with connection.cursor() as cursor:
        for chunk in _chunks(params, 2000):
            cursor.executemany(sql, chunk)


def _insert_pairs(through, src, tgt, pairs):
    """Many-to-many rows without building a model instance for each."""
    if not pairs:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}, {}) VALUES (%s, %s)".format(
        quote(through._meta.db_table), quote(through._meta.get_field(src.removesuffix("_id")).column),
        quote(through._meta.get_field(tgt.removesuffix("_id")).column))
    with connection.cursor() as cursor:
        for chunk in _chunks(pairs, 5000):
            cursor.executemany(sql, chunk)
