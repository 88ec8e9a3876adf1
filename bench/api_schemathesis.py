"""schemathesis against the API on the demo data: does the OpenAPI document say exactly
what the API accepts? Every check (positive_data_acceptance included), every phase
(examples, coverage, fuzzing, stateful), many more cases than tests/api/test_schemathesis.py
can afford.

    .venv/bin/python bench/api_schemathesis.py                    # 100 cases per operation
    .venv/bin/python bench/api_schemathesis.py --max-examples 300 --seed 7 --workers 2

Makes a fresh SQLite database in a temporary directory, migrates it, loads the demo
(`teilhabe demo`), serves it with gunicorn on a free loopback port, runs `schemathesis run
--checks all`, and prints the operations tested, the test cases and HTTP requests sent,
the failures by kind, the time, and the load (`uptime`) before and after. Exit code 0
when schemathesis found nothing. The figures go into bench/README.md."""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def teilhabe(env, *args):
    subprocess.run([str(BIN / "teilhabe"), *args], env=env, cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)


def serve(env, port, log):
    process = subprocess.Popen(
        # No limit on the request line: that limit is the web server's (gunicorn answers 414
        # past 4,094 bytes, in HTML), not the API's; schemathesis' negative cases with dozens
        # of repeated parameters should reach the API and get its 400.
        [str(BIN / "gunicorn"), "--no-control-socket", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--timeout", "120", "--limit-request-line", "0", "teilhabe.wsgi:application"],
        env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn did not start; see {log.name}")


def stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def requests_and_checks(ndjson):
    """HTTP requests (the interactions schemathesis recorded) and check results, from its
    event stream."""
    requests = checks = 0
    for line in ndjson.read_text(encoding="utf-8").splitlines():
        event = json.loads(line).get("ScenarioFinished")
        if event:
            requests += len(event["recorder"].get("interactions", {}))
            checks += sum(len(results) for results in event["recorder"].get("checks", {}).values())
    return requests, checks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=100, help="cases per operation and phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1", help="schemathesis workers")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="teilhabe-schemathesis-") as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'demo.sqlite3'}", "TEILHABE_VAR_DIR": str(tmp),
               "DJANGO_SETTINGS_MODULE": "teilhabe.settings"}
        print("migrating and loading the demo …", flush=True)
        teilhabe(env, "migrate", "-v0")
        teilhabe(env, "demo", "--quiet")
        port = free_port()
        log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 — open while gunicorn runs
        server = serve(env, port, log)
        load_before = uptime()
        report, events = tmp / "run.json", tmp / "events.ndjson"
        command = [str(BIN / "schemathesis"), "run", f"http://127.0.0.1:{port}/api/v1/openapi.json",
                   "--checks", "all", "--max-examples", str(args.max_examples), "--seed", str(args.seed),
                   "--workers", args.workers, "--request-timeout", "60", "--report", "json,ndjson",
                   "--report-json-path", str(report), "--report-ndjson-path", str(events)]
        started = time.monotonic()
        try:
            result = subprocess.run(command, cwd=tmp, capture_output=True, text=True,
                                    env={**os.environ, "NO_COLOR": "1"})
        finally:
            stop(server)
            log.close()
        seconds = time.monotonic() - started
        load_after = uptime()
        summary = json.loads(report.read_text(encoding="utf-8"))
        if result.returncode != 0:
            print(result.stdout[-8000:])
        cases = summary["test_cases"]
        operations = summary.get("operations") or {}
        requests, checks = requests_and_checks(events)
        failures = summary["failures"]
        print(f"schemathesis {summary['schemathesis_version']}, seed {args.seed}, "
              f"--max-examples {args.max_examples}, --workers {args.workers}, checks: all")
        print(f"operations: {operations.get('tested', '?')} tested of {operations.get('total', '?')}")
        print(f"test cases: {cases['generated']}; HTTP requests: {requests}; check results: {checks}")
        print(f"failures: {sum(f['count'] for f in failures)}")
        for f in failures:
            print(f"  {f['code']} {f['title']}: {f['count']} ({', '.join(f['operations'])})")
        print(f"errors: {sum(e['count'] for e in summary['errors'])}")
        phases = ", ".join(f"{name} {phase['status']}" for name, phase in summary["phases"].items())
        print(f"phases: {phases}")
        print(f"time: {seconds:.0f} s")
        print(f"load before: {load_before}")
        print(f"load after:  {load_after}")
        return result.returncode


if __name__ == "__main__":
    sys.exit(main())
