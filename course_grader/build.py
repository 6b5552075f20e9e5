"""``course build [--check] [UNIT...]``: write the course's notebooks from their MyST Markdown sources.

Every notebook has exactly one source under ``units/`` (jupytext's ``md:myst`` format)::

    units/01_perceptron/lecture.md      -> lectures/01_perceptron.ipynb
    units/01_perceptron/perceptron.md   -> solutions/01_perceptron/perceptron.ipynb   (nbgrader source)

The notebooks are written deterministically: outputs cleared, no widget state, nbformat 4.5, kernelspec
``python3``, and stable cell ids (a cell's nbgrader ``grade_id``, otherwise ``<notebook>-<n>``, ``n`` its
position), so a rebuild of an unchanged source gives the same bytes.  ``--check`` changes nothing: it lists
every notebook that differs from its source (or has no source) and exits 1.  ``course release`` then
regenerates ``exercises/`` from ``solutions/``.
"""
from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import config as cfgmod

UNITS_DIR = "units"
LECTURES_DIR = "lectures"
LECTURE_SOURCE = "lecture.md"
SOURCE_FORMAT = "md:myst"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "version": "3.11"}


class BuildError(ValueError):
    """A source that cannot be turned into a notebook."""


@dataclass(frozen=True)
class Source:
    """One Markdown source and the notebook it builds."""

    unit: str        # folder under units/, e.g. "01_perceptron"
    path: Path       # the .md source
    target: Path     # the .ipynb it builds
    prefix: str      # cell ids of cells without a grade_id: "<prefix>-<n>"


def sources(root: str | Path, units: list[str] | None = None, cfg=None) -> list[Source]:
    """The sources under ``units/`` (all, or those of the named units), in build order."""
    root = Path(root).resolve()
    solutions = cfgmod.Paths.of(root, cfg).source
    found = []
    for unit_dir in sorted(p for p in (root / UNITS_DIR).glob("*") if p.is_dir() and not p.name.startswith((".", "_"))):
        if units and unit_dir.name not in units:
            continue
        for md in sorted(unit_dir.glob("*.md"), key=lambda p: (p.name != LECTURE_SOURCE, p.name)):  # lecture first
            if md.name.lower() == "readme.md":
                continue
            if md.name == LECTURE_SOURCE:
                target, prefix = root / LECTURES_DIR / f"{unit_dir.name}.ipynb", unit_dir.name
            else:
                target, prefix = solutions / unit_dir.name / f"{md.stem}.ipynb", md.stem
            found.append(Source(unit_dir.name, md, target, prefix))
    return found


def _assign_ids(nb, prefix: str, where: str) -> None:
    grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("grade_id")]
    twice = sorted({g for g in grade_ids if grade_ids.count(g) > 1})
    if twice:
        raise BuildError(f"{where}: grade_id used by more than one cell: {', '.join(twice)}")
    used = set(grade_ids)
    for i, cell in enumerate(nb.cells):
        want = cell.metadata.get("nbgrader", {}).get("grade_id")
        if not want:
            want = base = f"{prefix}-{i}"
            n = 1
            while want in used:
                n += 1
                want = f"{base}-{n}"
            used.add(want)
        cell["id"] = want


def notebook_from_source(text: str, prefix: str, where: str = "<source>"):
    """The normalised notebook of a MyST Markdown source ``text``."""
    import jupytext

    try:
        parsed = jupytext.reads(text, fmt=SOURCE_FORMAT)
    except Exception as exc:  # jupytext raises many kinds (YAML, JSON, format errors)
        raise BuildError(f"{where}: not a valid MyST notebook: {exc}") from exc
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO)}
    makers = {"code": nbformat.v4.new_code_cell, "markdown": nbformat.v4.new_markdown_cell,
              "raw": nbformat.v4.new_raw_cell}
    for cell in parsed.cells:
        meta = {k: v for k, v in cell.metadata.items() if k not in ("execution", "collapsed", "scrolled")}
        nb.cells.append(makers[cell.cell_type](cell.source, metadata=meta))
    _assign_ids(nb, prefix, where)
    nb.nbformat, nb.nbformat_minor = 4, 5
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        raise BuildError(f"{where}: the notebook it builds is invalid: {exc}") from exc
    return nb


