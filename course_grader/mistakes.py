"""Mistake analytics: which known mistakes did the class make?

A check message that names a known mistake ends with a line ``(mistake: <id>)`` (``course_utils.checks``:
``mistakes=`` entries with an id, ``ck.true(..., mistake=...)``, and the built-in diagnoses). This module reads
those lines back from the **autograded notebooks** (``autograded/<student>/<assignment>/*.ipynb``: the error
output of every grade cell that failed) and counts them:

* :func:`mistake_of` turns one failed grade cell into a mistake id ``<item>.<mistake>``. The item is the graded
  function the cell tests (``test_<item>``, ``test_<item>_hidden``); a bare generic id (``transposed``) is
  completed with it. A failure without a tagged message is still counted, under a generic id that says what
  happened: ``<item>.not_attempted`` (``NotImplementedError``: the answer was left blank),
  ``<item>.numerical_warning`` (a NumPy overflow/invalid/divide warning raised in the grade cell),
  ``<item>.timeout``, ``<item>.error`` (any other exception) and ``<item>.unexplained`` (a check failed that
  names no known mistake).
* :func:`collect` reads every autograded notebook of an assignment; :func:`summarize` gives the rows of
  ``mistakes.csv`` (``assignment,item,mistake,count,share``: ``count`` students, ``share`` = count / students
  whose submission was autograded); :func:`per_student` the ids per student (``course export --mistakes``).

Examples for the instructor (``course report``) show the student as a short hash of their id
(:func:`anonymous`), never the id itself.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

#: the tag line of a check message (``course_utils.checks.MISTAKE_LINE``)
TAG = re.compile(r"\(mistake: ([A-Za-z0-9_.:\-]+)\)\s*$")

#: columns of ``mistakes.csv``
CSV_COLUMNS = ["assignment", "item", "mistake", "count", "share"]

#: what the generic kinds mean (for the report; specific ids are explained by their check messages)
GENERIC = {
    "transposed": "the result is transposed (rows and columns swapped)",
    "reshaped": "the right numbers in the wrong shape",
    "wrong_shape": "the result has the wrong shape",
    "sign_flipped": "the sign is flipped (e.g. t - y instead of y - t)",
    "missing_factor": "exactly N times too large: a missing factor 1/N (forgot to average over the batch, or the "
                      "1/2 of a square)",
    "extra_factor": "exactly N times too small: an extra factor 1/N (averaged twice, or divided where a sum was "
                    "asked)",
    "scaled": "proportional to the right answer by a wrong constant factor",
    "not_finite": "NaN or infinity: an overflow or 0/0 (a numerically unstable formula)",
    "numerical_warning": "a NumPy overflow, invalid-value or division-by-zero warning (a numerically unstable "
                         "formula)",
    "no_return": "returned None: a missing return statement",
    "modified_input": "modified an argument in place",
    "delegated": "called course_utils' reference implementation instead of its own code",
    "no_exception": "did not raise the required exception",
    "wrong_exception": "raised the wrong kind of exception",
    "not_attempted": "not attempted (raise NotImplementedError left in place)",
    "timeout": "the grade cell timed out (an endless loop, or far too slow)",
    "error": "the code raised an error (other than a failed check)",
    "unexplained": "wrong, in a way no known mistake explains",
}

#: generic kinds that are not mistakes in the answer's mathematics (listed after the others in the report)
NOT_A_MISTAKE = ("not_attempted", "timeout", "error", "unexplained")


def item_of(grade_id: str) -> str:
    """The graded item a grade cell tests: ``test_affine_backward_hidden`` -> ``affine_backward``."""
    item = grade_id[len("test_"):] if grade_id.startswith("test_") else grade_id
    return item[: -len("_hidden")] if item.endswith("_hidden") else item


def split_tag(text: str) -> tuple[str, str | None]:
    """``(message without its tag line, mistake id or None)``."""
    text = (text or "").rstrip()
    m = TAG.search(text)
    if not m:
        return text, None
    return text[: m.start()].rstrip(), m.group(1)


def mistake_of(grade_id: str, ename: str | None, evalue: str | None) -> str:
    """The mistake id of one failed grade cell (see the module docstring)."""
    item = item_of(grade_id)
    _, mid = split_tag(evalue or "")
    if mid:
        return mid if "." in mid else f"{item}.{mid}"
    ename = ename or ""
    if ename in ("CellTimeoutError", "KeyboardInterrupt", "timeout"):
        kind = "timeout"
    elif ename == "NotImplementedError":
        kind = "not_attempted"
    elif ename == "FloatingPointError":
        kind = "numerical_warning"
    elif ename == "AssertionError":
        kind = "unexplained"
    else:
        kind = "error"
    return f"{item}.{kind}"


def mistake_of_message(grade_id: str, message: str | None) -> str | None:
    """The mistake id from ``course autograde``'s one-line cell message (``"Ename: evalue"``); None if empty."""
    if not message:
        return None
    if message.startswith("timed out"):
        return mistake_of(grade_id, "timeout", "")
    ename, _, evalue = message.partition(": ")
    return mistake_of(grade_id, ename, evalue)


def kind(mistake: str) -> str:
    return mistake.rsplit(".", 1)[-1]


