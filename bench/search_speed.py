"""Benchmark: the API's offer search over HTTP on gunicorn, with 100,000 offers in 200
municipalities (German plus two translations each), on SQLite and on PostgreSQL, beside
the ceiling — the same server answering a constant JSON body — measured in the same run.

    .venv/bin/python bench/search_speed.py                      # both databases
    .venv/bin/python bench/search_speed.py --db sqlite --offers 20000 --municipalities 40
    .venv/bin/python bench/search_speed.py --db postgres --pg-url postgres://postgres@127.0.0.1:55434/postgres

Measures, per database:
- p50/p95 of `GET /api/v1/municipalities/<slug>/offers?q=…&lang=…` (one client, sequential)
  and of `GET /api/v1/offers?q=…` (across all), beside p50/p95 of the ceiling;
- requests per second of the public offer directory `/<slug>/offers/` with 8 concurrent
  clients, against the ceiling's with 8 clients. As in production, `teilhabe worker` runs
  beside gunicorn and pre-renders each municipality's directory after a change (here:
  after the data were generated) into the shared page cache; the script waits for it
  and reports how long it took and how many pages the phase still had to render;
- the RSS of a `teilhabe worker` process after it embedded an offer (model loaded).

Issue 16 at scale (`--scale`): only the searches and the workers' memory, on databases made
before with `--sqlite-file FILE --generate-only` (their search files beside them), one after
the other in one run, e.g. 100,000 against 1,000,000 offers:

    .venv/bin/python bench/search_speed.py --db sqlite --offers 1000000 --municipalities 2000 \
        --template-towns 200 --sqlite-file /tmp/m1.sqlite3 --generate-only --check-index
    .venv/bin/python bench/search_speed.py --scale /tmp/k100.sqlite3 --scale /tmp/m1.sqlite3 --requests 100 --ab-rounds 1

With --template-towns T only the first T towns are made through the index's own code (as
without it: offers by bulk_create, documents by index.offer_documents/site_documents/_row,
passages by text.passages and embed.passage_hash, each passage's vector its topic's vector
from the real model plus noise); every further town i is a copy of town i % T made in SQL
(offers, translations and their relations under the town's own ids) and its documents
copied with its own name and ids put in, passages and hashes cut again by text.passages and
embed.passage_hash, and a vector of its own for every passage (the template's topic
vector, fresh noise): no two towns share a vector but where their texts are equal (the
concept's and the fields' pages). The towns' index and vector files are then written by
engine.load_segment in two processes, the approximate index by ann.build_for, as without
copies. --check-index runs refresh_municipality on sampled towns (it must find nothing to
change) and checks every passage text has its vector. Issue 16's targets at scale are
printed at the end of --scale: across-all p95 at 1,000,000 offers ≤ 3× the same round's
100,000-offer figure, VmRSS per web worker ≤ 400 MB at 1,000,000 (≤ 250 MB at 100,000).

Targets (issue 3): p95 ≤ 50 ms within a municipality, ≤ 150 ms across all; directory
≥ 50 % of the ceiling's requests per second; worker < 300 MB RSS. Figures go into
bench/README.md. Loopback only; every phase has a bounded number of requests; the script
stops its server and worker itself. PostgreSQL: the server named by --pg-url must be
running; the script creates (and afterwards drops) the database `teilhabe_bench` on it.
"""
import argparse
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent

TARGETS = {"p95_within_ms": 50, "p95_across_ms": 150, "directory_share": 0.5, "worker_rss_mb": 300,
           # issue 16: per gunicorn worker at 100,000 offers (400 MB at 1,000,000)
           "web_worker_rss_mb": 250, "web_worker_rss_mb_1m": 400}

# Queries people type, in the languages of the portal's visitors: (text, lang).
QUERIES = [
    ("Deutschkurs", None), ("Sprachkurs für Frauen", None), ("Hausaufgabenhilfe", None),
    ("Beratung Aufenthalt", None), ("Vaeter", None), ("Schwimmkurs Kinder", None),
    ("Bewerbung schreiben", None), ("Deutschkurz", None), ("Sprache", None), ("Nähcafé", None),
    ("german course", "en"), ("help with homework", "en"), ("job application", "en"),
    ("دورة لغة ألمانية", "ar"), ("مساعدة في الواجبات", "ar"), ("Almanca kursu", "tr"),
    ("курси німецької мови", "uk"), ("курсы немецкого языка", "ru"), ("کلاس زبان آلمانی", "fa"),
]

# --- Synthetic data -------------------------------------------------------------------------

# (German title, German sentence, {language: title})
TOPICS = [
    ("Deutschkurs", "Wir lernen Deutsch für den Alltag, mit Kinderbetreuung.",
     {"en": "German course", "ar": "دورة اللغة الألمانية", "tr": "Almanca kursu", "uk": "Курс німецької мови",
      "ru": "Курс немецкого языка", "fa": "کلاس زبان آلمانی"}),
    ("Sprachcafé", "Treffen zum Sprechen üben bei Tee und Kuchen.",
     {"en": "Language café", "ar": "مقهى اللغة", "tr": "Dil kafesi", "uk": "Мовне кафе", "ru": "Языковое кафе",
      "fa": "کافه زبان"}),
    ("Hausaufgabenhilfe", "Ehrenamtliche helfen Schulkindern bei den Hausaufgaben.",
     {"en": "Homework help", "ar": "مساعدة في الواجبات المدرسية", "tr": "Ödev yardımı",
      "uk": "Допомога з домашніми завданнями", "ru": "Помощь с домашними заданиями", "fa": "کمک در تکالیف"}),
    ("Migrationsberatung", "Beratung zu Aufenthalt, Arbeit, Wohnen und Familie.",
     {"en": "Migration counselling", "ar": "استشارات الهجرة", "tr": "Göç danışmanlığı",
      "uk": "Міграційна консультація", "ru": "Миграционная консультация", "fa": "مشاوره مهاجرت"}),
    ("Bewerbungstraining", "Lebenslauf und Anschreiben gemeinsam erstellen.",
     {"en": "Job application training", "ar": "تدريب على طلبات العمل", "tr": "İş başvurusu eğitimi",
      "uk": "Тренінг з працевлаштування", "ru": "Тренинг по трудоустройству", "fa": "آموزش درخواست شغل"}),
    ("Schwimmkurs für Kinder", "Kinder lernen schwimmen im Hallenbad.",
     {"en": "Swimming course for children", "ar": "دورة سباحة للأطفال", "tr": "Çocuklar için yüzme kursu",
      "uk": "Курс плавання для дітей", "ru": "Курс плавания для детей", "fa": "کلاس شنا برای کودکان"}),
    ("Väterfrühstück", "Väter tauschen sich über Erziehung und Schule aus.",
     {"en": "Fathers' breakfast", "ar": "فطور الآباء", "tr": "Babalar kahvaltısı", "uk": "Сніданок для батьків",
      "ru": "Завтрак для отцов", "fa": "صبحانه پدران"}),
    ("Nähcafé", "Gemeinsam nähen, reparieren und Deutsch sprechen.",
     {"en": "Sewing café", "ar": "مقهى الخياطة", "tr": "Dikiş kafesi", "uk": "Швейне кафе", "ru": "Швейное кафе",
      "fa": "کافه خیاطی"}),
    ("Fahrradwerkstatt", "Fahrräder reparieren und Radfahren lernen.",
     {"en": "Bicycle workshop", "ar": "ورشة الدراجات", "tr": "Bisiklet atölyesi", "uk": "Велосипедна майстерня",
      "ru": "Велосипедная мастерская", "fa": "کارگاه دوچرخه"}),
    ("Frauentreff", "Ein Treffpunkt für Frauen mit Beratung und Ausflügen.",
     {"en": "Women's meeting", "ar": "لقاء النساء", "tr": "Kadın buluşması", "uk": "Жіноча зустріч",
      "ru": "Женская встреча", "fa": "دیدار زنان"}),
]
PLACES = ["Familienzentrum", "Stadtteilbüro", "Volkshochschule", "Bürgerhaus", "Jugendzentrum", "Bibliothek"]
OTHER_LANGUAGES = ["ar", "tr", "uk", "ru", "fa"]
FIELDS = ["sprache", "bildung", "arbeit", "gesundheit", "wohnen", "kultur", "sport", "beratung"]
GROUPS = ["kinder", "jugendliche", "eltern", "frauen", "maenner", "senioren", "gefluechtete", "alle"]


