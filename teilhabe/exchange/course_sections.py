"""The course-steering sections of the exchange format (docs/exchange-format.md):
`course_settings`, `courses` and `course_learners` in a Kreis's document, `kitas` in a
Kreis's document (with `town`) or in a town's own.

They plan and write through the importer's machinery (importer._Import): the same
checks by path, the same all-or-nothing transaction, upsert by `external_id` within the
Kreis, change history. Kept here so that importer.py stays about the concept.

Personal data: a learner's name and contact are not part of the format. They are optional,
entered in the back office only so that the provider can invite the person, and a file
that travels between systems (backups, the referring office's list) should not carry
them; the case `reference` and what decides a placement are enough to steer."""
from django.db.models import Count
from django.utils.translation import gettext as _

from teilhabe.actors.models import Actor
from teilhabe.courses.models import (
    TIMES, Course, KreisCourseSettings, Kita, KitaProgramme, Learner,
)
from teilhabe.municipalities.models import District, Municipality

SETTINGS_FIELDS = {"minimum_size": ("minimum_size",), "retention_days": ("retention_days",),
                   "referring_office": ("referring_office",)}
COURSE_FIELDS = {name: (name,) for name in (
    "external_id", "type", "starts_on", "ends_on", "time_of_day", "hours", "capacity", "booked",
    "childcare", "place", "accessibility", "registration", "status")}
LEARNER_FIELDS = {name: (name,) for name in (
    "external_id", "reference", "registered_on", "types", "times", "needs_childcare", "earliest_start",
    "entitlement", "status", "placed_on", "withdrawn_on")}
KITA_FIELDS = {name: (name,) for name in (
    "external_id", "name", "places", "children_needing_support", "counted_on")}
PROGRAMME_FIELDS = {"programme": ("programme",), "places": ("places",)}

KINDS = [
    ("course_settings", "Einstellungen der Kurssteuerung"), ("courses", "Kurse"),
    ("course_learners", "Warteliste"), ("kitas", "Kitas"), ("kita_programmes", "Sprachförderprogramme"),
]
KREIS_ONLY = ("course_settings", "courses", "course_learners")


def load(imp):
    """What the database holds of the sections, for the municipality of the document."""
    imp.courses, imp.learners, imp.kitas, imp.programmes = {}, {}, {}, {}
    imp.kreis_towns, imp.town_districts, imp.town_actors = {}, {}, {}
    imp.course_settings, imp.courses_by_pk = None, {}
    m = imp.m
    if m.pk is None:
        return
    towns = list(Municipality.objects.filter(parent=m).order_by("slug")) if m.kind == m.Kind.KREIS else []
    imp._register(towns)
    imp.kreis_towns = {t.slug: t for t in towns}
    homes = towns or [m]
    for d in imp._register(list(District.objects.filter(municipality__in=homes))):
        imp.town_districts[(d.municipality_id, d.key)] = d
    for a in imp._register(list(Actor.objects.filter(municipality__in=towns).select_related("municipality"))):
        imp.town_actors.setdefault(a.external_id, []).append(a)
    imp.course_settings = KreisCourseSettings.objects.filter(kreis=m).first()
    for c in imp._register(list(Course.objects.filter(kreis=m).select_related("town", "district"))):
        imp.courses[c.external_id] = c
    imp.courses_by_pk = {c.pk: c for c in imp.courses.values()}
    for lr in imp._register(list(Learner.objects.filter(kreis=m).select_related("town"))):
        imp.learners[lr.external_id] = lr
    imp._load_m2m(Learner, "towns", {"learner__kreis": m})
    by_town = {t.pk: t for t in homes}
    for k in imp._register(list(Kita.objects.filter(municipality__in=homes))):
        k.municipality = by_town[k.municipality_id]
        imp.kitas[(k.municipality.slug, k.external_id)] = k
    for p in imp._register(list(KitaProgramme.objects.filter(kita__municipality__in=homes))):
        imp.programmes.setdefault(p.kita_id, {})[p.programme] = p


