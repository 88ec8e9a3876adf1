"""query.fuse works out the fused score in place (two arrays of every record instead of
nine): the same float32 values, bit for bit, as the formula written over whole arrays."""
import numpy as np
import pytest

from teilhabe.search import query as Q


def _over_every_record(lex, sem):
    """The weighted fusion as it was written over the whole arrays."""
    has_sem = sem > -1
    top = float(sem[has_sem].max()) if has_sem.any() else 0.0
    lex_max = float(lex.max()) if len(lex) else 0.0
    lex_n = lex / lex_max if lex_max > 0 else lex
    floor = min(Q.FUSION["floor"], top - 1e-3) if has_sem.any() else 0.0
    sem_n = np.where(has_sem, np.clip((sem - floor) / max(top - floor, 1e-6), 0, 1), 0)
    return (Q.FUSION["alpha"] * lex_n + (1 - Q.FUSION["alpha"]) * sem_n).astype(np.float32)


@pytest.mark.parametrize("lex_dtype", [np.float32, np.float64])  # float64: bench/search_quality.py
@pytest.mark.parametrize("case", ["sparse", "no semantic score", "no lexical score", "every record"])
def test_the_fused_scores_are_those_of_the_formula_over_every_record(case, lex_dtype):
    rng = np.random.default_rng(11)
    n = 200_000
    sem = np.full(n, -1.0, np.float32)
    lex = np.zeros(n, lex_dtype)
    if case in ("sparse", "no lexical score"):
        chosen = rng.choice(n, 6_000, replace=False)
        sem[chosen] = rng.uniform(0.70, 0.95, len(chosen)).astype(np.float32)
    if case in ("sparse", "no semantic score"):
        chosen = rng.choice(n, 20_000, replace=False)
        lex[chosen] = rng.uniform(0.1, 14.0, len(chosen)).astype(lex_dtype)
    if case == "every record":
        sem = rng.uniform(0.60, 0.95, n).astype(np.float32)
        lex = rng.uniform(0.0, 3.0, n).astype(lex_dtype)
    fused, _ = Q.fuse(lex, sem)
    assert fused.dtype == np.float32 and len(fused) == n
    assert fused.tobytes() == _over_every_record(lex, sem).tobytes()
