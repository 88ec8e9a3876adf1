"""After a change the worker makes a Body's list pages of the new generation (job
"oparl.warm", queued by cache.py after the commit, like the portal's "portal.warm"), so
that a crawler finds them kept rather than being the one who waits for them: every page of
each of the Body's lists, and of each the "whole list" asked with modified_since (a moment
up to its oldest change: a client's first incremental crawl, and the bench's). A page
asked before the job reached it is made on request, as without the job.

The pages are asked through the middleware stack as a client would ask them
(lib/render.py), once for each origin (scheme and host) clients last asked through
(cache.remember_origin; the ids in a page name it). Bounded: at most MAX_PAGES pages a
run, and a run stops as soon as the generation moves on (a newer change has queued the
next run, which starts over)."""
import json
from urllib.parse import urlencode

from django.db.models import Min
from django.urls import reverse

from teilhabe.jobs import register
from teilhabe.lib.render import Renderer

from . import cache
from .views import BODY_LISTS, body_list_objects

MAX_PAGES = 2000


def warm(municipality_id):
    """Make the Body's list pages of the current generation. Returns how many were made."""
    from teilhabe.council.models import Body

    if not cache.enabled() or not Body.objects.filter(municipality_id=municipality_id,
                                                       deleted_at__isnull=True).exists():
        return 0
    generation = cache.generation(municipality_id)
    origins = cache.origins()
    if generation is None or not origins:  # no client has asked for a list yet
        return 0
    renderer = Renderer()
    made = 0
    cache.warming.on = True
    try:
        for scheme, host in origins:
            for name in BODY_LISTS:
                path = reverse("oparl:body_objects", args=[municipality_id, name])
                oldest = body_list_objects(municipality_id, name).aggregate(oldest=Min("modified_at"))["oldest"]
                queries = [{}] + ([{"modified_since": oldest.isoformat()}] if oldest else [])
                for query in queries:
                    number, pages = 1, 1
                    while number <= pages:
                        if made >= MAX_PAGES or cache.generation(municipality_id) != generation:
                            return made
                        params = urlencode({**query, **({"page": number} if number > 1 else {})})
                        response = renderer.get(path, params, scheme=scheme, host=host)
                        if response.status_code != 200:
                            break
                        made += 1
                        if number == 1:
                            pages = json.loads(response.content)["pagination"]["totalPages"]
                        number += 1
    finally:
        cache.warming.on = False
    return made


@register("oparl.warm")
def _warm_job(payload):
    warm(payload["municipality"])
