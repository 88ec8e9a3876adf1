"""TEILHABE_LOG_FORMAT=json: every log line is one JSON object (time, level, logger,
message, status, traceback), private links masked as in the text format, nothing of the
request beyond what the message says."""
import json
import logging
import os
import subprocess
import sys

from teilhabe.lib.logfilter import JsonLines, PrivateLinks

SECRET = "Json-Geheim-77"


def test_it_writes_a_record_as_one_json_line_with_private_links_masked():
    try:
        raise ValueError(f"kaputt bei /p/i/{SECRET}/")
    except ValueError:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
                                   (f"/p/r/{SECRET}/cancel/",), sys.exc_info())
    record.status_code = 500
    record.request = object()  # Django passes the request along: never written
    assert PrivateLinks().filter(record)
    line = JsonLines().format(record)
    assert "\n" not in line and SECRET not in line
    data = json.loads(line)
    assert set(data) == {"time", "level", "logger", "message", "status", "traceback"}
    assert data["level"] == "ERROR" and data["logger"] == "django.request" and data["status"] == 500
    assert data["message"] == "Internal Server Error: /p/r/***/cancel/"
    assert data["traceback"].startswith("Traceback") and "/p/i/***/" in data["traceback"]
    assert data["time"].endswith("Z")


def test_it_refuses_a_log_format_it_does_not_know(tmp_path):
    # A real process that logs JSON lines: tests/ops/test_health.py, the node without database.
    env = {**os.environ, "TEILHABE_VAR_DIR": str(tmp_path), "TEILHABE_LOG_FORMAT": "xml"}
    result = subprocess.run([sys.executable, "-c", "import teilhabe.settings"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "TEILHABE_LOG_FORMAT must be text or json" in result.stderr
