"""Several `course autograde --shard I/N` processes at once against one real PostgreSQL gradebook.

A course that outgrows one machine runs one grader per machine on disjoint shards of the students, all writing
to a shared PostgreSQL gradebook.  Here three grader processes run at the same time against a throw-away server
on loopback (tests/pgserver.py): every student ends with the right total, exactly once, and no process reports a
lock or integrity error.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pgserver  # noqa: E402
from grading_class import AID, pilot_copy  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.xdist_group("autograde")]

COURSE = str(Path(sys.executable).parent / "course")
STRICT = "def step(z):\n    return (np.asarray(z) > 0).astype(int)\n"


def _class(root: Path) -> dict[str, float]:
    """Nine students: solutions, wrong steps and blanks; returns the autograded total each must get."""
    sol = json.loads((root / "solutions" / AID / "pilot.ipynb").read_text())
    blank = json.loads((root / "exercises" / AID / "pilot.ipynb").read_text())
    wrong = json.loads(json.dumps(sol))
    for c in wrong["cells"]:
        if c["metadata"].get("nbgrader", {}).get("grade_id") == "step":
            c["source"] = STRICT
    expected = {}
    for i in range(9):
        nb, total = [(sol, 90.0), (wrong, 30.0), (blank, 0.0)][i % 3]
        student = f"s{i:02d}"
        d = root / "submitted" / student / AID
        d.mkdir(parents=True)
        (d / "pilot.ipynb").write_text(json.dumps(nb))
        expected[student] = total
    return expected


def test_shard_selection_is_a_partition():
    from course_grader.autograde import parse_shard, shard_of

    students = [f"s{i}" for i in range(10)]
    shards = [shard_of(students, i, 3) for i in (1, 2, 3)]
    assert sorted(sum(shards, [])) == sorted(students)
    assert all(set(a).isdisjoint(b) for a in shards for b in shards if a is not b)
    assert parse_shard("2/3") == (2, 3)
    for bad in ("0/3", "4/3", "x", "1-3"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_three_graders_on_disjoint_shards_share_one_postgresql_gradebook(tmp_path):
    if pgserver.find_bindir() is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql; .ci/run does it)")
    from nbgrader.api import Gradebook

    root = pilot_copy(tmp_path / "course")
    expected = _class(root)
    env = {k: v for k, v in os.environ.items() if k != "COURSE_DB_URL"}
    with pgserver.postgres_server() as url:
        procs = [subprocess.Popen([COURSE, "--course-dir", str(root), "autograde", AID, "--shard", f"{i}/3",
                                   "--jobs", "1", "--db-url", url], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, env=env) for i in (1, 2, 3)]
        outs = [p.communicate(timeout=170)[0] for p in procs]
        for p, out in zip(procs, outs):
            assert p.returncode == 0, out[-3000:]
            assert "0 grader error(s)" in out
            for bad in ("could not record", "deadlock", "IntegrityError", "OperationalError", "lock timeout"):
                assert bad not in out, out[-3000:]
        graded = [line.split()[0] for out in outs for line in out.splitlines()
                  if line.startswith("  s") and "/100" in line]
        assert sorted(graded) == sorted(expected), "each student graded exactly once, by one shard"
        with Gradebook(url, "ffnn") as gb:
            subs = gb.assignment_submissions(AID)
            got = {s.student.id: sum(g.auto_score or 0 for nb in s.notebooks for g in nb.grades) for s in subs}
            assert len(gb.find_assignment(AID).notebooks) == 1
            assert len(gb.students) == len(expected)
        assert got == expected
        # a second round of the same shards changes nothing (idempotent merges)
        again = subprocess.run([COURSE, "--course-dir", str(root), "autograde", AID, "--shard", "2/3",
                                "--jobs", "1", "--db-url", url], capture_output=True, text=True, env=env,
                               timeout=170)
        assert again.returncode == 0, again.stdout[-2000:]
        with Gradebook(url, "ffnn") as gb:
            assert {s.student.id: sum(g.auto_score or 0 for nb in s.notebooks for g in nb.grades)
                    for s in gb.assignment_submissions(AID)} == expected
    assert not (root / "gradebook.db").exists(), "the graders used the SQLite default instead of --db-url"