def notebook_bytes(nb) -> bytes:
    """The canonical serialisation (as ``course release`` writes notebooks): nbformat's plus a final newline."""
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def render(source: Source) -> bytes:
    """The bytes of the notebook ``source`` builds."""
    return notebook_bytes(notebook_from_source(source.path.read_text(encoding="utf-8"), source.prefix,
                                               where=str(source.path)))


def orphans(root: str | Path, built: list[Source], units: list[str] | None = None, cfg=None) -> list[Path]:
    """Notebooks under ``lectures/`` and the solution folders (of the selected units) that no source builds."""
    root = Path(root).resolve()
    solutions = cfgmod.Paths.of(root, cfg).source
    targets = {s.target for s in built}
    candidates = list((root / LECTURES_DIR).glob("*.ipynb")) + list(solutions.glob("*/*.ipynb"))
    out = []
    for path in sorted(candidates):
        unit = path.stem if path.parent.name == LECTURES_DIR else path.parent.name
        if units and unit not in units:
            continue
        if path not in targets and ".ipynb_checkpoints" not in path.parts:
            out.append(path)
    return out


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def build(root: str | Path, units: list[str] | None = None, check: bool = False, out=None) -> int:
    """Build (or, with ``check``, compare) the notebooks of the selected units; returns an exit code."""
    out = out if out is not None else sys.stdout
    root = Path(root).resolve()
    cfg = cfgmod.load_config(root)
    known = sorted({s.unit for s in sources(root, cfg=cfg)})
    unknown = [u for u in units or [] if u not in known]
    if unknown:
        print(f"course build: no sources for {', '.join(unknown)} in {UNITS_DIR}/ "
              f"(units: {', '.join(known) or 'none'})", file=sys.stderr)
        return 2
    selected = sources(root, units, cfg=cfg)
    problems: list[str] = []
    for src in selected:
        label = _rel(src.target, root)
        try:
            want = render(src)
        except BuildError as exc:
            problems.append(f"{label}: cannot build: {exc}")
            print(f"{label}: ERROR {exc}", file=out)
            continue
        have = src.target.read_bytes() if src.target.is_file() else None
        if want == have:
            print(f"{label}: up to date", file=out)
            continue
        if check:
            what = "missing" if have is None else f"differs from {_rel(src.path, root)}"
            problems.append(f"{label}: {what}")
            if have is not None:
                diff = list(difflib.unified_diff(have.decode("utf-8", "replace").splitlines(),
                                                 want.decode("utf-8").splitlines(), "committed", "source",
                                                 lineterm="", n=1))
                problems.extend("    " + d for d in diff[:12])
                if len(diff) > 12:
                    problems.append(f"    ... {len(diff) - 12} more diff lines")
            print(f"{label}: OUT OF DATE", file=out)
        else:
            src.target.parent.mkdir(parents=True, exist_ok=True)
            src.target.write_bytes(want)
            print(f"{label}: built from {_rel(src.path, root)}", file=out)
    for path in orphans(root, selected, units, cfg=cfg):
        problems.append(f"{_rel(path, root)}: no source in {UNITS_DIR}/ builds it (write one, or delete the notebook)")
    if problems:
        print("\nnotebooks out of date with their sources" + (" (run `course build`):" if check else ":"), file=out)
        for line in problems:
            print("  " + line, file=out)
        return 1
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("build", help="write lectures/ and solutions/ notebooks from their Markdown sources in units/",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("units", nargs="*", metavar="UNIT", help="unit folders under units/, e.g. 01_perceptron (default: all)")
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 and list every notebook that differs from its source")
    p.set_defaults(func=_run)


def _run(args) -> int:
    root = cfgmod.root_from_args(args)
    return build(root, args.units, check=args.check)
