"""The OpenAPI document says exactly what the API accepts: schemathesis, with every check
(positive_data_acceptance included), against a live server on the small fixed data set of
conftest.py — all four phases (examples, coverage, fuzzing, stateful) from a fixed seed,
within a time budget that schemathesis shares out among the phases (--max-time), so the
test takes under a minute on a busy machine too; a quiet machine gets through more cases.
The defects schemathesis found once have their own tests in test_http.py.
bench/api_schemathesis.py runs the same longer against the demo data."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from teilhabe.search.index import refresh_municipality

SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
BUDGET = 35  # seconds

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_passes_schemathesis_with_every_check(world, live_server, tmp_path):
    refresh_municipality(world.m)
    result = subprocess.run(
        [SCHEMATHESIS, "run", f"{live_server.url}/api/v1/openapi.json", "--checks", "all",
         "--max-time", str(BUDGET), "--seed", "10", "--workers", "1", "--request-timeout", "30"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert re.search(r"Tested: 25\b", output), output[-2000:]
    # Every generated case passed every check ("Missing test data" may be warned about:
    # random keys name nothing, and 404 is the right answer to them).
    assert re.search(r"\b(\d+) generated, \1 passed\b", output), output[-2000:]
