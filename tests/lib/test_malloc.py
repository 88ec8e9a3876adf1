"""glibc's malloc as a web worker starts it (lib/malloc.py through teilhabe/wsgi.py): its
request threads share two heaps ("arenas") instead of one each — counted in malloc_info's
report after eight threads allocated at once, in a process of its own, as a gunicorn
worker is; and glibc's own environment variable still wins."""
import json
import os
import subprocess
import sys

from tests.processes import REPO_DIR

SCRIPT = """
import ctypes, json, os, re, tempfile, threading
import teilhabe.wsgi  # what gunicorn imports in each worker

libc = ctypes.CDLL("libc.so.6")
libc.fdopen.restype = ctypes.c_void_p

def arenas():
    with tempfile.TemporaryFile("w+") as f:
        stream = ctypes.c_void_p(libc.fdopen(os.dup(f.fileno()), b"w"))
        libc.malloc_info(0, stream)
        libc.fclose(stream)
        f.seek(0)
        return len(re.findall(r'<heap nr=', f.read()))

together = threading.Barrier(9)
def request():
    kept = [bytearray(4096) for _ in range(100)]  # each thread allocates, all at once
    together.wait()
threads = [threading.Thread(target=request) for _ in range(8)]
for thread in threads:
    thread.start()
together.wait()
print(json.dumps(arenas()))
for thread in threads:
    thread.join()
"""


def _arenas(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO_DIR, capture_output=True, text=True,
                            timeout=120, env={**environment, "TEILHABE_VAR_DIR": str(tmp_path), **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_workers_threads_share_two_malloc_arenas_unless_the_environment_says_otherwise(tmp_path):
    assert _arenas(tmp_path) == 2  # glibc's default: one per thread, 9 here (up to 8 per core)
    assert _arenas(tmp_path, MALLOC_ARENA_MAX="4") == 4


TRIM = """
import ctypes, json
from pathlib import Path
import teilhabe.wsgi
from teilhabe.lib import malloc

libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, (ctypes.c_size_t,)
libc.free.argtypes = (ctypes.c_void_p,)

def own_mb():
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(status["RssAnon"].split()[0]) / 1024

# What a search across all leaves: many blocks below the mmap threshold (from the heap),
# every other one freed, the others living on between them.
blocks = [libc.malloc(64 * 1024) for _ in range(2000)]
for block in blocks:
    ctypes.memset(block, 1, 64 * 1024)
for block in blocks[::2]:
    libc.free(block)
before = own_mb()
trimmed = malloc.trim()
print(json.dumps([trimmed, before - own_mb()]))
"""


def test_trim_gives_the_free_pages_between_live_blocks_back_to_the_system(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    result = subprocess.run([sys.executable, "-c", TRIM], cwd=REPO_DIR, capture_output=True, text=True,
                            timeout=120, env={**environment, "TEILHABE_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    trimmed, returned_mb = json.loads(result.stdout)
    # 1,000 holes of 64 KiB: glibc keeps them (its heap's top is live), malloc_trim returns them.
    assert trimmed and returned_mb > 40, returned_mb
