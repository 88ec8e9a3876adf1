"""`teilhabe allocate-courses`: the contract's JSON on stdout, nothing written without
--apply, exit code 2 for an unknown Kreis or a bad date, and the cases of data one never
sees: learners without any eligible course, full courses, courses that cannot be filled,
courses before the date, learners registered after it or already placed, an empty Kreis."""
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from teilhabe.courses.models import Allocation, Learner
from teilhabe.municipalities.models import ChangeRecord

from . import builders as cb
from .builders import TODAY

TEILHABE = str(Path(sys.executable).with_name("teilhabe"))
DATE = TODAY.isoformat()


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("allocate-courses", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def kreis_with_every_case():
    kreis, towns = cb.kreis("kreis-mettmann-test")
    hilden, haan = towns["hilden"], towns["haan"]
    trainer = cb.provider(kreis)
    cb.course(kreis, hilden, trainer, "K-SOON", starts_in=10, capacity=2)
    cb.course(kreis, hilden, trainer, "K-EVENING", starts_in=40, capacity=3, time_of_day="evening")
    # Filled outside the list (booked) and by a learner placed before: one place left.
    full = cb.course(kreis, haan, trainer, "K-HAAN", starts_in=20, capacity=3, booked=1)
    placed = cb.learner(kreis, haan, "W-PLACED", status="placed", course=full, towns=[haan])
    # Full: one place booked outside the list, one taken by a learner placed before.
    # W-01 would start there earlier than in K-EVENING.
    taken = cb.course(kreis, hilden, trainer, "K-FULL", starts_in=15, capacity=2, booked=1, time_of_day="evening")
    cb.learner(kreis, hilden, "W-PLACED-FULL", status="placed", course=taken)
    # Not allocatable: cancelled, finished, running; and one that starts before the date.
    for status in ("cancelled", "finished", "running"):
        cb.course(kreis, hilden, trainer, f"K-{status.upper()}", starts_in=5, status=status)
    cb.course(kreis, hilden, trainer, "K-PAST", starts_in=-1)
    cb.learner(kreis, hilden, "W-03", waited=300, times=["morning"])
    cb.learner(kreis, hilden, "W-01", waited=200)
    cb.learner(kreis, hilden, "W-02", waited=100, times=["morning"])
    cb.learner(kreis, haan, "W-HAAN-1", waited=50, towns=[haan])
    cb.learner(kreis, haan, "W-HAAN-2", waited=40, towns=[haan])
    cb.learner(kreis, hilden, "W-ALPHA", types=["alpha"])
    cb.learner(kreis, hilden, "W-LATER", waited=-1)  # registered after the date: not yet on the list
    cb.learner(kreis, hilden, "W-GONE", status="withdrawn")
    return kreis, placed


EXPECTED = {
    "assignments": [
        {"learner": "W-01", "course": "K-EVENING", "wait_days": 240},
        {"learner": "W-02", "course": "K-SOON", "wait_days": 110},
        {"learner": "W-03", "course": "K-SOON", "wait_days": 310},
        {"learner": "W-HAAN-2", "course": "K-HAAN", "wait_days": 60},
    ],
    "unassigned": ["W-ALPHA", "W-HAAN-1"],
    "placed": 4,
    "total_wait_days": 720,
}


@pytest.fixture
def every_case(db):
    return kreis_with_every_case()


def test_it_prints_the_proposal_as_the_contract_says_and_writes_nothing(every_case):
    kreis, _placed = every_case
    records = ChangeRecord.objects.count()
    code, out, err = run(kreis.slug, "--date", DATE, "--format", "json")
    assert (code, err) == (0, "")
    assert out.endswith("\n") and out.count("\n") == 1
    document = json.loads(out)
    assert list(document) == ["assignments", "unassigned", "placed", "total_wait_days"]
    assert document == EXPECTED
    assert not Allocation.objects.exists() and ChangeRecord.objects.count() == records
    assert Learner.objects.filter(status="placed").count() == 2


def test_it_applies_the_proposal_as_confirmed_by_a_command(every_case):
    kreis, _placed = every_case
    code, out, _err = run(kreis.slug, "--date", DATE, "--format", "json", "--apply")
    assert code == 0 and json.loads(out) == EXPECTED
    allocation = Allocation.objects.get()
    assert (allocation.placed, allocation.total_wait_days, allocation.confirmed_by) == (4, 720, None)
    assert allocation.changed_by_hand == 0
    placed = dict(Learner.objects.filter(allocation=allocation).values_list("external_id", "course__external_id"))
    assert placed == {a["learner"]: a["course"] for a in EXPECTED["assignments"]}
    assert set(ChangeRecord.objects.filter(via="command").values_list("object_repr", flat=True)) == set(placed)
    # Applied again: the placed are no longer waiting; the full courses take no one else.
    code, out, _err = run(kreis.slug, "--date", DATE, "--format", "json")
    assert json.loads(out) == {"assignments": [], "unassigned": ["W-ALPHA", "W-HAAN-1"], "placed": 0,
                               "total_wait_days": 0}


def test_it_says_it_in_words_by_default(every_case):
    kreis, _placed = every_case
    code, out, _err = run(kreis.slug, "--date", DATE)
    assert code == 0
    assert "W-02 → K-SOON (110 Tage Wartezeit)" in out and "W-ALPHA: kein Platz" in out
    assert "4 vermittelt, 2 ohne Platz, 720 Wartetage insgesamt" in out


def test_an_empty_kreis_has_an_empty_proposal(db):
    kreis, _towns = cb.kreis()
    code, out, _err = run(kreis.slug, "--date", DATE, "--format", "json", "--apply")
    assert code == 0
    assert json.loads(out) == {"assignments": [], "unassigned": [], "placed": 0, "total_wait_days": 0}


@pytest.mark.parametrize("args, message", [
    (["nirgendwo", "--date", DATE], "unbekannter Kreis 'nirgendwo'"),
    (["TOWN", "--date", DATE], "unbekannter Kreis"),
    (["KREIS", "--date", "2027-02-30"], "--date: kein Datum der Form JJJJ-MM-TT: '2027-02-30'"),
    (["KREIS", "--date", "4.1.2027"], "--date: kein Datum"),
    (["KREIS", "--date", "20270104"], "--date: kein Datum"),
])
def test_it_exits_with_2_for_an_unknown_kreis_or_a_bad_date(db, args, message):
    kreis, towns = cb.kreis()
    args = [{"TOWN": towns["hilden"].slug, "KREIS": kreis.slug}.get(a, a) for a in args]
    code, out, err = run(*args, "--format", "json")
    assert (code, out) == (2, "")
    assert message in err


def database_url():
    """The test database as a DATABASE_URL, for the command in its own process."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return (f"postgres://{quote(s['USER'], safe='')}:{quote(s['PASSWORD'] or '', safe='')}@/{s['NAME']}"
            f"?host={quote(s['HOST'] or '', safe='')}" + (f"&port={s['PORT']}" if s["PORT"] else ""))


def test_it_runs_as_a_real_process(transactional_db, tmp_path):
    kreis, _placed = kreis_with_every_case()
    env = {**os.environ, "DATABASE_URL": database_url(), "TEILHABE_VAR_DIR": str(tmp_path)}
    done = subprocess.run([TEILHABE, "allocate-courses", kreis.slug, "--date", DATE, "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == EXPECTED
    refused = subprocess.run([TEILHABE, "allocate-courses", "nirgendwo", "--date", DATE, "--format", "json"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "unbekannter Kreis 'nirgendwo'" in refused.stderr
