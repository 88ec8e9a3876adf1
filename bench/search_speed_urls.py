"""The real URLs plus /bench/constant: the same server, middleware and workers answering a
constant JSON body without touching the database — the ceiling the API is compared with."""
from django.http import HttpResponse
from django.urls import include, path

from teilhabe.urls import urlpatterns as real_urlpatterns

BODY = b'{"count":1,"results":[{"external_id":"A-1","title":"Deutschkurs"}]}'


def constant(request):
    return HttpResponse(BODY, content_type="application/json")


urlpatterns = [path("bench/constant", constant), path("", include(real_urlpatterns))]
