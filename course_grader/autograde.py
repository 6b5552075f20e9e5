"""``course autograde ASSIGNMENT... | --all [--student ID] [--jobs N|auto]``: grade submissions with the real nbgrader.

Several assignments (or ``--all``: every one with submissions) are graded in one pass over one worker pool.

Design (parallel without SQLite lock errors, and the first step of a sandbox):

1. The parent (re)creates the assignment in the course gradebook from ``solutions/`` (so autograding never
   depends on a gradebook left behind by ``course release``) and builds a *snapshot* gradebook, a fresh SQLite
   file holding only the assignment (with the course gradebook's due date).
2. A pool of worker processes (``--jobs``) grades one student at a time each.  A worker builds a fresh
   temporary course folder holding only that student's submitted files, the assignment's data files (the
   non-notebook files of ``solutions/<assignment>/``, never a notebook) and a copy of the snapshot gradebook,
   and runs nbgrader's own ``Autograde`` converter there (its preprocessors sanitise, execute and score).
   A submission nbgrader cannot run at all (corrupt or empty JSON, notebook missing or renamed, the kernel
   killed) is recorded as zero for its cells, with the reason.  Submitted files are only ever read.
3. The parent merges each result into the course gradebook *sequentially* through nbgrader's ``Gradebook``
   API and copies the autograded notebooks into ``autograded/<student>/<assignment>/``.

Workers run in their own process group: a worker stuck past the wall-clock budget
(``c.Course.notebook_timeout`` per notebook) is killed with its kernel, the student scores zero with that
reason, and a fresh worker takes over.  The command exits non-zero only when the grader itself failed.
"""
from __future__ import annotations

import sys

# jsonschema (imported by nbformat, nbgrader) builds ~40 lark grammars from the optional package rfc3987_syntax
# at import time: 0.7-2 s in every grading process, for an "iri" format check nbformat never uses
sys.modules.setdefault("rfc3987_syntax", None)


def light_nbgrader() -> None:
    """Import nbgrader without what grading never uses: a fifth of its import time (~0.25 s per process).

    ``import nbgrader`` runs the package's ``__init__``, which loads its Jupyter server extensions (jupyter_server,
    tornado's web framework, the exchange, prometheus), and ``nbgrader.utils`` imports setuptools (with
    pkg_resources) for ``unpack_archive``, which only ``nbgrader zip_collect`` calls.  Here the package is
    registered without running its ``__init__`` (its submodules import as usual; ``__version__`` is set), and
    ``setuptools.archive_util`` is a stand-in whose three functions import the real module on first call.
    Nothing changes once nbgrader has been imported the usual way (this process then keeps it)."""
    import importlib.util
    import types

    if "nbgrader" not in sys.modules:
        spec = importlib.util.find_spec("nbgrader")
        if spec is None or not spec.submodule_search_locations:
            return
        module = importlib.util.module_from_spec(spec)   # __path__, __file__, __spec__; __init__ not run
        sys.modules["nbgrader"] = module
        try:
            from nbgrader._version import __version__
            module.__version__ = __version__
        except Exception:   # pragma: no cover - a broken install: import it the usual way
            del sys.modules["nbgrader"]
            return
    if "setuptools.archive_util" not in sys.modules and "nbgrader.utils" not in sys.modules:
        stand_in = types.ModuleType("setuptools.archive_util")

        def real():
            import importlib

            if sys.modules.get("setuptools.archive_util") is stand_in:
                del sys.modules["setuptools.archive_util"]
            return importlib.import_module("setuptools.archive_util")

        def deferred(name):
            def call(*args, **kwargs):
                return getattr(real(), name)(*args, **kwargs)
            call.__name__ = name
            return call

        for name in ("unpack_archive", "unpack_tarfile", "unpack_zipfile"):
            setattr(stand_in, name, deferred(name))
        def anything_else(name):   # the real module's other names (the import system's dunder probes: none)
            if name.startswith("__"):
                raise AttributeError(name)
            return getattr(real(), name)

        stand_in.__getattr__ = anything_else
        sys.modules["setuptools.archive_util"] = stand_in
    # nbconvert's package __init__ (and that of its exporters, and nbgrader.converters') imports every exporter:
    # HTML, LaTeX, PDF, slides, with Markdown parsers, Jinja templates and a web server (~0.15 s), where grading
    # needs the notebook exporter alone.  Their __init__s run on the first name they lack (full nbconvert then).
    if _deferred_init("nbconvert", allowed=("_version", "exporters", "preprocessors", "writers", "utils")):
        _deferred_init("nbconvert.exporters", ("exporter", "notebook"), allowed=("exporter", "notebook"))
    if "nbgrader" in sys.modules:
        _deferred_init("nbgrader.converters", allowed=("base", "autograde", "generate_assignment"))


#: packages registered by :func:`_deferred_init` whose ``__init__`` has not run yet: name -> run it
_DEFERRED: dict = {}
#: their submodules that may be imported before it runs (any other runs it first, as a normal import would)
_ALLOWED: dict = {}


class _DeferredInitFinder:
    """On the import of a submodule a deferred package does not allow yet, run the package's ``__init__`` first,
    so that its modules import in their usual order (nbconvert's exporters need its filters imported first)."""

    @staticmethod
    def find_spec(fullname, path=None, target=None):
        for name in [n for n in _DEFERRED if fullname.startswith(n + ".")]:
            if fullname[len(name) + 1:].split(".")[0] not in _ALLOWED.get(name, ()) and name in _DEFERRED:
                _DEFERRED[name]()
        module = sys.modules.get(fullname)
        if module is None:
            return None   # the usual finders import it
        # that __init__ imported it: hand the same module back (the import system would run it a second time)
        import importlib.machinery

        original = getattr(module, "__spec__", None)
        spec = importlib.machinery.ModuleSpec(fullname, _Imported(module, original),
                                              origin=getattr(original, "origin", None))
        if original is not None:
            spec.submodule_search_locations = original.submodule_search_locations
            spec.has_location, spec.cached = original.has_location, original.cached
        module.__spec__ = spec   # (what the import system reads back for a module imported meanwhile)
        return spec


class _Imported:
    """The loader of a module already imported: creates nothing, runs nothing, puts its own spec back."""

    def __init__(self, module, original_spec):
        self.module, self.original_spec = module, original_spec

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        if self.original_spec is not None:
            module.__spec__ = self.original_spec


