"""``course release [ASSIGNMENT...] [--check]``: regenerate ``exercises/`` from ``solutions/``.

Runs the real ``nbgrader generate_assignment`` into a temporary folder with a throw-away gradebook, then
normalises every notebook (outputs cleared, stable cell ids, sorted keys, no timestamps or run metadata) so
reruns are byte-identical, and replaces ``exercises/<assignment>/`` with the result.  ``--check`` changes
nothing: it lists every difference between the committed ``exercises/`` and what release would write, and
exits 1 if there is any.

:func:`prepare_gradebook` is the same generation step pointed at a real gradebook: it (re)creates the
assignment and its source cells from ``solutions/`` so ``course autograde`` never depends on a gradebook left
behind by an earlier release.
"""
from __future__ import annotations

import copy
import difflib
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from . import config as cfgmod


class ReleaseError(RuntimeError):
    """nbgrader could not generate an assignment."""


def normalize_notebook(nb, prefix: str):
    """Clear outputs and run metadata and give every cell a stable id (``grade_id`` or ``<prefix>-<n>``)."""
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("toc", None)
    used: set[str] = set()
    for i, cell in enumerate(nb.cells):
        want = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"{prefix}-{i}"
        base, n = want, 1
        while want in used:
            n += 1
            want = f"{base}-{n}"
        used.add(want)
        cell["id"] = want
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        for key in ("execution", "collapsed", "scrolled", "ExecuteTime"):
            cell.get("metadata", {}).pop(key, None)
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def notebook_bytes(nb) -> bytes:
    """The canonical serialisation: nbformat's (sorted keys, indent 1) plus a final newline."""
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def _generate(root: Path, assignment: str, out_root: Path, db_url: str, cfg) -> Path:
    """Run nbgrader generate_assignment for ``assignment`` into ``out_root/<assignment>``."""
    from nbgrader.converters.generate_assignment import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    cfg = copy.deepcopy(cfg)
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.release_directory = str(out_root)
    cfg.CourseDirectory.db_url = db_url
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    app = GenerateAssignment(coursedir=coursedir, config=cfg)   # the converter itself: no exchange needed
    app.force = True
    app.create_assignment = True
    result = capture_log(app)
    if not result.get("success"):
        raise ReleaseError(f"nbgrader generate_assignment {assignment} failed:\n"
                           f"{result.get('log', '')}{result.get('error', '')}")
    return out_root / assignment


def prepare_gradebook(root: str | Path, assignment: str, db_url: str | None = None, cfg=None) -> None:
    """Create/update ``assignment`` (notebooks, grade cells, source cells) in the gradebook from solutions/."""
    root = Path(root).resolve()
    cfg = cfgmod.load_config(root) if cfg is None else cfg
    db_url = db_url or cfgmod.Paths.of(root, cfg).db_url
    with tempfile.TemporaryDirectory(prefix="course-gb-") as tmp:
        _generate(root, assignment, Path(tmp), db_url, cfg)


def build_release(root: str | Path, assignment: str, out_dir: str | Path, cfg=None) -> dict[str, bytes]:
    """Generate the student version of ``assignment`` and return ``{relative path: bytes}`` (normalised).

    Nothing is written under ``root``; ``out_dir`` only serves as scratch space.
    """
    root = Path(root).resolve()
    cfg = cfgmod.load_config(root) if cfg is None else cfg
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    db_url = "sqlite:///" + str(out_dir / "release-gradebook.db")
    produced = _generate(root, assignment, out_dir / "release", db_url, cfg)
    files: dict[str, bytes] = {}
    for path in sorted(produced.rglob("*")):
        if not path.is_file() or path.name == ".nbgrader.log":
            continue
        rel = path.relative_to(produced).as_posix()
        if path.suffix == ".ipynb":
            nb = normalize_notebook(nbformat.read(path, as_version=4), path.stem)
            files[rel] = notebook_bytes(nb)
        else:
            files[rel] = path.read_bytes()
    return files


def _existing(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts}


def diff_release(want: dict[str, bytes], have: dict[str, bytes], label: str, context: int = 20) -> list[str]:
    """Human-readable differences between the release that would be produced and the committed one."""
    lines = []
    for rel in sorted(set(want) | set(have)):
        if rel not in have:
            lines.append(f"{label}/{rel}: missing (course release would create it)")
        elif rel not in want:
            lines.append(f"{label}/{rel}: not produced by course release (stale or hand-made)")
        elif want[rel] != have[rel]:
            lines.append(f"{label}/{rel}: differs from what course release produces")
            try:
                diff = list(difflib.unified_diff(have[rel].decode().splitlines(), want[rel].decode().splitlines(),
                                                 "committed", "release", lineterm="", n=1))
            except UnicodeDecodeError:
                diff = ["    (binary file)"]
            lines.extend("    " + d for d in diff[:context])
            if len(diff) > context:
                lines.append(f"    ... {len(diff) - context} more diff lines")
    return lines


def release(root: str | Path, selected: list[str] | None = None, check: bool = False,
            out=None) -> int:
    """Release (or, with ``check``, compare) the selected assignments; returns an exit code."""
    out = out if out is not None else sys.stdout
    root = Path(root).resolve()
    cfg = cfgmod.load_config(root)
    paths = cfgmod.Paths.of(root, cfg)
    known = cfgmod.assignments(root, cfg)
    names = list(selected) if selected else known
    unknown = [a for a in names if a not in known]
    if unknown:
        print(f"course release: no such assignment in {paths.source}: {', '.join(unknown)}", file=sys.stderr)
        return 2
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="course-release-") as tmp:
        for aid in names:
            want = build_release(root, aid, Path(tmp) / aid, cfg)
            target = paths.release_dir(aid)
            label = target.relative_to(root).as_posix() if target.is_relative_to(root) else str(target)
            diffs = diff_release(want, _existing(target), label)
            if check:
                problems.extend(diffs)
                print(f"{aid}: {'OUT OF SYNC' if diffs else 'up to date'}", file=out)
                continue
            if diffs:
                if target.exists():
                    shutil.rmtree(target)
                for rel, data in want.items():
                    dest = target / rel
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(data)
            print(f"{aid}: {'released to ' + label if diffs else 'unchanged'} ({len(want)} files)", file=out)
        # exercise folders whose solution is gone
        if not selected and paths.release.is_dir():
            for stale in sorted(p for p in paths.release.iterdir() if p.is_dir() and p.name not in known
                                and not p.name.startswith(".")):
                if check:
                    problems.append(f"{stale.relative_to(root)}: no matching folder in {paths.source.name}/")
                else:
                    shutil.rmtree(stale)
                    print(f"{stale.name}: removed (no solution)", file=out)
    if check and problems:
        print("\nexercises/ is out of sync with solutions/ (run `course release`):", file=out)
        for line in problems:
            print("  " + line, file=out)
        return 1
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("release", help="regenerate exercises/ from solutions/ (nbgrader generate_assignment)",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="assignment ids (default: all)")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 and list differences if exercises/ is out of sync")
    p.set_defaults(func=_run)


def _run(args) -> int:
    root = cfgmod.root_from_args(args)
    return release(root, args.assignments, check=args.check)
