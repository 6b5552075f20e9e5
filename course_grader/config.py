"""Where the course lives and how nbgrader is configured for it.

Every ``course`` sub-command starts here:

>>> root = find_course_root()          # the folder holding nbgrader_config.py
>>> cfg = load_config(root)            # that file, loaded (NbGraderAPI ignores it unless passed in)
>>> api = make_api(root)               # an NbGraderAPI bound to the course
>>> assignments(root)                  # ['01_perceptron', ...] found in solutions/, no hand-kept list
>>> paths = Paths.of(root)             # source/release/submitted/autograded/feedback dirs, gradebook url

Course-specific settings (not nbgrader's own) live in the ``c.Course`` section of ``nbgrader_config.py`` and
are read with :func:`settings`.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

CONFIG_FILE = "nbgrader_config.py"
#: environment variable that points at the course root (``course --course-dir`` sets it)
ENV_COURSE_DIR = "COURSE_DIR"


#: kernel arguments for running graded notebooks outside a configured course (mirrors nbgrader_config.py):
#: tracebacks without source lines, quiet kernel logs, and the kernel's stderr stream published as stdout
#: (nbgrader scores a grade cell that writes to stderr zero).  Renaming the stream, rather than pointing
#: ``sys.stderr`` at ``sys.stdout``, covers warnings, ``print(..., file=sys.stderr)`` and C-level writes to
#: file descriptor 2 alike, and keeps IPython's output history from doubling every line written to stdout.
DEFAULT_KERNEL_ARGUMENTS = [
    "--HistoryManager.hist_file=:memory:",
    "--InteractiveShell.xmode=Minimal",
    "--IPKernelApp.log_level=ERROR",
    "--IPKernelApp.exec_lines=__import__('sys').stderr.name = 'stdout'",
]


class CourseNotFoundError(FileNotFoundError):
    """No folder holding ``nbgrader_config.py`` was found."""


def find_course_root(start: str | os.PathLike | None = None) -> Path:
    """Return the course root: the nearest folder at or above ``start`` that holds ``nbgrader_config.py``.

    ``start`` defaults to ``$COURSE_DIR`` or else the current folder; ``course --course-dir DIR`` passes DIR.
    """
    here = Path(start if start is not None else os.environ.get(ENV_COURSE_DIR) or os.getcwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise CourseNotFoundError(
        f"no {CONFIG_FILE} found in {here} or any folder above it; run `course` inside the course folder "
        f"or pass --course-dir DIR")


def root_from_args(args) -> Path:
    """The course root for a parsed ``course`` command line (honours the global ``--course-dir``)."""
    return find_course_root(getattr(args, "course_dir", None))


def ensure_tools_on_path() -> None:
    """Put this interpreter's ``bin/`` first on ``PATH`` (nbgrader shells out to ``alembic``), and let nbgrader
    read its database schema version in-process instead of starting ``alembic heads`` (2-4 s) for every new
    gradebook: same value, read from nbgrader's own migration scripts."""
    bindir = str(Path(sys.executable).parent)
    parts = os.environ.get("PATH", "").split(os.pathsep)
    if bindir not in parts:
        os.environ["PATH"] = os.pathsep.join([bindir, *[p for p in parts if p]])
    _fast_alembic_version()


_ALEMBIC_HEAD: list[str] = []


def _fast_alembic_version() -> None:
    try:
        import nbgrader
        import nbgrader.api as nbapi
    except ImportError:  # pragma: no cover
        return
    if getattr(nbapi.get_alembic_version, "_course_fast", False):
        return
    original = nbapi.get_alembic_version

    def get_alembic_version() -> str:
        if not _ALEMBIC_HEAD:
            try:   # alembic is imported only when a new gradebook is made
                from alembic.config import Config as AlembicConfig
                from alembic.script import ScriptDirectory

                acfg = AlembicConfig()
                acfg.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
                _ALEMBIC_HEAD.append(ScriptDirectory.from_config(acfg).get_current_head())
            except Exception:  # fall back to nbgrader's own subprocess
                _ALEMBIC_HEAD.append(original())
        return _ALEMBIC_HEAD[0]

    get_alembic_version._course_fast = True
    nbapi.get_alembic_version = get_alembic_version