def _deferred_init(name: str, submodules=(), allowed=()) -> bool:
    """Register package ``name`` without running its ``__init__``: its ``allowed`` submodules import as usual;
    the first attribute it lacks, or the import of any other submodule (:class:`_DeferredInitFinder`), runs the
    real ``__init__`` first, so ``from package import Name`` and every other import work as always.  The public
    names of ``submodules`` are set on it at once.  False if the package is imported already (or not found)."""
    import importlib
    import importlib.util

    if name in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):   # pragma: no cover
        return False
    if spec is None or not spec.submodule_search_locations or spec.loader is None:
        return False
    module = importlib.util.module_from_spec(spec)
    parent, _, child = name.rpartition(".")

    def run_init():
        # a parent package deferred too runs first (its __init__ imports this one, as in a normal import)
        if parent in _DEFERRED:
            _DEFERRED[parent]()
        if name in _DEFERRED:
            del _DEFERRED[name]
            del module.__getattr__
            spec.loader.exec_module(module)

    def real_init(attr):
        if attr.startswith("__") and attr != "__all__":   # the import system's probes
            raise AttributeError(attr)
        run_init()
        try:
            return module.__dict__[attr]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}") from None

    _DEFERRED[name] = run_init
    _ALLOWED[name] = frozenset(allowed)
    if not any(isinstance(f, _DeferredInitFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _DeferredInitFinder())
    module.__getattr__ = real_init
    sys.modules[name] = module
    if parent:
        setattr(sys.modules[parent], child, module)
    try:
        for sub in submodules:
            m = importlib.import_module(f"{name}.{sub}")
            for key, value in vars(m).items():   # what the submodule defines (not what it imports)
                if not key.startswith("_") and getattr(value, "__module__", None) == m.__name__:
                    module.__dict__.setdefault(key, value)
    except Exception:   # pragma: no cover - a layout this does not know: import the package the usual way
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
        _DEFERRED.pop(name, None)
        return False
    return True


light_nbgrader()

import contextlib
import json
import copy
import multiprocessing as mp
import os
import shutil
import signal
import tempfile
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from . import config as cfgmod
from . import sandbox as sbx
from .notebooks import precheck as _precheck, short as _short

#: status of a graded student
GRADED, BROKEN, ERROR = "graded", "broken", "error"


@dataclass
class StudentResult:
    """The outcome of grading one student's submission of one assignment."""

    student: str
    assignment: str
    status: str = GRADED                 # graded | broken (submission unusable, scored zero) | error (grader failed)
    score: float = 0.0                   # total score in the gradebook (auto + manual so far)
    max_score: float = 0.0               # the assignment's maximum (written answers included)
    manual_pending: float = 0.0          # points still to be graded by hand (written answers)
    cells: dict = field(default_factory=dict)   # grade_id -> {"notebook", "score", "max", "auto", "message"}
    problems: list = field(default_factory=list)
    seconds: float = 0.0
    log: str = ""

    @property
    def ok(self) -> bool:
        return self.status != ERROR


# ------------------------------------------------------------------------------------------------- worker side

def _cell_messages(nb_path: Path) -> dict[str, str]:
    """``grade_id -> error text`` for every nbgrader cell of an autograded notebook that failed."""
    import nbformat

    messages = {}
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if not gid or cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                if out.get("ename") in ("CellTimeoutError", "KeyboardInterrupt"):
                    messages[gid] = "timed out: the cell ran longer than the per-cell limit (infinite loop?)"
                else:
                    messages[gid] = f"{out.get('ename')}: {out.get('evalue')}".rstrip(": ")
                break
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                messages[gid] = "wrote to stderr: " + str(out.get("text", "")).strip()
                break
    return messages


def _expected_notebooks(db_url: str, course_id: str, assignment: str) -> list[str]:
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        return sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)


def _repair_duplicates(path: Path) -> list[str]:
    """Neutralise duplicated nbgrader cells in a *sandbox copy*; return the duplicated grade ids.

    A copy-pasted answer or test cell carries the same ``grade_id`` twice.  nbgrader keeps the last copy but
    leaves the earlier ones with empty metadata, which its own metadata check then rejects (the whole
    submission fails).  Here the earlier copies become ordinary cells: they still run in order (so a function
    defined twice ends up as the student's last definition, as in their own kernel), and the last copy is graded.
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    seen, dups = set(), []
    for cell in reversed(nb.cells):
        meta = cell.get("metadata", {}).get("nbgrader")
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        if not gid:
            continue
        if gid in seen:
            del cell.metadata["nbgrader"]
            dups.append(gid)
        seen.add(gid)
    if dups:
        nbformat.write(nb, str(path))
    return sorted(set(dups))


def _structure_notes(path: Path, source: Path) -> list[str]:
    """What the student changed in the notebook's structure (graded fairly by nbgrader, but worth saying):
    an old notebook format, a changed kernel, re-typed cells, answer cells without their nbgrader metadata."""
    import json

    import nbformat

    notes = []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        nb = nbformat.read(path, as_version=4)
        src = nbformat.read(source, as_version=4)
    except Exception:
        return notes
    name = path.name
    if isinstance(raw, dict) and int(raw.get("nbformat", 4)) < 4:
        notes.append(f"{name} is in an old notebook format (nbformat {raw.get('nbformat')}): converted and graded")
    want = (src.metadata.get("kernelspec") or {}).get("name")
    got = (nb.metadata.get("kernelspec") or {}).get("name")
    if want and got != want:
        notes.append(f"{name}: kernel {got or '(none)'!r} replaced by the assignment's {want!r}")

    def ids(book):
        out = {}
        for cell in book.cells:
            meta = cell.get("metadata", {}).get("nbgrader")
            if isinstance(meta, dict) and meta.get("grade_id"):
                out[meta["grade_id"]] = (cell.cell_type, meta)
        return out

    theirs, ours = ids(nb), ids(src)
    for gid, (kind, meta) in ours.items():
        if gid in theirs and theirs[gid][0] != kind:
            notes.append(f"cell {gid!r} was turned into {theirs[gid][0]}: graded as {kind}, as in the assignment")
        elif gid not in theirs and meta.get("solution") and not meta.get("grade"):
            notes.append(f"answer cell {gid!r} is missing or lost its nbgrader metadata (any code in it still ran)")
    return notes


def _read_submission(db_url: str, course_id: str, assignment: str, student: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        sub = gb.find_submission(assignment, student)
        data = {"timestamp": sub.timestamp, "notebooks": {}}
        for snb in sub.notebooks:
            data["notebooks"][snb.name] = {
                "late_penalty": snb.late_submission_penalty,
                "grades": {g.name: g.auto_score for g in snb.grades},
                "comments": {c.name: c.auto_comment for c in snb.comments},
            }
    return data


def _zero(db_url: str, course_id: str, assignment: str, student: str, notebooks: list[str]) -> None:
    """Record a zero for every cell of ``notebooks`` (a submission nbgrader could not run)."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        gb.update_or_create_student(student)
        try:
            gb.find_submission(assignment, student)
        except Exception:
            gb.add_submission(assignment, student)
        for name in notebooks:
            snb = gb.find_submission_notebook(name, assignment, student)
            for grade in snb.grades:
                grade.auto_score = 0.0
                grade.needs_manual_grade = False
        gb.db.commit()


def _sandboxed_preprocessors() -> list:
    """nbgrader's autograde preprocessors with :class:`sandbox.SandboxExecute` in place of ``Execute``."""
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import Execute

    default = Autograde.class_traits()["autograde_preprocessors"].default()
    return [sbx.execute_class() if p is Execute else p for p in default]


