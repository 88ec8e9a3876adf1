"""Whatever the document holds, the importer answers with problems, never a crash."""
import copy

import pytest

from teilhabe.exchange.importer import import_document, validate_document
from teilhabe.municipalities.models import Municipality

from .documents import contract_example, db_state

pytestmark = pytest.mark.django_db


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, prefix + (i,))


def replaced(doc, path, value):
    doc = copy.deepcopy(doc)
    if not path:
        return value
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return doc


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
def test_it_reports_problems_for_any_value_anywhere(existing):
    Municipality.objects.create(slug="kreis-x", name="Kreis X", kind="kreis")
    example = contract_example()
    if existing:
        import_document(example)
    before = db_state()
    checked = 0
    values = [None, 7, "x", [{}]]
    for k, path in enumerate(paths(example)):
        # Two of the four values per place, taking turns: every value meets every
        # kind of place, in half the time.
        for value in (values[k % 4], values[(k + 1) % 4]):
            problems = validate_document(replaced(example, path, value))
            assert all(str(p).startswith("$") for p in problems), (path, value, problems)
            checked += 1
    assert checked > 200
    assert db_state() == before
