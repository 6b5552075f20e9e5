"""``course bundle --out DIR``: the student distribution leaks no solution, hidden test or gradebook."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from course_grader import cli
from course_grader.bundle import BundleError, build_bundle, find_leaks, secret_blocks

import grading_class as gc

FORBIDDEN_PARTS = {"solutions", "tests", "submitted", "autograded", "feedback", "exchange", "source", "release"}


def _blocks(solutions: Path) -> list[tuple[str, str]]:
    """Independent of bundle.py: the raw text between BEGIN/END SOLUTION and BEGIN/END HIDDEN TESTS."""
    out = []
    for nb_path in solutions.rglob("*.ipynb"):
        for cell in json.loads(nb_path.read_text(encoding="utf-8"))["cells"]:
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for kind, begin, end in (("solution", "### BEGIN SOLUTION", "### END SOLUTION"),
                                     ("hidden", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")):
                for part in src.split(begin)[1:]:
                    body = part.split(end)[0]
                    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
                    if lines:
                        out.append((kind, "\n".join(lines)))
    return out


def _all_text(bundle: Path) -> str:
    """Every file of the bundle as text; notebooks also as their joined, stripped cell sources."""
    return _all_text_of([p for p in bundle.rglob("*") if p.is_file()])


def _all_text_of(files: list[Path]) -> str:
    parts = []
    for p in files:
        text = p.read_bytes().decode("utf-8", errors="replace")
        parts.append(text)
        if p.suffix == ".ipynb":
            nb = json.loads(text)
            for cell in nb["cells"]:
                src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                parts.append("\n".join(ln.strip() for ln in src.splitlines() if ln.strip()))
    return "\n".join(parts)


def _library_defines(bundle: Path, block: str) -> bool:
    """The block is the body of a function that a course_utils module defines with the same text (allowed)."""
    for p in (bundle / "course_utils").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        norm = "\n".join(ln.strip() for ln in text.splitlines() if ln.strip())
        if block in norm:
            return True
    return False


def _assert_no_leak(bundle: Path, solutions: Path, allow_library: bool = False) -> None:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    assert files
    for p in files:
        rel = p.relative_to(bundle)
        assert not FORBIDDEN_PARTS & set(rel.parts[:-1]), rel
        assert not p.name.startswith("gradebook") and p.suffix not in (".db", ".sqlite"), rel
        assert p.read_bytes()[:15] != b"SQLite format 3", rel
    sol_hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in solutions.rglob("*.ipynb")}
    assert not sol_hashes & {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    text = _all_text(bundle)
    notebooks = _all_text_of([p for p in files if p.suffix == ".ipynb"])
    for kind, block in _blocks(solutions):
        if len(block) < 30:  # shorter blocks (e.g. "return a + b") are not specific enough to search for
            continue
        if kind == "solution" and allow_library and _library_defines(bundle, block):
            assert block not in notebooks, block[:80]  # never in a lecture or exercise
            continue
        assert block not in text, block[:80]
    for p in bundle.rglob("*.ipynb"):
        raw = p.read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in raw and "BEGIN SOLUTION" not in raw, p


@pytest.fixture(scope="module")
def _pilot_base(tmp_path_factory):
    """The pilot with markers in its solution and hidden blocks, released, plus instructor-only clutter."""
    root = gc.pilot_copy(tmp_path_factory.mktemp("bundle") / "course")
    gc.plant_markers(root)
    shutil.rmtree(root / "exercises", ignore_errors=True)
    gc.release(root)
    (root / "lectures").mkdir(exist_ok=True)
    shutil.copy(gc.REPO / "pyproject.toml", root / "pyproject.toml")
    (root / "Makefile").write_text("lab:\n\techo lab\n")
    (root / "course_utils").mkdir(exist_ok=True)
    (root / "course_utils" / "__init__.py").write_text('"""stand-in library"""\n')
    (root / "lectures" / "01_pilot.ipynb").write_text(json.dumps({
        "cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Unit 1: the pilot\n"}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    sqlite3.connect(root / "gradebook.db").execute("create table t (x)").connection.commit()
    for d in ("submitted/s1/01_pilot", "autograded/s1/01_pilot", "feedback/s1/01_pilot", "exchange/ffnn/inbound"):
        (root / d).mkdir(parents=True)
        (root / d / "pilot.ipynb").write_bytes((root / "solutions" / gc.AID / gc.NB).read_bytes())
    return root


@pytest.fixture
def pilot(_pilot_base, tmp_path):
    """A fresh copy of the prepared pilot (released once per module with nbgrader)."""
    return Path(shutil.copytree(_pilot_base, tmp_path / "course"))


@pytest.mark.slow
def test_pilot_bundle_leaks_nothing(pilot, tmp_path, capsys):
    out = tmp_path / "bundle"
    assert cli.main(["--course-dir", str(pilot), "bundle", "--out", str(out)]) == 0
    assert "wrote the student bundle" in capsys.readouterr().out
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"README.md", "pyproject.toml", "Makefile", "nbgrader_config.py", "lectures/01_pilot.ipynb",
            "exercises/01_pilot/pilot.ipynb", "exercises/01_pilot/points.csv", "course_utils/__init__.py"} <= names
    # the markers planted in the solution and hidden-test blocks are nowhere, in any file
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    for marker in (gc.HIDDEN_MARKER, gc.HIDDEN_MARKER2, gc.SOLUTION_MARKER):
        assert marker.encode() not in everything
        assert marker.encode() in (pilot / "solutions" / gc.AID / gc.NB).read_bytes()  # (they were planted)
    _assert_no_leak(out, pilot / "solutions")
    assert not find_leaks(out, pilot / "solutions", pilot / "exercises")


@pytest.mark.slow
def test_student_readme(pilot, tmp_path):
    out, _ = build_bundle(pilot, tmp_path / "b")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make validate" in readme and "course validate" not in readme
    assert "| 01_pilot | `exercises/01_pilot/pilot.ipynb` | 100 |" in readme
    assert "`lectures/01_pilot.ipynb`: Unit 1: the pilot" in readme
    assert "solution" not in readme.lower().replace("solutions/", "")
    assert "lecture-widget.png" not in readme   # this course has no screenshot: no broken picture


@pytest.mark.slow
def test_refuses_to_overwrite(pilot, tmp_path, capsys):
    out = tmp_path / "b"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert cli.main(["--course-dir", str(pilot), "bundle", "--out", str(out)]) == 1
    assert "use --force" in capsys.readouterr().err and (out / "keep.txt").exists()
    assert cli.main(["--course-dir", str(pilot), "bundle", "--out", str(out), "--force"]) == 0
    assert not (out / "keep.txt").exists()


@pytest.mark.slow
def test_leak_checker_catches_planted_leaks(pilot, tmp_path):
    """Mutation test of the checker itself: each kind of leak is reported."""
    out, _ = build_bundle(pilot, tmp_path / "b")
    sols = pilot / "solutions"
    shutil.copy(sols / gc.AID / gc.NB, out / "lectures" / "copy.ipynb")
    hidden = next(t for w, t in secret_blocks(sols) if "hidden" in w and "test_step" in w)
    (out / "course_utils" / "helpers.py").write_text("# pasted\n" + hidden + "\n")
    shutil.copy(pilot / "gradebook.db", out / "course_utils" / "cache.bin")
    (out / "tests").mkdir()
    (out / "tests" / "x.txt").write_text("x")
    leaks = find_leaks(out, sols, pilot / "exercises")
    assert any("lectures/copy.ipynb" in s for s in leaks.solution_files)
    assert any("course_utils/helpers.py" in s and "test_step" in s for s in leaks.blocks)
    assert any("lectures/copy.ipynb" in s for s in leaks.delimiters)
    assert leaks.databases == ["course_utils/cache.bin"]
    assert "tests/x.txt" in leaks.paths


@pytest.mark.slow
def test_build_refuses_a_leaking_lecture(pilot, tmp_path):
    """A lecture that quotes a solution block verbatim stops the bundle (and nothing is left behind)."""
    sol = gc.solution(pilot)
    cell = next(c for c in sol.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "add_bias")
    body = cell.source.split("### BEGIN SOLUTION\n")[1].split("### END SOLUTION")[0]
    lec = json.loads((pilot / "lectures" / "01_pilot.ipynb").read_text())
    lec["cells"].append({"cell_type": "code", "id": "b", "metadata": {}, "outputs": [], "execution_count": None,
                         "source": "# worked example\n" + body})
    (pilot / "lectures" / "01_pilot.ipynb").write_text(json.dumps(lec))
    with pytest.raises(BundleError, match=r"lectures/01_pilot.ipynb contains .*add_bias.* solution block"):
        build_bundle(pilot, tmp_path / "b")
    assert not (tmp_path / "b").exists()


def test_real_course_bundle_leaks_nothing(repo_root, tmp_path):
    """The actual course: bundle it and check with the independent checks above."""
    notes = []
    out, files = build_bundle(repo_root, tmp_path / "bundle", notes=notes)
    assert "README.md" in files and any(f.startswith("course_utils/") for f in files)
    # the grader and the Markdown sources stay with the instructor; set-up written for students
    assert not any(f.startswith(("course_grader/", "units/")) for f in files)
    assert "course_grader" not in (out / "pyproject.toml").read_text() + (out / "Makefile").read_text()
    assert not any(re.search(r"^\s*(from|import)\s+course_grader", (out / f).read_text(errors="replace"), re.M)
                   for f in files if f.endswith(".py"))
    assert not any(re.search(r"(^|/)(tests|solutions)/", f) for f in files)
    # the README shows the browser test's screenshot of a lecture with a widget, shipped in the bundle
    shot = repo_root / "docs" / "img" / "lecture-widget.png"
    assert shot.stat().st_size < 200_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "img" / "lecture-widget.png").read_bytes() == shot.read_bytes()
    assert "](img/lecture-widget.png)" in (out / "README.md").read_text(encoding="utf-8")
    # hidden tests: nowhere; solution blocks: nowhere, except where course_utils (shipped by design) implements
    # the same function in the same words -- reported by the bundle, listed here
    _assert_no_leak(out, repo_root / "solutions", allow_library=True)
    for note in notes:
        print("library overlap:", note)


@pytest.mark.slow
def test_students_can_validate_inside_the_bundle(pilot, tmp_path):
    """The bundle is usable without the grader: nbgrader's own `validate` (what the student's Validate button and
    `make validate` run) checks a released exercise there and reports the unsolved answers."""
    out, _ = build_bundle(pilot, tmp_path / "b")
    assert "nbgrader validate $(NB)" in (out / "Makefile").read_text()
    nb = out / "exercises" / gc.AID / gc.NB
    run = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "validate", nb.name], cwd=nb.parent,
                         capture_output=True, text=True, timeout=300)
    text = run.stdout + run.stderr
    assert "NotImplementedError" in text and "The following cell failed" in text, text[-2000:]


def _lab_state(cwd: Path, env_extra: dict) -> dict:
    """Start JupyterLab in ``cwd`` with ``env_extra`` and report what a browser would get: the lab page's
    disabled plug-ins and the HTTP status of nbgrader's server endpoints."""
    import os
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, **env_extra}
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", "--ServerApp.token=t", f"--ServerApp.root_dir={cwd}",
           "--LabApp.news_url=None"]
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def get(path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}?token=t", timeout=20) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, page = get("/lab")
                if status == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert proc.poll() is None, f"JupyterLab exited: {proc.stderr.read()[-2000:]}"
            assert time.monotonic() < deadline, "JupyterLab did not start within 120 s"
            time.sleep(0.5)
        data = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        return {"disabled": set(data.get("disabledExtensions", [])),
                "formgrader": get("/formgrader")[0], "course_list": get("/formgrader/api/courses")[0],
                "assignments": get("/assignments")[0], "validate": get("/assignments/validate")[0]}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow
