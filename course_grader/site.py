"""``course site [--out DIR]``: the course website, built offline with Sphinx + myst-nb (Jupyter Book 1's engine).

What it builds (``make site`` writes ``_site/``)::

    index.html                    the course outline and how to start
    lectures/<unit>.html          every lecture, executed: its figures, typeset maths, a picture of each widget
    exercises/<unit>.html         what each exercise asks (from the released student notebooks in exercises/)
    api.html                      the course_utils reference, from its docstrings
    instructors.html              the instructor guide (README sections)

How:

1. Every lecture is built in memory from its source ``units/<unit>/lecture.md`` (``course build``'s own
   conversion) and executed headless (nbclient, two kernels at a time) with ``COURSE_STATIC_WIDGETS=1``, which
   makes every widget display a static picture of its figure (``course_utils/widgets/_base.py``). The executed
   notebook is cached in ``.site-cache/executed/`` under a key: a hash of the notebook, of every file of
   ``course_utils`` and of the versions of the packages that draw. An unchanged lecture is never run again;
   ``tests/test_lectures.py`` fills the same cache, so the test suite executes each lecture once.
2. The pages are written into ``.site-cache/book/`` (a file is rewritten only when its text changes, so Sphinx's
   incremental build reads only what changed), and Sphinx (``site/conf.py``: myst-nb with execution off,
   sphinx-book-theme) renders them into the output folder.
3. MathJax 3 comes from the npm registry's ``mathjax`` package (``npm pack``, integrity checked, cached in
   ``.site-cache/``) and is served from the site itself, like every theme asset: the site makes no request to
   another host (``tests/test_site.py`` checks this in a browser with every other request blocked).
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import build as buildmod
from . import config as cfgmod

CACHE_DIR = ".site-cache"
DEFAULT_OUT = "_site"
SITE_DIR = "site"                      # conf.py and _static/ (committed)
STATIC_ENV = "COURSE_STATIC_WIDGETS"   # read by course_utils.widgets._base.LiveWidget
MATHJAX_VERSION = "3.2.2"
MATHJAX_INTEGRITY = ("sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==")
MATHJAX_FILES = ("es5/tex-chtml-full.js", "es5/output/chtml/fonts/woff-v2/")
#: what an executed notebook depends on besides its own text (bump SCHEMA when execution changes)
SCHEMA = "site-exec-1"
KEY_PACKAGES = ("numpy", "matplotlib", "ipywidgets", "ipykernel", "nbclient")
CELL_TIMEOUT = 300
#: README sections that make the instructor guide, in order
INSTRUCTOR_SECTIONS = ("For instructors", "Make targets and `course` commands", "Running a large course")
#: markers that never appear on the site (solutions and hidden tests live in units/ and solutions/ only)
FORBIDDEN_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


class SiteError(RuntimeError):
    """The site cannot be built (a lecture fails, MathJax cannot be fetched, Sphinx fails)."""


# ---------------------------------------------------------------------------------------------- lectures
@dataclass
class Lecture:
    unit: str                 # "01_perceptron"
    source: Path              # units/01_perceptron/lecture.md
    text: bytes               # the notebook course build makes of it (outputs cleared)
    key: str = ""             # cache key of the executed notebook
    executed: object = None   # the executed nbformat notebook
    problems: list = field(default_factory=list)
    seconds: float = 0.0      # execution wall time (0 when cached)
    cached: bool = False


def lectures(root: str | Path) -> list[Lecture]:
    """Every lecture source under ``units/``, with the notebook it builds."""
    root = Path(root).resolve()
    found = []
    for src in buildmod.sources(root):
        if src.path.name == buildmod.LECTURE_SOURCE:
            found.append(Lecture(src.unit, src.path, buildmod.render(src)))
    return found


def _library_digest(root: Path) -> str:
    h = hashlib.sha256(SCHEMA.encode())
    for name in KEY_PACKAGES:
        try:
            h.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{name} missing\n".encode())
    lib = root / "course_utils"
    for path in sorted(p for p in lib.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(lib).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def problems_of(nb) -> list[str]:
    """Errors and stderr output of an executed notebook, one line each."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                out.append(f"cell {cell.get('id')}: {o.ename}: {o.evalue}")
            elif o.output_type == "stream" and o.name == "stderr":
                out.append(f"cell {cell.get('id')} wrote to stderr: {o.text.strip()[:300]}")
    return out


