"""``course gradescope ASSIGNMENT --out autograder.zip``: the assignment as a Gradescope autograder.

Gradescope builds a Docker image from the zip (running ``setup.sh`` once), then for every submission copies the
student's files into ``/autograder/submission/``, runs ``/autograder/run_autograder`` and shows
``/autograder/results/results.json`` to the student.  The bundle written here holds:

* ``setup.sh``: Python 3.11 (from the image, else Ubuntu's packages or the deadsnakes archive), a virtual
  environment in ``/autograder/venv`` with the course's pinned versions (``constraints.txt``) and the course
  package with its ``grader`` extra (``package/``: ``course_utils``, ``course_grader``, ``pyproject.toml``);
* ``run_autograder``: runs :func:`run` (``python -m course_grader.gradescope run``);
* ``course/``: a course folder holding only ``nbgrader_config.py`` and ``solutions/<assignment>/`` (the source
  notebook(s), hidden tests included, and the assignment's data files), and ``gradescope.json`` (which assignment,
  the results' visibility).

:func:`run` grades with the course's own machinery, ``autograde.autograde`` (sandboxed kernels, the tamper guard,
item isolation, the same scores as ``course autograde``), as student ``gradescope`` of that course folder, and
writes ``results.json`` in Gradescope's format: one test per graded cell (its score, its maximum, its feedback with
every hidden-test line removed), written answers as pending (0 of their points, graded by hand later), the
autograded total as the score, and a readable result for a missing, renamed or unreadable submission.  The root
is ``$AUTOGRADER_ROOT`` (default ``/autograder``), so a test can run the real script in a temporary folder.
"""
from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)   # (as in autograde.py: jsonschema's slow optional import)

import json
import os
import re
import shutil
import stat
import time
import zipfile
from pathlib import Path

#: the student id the submission is graded as, inside the bundle's course folder
STUDENT = "gradescope"
#: Gradescope's visibility settings (results and each test)
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")
#: longest feedback text per test (Gradescope shows it in a box; a flood of prints is cut)
MAX_OUTPUT = 6000
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SKIP_PARTS = {".ipynb_checkpoints", "__MACOSX", "__pycache__"}

SETUP_SH = r"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu): Python 3.11, a virtual
# environment with the course's pinned packages (constraints.txt) and the course package with its grader extra.
# Written by `course gradescope`.
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SRC="$ROOT/source"
VENV="$ROOT/venv"
export DEBIAN_FRONTEND=noninteractive
if ! command -v python3.11 >/dev/null 2>&1; then
    apt-get update
    if ! apt-get install -y --no-install-recommends python3.11 python3.11-venv; then
        apt-get install -y --no-install-recommends software-properties-common gpg-agent
        add-apt-repository -y ppa:deadsnakes/ppa
        apt-get update
        apt-get install -y --no-install-recommends python3.11 python3.11-venv
    fi
fi
python3.11 -m venv "$VENV"
"$VENV/bin/python" -m pip install --upgrade pip
"$VENV/bin/python" -m pip install -c "$SRC/constraints.txt" "$SRC/package[grader]"
# fail the image build now, not every submission later
"$VENV/bin/python" -c "import course_grader.gradescope, course_utils.checks, nbgrader"
"""

RUN_AUTOGRADER = r"""#!/usr/bin/env bash
# Gradescope runs this for every submission (a copy in /autograder): grade /autograder/submission/ with the
# course's own grader and write /autograder/results/results.json. Written by `course gradescope`.
# AUTOGRADER_ROOT moves the root (tests); COURSE_PYTHON picks another interpreter than setup.sh's environment.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PY="${COURSE_PYTHON:-$ROOT/venv/bin/python}"
export AUTOGRADER_ROOT="$ROOT"
unset COURSE_DB_URL COURSE_DIR COURSE_EXCHANGE COURSE_JOBS
mkdir -p "$ROOT/results"
# the hidden tests stay out of reach of a kernel that runs without a mount namespace (it runs as another user)
chmod -R go-rwx "$ROOT/source" 2>/dev/null || true
cd "$ROOT"
"$PY" -m course_grader.gradescope run
code=$?
if [ ! -s "$ROOT/results/results.json" ]; then
    cat > "$ROOT/results/results.json" <<'EOF'
{"score": 0, "stdout_visibility": "hidden", "tests": [],
 "output": "The autograder itself failed before it could grade your submission (nothing of yours caused this). Please tell your instructor."}
