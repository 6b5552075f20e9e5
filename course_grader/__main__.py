"""``python -m course_grader`` is the ``course`` command."""
import sys

from course_grader.cli import run

run()
