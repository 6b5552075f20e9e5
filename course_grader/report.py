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


def write_report(scores: Scores, out: str | Path) -> Path:
    """Write the PNGs and ``index.html`` into ``out``; returns the path of ``index.html``."""
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
    parts.append("</body></html>\n")
    index = out / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")
    return index


def run(args) -> int:
    from course_grader.config import CourseNotFoundError, root_from_args

    try:
        scores = gather(root_from_args(args), db_url=args.db_url)
    except (CourseNotFoundError, FileNotFoundError) as exc:
        print(f"course report: {exc}", file=sys.stderr)
        return 1
    index = write_report(scores, args.out)
    stats = [st for st in question_stats(scores) if st.n and not st.pending]
    print(f"wrote {index} ({len(scores.questions)} questions)")
    if stats:
        st = stats[0]
        print(f"  hardest question: {st.question.column}: mean {st.mean:.3g} of {st.question.max_score:g} "
              f"points, {100 * st.zero:.0f}% scored zero")
    return 0


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
