"""/healthz: the process answers (no database, no cache: a load balancer must not take a
node out because a shared service is down for all of them). /readyz: the node can serve —
the database, the shared cache and the file storage answer; 503 naming the check that
failed. /metrics: Prometheus, off unless TEILHABE_METRICS, then only with the bearer token."""
import hmac
import logging
import threading

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import storages
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client.core import GaugeMetricFamily

from teilhabe.lib import storage
from teilhabe.lib.metrics import exposition

log = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    cache = caches["default"]
    if hasattr(cache, "reachable"):  # Redis (lib/cache.py): a PING, whatever the last call found
        return cache.reachable()
    cache.set("ops:ready", 1, 60)  # the file cache: its directory must be writable
    return cache.get("ops:ready") == 1


STORAGE_TIMEOUT = 2  # seconds; load balancers give a readiness check about 5
_storage_probe = None  # the thread of this process's last storage probe


def _storage():
    """The default storage answers within STORAGE_TIMEOUT. The question runs in a thread of
    its own, so a storage that hangs (S3 behind a dead proxy, retried by the client for up
    to a minute and a half; a stuck network mount) cannot hold the request; while a
    process's last question is still unanswered, the storage fails at once instead of
    piling up threads."""
    global _storage_probe
    if _storage_probe is not None and _storage_probe.is_alive():
        raise TimeoutError
    ask, outcome = storage.probe(storages["default"]), {}

    def run():
        try:
            outcome["answer"] = ask()
        except Exception as error:  # reported by the request's thread
            outcome["error"] = error
    _storage_probe = threading.Thread(target=run, name="readyz-storage", daemon=True)
    _storage_probe.start()
    _storage_probe.join(STORAGE_TIMEOUT)
    if _storage_probe.is_alive():
        raise TimeoutError
    if "error" in outcome:
        raise outcome["error"]
    return outcome["answer"]


# name → callable that returns True or raises.
CHECKS = [("database", _database), ("cache", _cache), ("storage", _storage)]


@never_cache
@require_safe
def readyz(request):
    results = {}
    for name, check in CHECKS:
        try:
            results[name] = "ok" if check() else "failed"
            if results[name] == "failed":
                log.warning("readyz: %s failed", name)
        except Exception as error:  # whatever a check raises (boto's errors too): not ready, never a 500
            log.warning("readyz: %s failed: %s", name, type(error).__name__)
            results[name] = "failed"
    ready = all(result == "ok" for result in results.values())
    return JsonResponse({"status": "ready" if ready else "unavailable", "checks": results},
                        status=200 if ready else 503)


class _Now:
    """What the database says at scrape time: the job queue and the search index."""

    def collect(self):
        from django.db.models import Count, Min, Q

        from teilhabe.jobs.models import Job
        from teilhabe.search.models import IndexState

        now = timezone.now()
        due = Q(status=Job.Status.PENDING, run_after__lte=now)
        try:
            running = Q(status=Job.Status.RUNNING)
            queue = Job.objects.aggregate(waiting=Count("pk", filter=due), oldest=Min("run_after", filter=due),
                                          running=Count("pk", filter=running),
                                          started=Min("started_at", filter=running),
                                          hung=Count("pk", filter=running & Q(overdue_at__lt=now)))
            states = list(IndexState.objects.values_list("municipality__slug", "version"))
        except DatabaseError as error:  # the requests' counts are still worth a scrape
            log.warning("metrics: database unreachable: %s", type(error).__name__)
            return
        yield GaugeMetricFamily("teilhabe_jobs_waiting", "Jobs due and not yet taken by a worker",
                                value=queue["waiting"])
        yield GaugeMetricFamily("teilhabe_jobs_running", "Jobs a worker holds now", value=queue["running"])
        yield GaugeMetricFamily("teilhabe_jobs_oldest_waiting_seconds",
                                "How long the oldest due job has waited (0: none waits)",
                                value=(now - queue["oldest"]).total_seconds() if queue["oldest"] else 0)
        # A job that hangs while its heartbeat beats shows here, not in the waiting time.
        yield GaugeMetricFamily("teilhabe_jobs_running_longest_seconds",
                                "How long the longest-running job has run in its current attempt (0: none runs)",
                                value=(now - queue["started"]).total_seconds() if queue["started"] else 0)
        yield GaugeMetricFamily("teilhabe_jobs_hung",
                                "Running jobs past their maximum runtime and grace: the next worker takes them back",
                                value=queue["hung"])
        versions = GaugeMetricFamily("teilhabe_search_index_version",
                                     "The search index generation of each municipality", labels=["municipality"])
        for slug, version in states:
            versions.add_metric([slug], version)
        yield versions


def _authorized(request):
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        token.strip().encode(), settings.TEILHABE_METRICS_TOKEN.encode())


@never_cache
@require_safe
def metrics(request):
    if not settings.TEILHABE_METRICS:
        raise Http404
    if not _authorized(request):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = exposition(_Now())
    return HttpResponse(body, content_type=content_type)
