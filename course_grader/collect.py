"""``course collect-zip FILE.zip ASSIGNMENT``: import submissions downloaded from a learning platform.

The zip file goes through nbgrader's own ``zip_collect`` (:class:`~nbgrader.apps.zipcollectapp.ZipCollectApp`:
its extractor unpacks the archive, also nested ``.zip`` files, and a
:class:`~nbgrader.plugins.zipcollect.FileNameCollectorPlugin` with a named regular expression reads the
student id from each file name). Results land in ``submitted/<student_id>/<ASSIGNMENT>/<notebook>.ipynb``,
ready for ``course autograde``.

File-name pattern (matched against the file's base name; folders inside the zip are ignored)::

    <student_id>_<anything>_<notebook>.ipynb      e.g.  s1234567_98765_attempt-2_perceptron.ipynb
    <student_id>_<notebook>.ipynb                 e.g.  jdoe_perceptron.ipynb

* ``student_id``: starts with a letter or digit, then letters, digits, ``.``, ``-`` or ``@`` (no underscore:
  the first ``_`` ends it);
* ``anything``: optional, any text (Canvas puts user and submission numbers and ``LATE`` here, Moodle the
  submission id); it is ignored;
* ``notebook``: the released notebook's name (``perceptron`` for ``exercises/01_perceptron/perceptron.ipynb``),
  optionally followed by ``-<n>`` (the suffix Canvas adds to a re-uploaded file).

This is the Canvas "Download submissions" naming (``<sortable name>_<ids>_<file name>``) and what a Moodle
export gives once the platform is set to prefix files with the student's id. Every file that does not match,
is not a notebook of the assignment, or duplicates another file of the same student is listed in an error and
**nothing is imported** (use ``--allow-unmatched`` to import the matching files anyway; the others are still
listed). Operating-system clutter (``__MACOSX/``, ``.DS_Store``, ``Thumbs.db``) is listed as ignored.
"""
from __future__ import annotations

import argparse
import copy
import io
import logging
import os
import re
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from nbgrader.plugins import FileNameCollectorPlugin

PATTERN_HELP = ("<student_id>_<anything>_<notebook>.ipynb or <student_id>_<notebook>.ipynb (student_id: "
                "a letter or digit, then letters, digits, '.', '-', '@'; notebook: the released notebook's name, optionally with a "
                "'-<n>' re-upload suffix)")
JUNK_DIRS = {"__MACOSX"}
JUNK_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def named_regexp(notebooks: list[str]) -> str:
    """The ``FileNameCollectorPlugin.named_regexp`` for an assignment with these notebook names.

    Applied to a file's *base name*; the groups are ``student_id`` and ``file_id`` (nbgrader's names).
    """
    names = "|".join(re.escape(n) for n in sorted(notebooks, key=len, reverse=True))
    return (r"^(?P<student_id>[A-Za-z0-9][A-Za-z0-9.@-]*)_(?:.*_)?(?P<file_id>" + names + r")(?:-\d+)?\.ipynb$")


class CourseCollector(FileNameCollectorPlugin):
    """nbgrader's file-name collector, matching the *base name* (nbgrader itself matches the whole path).

    Returns ``file_id`` with the ``.ipynb`` extension so nbgrader files it as ``<notebook>.ipynb``.
    """

    def collect(self, submitted_file: str):
        name = os.path.basename(submitted_file)
        if os.path.splitext(name)[1] not in self.valid_ext or not self.named_regexp:
            return None
        match = re.match(self.named_regexp, name)
        if not match:
            self.log.warning("file name does not match the pattern: %s", name)
            return None
        info = match.groupdict()
        info["file_id"] = info["file_id"] + ".ipynb"
        return {k: v for k, v in info.items() if v is not None}


@dataclass
class Scan:
    """What the archive holds, file by file (paths relative to the extracted folder)."""

    matched: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (student, notebook)
    unmatched: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    @property
    def students(self) -> list[str]:
        return sorted({s for s, _ in self.matched.values()})


