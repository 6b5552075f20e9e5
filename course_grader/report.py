"""``course report --out DIR``: which question did the class struggle with?

Reads the gradebook (the same table as ``course export``) and writes into ``DIR``:

* ``index.html``: one self-contained page (the plots are embedded as images, so it can be mailed or
  archived on its own). An overview bar chart of the mean score per question, then a table with one row per
  graded question, **hardest first** (lowest mean fraction of the points), with the number graded, mean,
  median, % of students with full marks and % with zero, and the question's score histogram.
* one PNG per question (``<assignment>__<grade_id>.png``): the distribution of scores over the students who
  submitted, titled, with labelled axes; plus ``overview.png`` and ``totals_<assignment>.png``.

Statistics use the students who submitted the assignment and whose answer is graded (written answers waiting
for a manual grade are left out and counted separately).

**Which mistakes?** With the course root (``course report`` always has it) the report also reads the
autograded notebooks (:mod:`course_grader.mistakes`) and adds, per assignment, the known mistakes by frequency
("37% of the class: ..."), overall and per item, as a table and a bar chart (``mistakes_<assignment>.png``),
each mistake with links to up to three anonymized examples (the student's answer and the failing cell's
message, the student shown as a hash of their id) in ``mistakes_<assignment>.html``, and writes
``DIR/mistakes.csv`` (``assignment,item,mistake,count,share``; share = count / students whose submission of the
assignment was autograded).
"""
from __future__ import annotations

import argparse
import base64
import html
import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from course_grader.export import Question, Scores, gather


@dataclass
class QuestionStats:
    """Summary statistics of one question over the graded submissions."""

    question: Question
    n: int            # graded submissions
    pending: int      # submitted but waiting for a manual grade
    mean: float
    median: float
    full: float       # fraction with full marks
    zero: float       # fraction with zero points
    values: list

    @property
    def mean_fraction(self) -> float:
        """Mean score as a fraction of the points (the sort key: lowest = hardest)."""
        return self.mean / self.question.max_score if self.question.max_score else 1.0


def question_stats(scores: Scores) -> list[QuestionStats]:
    """Statistics per question, hardest first (lowest mean fraction; ties by assignment and name).

    Questions with answers still waiting for a manual grade come after the fully graded ones (their
    statistics describe only part of the class), and questions nobody has been graded on yet come last.
    """
    out = []
    for q in scores.questions:
        vals = scores.values(q)
        pending = sum(1 for s in scores.students
                      if (s["student_id"], q.assignment) in scores.submitted
                      and scores.points.get((s["student_id"], q.column)) is None)
        n = len(vals)
        eps = 1e-9
        out.append(QuestionStats(
            question=q, n=n, pending=pending,
            mean=statistics.fmean(vals) if n else float("nan"),
            median=statistics.median(vals) if n else float("nan"),
            full=sum(v >= q.max_score - eps for v in vals) / n if n else float("nan"),
            zero=sum(abs(v) <= eps for v in vals) / n if n else float("nan"),
            values=vals))
    out.sort(key=lambda st: (st.n == 0, st.pending > 0, st.mean_fraction if st.n else 0.0,
                             st.question.assignment, st.question.column))
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")


def _new_figure(width=6.0, height=3.6):
    # an Agg canvas of our own: never touches pyplot's global state or the user's backend
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _bins(max_score: float, values: list[float]):
    """Histogram bin edges: one bar per point value for small maxima, else ~20 equal bins."""
    import numpy as np

    top = max([max_score, *values]) if values else max_score
    if top <= 0:
        return np.array([-0.5, 0.5])
    if top <= 20 and float(top).is_integer() and all(float(v).is_integer() for v in values):
        return np.arange(-0.5, top + 1.0, 1.0)
    return np.linspace(0.0, top, 21)


