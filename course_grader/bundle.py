"""``course bundle --out DIR``: the student distribution of the course.

``DIR`` receives exactly what a student needs and nothing an instructor must keep:

* ``lectures/`` and ``exercises/`` (the released assignments, with their data files);
* ``course_utils/`` (the library and the widgets; never the grader ``course_grader``);
* ``constraints.txt``, ``LICENSE`` and ``nbgrader_config.py`` (nbgrader's student extensions read it; it holds
  paths and timeouts, no answers), and set-up files written for students (:func:`student_setup`): a
  ``pyproject.toml`` that installs ``course_utils`` with JupyterLab and nbgrader, a ``Makefile`` whose
  ``make lab`` sets up ``.venv`` and opens JupyterLab, an ``environment.yml`` for conda, and ``.jupyter/``, the
  JupyterLab configuration ``make lab`` points JupyterLab at: nbgrader's student parts only (assignment list,
  validate), its instructor parts (Create Assignment, Formgrader, course list) disabled, no news pop-up;
* a ``README.md`` written for students (set-up, the units, how to check and submit an exercise), showing
  ``img/lecture-widget.png``, a screenshot of a lecture with a widget (``docs/img/lecture-widget.png``, which
  the browser test takes).

Never copied: ``solutions/``, ``tests/`` (planted mistakes), the gradebook, ``submitted/``, ``autograded/``,
``feedback/``, the nbgrader exchange, ``units/`` (the Markdown sources), ``course_grader/``, caches. After copying, :func:`find_leaks` inspects every file
of the bundle and the command fails (exit 1, bundle removed) if any of these is found: a path from the list
above, an SQLite database, a copy of a ``solutions/`` notebook, the text of any ``### BEGIN SOLUTION`` or
``### BEGIN HIDDEN TESTS`` block of ``solutions/`` (or of a written answer's model solution), or an nbgrader
delimiter in a notebook.

One overlap is reported but allowed: a module of ``course_utils`` that defines a graded function in the very
words of that function's solution block (e.g. a two-line ``xavier_init``). The library is part of the course
by design; grade cells give zero to answers that call it (``ck.not_delegated``).
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: top-level files copied when present (the other set-up files are written for students: student_setup)
SETUP_FILES = ["constraints.txt", "LICENSE", "nbgrader_config.py"]
#: folder names that are never part of a bundle, at any depth
FORBIDDEN_DIRS = {"solutions", "source", "tests", "submitted", "autograded", "feedback", "exchange", "downloaded",
                  "release", ".git", ".venv", "tools", "benchmarks", "demo", "reports", "units", "course_grader"}
#: nbgrader's instructor parts, disabled in the student's JupyterLab (nbgrader's documentation: "disable ... for
#: students"); the assignment list and validate extensions stay
INSTRUCTOR_LAB_PLUGINS = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                          "@jupyter/nbgrader:course-list"]
INSTRUCTOR_SERVER_EXTENSIONS = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]
#: what students need of the grader's dependencies: JupyterLab and nbgrader's student extensions
STUDENT_EXTRAS = ("jupyterlab", "nbgrader")

STUDENT_MAKEFILE = """\
# Neural networks from scratch, the student folder.  `make lab` sets everything up and opens JupyterLab.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
# JupyterLab reads this folder's .jupyter/: nbgrader's student tools only, no news pop-up
export JUPYTER_CONFIG_DIR := $(CURDIR)/.jupyter
export JUPYTERLAB_SETTINGS_DIR := $(CURDIR)/.jupyter/lab/user-settings

.PHONY: lab venv validate clean

lab: venv  ## set up .venv (first time only) and open JupyterLab on the course
\t$(BIN)/jupyter lab --notebook-dir=. --ServerApp.port=$(PORT) $(ALLOW_ROOT)

venv: $(VENV)/.stamp

$(VENV)/.stamp: pyproject.toml constraints.txt
\ttest -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
\t$(BIN)/python -m pip install --quiet --upgrade pip
\t$(BIN)/python -m pip install --quiet -c constraints.txt -e .
\t@touch $@

validate: venv  ## check a notebook before you submit: make validate NB=exercises/01_perceptron/perceptron.ipynb
\t$(BIN)/nbgrader validate $(NB)

