"""The API's own description, its index and its answer for addresses it does not know."""
from django.utils.translation import gettext as _

from .. import openapi
from ..http import NotFound, Payload, api_view


@api_view()
def openapi_document(request):
    return Payload(openapi.document(request.build_absolute_uri("/api/v1")))


@api_view()
def index(request):
    url = request.build_absolute_uri
    return Payload({
        "municipalities": url("/api/v1/municipalities"),
        "offers": url("/api/v1/offers"),
        "openapi": url("/api/v1/openapi.json"),
    })


@api_view(params=None)
def not_found(request, rest=""):
    raise NotFound(_("Diese Adresse gibt es in der API nicht. Die Beschreibung steht unter /api/v1/openapi.json."))