def plan(imp):
    kreis = imp.m.kind == Municipality.Kind.KREIS
    for kind in KREIS_ONLY:
        if kind in imp.data and not kreis:
            imp.problem((kind,), _("nur im Dokument eines Kreises (municipality.kind = \"kreis\")"))
    if kreis:
        _plan_settings(imp)
        _plan_courses(imp)
        placed = _plan_learners(imp)
        _check_capacity(imp, placed)
    _plan_kitas(imp, kreis)


def _town(imp, it, raw, key="town"):
    town = imp.kreis_towns.get(raw[key])
    if town is None:
        imp.problem(it.path + (key,), _("keine Stadt dieses Kreises: '%(key)s'") % {"key": raw[key]})
    return town


def _district(imp, it, raw, town):
    """A district of the course's or Kita's town (key), or null."""
    if "district" not in raw or town is None:
        return
    key = raw["district"]
    district = imp.town_districts.get((town.pk, key)) if key else None
    if key and district is None:
        imp.problem(it.path + ("district",), _("unbekannter Stadtteil '%(key)s' in %(town)s") % {
            "key": key, "town": town.slug})
    it.obj.district = district


def _plan_settings(imp):
    raw = imp.data.get("course_settings")
    if not isinstance(raw, dict) or "course_settings" in imp.bad_lists:
        return
    obj = imp.course_settings or KreisCourseSettings()
    it = imp.item("course_settings", obj, ("course_settings",))
    it.fks["kreis"] = imp.m
    imp.assign(it, raw, SETTINGS_FIELDS)


def provider_reference(actor, kreis):
    """How a course names its provider: the actor's external_id for the Kreis's own actors,
    `town-slug/external_id` for an actor of one of its towns."""
    if actor.municipality_id == kreis.pk:
        return actor.external_id
    return f"{actor.municipality.slug}/{actor.external_id}"


def _provider(imp, it, value):
    """The Kreis's actor first (document or database); else `town/external_id`, or an
    external_id that exactly one of the Kreis's towns has."""
    if "/" in value:
        slug, eid = value.split("/", 1)
        found = [a for a in imp.town_actors.get(eid, []) if a.municipality.slug == slug]
    elif value in imp.actors:
        it.fks["provider"] = imp.actors[value]
        return
    else:
        found = imp.town_actors.get(value, [])
    if len(found) == 1:
        it.fks["provider"] = found[0]
    elif found:
        imp.problem(it.path + ("provider",), _(
            "Akteur '%(key)s' gibt es in mehreren Städten; „Stadt/%(key)s“ angeben: %(options)s") % {
            "key": value, "options": ", ".join(sorted(f"{a.municipality.slug}/{value}" for a in found))})
    else:
        imp.problem(it.path + ("provider",), _("unbekannter Akteur '%(key)s' im Kreis und seinen Städten") % {
            "key": value})


def _plan_courses(imp):
    seen = {}
    for i, raw, bad in imp.each_identity("courses", "external_id"):
        path, eid = ("courses", i), raw["external_id"]
        if bad:
            imp.courses.setdefault(eid, Course(external_id=eid))
            seen.setdefault(eid, path)
            continue
        if imp.duplicates(seen, eid, path, "external_id"):
            obj = Course(external_id=eid)
        else:
            obj = imp.courses.setdefault(eid, Course(external_id=eid))
        it = imp.item("courses", obj, path)
        it.fks["kreis"] = imp.m
        obj.kreis = imp.m
        town = _town(imp, it, raw) if "town" in raw else (obj.town if obj.town_id else None)
        if town is not None:
            obj.town = town
        _district(imp, it, raw, town)
        if "provider" in raw:
            _provider(imp, it, raw["provider"])
        if imp.assign(it, raw, COURSE_FIELDS) and town is not None:
            imp.model_clean(it, COURSE_FIELDS)
        imp.tick()


