"""The network sections of the exchange format (docs/exchange-format.md):
`working_groups` (Arbeitskreise with their member actors and meetings), `ties`
(declared ties between two actors), and the intercultural opening of the administration:
`integration_officers` (a department's officer — a role; a person only through a contact
person, named by key, whose name goes out only with consent) and `trainings` (counts).
Ties derived from shared measures, offers or events are not stored (network/ties.py) and
so not exported.

Planned and written through the importer's machinery (importer._Import), like
course_sections. A working group is identified by its `name` within the municipality, a
tie by its two actors and its kind; actors are named as everywhere in the document
(`external_id`, or `slug/external_id` for a Kreis's actor working in the town)."""
import datetime

from django.utils.translation import gettext as _

from teilhabe.network.models import DeclaredTie, IntegrationOfficer, Training, WorkingGroup

from .participation_sections import actor_reference, resolve_actor

GROUP_FIELDS = {"name": ("name",), "field_key": ("field",), "description": ("description",),
                "valid_from": ("valid_from",), "valid_to": ("valid_to",)}
TIE_FIELDS = {"kind": ("kind",), "source": ("source",), "valid_from": ("valid_from",), "valid_to": ("valid_to",)}
OFFICER_FIELDS = {"role": ("role",), "appointed_on": ("appointed_on",)}
TRAINING_FIELDS = {"held_on": ("held_on",), "topic": ("topic",), "completed": ("completed",),
                   "participants": ("participants",)}
KINDS = [("working_groups", "Arbeitskreise"), ("ties", "erklärte Verbindungen"),
         ("integration_officers", "Integrationsbeauftragte"), ("trainings", "Schulungen")]


def load(imp):
    imp.working_groups, imp.ties, imp.officers, imp.trainings = {}, {}, {}, {}
    if imp.m.pk is None:
        return
    for g in imp._register(list(WorkingGroup.objects.filter(municipality=imp.m))):
        g.municipality = imp.m
        imp.working_groups.setdefault(g.name, g)
    for name in ("members", "meetings"):
        imp._load_m2m(WorkingGroup, name, {"workinggroup__municipality": imp.m})
    for t in imp._register(list(DeclaredTie.objects.filter(municipality=imp.m).select_related(
            "actor_a__municipality", "actor_b__municipality"))):
        t.municipality = imp.m
        identity = (actor_reference(t.actor_a, imp.m), actor_reference(t.actor_b, imp.m), t.kind)
        imp.ties.setdefault(identity, t)
    imp.officers = {o.department_id: o for o in imp._register(list(
        IntegrationOfficer.objects.filter(department__municipality=imp.m)))}
    imp.trainings = {(t.department_id, t.held_on.isoformat(), t.topic): t for t in imp._register(list(
        Training.objects.filter(department__municipality=imp.m)))}


def plan(imp):
    seen = {}
    for i, raw, bad in imp.each_identity("working_groups", "name"):
        path = ("working_groups", i)
        if bad or imp.duplicates(seen, raw["name"], path, "name"):
            continue
        obj = imp.working_groups.get(raw["name"]) or WorkingGroup(name=raw["name"])
        it = imp.item("working_groups", obj, path)
        it.fks["municipality"] = imp.m
        if imp.assign(it, raw, GROUP_FIELDS):
            imp.model_clean(it, GROUP_FIELDS)
        if "members" in raw:
            it.m2m["members"] = [a for j, ref in enumerate(raw["members"])
                                 if (a := resolve_actor(imp, it, ("members", j), ref)) is not None]
        if "meetings" in raw:
            meetings = []
            for j, uid in enumerate(raw["meetings"]):
                event = imp.events.get(uid)
                if event is None:
                    imp.problem(path + ("meetings", j), _("unbekannte Veranstaltung '%(key)s'") % {"key": uid})
                else:
                    meetings.append(event)
            it.m2m["meetings"] = meetings
        imp.tick()
    seen = {}
    for i, raw, bad in imp.each_identity("ties", "actor_a"):
        path = ("ties", i)
        if bad or not isinstance(raw.get("actor_b"), str):
            continue
        identity = (raw["actor_a"], raw["actor_b"], raw.get("kind", DeclaredTie.Kind.COOPERATION))
        if imp.duplicates(seen, identity, path, "actor_b"):
            continue
        obj = imp.ties.get(identity) or DeclaredTie(kind=identity[2])
        it = imp.item("ties", obj, path)
        it.fks["municipality"] = imp.m
        ends = [resolve_actor(imp, it, (name,), raw[name]) for name in ("actor_a", "actor_b")]
        if None not in ends:
            it.fks["actor_a"], it.fks["actor_b"] = ends
            if ends[0] is ends[1]:
                imp.problem(path + ("actor_b",), _("Eine Verbindung braucht zwei verschiedene Akteure."))
        if imp.assign(it, raw, TIE_FIELDS):
            valid_from, valid_to = obj.valid_from, obj.valid_to
            if isinstance(valid_from, datetime.date) and isinstance(valid_to, datetime.date) and valid_to < valid_from:
                imp.problem(path + ("valid_to",), _("Das Ende liegt vor dem Beginn."))
        imp.tick()
    _plan_administration(imp)