def _check_focus(cfg, assignment: str, student: str) -> list[str] | None:
    """``course check`` only: the grade cells a synthetic student is judged on (None: every cell).

    The check's throw-away course names a JSON file ``{assignment: {student: [grade_id, ...]}}`` in
    ``c.Course.check_focus``; a real course has no such setting, and nothing a student submits can set it."""
    path = (cfg.get("Course", {}) if "Course" in cfg else {}).get("check_focus")
    if not path:
        return None
    try:
        focus = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (focus.get(assignment) or {}).get(student)


def grade_in_sandbox(task: dict) -> dict:
    """Grade one student's submission in a fresh temporary course folder (runs in a worker process).

    ``task`` keys: root, assignment, student, snapshot (path of the snapshot gradebook), scratch (folder for
    the temporary course).  Returns a plain dict (picklable) for :func:`merge_result`.
    """
    from nbgrader.converters.autograde import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    t0 = time.perf_counter()
    _fast_gradebooks()
    root, aid, student = Path(task["root"]), task["assignment"], task["student"]
    cfg = cfgmod.load_config(root)
    paths = cfgmod.Paths.of(root, cfg)
    course_id = CourseDirectory(config=cfg).course_id
    sandbox = Path(tempfile.mkdtemp(prefix=f"{student}-", dir=task["scratch"]))
    result = {"student": student, "status": GRADED, "problems": [], "messages": {}, "log": "",
              "sandbox": str(sandbox), "autograded": None, "submission": None, "zero": [], "limits": []}
    try:
        # the sandbox course: submitted files, data files, a private gradebook; nothing else
        src_data = sandbox / "source" / aid
        src_data.mkdir(parents=True)
        ignore = shutil.ignore_patterns("*.ipynb", *cfg.CourseDirectory.get("ignore", [".ipynb_checkpoints"]))
        shutil.copytree(paths.source_dir(aid), src_data, ignore=ignore, dirs_exist_ok=True)
        shutil.copytree(paths.submitted_dir(student, aid), sandbox / "submitted" / student / aid,
                        symlinks=False, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        # the private gradebook: a fresh copy of the snapshot at one path per process, so the engine (and its
        # compiled statements) serves every student this process grades
        db_path = Path(task["scratch"]) / f"gradebook-{os.getpid()}.db"
        db_url = "sqlite:///" + str(db_path)
        _SCRATCH.add(str(Path(task["scratch"]).resolve()))
        _drop_engine_connections(db_url)
        shutil.copyfile(task["snapshot"], db_path)

        scfg = copy.deepcopy(cfg)
        scfg.CourseDirectory.root = str(sandbox)
        scfg.CourseDirectory.source_directory = "source"
        scfg.CourseDirectory.submitted_directory = "submitted"
        scfg.CourseDirectory.autograded_directory = "autograded"
        scfg.CourseDirectory.feedback_directory = "feedback"
        scfg.CourseDirectory.release_directory = "release"
        scfg.CourseDirectory.db_url = db_url

        expected = _expected_notebooks(db_url, course_id, aid)
        sub_dir = sandbox / "submitted" / student / aid
        bad = _precheck(sub_dir, expected)
        for name, reason in bad.items():
            result["problems"].append(reason)
            (sub_dir / f"{name}.ipynb").unlink(missing_ok=True)  # the sandbox copy, never the submission
        runnable = [n for n in expected if n not in bad]
        for name in runnable:
            result["problems"] += _structure_notes(sub_dir / f"{name}.ipynb", paths.source_dir(aid) / f"{name}.ipynb")
        for name in runnable:
            for gid in _repair_duplicates(sub_dir / f"{name}.ipynb"):
                result["problems"].append(f"{name}.ipynb: cell {gid!r} appears more than once "
                                          f"(the last copy was graded)")
        if runnable:
            coursedir = CourseDirectory(config=scfg)
            coursedir.assignment_id, coursedir.student_id = aid, student
            limits = sbx.limits_from_config(cfg)
            hide_dirs, hide_files = sbx.private_paths(root, cfg, paths)
            sbx.configure(limits, [*hide_dirs, task["scratch"]], hide_files,
                          only_grade_cells=_check_focus(cfg, aid, student))
            scfg.Autograde.autograde_preprocessors = _sandboxed_preprocessors()
            sbx.RUNS.clear()
            app = Autograde(coursedir=coursedir, config=scfg)   # nbgrader's own autograder, in the sandbox
            app.force, app.create_student = True, True
            out = capture_log(app)
            result["log"] = out.get("log", "") + out.get("error", "")
            seen = set()
            for run in sbx.RUNS:
                prefix = f"{run['notebook']}.ipynb: " if len(runnable) > 1 else ""
                if run.get("died"):
                    result["problems"].append(f"{prefix}the kernel died in cell {run['died']['cell']}: "
                                              f"{run['died']['reason']}: scored zero")
                    result["zero"].append(run["notebook"])
                elif run.get("over_budget"):
                    result["problems"].append(
                        f"{prefix}grading took longer than the {limits.notebook_timeout:g} s budget (stopped at cell "
                        f"{run['over_budget']}): stopped, scored zero")
                    result["zero"].append(run["notebook"])
                for cell, why in run.get("events", []):
                    line = f"{prefix}cell {cell}: {why}"
                    if line not in seen and not (run.get("died") and run["died"]["cell"] == cell):
                        seen.add(line)
                        result["limits"].append(line)
            if not out.get("success"):
                log = result["log"]
                if "DeadKernelError" in log or "Kernel died" in log or "kernel died" in log:
                    result["problems"].append("the kernel died while running the notebook (e.g. os._exit, "
                                              "a crash or running out of memory): scored zero")
                    result["zero"] = runnable
                elif any(k in log for k in ("SchemaTooOldError", "SchemaTooNewError", "ValidationError",
                                            "MetadataValidation", "nbgrader update")):
                    result["problems"].append("the notebook's nbgrader cell metadata was damaged "
                                              "(edited or re-typed locked cells?): scored zero")
                    result["zero"] = runnable
                else:
                    result["status"] = ERROR
                    result["problems"].append("nbgrader autograde failed: " + _short(log.strip().splitlines()[-1]
                                                                                     if log.strip() else "?"))
        if bad or result["zero"]:
            result["status"] = BROKEN if result["status"] != ERROR else ERROR
            _zero(db_url, course_id, aid, student, sorted(set(bad) | set(result["zero"])))
        if result["status"] != ERROR:
            result["submission"] = _read_submission(db_url, course_id, aid, student)
            ag = sandbox / "autograded" / student / aid
            if ag.is_dir():
                result["autograded"] = str(ag)
                for nb_path in sorted(ag.glob("*.ipynb")):
                    try:
                        result["messages"].update(_cell_messages(nb_path))
                    except Exception:
                        pass
    except Exception:
        result["status"] = ERROR
        result["problems"].append("grader error: " + _short(traceback.format_exc().strip().splitlines()[-1]))
        result["log"] += traceback.format_exc()
    result["seconds"] = time.perf_counter() - t0
    return result


def _quiet_warnings() -> None:
    import warnings

    try:
        from sqlalchemy.exc import SAWarning
        warnings.filterwarnings("ignore", category=SAWarning)
    except ImportError:  # pragma: no cover
        pass


#: SQLAlchemy engines by database URL (nbgrader opens a new Gradebook, hence a new engine with an empty compiled
#: statement cache, for almost every step: one engine per URL keeps the cache warm across steps and students)
_ENGINES: dict = {}
#: folders whose SQLite gradebooks are throw-away copies (the snapshot, a sandbox's): no fsync on commit there
_SCRATCH: set = set()


def _scratch_db(url: str) -> bool:
    if not url.startswith("sqlite:///"):
        return False
    path = os.path.abspath(url[len("sqlite:///"):])
    return any(path.startswith(s.rstrip(os.sep) + os.sep) for s in _SCRATCH)


def _fast_gradebooks() -> None:
    """Make nbgrader's gradebook cheap to open: engines reused per URL; throw-away SQLite copies without fsync.

    Only the grader's own scratch copies (:data:`_SCRATCH`) skip the disk syncs (a crash loses nothing: they
    are rebuilt); the course gradebook keeps SQLite's and PostgreSQL's durability settings."""
    import nbgrader.api as nbapi

    if getattr(nbapi.create_engine, "_course_fast", False):
        return
    _fast_metadata_checks()
    from sqlalchemy import create_engine, event

    def cached_create_engine(url, *args, **kwargs):
        key = str(url)
        engine = _ENGINES.get(key)
        if engine is None:
            engine = create_engine(url, *args, **kwargs)
            if _scratch_db(key):
                @event.listens_for(engine, "connect")
                def _no_sync(dbapi_conn, record):
                    cur = dbapi_conn.cursor()
                    cur.execute("PRAGMA synchronous = OFF")
                    cur.execute("PRAGMA journal_mode = MEMORY")
                    cur.close()
            _ENGINES[key] = engine
        return engine

    cached_create_engine._course_fast = True
    nbapi.create_engine = cached_create_engine


class _CachedSchemaValidation:
    """``jsonschema.validate`` with the checked validator kept per schema.

    nbgrader checks every cell's ``nbgrader`` metadata with ``jsonschema.validate(meta, schema)``, which checks
    the schema itself and builds a new validator on every call: ~40 times per notebook, before and after
    executing it (60-80 ms per submission).  The same checks, the same first error (``best_match``), the
    schema checked once."""

    def __init__(self):
        self._validators: dict = {}

    def validate(self, instance, schema, *args, **kwargs):
        import jsonschema

        if args or kwargs:   # pragma: no cover - nbgrader passes none
            return jsonschema.validate(instance, schema, *args, **kwargs)
        key = json.dumps(schema, sort_keys=True)   # (nbgrader reads its schema file again for every validator)
        validator = self._validators.get(key)
        if validator is None:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = self._validators[key] = cls(schema)
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name):   # anything else the module uses: the real jsonschema
        import jsonschema

        return getattr(jsonschema, name)


