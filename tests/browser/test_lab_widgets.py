"""A real browser moves a widget slider in JupyterLab and the figure changes.

Headless Debian Chromium via Python Playwright (never a downloaded browser); skipped, with the reason,
when /usr/bin/chromium is missing. A screenshot goes to test-artifacts/ on failure.
"""
import pytest

from ._lab import dismiss_dialogs, wait_for_idle_kernel
from .conftest import ARTIFACTS, CHROMIUM_ARGS

pytestmark = [pytest.mark.slow, pytest.mark.browser]

IMAGE = ".jp-OutputArea-output img.widget-image"


def _image_bytes(page):
    """Size and a checksum of the PNG the Image widget currently shows (read back from its blob URL)."""
    return page.evaluate("""async (sel) => {
        const img = document.querySelector(sel);
        const buf = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
        let h = 0;
        for (const b of buf) { h = (h * 31 + b) >>> 0; }
        return [img.src, buf.length, h];
    }""", IMAGE)


def test_learning_rate_slider_moves_the_figure_in_jupyterlab(chromium, lab_server, lab_log, tmp_path):
    from playwright.sync_api import sync_playwright

    base, token, _ = lab_server
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(f"{base}/lab/workspaces/slider/tree/widget_fixture.ipynb?token={token}", timeout=60_000)
            page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
            # wait until the notebook's kernel has started and is idle (the server says so), then run all cells
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
            wait_for_idle_kernel(base, token, "widget_fixture.ipynb")
            for attempt in range(3):  # a kernel that has only just connected may drop the first request
                dismiss_dialogs(page, dialogs)
                page.locator(".lm-MenuBar-item", has_text="Run").first.click()
                page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
                try:
                    page.wait_for_selector(IMAGE, state="visible", timeout=45_000)
                    break
                except Exception:
                    if attempt == 2:
                        raise
            page.wait_for_function("s => { const i = document.querySelector(s); return i && i.naturalWidth > 0 }",
                                   arg=IMAGE, timeout=30_000)
            before = _image_bytes(page)
            assert before[1] > 1000, "the widget's figure is empty"

            slider = page.locator(".widget-slider", has_text="learning rate").first
            handle = slider.locator(".noUi-handle").first
            readout_before = slider.locator(".widget-readout").inner_text()
            handle.focus()
            for _ in range(5):
                page.keyboard.press("ArrowRight")
            page.wait_for_function("([s, old]) => document.querySelector(s).src !== old",
                                   arg=[IMAGE, before[0]], timeout=30_000)
            page.wait_for_timeout(500)   # let the last of the key presses arrive
            after = _image_bytes(page)
            assert slider.locator(".widget-readout").inner_text() != readout_before, "the slider did not move"
            assert after[0] != before[0] and (after[1], after[2]) != (before[1], before[2]), \
                "the figure did not change after moving the slider"
            page.screenshot(path=str(tmp_path / "lab_widgets.png"))
        except BaseException as exc:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "lab_widgets_failure.png"), full_page=True)
            exc.add_note(f"dialogs JupyterLab showed: {dialogs or 'none'}\nend of the server log:\n{lab_log()}")
            raise
        finally:
            browser.close()
