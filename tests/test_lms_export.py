"""``course export --format canvas|moodle --roster FILE``: the files Canvas's and Moodle's gradebook imports read.

A small gradebook is written straight through nbgrader's Gradebook API (no notebook runs): two assignments, a
student with everything graded, one whose written answer waits for a manual grade, one without submissions and
one the roster does not know. Hand-made rosters add a student the gradebook does not know and one without the
platform's identifier. Checked: the exact header and ``Points Possible`` row, every value in points and in
percent, the stderr report and the exit status for students missing on either side, and that the default
format is unchanged.
"""
from __future__ import annotations

import csv
import warnings

import pytest

from course_grader import cli
from course_grader.export import LmsReport, RosterError, gather, lms_table, read_roster

import grading_class as gc

pytestmark = pytest.mark.xdist_group("lms_export")   # one worker builds the module's gradebook once

# assignment -> [(grade id, cell type, max score)]
CELLS = {"01_a": [("test_f", "code", 60.0), ("written_w", "markdown", 40.0)],
         "02_b": [("test_g", "code", 50.0)]}
# student -> {assignment: {grade id: (auto, manual)}}
GRADES = {
    "ana": {"01_a": {"test_f": (60, None), "written_w": (None, 30)}, "02_b": {"test_g": (25, None)}},
    "bo": {"01_a": {"test_f": (45, None), "written_w": (None, None)}},          # written answer still to grade
    "cy": {},                                                                    # nothing submitted
    "zed": {"02_b": {"test_g": (50, None)}},                                     # not in the rosters
}
CANVAS_ROSTER = """student_id,name,canvas_id,sis_user_id,sis_login_id,section,notes
ana,"Lovelace, Ada",101,S-1,ada@uni.example,Mon,ignored column
bo,,102,,,Tue,
cy,"Young, Cy",,S-3,,Mon,
ghost,"Ghost, Gus",104,,,Tue,
noid,"Nobody, No",,,,Mon,
"""
MOODLE_ROSTER = """Student_ID,Email,username
ana,ada@uni.example,ada
bo,bo@uni.example,
cy,,cyoung
ghost,gus@uni.example,gus
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The pilot course holding the hand-made gradebook above (SQLite)."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    from course_grader.config import load_config

    root = gc.pilot_copy(tmp_path_factory.mktemp("lms") / "course")
    load_config(root)   # also spares nbgrader's `alembic heads` subprocess for a new gradebook
    with Gradebook("sqlite:///" + str(root / "gradebook.db"), "ffnn") as gb:
        for aid, cells in CELLS.items():
            gb.add_assignment(aid)
            gb.add_notebook("nb", aid)
            for gid, kind, top in cells:
                gb.add_grade_cell(gid, "nb", aid, max_score=top, cell_type=kind)
                if kind == "markdown":
                    gb.add_solution_cell(gid, "nb", aid)
        gb.add_student("ana", first_name="Ada", last_name="Lovelace", email="ada@uni.example")
        gb.add_student("bo", first_name="Bo", last_name="Diddley")
        for sid in ("cy", "zed"):
            gb.add_student(sid)
        for sid, subs in GRADES.items():
            for aid, grades in subs.items():
                with warnings.catch_warnings():   # nbgrader's own add_submission, under SQLAlchemy 2
                    warnings.simplefilter("ignore", SAWarning)
                    gb.update_or_create_submission(aid, sid)
                for gid, (auto, manual) in grades.items():
                    g = gb.find_grade(gid, "nb", aid, sid)
                    g.auto_score, g.manual_score = auto, manual
                    g.needs_manual_grade = auto is None and manual is None
        gb.db.commit()
    return root


def _write(tmp_path, text, name="roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _export(course, *args):
    return cli.main(["--course-dir", str(course), "export", *args])


def test_canvas_points_header_values_and_report(course, tmp_path, capsys):
    out = tmp_path / "canvas.csv"
    roster = _write(tmp_path, CANVAS_ROSTER)
    assert _export(course, "--format", "canvas", "--roster", str(roster), "--out", str(out)) == 1
    cap = capsys.readouterr()
    rows = _rows(out)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01_a", "02_b"]
    assert rows[1] == ["Points Possible", "", "", "", "", "100", "50"]
    body = {r[0]: r for r in rows[2:]}
    assert list(body) == ["Lovelace, Ada", "Diddley, Bo", "Young, Cy", "Ghost, Gus"]   # roster order
    assert body["Lovelace, Ada"] == ["Lovelace, Ada", "101", "S-1", "ada@uni.example", "Mon", "90", "25"]
    assert body["Diddley, Bo"] == ["Diddley, Bo", "102", "", "", "Tue", "45", ""]    # name from the gradebook
    assert body["Young, Cy"][5:] == ["", ""] and body["Ghost, Gus"][5:] == ["", ""]
    err = cap.err
    assert "1 student(s) in the gradebook but not in the roster (NOT in the file): zed" in err
    assert "1 roster student(s) without canvas_id, sis_user_id or sis_login_id" in err and "noid" in err
    assert "1 roster student(s) not in the gradebook (in the file with empty grades): ghost" in err
    assert "bo: 01_a" in err and "still to grade by hand" in err
    assert "4 students, 2 assignments; 1 not in the roster, 1 without" in cap.out
    # the same file, exit status 0, when the instructor accepts the gaps; the report is still printed
    assert _export(course, "--format", "canvas", "--roster", str(roster), "--out", str(out),
                   "--allow-missing") == 0
    assert "zed" in capsys.readouterr().err
    assert _rows(out) == rows


def test_canvas_percent_titles_and_one_assignment(course, tmp_path, capsys):
    out = tmp_path / "pct.csv"
    roster = _write(tmp_path, "student_id,canvas_id\nana,101\nbo,102\ncy,103\nzed,104\n")
    assert _export(course, "--format", "canvas", "--roster", str(roster), "--out", str(out), "--scale",
                   "percent", "--title", "02_b=Gradient descent (4321)") == 0
    err = capsys.readouterr().err   # nobody missing: only the note on bo's pending written answer
    assert err.count("\n") == 1 and "bo: 01_a" in err
    rows = _rows(out)
    assert rows[0][5:] == ["01_a", "Gradient descent (4321)"]
    assert rows[1][5:] == ["100", "100"]
    assert {r[1]: r[5:] for r in rows[2:]} == {"101": ["90", "50"], "102": ["45", ""], "103": ["", ""],
                                               "104": ["", "100"]}
    assert _export(course, "--format", "canvas", "--roster", str(roster), "--out", str(out),
                   "--assignment", "02_b") == 0
    assert [r[5:] for r in _rows(out)] == [["02_b"], ["50"], ["25"], [""], [""], ["50"]]


def test_moodle_identifier_columns(course, tmp_path, capsys):
    out = tmp_path / "moodle.csv"
    roster = _write(tmp_path, MOODLE_ROSTER)
    assert _export(course, "--format", "moodle", "--roster", str(roster), "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert _rows(out) == [["Email address", "01_a", "02_b"], ["ada@uni.example", "90", "25"],
                          ["bo@uni.example", "45", ""], ["gus@uni.example", "", ""]]
    assert "without email" in err and "cy" in err and "zed" in err and "ghost" in err
    assert _export(course, "--format", "moodle", "--moodle-id", "username", "--scale", "percent",
                   "--roster", str(roster), "--out", str(out)) == 1
    capsys.readouterr()
    assert _rows(out) == [["Username", "01_a", "02_b"], ["ada", "90", "50"], ["cyoung", "", ""], ["gus", "", ""]]


def test_default_format_is_unchanged(course, tmp_path, capsys):
    out = tmp_path / "grades.csv"
    assert _export(course, "--out", str(out)) == 0
    rows = _rows(out)
    assert rows[0] == ["student_id", "last_name", "first_name", "email", "01_a:test_f", "01_a:written_w",
                       "01_a:total", "02_b:test_g", "02_b:total", "total"]
    assert rows[1] == ["ana", "Lovelace", "Ada", "ada@uni.example", "60", "30", "90", "25", "25", "115"]


def test_unusable_rosters_and_arguments(course, tmp_path, capsys):
    out = tmp_path / "x.csv"
    cases = [
        ([], "needs --roster"),
        (["--roster", str(_write(tmp_path, "id,email\nana,a@x\n", "r1.csv"))], "no 'student_id' column"),
        (["--roster", str(_write(tmp_path, "student_id,email\nana,a@x\nana,b@x\n", "r2.csv"))], "on lines 2 and 3"),
        (["--roster", str(tmp_path / "absent.csv")], "cannot read the roster"),
        (["--roster", str(_write(tmp_path, "student_id,email\nana,a@x\n", "r3.csv")), "--title", "09_x=X"],
         "no such assignment in the gradebook: 09_x"),
    ]
    for extra, message in cases:
        assert _export(course, "--format", "moodle", "--out", str(out), *extra) == 2, message
        assert message in capsys.readouterr().err
    assert not out.exists()


def test_lms_table_library_level(course, tmp_path):
    scores = gather(course)
    roster = read_roster(_write(tmp_path, "\ufeffstudent_id,email\n\nana,ada@uni.example\n"))  # BOM, blank line
    rows, report = lms_table(scores, roster, "moodle")
    assert rows == [["Email address", "01_a", "02_b"], ["ada@uni.example", "90", "25"]]
    assert isinstance(report, LmsReport) and report.missing
    assert report.not_in_roster == ["bo", "cy", "zed"] and not report.not_in_gradebook and not report.pending
    with pytest.raises(RosterError):
        read_roster(_write(tmp_path, "student_id,email\n,x@y\n", "bad.csv"))