def _plan_learners(imp):
    """Plans the waiting list; returns {id(course): [paths of learners placed in it]}."""
    seen, placed = {}, {}
    unknown_course = _("unbekannter Kurs '%(key)s'")
    for i, raw, bad in imp.each_identity("course_learners", "external_id"):
        path, eid = ("course_learners", i), raw["external_id"]
        if bad:
            seen.setdefault(eid, path)
            continue
        if imp.duplicates(seen, eid, path, "external_id"):
            obj = Learner(external_id=eid)
        else:
            obj = imp.learners.setdefault(eid, Learner(external_id=eid))
        it = imp.item("course_learners", obj, path)
        it.fks["kreis"] = imp.m
        obj.kreis = imp.m
        town = _town(imp, it, raw)
        if town is not None:
            obj.town = town
        if it.new:
            # The contract's defaults; an existing entry keeps what it has.
            obj.times = list(TIMES)
            if town is not None and "towns" not in raw:
                it.m2m["towns"] = [town]
        if "towns" in raw:
            targets = []
            for j, slug in enumerate(raw["towns"]):
                reachable = imp.kreis_towns.get(slug)
                if reachable is None:
                    imp.problem(path + ("towns", j), _("keine Stadt dieses Kreises: '%(key)s'") % {"key": slug})
                else:
                    targets.append(reachable)
            it.m2m["towns"] = targets
        imp.ref(it, raw, "course", imp.courses, unknown_course)
        if imp.assign(it, raw, LEARNER_FIELDS) and town is not None:
            imp.model_clean(it, LEARNER_FIELDS)
        course = it.fks["course"] if "course" in it.fks else imp.courses_by_pk.get(obj.course_id)
        if (obj.status == Learner.Status.PLACED) != (course is not None):
            imp.problem(path + ("course",), _(
                "ein Kurs gehört genau zu den vermittelten Einträgen (status \"placed\")"))
        if obj.status == Learner.Status.PLACED and course is not None:
            placed.setdefault(id(course), []).append(path)
        imp.tick()
    return placed


def _check_capacity(imp, placed):
    """No course holds more than its places: booked + learners placed after the import
    (those of the document and those in the database it does not mention)."""
    mentioned = {it.obj.external_id for it in imp.items["course_learners"]}
    if imp.m.pk is not None:
        rows = (Learner.objects.filter(kreis=imp.m, status=Learner.Status.PLACED)
                .exclude(external_id__in=mentioned).values("course_id").annotate(n=Count("pk")))
        others = {row["course_id"]: row["n"] for row in rows}
    else:
        others = {}
    path_of = {id(it.obj): it.path + ("capacity",) for it in imp.items["courses"]}
    for course in imp.courses.values():
        if not (isinstance(course.capacity, int) and isinstance(course.booked, int)):
            continue  # already reported
        learners = placed.get(id(course), ())
        taken = course.booked + len(learners) + others.get(course.pk, 0)
        where = path_of.get(id(course)) or (learners[-1] + ("course",) if learners else None)
        if taken > course.capacity and where:
            imp.problem(where, _(
                "Kurs '%(key)s': %(capacity)s Plätze, aber %(taken)s vergeben (anderweitig belegt und vermittelt)"
            ) % {"key": course.external_id, "capacity": course.capacity, "taken": taken})


def _plan_kitas(imp, kreis):
    seen = {}
    for i, raw, bad in imp.each_identity("kitas", "external_id"):
        path, eid = ("kitas", i), raw["external_id"]
        if bad:
            continue
        town = None
        if kreis:
            if "town" not in raw:
                imp.problem(path + ("town",), _("Pflichtangabe fehlt: die Stadt der Kita"))
                continue
            town = imp.kreis_towns.get(raw["town"])
            if town is None:
                imp.problem(path + ("town",), _("keine Stadt dieses Kreises: '%(key)s'") % {"key": raw["town"]})
                continue
        elif raw.get("town", imp.m.slug) != imp.m.slug:
            imp.problem(path + ("town",), _("im Dokument einer Stadt nur diese Stadt ('%(key)s')") % {
                "key": imp.m.slug})
            continue
        else:
            town = imp.m
        identity = (town.slug, eid)
        if imp.duplicates(seen, identity, path, "external_id"):
            obj = Kita(external_id=eid)
        else:
            obj = imp.kitas.setdefault(identity, Kita(external_id=eid))
        it = imp.item("kitas", obj, path)
        it.fks["municipality"] = town
        if town.pk is not None:
            obj.municipality = town
        _district(imp, it, raw, town if town.pk is not None else None)
        imp.assign(it, raw, KITA_FIELDS)
        if "programmes" in raw:
            _plan_programmes(imp, it, raw["programmes"])
        imp.tick()


