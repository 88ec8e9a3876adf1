"""Test data of the search tests that need more than tests/builders.py."""
import numpy as np

from teilhabe.search.embed import DIM, to_bytes
from teilhabe.search.index import bump, refresh_municipality
from teilhabe.search.models import Embedding, Passage


def index_with_random_vectors(m, rng):
    """Index the municipality's content, give each of its passages that has no embedding yet a
    random unit vector from `rng` (no model: the tests compare ways of searching, not
    meanings), and mark its index changed."""
    refresh_municipality(m)
    missing = sorted(set(Passage.objects.filter(municipality=m).values_list("hash", flat=True)))
    vectors = rng.standard_normal((len(missing), DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    Embedding.objects.bulk_create([Embedding(hash=h, vector=to_bytes(v)) for h, v in zip(missing, vectors)],
                                  ignore_conflicts=True)
    bump(m.pk)
