"""A scheduled item appears at its publish_at without anyone saving anything. Pages that
ask the database each time (home, event, measure and field pages, the API) show it then by
themselves; the cached pages (list, item page, feed: portal/cache.py) would keep their
copy made before that time. So each scheduling queues the job "news.appear" to run at
publish_at, which tells the page cache through public_content_changed, as any change does.

Why a job and not a cache expiry: the page cache keys pages by the municipality's
generation and keeps them until the next change; renewing the generation at the right
moment keeps that one rule, and every cached page of the municipality (not only news
pages) is right from then on. The worker takes due jobs within seconds."""
from teilhabe.jobs import enqueue, register
from teilhabe.municipalities.signals import public_content_changed


def schedule(item):
    if item.publish_at is not None and item.status == item.Status.PUBLISHED:
        enqueue("news.appear", {"municipality": item.municipality_id},
                dedupe_key=f"news.appear:{item.municipality_id}:{item.publish_at.isoformat()}",
                run_after=item.publish_at)


@register("news.appear")
def appear(payload):
    public_content_changed.send(sender=appear, municipality_ids=[payload["municipality"]])