clean:  ## remove the environment
\trm -rf $(VENV)
"""
#: the README's picture of a lecture with a widget (written by tests/browser/test_widget_layout.py), and where
#: the bundle keeps it
SCREENSHOT, BUNDLE_SCREENSHOT = "docs/img/lecture-widget.png", "img/lecture-widget.png"
#: file-name patterns never part of a bundle
FORBIDDEN_FILES = re.compile(r"(^gradebook.*|.*\.db|.*\.db-journal|.*\.sqlite3?|\.nbgrader\.log|grades\.csv)$")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo", ".ipynb_checkpoints", "*.egg-info", ".DS_Store",
                                "gradebook*", "*.db", "*.db-journal", ".nbgrader.log")
DELIMITERS = ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]
#: a secret block shorter than this (normalised) is too generic to search for (e.g. ``return a + b``)
MIN_SECRET = 30


def _norm(text: str) -> str:
    """Whitespace-insensitive form: stripped lines, blank lines dropped."""
    return "\n".join(s for line in text.splitlines() if (s := line.strip()))


def _cell_source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _secret_records(solutions: Path) -> list[tuple[str, str, str, str]]:
    """``(where, normalised text, grade_id, kind)`` with kind "solution" or "hidden"."""
    out = []
    for nb_path in sorted(solutions.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in nb_path.parts:
            continue
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            src = _cell_source(cell)
            gid = meta.get("grade_id", cell.get("id", "?"))
            where = f"{nb_path.relative_to(solutions.parent)} [{gid}]"
            found = False
            for begin, end, kind in (("BEGIN SOLUTION", "END SOLUTION", "solution"),
                                     ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "hidden")):
                for m in re.finditer(rf"^[^\n]*{begin}[^\n]*\n(.*?)^[^\n]*{end}", src, flags=re.M | re.S):
                    found = True
                    label = "solution block" if kind == "solution" else "hidden tests block"
                    out.append((f"{where} {label}", _norm(m.group(1)), gid, kind))
            if meta.get("solution") and not found:
                out.append((f"{where} solution cell", _norm(src), gid, "solution"))
    return [r for r in out if r[1]]


def secret_blocks(solutions: Path) -> list[tuple[str, str]]:
    """``(where, normalised text)`` of every solution and hidden-test block of the notebooks in ``solutions``.

    A solution cell without delimiters (e.g. a written answer's model solution) is secret as a whole.
    """
    return [(w, t) for w, t, _, _ in _secret_records(solutions)]


def _text_of(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if b"\0" in raw[:4096]:
        return None
    text = raw.decode("utf-8", errors="replace")
    if path.suffix == ".ipynb":
        try:
            nb = json.loads(text)
            return "\n".join(_cell_source(c) for c in nb.get("cells", [])) + "\n" + text
        except ValueError:
            pass
    return text


@dataclass
class Leaks:
    """What :func:`find_leaks` found (each a list of human-readable lines)."""

    paths: list[str] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)
    solution_files: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    delimiters: list[str] = field(default_factory=list)
    #: not leaks (``bool(leaks)`` ignores them): the reference library ``course_utils`` implements a graded
    #: function in the very words of its solution block (students receive the library by design; the grade
    #: cells' ``ck.not_delegated`` forbids calling it, copying it is an academic-integrity matter)
    library_overlaps: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any((self.paths, self.databases, self.solution_files, self.blocks, self.delimiters))

    def lines(self) -> list[str]:
        out = []
        for label, items in (("forbidden path", self.paths), ("database", self.databases),
                             ("copy of a solutions/ file", self.solution_files),
                             ("secret text", self.blocks), ("nbgrader delimiter in a notebook", self.delimiters)):
            out += [f"{label}: {item}" for item in items]
        return out


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_leaks(bundle: str | Path, solutions: str | Path, exercises: str | Path | None = None) -> Leaks:
    """Inspect every file of ``bundle`` for anything that reveals ``solutions``.

    Parameters
    ----------
    bundle : path
        The student distribution to inspect.
    solutions : path
        The nbgrader source folder (solutions and hidden tests).
    exercises : path, optional
        The release folder: data files nbgrader releases unchanged (present in both) are allowed.
    """
    bundle, solutions = Path(bundle), Path(solutions)
    leaks = Leaks()
    released = {_sha(p) for p in Path(exercises).rglob("*") if p.is_file()} if exercises else set()
    solution_hashes = {}
    for p in solutions.rglob("*"):
        if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts:
            h = _sha(p)
            if h not in released:
                solution_hashes[h] = p.relative_to(solutions.parent).as_posix()
    secrets = [r for r in _secret_records(solutions) if len(r[1]) >= MIN_SECRET]
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        rel = path.relative_to(bundle).as_posix()
        if FORBIDDEN_DIRS & set(path.relative_to(bundle).parts[:-1]) or FORBIDDEN_FILES.match(path.name):
            leaks.paths.append(rel)
        with open(path, "rb") as fh:
            if fh.read(16) == b"SQLite format 3\x00":
                leaks.databases.append(rel)
        h = _sha(path)
        if h in solution_hashes:
            leaks.solution_files.append(f"{rel} = {solution_hashes[h]}")
        text = _text_of(path)
        if text is None:
            continue
        norm = _norm(text)
        in_library = rel.startswith("course_utils/") and path.suffix == ".py"
        for where, secret, gid, kind in secrets:
            if secret in norm:
                if kind == "solution" and in_library and re.search(rf"^\s*def {re.escape(gid)}\(", text, re.M):
                    leaks.library_overlaps.append(f"{rel} implements {gid} exactly as {where}")
                else:
                    leaks.blocks.append(f"{rel} contains {where}")
        if path.suffix == ".ipynb":
            for d in DELIMITERS:
                if d in text:
                    leaks.delimiters.append(f"{rel}: {d!r}")
    return leaks


def _first_heading(nb_path: Path) -> str:
    try:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _cell_source(cell).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def _points(nb_path: Path) -> float:
    try:
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0.0
    return sum(float(c.get("metadata", {}).get("nbgrader", {}).get("points", 0) or 0)
               for c in nb.get("cells", []) if c.get("metadata", {}).get("nbgrader", {}).get("grade"))


def student_setup(root: Path) -> dict[str, str]:
    """The set-up files written for students: ``{relative path: text}``.

    ``pyproject.toml`` installs ``course_utils`` only (the course's base dependencies plus JupyterLab and nbgrader
    for its student extensions; no ``course`` command, no grader), ``Makefile`` and ``environment.yml`` set up
    and open JupyterLab, and ``.jupyter/`` disables nbgrader's instructor parts.
    """
    import tomllib

    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    grader = project.get("optional-dependencies", {}).get("grader", [])
    deps = list(project["dependencies"]) + [d for d in grader
                                            if re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0] in STUDENT_EXTRAS]
    dep_lines = "".join(f'    "{d}",\n' for d in deps)
    pyproject = (
        "[build-system]\n"
        'requires = ["setuptools>=77", "wheel"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        "[project]\n"
        f'name = "{project["name"]}"\n'
        f'version = "{project["version"]}"\n'
        f'description = "{project.get("description", "")}"\n'
        f'requires-python = "{project.get("requires-python", ">=3.11")}"\n'
        f"dependencies = [\n{dep_lines}]\n\n"
        "[tool.setuptools]\ninclude-package-data = true\n\n"
        '[tool.setuptools.packages.find]\ninclude = ["course_utils*"]\n\n'
        "[tool.setuptools.package-data]\n"
        'course_utils = ["datasets/*.npz", "datasets/*.sha256", "datasets/*.md", "py.typed"]\n')
    files = {"pyproject.toml": pyproject, "Makefile": STUDENT_MAKEFILE,
             ".jupyter/jupyter_server_config.json": json.dumps(
                 {"ServerApp": {"jpserver_extensions": {e: False for e in INSTRUCTOR_SERVER_EXTENSIONS}}},
                 indent=2) + "\n",
             ".jupyter/labconfig/page_config.json": json.dumps(
                 {"disabledExtensions": {p: True for p in INSTRUCTOR_LAB_PLUGINS}}, indent=2) + "\n",
             ".jupyter/lab/user-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                 json.dumps({"fetchNews": "false", "checkForUpdates": False}, indent=2) + "\n"}
    env = root / "environment.yml"
    if env.is_file():
        keep = []
        for line in env.read_text(encoding="utf-8").splitlines():
            item = line.strip().removeprefix("- ").strip()
            if item.startswith("-e "):
                line = line.replace(item, "-e .")
            elif re.split(r"[=<> ]", item, maxsplit=1)[0] in ("pytest", "pytest-xdist", "scikit-learn",
                                                              "playwright", "psycopg2-binary", "jupytext"):
                continue
            keep.append(line)
        text = "\n".join(keep) + "\n"
        files["environment.yml"] = text.replace(
            "conda activate nn-course\n",
            "conda activate nn-course\n#   then, for the student set-up of JupyterLab: JUPYTER_CONFIG_DIR=$PWD/.jupyter jupyter lab\n", 1)
    return files


def student_readme(out: Path) -> str:
    """The README.md for students, listing the lectures and exercises present in the bundle ``out``."""
    lectures = sorted((out / "lectures").glob("*.ipynb")) if (out / "lectures").is_dir() else []
    exercises = sorted(p for p in (out / "exercises").glob("*/*.ipynb")) if (out / "exercises").is_dir() else []
    lines = [
        "# Neural networks from scratch: your course folder",
        "",
        "Welcome! This folder holds everything you need for the course on feed-forward neural networks: the",
        "lecture notebooks, your exercises, and `course_utils`, the small NumPy library the lectures build on.",
        "",
        "## Set up (once)",
        "",
        "You need Python 3.11 and `make` (Linux, macOS, or Windows with WSL). In this folder run",
        "",
        "    make lab",
        "",
        "The first time, this creates a private environment in `.venv/` with the exact package versions of",
        "`constraints.txt` (a few minutes); then, and every later time, it opens JupyterLab on the course.",
        "Prefer conda? `conda env create -f environment.yml && conda activate nn-course && JUPYTER_CONFIG_DIR=$PWD/.jupyter jupyter lab`.",
        "",
    ]
    if (out / BUNDLE_SCREENSHOT).is_file():
        lines += [
            "## What a lecture looks like",
            "",
            f"![A lecture in JupyterLab: the file browser, the lecture's text, and a live widget]({BUNDLE_SCREENSHOT})",
            "",
            "A lecture open in JupyterLab (unit 4): the file browser on the left, the lecture's text and code, and",
            "under a code cell a live widget. Its sliders, menus and buttons change the data, the network and the",
            "training, and the pictures follow as you move them.",
            "",
        ]
    lines += [
        "## How to work",
        "",
        "1. Read and run a lecture in `lectures/`, top to bottom. Play with the widgets: they are there to build",
        "   intuition (what does a learning rate that is too large actually do?).",
        "2. Open the matching exercise in `exercises/`. Replace each `raise NotImplementedError()` with your own",
        "   code and run the test cell below it: it tells you what is wrong, often with a hint",
        "   (\"2.0 times too large: did you forget to average over the batch?\").",
        "3. Before submitting, check the whole notebook: the *Validate* button in the notebook's toolbar, or from a",
        "   terminal in this folder",
        "",
        "       make validate NB=exercises/01_perceptron/perceptron.ipynb",
        "",
        "   It runs the notebook from scratch and shows every test that fails, with its message.",
        "   When your work is graded, hidden tests check more cases (edge cases, shapes, other random inputs),",
        "   so passing the visible tests is necessary but not always sufficient: test your functions yourself.",
        "",
        "## Rules of the game",
        "",
        "- Write your own code in the answer cells. Calling the library's reference implementation of the",
        "  function you are asked to write (e.g. `course_utils.activations.sigmoid` inside your `sigmoid`) earns",
        "  zero for that question, and so does changing the checking tools. The library's source is there to",
        "  learn from once you have tried; pasting it into an answer is not your own work either.",
        "- Do not delete, copy or re-type the given cells, and keep the notebook's file name: the grader finds",
        "  your answers by the cells' hidden ids and the notebook's name.",
        "- Submit the notebook file itself (e.g. `perceptron.ipynb`) the way your instructor asks you to.",
        "",
    ]
    if lectures:
        lines += ["## Lectures", ""]
        lines += [f"- `lectures/{p.name}`" + (f": {t}" if (t := _first_heading(p)) else "") for p in lectures]
        lines.append("")
    if exercises:
        lines += ["## Exercises", "", "| assignment | notebook | points |", "|---|---|---|"]
        for p in exercises:
            pts = _points(p)
            lines.append(f"| {p.parent.name} | `exercises/{p.parent.name}/{p.name}` | {pts:g} |")
        lines.append("")
    lines += ["## What is in this folder", "",
              "| path | what |", "|---|---|",
              "| `lectures/` | the lecture notebooks |",
              "| `exercises/` | your assignments (with their data files) |",
              "| `course_utils/` | the course library and its widgets |",
              *(["| `img/` | the picture above |"] if (out / BUNDLE_SCREENSHOT).is_file() else []),
              "| `Makefile`, `pyproject.toml`, `constraints.txt`, `environment.yml`, `.jupyter/` | set-up "
              "(use `make lab`) |",
              "", "The course material is released under the licence in `LICENSE`.", ""]
    return "\n".join(lines)


class BundleError(RuntimeError):
    """The bundle could not be built, or would leak."""


def build_bundle(root, out, *, force: bool = False, config=None, notes: list | None = None) -> tuple[Path, list[str]]:
    """Write the student distribution of the course at ``root`` into ``out``; returns ``(out, files)``.

    ``notes``, if given, receives :attr:`Leaks.library_overlaps` (reported, not fatal).

    Raises
    ------
    BundleError
        ``out`` exists and is not empty (without ``force``), lies inside a forbidden folder, or the finished
        bundle leaks (then it is removed).
    """
    from course_grader.config import Paths, load_config

    root = Path(root).resolve()
    out = Path(out).resolve()
    cfg = load_config(root) if config is None else config
    paths = Paths.of(root, cfg)
    if out == root or root in out.parents and out.relative_to(root).parts[0] in (
            "lectures", "exercises", "course_utils", paths.source.name):
        raise BundleError(f"choose an output folder outside the course's content folders, not {out}")
    if out.exists() and any(out.iterdir()):
        if not force:
            raise BundleError(f"{out} exists and is not empty (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, src in (("lectures", root / "lectures"), ("exercises", paths.release),
                      ("course_utils", root / "course_utils")):
        if src.is_dir():
            shutil.copytree(src, out / name, ignore=IGNORE)
    for name in SETUP_FILES:
        if (root / name).is_file():
            shutil.copy2(root / name, out / name)
    for name, text in student_setup(root).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    if (root / SCREENSHOT).is_file():
        (out / BUNDLE_SCREENSHOT).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / SCREENSHOT, out / BUNDLE_SCREENSHOT)
    (out / "README.md").write_text(student_readme(out), encoding="utf-8")
    leaks = find_leaks(out, paths.source, paths.release)
    if leaks:
        shutil.rmtree(out)
        raise BundleError("the bundle would reveal solutions; nothing written:\n  " + "\n  ".join(leaks.lines()))
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    if notes is not None:
        notes.extend(leaks.library_overlaps)
    return out, files


def run(args) -> int:
    from course_grader.config import CourseNotFoundError, root_from_args

    try:
        notes: list[str] = []
        out, files = build_bundle(root_from_args(args), args.out, force=args.force, notes=notes)
    except (CourseNotFoundError, BundleError) as exc:
        print(f"course bundle: {exc}", file=sys.stderr)
        return 1
    top = sorted({f.split("/", 1)[0] for f in files})
    print(f"wrote the student bundle to {out}: {len(files)} files ({', '.join(top)})")
    print("  checked: no solutions, hidden tests, planted mistakes or gradebook inside")
    for note in notes:
        print(f"  note: the reference library {note} (students receive course_utils by design; "
              f"grade cells reject answers that call it)")
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "bundle", help="the student distribution (lectures, exercises, course_utils, set-up, README); no answers",
        description="Copy lectures/, exercises/, course_utils/ and the set-up files into DIR with a README for "
                    "students, then inspect every file: no solutions/, tests/, gradebook, submissions, "
                    "feedback or exchange, and no text of any solution or hidden-test block may be inside "
                    "(else nothing is written and the command exits 1).")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write (created; must be empty)")
    p.add_argument("--force", action="store_true", help="replace DIR if it is not empty")
    p.set_defaults(func=run)
