"""glibc's malloc set up for a process whose threads serve requests (gunicorn's gthread
workers; issue 16 §2, docs/operations.md "Memory per worker").

By default glibc gives each new thread its own heap ("arena", up to 8 per core), and
memory freed in one arena is reused only by the threads that allocate from it: a worker's
four request threads each kept the high-water mark of the temporary arrays of the
searches it happened to serve. Two arenas (M_ARENA_MAX) let the threads share the freed
memory. The two thresholds are glibc's starting values, made fixed: left alone, glibc
raises the mmap threshold to the size of the largest mapped block freed so far (up to
32 MB), after which a search's arrays of a few MB come from the heap and stay there after
the search instead of going back to the system when freed. Four threads searching across
all 100,000 offers of the benchmark: 149–150 MB of own memory with glibc's defaults,
141–142 with two arenas, 129 with the thresholds, 128–129 with both (bench/README.md,
"Issue 16 §2 — the peak per worker").

Set where the process starts (teilhabe/wsgi.py, `teilhabe` commands), before its threads
allocate. glibc's own environment variables (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_,
MALLOC_TRIM_THRESHOLD_) still win: a value given there is left as it is. Nothing happens
on a C library other than glibc (musl has no arenas)."""
import ctypes
import ctypes.util
import functools
import os

# <malloc.h>
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

SETTINGS = (
    (M_ARENA_MAX, "MALLOC_ARENA_MAX", 2),
    (M_MMAP_THRESHOLD, "MALLOC_MMAP_THRESHOLD_", 128 * 1024),
    (M_TRIM_THRESHOLD, "MALLOC_TRIM_THRESHOLD_", 128 * 1024),
)


@functools.cache
def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def configure():
    """Applies SETTINGS where the environment does not set them; returns what was set."""
    try:
        mallopt = _libc().mallopt
    except AttributeError:
        return {}
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    done = {}
    for parameter, variable, value in SETTINGS:
        if variable not in os.environ and mallopt(parameter, value) == 1:
            done[variable] = value
    return done


def trim():
    """Give the free pages inside malloc's heaps back to the system (malloc_trim(0));
    whether any were. A search across all municipalities allocates a few small arrays per
    municipality (scores, masks, index lists: each below the mmap threshold, so from the
    heap); freed when it ends, they stay in the process as holes between what lives on,
    up to the high-water mark of one search: 44 MB of own memory at 2,000 municipalities
    (bench/README.md, "own memory per municipality"). glibc returns only the heap's top
    by itself; malloc_trim also the whole free pages in between (about 7 ms there)."""
    try:
        malloc_trim = _libc().malloc_trim
    except AttributeError:  # not glibc
        return False
    malloc_trim.argtypes, malloc_trim.restype = (ctypes.c_size_t,), ctypes.c_int
    return bool(malloc_trim(0))
