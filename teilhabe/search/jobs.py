"""Background work of the search: embedding the passages that have no vector yet."""
from teilhabe.jobs import register
from teilhabe.search.index import embed_pending, enqueue_embedding
from teilhabe.search.models import Document

# Passages per job (about half a minute on two cores): between jobs the worker can stop
# when asked, so Ctrl-C on `bash scripts/demo` does not wait for the whole index.
PER_JOB = 64


@register("search.embed")
def embed(payload: dict) -> None:
    embed_pending(batch=min(32, PER_JOB), limit=PER_JOB)
    if Document.objects.filter(needs_embedding=True).exists():
        enqueue_embedding()  # the rest in the next job
