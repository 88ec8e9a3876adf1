"""Demo of the Kreis Mettmann's course steering: its ten towns, fictional course providers
(one of them with a demo login), about 40 integration courses over the year from the day of
the first load, about 600 people on the Kreis-wide waiting list (case references only, no
names) and Kitas with language-support programmes in Hilden, Ratingen and Velbert.

Generated from a fixed seed, so every install gets the same demo relative to its load
date; written with bulk_create (tests load the demo often). A later load finds the Kreis's
courses and leaves everything alone, as the upcoming events do."""
import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from teilhabe.actors.models import Actor, ContactPerson
from teilhabe.courses.models import (
    TIMES, Course, KreisCourseSettings, Kita, KitaProgramme, Learner, ProviderApproval)
from teilhabe.municipalities.models import Municipality

KREIS = "kreis-mettmann"
# The official Amtliche Gemeindeschlüssel (Gemeindeverzeichnis of Destatis, Kreis 05158):
# alphabetical in steps of four; Monheim am Rhein, independent again since 1976, got 026.
TOWNS = [
    ("erkrath", "Erkrath", "05158004", 44), ("haan", "Haan", "05158008", 30),
    ("heiligenhaus", "Heiligenhaus", "05158012", 26), ("hilden", "Hilden", "05158016", 55),
    ("langenfeld", "Langenfeld (Rheinland)", "05158020", 59), ("mettmann", "Mettmann", "05158024", 38),
    ("monheim-am-rhein", "Monheim am Rhein", "05158026", 41), ("ratingen", "Ratingen", "05158028", 87),
    ("velbert", "Velbert", "05158032", 82), ("wuelfrath", "Wülfrath", "05158036", 21),
]  # slug, name, AGS, inhabitants in thousands (rounded; weights the demand)
# Neighbours a learner can reach besides the home town.
NEIGHBOURS = {
    "erkrath": ["hilden", "haan", "mettmann"], "haan": ["hilden", "erkrath", "mettmann"],
    "heiligenhaus": ["velbert", "ratingen"], "hilden": ["haan", "erkrath", "langenfeld"],
    "langenfeld": ["hilden", "monheim-am-rhein"], "mettmann": ["erkrath", "wuelfrath", "haan"],
    "monheim-am-rhein": ["langenfeld"], "ratingen": ["heiligenhaus", "mettmann"],
    "velbert": ["heiligenhaus", "wuelfrath"], "wuelfrath": ["velbert", "mettmann"],
}
# external id, name, town: invented providers (the Kreis's real providers are not named).
PROVIDERS = [
    ("sprachwerkstatt-neanderbogen", "Sprachwerkstatt Neanderbogen", "mettmann"),
    ("lernforum-itterbach", "Lernforum Itterbach", "hilden"),
    ("kurshaus-angertal", "Kurshaus Angertal", "ratingen"),
    ("bildungswerk-hardenberger-tor", "Bildungswerk Hardenberger Tor", "velbert"),
    ("sprachbruecke-rheinbogen", "Sprachbrücke Rheinbogen", "monheim-am-rhein"),
]
EDITED_PROVIDER = "lernforum-itterbach"  # the demo login "kurstraeger-hilden" edits it (users.py)
HOURS = {"allgemein": 700, "jugend": 1000, "eltern": 1000, "frauen": 1000, "alpha": 1300,
         "zweitschrift": 1000, "intensiv": 430}
TYPE_WEIGHTS = {"allgemein": 14, "jugend": 3, "eltern": 4, "frauen": 5, "alpha": 6, "zweitschrift": 3,
                "intensiv": 2}
UNITS_PER_WEEK = {"morning": 20, "afternoon": 16, "evening": 12}
STREETS = ["Am Lernweg", "Kursstraße", "Schulgasse", "Am Sprachgarten", "Wortweg", "Bildungsplatz"]
REFERRING_OFFICE = (
    "Einen Platz vermittelt die Stelle, die Ihren Berechtigungsschein ausstellt: die Ausländerbehörde "
    "des Kreises Mettmann oder Ihr Jobcenter. Beide melden Sie auf die Warteliste des Kreises.\n"
    "Fragen beantwortet das Kommunale Integrationszentrum: ki@kreis-mettmann.example")
