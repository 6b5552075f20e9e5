"""``course build``: every notebook under ``lectures/`` and ``solutions/`` is built from its MyST Markdown source in
``units/``; the committed notebooks are byte for byte what ``course build`` writes now (``course build --check``,
part of ``make test``), and ``--check`` notices a notebook that differs or has no source."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_grader.build import BuildError, build, notebook_from_source, sources

ROOT = Path(__file__).resolve().parents[1]

DEMO_SOURCE = '''---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

+++ {"nbgrader": {"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}}

# A demo assignment

With $\\sigma(z) = 1/(1 + e^{-z})$.

```{code-cell} ipython3
import numpy as np
```

```{code-cell} ipython3
---
nbgrader:
  grade: false
  grade_id: double
  locked: false
  schema_version: 3
  solution: true
  task: false
---
def double(x):
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION
```

```{code-cell} ipython3
---
nbgrader:
  grade: true
  grade_id: test_double
  locked: true
  points: 1
  schema_version: 3
  solution: false
  task: false
---
assert double(2) == 4
```

Some closing words.
'''


def test_every_unit_has_its_sources():
    units = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    for unit in units:
        folder = ROOT / "units" / unit
        assert (folder / "lecture.md").is_file(), f"units/{unit}/lecture.md missing"
        for nb in (ROOT / "solutions" / unit).glob("*.ipynb"):
            assert (folder / f"{nb.stem}.md").is_file(), f"units/{unit}/{nb.stem}.md missing"


def test_no_build_scripts_left():
    assert not list((ROOT / "tools").glob("build_*.py")), "notebook prose belongs in units/*.md, not in Python"


def test_committed_notebooks_are_built_from_their_sources():
    proc = subprocess.run([sys.executable, "-m", "course_grader", "--course-dir", str(ROOT), "build", "--check"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, f"run `course build` (then `course release`)\n{proc.stdout}{proc.stderr}"


@pytest.fixture
def demo_course(tmp_path) -> Path:
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path / "nbgrader_config.py")
    unit = tmp_path / "units" / "01_demo"
    unit.mkdir(parents=True)
    (unit / "demo.md").write_text(DEMO_SOURCE, encoding="utf-8")
    (unit / "lecture.md").write_text("# A lecture\n\n```{code-cell} ipython3\nx = 1\n```\n\nThe end.\n",
                                     encoding="utf-8")
    return tmp_path


def test_build_writes_clean_deterministic_notebooks(demo_course, capsys):
    assert [s.target.relative_to(demo_course).as_posix() for s in sources(demo_course)] == \
        ["lectures/01_demo.ipynb", "solutions/01_demo/demo.ipynb"]
    assert build(demo_course, check=True) == 1, "missing notebooks are out of date"
    assert build(demo_course) == 0
    solution = demo_course / "solutions" / "01_demo" / "demo.ipynb"
    first = solution.read_bytes()
    assert build(demo_course, check=True) == 0
    assert build(demo_course) == 0 and solution.read_bytes() == first, "a rebuild gives the same bytes"
    assert first.endswith(b"}\n")

    nb = json.loads(first)
    assert (nb["nbformat"], nb["nbformat_minor"]) == (4, 5)
    assert nb["metadata"]["kernelspec"]["name"] == "python3" and "widgets" not in nb["metadata"]
    assert [c["id"] for c in nb["cells"]] == ["intro", "demo-1", "double", "test_double", "demo-4"]
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown", "code", "code", "code", "markdown"]
    assert "".join(nb["cells"][0]["source"]).startswith("# A demo assignment")
    assert nb["cells"][3]["metadata"]["nbgrader"]["points"] == 1
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in nb["cells"] if c["cell_type"] == "code")
    lecture = json.loads((demo_course / "lectures" / "01_demo.ipynb").read_text())
    assert [c["id"] for c in lecture["cells"]] == ["01_demo-0", "01_demo-1", "01_demo-2"]


def test_check_lists_every_stale_or_sourceless_notebook(demo_course, capsys):
    assert build(demo_course) == 0
    solution = demo_course / "solutions" / "01_demo" / "demo.ipynb"
    solution.write_text(solution.read_text().replace("2 * x", "3 * x"))
    (demo_course / "lectures" / "99_orphan.ipynb").write_text("{}")
    capsys.readouterr()
    assert build(demo_course, check=True) == 1
    out = capsys.readouterr().out
    assert "solutions/01_demo/demo.ipynb: differs from units/01_demo/demo.md" in out
    assert "lectures/99_orphan.ipynb: no source" in out
    assert "lectures/01_demo.ipynb: up to date" in out
    assert "3 * x" in solution.read_text(), "--check changes nothing"
    # the edit loop: edit the source, build, and the check is clean again
    src = demo_course / "units" / "01_demo" / "demo.md"
    src.write_text(src.read_text().replace("2 * x", "3 * x"))
    (demo_course / "lectures" / "99_orphan.ipynb").unlink()
    assert build(demo_course) == 0 and build(demo_course, check=True) == 0


def test_build_of_selected_units_and_unknown_units(demo_course, capsys):
    assert build(demo_course, ["01_demo"]) == 0
    assert build(demo_course, ["02_nothing"]) == 2
    assert "no sources for 02_nothing" in capsys.readouterr().err


def test_duplicate_grade_ids_are_refused():
    text = DEMO_SOURCE.replace("grade_id: test_double", "grade_id: double")
    with pytest.raises(BuildError, match="grade_id used by more than one cell: double"):
        notebook_from_source(text, "demo", "demo.md")


def test_pilot_course_notebook_is_built_from_its_source():
    pilot = ROOT / "tests" / "fixtures" / "pilot_course"
    assert build(pilot, check=True) == 0, ("run `course --course-dir tests/fixtures/pilot_course build` "
                                          "(then release there)")
