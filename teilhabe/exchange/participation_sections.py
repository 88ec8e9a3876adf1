"""The participation sections of the exchange format (docs/exchange-format.md): `events`
with their workshops, anonymous attendance tallies and attending organisations, and
`ideas` with their status history.

Planned and written through the importer's machinery (importer._Import), like
course_sections: checks by path, the one all-or-nothing transaction, upsert by `uid`,
change history for events, workshops and ideas.

Personal data: never in the format. An event carries no registration (its free places are
derived from them, so a moved event has all its places free); an idea carries no
submitter (name, e-mail, phone, address, contact wish, consent, language), no private link
or token, no supporter and no comment — only what the office decides and what the idea
says. Who transcribed an idea or changed its status is a user, and users are not part of
the format either."""
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from teilhabe.actors.models import Actor
from teilhabe.participation.models import (
    AttendanceTally, AttendingActor, Event, Idea, IdeaStatusChange, Workshop,
)

EVENT_FIELDS = {
    "kind": ("kind",), "title": ("title",), "description": ("description",), "starts_at": ("starts_at",),
    "ends_at": ("ends_at",), "place_name": ("place", "name"), "street": ("place", "street"),
    "postcode": ("place", "postcode"), "city": ("place", "city"), "latitude": ("place", "latitude"),
    "longitude": ("place", "longitude"), "organiser": ("organiser",), "capacity": ("capacity",),
    "registration_open": ("registration_open",), "is_public": ("public",), "consent_text": ("consent_text",),
    "guests_counted": ("guests_counted",),
}
WORKSHOP_FIELDS = {"title": ("title",), "capacity": ("capacity",), "position": ("position",)}
IDEA_FIELDS = {
    "title": ("title",), "description": ("description",), "channel": ("channel",),
    "received_on": ("received_on",), "status": ("status",), "decision_reason": ("decision_reason",),
    "decided_at": ("decided_at",),
}
KINDS = [("events", "Veranstaltungen"), ("workshops", "Arbeitsgruppen / Tische"), ("ideas", "Ideen")]


def actor_reference(actor, m):
    """An actor as the document names it: its external_id when it is `m`'s own, else
    `slug/external_id` (a Kreis's actor working in the town, Actor.works_in)."""
    return actor.external_id if actor.municipality_id == m.pk else f"{actor.municipality.slug}/{actor.external_id}"


def resolve_actor(imp, it, key, value):
    """The actor a reference names: the document's or the database's own, or another
    municipality's (`slug/external_id`) that exists already; None with a problem otherwise."""
    if "/" not in value:
        actor = imp.actors.get(value)
    else:
        cache = imp.__dict__.setdefault("foreign_actors", {})
        if value not in cache:
            slug, eid = value.split("/", 1)
            cache[value] = imp._register(list(Actor.objects.filter(municipality__slug=slug, external_id=eid)))[:1]
        actor = cache[value][0] if cache[value] else None
    if actor is None:
        imp.problem(it.path + key, _("unbekannter Akteur '%(key)s'") % {"key": value})
    return actor