def generate(n_offers, n_municipalities, seed=7, templates=None):
    """Writes the data in bulk (this runs inside Django, in a child process): the offers
    through bulk_create (their pks are needed), everything else as plain rows (_insert).
    The search index is written with them (_IndexWriter), then its files (build_search_files).
    With `templates` (T < n_municipalities) only the first T towns are made so; every
    further town is a copy of one of them (_copy_towns: its own ids, name, documents,
    passage hashes and vectors), and the files are written by two processes."""
    from django.db import connection, transaction
    from django.utils import timezone

    from teilhabe.actors.models import Actor
    from teilhabe.municipalities.models import District, Language, Municipality, TargetGroup
    from teilhabe.offers.models import Offer, OfferTranslation
    from teilhabe.strategy.models import Concept, FieldOfAction

    rng = random.Random(seed)
    languages = {lang.code: lang for lang in Language.objects.all()}
    per_town = n_offers // n_municipalities
    started = time.perf_counter()
    with transaction.atomic():
        towns = Municipality.objects.bulk_create(
            (Municipality(slug=f"stadt-{i:03d}", name=f"Stadt {i:03d}") for i in range(n_municipalities)),
            batch_size=1000)
        Municipality.languages.through.objects.bulk_create(
            (Municipality.languages.through(municipality_id=t.pk, language_id=languages[code].pk)
             for t in towns for code in ("de", "en", *OTHER_LANGUAGES)), batch_size=5000)
        concepts = Concept.objects.bulk_create(
            (Concept(municipality=t, version=1, title="Integrationskonzept", status="adopted",
                     adopted_on="2020-01-15", adopted_by="Rat") for t in towns), batch_size=1000)
        fields = FieldOfAction.objects.bulk_create(
            (FieldOfAction(concept=c, key=k, names={"de": k.title()}, position=n)
             for c in concepts for n, k in enumerate(FIELDS)), batch_size=5000)
        districts = District.objects.bulk_create(
            (District(municipality=t, key=f"bezirk-{n}", name=f"Bezirk {n}") for t in towns for n in range(10)),
            batch_size=5000)
        groups = TargetGroup.objects.bulk_create(
            (TargetGroup(municipality=t, key=k, names={"de": k.title(), "en": k}, position=n)
             for t in towns for n, k in enumerate(GROUPS)), batch_size=5000)
        actors = Actor.objects.bulk_create(
            (Actor(municipality=t, external_id=f"traeger-{n}", name=f"Träger {n} in {t.name}", kind="association")
             for t in towns for n in range(25)), batch_size=5000)
    print(f"  skeleton: {time.perf_counter() - started:.1f} s", flush=True)

    now = timezone.now()
    offers_total = 0
    # The offers of a batch of towns, kept with their relations for the search index: the
    # documents come from index.offer_documents() over these objects (see _IndexWriter).
    batch_towns = 20
    search_index = _IndexWriter(now)
    made = len(towns) if not templates or templates >= len(towns) else templates
    for first in range(0, made, batch_towns):
        batch, plans = [], []
        for index in range(first, min(first + batch_towns, made)):
            town = towns[index]
            town_fields = fields[index * 8:(index + 1) * 8]
            town_districts = districts[index * 10:(index + 1) * 10]
            town_groups = groups[index * 8:(index + 1) * 8]
            town_actors = actors[index * 25:(index + 1) * 25]
            for n in range(per_town):
                topic_index = rng.randrange(len(TOPICS))
                topic, sentence, titles = TOPICS[topic_index]
                place = rng.choice(PLACES)
                district = rng.choice(town_districts)
                title = f"{topic} im {place} {district.name}"
                description = (f"{sentence} Das Angebot im {place} ist offen für alle Neuzugewanderten. "
                               f"Anmeldung bei der Beratungsstelle, Nummer {n}.")
                batch.append(Offer(
                    municipality=town, external_id=f"A-{n:05d}", title=title, description=description,
                    field_of_action=rng.choice(town_fields), provider=rng.choice(town_actors),
                    place_name=place, street=f"Hauptstraße {n % 200}", postcode="45699", city=town.name,
                    schedule="dienstags 9–11 Uhr", cost="kostenlos", contact_name="Beratungsstelle",
                    contact_email="beratung@example.org", is_published=n % 50 != 0))
                batch[-1]._bench_topic = topic_index
                second = OTHER_LANGUAGES[n % len(OTHER_LANGUAGES)]
                plans.append((district, rng.sample(town_groups, 2), second, titles, place))
        with transaction.atomic():
            created = Offer.objects.bulk_create(batch, batch_size=2000)
            translations = []
            for o, (district, offer_groups, second, titles, place) in zip(created, plans):
                offer_languages = sorted([languages["de"], languages[second]], key=lambda x: x.name)
                offer_translations = [
                    OfferTranslation(offer=o, language=languages[code], title=f"{titles[code]} — {place}",
                                     description=f"{titles[code]}. {place}, {district.name}.", source_revision=1)
                    for code in sorted(("en", second))]
                translations += offer_translations
                # What the prefetches of index._offer_queryset() would put there (the same
                # objects, in the models' orders), for index.offer_documents().
                o._prefetched_objects_cache = {
                    "target_groups": sorted(offer_groups, key=lambda g: (g.position, g.key)), "districts": [district],
                    "languages": offer_languages, "translations": offer_translations}
            _insert(Offer.target_groups.through, ("offer_id", "targetgroup_id"),
                    [(o.pk, g.pk) for o, plan in zip(created, plans) for g in plan[1]])
            _insert(Offer.districts.through, ("offer_id", "district_id"),
                    [(o.pk, plan[0].pk) for o, plan in zip(created, plans)])
            _insert(Offer.languages.through, ("offer_id", "language_id"),
                    [(o.pk, language.pk) for o in created for language in o._prefetched_objects_cache["languages"]])
            _insert(OfferTranslation, ("offer_id", "language_id", "title", "description", "schedule", "cost",
                                       "accessibility", "source_revision", "modified_at"),
                    [(t.offer.pk, t.language.pk, t.title, t.description, "", "", "", 1, search_index.now)
                     for t in translations])
            search_index.add(towns[first:min(first + batch_towns, made)], created)
        offers_total += len(created)
        if (first // batch_towns + 1) % 10 == 0 or first + batch_towns >= made:
            print(f"  offers and their search documents: {offers_total:,} ({time.perf_counter() - started:.0f} s)",
                  flush=True)
    if made < len(towns):
        skeleton = {"fields": fields, "districts": districts, "groups": groups, "actors": actors,
                    "concepts": concepts}
        _copy_towns(towns, made, skeleton, search_index, started)
    search_index.finish(towns)
    print(f"  data and search index written in {time.perf_counter() - started:.0f} s", flush=True)
    connection.close()
    started = time.perf_counter()
    build_search_files(processes=2 if made < len(towns) else 1)
    print(f"  search files written in {time.perf_counter() - started:.0f} s", flush=True)


def _insert(model, columns, rows, *, ignore_conflicts=False):
    """Plain rows straight into the model's table. A model instance and Django's per-field
    SQL compilation cost about 60 µs a row — most of the 95 s a 10,000-offer generation took
    (cProfile), hours at 1,000,000 offers. Values go in as the database takes them (numbers,
    strings, adapted datetimes and JSON); ids are the database's unless given."""
    from django.db import connection

    if not rows:
        return
    qn = connection.ops.quote_name
    names = ", ".join(qn(model._meta.get_field(c).column) for c in columns)
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    if ignore_conflicts:
        sql = (sql.replace("INSERT INTO", "INSERT OR IGNORE INTO", 1) if connection.vendor == "sqlite"
               else sql + " ON CONFLICT DO NOTHING")
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[i:i + 5000])