def plot_question(st: QuestionStats, path: Path) -> Path:
    """Histogram of one question's scores, with the mean marked."""
    q = st.question
    fig = _new_figure()
    ax = fig.add_subplot()
    if st.n:
        ax.hist(st.values, bins=_bins(q.max_score, st.values), color="#4C72B0", edgecolor="white",
                label="students")
        ax.axvline(st.mean, color="#C44E52", linestyle="--", label=f"mean {st.mean:.3g}")
        ax.legend(loc="upper center")
    else:
        ax.text(0.5, 0.5, "no graded submissions yet", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlim(-0.05 * max(q.max_score, 1) - 0.5, q.max_score * 1.05 + 0.5)
    ax.set_title(f"{q.assignment} · {q.grade_id} (max {q.max_score:g} points)")
    ax.set_xlabel("points earned")
    ax.set_ylabel("number of students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.savefig(path, format="png")
    return path


def plot_overview(stats: list[QuestionStats], path: Path) -> Path:
    """Horizontal bars: mean score (% of the points) per fully graded question, hardest at the top.

    Questions with answers still waiting for a manual grade are left out (their mean would mislead) and
    counted in the subtitle.
    """
    shown = [st for st in stats if st.n and not st.pending]
    left_out = sum(1 for st in stats if st.pending or not st.n)
    width = 6.0 + 0.07 * max([len(st.question.column) for st in shown] or [0])
    fig = _new_figure(width, max(2.5, 0.3 * len(shown) + 1.5))
    ax = fig.add_subplot()
    labels = [st.question.column for st in shown]
    means = [100 * st.mean_fraction for st in shown]
    bars = ax.barh(range(len(shown)), means, color="#4C72B0", label="mean score")
    ax.bar_label(bars, fmt="%.0f%%", padding=3)
    ax.set_yticks(range(len(shown)), labels)
    ax.invert_yaxis()  # hardest (first) at the top
    ax.set_xlim(0, 105)
    ax.set_xlabel("mean score (% of the question's points)")
    ax.set_ylabel("question")
    ax.set_title("Mean score per question, hardest first"
                 + (f"\n({left_out} question(s) awaiting manual grades not shown)" if left_out else ""),
                 loc="right")
    fig.savefig(path, format="png")
    return path


def plot_totals(scores: Scores, assignment: str, path: Path) -> Path:
    """Histogram of the assignment totals."""
    mx = scores.max_total(assignment)
    vals = [t for s in scores.students if (t := scores.assignment_total(s["student_id"], assignment)) is not None]
    fig = _new_figure()
    ax = fig.add_subplot()
    if vals:
        import numpy as np
        ax.hist(vals, bins=np.linspace(0, max(mx, *vals, 1.0), 21), color="#55A868", edgecolor="white")
    ax.set_title(f"{assignment}: total points (max {mx:g}), {len(vals)} submissions")
    ax.set_xlabel("total points earned")
    ax.set_ylabel("number of students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    fig.savefig(path, format="png")
    return path


def _img(path: Path, alt: str, width: int | None = None) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    w = f' width="{width}"' if width else ""
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}"{w}>'


def _pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:.0f}%"


def _num(x: float) -> str:
    return "–" if x != x else f"{x:.3g}"


CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
table { border-collapse: collapse; } th, td { padding: .3em .6em; border-bottom: 1px solid #ddd; text-align: right; }
th { background: #f3f3f3; } td.q { text-align: left; font-family: monospace; }
tr.hard td { background: #fdecea; } caption { text-align: left; padding: .5em 0; color: #555; }
"""


def plot_mistakes(assignment: str, rows: list, n_students: int, path: Path, top: int = 15) -> Path:
    """Horizontal bars: share of the class per mistake (most frequent at the top)."""
    from course_grader.mistakes import NOT_A_MISTAKE, kind

    shown = sorted((r for r in rows if kind(r.mistake) not in NOT_A_MISTAKE), key=lambda r: -r.count)[:top]
    width = 6.0 + 0.07 * max([len(r.mistake) for r in shown] or [0])
    fig = _new_figure(width, max(2.5, 0.3 * len(shown) + 1.5))
    ax = fig.add_subplot()
    bars = ax.barh(range(len(shown)), [100 * r.share for r in shown], color="#C44E52", label="share of the class")
    ax.bar_label(bars, fmt="%.0f%%", padding=3)
    ax.set_yticks(range(len(shown)), [r.mistake for r in shown])
    ax.invert_yaxis()
    ax.set_xlim(0, 105)
    ax.set_xlabel(f"students who made the mistake (% of {n_students} graded)")
    ax.set_ylabel("mistake")
    if not shown:
        ax.text(50, 0, "no known mistake recorded", ha="center", va="center")
    ax.set_title(f"{assignment}: known mistakes by frequency", loc="right")
    fig.savefig(path, format="png")
    return path


def _examples_page(assignment: str, rows: list, path: Path) -> None:
    """``mistakes_<assignment>.html``: up to three anonymized examples per mistake (answer cell + message)."""
    from course_grader.mistakes import anonymous

    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(assignment)}: "
             f"mistake examples</title><style>{CSS} pre {{ background: #f7f7f7; padding: .5em; "
             "white-space: pre-wrap; }</style></head><body>",
             f"<h1>{html.escape(assignment)}: examples of each mistake</h1>",
             "<p>For the instructor: up to three submissions per mistake, each student shown as a hash of their "
             "id (<code>s-</code> + the first 10 hex digits of SHA-256). The student's answer cell, then the "
             "message of the grade cell that failed.</p>"]
    for r in rows:
        parts.append(f"<h2 id='{html.escape(_slug(r.mistake))}'>{html.escape(r.mistake)} "
                     f"<small>({r.count} student(s), {_pct(r.share)})</small></h2>"
                     f"<p>{html.escape(r.description)}</p>")
        for f in r.examples:
            parts.append(f"<h3>{anonymous(f.student)} · {html.escape(f.grade_id)}</h3>"
                         f"<pre>{html.escape(f.answer or '(no answer cell)')}</pre>"
                         f"<pre>{html.escape(f.message)}</pre>")
    parts.append("</body></html>\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def mistakes_section(scores: Scores, found: dict, out: Path) -> tuple[list[str], list]:
    """The report's mistake part: HTML pieces and every ``mistakes.csv`` row; writes the charts and examples."""
    from course_grader.mistakes import NOT_A_MISTAKE, kind, summarize

    parts, all_rows = ["<h2>Mistakes, most frequent first</h2>"
                       "<p>Every failed check that names a known mistake carries a mistake id; these are counted "
                       "once per student. The share is of the students whose submission was autograded. Blank "
                       "answers, errors, timeouts and failures no known mistake explains are listed after the "
                       "named mistakes. All rows are in <a href='mistakes.csv'>mistakes.csv</a>.</p>"], []
    for a in scores.assignments:
        fs, students = found.get(a, ([], []))
        if not students:
            continue
        rows = summarize(fs, len(students))
        all_rows += rows
        png = plot_mistakes(a, rows, len(students), out / f"mistakes_{_slug(a)}.png")
        page = f"mistakes_{_slug(a)}.html"
        _examples_page(a, rows, out / page)
        parts.append(f"<h3>{html.escape(a)} ({len(students)} graded)</h3><p>{_img(png, f'mistakes of {a}')}</p>")
        parts.append("<table><caption>Overall: each mistake, with the share of the class that made it.</caption>"
                     "<tr><th>#</th><th>item</th><th>mistake</th><th>what it is</th><th>students</th>"
                     "<th>share</th><th>examples</th></tr>")
        for rank, r in enumerate(rows, 1):
            dim = " style='color:#777'" if kind(r.mistake) in NOT_A_MISTAKE else ""
            links = ", ".join(f"<a href='{page}#{html.escape(_slug(r.mistake))}'>{i + 1}</a>"
                              for i in range(len(r.examples)))
            parts.append(f"<tr{dim}><td>{rank}</td><td class='q'>{html.escape(r.item)}</td>"
                         f"<td class='q'>{html.escape(r.mistake)}</td><td class='q'>{html.escape(r.description)}"
                         f"</td><td>{r.count}</td><td>{_pct(r.share)}</td><td>{links}</td></tr>")
        parts.append("</table>")
        by_item: dict = {}
        for r in rows:
            by_item.setdefault(r.item, []).append(r)
        parts.append("<table><caption>Per item: students with a named mistake, and the most frequent one."
                     "</caption><tr><th>item</th><th>students with a named mistake</th><th>most frequent</th>"
                     "<th>share</th></tr>")
        for item, rs in sorted(by_item.items()):
            named = [r for r in rs if kind(r.mistake) not in NOT_A_MISTAKE]
            n = len({f.student for f in fs if f.item == item and kind(f.mistake) not in NOT_A_MISTAKE})
            top = max(named, key=lambda r: r.count) if named else None
            parts.append(f"<tr><td class='q'>{html.escape(item)}</td><td>{n} ({_pct(n / len(students))})</td>"
                         f"<td class='q'>{html.escape(top.mistake + ': ' + top.description) if top else '–'}</td>"
                         f"<td>{_pct(top.share) if top else '–'}</td></tr>")
        parts.append("</table>")
    return parts, all_rows


def write_report(scores: Scores, out: str | Path, root: str | Path | None = None) -> Path:
    """Write the PNGs and ``index.html`` into ``out``; returns the path of ``index.html``.

    With the course ``root``, also the mistake analytics (table, chart, examples, ``mistakes.csv``)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stats = question_stats(scores)
    n_students = len({s for s, _ in scores.submitted})
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Class report</title>"
             f"<style>{CSS}</style></head><body>",
             "<h1>Class report: which question did the class struggle with?</h1>",
             f"<p>{len(scores.students)} students in the gradebook, {n_students} with at least one submission; "
             f"{len(scores.assignments)} assignment(s), {len(scores.questions)} graded questions. "
             "Questions are sorted <strong>hardest first</strong> (lowest mean score as a share of their "
             "points); the first rows are where the class needs help. Questions with answers still waiting for "
             "a manual grade follow the fully graded ones.</p>"]
    if not scores.questions:
        parts.append("<p>The gradebook holds no graded questions yet: run <code>course autograde</code>.</p>")
    else:
        ov = plot_overview(stats, out / "overview.png")
        parts.append(f"<h2>Overview</h2><p>{_img(ov, 'mean score per question, hardest first')}</p>")
        parts.append("<h2>Questions, hardest first</h2><table><caption>Statistics over graded submissions; "
                     "'pending' answers wait for a manual grade.</caption><tr><th>#</th><th>question</th>"
                     "<th>max</th><th>graded</th><th>pending</th><th>mean</th><th>median</th>"
                     "<th>full marks</th><th>zero</th><th>distribution</th></tr>")
        for rank, st in enumerate(stats, 1):
            q = st.question
            png = plot_question(st, out / f"{_slug(q.assignment)}__{_slug(q.grade_id)}.png")
            hard = " class='hard'" if st.n and st.mean_fraction < 0.5 else ""
            parts.append(
                f"<tr{hard}><td>{rank}</td><td class='q'>{html.escape(q.column)}<br><small>{q.kind}</small></td>"
                f"<td>{q.max_score:g}</td><td>{st.n}</td><td>{st.pending}</td><td>{_num(st.mean)}</td>"
                f"<td>{_num(st.median)}</td><td>{_pct(st.full)}</td><td>{_pct(st.zero)}</td>"
                f"<td>{_img(png, f'score distribution of {q.column}', 300)}</td></tr>")
        parts.append("</table><h2>Assignment totals</h2>")
        for a in scores.assignments:
            png = plot_totals(scores, a, out / f"totals_{_slug(a)}.png")
            parts.append(f"<p>{_img(png, f'total points of {a}', 480)}</p>")
    if root is not None:
        from course_grader.mistakes import class_mistakes, write_csv

        found = class_mistakes(root, scores.assignments)
        pieces, rows = mistakes_section(scores, found, out)
        parts += pieces
        write_csv(rows, out / "mistakes.csv")
    parts.append("</body></html>\n")
    index = out / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index


def run(args) -> int:
    from course_grader.config import CourseNotFoundError, root_from_args

    try:
        root = root_from_args(args)
        scores = gather(root, db_url=args.db_url)
    except (CourseNotFoundError, FileNotFoundError) as exc:
        print(f"course report: {exc}", file=sys.stderr)
        return 1
    index = write_report(scores, args.out, root=root)
    stats = [st for st in question_stats(scores) if st.n and not st.pending]
    print(f"wrote {index} ({len(scores.questions)} questions)")
    if stats:
        st = stats[0]
        print(f"  hardest question: {st.question.column}: mean {st.mean:.3g} of {st.question.max_score:g} "
              f"points, {100 * st.zero:.0f}% scored zero")
    top = _top_mistake(Path(args.out) / "mistakes.csv")
    if top:
        print(f"  most frequent mistake: {top}")
    return 0


def _top_mistake(path: Path) -> str | None:
    """``"37% of 01_x: item.mistake"`` from a written mistakes.csv (named mistakes only), or None."""
    import csv

    from course_grader.mistakes import NOT_A_MISTAKE, kind

    if not path.is_file():
        return None
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if kind(r["mistake"]) not in NOT_A_MISTAKE]
    if not rows:
        return None
    r = max(rows, key=lambda r: float(r["share"]))
    return f"{100 * float(r['share']):.0f}% of {r['assignment']}'s class: {r['mistake']}"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "report", help="per-question score distributions (PNG) and an HTML summary, hardest question first",
        description="Write DIR/index.html (self-contained: plots embedded) and one PNG histogram per graded "
                    "question. Questions are sorted hardest first (lowest mean share of the points) with "
                    "mean, median, % full marks and % zero over the graded submissions.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="reports", help="folder to write (default: reports)")
    p.add_argument("--db-url", default=None, help="gradebook to read (default: the course's db_url)")
    p.set_defaults(func=run)