def parse_uid(imp, path, value):
    """The UUID `value` in its canonical form, or None after naming the problem."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        imp.problem(path + ("uid",), _("keine UUID: '%(value)s'") % {"value": value})
        return None


def _field(imp, path, ref):
    field = imp.fields.get((ref["concept"], ref["key"]))
    if field is None:
        imp.problem(path, _("unbekanntes Handlungsfeld '%(key)s' in Konzeptversion %(version)s") % {
            "key": ref["key"], "version": ref["concept"]})
    return field


def load(imp):
    imp.events, imp.workshops, imp.ideas, imp.idea_rows = {}, {}, {}, {}
    imp.tallies, imp.attending = {}, {}
    m = imp.m
    if m.pk is None:
        return
    for e in imp._register(list(Event.objects.filter(municipality=m))):
        e.municipality = m
        imp.events[str(e.uid)] = e
    imp._load_m2m(Event, "fields", {"event__municipality": m})
    by_pk = {e.pk: e for e in imp.events.values()}
    for w in imp._register(list(Workshop.objects.filter(event__municipality=m).order_by("position", "id"))):
        w.event = by_pk[w.event_id]
        imp.workshops.setdefault(w.event_id, []).append(w)
    for row in AttendanceTally.objects.filter(event__municipality=m).values_list("event_id", "category", "answer",
                                                                                  "count"):
        imp.tallies.setdefault(row[0], set()).add(row[1:])
    for event_id, actor_id in AttendingActor.objects.filter(event__municipality=m).values_list("event_id", "actor_id"):
        imp.attending.setdefault(event_id, set()).add(actor_id)
    for i in imp._register(list(Idea.objects.filter(municipality=m))):
        i.municipality = m
        imp.ideas[str(i.uid)] = i
    for row in IdeaStatusChange.objects.filter(idea__municipality=m).order_by("idea_id", "changed_at", "id"):
        imp.idea_rows.setdefault(row.idea_id, []).append(row)


def _identities(imp, kind, model):
    """(index, raw, object) of a list keyed by uid; a uid of another municipality is refused."""
    seen, planned = {}, []
    index = imp.events if kind == "events" else imp.ideas
    listed = [(i, raw, bad, parse_uid(imp, (kind, i), raw["uid"])) for i, raw, bad in imp.each_identity(kind, "uid")]
    new = [uid for *_rest, uid in listed if uid is not None and uid not in index]
    elsewhere = {str(u) for start in range(0, len(new), 500)
                 for u in model.objects.filter(uid__in=new[start:start + 500]).values_list("uid", flat=True)}
    for i, raw, bad, uid in listed:
        path = (kind, i)
        if uid is None or imp.duplicates(seen, uid, path, "uid"):
            continue
        obj = index.get(uid)
        if obj is None:
            if uid in elsewhere:
                imp.problem(path + ("uid",), _("gehört in dieser Datenbank zu einer anderen Kommune"))
                continue
            obj = index[uid] = model(uid=uid)
        if not bad:
            planned.append((i, raw, obj))
    return planned


def plan(imp):
    imp.event_workshops = {}  # uid → the workshops after the import, in order
    for i, raw, obj in _identities(imp, "events", Event):
        _plan_event(imp, ("events", i), raw, obj)
    for i, raw, obj in _identities(imp, "ideas", Idea):
        _plan_idea(imp, ("ideas", i), raw, obj)


def _plan_event(imp, path, raw, obj):
    it = imp.item("events", obj, path)
    it.fks["municipality"] = imp.m
    if imp.assign(it, raw, EVENT_FIELDS):
        imp.model_clean(it, EVENT_FIELDS)
    imp.ref(it, raw, "district", imp.districts, _("unbekannter Stadtteil '%(key)s'"))
    if "organiser_actor" in raw:
        value = raw["organiser_actor"]
        it.fks["organiser_actor"] = resolve_actor(imp, it, ("organiser_actor",), value) if value else None
    if "fields" in raw:
        it.m2m["fields"] = [f for j, ref in enumerate(raw["fields"])
                            if (f := _field(imp, path + ("fields", j), ref)) is not None]
    existing = list(imp.workshops.get(obj.pk, [])) if obj.pk else []
    workshops = existing
    if "workshops" in raw:
        workshops = []
        for j, w in enumerate(raw["workshops"]):
            wobj = existing[j] if j < len(existing) else Workshop()
            wit = imp.item("workshops", wobj, path + ("workshops", j))
            wit.fks["event"] = obj
            if wit.new and "position" not in w:
                wobj.position = j
            imp.assign(wit, w, WORKSHOP_FIELDS)
            if "field" in w:
                wit.fks["field"] = _field(imp, wit.path + ("field",), w["field"]) if w["field"] else None
            workshops.append(wobj)
        for wobj in existing[len(raw["workshops"]):]:
            imp.delete_item("workshops", wobj, path + ("workshops",))
    imp.event_workshops[str(obj.uid)] = workshops
    tallies = attending = None
    if "tallies" in raw:
        tallies = {(t["category"], t["answer"], t["count"]) for t in raw["tallies"]}
        if len(tallies) != len({t[:2] for t in tallies}) or len(tallies) != len(raw["tallies"]):
            imp.problem(path + ("tallies",), _("jede Kategorie und Antwort nur einmal"))
    if "attending_actors" in raw:
        attending = [a for j, ref in enumerate(raw["attending_actors"])
                     if (a := resolve_actor(imp, it, ("attending_actors", j), ref)) is not None]
    it.extra = (tallies, attending)
    imp.tick()


def _plan_idea(imp, path, raw, obj):
    it = imp.item("ideas", obj, path)
    it.fks["municipality"] = imp.m
    if imp.assign(it, raw, IDEA_FIELDS):
        imp.model_clean(it, IDEA_FIELDS)
    if "field" in raw:
        it.fks["field"] = _field(imp, path + ("field",), raw["field"])
    elif it.new:
        imp.problem(path + ("field",), _("Pflichtangabe fehlt"))
    imp.ref(it, raw, "district", imp.districts, _("unbekannter Stadtteil '%(key)s'"))
    imp.ref(it, raw, "target_group", imp.target_groups, _("unbekannte Zielgruppe '%(key)s'"))
    event_uid = raw.get("event")
    if "event" in raw:
        event = imp.events.get(event_uid) if event_uid else None
        if event_uid and event is None:
            imp.problem(path + ("event",), _("unbekannte Veranstaltung '%(key)s'") % {"key": event_uid})
        it.fks["event"] = event
    if "workshop" in raw:
        workshop = None
        if raw["workshop"] is not None:
            workshops = imp.event_workshops.get(event_uid) if event_uid else None
            if workshops is None and event_uid in imp.events and imp.events[event_uid].pk:
                workshops = imp.workshops.get(imp.events[event_uid].pk, [])
            if not workshops or raw["workshop"] >= len(workshops):
                imp.problem(path + ("workshop",), _("keine Arbeitsgruppe Nr. %(n)s dieser Veranstaltung") % {
                    "n": raw["workshop"]})
            else:
                workshop = workshops[raw["workshop"]]
        it.fks["workshop"] = workshop
    if "measure" in raw:
        ref, measure = raw["measure"], None
        if ref is not None:
            measure = imp.measures.get((ref["concept"], ref["external_id"]))
            if measure is None:
                imp.problem(path + ("measure",), _("unbekannte Maßnahme '%(key)s' in Konzeptversion %(version)s") % {
                    "key": ref["external_id"], "version": ref["concept"]})
        it.fks["measure"] = measure
    if "status_history" in raw:
        rows = []
        for k, entry in enumerate(raw["status_history"]):
            at = _datetime(imp, path + ("status_history", k, "at"), entry["at"])
            rows.append((entry.get("from", ""), entry["status"], entry.get("reason", ""), at))
        if rows and "status" in raw and raw["status"] != rows[-1][1]:
            imp.problem(path + ("status",), _("weicht vom letzten Eintrag der Statushistorie ab ('%(status)s')") % {
                "status": rows[-1][1]})
        it.extra = rows
    imp.tick()


def _datetime(imp, path, value):
    field = IdeaStatusChange._meta.get_field("changed_at")
    try:
        at = field.to_python(value)
    except Exception as error:  # ValidationError with the field's own message
        imp.problem(path, "; ".join(getattr(error, "messages", [str(error)])))
        return None
    return timezone.make_aware(at) if at is not None and timezone.is_naive(at) else at


def write(imp, rows):
    """After actors, measures and fields; before the network (working groups name events)."""
    rows("events", Event)
    imp.delete("workshops", Workshop)
    rows("workshops", Workshop)
    for it in imp.items["events"]:
        tallies, attending = it.extra or (None, None)
        pk = it.obj.pk
        if tallies is not None and tallies != imp.tallies.get(pk, set()):
            it.changed = it.changed or not it.new
            AttendanceTally.objects.filter(event_id=pk).delete()
            AttendanceTally.objects.bulk_create(AttendanceTally(event_id=pk, category=c, answer=a, count=n)
                                                for c, a, n in sorted(tallies))
        if attending is not None and {a.pk for a in attending} != imp.attending.get(pk, set()):
            it.changed = it.changed or not it.new
            AttendingActor.objects.filter(event_id=pk).delete()
            AttendingActor.objects.bulk_create(AttendingActor(event_id=pk, actor=a) for a in attending)
    rows("ideas", Idea)
    stale, new = [], []
    for it in imp.items["ideas"]:
        if it.extra is None:
            continue
        existing = [(r.from_status, r.to_status, r.reason, r.changed_at) for r in imp.idea_rows.get(it.obj.pk, [])]
        if existing == it.extra:
            continue
        if not it.new:
            it.changed = True
            stale.append(it.obj.pk)
        new.extend(IdeaStatusChange(idea=it.obj, from_status=a, to_status=b, reason=reason, changed_at=at)
                   for a, b, reason, at in it.extra)
    for start in range(0, len(stale), 500):
        IdeaStatusChange.objects.filter(idea_id__in=stale[start:start + 500]).delete()
    IdeaStatusChange.objects.bulk_create(new, batch_size=500)


# ---------------------------------------------------------------------- export

def _when(value):
    return timezone.localtime(value).isoformat() if value is not None else None


def _number(value):
    return None if value is None else float(value)


def _field_ref(f):
    return {"concept": f.concept.version, "key": f.key} if f is not None else None


def export(m):
    """`events` and `ideas`, sorted by uid; empty lists left out."""
    events = list(Event.objects.filter(municipality=m).select_related("district", "organiser_actor__municipality")
                  .prefetch_related("fields__concept", "workshops__field__concept", "tallies",
                                    "attending_actors__actor__municipality"))
    events.sort(key=lambda e: str(e.uid))
    workshop_index = {}
    out_events = []
    for e in events:
        workshops = sorted(e.workshops.all(), key=lambda w: (w.position, w.pk))
        workshop_index.update({w.pk: j for j, w in enumerate(workshops)})
        out_events.append({
            "uid": str(e.uid), "kind": e.kind, "title": e.title, "description": e.description,
            "starts_at": _when(e.starts_at), "ends_at": _when(e.ends_at),
            "place": {"name": e.place_name, "street": e.street, "postcode": e.postcode, "city": e.city,
                      "latitude": _number(e.latitude), "longitude": _number(e.longitude)},
            "district": e.district.key if e.district_id else None, "organiser": e.organiser,
            "organiser_actor": actor_reference(e.organiser_actor, m) if e.organiser_actor_id else None,
            "fields": sorted((_field_ref(f) for f in e.fields.all()), key=lambda r: (r["concept"], r["key"])),
            "capacity": e.capacity, "registration_open": e.registration_open, "public": e.is_public,
            "consent_text": e.consent_text, "guests_counted": e.guests_counted,
            "workshops": [{"title": w.title, "field": _field_ref(w.field), "capacity": w.capacity,
                           "position": w.position} for w in workshops],
            "tallies": sorted(({"category": t.category, "answer": t.answer, "count": t.count} for t in e.tallies.all()),
                              key=lambda t: (t["category"], t["answer"])),
            "attending_actors": sorted(actor_reference(a.actor, m) for a in e.attending_actors.all()),
        })
    ideas = list(Idea.objects.filter(municipality=m).select_related(
        "field__concept", "district", "target_group", "event", "measure__concept").prefetch_related("status_changes"))
    ideas.sort(key=lambda i: str(i.uid))
    out_ideas = [{
        "uid": str(i.uid), "title": i.title, "description": i.description, "field": _field_ref(i.field),
        "district": i.district.key if i.district_id else None,
        "target_group": i.target_group.key if i.target_group_id else None,
        "channel": i.channel, "received_on": i.received_on.isoformat(),
        "event": str(i.event.uid) if i.event_id else None,
        "workshop": workshop_index.get(i.workshop_id) if i.workshop_id else None,
        "status": i.status, "decision_reason": i.decision_reason, "decided_at": _when(i.decided_at),
        "measure": {"concept": i.measure.concept.version, "external_id": i.measure.external_id}
        if i.measure_id else None,
        "status_history": [{"from": r.from_status, "status": r.to_status, "reason": r.reason, "at": _when(r.changed_at)}
                           for r in sorted(i.status_changes.all(), key=lambda r: (r.changed_at, r.pk))],
    } for i in ideas]
    out = {"events": out_events, "ideas": out_ideas}
    return {key: value for key, value in out.items() if value}