def _templates():
    """The vector of each (topic, language) — its title in that language (German: with its
    sentence) embedded by the real model — and one random vector per kind of site page. A
    passage's vector is its template's plus noise a tenth of its length: offers of one topic
    lie near each other and near a question about it in any language, as with real texts
    (the --ann benchmark's demo vectors did the same), so the approximate index across all
    has lists to find; unit vectors drawn at random have no such structure."""
    import numpy as np

    from teilhabe.search.embed import DIM, embed_passages

    keys, texts = [], []
    for n, (topic, sentence, titles) in enumerate(TOPICS):
        for code in ("de", "en", *OTHER_LANGUAGES):
            keys.append((n, code))
            texts.append(f"{topic}. {sentence}" if code == "de" else titles[code])
    vectors = dict(zip(keys, embed_passages(texts)))
    rng = np.random.default_rng(3)
    for kind in ("actor", "concept", "guideline", "field", "goal", "measure"):
        v = rng.standard_normal(DIM).astype(np.float32)
        vectors[kind] = v / np.linalg.norm(v)
    return vectors


class _IndexWriter:
    """The search index of a batch of towns, made by the index's own functions
    (index.offer_documents, site_documents and _row: analysis, facets, sort key;
    text.passages and embed.passage_hash for the passages) as refresh_municipality makes it
    for a town with no documents yet, written as plain rows: documents (their ids given, for
    the passages), passages, and a vector per new passage text (Embedding, float16 by
    hash; see _templates), so no document needs embedding."""

    def __init__(self, now):
        import numpy as np
        from django.db import connection
        from django.db.models import Max

        from teilhabe.search.models import Document

        self.now = connection.ops.adapt_datetimefield_value(now)
        self.facets = Document._meta.get_field("facets")
        self.next_id = (Document.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        self.templates = _templates()
        self.hashes = set()
        self.keys = {}  # passage hash → its vector's template, for the copies (_copy_towns)
        self.rng = np.random.default_rng(5)
        self.documents = self.passages = 0

    def add(self, towns, offers):
        from django.db import connection

        from teilhabe.search import index
        from teilhabe.search import text as T
        from teilhabe.search.embed import passage_hash

        documents = []  # (Document, its vector's template)
        for offer in offers:
            if not offer.is_published:  # index._offer_queryset().public()
                continue
            for language, title, body, extra, facets in index.offer_documents(offer):
                documents.append((index._row(offer.municipality_id, "offer", offer.pk, language, title, body, extra,
                                             facets), (offer._bench_topic, language)))
        for town in towns:
            for kind, object_id, language, title, body, extra in index.site_documents(town):
                documents.append((index._row(town.pk, kind, object_id, language, title, body, extra), kind))
        document_rows, passage_rows, new = [], [], []
        for document, template in documents:
            document.id = self.next_id
            self.next_id += 1
            document_rows.append((
                document.id, document.municipality_id, document.kind, document.object_id, document.language,
                document.title, document.body, document.terms, document.analyzer, document.sort_key,
                self.facets.get_db_prep_save(document.facets, connection), False, self.now))
            for position, text in T.passages(document.title, document.body):
                hash_ = passage_hash(text)
                passage_rows.append((document.id, document.municipality_id, position, hash_))
                if hash_ not in self.hashes:
                    self.hashes.add(hash_)
                    self.keys[hash_] = template
                    new.append((hash_, template))
        self.write(document_rows, passage_rows, new)

    def write(self, document_rows, passage_rows, new):
        """The rows as add() makes them, and a vector for each (hash, template) in `new`:
        its template plus noise of its own."""
        import numpy as np

        from teilhabe.search.embed import to_bytes
        from teilhabe.search.models import Document, Embedding, Passage

        _insert(Document, ("id", "municipality_id", "kind", "object_id", "language", "title", "body", "terms",
                           "analyzer", "sort_key", "facets", "needs_embedding", "updated_at"), document_rows)
        _insert(Passage, ("document_id", "municipality_id", "position", "hash"), passage_rows)
        if new:
            base = np.stack([self.templates[template] for _, template in new])
            noise = self.rng.standard_normal(base.shape).astype(np.float32)
            noise *= 0.1 / np.linalg.norm(noise, axis=1, keepdims=True)
            vectors = base + noise
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            _insert(Embedding, ("hash", "vector", "created_at"),
                    [(h, to_bytes(v), self.now) for (h, _), v in zip(new, vectors)], ignore_conflicts=True)
        self.documents += len(document_rows)
        self.passages += len(passage_rows)

    def finish(self, towns):
        """A new index version per town (as refresh_municipality ends); on PostgreSQL the
        id sequences move past the ids given here."""
        from django.core.management.color import no_style
        from django.db import connection, transaction

        from teilhabe.offers.models import Offer
        from teilhabe.search import index
        from teilhabe.search.models import Document

        with transaction.atomic():
            for town in towns:
                index.bump(town.pk)
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), [Document, Offer]):
                    cursor.execute(statement)
        print(f"  {self.documents:,} documents, {self.passages:,} passages, {len(self.hashes):,} vectors",
              flush=True)