def _fast_metadata_checks() -> None:
    """Give nbgrader's metadata validator (``nbgrader.nbgraderformat.common``) :class:`_CachedSchemaValidation`."""
    try:
        import nbgrader.nbgraderformat.common as common
    except ImportError:  # pragma: no cover
        return
    if not isinstance(getattr(common, "jsonschema", None), _CachedSchemaValidation):
        common.jsonschema = _CachedSchemaValidation()


def _drop_engine_connections(url: str) -> None:
    """Close every pooled connection to ``url`` (its file is about to be replaced); the engine stays."""
    engine = _ENGINES.get(url)
    if engine is not None:
        engine.dispose()


def _worker_main(conn) -> None:
    """Worker loop: receive tasks, grade them, send results back (its own process group)."""
    try:
        os.setsid()
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    sbx._pdeathsig()   # the parent was killed: stop too (and with us our kernel and everything it forked)
    # kernels and nbgrader talk on stderr (TCP warnings, SQLAlchemy notes): keep the instructor's terminal clean
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    _quiet_warnings()
    from .forkserver import SERVER

    SERVER.forget()     # forked from the grader: its fork server (if any) is not ours
    for engine in _ENGINES.values():   # nor are its database connections
        engine.dispose(close=False)
    SERVER.start()      # warm kernels: the fork server imports its libraries while we wait for work
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                return
            if task is None:
                return
            conn.send(grade_in_sandbox(task))
    finally:
        SERVER.stop()


class _Worker:
    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.task = None
        self.started = 0.0

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.join(5)
        self.conn.close()

    def stop(self):
        try:
            self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.kill()


def preload_grading() -> None:
    """Import what grading one submission needs (nbgrader's autograder, the sandboxed executor, the fork
    server's client), so workers forked from this process start with it instead of importing it again."""
    import nbgrader.api   # noqa: F401
    import nbgrader.converters.autograde   # noqa: F401
    import nbgrader.preprocessors   # noqa: F401

    from . import forkserver  # noqa: F401  (registers the warm launcher with the sandbox)

    sbx.execute_class()
    _fast_gradebooks()


def _worker_context():
    """Workers are forked from the grader (Linux, no threads yet): they start with nbgrader already imported, in
    milliseconds instead of a fresh interpreter's second or two.  Elsewhere, or with threads, they are spawned."""
    import threading

    if sys.platform.startswith("linux") and threading.active_count() == 1 and \
            os.environ.get("COURSE_WORKERS") != "spawn":
        preload_grading()
        return mp.get_context("fork")
    return mp.get_context("spawn")


class InlineGrader:
    """Grades in this very process, one submission after another: for a single submission, where starting a
    worker (and its imports) would cost more than the grading.  Same interface as :class:`GraderPool`.

    The submission is as isolated as in a worker: its kernel runs in the same sandbox, forked from this process's
    own warm fork server.  The wall-clock budget is kept with ``SIGALRM`` (main thread only; the sandbox's own
    per-notebook budget and per-cell timeouts stop a slow notebook long before)."""

    n = 1

    def __init__(self):
        self._started = False

    def start(self, n: int | None = None) -> None:
        if not self._started:
            from .forkserver import SERVER

            preload_grading()
            SERVER.start()      # the warm interpreter imports its libraries while the gradebook is prepared
            self._started = True

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self._started:
            from .forkserver import SERVER

            SERVER.stop()
            self._started = False

    def run(self, tasks: list[dict], budget: float, on_result) -> None:
        import threading

        self.start()
        main = threading.current_thread() is threading.main_thread()
        interrupted = []

        def on_interrupt(signum, frame):   # nbgrader's autograder catches every exception, KeyboardInterrupt too
            interrupted.append(signum)
            raise KeyboardInterrupt

        for task in tasks:
            limit = float(task.get("budget", budget))
            t0 = time.monotonic()
            previous = previous_int = None
            if main:
                previous = signal.signal(signal.SIGALRM, _over_budget)
                previous_int = signal.signal(signal.SIGINT, on_interrupt)
                signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                res = grade_in_sandbox(task)
                if interrupted:   # Ctrl-C: stop here, as the pool does (nothing recorded for this submission)
                    raise KeyboardInterrupt
            except _OverBudget:
                from .forkserver import SERVER

                SERVER.kill_all()   # the kernel it was running (and everything in its sandbox)
                res = {"student": task["student"], "status": BROKEN,
                       "problems": [f"grading took longer than the {limit:.0f} s budget: stopped, scored zero"],
                       "messages": {}, "log": "", "sandbox": None, "autograded": None, "submission": None,
                       "zero": ["*"], "seconds": time.monotonic() - t0}
            finally:
                if main:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
                    signal.signal(signal.SIGINT, previous_int if previous_int is not None else signal.SIG_DFL)
            on_result(task, res)


