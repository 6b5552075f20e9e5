"""Every lecture runs top to bottom headless, with no errors and no warnings.

The lectures are executed once per test session, by the course website's executor (``course_grader.site``:
two kernels at a time, widgets as static pictures) into its cache ``.site-cache/executed/``; ``tests/test_site.py``
(same ``xdist_group``, so the same worker, after this module) builds the site from that cache instead of running
the lectures again. A lecture whose notebook and ``course_utils`` are unchanged since its last clean run is
taken from the cache.

How long each takes is measured by ``benchmarks/bench_lectures.py`` (goal: under 30 s, the capstone under 60 s),
never asserted here: a timing assertion fails on a busy machine, not on a slow lecture.
"""
from pathlib import Path

import nbformat
import pytest

from course_grader import site

ROOT = Path(__file__).resolve().parents[1]
LECTURES = sorted((ROOT / "lectures").glob("*.ipynb"))


@pytest.fixture(scope="module")
def executed():
    """unit -> the executed lecture (from the cache when current)."""
    return {lec.unit: lec for lec in site.execute_lectures(ROOT, jobs=2)}


@pytest.mark.slow
@pytest.mark.xdist_group("lectures_site")
@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_executes_cleanly(path, executed):
    assert path.stem in executed, f"{path.name} has no source units/{path.stem}/lecture.md"
    lec = executed[path.stem]
    assert not lec.problems, "\n".join(lec.problems)
    n_outputs = sum(len(c.get("outputs", [])) for c in lec.executed.cells if c.cell_type == "code")
    assert n_outputs > 0, f"{path.name}: executed, but no cell produced any output"


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_structure(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    for needle in ["learning objectives", "<details>", "summary", "references"]:
        assert needle in text, f"{path.name} lacks a '{needle}' section"
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "course_utils" in code, f"{path.name} does not use course_utils"
    assert "course_utils.widgets" in code, f"{path.name} embeds no widget"
    n_titles = code.count("set_title(") + code.count("plt.title(") + code.count("suptitle(") + code.count("title=")
    assert n_titles >= 3, f"{path.name}: fewer than three titled figures"
