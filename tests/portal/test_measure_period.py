"""The period of a measure on its public page reads as people say it: "Januar 2026 – Juni
2027", "seit Januar 2026", "bis Juni 2027" — never "seit Januar 2026 – Juni 2027"."""
import datetime

import pytest
from django.urls import reverse

from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start, end, lang, shown", [
    ((2026, 1, 15), (2027, 6, 30), "de", "<dd>Januar 2026 – Juni 2027</dd>"),
    ((2026, 1, 15), None, "de", "<dd>seit Januar 2026</dd>"),
    (None, (2027, 6, 30), "de", "<dd>bis Juni 2027</dd>"),
    (None, None, "de", "<dd>–</dd>"),
    ((2026, 1, 15), (2027, 6, 30), "en", "<dd>January 2026 – June 2027</dd>"),
    (None, (2027, 6, 30), "en", "<dd>until June 2027</dd>"),
])
def test_it_shows_the_period_of_a_measure(client, start, end, lang, shown):
    m = b.municipality("neustadt")
    concept = b.concept(m)
    b.measure(concept, "M-1", is_public=True, start_date=datetime.date(*start) if start else None,
              end_date=datetime.date(*end) if end else None)
    html = client.get(reverse("portal:measure", args=[m.slug, "M-1"]), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert shown in html
    assert "seit Januar 2026 –" not in html