@contextlib.contextmanager
def _locked(cache: Path):
    """One build or execution at a time per cache folder (a test and ``make site`` may overlap)."""
    import fcntl

    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


async def _execute_one(lec: Lecture, cwd: Path, sem: asyncio.Semaphore, env: dict) -> None:
    from nbclient import NotebookClient

    async with sem:
        nb = nbformat.reads(lec.text.decode("utf-8"), as_version=4)
        client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=True,
                                store_widget_state=False, resources={"metadata": {"path": str(cwd)}})
        t0 = time.perf_counter()
        await client.async_execute(env=env)
        lec.seconds = time.perf_counter() - t0
        nb.metadata.pop("widgets", None)
        lec.executed = nb
        lec.problems = problems_of(nb)


def execute_lectures(root: str | Path, cache: str | Path | None = None, jobs: int = 2, only=None,
                     out=None) -> list[Lecture]:
    """Execute every lecture (or those whose unit is in ``only``) unless its cached copy is current.

    Returns the lectures with ``executed`` (the notebook with its outputs), ``problems`` (errors and stderr;
    a notebook with problems is not cached) and ``cached``.
    """
    root = Path(root).resolve()
    cache = Path(cache) if cache is not None else root / CACHE_DIR
    store = cache / "executed"
    lib = _library_digest(root)
    todo, done = [], []
    with _locked(cache):
        store.mkdir(parents=True, exist_ok=True)
        for lec in lectures(root):
            if only and lec.unit not in only:
                continue
            lec.key = hashlib.sha256(lib.encode() + lec.text).hexdigest()
            path, keyfile = store / f"{lec.unit}.ipynb", store / f"{lec.unit}.key"
            if path.is_file() and keyfile.is_file() and keyfile.read_text().strip() == lec.key:
                lec.executed = nbformat.read(path, as_version=4)
                lec.cached = True
                lec.problems = problems_of(lec.executed)
            else:
                todo.append(lec)
            done.append(lec)
        if todo:
            env = {**os.environ, STATIC_ENV: "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                   "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
            env.pop("COURSE_DIR", None)
            # the kernels import this course's course_utils (the one the cache key hashed)
            env["PYTHONPATH"] = os.pathsep.join([str(root), *[p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]])

            def last_seconds(lec):          # longest first (from the last run): two kernels finish together
                try:
                    return float((store / f"{lec.unit}.seconds").read_text())
                except (OSError, ValueError):
                    return float("inf")
            todo.sort(key=last_seconds, reverse=True)

            async def run_all():
                sem = asyncio.Semaphore(max(1, jobs))
                await asyncio.gather(*(_execute_one(lec, root / buildmod.LECTURES_DIR, sem, env) for lec in todo))

            asyncio.run(run_all())
            for lec in todo:
                if out is not None:
                    print(f"  executed {lec.unit} in {lec.seconds:.1f} s"
                          + (f": {len(lec.problems)} problem(s)" if lec.problems else ""), file=out)
                if not lec.problems:
                    nbformat.write(lec.executed, store / f"{lec.unit}.ipynb")
                    (store / f"{lec.unit}.key").write_text(lec.key + "\n")
                (store / f"{lec.unit}.seconds").write_text(f"{lec.seconds:.2f}\n")
    return done


# ---------------------------------------------------------------------------------------------- MathJax
def mathjax(cache: Path) -> Path:
    """The folder holding MathJax's ``tex-chtml-full.js`` and its fonts (fetched once with ``npm pack``)."""
    target = cache / f"mathjax-{MATHJAX_VERSION}"
    if (target / "tex-chtml-full.js").is_file():
        return target
    tgz = cache / f"mathjax-{MATHJAX_VERSION}.tgz"
    if not tgz.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise SiteError("MathJax is not cached and `npm` is not installed: install Node.js/npm, or put "
                            f"mathjax-{MATHJAX_VERSION}.tgz (`npm pack mathjax@{MATHJAX_VERSION}`) in {cache}/")
        run = subprocess.run([npm, "pack", f"mathjax@{MATHJAX_VERSION}", "--pack-destination", str(cache),
                              "--silent"], capture_output=True, text=True)
        if run.returncode != 0 or not tgz.is_file():
            raise SiteError(f"npm pack mathjax@{MATHJAX_VERSION} failed: {run.stderr.strip()[-500:]}")
    algo, _, want = MATHJAX_INTEGRITY.partition("-")
    have = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
    if have != want:
        tgz.unlink()
        raise SiteError(f"{tgz.name}: integrity check failed (got {algo}-{have})")
    tmp = cache / f"mathjax-{MATHJAX_VERSION}.part"
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tgz) as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if not member.isfile() or not any(name == f or (f.endswith("/") and name.startswith(f))
                                              for f in MATHJAX_FILES):
                continue
            dest = tmp / name.removeprefix("es5/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(tar.extractfile(member).read())
    if (cache / "package").exists():
        shutil.rmtree(cache / "package")
    (tmp / "LICENSE").write_text(f"MathJax {MATHJAX_VERSION} (Apache License 2.0), from the npm package "
                                 f"mathjax@{MATHJAX_VERSION}.\n")
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target


# ---------------------------------------------------------------------------------------------- pages
def _write_if_changed(path: Path, data: bytes | str, written: set) -> bool:
    data = data.encode("utf-8") if isinstance(data, str) else data
    written.add(path)
    if path.is_file() and path.read_bytes() == data:
        return False              # keep the mtime: Sphinx then does not read it again
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _sync_tree(src: Path, dest: Path, written: set) -> None:
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        _write_if_changed(dest / path.relative_to(src), path.read_bytes(), written)


def _title(text: str, default: str) -> str:
    m = re.search(r"^#\s+(.+?)\s*$", text, flags=re.M)
    return m.group(1) if m else default


def readme_section(readme: str, title: str) -> str:
    """The text of the README's ``## title`` section (without its heading), up to the next ``## ``."""
    m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", readme, flags=re.M | re.S)
    return m.group(1).strip() if m else ""


def _exercise_page(root: Path, unit: str) -> str | None:
    """What the exercise of ``unit`` asks: the released student notebooks' text and stubs, never tests."""
    paths = sorted((root / "exercises" / unit).glob("*.ipynb"))
    if not paths:
        return None
    parts = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        items = []
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and meta.get("points") and cell.cell_type == "code":
                items.append((meta.get("grade_id", "?"), meta["points"]))
        body = []
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            src = cell.source.rstrip()
            if not src:
                continue
            if cell.cell_type == "markdown":
                if meta.get("solution") and meta.get("grade"):
                    body.append(f"*A written answer ({meta.get('points', 0)} points, graded by hand): "
                                "write it in the notebook.*")
                else:
                    body.append(src)
            elif cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
                body.append("```python\n" + src + "\n```")       # the stub: signature, docstring, raise
        text = "\n\n".join(body)
        if not re.search(r"^# ", text, flags=re.M):
            text = f"# {path.stem}\n\n{text}"
        table = ""
        if items:
            rows = "\n".join(f"| `{g}` | {p:g} |" for g, p in items)
            table = (f"\n\n## Graded items\n\n| grade cell | points |\n|---|---|\n{rows}\n"
                     f"| **total** | **{sum(p for _, p in items):g}** |\n")
        notebook = f"exercises/{unit}/{path.name}"
        parts.append(f"{text}{table}\n\n```{{note}}\nOpen `{notebook}` in JupyterLab (`make lab`) to work on it; "
                     f"`course validate {notebook}` runs its visible tests.\n```\n")
    page = "\n\n".join(parts)
    for marker in FORBIDDEN_MARKERS:
        if marker in page:
            raise SiteError(f"exercises/{unit}: the released notebook contains '{marker}' (run `course release`)")
    return page


def _api_page(root: Path) -> str:
    import pkgutil

    lib = root / "course_utils"
    names = ["course_utils." + m.name for m in pkgutil.iter_modules([str(lib)]) if not m.name.startswith("_")]
    names = [n for n in names if n != "course_utils.widgets"]       # its functions: under their modules
    names += ["course_utils.widgets." + m.name for m in pkgutil.iter_modules([str(lib / "widgets")])
              if not m.name.startswith("_")]
    blocks = []
    for name in sorted(names):
        blocks.append(f"## `{name}`\n\n```{{eval-rst}}\n.. automodule:: {name}\n   :members:\n"
                      f"   :undoc-members: False\n```\n")
    return ("# The `course_utils` library\n\nThe NumPy reference library the lectures and exercises import, "
            "generated from its docstrings: each states the formula in the lectures' notation and the shapes "
            "(a batch is the rows of `X`, shape `(n, d)`; affine maps are `X @ W + b`; float64).\n\n"
            + "\n".join(blocks))


def _index_page(root: Path, lecs: list[Lecture], exercise_units: list[str], readme: str) -> str:
    rows = []
    for lec in lecs:
        title = _title(lec.source.read_text(encoding="utf-8"), lec.unit)
        ex = f"[exercise](exercises/{lec.unit}.md)" if lec.unit in exercise_units else ""
        rows.append(f"| [{title}](lectures/{lec.unit}.ipynb) | {ex} |")
    intro = readme.split("\n## ")[0]
    intro = re.sub(r"^# .*\n", "", intro).split("\n---")[0].strip()
    start = readme_section(readme, "For students")
    toc = ["```{toctree}", ":hidden:", ":caption: Lectures", ""] + [f"lectures/{lec.unit}" for lec in lecs] + ["```"]
    toc += ["", "```{toctree}", ":hidden:", ":caption: Exercises", ""] + [f"exercises/{u}" for u in exercise_units]
    toc += ["```", "", "```{toctree}", ":hidden:", ":caption: Reference", "", "api", "instructors", "```"]
    return "\n".join([
        "# Neural networks from scratch", "", intro, "",
        "## Course outline", "", "| lecture | exercise |", "|---|---|", *rows, "",
        "Every lecture page here was executed when the site was built: its figures are real output. Each live "
        "widget shows a picture of its initial state; open the lecture notebook in JupyterLab to move its "
        "controls.", "",
        "## How to start", "",
        "All you need is Python 3.11 and `make`: clone the course, then `make lab` creates `.venv`, installs the "
        "pinned packages and opens JupyterLab. Open `lectures/01_perceptron.ipynb` to begin, and work through "
        "`exercises/01_perceptron/perceptron.ipynb` next to it.", "",
        start, "",
        "The [library reference](api.md) documents `course_utils`; instructors start with the "
        "[instructor guide](instructors.md).", "",
        *toc, ""])


def _instructors_page(readme: str) -> str:
    parts = ["# Instructor guide", "",
             "How the course is built, released, checked and graded (from the course's README)."]
    for title in INSTRUCTOR_SECTIONS:
        text = readme_section(readme, title)
        if text:
            parts += ["", f"## {title}", "", text]
    parts += ["", "## The course website", "", readme_section(readme, "The course website") or
              "`make site` builds it into `_site/`; copy that folder to any static web host."]
    return "\n".join(parts) + "\n"


def write_book(root: Path, book: Path, lecs: list[Lecture], mathjax_dir: Path) -> bool:
    """Write (only what changed of) the Sphinx project: conf, static files, one page per lecture and unit.

    Returns whether ``conf.py`` changed (then every page must be read again).
    """
    written: set = set()
    conf = root / SITE_DIR / "conf.py"
    conf_changed = _write_if_changed(book / "conf.py", conf.read_bytes(), written)
    _sync_tree(root / SITE_DIR, book, written)
    _sync_tree(mathjax_dir, book / "_static" / "mathjax", written)
    readme = (root / "README.md").read_text(encoding="utf-8")
    for lec in lecs:
        _write_if_changed(book / "lectures" / f"{lec.unit}.ipynb", nbformat.writes(lec.executed) + "\n", written)
    exercise_units = []
    for lec_unit in sorted({p.parent.name for p in (root / "exercises").glob("*/*.ipynb")}):
        page = _exercise_page(root, lec_unit)
        if page:
            exercise_units.append(lec_unit)
            _write_if_changed(book / "exercises" / f"{lec_unit}.md", page, written)
    _write_if_changed(book / "index.md", _index_page(root, lecs, exercise_units, readme), written)
    _write_if_changed(book / "api.md", _api_page(root), written)
    _write_if_changed(book / "instructors.md", _instructors_page(readme), written)
    for path in sorted(p for p in book.rglob("*") if p.is_file()):
        if path not in written:
            path.unlink()                                            # a lecture or unit that is gone
    return conf_changed


# ---------------------------------------------------------------------------------------------- build
def _mirror(src: Path, dest: Path) -> None:
    """Make ``dest`` a copy of ``src``: copy new and changed files, delete the ones ``src`` no longer has."""
    want = {p.relative_to(src) for p in src.rglob("*") if p.is_file() and p.name != ".buildinfo"}
    if dest.exists():
        for p in sorted(dest.rglob("*"), reverse=True):
            rel = p.relative_to(dest)
            if p.is_file() and rel not in want:
                p.unlink()
            elif p.is_dir() and not any(p.iterdir()):
                p.rmdir()
    for rel in sorted(want):
        a, b = src / rel, dest / rel
        sa = a.stat()
        if b.is_file():
            sb = b.stat()
            if sb.st_size == sa.st_size and int(sb.st_mtime) == int(sa.st_mtime):
                continue
        b.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(a, b)


def build_site(root: str | Path, out: str | Path | None = None, cache: str | Path | None = None,
               jobs: int = 2, stream=None) -> int:
    """Build the site into ``out`` (default ``_site/``); returns an exit code."""
    stream = stream if stream is not None else sys.stdout
    root = Path(root).resolve()
    out = Path(out).resolve() if out is not None else root / DEFAULT_OUT
    cache = Path(cache).resolve() if cache is not None else root / CACHE_DIR
    t0 = time.perf_counter()
    lecs = execute_lectures(root, cache, jobs=jobs, out=stream)
    bad = [lec for lec in lecs if lec.problems]
    if bad:
        for lec in bad:
            print(f"course site: lecture {lec.unit} does not run cleanly:", file=sys.stderr)
            for line in lec.problems:
                print("  " + line, file=sys.stderr)
        return 1
    t1 = time.perf_counter()
    with _locked(cache):
        try:
            mj = mathjax(cache)
        except SiteError as exc:
            print(f"course site: {exc}", file=sys.stderr)
            return 1
        book = cache / "book"
        fresh = write_book(root, book, lecs, mj)
        html = cache / "html"     # myst-nb writes into html/../jupyter_execute: keep both in the cache
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", *(["-E"] if fresh else []),
               "-d", str(cache / "doctrees"), str(book), str(html)]
        env = {**os.environ, "COURSE_SITE_ROOT": str(root), "PYTHONPATH": os.pathsep.join(
            [str(root), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]])}
        run = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
        warnings = [line for line in (run.stderr or "").splitlines() if line.strip()]
        if run.returncode != 0:
            print("\n".join(warnings[-40:]), file=sys.stderr)
            print(f"course site: sphinx failed (exit {run.returncode})", file=sys.stderr)
            return 1
        _mirror(html, out)
    n_cached = sum(lec.cached for lec in lecs)
    print(f"course site: {len(lecs)} lectures ({n_cached} from the cache, executed in {t1 - t0:.1f} s), "
          f"pages in {time.perf_counter() - t1:.1f} s -> {out}"
          + (f" ({len(warnings)} Sphinx warning line(s))" if warnings else ""), file=stream)
    for line in warnings[:20]:
        print("  " + line, file=stream)
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("site", help="build the course website (static HTML, works offline) into _site/",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("--out", default=None, help=f"output folder (default: {DEFAULT_OUT}/ in the course folder)")
    p.add_argument("--jobs", type=int, default=2, help="lectures executed at a time (default 2)")
    p.add_argument("--cache", default=None, help=f"cache folder (default: {CACHE_DIR}/ in the course folder)")
    p.set_defaults(func=_run)


def _run(args) -> int:
    root = cfgmod.root_from_args(args)
    return build_site(root, args.out, args.cache, jobs=args.jobs)
