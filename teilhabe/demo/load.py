"""Loading the demo documents and logins (see the package's docstring)."""
import json
from pathlib import Path

from django.db import transaction

from teilhabe.exchange.importer import ExchangeError, import_document
from teilhabe.municipalities.models import Municipality

from .courses import TOWNS, load_courses_demo
from .users import ensure_demo_users

DEMO_DIR = Path(__file__).resolve().parent
# Order matters: a town's parent Kreis must exist before the town is imported.
DOCUMENTS = ["kreis-mettmann", "herten", "herne", "hilden"]


class DemoLoadError(Exception):
    """A demo document was not accepted by the importer; nothing was written."""

    def __init__(self, document, errors):
        self.document = document
        self.errors = list(errors)
        super().__init__("\n".join(f"{document}.json: {line}" for line in self.errors))


def read_document(name):
    return json.loads((DEMO_DIR / f"{name}.json").read_text(encoding="utf-8"))


@transaction.atomic
def load_demo(*, password, progress=False):
    """Import every demo document and ensure the demo users. Returns (summaries, logins).
    All or nothing: one rejected document leaves the database as it was."""
    summaries, slugs, later = [], [], []
    for name in DOCUMENTS:
        document = read_document(name)
        document, towns_named = split_towns_named(document)
        try:
            summaries.append(import_document(document, via="demo", progress=progress))
        except ExchangeError as error:
            raise DemoLoadError(name, error.errors) from None
        if towns_named:
            later.append((name, len(summaries) - 1, towns_named))
        slugs.append(document["municipality"]["slug"])
    for name, n, document in later:
        try:
            summary = import_document(document, via="demo", progress=progress)
        except ExchangeError as error:
            raise DemoLoadError(name, error.errors) from None
        _add_later_changes(summaries[n], summary)
    load_courses_demo()  # the Kreis's other towns, its courses and waiting list
    slugs += [slug for slug, *_rest in TOWNS]
    # The demo banner shows on these municipalities' pages: set here, and nowhere else, so that
    # it follows the demo data and cannot appear on a production install's own data.
    Municipality.objects.filter(slug__in=slugs, is_demo=False).update(is_demo=True)
    logins = ensure_demo_users(password=password)
    return summaries, logins


def split_towns_named(document):
    """(the document without its actors' works_in and its offers' serves, a document of
    just those) — a Kreis's actors and offers name its towns, which are imported after the
    Kreis; the towns in turn name the Kreis's actors (`kreis-mettmann/willkommen-me`)."""
    actors = [a for a in document.get("actors", []) if a.get("works_in")]
    offers = [o for o in document.get("offers", []) if o.get("serves")]
    if not actors and not offers:
        return document, None
    first = {**document}
    for section, key in (("actors", "works_in"), ("offers", "serves")):
        if section in document:
            first[section] = [{k: v for k, v in x.items() if k != key} for x in document[section]]
    second = {"format": document["format"], "municipality": {"slug": document["municipality"]["slug"],
                                                             "name": document["municipality"]["name"]}}
    if actors:
        second["actors"] = [{"external_id": a["external_id"], "name": a["name"], "works_in": a["works_in"]}
                            for a in actors]
    if offers:  # the German title only: a translation named here would count as up to date
        second["offers"] = [{"external_id": o["external_id"], "title": {"de": o["title"]["de"]},
                             "provider": o["provider"], "serves": o["serves"]} for o in offers]
    return first, second


def _add_later_changes(summary, later):
    """One summary per document: the second pass can only have changed actors and offers."""
    summary.change_records += later.change_records
    for kind in ("actors", "offers"):
        counts, more = summary.counts.get(kind), later.counts.get(kind, {})
        if counts and not counts.get("created") and more.get("updated"):
            counts["updated"] += more["updated"]
            counts["unchanged"] -= more["updated"]