KITAS = {  # town: [(external id, name, children needing support, {programme: places})]
    "hilden": [("kita-wolkenschloss", "Kita Wolkenschloss", 18, {"alltagsintegriert": 60, "rucksack": 12}),
               ("kita-apfelbaumweg", "Kita Apfelbaumweg", 25, {"alltagsintegriert": 45, "griffbereit": 10}),
               ("familienzentrum-muehlenbach", "Familienzentrum Mühlenbach", 31,
                {"sprach_kita": 70, "rucksack": 15}),
               ("kita-sternenhuegel", "Kita Sternenhügel", 9, {"alltagsintegriert": 40})],
    "ratingen": [("kita-kiebitzwiese", "Kita Kiebitzwiese", 22, {"alltagsintegriert": 55, "griffbereit": 12}),
                 ("kita-leuchtturm-ost", "Kita Leuchtturm Ost", 14, {"rucksack": 10})],
    "velbert": [("kita-schluesselbund", "Kita Schlüsselbund", 27, {"sprach_kita": 60}),
                ("kita-hasenkamp", "Kita Hasenkamp", 12, {"alltagsintegriert": 35, "griffbereit": 8})],
}
COURSES, LEARNERS = 40, 600


def ensure_towns(kreis):
    """The Kreis's ten towns (Hilden comes with its own demo document)."""
    towns = {}
    languages = list(kreis.languages.all())
    for slug, name, ags, _size in TOWNS:
        town, created = Municipality.objects.get_or_create(
            slug=slug, defaults={"name": name, "ags": ags, "kind": Municipality.Kind.TOWN, "parent": kreis,
                                 "office_name": f"Integrationsbüro {name}",
                                 "office_email": f"integration@{slug}.example"})
        if created:
            town.languages.set(languages)
        towns[slug] = town
    return towns