def _plan_programmes(imp, kita_item, programmes):
    """The list replaces the Kita's programmes (matched by `programme`)."""
    existing = dict(imp.programmes.get(kita_item.obj.pk, {})) if kita_item.obj.pk else {}
    seen = {}
    for j, raw in enumerate(programmes):
        path = kita_item.path + ("programmes", j)
        if imp.duplicates(seen, raw["programme"], path, "programme"):
            obj = KitaProgramme()
        else:
            obj = existing.pop(raw["programme"], None) or KitaProgramme()
        it = imp.item("kita_programmes", obj, path)
        it.fks["kita"] = kita_item.obj
        imp.assign(it, raw, PROGRAMME_FIELDS)
    for obj in existing.values():
        imp.delete_item("kita_programmes", obj, kita_item.path + ("programmes",))


def write(imp, rows):
    """After actors (providers) and before the history is written."""
    rows("course_settings", KreisCourseSettings)
    rows("courses", Course)
    rows("course_learners", Learner)
    rows("kitas", Kita)
    imp.delete("kita_programmes", KitaProgramme)
    rows("kita_programmes", KitaProgramme)


# ---------------------------------------------------------------------- export

def _date(value):
    return value.isoformat() if value is not None else None


def export(m):
    """The sections of `m`'s document; lists sorted by their keys, empty ones left out."""
    out = {}
    if m.kind == Municipality.Kind.KREIS:
        settings = KreisCourseSettings.objects.filter(kreis=m).first()
        if settings is not None:
            out["course_settings"] = {"minimum_size": settings.minimum_size,
                                      "retention_days": settings.retention_days,
                                      "referring_office": settings.referring_office}
        courses = (Course.objects.filter(kreis=m).order_by("external_id")
                   .select_related("provider__municipality", "town", "district"))
        out["courses"] = [{
            "external_id": c.external_id, "provider": provider_reference(c.provider, m), "type": c.type,
            "town": c.town.slug, "district": c.district.key if c.district_id else None, "place": c.place,
            "starts_on": _date(c.starts_on), "ends_on": _date(c.ends_on), "time_of_day": c.time_of_day,
            "hours": c.hours, "capacity": c.capacity, "booked": c.booked, "childcare": c.childcare,
            "accessibility": c.accessibility, "registration": c.registration, "status": c.status,
        } for c in courses]
        learners = (Learner.objects.filter(kreis=m).order_by("external_id")
                    .select_related("town", "course").prefetch_related("towns"))
        out["course_learners"] = [{
            "external_id": lr.external_id, "reference": lr.reference, "town": lr.town.slug,
            "registered_on": _date(lr.registered_on), "types": lr.types,
            "towns": sorted(t.slug for t in lr.towns.all()), "times": lr.times,
            "needs_childcare": lr.needs_childcare, "earliest_start": _date(lr.earliest_start),
            "entitlement": lr.entitlement, "status": lr.status,
            "course": lr.course.external_id if lr.course_id else None,
            "placed_on": _date(lr.placed_on), "withdrawn_on": _date(lr.withdrawn_on),
        } for lr in learners]
        kitas = Kita.objects.filter(municipality__parent=m)
    else:
        kitas = Kita.objects.filter(municipality=m)
    kitas = kitas.select_related("municipality", "district").prefetch_related("programmes").order_by(
        "municipality__slug", "external_id")
    out["kitas"] = [{
        **({"town": k.municipality.slug} if m.kind == Municipality.Kind.KREIS else {}),
        "external_id": k.external_id, "name": k.name, "district": k.district.key if k.district_id else None,
        "places": k.places, "children_needing_support": k.children_needing_support,
        "counted_on": _date(k.counted_on),
        "programmes": [{"programme": p.programme, "places": p.places}
                       for p in sorted(k.programmes.all(), key=lambda p: p.programme)],
    } for k in kitas]
    return {key: value for key, value in out.items() if value}