def _copy_towns(towns, made, skeleton, search_index, started):
    """Towns `made`… as copies of the towns made through the index's code (town i of
    template i % made): rows copied in SQL (offers, translations, their relations) with
    the copy's own ids — offers in a new id range, the skeleton's (fields, districts, target
    groups, actors, concept) shifted by the offset between the two towns' rows, which
    bulk_create made in the same order for every town; the search documents copied in
    Python with the town's name and ids put in (title, body, terms; sort key, passages and
    their hashes by the index's own text.sort_key, text.passages, embed.passage_hash), and
    each new passage a vector of its own: its template's topic vector plus fresh noise
    (_IndexWriter.write). `refresh_municipality` on a copy finds nothing to change."""
    import json

    from django.db import connection, transaction

    from teilhabe.offers.models import Offer, OfferTranslation
    from teilhabe.search import text as T
    from teilhabe.search.embed import passage_hash

    qn = connection.ops.quote_name
    sizes = {"fields": len(FIELDS), "districts": 10, "groups": len(GROUPS), "actors": 25, "concepts": 1}

    def offset(name, copy, template):
        rows, k = skeleton[name], sizes[name]
        pairs = [(c.pk, t.pk) for c, t in zip(rows[copy * k:(copy + 1) * k], rows[template * k:(template + 1) * k])]
        shift = pairs[0][0] - pairs[0][1]
        assert all(c - t == shift for c, t in pairs), (name, copy, template)
        return shift

    def columns(model, overrides):
        """INSERT … SELECT of a model's rows: its columns, the SELECT's expressions, and the
        names of the parameters these take, in their order."""
        names, exprs, params = [], [], []
        for field in model._meta.concrete_fields:
            if field.primary_key and field.column not in overrides:
                continue
            names.append(qn(field.column))
            expr, param = overrides.get(field.column, (qn(field.column), None))
            exprs.append(expr)
            params += [param] if param else []
        return ", ".join(names), ", ".join(exprs), params

    offer_cols = columns(Offer, {"id": ("id + %s", "offers"), "municipality_id": ("%s", "town"),
                                 "city": ("%s", "name"), "field_of_action_id": ("field_of_action_id + %s", "fields"),
                                 "provider_id": ("provider_id + %s", "actors")})
    translation_cols = columns(OfferTranslation, {"offer_id": ("offer_id + %s", "offers")})
    offers_of = f"SELECT id FROM {qn(Offer._meta.db_table)} WHERE municipality_id = %s"
    relations = [(Offer.target_groups.through, "targetgroup_id", "groups"),
                 (Offer.districts.through, "district_id", "districts"),
                 (Offer.languages.through, "language_id", None)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {qn(Offer._meta.db_table)}")
        next_offer = cursor.fetchone()[0] + 1
        ranges = {}
        for t in towns[:made]:
            cursor.execute(f"SELECT MIN(id), MAX(id) FROM {qn(Offer._meta.db_table)} WHERE municipality_id = %s",
                           [t.pk])
            ranges[t.pk] = cursor.fetchone()
    facet_shifts = {"field_of_action": "fields", "target_group": "groups", "district": "districts"}
    object_shifts = {"actor": "actors", "concept": "concepts", "field": "fields"}
    batch = 20
    for first in range(made, len(towns), batch):
        document_rows, passage_rows, new = [], [], []
        with transaction.atomic(), connection.cursor() as cursor:
            for i in range(first, min(first + batch, len(towns))):
                copy, j = towns[i], i % made
                template = towns[j]
                shift = {name: offset(name, i, j) for name in sizes}
                low, high = ranges[template.pk]
                shift["offers"] = next_offer - low
                next_offer += high - low + 1
                values = {**shift, "town": copy.pk, "name": copy.name}
                cursor.execute(
                    f"INSERT INTO {qn(Offer._meta.db_table)} ({offer_cols[0]}) SELECT {offer_cols[1]} "
                    f"FROM {qn(Offer._meta.db_table)} WHERE municipality_id = %s ORDER BY id",
                    [*(values[k] for k in offer_cols[2]), template.pk])
                cursor.execute(
                    f"INSERT INTO {qn(OfferTranslation._meta.db_table)} ({translation_cols[0]}) "
                    f"SELECT {translation_cols[1]} FROM {qn(OfferTranslation._meta.db_table)} "
                    f"WHERE offer_id IN ({offers_of}) ORDER BY id",
                    [*(values[k] for k in translation_cols[2]), template.pk])
                for through, column, name in relations:
                    target = f"{qn(column)} + %s" if name else qn(column)
                    cursor.execute(
                        f"INSERT INTO {qn(through._meta.db_table)} (offer_id, {qn(column)}) "
                        f"SELECT offer_id + %s, {target} FROM {qn(through._meta.db_table)} "
                        f"WHERE offer_id IN ({offers_of}) ORDER BY id",
                        [shift["offers"], *([shift[name]] if name else []), template.pk])
                # The template's documents with the copy's name and ids.
                cursor.execute("SELECT document_id, position, hash FROM search_passage WHERE municipality_id = %s",
                               [template.pk])
                template_keys = {d: search_index.keys[h] for d, _, h in cursor.fetchall()}
                cursor.execute("SELECT id, kind, object_id, language, title, body, terms, analyzer, facets "
                               "FROM search_document WHERE municipality_id = %s ORDER BY id", [template.pk])
                name, lower = (template.name, copy.name), (template.name.lower(), copy.name.lower())
                for (old_id, kind, object_id, language, title, body, terms, analyzer,
                     facets) in cursor.fetchall():
                    object_id += shift["offers" if kind == "offer" else object_shifts[kind]]
                    if isinstance(facets, str):
                        facets = json.loads(facets)
                    assert set(facets) <= {*facet_shifts, "language"}, facets
                    facets = {key: [v + shift[facet_shifts[key]] for v in values] if key in facet_shifts else values
                              for key, values in facets.items()}
                    title, body = title.replace(*name), body.replace(*name)
                    document_id = search_index.next_id
                    search_index.next_id += 1
                    document_rows.append((
                        document_id, copy.pk, kind, object_id, language, title, body, terms.replace(*lower),
                        analyzer, T.sort_key(title)[:200], search_index.facets.get_db_prep_save(facets, connection),
                        False, search_index.now))
                    for position, text in T.passages(title, body):
                        hash_ = passage_hash(text)
                        passage_rows.append((document_id, copy.pk, position, hash_))
                        if hash_ not in search_index.hashes:
                            search_index.hashes.add(hash_)
                            new.append((hash_, template_keys[old_id]))
            search_index.write(document_rows, passage_rows, new)
        done = min(first + batch, len(towns))
        if (done - made) % 200 == 0 or done == len(towns):
            print(f"  towns copied: {done - made:,}/{len(towns) - made:,} ({time.perf_counter() - started:.0f} s)",
                  flush=True)


def build_search_files(processes=1):
    """Each town's vector file and index file (TEILHABE_SEARCH_SHARED_INDEX=1), made as the
    first process that searches a town makes them (engine.load_segment: from the database,
    under its lock, written whole), and the approximate index across all (ann.build_for,
    as a search across all builds it in the background) — into this run's
    TEILHABE_VAR_DIR, kept beside the database, so that every server started on it finds
    them made and the benchmark measures the real index files. With processes > 1 the
    towns' files are written by that many processes (spawned: each sets Django up anew),
    as several web workers would; this process then maps them for the approximate index."""
    import multiprocessing

    from django.db import connections

    from teilhabe.search import ann, engine

    started = time.perf_counter()
    states = list(_index_states())

    def progress(n):
        if n % 100 == 0 or n == len(states):
            print(f"  search files: {n}/{len(states)} municipalities ({time.perf_counter() - started:.0f} s)",
                  flush=True)

    if processes > 1:
        connections.close_all()
        with multiprocessing.get_context("spawn").Pool(processes, initializer=_django_setup) as pool:
            for n, _ in enumerate(pool.imap_unordered(_write_segment_files, states, chunksize=10), 1):
                progress(n)
    segs = []
    for n, (municipality_id, version) in enumerate(states, 1):
        segs.append(engine.load_segment(municipality_id, version))
        if processes == 1:
            progress(n)
    stack = engine.Stack(segs)
    if stack.n_passages >= ann.MIN_PASSAGES:
        started = time.perf_counter()
        ann.build_for(stack)
        print(f"  approximate index over {stack.n_passages:,} passages built in "
              f"{time.perf_counter() - started:.0f} s", flush=True)


def _django_setup():
    import django

    django.setup()


def _write_segment_files(state):
    """(in a pool process) One town's index and vector files, as load_segment writes them."""
    from teilhabe.search import engine

    engine.load_segment(*state)


def check_index(samples=4):
    """(child) What the generation made is what the real code makes: refresh_municipality
    (inside a transaction rolled back after) finds nothing to change on the first and last
    town and on `samples` towns drawn at random — documents, terms, facets, passages and
    their hashes as the index's code makes them from the offers; every passage has its
    vector, and the towns share none but the texts they share (the site pages' same
    words). Prints what it found; exits non-zero when anything would change."""
    from django.db import transaction

    from teilhabe.municipalities.models import Municipality
    from teilhabe.search import index
    from teilhabe.search.models import Embedding, Passage

    towns = list(Municipality.objects.filter(slug__startswith="stadt-").order_by("pk"))
    picked = [towns[0], *random.Random(1).sample(towns[1:-1], min(samples, max(0, len(towns) - 2))), towns[-1]]
    changed = []
    for town in picked:
        started = time.perf_counter()
        with transaction.atomic():
            if index.refresh_municipality(town):
                changed.append(town.slug)
            transaction.set_rollback(True)
        print(f"  refresh_municipality({town.slug}): {'CHANGES' if town.slug in changed else 'nothing to change'}"
              f" ({time.perf_counter() - started:.1f} s)", flush=True)
    hashes = Passage.objects.values("hash").distinct().count()
    vectors = Embedding.objects.count()
    print(f"  {Passage.objects.count():,} passages, {hashes:,} distinct texts, {vectors:,} vectors", flush=True)
    if changed or hashes != vectors:
        raise SystemExit(f"the generated index is not what the code makes: {changed or 'vectors missing'}")


def _index_states():
    from teilhabe.search.models import IndexState

    return IndexState.objects.order_by("municipality_id").values_list("municipality_id", "version")


# --- Processes ------------------------------------------------------------------------------

CACHE_DIR = Path(tempfile.gettempdir()) / f"teilhabe-bench-cache-{os.getpid()}"
# This run's TEILHABE_VAR_DIR (the search vector files), removed at the end.
VAR_DIR = Path(tempfile.gettempdir()) / f"teilhabe-bench-var-{os.getpid()}"


def child_env(database_url, **extra):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        # The shared page cache of this run (portal/cache.py), removed at the end.
        "TEILHABE_CACHE_DIR": str(CACHE_DIR),
        "TEILHABE_VAR_DIR": str(VAR_DIR),
        "TEILHABE_SECRET_KEY": os.environ.get("TEILHABE_SECRET_KEY") or "bench-only-" + "x" * 40,
        "DJANGO_SETTINGS_MODULE": "search_speed_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(REPO)]),
        "TEILHABE_LOG_LEVEL": "ERROR",
    }, **extra)
    return env