@transaction.atomic
def load_courses_demo(today=None):
    """Returns the number of courses created (0 when the Kreis has its courses already)."""
    kreis = Municipality.objects.filter(slug=KREIS).first()
    if kreis is None:
        return 0
    towns = ensure_towns(kreis)
    if kreis.kreis_courses.exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(12)
    KreisCourseSettings.objects.get_or_create(kreis=kreis, defaults={"referring_office": REFERRING_OFFICE})
    providers = []
    for external_id, name, town in PROVIDERS:
        actor, _created = Actor.objects.get_or_create(
            municipality=towns[town], external_id=external_id,
            defaults={"name": name, "kind": Actor.Kind.EDUCATION, "email": f"kurse@{external_id}.example",
                      "city": towns[town].name,
                      "description": "Träger von Integrationskursen, vom Bundesamt für Migration und "
                                     "Flüchtlinge zugelassen."})
        ContactPerson.objects.get_or_create(
            actor=actor, key="kursberatung",
            defaults={"role": "Kursberatung", "email": f"beratung@{external_id}.example",
                      "consent_at": timezone.now(), "publish": True})
        ProviderApproval.objects.get_or_create(
            actor=actor, defaults={"number": f"{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
                                   "approved_until": today.replace(year=today.year + 3)})
        providers.append(actor)
    _courses(kreis, towns, providers, today, rng)
    _learners(kreis, towns, today, rng)
    _kitas(towns, today)
    return COURSES


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _courses(kreis, towns, providers, today, rng):
    sizes = {slug: size for slug, _name, _ags, size in TOWNS}
    courses = []
    for n in range(1, COURSES + 1):
        kind = _weighted(rng, TYPE_WEIGHTS)
        town = _weighted(rng, sizes)
        time = rng.choices(TIMES, weights=[6, 2, 3])[0]
        # A few already running (started in the last two months), the rest over the year.
        starts = today + datetime.timedelta(days=rng.randrange(-60, -5) if n % 8 == 0 else rng.randrange(7, 360))
        status = ("running" if starts <= today else "open" if starts <= today + datetime.timedelta(days=90)
                  else "planned")
        capacity = rng.choice([12, 15, 16, 18, 20, 20, 22, 25])
        weeks = -(-HOURS[kind] // UNITS_PER_WEEK[time])
        courses.append(Course(
            kreis=kreis, external_id=f"ME-{n:03d}", provider=providers[n % len(providers)], type=kind,
            town=towns[town], place=f"{rng.choice(STREETS)} {rng.randrange(1, 80)}, {towns[town].name}",
            starts_on=starts, ends_on=starts + datetime.timedelta(weeks=weeks), time_of_day=time,
            hours=HOURS[kind], capacity=capacity, booked=rng.randrange(0, capacity // 2) if status != "running"
            else capacity - rng.randrange(0, 3), childcare=kind in ("eltern", "frauen") or rng.random() < 0.2,
            accessibility=rng.choice(["", "Barrierefrei, mit Aufzug.", "Erdgeschoss, stufenloser Zugang.",
                                      "Kursraum im 2. Stock, kein Aufzug."]),
            registration="Bitte bringen Sie Ihren Berechtigungsschein und einen Ausweis zur Anmeldung mit.",
            status=status))
    Course.objects.bulk_create(courses)


def _learners(kreis, towns, today, rng):
    sizes = {slug: size for slug, _name, _ags, size in TOWNS}
    learners, reach = [], []
    for n in range(1, LEARNERS + 1):
        home = _weighted(rng, sizes)
        kind = _weighted(rng, TYPE_WEIGHTS)
        types = sorted({kind, "allgemein"} if kind in ("frauen", "eltern", "jugend", "intensiv") else {kind})
        times = sorted(rng.sample(TIMES, rng.choice([1, 1, 2, 3])), key=TIMES.index)
        registered = today - datetime.timedelta(days=rng.randrange(3, 320))
        learners.append(Learner(
            kreis=kreis, external_id=f"WL-{n:04d}", reference=f"ME-{registered:%y}-{rng.randrange(10000, 99999)}",
            town=towns[home], registered_on=registered, types=types, times=times,
            needs_childcare=rng.random() < 0.25 and "evening" not in times,
            earliest_start=registered + datetime.timedelta(days=rng.choice([0, 0, 0, 30, 60])),
            entitlement=rng.choice(["obliged", "obliged", "entitled"])))
        reach.append([home, *rng.sample(NEIGHBOURS[home], rng.randrange(0, len(NEIGHBOURS[home]) + 1))])
    Learner.objects.bulk_create(learners)
    ids = dict(Learner.objects.filter(kreis=kreis).values_list("external_id", "pk"))
    # Plain rows, not 1,200 model instances: instantiating them cost half a second per load.
    through = Learner.towns.through._meta
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {connection.ops.quote_name(through.db_table)} (learner_id, municipality_id) VALUES (%s, %s)",
            [(ids[lr.external_id], towns[slug].pk) for lr, slugs in zip(learners, reach) for slug in slugs])


def _kitas(towns, today):
    counted = today.replace(day=1)
    kitas = [Kita(municipality=towns[town], external_id=external_id, name=name,
                  places=sum(programmes.values()) + 30, children_needing_support=needing, counted_on=counted)
             for town, rows in KITAS.items() for external_id, name, needing, programmes in rows]
    Kita.objects.bulk_create(kitas)
    by_key = {(k.municipality_id, k.external_id): k.pk for k in Kita.objects.filter(
        municipality__in=[towns[t] for t in KITAS])}
    KitaProgramme.objects.bulk_create([
        KitaProgramme(kita_id=by_key[(towns[town].pk, external_id)], programme=programme, places=places)
        for town, rows in KITAS.items() for external_id, _name, _needing, programmes in rows
        for programme, places in programmes.items()])
