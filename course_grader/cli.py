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
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="Neural networks course: release, check, grade and report on the assignments.",
    )
    parser.add_argument("--course-dir", default=None,
                        help="course root holding nbgrader_config.py (default: search upwards from the current folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"course_grader.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"course_grader.{name}":
                raise
            continue  # not written yet
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("course: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
