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
    summaries, slugs = [], []
    for name in DOCUMENTS:
        document = read_document(name)
        try:
            summaries.append(import_document(document, via="demo", progress=progress))
        except ExchangeError as error:
            raise DemoLoadError(name, error.errors) from None
        slugs.append(document["municipality"]["slug"])
    load_courses_demo()  # the Kreis's other towns, its courses and waiting list
    slugs += [slug for slug, *_rest in TOWNS]
    # The demo banner shows on these municipalities' pages: set here, and nowhere else, so that
    # it follows the demo data and cannot appear on a production install's own data.
    Municipality.objects.filter(slug__in=slugs, is_demo=False).update(is_demo=True)
    logins = ensure_demo_users(password=password)
    return summaries, logins