def scan(extracted: Path, notebooks: list[str]) -> Scan:
    """Classify every file under ``extracted`` with the course's file-name pattern."""
    rx = re.compile(named_regexp(notebooks))
    result, seen = Scan(), {}
    for path in sorted(p for p in extracted.rglob("*") if p.is_file()):
        rel = path.relative_to(extracted).as_posix()
        if path.name in JUNK_FILES or JUNK_DIRS & set(PurePosixPath(rel).parts) or path.name.startswith("._"):
            result.ignored.append(rel)
            continue
        m = rx.match(path.name)
        if not m:
            result.unmatched.append(rel)
            continue
        key = (m["student_id"], m["file_id"])
        if key in seen:
            result.duplicates.append(f"{rel} (same student and notebook as {seen[key]})")
            continue
        seen[key] = rel
        result.matched[rel] = key
    return result


class CollectError(RuntimeError):
    """The archive cannot be imported as it is."""


def released_notebooks(root: Path, assignment: str, cfg) -> list[str]:
    from course_grader.config import Paths

    paths = Paths.of(root, cfg)
    names = {p.stem for d in (paths.release_dir(assignment), paths.source_dir(assignment)) if d.is_dir()
             for p in d.glob("*.ipynb")}
    return sorted(names)


def collect_zip(root, zip_path, assignment: str, *, force: bool = False, allow_unmatched: bool = False,
                dry_run: bool = False, config=None) -> Scan:
    """Import the submissions in ``zip_path`` into ``submitted/<student>/<assignment>/`` via nbgrader zip_collect.

    Raises
    ------
    CollectError
        The zip is unreadable, holds no submission, has files that do not match the pattern (unless
        ``allow_unmatched``), duplicates, or would overwrite existing submissions (unless ``force``).
    """
    from nbgrader.apps.zipcollectapp import ZipCollectApp
    from nbgrader.coursedir import CourseDirectory

    from course_grader.config import Paths, load_config

    root = Path(root).resolve()
    zip_path = Path(zip_path).resolve()
    cfg = load_config(root) if config is None else config
    paths = Paths.of(root, cfg)
    notebooks = released_notebooks(root, assignment, cfg)
    if not notebooks:
        raise CollectError(f"unknown assignment {assignment!r}: no notebook in {paths.release_dir(assignment)} "
                           f"or {paths.source_dir(assignment)}")
    if not zip_path.is_file():
        raise CollectError(f"{zip_path} does not exist")
    if not zipfile.is_zipfile(zip_path):
        raise CollectError(f"{zip_path} is not a zip file")

    with tempfile.TemporaryDirectory(prefix="course-collect-") as tmp:
        structure = os.path.join(tmp, "{assignment_id}", "{collect_step}")
        archive = Path(tmp, assignment, "archive")
        archive.mkdir(parents=True)
        shutil.copy(zip_path, archive / zip_path.name)

        cfg = copy.deepcopy(cfg)
        cfg.ZipCollectApp.collect_directory_structure = structure
        cfg.ZipCollectApp.collector_plugin = CourseCollector
        cfg.ZipCollectApp.force = force
        cfg.ExtractorPlugin.force = True  # only ever clears our own temporary folder
        cfg.CourseCollector.named_regexp = named_regexp(notebooks)
        cfg.CourseDirectory.assignment_id = assignment
        coursedir = CourseDirectory(config=cfg)
        coursedir.root = str(root)
        app = ZipCollectApp(config=cfg, coursedir=coursedir)
        buf = io.StringIO()
        handler = logging.StreamHandler(buf)
        handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
        app.log.addHandler(handler)
        old_level = app.log.level
        app.log.setLevel(logging.ERROR)  # we list every file ourselves; keep nbgrader's errors for failures

        def nbgrader_step(step):
            try:
                step()
            except SystemExit:  # ZipCollectApp.fail() logs and calls sys.exit(1)
                raise CollectError("nbgrader zip_collect failed:\n" + buf.getvalue().strip()) from None

        try:
            app.init_plugins()
            nbgrader_step(app.extract_archive_files)
            # nbgrader unpacks FILE.zip into extracted/FILE/: list paths as they are inside the zip
            extracted = Path(tmp, assignment, "extracted")
            if (extracted / zip_path.stem).is_dir():
                extracted = extracted / zip_path.stem
            found = scan(extracted, notebooks)
            problems = []
            if found.unmatched:
                problems.append(f"{len(found.unmatched)} file(s) do not match the pattern {PATTERN_HELP} "
                                f"for the notebook(s) {', '.join(n + '.ipynb' for n in notebooks)}:\n"
                                + "\n".join(f"    {f}" for f in found.unmatched))
            if found.duplicates:
                problems.append(f"{len(found.duplicates)} duplicate submission(s) (keep one file per student "
                                f"and notebook):\n" + "\n".join(f"    {f}" for f in found.duplicates))
            if not found.matched:
                problems.append("no submission in the archive")
            existing = [s for s in found.students
                        if paths.submitted_dir(s, assignment).is_dir()
                        and any(paths.submitted_dir(s, assignment).iterdir())]
            if existing and not force:
                problems.append(f"{len(existing)} student(s) already have a submission of {assignment} "
                                f"(use --force to replace them): {', '.join(existing)}")
            fatal = [p for p in problems if not (allow_unmatched and p.startswith(
                (f"{len(found.unmatched)} file(s) do not match", f"{len(found.duplicates)} duplicate")))]
            if fatal:
                raise CollectError("nothing imported:\n  " + "\n  ".join(problems))
            if dry_run:
                return found
            # only the matched files go on to nbgrader's collector (it would fail on duplicates without
            # timestamps, and must never see system clutter)
            for rel in found.unmatched + found.ignored + [d.split(" (same student")[0] for d in found.duplicates]:
                (extracted / rel).unlink()
            nbgrader_step(app.process_extracted_files)
        finally:
            app.log.removeHandler(handler)
            app.log.setLevel(old_level)
        return found