def load_config(root: str | os.PathLike) -> Config:
    """Load ``root/nbgrader_config.py`` as a traitlets :class:`Config`, with ``CourseDirectory.root`` set.

    Also makes sure the tools nbgrader shells out to (``alembic``) are found, whatever ``PATH`` says.
    """
    ensure_tools_on_path()
    root = Path(root).resolve()
    cfg = Config()
    if (root / CONFIG_FILE).is_file():
        cfg = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    cfg.CourseDirectory.root = str(root)
    return cfg


def make_api(root: str | os.PathLike, config: Config | None = None):
    """An :class:`nbgrader.apps.NbGraderAPI` bound to the course at ``root`` (its config actually loaded)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    cfg = load_config(root) if config is None else config
    coursedir = CourseDirectory(config=cfg)
    return NbGraderAPI(coursedir=coursedir, config=cfg)


def pick_assignments(named: list[str] | None, use_all: bool, candidates, command: str) -> list[str]:
    """The assignments a ``course COMMAND ASSIGNMENT... | --all`` invocation names, in order, without repeats.

    ``candidates()`` gives what ``--all`` means for the command (it may be empty: the caller says why).
    Raises ValueError for ``--all`` together with names, or for neither.
    """
    names = list(dict.fromkeys(named or []))
    if use_all:
        if names:
            raise ValueError("name assignments or use --all, not both")
        return list(candidates())
    if not names:
        raise ValueError(f"name the assignment(s), e.g. `course {command} 01_perceptron`, or use --all")
    return names


def assignments(root: str | os.PathLike, config: Config | None = None) -> list[str]:
    """Sorted assignment ids: the folders of the source directory (``solutions/``) holding a notebook."""
    src = Paths.of(root, config).source
    if not src.is_dir():
        return []
    return sorted(p.name for p in src.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")) and any(p.glob("*.ipynb")))


@dataclass(frozen=True)
class CourseSettings:
    """The course's own settings (``c.Course`` in ``nbgrader_config.py``)."""

    #: parallel grading processes for ``course autograde``/``course check``: an int or "auto" (= cores)
    jobs: int | str = "auto"
    #: wall-clock budget for grading one notebook, on top of the per-cell timeout (seconds)
    notebook_timeout: float = 600.0

    def n_jobs(self, requested: int | str | None = None) -> int:
        """Resolve ``requested`` (or the configured default) to a number of worker processes >= 1."""
        value = self.jobs if requested in (None, "") else requested
        if str(value) == "auto":
            return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
        return max(1, int(value))


def settings(config: Config) -> CourseSettings:
    """Read :class:`CourseSettings` from the ``c.Course`` section of a loaded config."""
    section = config.get("Course", {}) if "Course" in config else {}
    known = {k: section[k] for k in CourseSettings.__dataclass_fields__ if k in section}
    return CourseSettings(**known)


@dataclass(frozen=True)
class Paths:
    """The nbgrader folders of a course, resolved from its config."""

    root: Path
    source: Path
    release: Path
    submitted: Path
    autograded: Path
    feedback: Path
    db_url: str

    @classmethod
    def of(cls, root: str | os.PathLike, config: Config | None = None) -> "Paths":
        from nbgrader.coursedir import CourseDirectory

        root = Path(root).resolve()
        cfg = load_config(root) if config is None else config
        cd = CourseDirectory(config=cfg)
        cd.root = str(root)

        def folder(name):
            return (root / name).resolve()

        return cls(root=root, source=folder(cd.source_directory), release=folder(cd.release_directory),
                   submitted=folder(cd.submitted_directory), autograded=folder(cd.autograded_directory),
                   feedback=folder(cd.feedback_directory), db_url=cd.db_url)

    def source_dir(self, assignment: str) -> Path:
        return self.source / assignment

    def release_dir(self, assignment: str) -> Path:
        return self.release / assignment

    def submitted_dir(self, student: str, assignment: str) -> Path:
        return self.submitted / student / assignment

    def autograded_dir(self, student: str, assignment: str) -> Path:
        return self.autograded / student / assignment

    def feedback_dir(self, student: str, assignment: str) -> Path:
        return self.feedback / student / assignment

    def students(self, assignment: str | None = None) -> list[str]:
        """Sorted student ids with a folder in ``submitted/`` (holding ``assignment`` if given)."""
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir()
                      if p.is_dir() and not p.name.startswith(".")
                      and (assignment is None or (p / assignment).is_dir()))