def _department(imp, path, raw):
    actor = imp.actors.get(raw["department"])
    if actor is None:
        imp.problem(path + ("department",), _("unbekannter Akteur '%(key)s'") % {"key": raw["department"]})
    elif actor.kind != actor.Kind.ADMINISTRATION:
        imp.problem(path + ("department",), _("Integrationsbeauftragte gibt es nur für Fachbereiche der Verwaltung."))
        return None
    return actor


def _plan_administration(imp):
    # An actor's contacts after the import: those the document lists, else those stored.
    contacts = {(id(it.fks["actor"]), it.obj.key): it.obj for it in imp.items["contacts"]}
    listed = {id(it.fks["actor"]) for it in imp.items["contacts"]}
    seen = {}
    for i, raw, bad in imp.each_identity("integration_officers", "department"):
        path = ("integration_officers", i)
        if bad or imp.duplicates(seen, raw["department"], path, "department"):
            continue
        department = _department(imp, path, raw)
        if department is None:
            continue
        obj = imp.officers.get(department.pk) if department.pk else None
        it = imp.item("integration_officers", obj or IntegrationOfficer(), path)
        it.fks["department"] = department
        imp.assign(it, raw, OFFICER_FIELDS)
        if "contact" in raw:
            key, contact = raw["contact"], None
            if key:
                contact = contacts.get((id(department), key)) if id(department) in listed else \
                    imp.contacts.get(department.pk, {}).get(key)
                if contact is None:
                    imp.problem(path + ("contact",), _("keine Ansprechperson '%(key)s' dieses Fachbereichs") % {
                        "key": key})
            it.fks["contact"] = contact
        imp.tick()
    seen = {}
    for i, raw, bad in imp.each_identity("trainings", "department"):
        path = ("trainings", i)
        if bad:
            continue
        department = _department(imp, path, raw)
        if department is None or imp.duplicates(seen, (raw["department"], raw.get("held_on"), raw.get("topic")),
                                                path, "topic"):
            continue
        obj = imp.trainings.get((department.pk, raw.get("held_on"), raw.get("topic"))) if department.pk else None
        it = imp.item("trainings", obj or Training(), path)
        it.fks["department"] = department
        imp.assign(it, raw, TRAINING_FIELDS)
        imp.tick()


def write(imp, rows):
    """After events (a working group's meetings)."""
    rows("working_groups", WorkingGroup)
    rows("ties", DeclaredTie)
    rows("integration_officers", IntegrationOfficer)
    rows("trainings", Training)


# ---------------------------------------------------------------------- export

def _date(value):
    return value.isoformat() if value is not None else None


def export(m):
    groups = (WorkingGroup.objects.filter(municipality=m).order_by("name", "pk")
              .prefetch_related("members__municipality", "meetings"))
    ties = DeclaredTie.objects.filter(municipality=m).select_related("actor_a__municipality", "actor_b__municipality")
    out = {
        "working_groups": [{
            "name": g.name, "field": g.field_key, "description": g.description,
            "members": sorted(actor_reference(a, m) for a in g.members.all()),
            "meetings": sorted(str(e.uid) for e in g.meetings.all()),
            "valid_from": _date(g.valid_from), "valid_to": _date(g.valid_to),
        } for g in groups],
        "ties": sorted(({
            "actor_a": actor_reference(t.actor_a, m), "actor_b": actor_reference(t.actor_b, m), "kind": t.kind,
            "source": t.source, "valid_from": _date(t.valid_from), "valid_to": _date(t.valid_to),
        } for t in ties), key=lambda t: (t["actor_a"], t["actor_b"], t["kind"])),
        "integration_officers": [{
            "department": o.department.external_id, "role": o.role, "contact": o.contact.key if o.contact_id else None,
            "appointed_on": _date(o.appointed_on),
        } for o in IntegrationOfficer.objects.filter(department__municipality=m).select_related(
            "department", "contact").order_by("department__external_id")],
        "trainings": [{
            "department": t.department.external_id, "held_on": _date(t.held_on), "topic": t.topic,
            "completed": t.completed, "participants": t.participants,
        } for t in Training.objects.filter(department__municipality=m).select_related("department").order_by(
            "department__external_id", "held_on", "topic", "pk")],
    }
    return {key: value for key, value in out.items() if value}
