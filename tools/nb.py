"""Build and normalise course notebooks (a development tool, not part of the package).

Build a notebook from Python::

    import sys; sys.path.insert(0, "tools")
    from nb import md, code, answer, grade, written, readonly, write
    cells = [
        readonly("intro", "# Unit 1 ..."),
        code("import numpy as np"),
        answer("add_bias", 'def add_bias(X):\\n    ### BEGIN SOLUTION\\n    ...\\n    ### END SOLUTION'),
        grade("test_add_bias", 5, "from course_utils.checks import proven_checks\\nck = proven_checks()\\n..."),
        written("written_xor", 10, "Why can no single perceptron compute XOR?"),
    ]
    write("solutions/01_perceptron/perceptron.ipynb", cells, prefix="perceptron")

Normalise committed notebooks (clear outputs, drop widget state, stable ids)::

    .venv/bin/python tools/nb.py normalize lectures/*.ipynb solutions/*/*.ipynb
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "version": "3.11"}


def _nbg(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def md(text: str, cell_id: str | None = None):
    """A plain markdown cell."""
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"))
    cell["_want_id"] = cell_id
    return cell


def code(src: str, cell_id: str | None = None):
    """A plain code cell."""
    cell = nbformat.v4.new_code_cell(src.strip("\n"))
    cell["_want_id"] = cell_id
    return cell


def readonly(grade_id: str, text: str, *, kind: str = "markdown"):
    """A locked (read-only) instructions or setup cell; ``kind`` is "markdown" or "code"."""
    maker = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
    cell = maker(text.strip("\n"), metadata=_nbg(grade_id, locked=True))
    cell["_want_id"] = grade_id
    return cell


def answer(grade_id: str, src: str):
    """An autograded answer cell (the student's code goes here)."""
    cell = nbformat.v4.new_code_cell(src.strip("\n"), metadata=_nbg(grade_id, solution=True))
    cell["_want_id"] = grade_id
    return cell


def grade(grade_id: str, points: float, src: str):
    """An autograder test cell worth ``points``."""
    cell = nbformat.v4.new_code_cell(src.strip("\n"),
                                     metadata=_nbg(grade_id, grade=True, locked=True, points=points))
    cell["_want_id"] = grade_id
    return cell


def written(grade_id: str, points: float, text: str = "YOUR ANSWER HERE"):
    """A manually graded written answer (markdown)."""
    cell = nbformat.v4.new_markdown_cell(text.strip("\n"),
                                         metadata=_nbg(grade_id, solution=True, grade=True, points=points))
    cell["_want_id"] = grade_id
    return cell


def normalize_nb(nb, prefix: str):
    """Clear outputs and widget state; give every cell a stable id."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = LANGUAGE_INFO
    used = set()
    for i, cell in enumerate(nb.cells):
        want = cell.pop("_want_id", None)
        if want is None:
            want = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if want is None:
            old = cell.get("id")
            want = old if old and old.startswith(prefix + "-") else f"{prefix}-{i}"
        base, n = want, 1
        while want in used:
            n += 1
            want = f"{base}-{n}"
        used.add(want)
        cell["id"] = want
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).pop("collapsed", None)
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def _save(nb, path: Path) -> Path:
    """Write ``nb`` as nbformat does (ending in exactly one newline, as ``course release`` writes notebooks)."""
    text = nbformat.writes(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


def write(path, cells, prefix: str | None = None):
    """Write ``cells`` as a normalised notebook at ``path``; returns the path."""
    path = Path(path)
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb = normalize_nb(nb, prefix or path.stem)
    nbformat.validate(nb)
    return _save(nb, path)


def normalize_file(path):
    path = Path(path)
    return _save(normalize_nb(nbformat.read(path, as_version=4), path.stem), path)


def build_cli(targets, argv=None, script: str | None = None) -> int:
    """The command line every ``tools/build_*.py`` shares: write its notebooks, or with ``--check`` report
    those whose committed file differs (byte for byte) from what the script builds now.

    ``targets``: ``(path, make_cells, prefix)`` triples; ``make_cells()`` returns the cells of ``path``.
    Returns the exit code (1: out of date)."""
    import tempfile

    argv = sys.argv[1:] if argv is None else list(argv)
    check = "--check" in argv
    root = Path(__file__).resolve().parents[1]
    name = Path(script).name if script else "the build script"
    stale = []
    for path, make_cells, prefix in targets:
        path = Path(path)
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        if check:
            with tempfile.TemporaryDirectory() as tmp:
                fresh = write(Path(tmp) / path.name, make_cells(), prefix=prefix).read_bytes()
            if not path.exists() or path.read_bytes() != fresh:
                stale.append(str(shown))
        else:
            write(path, make_cells(), prefix=prefix)
            print("wrote", shown)
    if stale:
        print(f"out of date (run .venv/bin/python tools/{name}):", *stale)
        return 1
    if check:
        print(f"{name}: the committed notebooks are its output")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] != "normalize":
        raise SystemExit("usage: python tools/nb.py normalize FILE.ipynb ...")
    for p in sys.argv[2:]:
        normalize_file(p)
        print("normalized", p)
