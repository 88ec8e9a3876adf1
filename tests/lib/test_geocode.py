"""The geocoder client against a Nominatim-compatible server on loopback."""
import time
from decimal import Decimal

import pytest

from teilhabe.lib import geocode
from tests.nominatim import HERTEN, nominatim  # noqa: F401 (fixture)

ADDRESS = "Kurt-Schumacher-Straße 2, 45699 Herten"


def test_it_asks_with_a_user_agent_and_reads_nominatims_answer(nominatim, settings):  # noqa: F811
    settings.TEILHABE_GEOCODER_USER_AGENT = "teilhabe-test/1 (betrieb@lindenau.example)"
    nominatim.answers[ADDRESS] = [HERTEN]
    assert geocode.geocode(ADDRESS) == (Decimal("51.593125"), Decimal("7.140732"))
    (query, headers, _at), = nominatim.requests
    assert query == {"q": [ADDRESS], "format": ["jsonv2"], "limit": ["1"], "countrycodes": ["de"]}
    assert headers["User-Agent"] == "teilhabe-test/1 (betrieb@lindenau.example)"


def test_it_keeps_a_second_between_requests(nominatim, settings):  # noqa: F811
    settings.TEILHABE_GEOCODER_INTERVAL = 1
    nominatim.answers[ADDRESS] = [HERTEN]
    geocode.geocode(ADDRESS)
    geocode.geocode(ADDRESS)
    first, second = (at for _q, _h, at in nominatim.requests)
    assert second - first >= 1


@pytest.mark.parametrize("status, answer, message", [
    (200, [], "Zu dieser Anschrift wurde nichts gefunden."),
    (200, [{"lat": "x", "lon": "7"}], "Der Geokodierungsdienst gab keine lesbare Antwort."),
    (200, [{"lat": "91", "lon": "7"}], "Der Geokodierungsdienst gab Koordinaten außerhalb der Erde."),
    (503, [], "Der Geokodierungsdienst antwortet nicht (HTTPError)."),
])
def test_it_says_what_went_wrong(nominatim, status, answer, message):  # noqa: F811
    nominatim.status, nominatim.answers[ADDRESS] = status, answer
    with pytest.raises(geocode.GeocodeError) as error:
        geocode.geocode(ADDRESS)
    assert str(error.value) == message


def test_it_is_off_unless_the_operator_names_a_service(settings):
    settings.TEILHABE_GEOCODER_URL = ""
    assert not geocode.enabled()
    with pytest.raises(geocode.GeocodeError, match="Keine Geokodierung eingerichtet"):
        geocode.geocode(ADDRESS)


def test_an_unreachable_service_is_an_error_not_a_hang(settings):
    settings.TEILHABE_GEOCODER_URL, settings.TEILHABE_GEOCODER_INTERVAL = "http://127.0.0.1:9/search", 0
    started = time.monotonic()
    with pytest.raises(geocode.GeocodeError, match="antwortet nicht"):
        geocode.geocode(ADDRESS)
    assert time.monotonic() - started < 5
