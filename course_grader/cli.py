"""The ``course`` command: one entry point for students, instructors and CI.

Each sub-command lives in its own module of :mod:`course_grader` and exposes
``add_parser(subparsers)``, which registers the sub-command and sets ``func`` (a callable taking the parsed
``argparse.Namespace`` and returning an exit code). Add a module name to ``COMMANDS`` to add a command.
"""
from __future__ import annotations

import argparse
import importlib
import sys

#: sub-command modules, in the order ``course --help`` lists them
COMMANDS = [
    "build",      # course build [--check] [UNIT...]   (make notebooks)
    "release",    # course release [ASSIGNMENT...]
    "check",      # course check [ASSIGNMENT...]
    "autograde",  # course autograde ASSIGNMENT [--student ID] [--jobs N]
    "validate",   # course validate NOTEBOOK
    "feedback",   # course feedback ASSIGNMENT
    "export",     # course export --out grades.csv
    "report",     # course report --out DIR
    "similarity", # course similarity ASSIGNMENT --out DIR
    "collect",    # course collect-zip FILE.zip ASSIGNMENT
    "bundle",     # course bundle --out DIR
    "demo",       # course demo --out DIR   (make grade)
    "gradescope", # course gradescope ASSIGNMENT --out autograder.zip
    "site",       # course site [--out DIR]   (make site)
    "warm",       # course warm start|stop|status   (a warm grader for one submission at a time)
]


def build_parser(only: list[str] | None = None) -> argparse.ArgumentParser:
    """The ``course`` parser with every sub-command (``only``: with these modules' sub-commands alone)."""
    parser = argparse.ArgumentParser(
        prog="course",
        description="Neural networks course: release, check, grade and report on the assignments.",
    )
    parser.add_argument("--course-dir", default=None,
                        help="course root holding nbgrader_config.py (default: search upwards from the current folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (COMMANDS if only is None else only):
        try:
            module = importlib.import_module(f"course_grader.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"course_grader.{name}":
                raise
            continue  # not written yet
        module.add_parser(sub)
    return parser


def _command_parser(argv: list[str]) -> argparse.ArgumentParser:
    """Import only the named sub-command's module (the others import nbgrader, nbconvert, matplotlib, ...:
    a second or more before any work starts); the full parser for help, errors and unknown names."""
    words = iter(argv)
    for word in words:
        if word == "--course-dir":
            next(words, None)
        elif not word.startswith("-"):
            for name in (n for n in COMMANDS if word == n or word.startswith(n + "-")):
                parser = build_parser(only=[name])
                if word in parser._subparsers._group_actions[0].choices:
                    return parser
            break
    return build_parser()


def main(argv: list[str] | None = None, warm: bool = True) -> int:
    """Run ``course ARGV``; ``warm``: hand ``course autograde``/``validate`` to a running warm grader, if any."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if warm:
        from .warm import run_client

        code = run_client(argv)
        if code is not None:
            return code
    parser = _command_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("course: interrupted", file=sys.stderr)
        return 130


def run() -> None:
    """The ``course`` program (console script and ``python -m course_grader``): :func:`main`, then exit.

    ``course autograde`` and ``course validate`` then end at once (``os._exit``) once their output is flushed:
    everything they write is closed and committed by then, and the interpreter's teardown (freeing nbgrader,
    SQLAlchemy, ZeroMQ and their modules) took 0.2-0.3 s of a one-submission run."""
    import os

    from .warm import _served

    argv = sys.argv[1:]
    code = main(argv)
    if _served(argv):
        import logging

        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:   # noqa: BLE001 - a closed pipe: nothing more to say
                pass
        logging.shutdown()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