class _OverBudget(BaseException):
    """Raised by SIGALRM in :class:`InlineGrader` (a BaseException: no ``except Exception`` swallows it)."""


def _over_budget(signum, frame):
    raise _OverBudget()


class GraderPool:
    """``n`` long-lived worker processes grading one submission each at a time (reusable across assignments)."""

    def __init__(self, n: int):
        self.n = max(1, int(n))
        self._ctx = _worker_context()
        self._workers: list[_Worker] = []

    def __enter__(self):
        self.start()
        return self

    def start(self, n: int | None = None) -> None:
        """Spawn the workers now (they import nbgrader while the parent prepares the gradebooks)."""
        while len(self._workers) < min(self.n, n or self.n):
            self._workers.append(_Worker(self._ctx))

    def __exit__(self, *exc):
        self.close()

    def close(self):
        idle = [w for w in self._workers if w.task is None]
        for w in self._workers:
            if w.task is not None:
                w.kill()
        for w in idle:            # ask every idle worker to stop first, then wait: they wind down in parallel
            try:
                w.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        for w in idle:
            w.stop()
        self._workers = []

    def run(self, tasks: list[dict], budget: float, on_result) -> None:
        """Run ``tasks``; call ``on_result(task, result_dict)`` in the parent as each finishes."""
        pending = deque(tasks)
        while len(self._workers) < min(self.n, max(1, len(tasks))):
            self._workers.append(_Worker(self._ctx))
        while pending or any(w.task is not None for w in self._workers):
            for i, w in enumerate(self._workers):
                if w.task is None and pending:
                    if not w.proc.is_alive():
                        w = self._workers[i] = _Worker(self._ctx)
                    w.task, w.started = pending.popleft(), time.monotonic()
                    w.conn.send(w.task)
            busy = [w for w in self._workers if w.task is not None]
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=1.0)
            for i, w in enumerate(self._workers):
                if w.task is None:
                    continue
                task, res = w.task, None
                try:
                    if w.conn.poll():
                        res = w.conn.recv()
                except (EOFError, OSError):
                    res = None
                if res is not None:
                    w.task = None
                    on_result(task, res)
                    continue
                elapsed = time.monotonic() - w.started
                limit = float(task.get("budget", budget))
                if not w.proc.is_alive() or elapsed > limit:
                    reason = (f"grading took longer than the {limit:.0f} s budget: stopped, scored zero"
                              if w.proc.is_alive() else "the grading process died: scored zero")
                    w.kill()
                    self._workers[i] = _Worker(self._ctx)
                    on_result(task, {"student": task["student"], "status": BROKEN, "problems": [reason],
                                     "messages": {}, "log": "", "sandbox": None, "autograded": None,
                                     "submission": None, "zero": ["*"], "seconds": elapsed})


# ------------------------------------------------------------------------------------------------- parent side

@contextlib.contextmanager
def gradebook_lock(db_url: str):
    """Serialise writers of one gradebook across processes and machines: several ``course autograde --shard``
    runs may share it.  PostgreSQL: a session advisory lock; SQLite: an exclusive lock on ``<file>.lock``."""
    if db_url.startswith(("postgresql", "postgres")):
        from sqlalchemy import create_engine, text

        engine = create_engine(db_url, poolclass=__import__("sqlalchemy.pool", fromlist=["NullPool"]).NullPool)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(727007)"))
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(727007)"))
        finally:
            engine.dispose()
    elif db_url.startswith("sqlite:///") and os.name == "posix":
        import fcntl

        path = db_url[len("sqlite:///"):] + ".lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:   # a read-only folder: nothing to serialise against
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
    else:
        yield


#: bump when what a snapshot holds changes (cached snapshots of an older format are then rebuilt)
SNAPSHOT_FORMAT = "1"


