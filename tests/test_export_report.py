"""``course export`` (wide CSV from the gradebook) and ``course report`` (PNG distributions + HTML summary)."""
from __future__ import annotations

import csv
import re
import shutil

import pytest

from course_grader import cli
from course_grader.export import Question, Scores, fmt
from course_grader.report import question_stats, write_report

import grading_class as gc

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# ----------------------------------------------------------------------------------------------- fast tests


def _scores() -> Scores:
    """A hand-made class: q_hard is the hardest, w_pending waits for manual grades."""
    qs = [Question("01_a", "a", "q_easy", 10.0, "code", "01_a:q_easy"),
          Question("01_a", "a", "q_hard", 20.0, "code", "01_a:q_hard"),
          Question("01_a", "a", "w_pending", 5.0, "written", "01_a:w_pending")]
    students = [dict(student_id=s) for s in ("s1", "s2", "s3", "s4", "s5")]
    sc = Scores(["01_a"], qs, students)
    table = {"s1": (10, 20, 5), "s2": (10, 0, None), "s3": (5, 0, None), "s4": (10, 4, 0)}  # s5: no submission
    for sid, vals in table.items():
        sc.submitted.add((sid, "01_a"))
        for q, v in zip(qs, vals):
            sc.points[(sid, q.column)] = None if v is None else float(v)
    return sc


def test_fmt():
    assert [fmt(None), fmt(30.0), fmt(7.5), fmt(0.0), fmt(1 / 3)] == ["", "30", "7.5", "0", "0.333333"]


def test_scores_totals_and_rows():
    sc = _scores()
    assert sc.assignment_total("s2", "01_a") == 10.0       # pending written answer counts nothing yet
    assert sc.assignment_total("s5", "01_a") is None       # not submitted: empty, not zero
    assert sc.total("s5") is None and sc.total("s1") == 35.0
    assert sc.columns() == ["student_id", "last_name", "first_name", "email", "01_a:q_easy", "01_a:q_hard",
                            "01_a:w_pending", "01_a:total", "total"]
    rows = {r["student_id"]: r for r in sc.rows()}
    assert rows["s5"]["01_a:q_easy"] == "" and rows["s5"]["total"] == ""
    assert rows["s4"]["01_a:w_pending"] == "0" and rows["s2"]["01_a:w_pending"] == ""


def test_question_stats_hardest_first():
    stats = question_stats(_scores())
    assert [st.question.grade_id for st in stats] == ["q_hard", "q_easy", "w_pending"]
    hard = stats[0]
    assert hard.n == 4 and hard.pending == 0
    assert hard.mean == pytest.approx(6.0) and hard.median == pytest.approx(2.0)
    assert hard.full == pytest.approx(0.25) and hard.zero == pytest.approx(0.5)
    easy = stats[1]
    assert easy.mean == pytest.approx(8.75) and easy.full == pytest.approx(0.75) and easy.zero == 0
    pend = stats[2]
    assert pend.n == 2 and pend.pending == 2  # s2, s3 wait for a manual grade: listed after graded questions


def test_report_from_hand_made_scores(tmp_path):
    index = write_report(_scores(), tmp_path / "rep")
    text = index.read_text(encoding="utf-8")
    pngs = sorted(p.name for p in (tmp_path / "rep").glob("*.png"))
    assert pngs == ["01_a__q_easy.png", "01_a__q_hard.png", "01_a__w_pending.png", "overview.png",
                    "totals_01_a.png"]
    for p in (tmp_path / "rep").glob("*.png"):
        assert p.read_bytes()[:8] == PNG_MAGIC
    # table rows in hardest-first order, with the statistics
    order = re.findall(r"<td class='q'>([^<]+)<br>", text)
    assert order == ["01_a:q_hard", "01_a:q_easy", "01_a:w_pending"]
    hard_row = text[text.index("01_a:q_hard<br>"):].split("</tr>")[0]
    assert "<td>6</td><td>2</td><td>25%</td><td>50%</td>" in hard_row
    assert text.count("data:image/png;base64,") == 5  # plots embedded: the page stands alone


def test_question_plot_is_titled_and_labelled(tmp_path, monkeypatch):
    """Every figure gets a title and axis labels (checked on the Figure objects before saving)."""
    from matplotlib.figure import Figure

    seen = []
    real = Figure.savefig

    def spy(self, *a, **k):
        for ax in self.axes:
            title = " ".join(ax.get_title(loc=where) for where in ("left", "center", "right")).strip()
            seen.append((title, ax.get_xlabel(), ax.get_ylabel()))
        return real(self, *a, **k)

    monkeypatch.setattr(Figure, "savefig", spy)
    write_report(_scores(), tmp_path / "rep")
    assert len(seen) == 5
    for title, xl, yl in seen:
        assert title and xl and yl


def test_export_without_gradebook(tmp_path, capsys):
    root = gc.pilot_copy(tmp_path / "course")
    assert cli.main(["--course-dir", str(root), "export", "--out", str(tmp_path / "g.csv")]) == 1
    assert "nothing has been graded yet" in capsys.readouterr().err
    assert not (root / "gradebook.db").exists() and not (tmp_path / "g.csv").exists()


