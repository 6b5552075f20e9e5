"""Shared fixtures (keep small and generic)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# a warm grader the developer may have running (`course warm start`) must not take over the commands the tests run
# in-process (their output would go to the terminal, past pytest's capture); tests/test_warm.py starts its own
os.environ["COURSE_WARM"] = "0"

REPO = Path(__file__).resolve().parents[1]
PILOT = REPO / "tests" / "fixtures" / "pilot_course"


@pytest.fixture
def repo_root() -> Path:
    """The repository (the real course root)."""
    return REPO


@pytest.fixture
def pilot_course(tmp_path) -> Path:
    """A fresh temporary copy of the tiny pilot course (tests/fixtures/pilot_course); returns its root."""
    dest = tmp_path / "pilot_course"
    shutil.copytree(PILOT, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints",
                                                                 "gradebook.db", ".nbgrader.log"))
    return dest