def _snapshot_key(root: Path, assignment: str, cfg, course_id: str) -> str:
    """What a snapshot is built from: nbgrader's version, the course's configuration file, the assignment's
    source notebooks (and header/footer notebooks), byte for byte."""
    import hashlib

    import nbgrader

    h = hashlib.sha256()
    for part in (SNAPSHOT_FORMAT, getattr(nbgrader, "__version__", "?"), course_id, assignment):
        h.update(part.encode() + b"\0")
    files = [root / cfgmod.CONFIG_FILE]
    section = cfg.get("IncludeHeaderFooter", {}) if "IncludeHeaderFooter" in cfg else {}
    files += [root / section[k] for k in ("header", "footer") if section.get(k)]
    src = cfgmod.Paths.of(root, cfg).source_dir(assignment)
    files += sorted(p for p in src.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    for path in files:
        h.update(str(path).encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"(missing)")
        h.update(b"\0")
    return h.hexdigest()[:40]


def _snapshot_cache(cfg) -> Path | None:
    """The folder of cached snapshots (``<tmp>/course-grader-cache-<uid>``, mode 0700, ours), or None.

    Only used where no graded kernel can write there: with the sandbox's mount namespace (the temporary folder
    is hidden from kernels) or a separate user id per kernel.  Without either a kernel runs with the grader's
    own rights, and every snapshot is built afresh."""
    import stat

    if not hasattr(os, "getuid"):
        return None
    limits = sbx.limits_from_config(cfg)
    info = sbx.probe()
    if limits.sandbox == "off" or not (info.get("namespaces") or info.get("drop_user")):
        return None
    folder = Path(tempfile.gettempdir()) / f"course-grader-cache-{os.getuid()}"
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None
    return folder


def build_snapshot(root: Path, assignment: str, dest: Path, cfg) -> Path:
    """A fresh SQLite gradebook at ``dest`` holding only ``assignment``, as ``nbgrader generate_assignment``
    records it from solutions/ (no due date).  Taken from the cache when its sources are unchanged."""
    from nbgrader.coursedir import CourseDirectory

    from .release import prepare_gradebook

    dest = Path(dest)
    cache = _snapshot_cache(cfg)
    cached = None
    if cache is not None:
        cached = cache / f"snapshot-{_snapshot_key(root, assignment, cfg, CourseDirectory(config=cfg).course_id)}.db"
        if cached.is_file():
            shutil.copyfile(cached, dest)
            return dest
    prepare_gradebook(root, assignment, "sqlite:///" + str(dest), cfg)
    _drop_engine_connections("sqlite:///" + str(dest))
    if cached is not None:
        part = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        try:
            shutil.copyfile(dest, part)
            os.replace(part, cached)
        except OSError:
            with contextlib.suppress(OSError):
                part.unlink()
    return dest


def _assignment_signature(gb, assignment: str) -> dict | None:
    """What ``nbgrader generate_assignment`` records about ``assignment`` in a gradebook (None: not there)."""
    from nbgrader.api import MissingEntry

    try:
        row = gb.find_assignment(assignment)
    except MissingEntry:
        return None
    return {nb.name: (nb.kernelspec,
                      sorted((c.name, c.max_score, c.cell_type) for c in nb.grade_cells),
                      sorted(c.name for c in nb.solution_cells),
                      sorted((c.name, c.max_score, c.cell_type) for c in nb.task_cells),
                      sorted((c.name, c.cell_type, c.locked, c.source, c.checksum) for c in nb.source_cells))
            for nb in row.notebooks}


def make_snapshot(root: Path, assignment: str, dest: Path, cfg) -> Path:
    """A fresh SQLite gradebook holding only ``assignment`` (built from solutions/), with the course's due date;
    brings the course gradebook's record of the assignment up to date first.

    ``nbgrader generate_assignment`` into the course gradebook runs only when its record differs from the
    snapshot's (a new or changed assignment): recording the same thing again changes nothing."""
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    from .release import prepare_gradebook

    dest = Path(dest)
    url = "sqlite:///" + str(dest)
    course_id = CourseDirectory(config=cfg).course_id
    db_url = cfgmod.Paths.of(root, cfg).db_url
    build_snapshot(root, assignment, dest, cfg)
    with Gradebook(url, course_id) as snap:
        want = _assignment_signature(snap, assignment)
    with gradebook_lock(db_url):
        with Gradebook(db_url, course_id) as real:
            current = _assignment_signature(real, assignment) == want
        if not current:
            prepare_gradebook(root, assignment, db_url, cfg)
        with Gradebook(db_url, course_id) as real:
            duedate = real.find_assignment(assignment).duedate
    if duedate is not None:
        with Gradebook(url, course_id) as gb:
            gb.update_or_create_assignment(assignment, duedate=duedate)
    _drop_engine_connections(url)
    return dest


def merge_result(root: Path, assignment: str, res: dict, cfg) -> StudentResult:
    """Write one worker result into the course gradebook and ``autograded/``; return the student's summary."""
    from nbgrader.api import Gradebook
    from nbgrader.coursedir import CourseDirectory

    paths = cfgmod.Paths.of(root, cfg)
    course_id = CourseDirectory(config=cfg).course_id
    student = res["student"]
    out = StudentResult(student=student, assignment=assignment, status=res["status"],
                        problems=list(res["problems"]) + list(res.get("limits", [])),
                        seconds=res.get("seconds", 0.0), log=res.get("log", ""))
    with Gradebook(paths.db_url, course_id) as gb:
        assignment_row = gb.find_assignment(assignment)
        if out.status == ERROR:
            out.max_score = assignment_row.max_score
            return out
        gb.update_or_create_student(student)
        sub_data = res.get("submission")
        if sub_data and sub_data.get("timestamp"):
            gb.update_or_create_submission(assignment, student, timestamp=sub_data["timestamp"])
        else:
            gb.update_or_create_submission(assignment, student)
        for snb in gb.find_submission(assignment, student).notebooks:
            nbd = (sub_data or {}).get("notebooks", {}).get(snb.name)
            if nbd is not None:
                snb.late_submission_penalty = nbd["late_penalty"]
            for grade in snb.grades:
                auto = 0.0 if (nbd is None or "*" in res.get("zero", [])) else nbd["grades"].get(grade.name)
                grade.auto_score = auto
                grade.needs_manual_grade = grade.manual_score is not None or auto is None
            for comment in snb.comments:
                if nbd is not None:
                    comment.auto_comment = nbd["comments"].get(comment.name)
        gb.db.commit()
        sub = gb.find_submission(assignment, student)
        out.score, out.max_score = float(sub.score), float(sub.max_score)
        for snb in sub.notebooks:
            answers = {c.name for c in snb.notebook.solution_cells}   # grade + answer cell: graded by hand
            for grade in snb.grades:
                cell = {"notebook": snb.name, "score": grade.score, "max": grade.max_score, "auto": grade.auto_score,
                        "manual": grade.cell.cell_type == "markdown" or grade.name in answers,
                        "message": res["messages"].get(grade.name)}
                out.cells[grade.name] = cell
                if grade.auto_score is None and grade.manual_score is None:
                    if cell["manual"]:
                        out.manual_pending += grade.max_score
                    else:   # a test cell nbgrader could not score: it is not in the submitted notebook
                        out.problems.append(f"{grade.name}: this test cell is missing from the notebook "
                                            f"(deleted?): no points until graded by hand")
                elif (out.status == GRADED and grade.score is not None and grade.score < grade.max_score
                      and not cell["manual"]):
                    why = cell["message"] or "lost points"
                    out.problems.append(f"{grade.name}: {_short(why, 80)}")
    # autograded notebooks: replace, never leave a stale result behind
    dest = paths.autograded_dir(student, assignment)
    if dest.exists():
        shutil.rmtree(dest)
    if res.get("autograded"):
        shutil.copytree(res["autograded"], dest)
    if res.get("sandbox"):
        shutil.rmtree(res["sandbox"], ignore_errors=True)
    return out


def _fmt(x: float) -> str:
    return f"{x:g}"


def print_summary(results: list[StudentResult], out=None) -> None:
    """The summary table: student, score, max, problems found."""
    out = out if out is not None else sys.stdout
    if not results:
        return
    w = max(7, *(len(r.student) for r in results))
    print(f"\n{'student':<{w}}  {'score':>6}  {'max':>5}  problems found", file=out)
    print(f"{'-' * w}  {'-' * 6}  {'-' * 5}  {'-' * 40}", file=out)
    for r in sorted(results, key=lambda r: r.student):
        score = "ERROR" if r.status == ERROR else _fmt(r.score)
        probs = r.problems or ["none"]
        print(f"{r.student:<{w}}  {score:>6}  {_fmt(r.max_score):>5}  {probs[0]}", file=out)
        for p in probs[1:]:
            print(f"{'':<{w}}  {'':>6}  {'':>5}  {p}", file=out)
    pending = {r.manual_pending for r in results if r.manual_pending}
    if pending:
        print(f"\nwritten answers still to grade by hand (formgrader): up to {_fmt(max(pending))} points "
              f"per student", file=out)


class _Progress:
    def __init__(self, total: int, stream=None):
        stream = stream if stream is not None else sys.stderr
        self.total, self.done, self.stream = total, 0, stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def line(self, text: str, out=None):
        out = out if out is not None else sys.stdout
        if self.tty:
            self.stream.write("\r\033[K")
        print(text, file=out, flush=True)
        self.bar()

    def bar(self):
        if not self.tty or not self.total:
            return
        n = 30 * self.done // self.total
        self.stream.write(f"\r[{'#' * n}{'.' * (30 - n)}] {self.done}/{self.total} graded")
        self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()


def autograde_many(root, plan: dict, jobs=None, pool: GraderPool | None = None, out=None,
                   quiet: bool = False, bar_only: bool = False) -> dict[str, list[StudentResult]]:
    """Grade several assignments in one pass: ``plan`` maps assignment id -> students (None: everyone).

    All submissions share one worker pool, so a class of several assignments keeps every core busy.
    ``quiet``: print nothing; ``bar_only``: only the progress bar (on a terminal), no per-student lines.
    """
    out = out if out is not None else sys.stdout
    from nbgrader.coursedir import CourseDirectory

    root = Path(root).resolve()
    _quiet_warnings()
    cfg = cfgmod.load_config(root)
    paths = cfgmod.Paths.of(root, cfg)
    conf = cfgmod.settings(cfg)
    course_id = CourseDirectory(config=cfg).course_id
    known = cfgmod.assignments(root, cfg)
    todo: dict[str, list[str]] = {}
    for aid, students in plan.items():
        if aid not in known:
            raise ValueError(f"no assignment {aid!r} in {paths.source}")
        everyone = paths.students(aid)
        if students:
            missing = [s for s in students if s not in everyone]
            if missing:
                raise ValueError(f"no submission of {aid} in {paths.submitted} for: {', '.join(missing)}")
            everyone = list(students)
        todo[aid] = everyone
    results: dict[str, list[StudentResult]] = {aid: [] for aid in todo}
    total = sum(len(v) for v in todo.values())
    stack = contextlib.ExitStack()
    if pool is None and total:   # workers start (fork servers import their libraries) while gradebooks are prepared
        if total > 1 or not sbx.limits_from_config(cfg).warm_kernels:
            from .forkserver import SERVER

            SERVER.stop()   # started on a guess (course autograde's first line): not needed here
        pool = InlineGrader() if total == 1 else GraderPool(min(conf.n_jobs(jobs), total))
        stack.callback(pool.close)
        pool.start()
    progress = _Progress(total) if not quiet else None
    sbx.sweep_stale()   # what killed runs left in the temporary folder
    with stack, tempfile.TemporaryDirectory(prefix=f"course-autograde-{os.getpid()}-") as scratch:
        _fast_gradebooks()
        _SCRATCH.add(str(Path(scratch).resolve()))
        tasks, budgets = [], {}
        for aid, students in todo.items():
            # the course gradebook's record of the assignment brought up to date, and its snapshot
            snapshot = make_snapshot(root, aid, Path(scratch) / f"snapshot-{aid}.db", cfg)
            if not students:
                continue
            n_nb = max(1, len(_expected_notebooks("sqlite:///" + str(snapshot), course_id, aid)))
            # a safety net over the sandbox's own budget per notebook: setting up, starting kernels, saving
            budgets[aid] = (float(sbx.limits_from_config(cfg).notebook_timeout or conf.notebook_timeout)
                            + 30.0) * n_nb + 30.0
            tasks += [{"root": str(root), "assignment": aid, "student": s, "snapshot": str(snapshot),
                       "scratch": scratch, "budget": budgets[aid]} for s in students]

        label_w = max([28] + [len(t["student"]) + (len(t["assignment"]) + 1 if len(todo) > 1 else 0) for t in tasks])

        def on_result(task, res):
            aid = task["assignment"]
            try:
                with gradebook_lock(paths.db_url):
                    r = merge_result(root, aid, res, cfg)
            except Exception:
                r = StudentResult(task["student"], aid, status=ERROR,
                                  problems=["could not record the grade: " + _short(traceback.format_exc()
                                                                                   .strip().splitlines()[-1])],
                                  seconds=res.get("seconds", 0.0), log=traceback.format_exc())
            results[aid].append(r)
            if progress and bar_only:
                progress.done += 1
                progress.bar()
            elif progress:
                progress.done += 1
                score = "ERROR" if r.status == ERROR else f"{_fmt(r.score)}/{_fmt(r.max_score)}"
                label = f"{aid} {r.student}" if len(todo) > 1 else r.student
                progress.line(f"  {label:<{label_w}} {score:>9}  {r.status:<7} {r.seconds:5.1f} s"
                              + (f"  {r.problems[0]}" if r.problems else ""), out=out)

        if tasks:
            pool.run(tasks, max(budgets.values()), on_result)
    if progress:
        progress.close()
    for rs in results.values():
        rs.sort(key=lambda r: r.student)
    return results


def autograde(root, assignment: str, students: list[str] | None = None, jobs=None, pool: GraderPool | None = None,
              out=None, quiet: bool = False) -> list[StudentResult]:
    """Grade ``students`` (default: everyone in ``submitted/`` with this assignment); return their results."""
    out = out if out is not None else sys.stdout
    return autograde_many(root, {assignment: students}, jobs=jobs, pool=pool, out=out, quiet=quiet)[assignment]


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("autograde", help="grade every submission of one or more assignments with nbgrader",
                              description=__doc__.split("\n\n")[0])
    p.add_argument("assignment", metavar="ASSIGNMENT", nargs="*",
                   help="assignment id(s); several are graded in one pass that shares the workers")
    p.add_argument("--all", action="store_true",
                   help="grade every assignment that has submissions in submitted/")
    p.add_argument("--student", action="append", metavar="ID",
                   help="grade only this student (repeatable; default: everyone in submitted/; with several "
                        "assignments, each of the student's submissions among them)")
    p.add_argument("--jobs", default=None, metavar="N|auto",
                   help="students graded at once (default: c.Course.jobs in nbgrader_config.py, 'auto' = cores)")
    p.add_argument("--shard", default=None, metavar="I/N|auto",
                   help="grade only shard I of N (1 <= I <= N) of the students, sorted by id: run one per "
                        "grading machine against a shared (PostgreSQL) gradebook; 'auto': from a Kubernetes "
                        "Indexed Job (JOB_COMPLETION_INDEX, COURSE_SHARDS) or a Slurm array (SLURM_ARRAY_TASK_*)")
    p.add_argument("--db-url", default=None, metavar="URL",
                   help="the gradebook, e.g. postgresql+psycopg2://user@host/db (default: $COURSE_DB_URL or "
                        "the course's gradebook.db)")
    p.set_defaults(func=_run)


def kernel_start(limits) -> str:
    """How this run starts its kernels, in a phrase (printed under the sandbox line)."""
    from . import forkserver

    if limits.warm_kernels and forkserver.supported():
        return ("forked from a warm interpreter per worker (IPython, NumPy, Matplotlib, course_utils imported "
                "once), a fresh process per notebook; c.Course.warm_kernels = False starts each one from scratch")
    return "a fresh interpreter per notebook" + ("" if limits.warm_kernels else " (c.Course.warm_kernels = False)")


def shard_from_env(env=None) -> tuple[int, int, str]:
    """``--shard auto``: ``(I, N, where)`` from a cluster scheduler's environment (deploy/README.md).

    Kubernetes Indexed Job: ``JOB_COMPLETION_INDEX`` (0-based) and ``COURSE_SHARDS`` (the job's completions);
    Slurm array: ``SLURM_ARRAY_TASK_ID`` less ``SLURM_ARRAY_TASK_MIN`` (divided by ``SLURM_ARRAY_TASK_STEP`` if
    set) of ``SLURM_ARRAY_TASK_COUNT``. Raises ValueError (exit 2) outside both, or for inconsistent values."""
    env = os.environ if env is None else env
    k8s, slurm = "JOB_COMPLETION_INDEX" in env, "SLURM_ARRAY_TASK_ID" in env
    if k8s and slurm:
        raise ValueError("--shard auto: both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) "
                         "are set: give --shard I/N")
    names = (["JOB_COMPLETION_INDEX", "COURSE_SHARDS"] if k8s else
             ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"] if slurm else [])
    if not names:
        raise ValueError("--shard auto needs a Kubernetes Indexed Job (JOB_COMPLETION_INDEX and COURSE_SHARDS) or "
                         "a Slurm job array (SLURM_ARRAY_TASK_ID, _MIN and _COUNT); neither is set: give --shard I/N")
    try:
        vals = [int(env[n]) for n in names] + [int(env.get("SLURM_ARRAY_TASK_STEP") or 1) if slurm else 1]
    except KeyError as exc:
        raise ValueError(f"--shard auto: {exc.args[0]} is not set (needed with {names[0]})") from None
    except ValueError:
        raise ValueError("--shard auto: not integers: " + ", ".join(f"{n}={env.get(n)!r}" for n in names)) from None
    if k8s:
        index, n = vals[0], vals[1]
    else:
        offset, step = vals[0] - vals[1], max(vals[3], 1)
        index, n = (offset // step if offset % step == 0 else -1), vals[2]
    where = ", ".join(f"{name}={env[name]}" for name in names)
    if not 0 <= index < n:
        raise ValueError(f"--shard auto: {where} is not a task index below the count"
                         + (" (a Slurm array must be one range, e.g. --array=0-3)" if slurm else ""))
    return index + 1, n, where


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``; ``"auto"``: :func:`shard_from_env`; raises ValueError unless 1 <= I <= N."""
    if str(text).strip() == "auto":
        return shard_from_env()[:2]
    try:
        i, n = (int(x) for x in str(text).split("/"))
    except ValueError:
        raise ValueError(f"--shard must look like I/N (e.g. 1/4), not {text!r}") from None
    if not 1 <= i <= n:
        raise ValueError(f"--shard {text}: need 1 <= I <= N")
    return i, n


def shard_of(students: list[str], i: int, n: int) -> list[str]:
    """Shard ``i`` of ``n`` of the sorted students: every n-th one, starting with the i-th."""
    return sorted(students)[i - 1::n]


def plan_from_args(root, args, cfg=None) -> dict[str, list[str] | None]:
    """Which assignments and students ``course autograde`` grades: ``{assignment: students or None}``.

    ``None`` means everyone; an empty list, nobody (a shard or a named student with nothing there).  Raises
    ValueError (printed as a usage error) for no assignment named, ``--all`` together with names, or a
    ``--student`` with no submission of any named assignment.
    """
    cfg = cfg if cfg is not None else cfgmod.load_config(root)
    paths = cfgmod.Paths.of(root, cfg)
    names = cfgmod.pick_assignments(args.assignment, getattr(args, "all", False),
                                    lambda: [a for a in cfgmod.assignments(root, cfg) if paths.students(a)],
                                    "autograde")
    if not names:
        raise ValueError(f"no submissions of any assignment in {paths.submitted}")
    shard = getattr(args, "shard", None)
    if shard == "auto":   # resolved once, shown on the first line
        i, n, where = shard_from_env()
        args.shard = shard = f"{i}/{n}"
        print(f"shard {shard} ({where})", flush=True)
    plan: dict[str, list[str] | None] = {}
    for aid in names:
        students = args.student
        if students and len(names) > 1:   # several assignments: each named student's submissions among them
            submitted = paths.students(aid)
            students = [s for s in students if s in submitted]
        if shard:
            students = shard_of(students or paths.students(aid), *parse_shard(shard))
        plan[aid] = students
    if args.student and len(names) > 1 and not shard:
        nowhere = [s for s in args.student if not any(s in (plan[a] or []) for a in names)]
        if nowhere:
            raise ValueError(f"no submission of {', '.join(names)} in {paths.submitted} for: {', '.join(nowhere)}")
    return plan


def _one_submission(root: Path, args) -> bool:
    """A cheap guess, before the configuration is read: does this run grade exactly one submission?"""
    names = list(dict.fromkeys(args.assignment or []))
    if getattr(args, "all", False) or getattr(args, "shard", None) or len(names) != 1:
        return False
    if args.student:
        return len(set(args.student)) == 1
    try:
        return sum(1 for p in (Path(root) / "submitted").iterdir() if (p / names[0]).is_dir()) == 1
    except OSError:
        return False


def _run(args) -> int:
    root = cfgmod.root_from_args(args)
    t0 = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if _one_submission(root, args):   # its fork server imports its libraries while nbgrader is imported
            from .forkserver import SERVER

            SERVER.start()
            stack.callback(SERVER.stop)
        return _run_plan(root, args, t0)


def _run_plan(root: Path, args, t0: float) -> int:
    from .release import ReleaseError

    if getattr(args, "db_url", None):
        os.environ["COURSE_DB_URL"] = args.db_url     # read by nbgrader_config.py (and by the workers)
    try:
        cfg = cfgmod.load_config(root)
        plan = plan_from_args(root, args, cfg)
        for aid in [a for a, s in plan.items() if s == []]:   # nobody to grade there
            if getattr(args, "shard", None):
                print(f"course autograde: shard {args.shard} of {aid} holds no student", file=sys.stderr)
            del plan[aid]
        if not plan:
            return 0
        limits = sbx.limits_from_config(cfg)
        print("sandbox: " + "; ".join(sbx.enforced(limits)), flush=True)
        print("kernels: " + kernel_start(limits), flush=True)
        by_aid = autograde_many(root, plan, jobs=args.jobs)
    except ValueError as exc:
        print(f"course autograde: {exc}", file=sys.stderr)
        return 2
    except ReleaseError as exc:   # the source notebook itself cannot be turned into a gradebook entry
        print(f"course autograde: {exc}", file=sys.stderr)
        return 1
    for aid in [a for a, rs in by_aid.items() if not rs]:
        print(f"course autograde: no submissions of {aid} in submitted/", file=sys.stderr)
    by_aid = {aid: rs for aid, rs in by_aid.items() if rs}
    if not by_aid:
        return 0
    for aid, results in by_aid.items():
        if len(by_aid) > 1:
            print(f"\n{aid}:")
        print_summary(results)
    results = [r for rs in by_aid.values() for r in rs]
    failed = [r for r in results if r.status == ERROR]
    dt = time.perf_counter() - t0
    what = next(iter(by_aid)) if len(by_aid) == 1 else f"{len(by_aid)} assignments"
    print(f"\n{len(results)} submission(s) of {what} graded in {dt:.1f} s "
          f"({dt / len(results):.2f} s per notebook); {sum(r.status == BROKEN for r in results)} broken, "
          f"{len(failed)} grader error(s)")
    for r in failed:
        print(f"\n--- grader log for {r.assignment} {r.student} ---\n{r.log}", file=sys.stderr)
    return 1 if failed else 0
