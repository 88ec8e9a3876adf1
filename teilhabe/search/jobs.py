"""Background work of the search: embedding the passages that have no vector yet."""
from teilhabe.search.index import embed_pending

try:
    from teilhabe.jobs import register
except ImportError:  # the queue is not installed yet: `teilhabe reindex` embeds meanwhile
    register = None


def embed(payload: dict) -> None:
    """Embed everything pending (one job covers all: it is enqueued with one dedupe key)."""
    embed_pending()


if register is not None:
    register("search.embed")(embed)
