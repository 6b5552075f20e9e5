"""``course validate NOTEBOOK``: the student's check before submitting.

Runs the notebook top to bottom in a fresh kernel (in its own folder, so its data files are found; the file is
never modified), then reports every graded question as passing or failing its visible tests, with the test's
message, and under it, when the error was raised inside the student's own code (a function the test called), the
last frames of their code (cell, line, source line: :mod:`course_grader.tracebacks`).  Exits 1 if any question
fails (``nbgrader validate`` exits 0 even then), 2 if the notebook cannot be read or run at all.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import config as cfgmod
from . import tracebacks
from .autograde import light_nbgrader


#: what nbgrader leaves in an answer cell the student has not touched (markdown and code)
STUBS = ("YOUR ANSWER HERE", "YOUR CODE HERE", "raise NotImplementedError")


@dataclass
class Question:
    grade_id: str
    points: float
    passed: bool | None          # None: graded by hand (a written answer or a manually graded code cell)
    message: str = ""
    frames: list[str] = field(default_factory=list)   # the student's frames where the error was raised


def _error_text(cell) -> str | None:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            if out.get("ename") in ("CellTimeoutError", "KeyboardInterrupt"):
                return "the cell ran too long and was stopped (an infinite loop?)"
            return f"{out.get('ename')}: {out.get('evalue')}".rstrip(": ")
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            return "wrote to stderr (the autograder counts this as a failure): " + " ".join(
                str(out.get("text", "")).split())[:200]
    return None


def _load_config(nb_path: Path):
    """The course's ``nbgrader_config.py`` (read as ``course_grader.config.load_config`` reads it, without the
    gradebook tooling validate never needs), or defaults mirroring it outside a course."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    try:
        root = cfgmod.find_course_root(nb_path.parent)
    except cfgmod.CourseNotFoundError:
        cfg = Config()
        cfg.Execute.timeout = 60
        cfg.Execute.extra_arguments = list(cfgmod.DEFAULT_KERNEL_ARGUMENTS)
        return cfg
    cfg = PyFileConfigLoader(cfgmod.CONFIG_FILE, path=str(root)).load_config()
    cfg.CourseDirectory.root = str(root)
    return cfg


def _start_kernel(nb, cfg, cwd: Path):
    """Start the notebook's kernel now, as nbgrader's ``Execute`` would (its kernel, the configured arguments, in
    the notebook's folder): it imports its libraries while this process imports nbgrader."""
    from jupyter_core.utils import run_sync

    from .sandbox import FastKernelManager

    args = list(cfg.Execute.extra_arguments) if "extra_arguments" in cfg.Execute else []
    if not any(a.startswith("--HistoryManager.hist_file") for a in args):
        args.append("--HistoryManager.hist_file=:memory:")   # what nbclient adds for an IPython kernel
    args.append("--IPKernelApp.exec_lines=" + tracebacks.KERNEL_LINE)   # the student's frames in error outputs
    km = FastKernelManager(kernel_name=nb.metadata.get("kernelspec", {}).get("name") or "python3", config=cfg)
    run_sync(km.start_kernel)(extra_arguments=args, cwd=str(cwd))
    return km


def validate(path: str | Path) -> tuple[list[Question], list[str]]:
    """Execute the notebook at ``path``; return its graded questions and errors outside graded cells."""
    import nbformat

    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    cfg = _load_config(path)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    km = _start_kernel(nb, cfg, path.parent)
    try:
        from jupyter_core.utils import run_sync

        light_nbgrader()
        cfgmod.ensure_tools_on_path()
        from nbgrader.preprocessors import Execute

        pp = Execute(config=cfg)
        nb, _ = pp.preprocess(nb, {"metadata": {"path": str(path.parent)}}, km=km)
    finally:
        run_sync(km.shutdown_kernel)(now=True)
    questions, other = [], []
    frames = tracebacks.raised_elsewhere(nb.cells)
    for i, cell in enumerate(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
        gid = meta.get("grade_id") or cell.get("id") or f"cell {i + 1}"
        err = _error_text(cell) if cell.cell_type == "code" else None
        if meta.get("grade"):
            points = float(meta.get("points", 0) or 0)
            if cell.cell_type == "markdown" or meta.get("solution"):
                answered = cell.source.strip() != "" and not any(
                    stub in cell.source for stub in STUBS)   # a written answer, or a code cell graded by hand
                questions.append(Question(gid, points, None, "answered" if answered else "NOT ANSWERED YET"))
            else:
                questions.append(Question(gid, points, err is None, err or "", frames.get(i, []) if err else []))
        elif err:
            other.append("\n".join([f"{gid}: {err}", *(f"      {f}" for f in frames.get(i, []))]))
    return questions, other


def report(path, questions: list[Question], other: list[str], out=None) -> int:
    out = out if out is not None else sys.stdout
    auto = [q for q in questions if q.passed is not None]
    written = [q for q in questions if q.passed is None]
    by_hand = f" (+{sum(q.points for q in written):g} graded by hand)" if written else ""
    print(f"Validating {path}: {len(auto)} autograded question(s), {sum(q.points for q in auto):g} points{by_hand}",
          file=out)
    w = max([len(q.grade_id) for q in questions] + [8])
    for q in auto:
        tag = "PASS" if q.passed else "FAIL"
        print(f"  {tag}  {q.grade_id:<{w}}  ({q.points:g} points)" + (f"  {q.message}" if q.message else ""),
              file=out)
        for line in q.frames:
            print(f"        {line}", file=out)
    for q in written:
        print(f"  ----  {q.grade_id:<{w}}  ({q.points:g} points, graded by hand)  {q.message}", file=out)
    for line in other:
        print(f"  ERROR {line}", file=out)
    n_pass = sum(bool(q.passed) for q in auto)
    failed = n_pass < len(auto) or other
    print(f"{n_pass} of {len(auto)} question(s) pass their visible tests"
          + (" (hidden tests run only when grading)." if not failed else
             ". Fix the failures above before submitting."), file=out)
    return 1 if failed else 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("validate", help="run a notebook and report each graded question (exit 1 on failure)",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("notebook", metavar="NOTEBOOK")
    p.set_defaults(func=_run)


def _run(args) -> int:
    path = Path(args.notebook)
    if not path.is_file():
        print(f"course validate: no such notebook: {path}", file=sys.stderr)
        return 2
    try:
        questions, other = validate(path)
    except Exception as exc:  # unreadable JSON, kernel could not start, kernel died
        print(f"course validate: could not run {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    return report(path, questions, other)