EOF
fi
exit $code
"""


# ------------------------------------------------------------------------------------------------ the bundle

def gradable_items(source_dir: Path) -> list[dict]:
    """Every graded cell of the assignment's source notebook(s), in notebook order:
    ``{"notebook", "grade_id", "points", "manual"}`` (``manual``: a written answer, graded by hand)."""
    import nbformat

    items = []
    for path in sorted(Path(source_dir).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader") or {}
            if meta.get("grade") and meta.get("grade_id"):
                items.append({"notebook": path.stem, "grade_id": meta["grade_id"],
                              "points": float(meta.get("points", 0) or 0),
                              "manual": cell.cell_type == "markdown" or bool(meta.get("solution"))})
    return items


def _ignore(folder, names):
    return [n for n in names if n in _SKIP_PARTS or n.endswith((".pyc", ".nbgrader.log")) or n == "gradebook.db"]


def _add_tree(zf: zipfile.ZipFile, folder: Path, arc: str) -> None:
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not _ignore(None, list(rel.parts)):
            _add_file(zf, path.read_bytes(), f"{arc}/{rel.as_posix()}")


def _add_file(zf: zipfile.ZipFile, data: bytes, arc: str, executable: bool = False) -> None:
    info = zipfile.ZipInfo(arc, date_time=(2026, 1, 1, 0, 0, 0))   # fixed: the same course, the same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
    zf.writestr(info, data)


def build(root, assignment: str, out, visibility: str = "visible") -> Path:
    """Write the Gradescope bundle of ``assignment`` to ``out`` (a zip); returns its path."""
    import course_grader
    import course_utils

    from . import config as cfgmod

    root = Path(root).resolve()
    cfg = cfgmod.load_config(root)
    paths = cfgmod.Paths.of(root, cfg)
    if assignment not in cfgmod.assignments(root, cfg):
        raise ValueError(f"no assignment {assignment!r} in {paths.source}")
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {', '.join(VISIBILITIES)}, not {visibility!r}")
    items = gradable_items(paths.source_dir(assignment))
    if not any(not i["manual"] for i in items):
        raise ValueError(f"{assignment} has no autograded cell")
    package = Path(course_utils.__file__).resolve().parents[1]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w") as zf:
        _add_file(zf, SETUP_SH.encode(), "setup.sh", executable=True)
        _add_file(zf, RUN_AUTOGRADER.encode(), "run_autograder", executable=True)
        _add_file(zf, (root / cfgmod.CONFIG_FILE).read_bytes(), f"course/{cfgmod.CONFIG_FILE}")
        _add_tree(zf, paths.source_dir(assignment), f"course/solutions/{assignment}")
        conf = {"assignment": assignment, "visibility": visibility, "items": items}
        _add_file(zf, (json.dumps(conf, indent=1) + "\n").encode(), "gradescope.json")
        constraints = package / "constraints.txt"
        _add_file(zf, constraints.read_bytes() if constraints.is_file() else b"", "constraints.txt")
        for name in ("pyproject.toml", "README.md"):
            _add_file(zf, (package / name).read_bytes(), f"package/{name}")
        for mod in (course_utils, course_grader):
            folder = Path(mod.__file__).resolve().parent
            _add_tree(zf, folder, f"package/{folder.name}")
    os.replace(tmp, out)
    return out


# ------------------------------------------------------------------------------------------------ grading

def find_submission(folder: Path, expected: list[str]) -> tuple[dict[str, Path], list[str]]:
    """The submitted file for each expected notebook name (``{name: path}``) and notes for the student.

    A notebook of the expected name anywhere in ``folder`` (the shallowest) is taken; with one notebook expected
    and exactly one ``.ipynb`` submitted under another name, that one is graded (and the student told)."""
    folder = Path(folder)
    found = sorted((p for p in folder.rglob("*.ipynb") if p.is_file()
                    and not _SKIP_PARTS & set(p.relative_to(folder).parts) and not p.name.startswith("._")),
                   key=lambda p: (len(p.relative_to(folder).parts), str(p))) if folder.is_dir() else []
    picked, notes = {}, []
    for name in expected:
        match = [p for p in found if p.name == f"{name}.ipynb"]
        if match:
            picked[name] = match[0]
    if len(expected) == 1 and not picked and len(found) == 1:
        picked[expected[0]] = found[0]
        notes.append(f"graded {found[0].relative_to(folder).as_posix()} as {expected[0]}.ipynb (the assignment's "
                     f"notebook is named {expected[0]}.ipynb: keep that name next time)")
    missing = [n for n in expected if n not in picked]
    if missing:
        others = [p.relative_to(folder).as_posix() for p in found if p not in picked.values()]
        notes.append(f"expected {', '.join(f'{n}.ipynb' for n in missing)}; "
                     + (f"found {', '.join(others)}" if others else "no notebook was submitted")
                     + (": submit the assignment's notebook under its own name" if others else ""))
    return picked, notes


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def item_feedback(cell) -> str:
    """What a graded cell showed (printed text and its error, ANSI colours removed), without hidden-test lines."""
    from .notebooks import hidden_lines, scrub_text

    secrets = {s for s in hidden_lines(_text(cell.get("source"))) if "HIDDEN TESTS" not in s}
    secrets |= {"### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"}
    parts = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            parts.append(_text(out.get("text")).rstrip("\n"))
        elif kind == "error":
            parts.append("\n".join(_text(t).rstrip("\n") for t in out.get("traceback", []))
                         or f"{out.get('ename')}: {out.get('evalue')}")
        elif kind in ("execute_result", "display_data") and "text/plain" in out.get("data", {}):
            parts.append(_text(out["data"]["text/plain"]))
    text = scrub_text(_ANSI.sub("", "\n".join(p for p in parts if p)), secrets)
    if len(text) > MAX_OUTPUT:
        text = text[:MAX_OUTPUT // 2] + "\n[... output cut ...]\n" + text[-MAX_OUTPUT // 2:]
    return text


def _autograded_cells(folder: Path) -> dict[tuple[str, str], object]:
    import nbformat

    cells = {}
    for path in sorted(Path(folder).glob("*.ipynb")) if Path(folder).is_dir() else []:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:   # noqa: BLE001 - no feedback text for it; the score stands
            continue
        for cell in nb.cells:
            gid = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")
            if gid:
                cells[(path.stem, gid)] = cell
    return cells


def _fmt(x: float) -> str:
    return f"{x:g}"


def results_json(items: list[dict], scores: dict, feedback: dict, notes: list[str], visibility: str,
                 seconds: float, failed: str | None = None) -> dict:
    """Gradescope's results: ``scores`` maps ``grade_id`` to points (None: not scored), ``feedback`` to text;
    ``failed``: why nothing could be graded (every test scores 0 and says so)."""
    several = len({i["notebook"] for i in items}) > 1
    tests, total, auto_max, manual_max = [], 0.0, 0.0, 0.0
    for item in items:
        gid, pts = item["grade_id"], item["points"]
        name = f"{item['notebook']}: {gid}" if several else gid
        if item["manual"]:
            manual_max += pts
            tests.append({"name": f"{name} (written answer)", "score": 0.0, "max_score": pts,
                          "output": f"Graded by hand later: 0 of {_fmt(pts)} points until your instructor grades "
                                    f"this answer (it is not part of the autograded score).",
                          "visibility": visibility})
            continue
        auto_max += pts
        score = 0.0 if failed else float(scores.get(gid) or 0.0)
        total += score
        if failed:
            text = f"Not graded: {failed}."
        else:
            text = feedback.get(gid) or ("Passed." if score >= pts else "No points: this test cell did not run "
                                         "(see the messages at the top).")
        tests.append({"name": name, "score": score, "max_score": pts, "status": "passed" if score >= pts else "failed",
                      "output": text, "visibility": visibility})
    head = f"Autograded score: {_fmt(total)} / {_fmt(auto_max)}"
    if manual_max:
        head += f" (written answers, {_fmt(manual_max)} points, are graded by hand later)"
    lines = [head + "."]
    if failed:
        lines.append(f"Your submission could not be graded: {failed}.")
    lines += [f"- {n}" for n in notes]
    return {"score": total, "execution_time": round(seconds, 2), "output": "\n".join(lines),
            "visibility": visibility, "stdout_visibility": "hidden", "tests": tests}


def grade(autograder_root) -> dict:
    """Grade ``<root>/submission`` with the bundle in ``<root>/source``; write and return ``results.json``."""
    from . import autograde as ag
    from . import sandbox as sbx
    from .config import load_config
    from .notebooks import hidden_lines, precheck, scrub_text

    t0 = time.perf_counter()
    ag_root = Path(autograder_root)
    src = ag_root / "source"
    conf = json.loads((src / "gradescope.json").read_text(encoding="utf-8"))
    aid, visibility, items = conf["assignment"], conf.get("visibility", "visible"), conf["items"]
    root = src / "course"
    expected = sorted({i["notebook"] for i in items})
    picked, notes = find_submission(ag_root / "submission", expected)
    sub = root / "submitted" / STUDENT / aid
    shutil.rmtree(root / "submitted", ignore_errors=True)
    sub.mkdir(parents=True)
    for name, path in picked.items():
        shutil.copyfile(path, sub / f"{name}.ipynb")
    bad = precheck(sub, expected)
    failed = None
    scores, feedback = {}, {}
    if not picked:
        failed = f"no {' or '.join(f'{n}.ipynb' for n in expected)} in your submission"
    elif len(bad) == len(expected):
        failed = "; ".join(bad[n] for n in expected)
    else:
        cfg = load_config(root)
        print("sandbox: " + "; ".join(sbx.enforced(sbx.limits_from_config(cfg))), flush=True)
        result = ag.autograde(root, aid, [STUDENT], jobs=1, quiet=True)[0]
        ag.print_summary([result])
        if result.status == ag.ERROR:
            failed = "the autograder failed on it (nothing of yours caused this; please tell your instructor)"
            print(result.log, flush=True)
        else:
            cells = _autograded_cells(root / "autograded" / STUDENT / aid)
            scores = {gid: cell.get("score") for gid, cell in result.cells.items()}
            secrets = set()
            for item in items:
                cell = cells.get((item["notebook"], item["grade_id"]))
                if cell is not None:
                    secrets |= {s for s in hidden_lines(_text(cell.get("source"))) if "HIDDEN TESTS" not in s}
                    feedback[item["grade_id"]] = item_feedback(cell)
            notes += [scrub_text(p, secrets) for p in result.problems]
    results = results_json(items, scores, feedback, notes, visibility, time.perf_counter() - t0, failed)
    out = ag_root / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return results


def run(argv=None) -> int:
    """``python -m course_grader.gradescope run``: what ``run_autograder`` calls."""
    root = Path(os.environ.get("AUTOGRADER_ROOT") or "/autograder")
    try:
        results = grade(root)
    except Exception:   # noqa: BLE001 - the student still gets a readable result; the log goes to stdout
        import traceback

        traceback.print_exc(file=sys.stdout)
        results = {"score": 0.0, "output": "The autograder itself failed while grading your submission (nothing "
                   "of yours caused this). Please tell your instructor.", "stdout_visibility": "hidden", "tests": []}
        (root / "results").mkdir(parents=True, exist_ok=True)
        (root / "results" / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        return 1
    print(f"score {_fmt(results['score'])}; results in {root / 'results' / 'results.json'}")
    return 0


# ------------------------------------------------------------------------------------------------ command

def add_parser(subparsers) -> None:
    p = subparsers.add_parser("gradescope", help="the assignment as a Gradescope autograder (zip to upload)",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("assignment", metavar="ASSIGNMENT", help="assignment id, e.g. 01_perceptron")
    p.add_argument("--out", default=None, metavar="FILE.zip",
                   help="where to write the bundle (default: autograder-ASSIGNMENT.zip)")
    p.add_argument("--visibility", default="visible", choices=VISIBILITIES,
                   help="when students see the results and each test (Gradescope's setting; default: visible)")
    p.set_defaults(func=_cli)


def _cli(args) -> int:
    from .config import root_from_args

    root = root_from_args(args)
    out = Path(args.out or f"autograder-{args.assignment}.zip")
    try:
        path = build(root, args.assignment, out, args.visibility)
    except ValueError as exc:
        print(f"course gradescope: {exc}", file=sys.stderr)
        return 2
    with zipfile.ZipFile(path) as zf:
        items = json.loads(zf.read("gradescope.json"))["items"]
    auto = sum(i["points"] for i in items if not i["manual"])
    manual = sum(i["points"] for i in items if i["manual"])
    print(f"{path}: Gradescope autograder for {args.assignment} ({len(items)} graded cells, {_fmt(auto)} autograded "
          f"points" + (f", {_fmt(manual)} graded by hand" if manual else "") + ")")
    print("upload it as the assignment's autograder (Programming Assignment > Configure Autograder > Zip file); "
          "set the autograder's points to the autograded points")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["run"]:
        sys.exit(run(sys.argv[2:]))
    print("usage: python -m course_grader.gradescope run   (what run_autograder calls)", file=sys.stderr)
    sys.exit(2)
