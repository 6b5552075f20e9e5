"""``python -m course_grader.labsetup VENV``: JupyterLab without the news pop-up or update check."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from course_grader import labsetup

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
NOTIFICATION_SCHEMA = SCHEMAS / "@jupyterlab" / "apputils-extension" / "notification.json"


def test_writes_settings_into_fresh_venv(tmp_path):
    path, changed = labsetup.write_overrides(tmp_path)
    assert changed
    assert path == tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    data = json.loads(path.read_text())
    assert data == {labsetup.PLUGIN: {"fetchNews": "false", "checkForUpdates": False}}


def test_idempotent(tmp_path):
    path, _ = labsetup.write_overrides(tmp_path)
    first = path.read_bytes()
    path2, changed = labsetup.write_overrides(tmp_path)
    assert path2 == path and not changed
    assert path.read_bytes() == first


def test_merges_with_existing_overrides(tmp_path):
    path = labsetup.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
        labsetup.PLUGIN: {"doNotDisturbMode": True, "fetchNews": "true"},
    }))
    labsetup.write_overrides(tmp_path)
    data = json.loads(path.read_text())
    assert data["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert data[labsetup.PLUGIN] == {"doNotDisturbMode": True, "fetchNews": "false", "checkForUpdates": False}


def test_reads_json5_overrides(tmp_path):
    path = labsetup.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('// my settings\n{"@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": [],},}\n')
    labsetup.write_overrides(tmp_path)
    data = json.loads(path.read_text())  # rewritten as strict JSON, which JupyterLab reads with json.load
    assert data["@jupyterlab/shortcuts-extension:shortcuts"] == {"shortcuts": []}
    assert data[labsetup.PLUGIN]["fetchNews"] == "false"


def test_rejects_garbage(tmp_path):
    path = labsetup.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("[1, 2]")
    with pytest.raises(SystemExit, match="JSON object"):
        labsetup.write_overrides(tmp_path)


@pytest.mark.skipif(not NOTIFICATION_SCHEMA.exists(), reason="JupyterLab schemas not installed")
def test_settings_valid_against_installed_jupyterlab_schema(tmp_path):
    """The keys and value types match the schema shipped with the installed JupyterLab."""
    schema = json.loads(NOTIFICATION_SCHEMA.read_text())
    for key, value in labsetup.SETTINGS.items():
        assert key in schema["properties"], f"JupyterLab no longer has the setting {key!r}"
    jsonschema.validate(labsetup.SETTINGS, schema)
    # "false" is the "Never" choice (a string), not the boolean false
    assert {"const": "false", "title": "Never"} in schema["properties"]["fetchNews"]["oneOf"]


@pytest.mark.skipif(not NOTIFICATION_SCHEMA.exists(), reason="JupyterLab schemas not installed")
def test_jupyterlab_server_applies_the_overrides(tmp_path):
    """jupyterlab_server (what the lab's settings API uses) turns the file into the plug-in's defaults."""
    from jupyterlab_server.settings_utils import get_settings

    path, _ = labsetup.write_overrides(tmp_path)
    result, _warnings = get_settings(str(path.parent), str(SCHEMAS), str(tmp_path / "user-settings"),
                                     schema_name=labsetup.PLUGIN)
    props = result["schema"]["properties"]
    assert props["fetchNews"]["default"] == "false"
    assert props["checkForUpdates"]["default"] is False


def test_command_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "course_grader.labsetup", str(tmp_path), "--port", "8899"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert "http://localhost:8899/lab" in run.stdout
    assert labsetup.overrides_path(tmp_path).exists()
    run2 = subprocess.run([sys.executable, "-m", "course_grader.labsetup", str(tmp_path / "missing")],
                          capture_output=True, text=True, cwd=ROOT)
    assert run2.returncode == 2 and "not a folder" in run2.stderr
