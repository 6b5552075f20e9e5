"""Quiet JupyterLab for the course: no "Jupyter news" pop-up, no update check.

``make lab`` runs ``python -m course_grader.labsetup .venv`` before starting JupyterLab. It writes
(or merges into) ``{venv}/share/jupyter/lab/settings/overrides.json``, the file JupyterLab reads for
installation-wide default settings, so that the notification plug-in

* never fetches the Jupyter news feed (``fetchNews = "false"``, the "Never" choice; the default ``"none"``
  asks with a pop-up the first time a student opens the lab), and
* never checks for a newer JupyterLab (``checkForUpdates = false``).

Schema (JupyterLab 4.x): ``share/jupyter/lab/schemas/@jupyterlab/apputils-extension/notification.json``,
where ``fetchNews`` is a *string* (``"true"``, ``"false"`` or ``"none"``) and ``checkForUpdates`` a boolean.

The script is idempotent: existing overrides for other plug-ins (and other keys of this plug-in) are kept;
running it twice leaves the file byte-for-byte unchanged. It then prints how to reach the lab.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

PLUGIN = "@jupyterlab/apputils-extension:notification"
SETTINGS = {"fetchNews": "false", "checkForUpdates": False}


def overrides_path(venv: str | os.PathLike) -> Path:
    """Where JupyterLab installed in ``venv`` looks for its settings overrides."""
    return Path(venv) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def _read(path: Path) -> dict:
    if not path.exists() or not path.read_text(encoding="utf-8").strip():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # JupyterLab itself accepts JSON5 (comments, trailing commas) in overrides.json
        try:
            import json5
        except ImportError as exc:  # pragma: no cover - json5 ships with jupyterlab_server
            raise SystemExit(f"labsetup: {path} is not valid JSON; fix or remove it") from exc
        try:
            data = json5.loads(text)
        except ValueError as exc:
            raise SystemExit(f"labsetup: {path} is neither JSON nor JSON5 ({exc}); fix or remove it") from exc
    if not isinstance(data, dict):
        raise SystemExit(f"labsetup: {path} must hold a JSON object, found {type(data).__name__}")
    return data


def write_overrides(venv: str | os.PathLike) -> tuple[Path, bool]:
    """Merge the course's JupyterLab settings into ``{venv}``'s ``overrides.json``.

    Parameters
    ----------
    venv : path
        The virtual environment (or conda prefix) JupyterLab is installed in.

    Returns
    -------
    path : Path
        The overrides file.
    changed : bool
        Whether the file was (re)written; ``False`` when it already held these settings.
    """
    path = overrides_path(venv)
    data = _read(path)
    plugin = data.get(PLUGIN)
    if not isinstance(plugin, dict):
        plugin = {}
    merged = {**data, PLUGIN: {**plugin, **SETTINGS}}
    text = json.dumps(merged, indent=2, sort_keys=True) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path, True


def url_hint(port: int | str) -> str:
    return (f"JupyterLab is starting at http://localhost:{port}/lab - open the link with the token that "
            f"Jupyter prints below if no browser window appears.\n"
            f"Start with lectures/ (read and run), then exercises/ (your assignments); before submitting, "
            f"check a notebook with: course validate exercises/<unit>/<notebook>.ipynb")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_grader.labsetup",
        description="Turn off JupyterLab's news pop-up and update check for this environment.")
    parser.add_argument("venv", nargs="?", default=sys.prefix,
                        help="virtual environment JupyterLab is installed in (default: the running one)")
    parser.add_argument("--port", default=os.environ.get("PORT", "8888"),
                        help="port JupyterLab will listen on, for the printed link (default: $PORT or 8888)")
    args = parser.parse_args(argv)
    if not Path(args.venv).is_dir():
        print(f"labsetup: {args.venv} is not a folder (expected the virtual environment)", file=sys.stderr)
        return 2
    path, changed = write_overrides(args.venv)
    print(f"labsetup: {'wrote' if changed else 'kept'} {path} (no Jupyter news, no update check)")
    print(url_hint(args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