def run(args) -> int:
    from course_grader.config import CourseNotFoundError, root_from_args

    try:
        root = root_from_args(args)
        found = collect_zip(root, args.zipfile, args.assignment, force=args.force,
                            allow_unmatched=args.allow_unmatched, dry_run=args.dry_run)
    except (CourseNotFoundError, CollectError) as exc:
        print(f"course collect-zip: {exc}", file=sys.stderr)
        return 1
    verb = "would import" if args.dry_run else "imported"
    w = max([24] + [len(student) for student, _ in found.matched.values()])   # long ids stay aligned
    for rel, (student, nb) in sorted(found.matched.items(), key=lambda kv: kv[1]):
        print(f"  {student:<{w}} {nb}.ipynb   <- {rel}")
    for rel in found.ignored:
        print(f"  {'ignored (system file)':<{w}} {rel}")
    for rel in found.unmatched + found.duplicates:
        print(f"  {'NOT IMPORTED':<{w}} {rel}", file=sys.stderr)
    print(f"{verb} {len(found.matched)} notebook(s) of {len(found.students)} student(s) into "
          f"submitted/<student>/{args.assignment}/")
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "collect-zip", help="import submissions downloaded from a learning platform (nbgrader zip_collect)",
        description="Import FILE.zip (a learning platform's 'download all submissions') into "
                    "submitted/<student_id>/ASSIGNMENT/ with nbgrader's zip_collect.\n\n"
                    "File-name pattern (base name; folders inside the zip are ignored):\n"
                    "    <student_id>_<anything>_<notebook>.ipynb   e.g. s1234567_98765_attempt-2_perceptron.ipynb\n"
                    "    <student_id>_<notebook>.ipynb              e.g. jdoe_perceptron.ipynb\n"
                    "student_id: a letter or digit, then letters, digits, '.', '-', '@' (the first '_' ends it); anything: ignored "
                    "(Canvas: user/submission numbers, LATE); notebook: the released notebook's name, "
                    "optionally followed by '-<n>' (a Canvas re-upload).\n\n"
                    "Files that do not match, or duplicate a student's notebook, are listed and nothing is "
                    "imported unless --allow-unmatched. __MACOSX/, .DS_Store and Thumbs.db are ignored (listed).",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("zipfile", metavar="FILE.zip", help="the downloaded archive")
    p.add_argument("assignment", metavar="ASSIGNMENT", help="assignment id, e.g. 01_perceptron")
    p.add_argument("--force", action="store_true", help="replace existing submissions of the same students")
    p.add_argument("--allow-unmatched", action="store_true",
                   help="import the matching files even if others do not match (they are still listed)")
    p.add_argument("--dry-run", action="store_true", help="only check and list what would be imported")
    p.set_defaults(func=run)
