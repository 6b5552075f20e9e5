"""Fixtures for the real-browser tests: one JupyterLab server per session and headless Debian Chromium.

The server's root holds ``widget_fixture.ipynb`` (the slider test), ``lecture_widgets.ipynb`` (every widget call
of every lecture, generated from ``lectures/*.ipynb`` by :func:`lecture_widget_cells`) and a copy of
``lectures/`` (the README screenshot opens a real lecture).
"""
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HERE = Path(__file__).parent
REPO = HERE.parent.parent
ARTIFACTS = REPO / "test-artifacts"
LECTURES = REPO / "lectures"
WIDGETS_NOTEBOOK = "lecture_widgets.ipynb"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def lecture_widget_cells(lectures: Path = LECTURES) -> list[tuple[str, int, str]]:
    """Every code cell of every lecture that shows a widget: ``(lecture file name, cell index, source)``.

    A widget cell calls, on a line of its own, a name the lecture imports from ``course_utils.widgets`` (in that
    cell or an earlier one), e.g. ``playground(dataset="circles")``.
    """
    found = []
    for path in sorted(lectures.glob("*.ipynb")):
        names: set[str] = set()
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] != "code":
                continue
            src = _source(cell)
            for m in re.finditer(r"^[ \t]*from[ \t]+course_utils\.widgets[ \t]+import[ \t]+(\([\w\s,]+\)|[\w \t,]+)",
                                 src, re.M):
                names |= {n.strip() for n in m.group(1).strip("()").split(",") if n.strip()}
            if names and re.search(rf"^(\w+\s*=\s*)?({'|'.join(map(re.escape, sorted(names)))})\(", src, re.M):
                found.append((path.name, i, src))
    return found


def write_widgets_notebook(dest: Path, cells: list[tuple[str, int, str]]) -> None:
    """A notebook of the widget cells, in lecture order, each under a heading naming its lecture and cell."""
    nb_cells = [{"cell_type": "markdown", "id": "title", "metadata": {},
                 "source": "# Every widget of every lecture\nWritten by tests/browser/conftest.py."}]
    for k, (lecture, index, src) in enumerate(cells):
        nb_cells.append({"cell_type": "markdown", "id": f"h{k}", "metadata": {},
                         "source": f"## {lecture}, cell {index}"})
        nb_cells.append({"cell_type": "code", "id": f"w{k}", "metadata": {}, "execution_count": None,
                         "outputs": [], "source": src})
    nb = {"cells": nb_cells, "nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                      "name": "python3"}}}
    dest.write_text(json.dumps(nb, indent=1), encoding="utf-8")


@pytest.fixture
def chromium():
    """Path to Debian's chromium; skips (with the reason) when it is missing. Never downloads a browser."""
    if not CHROMIUM.exists():
        pytest.skip("browser test skipped: /usr/bin/chromium not found "
                    "(install it with `apt-get install chromium`; .ci/run does this)")
    pytest.importorskip("playwright.sync_api", reason="browser test skipped: Python playwright is not installed")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """The student's JupyterLab (``course bundle``'s ``.jupyter/``) on 127.0.0.1 with a random token, serving a
    temporary folder (see the module's docstring).

    Every cell stays attached to the page (``windowingMode: none``), so that cells out of view can be waited
    for and measured. Yields ``(base_url, token, root)``; the server is terminated afterwards.
    """
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "root"
    root.mkdir()
    shutil.copy(HERE / "widget_fixture.ipynb", root / "widget_fixture.ipynb")
    write_widgets_notebook(root / WIDGETS_NOTEBOOK, lecture_widget_cells())
    (root / "lectures").mkdir()
    for path in LECTURES.glob("*.ipynb"):
        shutil.copy(path, root / "lectures" / path.name)
    # the student's JupyterLab, as `course bundle` sets it up (nbgrader's instructor parts disabled), plus
    # every cell attached to the page and no news pop-up
    from course_grader.bundle import student_setup

    config = tmp / "config"
    for name, text in student_setup(REPO).items():
        if name.startswith(".jupyter/") and "/user-settings/" not in name:
            (config / name).parent.mkdir(parents=True, exist_ok=True)
            (config / name).write_text(text, encoding="utf-8")
    settings = tmp / "settings"
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))   # no pop-up over the widgets
    port, token = _free_port(), secrets.token_hex(16)
    jupyter = Path(sys.executable).with_name("jupyter")
    cmd = [str(jupyter), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.getuid() == 0:
        cmd.append("--allow-root")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTER_CONFIG_DIR=str(config / ".jupyter"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
    log_path = tmp / "lab.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n" + log_path.read_text(errors="replace"))
                time.sleep(0.3)
        yield base, token, root
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def lab_log(lab_server):
    """The end of the JupyterLab server's log (for failure messages)."""
    path = lab_server[2].parent / "lab.log"
    return lambda: path.read_text(errors="replace")[-4000:] if path.exists() else ""
