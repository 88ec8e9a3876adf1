"""A NUL character in an address or a query parameter is answered 404 / 400 naming the
parameter, never a 500: PostgreSQL cannot compare text with a NUL in it."""
import pytest

from tests import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    m = b.municipality("herten")
    concept = b.concept(m)
    b.field(concept, "sprache", "Sprache")
    return m


def test_it_refuses_a_nul_in_a_back_office_filter_naming_the_parameter(client, town):
    client.force_login(b.user(role="coordinator", municipality=town))
    response = client.get("/backoffice/herten/offers/", {"q": "Kurs\x00"})
    assert response.status_code == 400
    assert "Der Parameter „q“ enthält ein Nullzeichen." in response.content.decode()


def test_it_refuses_a_nul_in_a_public_filter(client, town):
    response = client.get("/herten/offers/", {"district": "\x00"})
    assert response.status_code == 400
    assert "„district“" in response.content.decode()


@pytest.mark.parametrize("path", ["/herten/fields/%00/", "/herten/offers/x%00/", "/p/r/%00/",
                                  "/backoffice/herten/offers/1/translations/%00/"])
def test_it_answers_a_nul_in_the_path_with_not_found(client, town, path):
    client.force_login(b.user(role="coordinator", municipality=town))
    assert client.get(path).status_code == 404


def test_it_answers_the_api_in_its_own_error_shape(client, town):
    response = client.get("/api/v1/municipalities/herten/offers", {"district": "\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["error"]["parameter"] == "district"
    assert response.json()["error"]["code"] == "invalid"
    response = client.get("/api/v1/municipalities/herten/offers/%00")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_it_leaves_ordinary_addresses_alone(client, town):
    assert client.get("/herten/offers/", {"q": "Deutsch ä 😀"}).status_code == 200


def test_a_face_registers_its_own_refusals_and_lib_knows_no_face(client, town, monkeypatch):
    """lib/ imports no face: the API registers its JSON errors from ApiConfig.ready(), and
    any face could do the same for its prefix."""
    from django.http import HttpResponse

    from teilhabe.api.http import refusal
    from teilhabe.lib import middleware

    assert middleware.REFUSALS["/api/"] is refusal

    def answer(status, parameter=None, message=None):
        return HttpResponse(f"{status} {parameter}", status=status, content_type="text/plain")

    monkeypatch.setitem(middleware.REFUSALS, "/herten/", answer)
    response = client.get("/herten/offers/", {"district": "\x00"})
    assert (response.status_code, response.content) == (400, b"400 district")
    response = client.get("/herten/offers/x%00/")
    assert (response.status_code, response.content) == (404, b"404 None")
    assert client.get("/herten/offers/", {"district": "x"}).status_code == 200
