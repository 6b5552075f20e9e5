"""Driving JupyterLab from Playwright: open a notebook, wait for its kernel, run cells, dismiss dialogs.

Every wait is on a condition, with a generous timeout: the tests run on a shared, loaded 2-core machine.
"""
from __future__ import annotations

import json
import re
import time
import urllib.parse
import urllib.request


def wait_for_idle_kernel(base: str, token: str, notebook: str, timeout: float = 120) -> None:
    """Poll the server's sessions API until ``notebook`` has a kernel that is idle."""
    deadline = time.monotonic() + timeout
    sessions = []
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as r:
            sessions = json.load(r)
        if any(s.get("path", "").endswith(notebook) and (s.get("kernel") or {}).get("execution_state") == "idle"
               for s in sessions):
            return
        time.sleep(0.5)
    raise AssertionError(f"the kernel of {notebook} did not become idle within {timeout} s: {sessions}")


def dismiss_dialogs(page, seen: list) -> None:
    """Close any modal dialog JupyterLab shows (say "Kernel Restarting" on a loaded machine), noting its text.

    A dialog blocks every click on the page; the test goes on after it and reports what it saw on failure.
    """
    dialog = page.locator(".jp-Dialog")
    while dialog.count():
        seen.append(" ".join(dialog.first.inner_text().split()))
        buttons = dialog.first.locator(".jp-Dialog-button.jp-mod-accept")
        if buttons.count():
            buttons.last.click()
        else:
            page.keyboard.press("Escape")
        page.wait_for_timeout(500)
        if len(seen) > 10:
            raise AssertionError(f"JupyterLab keeps showing dialogs: {seen}")


def open_notebook(page, base: str, token: str, path: str, dialogs: list) -> None:
    """Open ``path`` (relative to the server's root) in JupyterLab and wait until its kernel is idle."""
    workspace = re.sub(r"\W", "-", path)      # a workspace of its own: no tabs left open by another test
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/{urllib.parse.quote(path)}?token={token}", timeout=90_000)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=90_000)
    wait_for_idle_kernel(base, token, path.rsplit("/", 1)[-1])
    dismiss_dialogs(page, dialogs)


def run_menu(page, item: str, dialogs: list) -> None:
    """Click Run > ``item`` (e.g. "Run All Cells", "Run Selected Cell")."""
    dismiss_dialogs(page, dialogs)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item", has_text=item).first.click()


def set_file_browser(page, open_: bool) -> None:
    """Open or close the left sidebar's file browser, and wait until it is so."""
    browser = page.locator("#filebrowser")
    if browser.is_visible() != open_:
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id='filebrowser']").click()
    page.wait_for_function("o => { const b = document.querySelector('#filebrowser');"
                           " return !!(b && b.offsetWidth > 0) === o }", arg=open_, timeout=30_000)


def settle(page) -> None:
    """Let the layout settle: two animation frames after the widgets' last resize."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
