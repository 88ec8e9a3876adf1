"""Whole answers against stored expected JSON (tests/api/expected/), each with its number
of queries: any change to what the API says shows up as a diff to review.
TEILHABE_UPDATE_EXPECTED=1 rewrites the files from the current answers."""
import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

EXPECTED = Path(__file__).parent / "expected"


@pytest.mark.parametrize("name, path, query, queries", [
    ("offer-A-1-en", "municipalities/herten/offers/A-1", {"lang": "en"}, 4),
    ("offers-herten-page-1", "municipalities/herten/offers", {"page_size": 2}, 5),
    ("measures-herten", "municipalities/herten/measures", {}, 10),
    ("actors-herten", "municipalities/herten/actors", {"lang": "ar"}, 6),
])
def test_it_answers_exactly_as_stored(world, api, django_assert_num_queries, name, path, query, queries):
    with django_assert_num_queries(queries):
        response = api(path, **query)
    assert response.status_code == 200
    actual = response.json()
    file = EXPECTED / f"{name}.json"
    if os.environ.get("TEILHABE_UPDATE_EXPECTED") == "1":
        file.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert actual == json.loads(file.read_text(encoding="utf-8"))
