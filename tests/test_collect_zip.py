"""``course collect-zip FILE.zip ASSIGNMENT``: learning-platform downloads into submitted/ via nbgrader zip_collect."""
from __future__ import annotations

import re
import zipfile

import pytest

from course_grader import cli
from course_grader.collect import named_regexp

import grading_class as gc


def _match(name, notebooks=("pilot",)):
    m = re.match(named_regexp(list(notebooks)), name)
    return (m["student_id"], m["file_id"]) if m else None


@pytest.mark.parametrize("name, expected", [
    ("s1234567_98765_attempt-2_pilot.ipynb", ("s1234567", "pilot")),
    ("jdoe_pilot.ipynb", ("jdoe", "pilot")),
    ("doejohn_LATE_12345_67890_pilot-1.ipynb", ("doejohn", "pilot")),   # Canvas, re-uploaded and late
    ("jane.doe@uni.example_1_pilot.ipynb", ("jane.doe@uni.example", "pilot")),
    ("pilot.ipynb", None),                        # no student id
    ("Pilot final.ipynb", None),
    ("s1_pilot_notes.ipynb", None),               # not the notebook's name
    ("s1_pilot.txt", None),
    ("._s1_pilot.ipynb", None),                   # macOS resource fork: never a student called "."
    ("s1_pilot.ipynb.bak", None),
])
def test_pattern(name, expected):
    assert _match(name) == expected


def test_pattern_notebook_names_with_underscores():
    assert _match("s9_123_gradient_descent.ipynb", ["gradient_descent"]) == ("s9", "gradient_descent")
    assert _match("s9_gradient_descent.ipynb", ["gradient_descent"]) == ("s9", "gradient_descent")
    assert _match("s9_descent.ipynb", ["gradient_descent"]) is None


@pytest.fixture
def course(tmp_path):
    """The pilot course with its released notebook in exercises/ (all zip_collect needs)."""
    root = gc.pilot_copy(tmp_path / "course")
    if not (root / "exercises" / gc.AID / gc.NB).is_file():
        gc.release(root)
    return root


def _zip(path, entries: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def _collect(course, zip_path, *extra):
    return cli.main(["--course-dir", str(course), "collect-zip", str(zip_path), gc.AID, *extra])


def _submitted(course):
    sub = course / "submitted"
    return sorted(p.relative_to(sub).as_posix() for p in sub.rglob("*") if p.is_file()) if sub.exists() else []


@pytest.mark.slow  # runs nbgrader's zip_collect (in-process, about 0.2 s)
def test_imports_matching_files(course, tmp_path, capsys):
    z = _zip(tmp_path / "download.zip", {
        "s123_4455_pilot.ipynb": b'{"who": "s123"}',
        "subfolder/jane.doe_LATE_1_2_pilot-1.ipynb": b'{"who": "jane"}',
        "__MACOSX/._s123_4455_pilot.ipynb": b"junk",
        ".DS_Store": b"junk",
    })
    assert _collect(course, z) == 0
    out = capsys.readouterr().out
    assert _submitted(course) == ["jane.doe/01_pilot/pilot.ipynb", "s123/01_pilot/pilot.ipynb"]
    assert (course / "submitted" / "s123" / gc.AID / gc.NB).read_bytes() == b'{"who": "s123"}'
    assert (course / "submitted" / "jane.doe" / gc.AID / gc.NB).read_bytes() == b'{"who": "jane"}'
    assert "ignored (system file)    __MACOSX/._s123_4455_pilot.ipynb" in out   # listed, not silent
    assert "imported 2 notebook(s) of 2 student(s)" in out


@pytest.mark.slow  # runs nbgrader's zip_collect (in-process, about 0.2 s)
def test_unmatched_files_are_listed_and_nothing_is_imported(course, tmp_path, capsys):
    z = _zip(tmp_path / "download.zip", {
        "s123_4455_pilot.ipynb": b"{}",
        "Pilot final.ipynb": b"{}",
        "s999_pilot_notes.txt": b"notes",
        "deep/er/s5_pilot (1).ipynb": b"{}",
    })
    assert _collect(course, z) == 1
    err = capsys.readouterr().err
    assert "nothing imported" in err and "3 file(s) do not match the pattern" in err
    for name in ("Pilot final.ipynb", "s999_pilot_notes.txt", "deep/er/s5_pilot (1).ipynb"):
        assert f"    {name}" in err
    assert "<student_id>_<anything>_<notebook>.ipynb" in err
    assert _submitted(course) == []


@pytest.mark.slow  # runs nbgrader's zip_collect (in-process, about 0.2 s)
def test_allow_unmatched_imports_the_rest_and_still_lists(course, tmp_path, capsys):
    z = _zip(tmp_path / "d.zip", {"s1_pilot.ipynb": b"{}", "oops.ipynb": b"{}"})
    assert _collect(course, z, "--allow-unmatched") == 0
    captured = capsys.readouterr()
    assert "NOT IMPORTED             oops.ipynb" in captured.err
    assert _submitted(course) == ["s1/01_pilot/pilot.ipynb"]


@pytest.mark.slow  # runs nbgrader's zip_collect (in-process, about 0.2 s)
def test_duplicates_are_refused(course, tmp_path, capsys):
    z = _zip(tmp_path / "d.zip", {"s1_100_pilot.ipynb": b"{}", "s1_200_pilot.ipynb": b"{}"})
    assert _collect(course, z) == 1
    assert "duplicate submission" in capsys.readouterr().err
    assert _submitted(course) == []


@pytest.mark.slow  # runs nbgrader's zip_collect (in-process, about 0.2 s)
def test_existing_submission_needs_force(course, tmp_path, capsys):
    _zip(tmp_path / "a.zip", {"s1_pilot.ipynb": b'"first"'})
    _zip(tmp_path / "b.zip", {"s1_pilot.ipynb": b'"second"'})
    assert _collect(course, tmp_path / "a.zip") == 0
    assert _collect(course, tmp_path / "b.zip") == 1
    assert "use --force" in capsys.readouterr().err
    target = course / "submitted" / "s1" / gc.AID / gc.NB
    assert target.read_bytes() == b'"first"'
    assert _collect(course, tmp_path / "b.zip", "--force") == 0
    assert target.read_bytes() == b'"second"'


@pytest.mark.slow  # runs nbgrader's zip_collect (in-process, about 0.2 s)
def test_dry_run_and_bad_inputs(course, tmp_path, capsys):
    z = _zip(tmp_path / "d.zip", {"s1_pilot.ipynb": b"{}"})
    assert _collect(course, z, "--dry-run") == 0
    assert "would import 1 notebook(s)" in capsys.readouterr().out and _submitted(course) == []
    (tmp_path / "not.zip").write_text("plain text")
    assert _collect(course, tmp_path / "not.zip") == 1
    assert "is not a zip file" in capsys.readouterr().err
    assert cli.main(["--course-dir", str(course), "collect-zip", str(z), "99_nope"]) == 1
    assert "unknown assignment" in capsys.readouterr().err
    assert _collect(course, _zip(tmp_path / "empty.zip", {})) == 1
    assert "no submission in the archive" in capsys.readouterr().err


@pytest.mark.slow
def test_collected_submission_is_graded(course, tmp_path):
    """End to end: a platform download, collected and autograded like any other submission."""
    z = _zip(tmp_path / "d.zip", {"s42_7_pilot.ipynb": (course / "solutions" / gc.AID / gc.NB).read_bytes()})
    assert _collect(course, z) == 0
    results = gc.autograde(course, jobs=1)
    assert results["s42"].score == 90 and results["s42"].status == "graded"