def describe(mistake: str, example_message: str = "") -> str:
    """A sentence for the report: the generic meaning, else the check's own explanation."""
    k = kind(mistake)
    if k in GENERIC:
        return GENERIC[k]
    text, _ = split_tag(example_message)
    text = " ".join(text.split())
    if not text:
        return GENERIC.get(k, "")
    return text if len(text) <= 220 else text[:219] + "…"


def anonymous(student: str) -> str:
    """A short, stable pseudonym for a student id (first 10 hex digits of its SHA-256)."""
    return "s-" + hashlib.sha256(student.encode("utf-8")).hexdigest()[:10]


@dataclass
class Found:
    """One failed grade cell of one student's autograded notebook."""

    student: str
    assignment: str
    notebook: str
    grade_id: str
    item: str
    mistake: str
    message: str      # the error's text, tag line removed
    answer: str       # the student's answer cell for the item ('' if none)


def _text(src) -> str:
    return "".join(src) if isinstance(src, list) else str(src or "")


def read_notebook(path: Path, student: str, assignment: str) -> list[Found]:
    """The failed grade cells of one autograded notebook, one :class:`Found` per cell."""
    try:   # plain JSON: nbformat's validation would cost more than the rest for a large class
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return []   # an unreadable notebook has no cells to count
    answers = {}
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        if meta.get("solution") and cell.get("cell_type") == "code" and meta.get("grade_id"):
            answers[meta["grade_id"]] = _text(cell.get("source", ""))
    found = []
    for cell in cells:
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        gid = meta.get("grade_id")
        if not (gid and meta.get("grade") and cell.get("cell_type") == "code"):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            ename, evalue = out.get("ename", ""), _text(out.get("evalue", ""))
            item = item_of(gid)
            mid = mistake_of(gid, ename, evalue)
            message, _ = split_tag(evalue)
            found.append(Found(student, assignment, path.stem, gid, item, mid,
                               f"{ename}: {message}" if message else ename, answers.get(item, "")))
            break
    return found


def collect(autograded: Path, assignment: str) -> tuple[list[Found], list[str]]:
    """Every failed grade cell of ``assignment`` under ``autograded/`` and the students graded (sorted)."""
    autograded = Path(autograded)
    found, students = [], []
    if not autograded.is_dir():
        return found, students
    for sdir in sorted(p for p in autograded.iterdir() if p.is_dir()):
        adir = sdir / assignment
        nbs = sorted(adir.glob("*.ipynb")) if adir.is_dir() else []
        if not nbs:
            continue
        students.append(sdir.name)
        for nb in nbs:
            found += read_notebook(nb, sdir.name, assignment)
    return found, students


@dataclass
class Row:
    """One row of ``mistakes.csv`` (plus what the report shows)."""

    assignment: str
    item: str
    mistake: str
    count: int
    share: float
    description: str
    examples: list      # up to 3 Found, one per student

    def csv(self) -> dict:
        return {"assignment": self.assignment, "item": self.item, "mistake": self.mistake,
                "count": self.count, "share": f"{self.share:.4f}"}


def summarize(found: list[Found], n_students: int, n_examples: int = 3) -> list[Row]:
    """Rows per (assignment, item, mistake), most frequent first; a student counts once per mistake."""
    who: dict[tuple, list[Found]] = defaultdict(list)
    for f in found:
        key = (f.assignment, f.item, f.mistake)
        if all(g.student != f.student for g in who[key]):
            who[key].append(f)
    rows = []
    for (a, item, mid), fs in who.items():
        msgs = Counter(f.message for f in fs)
        rows.append(Row(a, item, mid, len(fs), len(fs) / n_students if n_students else 0.0,
                        describe(mid, msgs.most_common(1)[0][0].partition(": ")[2]), fs[:n_examples]))
    rows.sort(key=lambda r: (r.assignment, kind(r.mistake) in NOT_A_MISTAKE, -r.count, r.item, r.mistake))
    return rows


def per_student(found: list[Found]) -> dict[tuple[str, str], list[str]]:
    """``{(student, assignment): [mistake id, ...]}`` (sorted, each id once)."""
    out: dict[tuple[str, str], set] = defaultdict(set)
    for f in found:
        out[(f.student, f.assignment)].add(f.mistake)
    return {k: sorted(v) for k, v in out.items()}


def write_csv(rows: list[Row], path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        w.writerows(r.csv() for r in rows)
    return path


def class_mistakes(root, assignments: list[str], config=None) -> dict[str, tuple[list[Found], list[str]]]:
    """:func:`collect` for each assignment of the course at ``root``: ``{assignment: (found, students)}``."""
    from .config import Paths, load_config

    cfg = load_config(root) if config is None else config
    autograded = Paths.of(root, cfg).autograded
    return {a: collect(autograded, a) for a in assignments}


def write_export(scores, root, out) -> Path:
    """``course export --mistakes``: the grade table plus a column ``<assignment>:mistakes`` per assignment
    (the student's mistake ids, ``;``-separated; empty without a submission or without mistakes)."""
    found = class_mistakes(root, scores.assignments)
    ids = {}
    for a, (fs, _) in found.items():
        ids.update(per_student(fs))
    cols = scores.columns() + [f"{a}:mistakes" for a in scores.assignments]
    path = Path(out)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for row in scores.rows():
            for a in scores.assignments:
                row[f"{a}:mistakes"] = ";".join(ids.get((row["student_id"], a), []))
            w.writerow(row)
    return path