def test_bundle_lab_has_student_tools_only_and_instructor_lab_everything(pilot, tmp_path):
    """The bundle's JupyterLab (its Makefile points JUPYTER_CONFIG_DIR at its .jupyter/) disables nbgrader's
    instructor parts and keeps the assignment list and validate; the course repository's lab keeps everything."""
    from course_grader.bundle import INSTRUCTOR_LAB_PLUGINS

    out, _ = build_bundle(pilot, tmp_path / "b")
    makefile = (out / "Makefile").read_text()
    assert "export JUPYTER_CONFIG_DIR := $(CURDIR)/.jupyter" in makefile
    student = _lab_state(out, {"JUPYTER_CONFIG_DIR": str(out / ".jupyter"),
                               "JUPYTERLAB_SETTINGS_DIR": str(out / ".jupyter" / "lab" / "user-settings")})
    assert set(INSTRUCTOR_LAB_PLUGINS) <= student["disabled"]
    assert not any("assignment-list" in p or "validate" in p for p in student["disabled"])
    assert student["formgrader"] == 404                     # formgrader server extension not loaded
    assert student["assignments"] != 404                    # assignment list server extension loaded
    instructor = _lab_state(pilot, {"JUPYTER_CONFIG_DIR": str(tmp_path / "empty-config")})
    assert not any(p.startswith("@jupyter/nbgrader") for p in instructor["disabled"])
    assert instructor["formgrader"] != 404


@pytest.mark.slow
def test_library_overlap_is_reported_not_fatal(pilot, tmp_path):
    """A course_utils module that defines a graded function in its solution's words: a note, not a leak;
    the same text in any other file (or a hidden test anywhere) stays fatal."""
    body = next(t for w, t in secret_blocks(pilot / "solutions") if "[add_bias] solution" in w)
    lib = "def add_bias(X):\n    " + body.replace("\n", "\n    ") + "\n"
    (pilot / "course_utils" / "perceptron.py").write_text("import numpy as np\n\n\n" + lib)
    notes = []
    out, _ = build_bundle(pilot, tmp_path / "b", notes=notes)
    assert len(notes) == 1 and "course_utils/perceptron.py implements add_bias" in notes[0]
    (pilot / "course_utils" / "other.py").write_text("def helper(X):\n    " + body.replace("\n", "\n    ") + "\n")
    with pytest.raises(BundleError, match="course_utils/other.py contains .*add_bias"):
        build_bundle(pilot, tmp_path / "b2")
