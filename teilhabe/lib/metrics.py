"""Prometheus metrics of the requests (TEILHABE_METRICS), through prometheus-client, the
Prometheus project's own Python client: it knows gunicorn's several worker processes
(PROMETHEUS_MULTIPROC_DIR: each process writes its counts to a file there, a scrape adds
them up), which a counter in one process's memory could not. django-prometheus would add
metrics of every model and database call we do not need, and its own unprotected view.

Counted only while settings.TEILHABE_METRICS is on. Labels are bounded: the view's name
(never the path, which carries private links and what people searched for), the method
(unknown ones as "other") and the status."""
import os
import time

from django.conf import settings
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest

REQUESTS = Counter("teilhabe_requests", "HTTP requests answered, by view, method and status",
                   ["view", "method", "status"])
DURATION = Histogram("teilhabe_request_duration_seconds", "Time to answer a request, by view", ["view"],
                     buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def count_requests(get_response):
    def middleware(request):
        if not settings.TEILHABE_METRICS:
            return get_response(request)
        started = time.perf_counter()
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        # No match: static files (answered by whitenoise before URL resolution) and 404s.
        view = match.view_name if match else "unresolved"
        method = request.method if request.method in _METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        DURATION.labels(view).observe(time.perf_counter() - started)
        return response

    return middleware


class _Chain:
    def __init__(self, *collectors):
        self.collectors = collectors

    def collect(self):
        for collector in self.collectors:
            yield from collector.collect()


def exposition(*collectors):
    """(body, content type) of a scrape: the counts of all processes (of this one without
    PROMETHEUS_MULTIPROC_DIR), then what `collectors` read now."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        base = CollectorRegistry()
        multiprocess.MultiProcessCollector(base)
    else:
        base = REGISTRY
    return generate_latest(_Chain(base, *collectors)), CONTENT_TYPE_LATEST