def run_child(database_url, *args, env=None):
    subprocess.run([PYTHON, __file__, *args], env=child_env(database_url, **(env or {})), check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving the real app (plus the ceiling) on loopback."""

    def __init__(self, database_url, *, workers, threads, env=None):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--no-control-socket", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
             "--keep-alive", "30", "--timeout", "120", "teilhabe.wsgi:application"],
            env=child_env(database_url, **(env or {})), cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = request(self.port, "/bench/constant")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {self.log.name}")

    def worker_pids(self):
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def rss_mb(pid):
    """VmRSS (everything resident, the mapped search vector files included: those pages are
    the page cache's, shared by every process of the machine), its parts RssAnon (the
    process's own memory) and RssFile, the peak VmHWM, and Pss (shared pages divided among
    the processes mapping them: what the process costs the machine)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:", "RssAnon:", "RssFile:")):
            key, value, _unit = line.split()
            values[key.rstrip(":")] = int(value) / 1024
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                values["Pss"] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return values


# --- HTTP load ------------------------------------------------------------------------------

_local = threading.local()
# Seconds a request may take; the A/B's warm-up allows more: its first searches across all
# load (in the first mapped run: build) 200 municipalities' indexes under other load.
REQUEST_TIMEOUT = 60


def request(port, path, *, retry=True):
    """GET over a keep-alive connection of this thread; (status, seconds). A connection
    the server closed while idle (keep-alive timeout) is opened again, once."""
    connection = getattr(_local, "connection", None)
    reused = connection is not None
    if connection is None or _local.port != port:
        connection = _local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        _local.port = port
    started = time.perf_counter()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
    except (http.client.HTTPException, OSError):
        connection.close()
        _local.connection = None
        if reused and retry:
            return request(port, path, retry=False)
        raise
    elapsed = time.perf_counter() - started
    if response.getheader("Connection", "").lower() == "close":
        connection.close()
        _local.connection = None
    return response.status, elapsed


def latencies(port, paths):
    """One client, one request after the other: the latency of each, in ms."""
    out = []
    for path in paths:
        status, seconds = request(port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        out.append(seconds * 1000)
    return out


def throughput(port, paths, clients=8):
    """`clients` threads share the list of requests; requests per second over the lot."""
    queue = list(reversed(paths))
    lock = threading.Lock()
    failures = []

    def client():
        while True:
            with lock:
                if not queue:
                    return
                path = queue.pop()
            try:
                status, _ = request(port, path)
                if status != 200:
                    failures.append(status)
            except OSError as error:
                failures.append(str(error))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise SystemExit(f"{len(failures)} failed requests, e.g. {failures[0]}")
    return len(paths) / elapsed


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(values):
    return {"p50": statistics.median(values), "p95": percentile(values, 95), "n": len(values)}


def search_path(query, lang, slug=None, page_size=20):
    base = f"/api/v1/municipalities/{slug}/offers" if slug else "/api/v1/offers"
    path = f"{base}?q={quote(query)}&page_size={page_size}"
    return path + (f"&lang={lang}" if lang else "")


def start_worker(database_url):
    return subprocess.Popen([str(BIN / "teilhabe"), "worker", "--sleep", "0.2"], env=child_env(database_url),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def stop_worker(worker):
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(60)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_for_jobs(database_url):
    run_child(database_url, "--wait-for-jobs")


def measure(database_url, args):
    rng = random.Random(11)
    slugs = [f"stadt-{i:03d}" for i in range(args.municipalities)]
    figures = {}
    server = Server(database_url, workers=args.workers, threads=args.threads)
    # As in production, `teilhabe worker` runs beside gunicorn: after the data changed
    # (here: all of it) it renders each municipality's offer directory into the shared
    # page cache (portal/cache.py, job "portal.warm"). Its RSS is read when it is done.
    worker = start_worker(database_url)
    try:
        # Warm up every worker: the model and the vector index load on first use.
        started = time.perf_counter()
        warm = [search_path(q, lang, rng.choice(slugs)) for q, lang in QUERIES] * 2
        throughput(server.port, warm + [search_path(q, lang) for q, lang in QUERIES[:6]], clients=args.workers * 2)
        throughput(server.port, [f"/{s}/offers/" for s in slugs[:16]], clients=8)
        figures["warm_up_s"] = time.perf_counter() - started
        started = time.perf_counter()
        wait_for_jobs(database_url)
        figures["worker_warming_done_s"] = figures["warm_up_s"] + time.perf_counter() - started
        figures["worker_rss_after_warming_mb"] = rss_mb(worker.pid)
        n = args.requests
        # The 1-minute load average at the start of each phase and at the end (other
        # work on the machine moves every figure; the README states it beside them).
        loads = figures["load_average"] = []
        figures["measuring_utc"] = [time.strftime("%H:%M:%S", time.gmtime())]

        def phase(name):
            loads.append((name, os.getloadavg()[0]))

        phase("ceiling")
        figures["ceiling"] = summary(latencies(server.port, ["/bench/constant"] * n))
        within = [search_path(*rng.choice(QUERIES), slug=rng.choice(slugs)) for _ in range(n)]
        phase("within")
        figures["within"] = summary(latencies(server.port, within))
        across = [search_path(*rng.choice(QUERIES)) for _ in range(max(20, n // 2))]
        phase("across")
        figures["across"] = summary(latencies(server.port, across))
        phase("list")
        figures["list"] = summary(latencies(server.port, [
            f"/api/v1/municipalities/{rng.choice(slugs)}/offers?page_size=20" for _ in range(n)]))
        phase("ceiling_after")
        figures["ceiling_after"] = summary(latencies(server.port, ["/bench/constant"] * n))
        total = args.rps_requests
        phase("rps_ceiling")
        figures["rps_ceiling"] = throughput(server.port, ["/bench/constant"] * total)
        stored = len(list(CACHE_DIR.glob("*.djcache")))
        phase("rps_directory")
        figures["rps_directory"] = throughput(server.port, [f"/{rng.choice(slugs)}/offers/" for _ in range(total)])
        # Pages the phase had to render (and stored): misses of the shared page cache.
        figures["directory_pages_rendered"] = len(list(CACHE_DIR.glob("*.djcache"))) - stored
        # Anonymous visitors get the directory from each worker's page cache
        # (teilhabe/portal/cache.py): the phase above is mostly first visits of 200
        # municipalities' pages; this one asks again for the pages of the 16 warmed up.
        hot = [f"/{s}/offers/" for s in slugs[:16]]
        throughput(server.port, hot * 4)
        figures["rps_directory_cached"] = throughput(server.port, [rng.choice(hot) for _ in range(total)])
        phase("rps_ceiling_after")
        figures["rps_ceiling_after"] = throughput(server.port, ["/bench/constant"] * total)
        phase("end")
        figures["measuring_utc"].append(time.strftime("%H:%M:%S", time.gmtime()))
        figures["gunicorn_worker_rss_mb"] = [rss_mb(pid) for pid in server.worker_pids()]
        figures["offers"] = args.offers
        cached = list(CACHE_DIR.glob("*.djcache"))
        figures["page_cache"] = {"files": len(cached), "mb": sum(f.stat().st_size for f in cached) / 2**20}
        vector_files = list((VAR_DIR / "search" / "vectors").glob("*.npy"))
        figures["vector_files"] = {"files": len(vector_files),
                                   "mb": sum(f.stat().st_size for f in vector_files) / 2**20}
    finally:
        server.stop()
        stop_worker(worker)
    return figures


# The A/B of issue 16 §2: the search index in each worker's own memory (as before) against
# mapped from the machine's files (teilhabe/search/segment_file.py), chosen per gunicorn
# start by TEILHABE_SEARCH_SHARED_INDEX; the same requests against each, runs alternating.
VARIANTS = {"mapped": {"TEILHABE_SEARCH_SHARED_INDEX": "1"}, "in memory": {"TEILHABE_SEARCH_SHARED_INDEX": "0"}}


def ab(database_url, args):
    rng = random.Random(11)
    slugs = [f"stadt-{i:03d}" for i in range(args.municipalities)]
    n = args.requests
    within = [search_path(*rng.choice(QUERIES), slug=rng.choice(slugs)) for _ in range(n)]
    across = [search_path(*rng.choice(QUERIES)) for _ in range(max(20, n // 2))]
    runs = []
    for round_ in range(args.ab_rounds):
        for variant in ("mapped", "in memory"):
            figures = {"variant": variant, "round": round_ + 1, "load_average": [],
                       "start_utc": time.strftime("%H:%M:%S", time.gmtime())}
            server = Server(database_url, workers=args.workers, threads=args.threads, env=VARIANTS[variant])
            serve_and_measure(server, figures, within, across, n, rng, slugs, clients=args.workers * 2, warm_timeout=900)
            runs.append(figures)
            report_ab_run(figures)
    return runs


def serve_and_measure(server, figures, within, across, n, rng, slugs, *, clients, warm_timeout):
    """One run of --ab or --scale on a started server, into `figures`: a warm-up that loads
    the model and every municipality's index into every worker (searches across all and
    within, twice each, concurrently), the workers' memory, then the ceiling, the searches
    within and across all and the ceiling again, sequentially; stops the server."""
    global REQUEST_TIMEOUT
    try:
        started = time.perf_counter()
        warm = [search_path(q, lang) for q, lang in QUERIES] + [
            search_path(q, lang, rng.choice(slugs)) for q, lang in QUERIES]
        REQUEST_TIMEOUT = warm_timeout
        try:
            throughput(server.port, warm * 2, clients=clients)
        finally:
            REQUEST_TIMEOUT = 60
        figures["warm_up_s"] = time.perf_counter() - started
        figures["rss_after_warm_up"] = [rss_mb(pid) for pid in server.worker_pids()]
        for name, paths in (("ceiling", ["/bench/constant"] * n), ("within", within), ("across", across),
                            ("ceiling_after", ["/bench/constant"] * n)):
            figures["load_average"].append((name, os.getloadavg()[0]))
            figures[name] = summary(latencies(server.port, paths))
        figures["load_average"].append(("end", os.getloadavg()[0]))
        figures["rss"] = [rss_mb(pid) for pid in server.worker_pids()]
        figures["end_utc"] = time.strftime("%H:%M:%S", time.gmtime())
    finally:
        server.stop()


def report_ab_run(f):
    ceiling = max(f["ceiling"]["p95"], f["ceiling_after"]["p95"])
    loads = [value for _name, value in f["load_average"]]
    print(f"\n### {f['variant']}, round {f['round']} ({f['start_utc']}–{f['end_utc']} UTC, load (1 min) "
          f"{min(loads):.2f}–{max(loads):.2f}; warm-up {f['warm_up_s']:.0f} s)")
    print("| request | p50 ms | p95 ms | p95 / ceiling p95 |\n|---|---:|---:|---:|")
    for label, key in (("ceiling", "ceiling"), ("within a municipality", "within"), ("across all", "across"),
                       ("ceiling again", "ceiling_after")):
        s = f[key]
        print(f"| {label} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p95'] / ceiling:.0f}× |")
    target = TARGETS["web_worker_rss_mb"]
    for when in ("rss_after_warm_up", "rss"):
        print(f"workers {'after the warm-up' if when == 'rss_after_warm_up' else 'at the end'}: " + "; ".join(
            f"VmRSS {w['VmRSS']:.0f} MB (RssAnon {w.get('RssAnon', 0):.0f} + RssFile {w.get('RssFile', 0):.0f}; "
            f"Pss {w.get('Pss', 0):.0f}; peak VmHWM {w.get('VmHWM', 0):.0f})" for w in f[when]))
    whole = max(w["VmRSS"] for w in f["rss"])
    peak = max(w.get("VmHWM", 0) for w in f["rss"])
    print(f"VmRSS per web worker, target ≤ {target} MB: {whole:.0f} MB {'met' if whole <= target else '**not met**'}; "
          f"peak (VmHWM) {peak:.0f} MB {'met' if peak <= target else '**not met**'}", flush=True)


# Issue 16 §2 at scale: the same requests against databases of different sizes in one run
# (each generated before with --sqlite-file … --generate-only, its search files beside it
# in FILE.var), gunicorn with the index files shared (TEILHABE_SEARCH_SHARED_INDEX=1).

def var_dir_of(sqlite_file):
    return Path(f"{Path(sqlite_file).resolve()}.var")


def offers_of(sqlite_file):
    import sqlite3

    with sqlite3.connect(f"file:{Path(sqlite_file).resolve()}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM offers_offer").fetchone()[0]


def file_sizes(sqlite_file):
    """MB on disk: the database, and in FILE.var/search the towns' index files (.seg), their
    vector files (vectors/*.npy) and the approximate index across all (ann/)."""
    search = var_dir_of(sqlite_file) / "search"

    def mb(files):
        return sum(f.stat().st_size for f in files if f.is_file()) / 2**20

    return {"database": mb([Path(sqlite_file)]), "index files (.seg)": mb(search.glob("vectors/*.seg")),
            "vector files (.npy)": mb(search.glob("vectors/*.npy")), "approximate index (ann/)": mb(search.glob("ann/**/*"))}


def slugs_of(sqlite_file):
    import sqlite3

    with sqlite3.connect(f"file:{Path(sqlite_file).resolve()}?mode=ro", uri=True) as db:
        return [slug for (slug,) in db.execute(
            "SELECT slug FROM municipalities_municipality WHERE slug LIKE 'stadt-%' ORDER BY id")]


def scale(files, args):
    runs = []
    for round_ in range(args.ab_rounds):
        for sqlite_file in files:
            rng = random.Random(11)
            slugs = slugs_of(sqlite_file)
            n = args.requests
            within = [search_path(*rng.choice(QUERIES), slug=rng.choice(slugs)) for _ in range(n)]
            across = [search_path(*rng.choice(QUERIES)) for _ in range(max(20, n // 2))]
            url = f"sqlite:///{Path(sqlite_file).resolve()}"
            figures = {"database": str(sqlite_file), "municipalities": len(slugs), "round": round_ + 1,
                       "offers": offers_of(sqlite_file), "files_mb": file_sizes(sqlite_file),
                       "load_average": [], "start_utc": time.strftime("%H:%M:%S", time.gmtime()),
                       "uptime": Path("/proc/loadavg").read_text().split()[:3]}
            server = Server(url, workers=args.workers, threads=args.threads,
                            env={"TEILHABE_SEARCH_SHARED_INDEX": "1", "TEILHABE_VAR_DIR": str(var_dir_of(sqlite_file))})
            # Every worker maps every municipality's index files, the vectors and the
            # approximate index, and loads the model (the warm-up of serve_and_measure).
            serve_and_measure(server, figures, within, across, n, rng, slugs, clients=args.workers * 2, warm_timeout=1800)
            runs.append(figures)
            report_scale_run(figures)
    return runs


def report_scale_run(f):
    ceiling = max(f["ceiling"]["p95"], f["ceiling_after"]["p95"])
    loads = [value for _name, value in f["load_average"]]
    print(f"\n### {f['database']} ({f['municipalities']} municipalities), round {f['round']} "
          f"({f['start_utc']}–{f['end_utc']} UTC, load (uptime) {' '.join(f['uptime'])} at the start, "
          f"1 min {min(loads):.2f}–{max(loads):.2f}; warm-up {f['warm_up_s']:.0f} s)")
    print("| request | p50 ms | p95 ms | p95 / ceiling p95 |\n|---|---:|---:|---:|")
    for label, key in (("ceiling", "ceiling"), ("within a municipality", "within"), ("across all", "across"),
                       ("ceiling again", "ceiling_after")):
        s = f[key]
        print(f"| {label} | {s['p50']:.1f} | {s['p95']:.1f} | {s['p95'] / ceiling:.0f}× |")
    for when in ("rss_after_warm_up", "rss"):
        print(f"workers {'after the warm-up' if when == 'rss_after_warm_up' else 'at the end'}: " + "; ".join(
            f"VmRSS {w['VmRSS']:.0f} MB (RssAnon {w.get('RssAnon', 0):.0f} + RssFile {w.get('RssFile', 0):.0f}; "
            f"Pss {w.get('Pss', 0):.0f}; VmHWM {w.get('VmHWM', 0):.0f})" for w in f[when]), flush=True)


def report_scale_targets(runs):
    """Issue 16 §2's targets at scale: across-all p95 at 1,000,000 offers at most 3× the
    100,000-offer figure of the same round; VmRSS (and the peak VmHWM) per web worker
    ≤ 400 MB at 1,000,000 offers, ≤ 250 MB at 100,000."""
    print("\n## Targets (issue 16 §2)")
    rss_targets = {100_000: TARGETS["web_worker_rss_mb"], 1_000_000: TARGETS["web_worker_rss_mb_1m"]}
    for f in runs:
        print(f"- {f['offers']:,} offers, round {f['round']}: files "
              + ", ".join(f"{k} {v:,.0f} MB" for k, v in f["files_mb"].items()))
        base = next((r for r in runs if r["round"] == f["round"] and r["offers"] == 100_000), None)
        if base is not None and f["offers"] > 100_000:
            ratio = f["across"]["p95"] / base["across"]["p95"]
            met = "met" if ratio <= 3 else "**not met**"
            print(f"  across-all p95 {f['across']['p95']:,.0f} ms = {ratio:.1f}× the same round's 100,000-offer "
                  f"{base['across']['p95']:,.0f} ms — target ≤ 3×: {met}")
        target = rss_targets.get(f["offers"])
        if target is None:
            continue
        for when in ("rss_after_warm_up", "rss"):
            whole = max(w["VmRSS"] for w in f[when])
            peak = max(w.get("VmHWM", 0) for w in f[when])
            print(f"  VmRSS per web worker {'after the warm-up' if when == 'rss_after_warm_up' else 'at the end'}: "
                  f"{whole:,.0f} MB (peak VmHWM {peak:,.0f}), RssAnon "
                  f"{max(w.get('RssAnon', 0) for w in f[when]):,.0f}, Pss {max(w.get('Pss', 0) for w in f[when]):,.0f}"
                  f" — target ≤ {target} MB: {'met' if whole <= target else '**not met**'}"
                  f" (peak {'met' if peak <= target else '**not met**'})", flush=True)


def worker_rss(database_url):
    """Start `teilhabe worker`, change an offer's text so it is embedded, wait, read RSS."""
    env = child_env(database_url)
    worker = subprocess.Popen([str(BIN / "teilhabe"), "worker", "--sleep", "0.2"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        baseline = None
        time.sleep(3)
        baseline = rss_mb(worker.pid)
        run_child(database_url, "--touch-and-wait")
        return {"idle": baseline, "after_embedding": rss_mb(worker.pid)}
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def wait_jobs_done():
    """(child) Wait until no job is pending or running (the worker rendered the pages)."""
    from django.utils import timezone

    from teilhabe.jobs.models import Job

    deadline = time.monotonic() + 1800
    while time.monotonic() < deadline:
        waiting = Job.objects.filter(status__in=["pending", "running"])
        if not waiting.exists():
            return
        if not waiting.filter(run_after__lte=timezone.now() + timezone.timedelta(seconds=5)).exists():
            return  # only later periodic jobs are left
        time.sleep(0.5)
    raise SystemExit("the worker did not finish its jobs in 30 minutes")


def touch_and_wait():
    """(child) Change one offer's German text; wait until the worker has no job left."""
    from teilhabe.jobs.models import Job
    from teilhabe.offers.models import Offer

    offer = Offer.objects.filter(is_published=True).order_by("pk").first()
    offer.description += " Neu: auch samstags, mit einem längeren Text, damit er eingebettet werden muss."
    offer.save()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if Job.objects.filter(status__in=["done"]).exists() and not Job.objects.filter(
                status__in=["pending", "running"]).exists():
            return
        time.sleep(0.5)
    raise SystemExit("the worker did not finish the embedding job in 5 minutes")


# --- Databases ------------------------------------------------------------------------------

def fresh_database(kind, args, workdir):
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    parts = urlsplit(args.pg_url)
    with psycopg.connect(args.pg_url, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS teilhabe_bench")
        connection.execute("CREATE DATABASE teilhabe_bench")
    return urlunsplit(parts._replace(path="/teilhabe_bench"))


def database_mb(kind, url, workdir):
    """The database's size on disk after the run (for docs/scaling.md)."""
    if kind == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        return sum(f.stat().st_size for f in path.parent.glob(path.name + "*")) / 2**20
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20


def drop_database(kind, args):
    if kind == "postgres":
        import psycopg

        with psycopg.connect(args.pg_url, autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS teilhabe_bench")


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores, {cpu}, {memory / 1024 / 1024:.0f} GB RAM, Python {platform.python_version()}"


def report(kind, figures, rss):
    within, across, ceiling = figures["within"], figures["across"], figures["ceiling"]
    share = figures["rps_directory"] / figures["rps_ceiling"]
    worker_mb = rss["after_embedding"]["VmRSS"]
    rows = [
        ("ceiling (constant JSON), 1 client", ceiling, None),
        ("ceiling again, after the searches", figures["ceiling_after"], None),
        ("API search within a municipality", within, TARGETS["p95_within_ms"]),
        ("API search across all", across, TARGETS["p95_across_ms"]),
        ("API list without q (by title)", figures["list"], None),
    ]
    print(f"\n## {kind}\n")
    print("| request | p50 ms | p95 ms | n | target p95 |")
    print("|---|---:|---:|---:|---|")
    for label, s, target in rows:
        verdict = "" if target is None else f"≤ {target} ms: {'met' if s['p95'] <= target else '**not met**'}"
        print(f"| {label} | {s['p50']:.1f} | {s['p95']:.1f} | {s['n']} | {verdict} |")
    print("\n| 8 concurrent clients | requests/s |\n|---|---:|")
    print(f"| ceiling (constant JSON) | {figures['rps_ceiling']:.0f} |")
    print(f"| offer directory `/<slug>/offers/` | {figures['rps_directory']:.0f} "
          f"({share:.0%} of the ceiling; target ≥ 50 %: {'met' if share >= 0.5 else '**not met**'}) |")
    cached = figures["rps_directory_cached"] / figures["rps_ceiling"]
    print(f"| offer directory, pages visited before (page cache) | {figures['rps_directory_cached']:.0f} "
          f"({cached:.0%} of the ceiling; target ≥ 50 %: {'met' if cached >= 0.5 else '**not met**'}) |")
    print(f"| ceiling again | {figures['rps_ceiling_after']:.0f} |")
    print(f"\npages of the random directory phase not found in the shared cache (rendered): "
          f"{figures['directory_pages_rendered']}")
    print(f"\nworker RSS: idle {rss['idle']['VmRSS']:.0f} MB, after embedding {worker_mb:.0f} MB "
          f"(peak {rss['after_embedding']['VmHWM']:.0f} MB; target < 300 MB: "
          f"{'met' if worker_mb < 300 else '**not met**'})")
    loads = [value for _name, value in figures["load_average"]]
    print(f"measuring {figures['measuring_utc'][0]}–{figures['measuring_utc'][1]} UTC; load average (1 minute) "
          f"{min(loads):.2f}–{max(loads):.2f} (" + ", ".join(f"{name} {value:.2f}" for name, value
                                                          in figures["load_average"]) + ")")
    target = TARGETS["web_worker_rss_mb" if figures.get("offers", 0) < 1_000_000 else "web_worker_rss_mb_1m"]
    print("gunicorn workers after the run (VmRSS = own RssAnon + mapped RssFile; Pss): " + "; ".join(
        f"{w['VmRSS']:.0f} MB = {w.get('RssAnon', 0):.0f} + {w.get('RssFile', 0):.0f}, Pss {w.get('Pss', 0):.0f} MB"
        for w in figures["gunicorn_worker_rss_mb"]))
    own = max(w.get("RssAnon", w["VmRSS"]) for w in figures["gunicorn_worker_rss_mb"])
    whole = max(w["VmRSS"] for w in figures["gunicorn_worker_rss_mb"])
    print(f"RSS per web worker, target ≤ {target} MB: own memory (RssAnon) {own:.0f} MB "
          f"{'met' if own <= target else '**not met**'}; VmRSS with the shared vector file {whole:.0f} MB "
          f"{'met' if whole <= target else '**not met**'}")
    print(f"database size after the run: {figures.get('database_mb', 0):,.0f} MB; shared page cache "
          f"(TEILHABE_CACHE_DIR): {figures.get('page_cache', {}).get('files', 0)} entries, "
          f"{figures.get('page_cache', {}).get('mb', 0):.1f} MB")
    files = figures.get("vector_files")
    if files:
        print(f"search vector files on this machine: {files['files']} files, {files['mb']:.0f} MB (one copy for all "
              "processes)")
    print(f"warm-up (first requests, model and index load): {figures['warm_up_s']:.1f} s; "
          f"the worker's pre-rendering of every directory done after {figures['worker_warming_done_s']:.1f} s "
          f"(worker RSS then {figures['worker_rss_after_warming_mb']['VmRSS']:.0f} MB, "
          f"peak {figures['worker_rss_after_warming_mb']['VmHWM']:.0f} MB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both (comma-separated)")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:55434/postgres"))
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--municipalities", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per latency phase")
    parser.add_argument("--rps-requests", type=int, default=600, help="requests per throughput phase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file / PostgreSQL database")
    parser.add_argument("--sqlite-file", type=Path, help="the SQLite database to use: generated (and kept, with its "
                        "search files in FILE.var) when missing, used as it is when present — 100,000 offers take "
                        "about 13 minutes to make on the shared 2 cores under load 10; 1,000,000 in 2,000 towns with "
                        "--template-towns 200 took 22 minutes under load 5–8")
    parser.add_argument("--generate-only", action="store_true", help="stop after generating (with --sqlite-file)")
    parser.add_argument("--template-towns", type=int, metavar="T",
                        help="make only T towns through the index's code and the others as copies of them, "
                        "the files with both cores (issue 16: 1,000,000 offers in 2,000 towns; see generate)")
    parser.add_argument("--ab", action="store_true",
                        help="only the A/B of the search index in each worker's memory against mapped (issue 16)")
    parser.add_argument("--ab-rounds", type=int, default=2, help="rounds of the A/B (each: mapped, then in memory)")
    parser.add_argument("--database", help="a database generated (and --keep'd) before: not generated again")
    parser.add_argument("--scale", action="append", type=Path, metavar="FILE",
                        help="only the searches and the workers' memory on SQLite files generated before with "
                        "--sqlite-file FILE --generate-only (their search files in FILE.var), in the order given, "
                        "--ab-rounds times (issue 16: 100,000 against 1,000,000 offers in one run)")
    # Internal: the steps that run inside Django, in a child process.
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--touch-and-wait", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--wait-for-jobs", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--check-index", action="store_true", help="check the generated database: refresh_municipality "
                        "on sampled towns finds nothing to change, every passage has its vector (see check_index)")
    parser.add_argument("--check-index-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.wait_for_jobs:
        import django

        django.setup()
        wait_jobs_done()
        return
    if args.generate or args.touch_and_wait or args.check_index_here:
        import django

        django.setup()
        if args.check_index_here:
            check_index()
        elif args.generate:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            generate(args.offers, args.municipalities, templates=args.template_towns)
        else:
            touch_and_wait()
        return

    print(f"# search_speed — {time.strftime('%Y-%m-%d %H:%M')}, {machine()}")
    print(f"{args.offers:,} offers in {args.municipalities} municipalities; gunicorn gthread, "
          f"{args.workers} workers × {args.threads} threads; {args.requests} sequential requests per "
          f"latency phase, {args.rps_requests} per throughput phase")
    if args.scale:
        runs = scale(args.scale, args)
        report_scale_targets(runs)
        print("\n" + json.dumps({"scale": runs}, default=str), flush=True)
        return
    workdir = Path(tempfile.mkdtemp(prefix="teilhabe-bench-"))
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
    try:
        for kind in [k.strip() for k in args.db.split(",") if k.strip()]:
            reuse = bool(args.database) or (kind == "sqlite" and args.sqlite_file)
            if args.database:
                url = args.database
            elif reuse:
                url = f"sqlite:///{args.sqlite_file.resolve()}"
            else:
                url = fresh_database(kind, args, workdir)
            try:
                if args.database or (reuse and args.sqlite_file.exists()):
                    print(f"\n[{kind}] using {args.database or args.sqlite_file} as it is", flush=True)
                else:
                    print(f"\n[{kind}] generating …", flush=True)
                    started = time.perf_counter()
                    # The search files are written with the data, into the kept FILE.var
                    # beside a --sqlite-file (var_dir_of), else into this run's VAR_DIR.
                    var = var_dir_of(args.sqlite_file) if reuse and not args.database else VAR_DIR
                    run_child(url, "--generate", "--offers", str(args.offers),
                              "--municipalities", str(args.municipalities),
                              *(["--template-towns", str(args.template_towns)] if args.template_towns else []),
                              env={"TEILHABE_SEARCH_SHARED_INDEX": "1", "TEILHABE_VAR_DIR": str(var)})
                    print(f"[{kind}] generated in {time.perf_counter() - started:.0f} s", flush=True)
                if args.check_index:
                    started = time.perf_counter()
                    print(f"[{kind}] checking the index against the code …", flush=True)
                    run_child(url, "--check-index-here")
                    print(f"[{kind}] checked in {time.perf_counter() - started:.0f} s", flush=True)
                if args.ab:
                    print(f"[{kind}] A/B: index in each worker's memory against mapped … (load: "
                          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})", flush=True)
                    runs = ab(url, args)
                    print("\n" + json.dumps({"db": kind, "database": url, "ab": runs}, default=str), flush=True)
                    continue
                if args.generate_only:
                    continue
                print(f"[{kind}] measuring …", flush=True)
                figures = measure(url, args)
                figures["database_mb"] = database_mb(kind, url, workdir)
                rss = worker_rss(url)
                report(kind, figures, rss)
                print("\n" + json.dumps({"db": kind, **figures, "worker_rss": rss}, default=str), flush=True)
            finally:
                if not args.keep and not reuse:
                    drop_database(kind, args)
    finally:
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        shutil.rmtree(VAR_DIR, ignore_errors=True)
        if args.keep:
            print(f"kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