# ------------------------------------------------------------------------------- real nbgrader (slow) tests

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Pilot class: perfect, blank, a strict step (loses test_step, test_predict), and 'absent' (no submission)."""
    from nbgrader.api import Gradebook

    root = gc.pilot_copy(tmp_path_factory.mktemp("export") / "course")
    gc.release(root)
    gc.submit(root, "perfect", gc.solution(root))
    gc.submit(root, "blank", gc.blank(root))
    gc.submit(root, "strict", gc.with_mistake(root, "step_strict"))
    gc.autograde(root)
    with Gradebook("sqlite:///" + str(root / "gradebook.db"), "ffnn") as gb:
        gb.update_or_create_student("absent", first_name="Ann", last_name="Absent", email="ann@example.org")
        # an instructor grades perfect's written answer by hand
        grade = gb.find_grade("written_boundary", "pilot", gc.AID, "perfect")
        grade.manual_score = 8.0
        gb.db.commit()
    return root


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.slow
def test_export_csv(graded, tmp_path, capsys):
    out = tmp_path / "grades.csv"
    assert cli.main(["--course-dir", str(graded), "export", "--out", str(out)]) == 0
    assert "4 students (3 with a submission)" in capsys.readouterr().out
    rows = {r["student_id"]: r for r in _read(out)}
    with open(out, encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    assert header == ["student_id", "last_name", "first_name", "email", "01_pilot:test_add_bias",
                      "01_pilot:test_step", "01_pilot:test_predict", "01_pilot:written_boundary",
                      "01_pilot:total", "total"]
    p = rows["perfect"]
    assert [p[c] for c in header[4:]] == ["30", "30", "30", "8", "98", "98"]   # manual score counts
    b = rows["blank"]
    assert [b[c] for c in header[4:]] == ["0", "0", "0", "0", "0", "0"]        # an unchanged answer is 0
    s = rows["strict"]
    assert s["01_pilot:test_add_bias"] == "30" and s["01_pilot:test_step"] == "0"
    assert s["01_pilot:written_boundary"] == ""                               # waits for a manual grade
    assert float(s["01_pilot:total"]) == sum(float(s[c] or 0) for c in header[4:8])
    a = rows["absent"]
    assert a["last_name"] == "Absent" and a["email"] == "ann@example.org"
    assert all(a[c] == "" for c in header[4:])                                 # missing is empty, not zero


@pytest.mark.slow
def test_export_reads_any_db_url(graded, tmp_path):
    """--db-url: the same table from a copy of the gradebook elsewhere (nbgrader's Gradebook API, any URL)."""
    other = tmp_path / "elsewhere.db"
    shutil.copy(graded / "gradebook.db", other)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert cli.main(["--course-dir", str(graded), "export", "--out", str(a)]) == 0
    assert cli.main(["--course-dir", str(graded), "export", "--out", str(b), "--db-url", f"sqlite:///{other}"]) == 0
    assert a.read_text() == b.read_text()


@pytest.mark.slow
def test_report(graded, tmp_path, capsys):
    out = tmp_path / "report"
    assert cli.main(["--course-dir", str(graded), "report", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    text = (out / "index.html").read_text(encoding="utf-8")
    for gid in ("test_add_bias", "test_step", "test_predict", "written_boundary"):
        png = out / f"01_pilot__{gid}.png"
        assert png.read_bytes()[:8] == PNG_MAGIC
    order = re.findall(r"<td class='q'>([^<]+)<br>", text)
    # test_step and test_predict: perfect 30, blank 0, strict 0 -> mean 10 of 30: the hardest graded ones
    assert set(order[:2]) == {"01_pilot:test_step", "01_pilot:test_predict"}
    assert order[2] == "01_pilot:test_add_bias"
    assert order[3] == "01_pilot:written_boundary"  # strict's answer is still pending
    step_row = text[text.index("01_pilot:test_step<br>"):].split("</tr>")[0]
    assert "<td>30</td><td>3</td><td>0</td><td>10</td><td>0</td><td>33%</td><td>67%</td>" in step_row
    assert "hardest question: 01_pilot:test_" in printed


@pytest.mark.slow
@pytest.mark.postgres
def test_export_from_postgresql(graded, tmp_path):
    """The same CSV from a PostgreSQL gradebook (a real server on loopback) holding the same grades."""
    import pgserver
    from nbgrader.api import Base, Gradebook
    from sqlalchemy import create_engine

    if pgserver.find_bindir() is None:
        pytest.skip("PostgreSQL server binaries not installed")
    with pgserver.postgres_server() as url:
        Gradebook(url, "ffnn").close()  # nbgrader creates its schema
        src = create_engine("sqlite:///" + str(graded / "gradebook.db"))
        dst = create_engine(url)
        with src.connect() as s, dst.begin() as d:
            for table in reversed(Base.metadata.sorted_tables):
                d.execute(table.delete())
            for table in Base.metadata.sorted_tables:
                rows = [dict(r._mapping) for r in s.execute(table.select())]
                if rows:
                    d.execute(table.insert(), rows)
        src.dispose()
        dst.dispose()
        a, b = tmp_path / "sqlite.csv", tmp_path / "pg.csv"
        assert cli.main(["--course-dir", str(graded), "export", "--out", str(a)]) == 0
        assert cli.main(["--course-dir", str(graded), "export", "--out", str(b), "--db-url", url]) == 0
    assert a.read_text() == b.read_text()
    assert "absent" in b.read_text() and ",98,98" in b.read_text()
