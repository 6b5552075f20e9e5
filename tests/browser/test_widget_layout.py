"""Every widget of every lecture reads cleanly in JupyterLab, and the README's screenshot of a lecture.

Headless Debian Chromium via Python Playwright (never a downloaded browser); skipped, with the reason, when
/usr/bin/chromium is missing. One notebook holds every widget cell of ``lectures/*.ipynb`` (the lectures' own
code, found by ``conftest.lecture_widget_cells``); it runs once, then for each layout a student is likely to
have -- 1280 px wide with the file browser open, 1024 px with it closed -- and a narrow one (900 px with the
file browser open: the controls must wrap), each widget is measured:

* every description label, slider readout, dropdown, toggle button, button and checkbox shows its whole
  content (``scrollWidth <= clientWidth``; a dropdown's longest option fits beside its arrow);
* nothing is cut off by a container (no control or figure reaches past a box that clips it) and no box of the
  widget scrolls sideways: a narrow output wraps the controls instead.

A screenshot of each widget in each layout goes to ``test-artifacts/widgets/`` for review (and of the page on
failure). :func:`test_readme_screenshot_of_a_lecture` opens a real lecture, runs its widget cell and (re)writes
``docs/img/lecture-widget.png``, the picture the students' README (``course bundle``) shows.
"""
from __future__ import annotations

import io

import pytest

from ._lab import open_notebook, run_menu, set_file_browser, settle
from .conftest import ARTIFACTS, CHROMIUM_ARGS, REPO, WIDGETS_NOTEBOOK, lecture_widget_cells

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: (viewport width, file browser open): outputs of about 848, 844 and 470 px
LAYOUTS = [(1280, True), (1024, False), (900, True)]
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
CODE_CELLS = f"{PANEL} .jp-CodeCell"
README_IMAGE = REPO / "docs" / "img" / "lecture-widget.png"
#: the lecture and widget call the README's screenshot shows
README_LECTURE, README_CALL = "04_backprop.ipynb", 'playground(dataset="xor")'

MEASURE = """(out) => {
  const problems = [];
  const ctx = document.createElement('canvas').getContext('2d');
  const name = el => {
    const ctl = el.closest('.widget-inline-hbox, .widget-toggle-buttons, .widget-checkbox, .widget-button');
    const label = ctl && ctl.querySelector('.widget-label');
    return ((label && label.textContent.trim()) || el.textContent.trim() || el.tagName).slice(0, 40);
  };
  const shown = el => el.getClientRects().length > 0 && el.offsetWidth > 0
                      && getComputedStyle(el).visibility !== 'hidden';
  const clippedBy = el => {   // the first ancestor (up to the output) that hides part of el
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (a === out || getComputedStyle(a).overflowX !== 'visible') {
        const ar = a.getBoundingClientRect();
        if (r.left < ar.left - 0.5 || r.right > ar.right + 0.5)
          return `${String(a.className).split(' ').slice(0, 2).join(' ') || a.tagName} of ${Math.round(ar.width)} px`;
      }
      if (a === out) break;
    }
    return null;
  };
  let controls = 0;
  const sel = '.widget-label, .widget-readout, .widget-dropdown > select, .widget-toggle-button, '
            + 'button.widget-button, .widget-checkbox, .widget-image';
  for (const el of out.querySelectorAll(sel)) {
    if (!shown(el)) continue;
    const kind = el.matches('.widget-readout') ? 'readout' : el.matches('select') ? 'dropdown'
               : el.matches('.widget-label') ? 'label' : el.matches('.widget-image') ? 'figure' : 'control';
    const what = `${kind} '${name(el)}'`;
    if (kind !== 'figure') {
      controls++;
      if (el.scrollWidth > el.clientWidth)
        problems.push(`${what}: content of ${el.scrollWidth} px in ${el.clientWidth} px (clipped)`);
    }
    if (kind === 'dropdown') {
      const cs = getComputedStyle(el);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const widest = Math.max(...[...el.options].map(o => ctx.measureText(o.text).width));
      if (widest > room)
        problems.push(`${what}: its longest option needs ${widest.toFixed(0)} px beside the arrow, has ${room.toFixed(0)}`);
    }
    const by = clippedBy(el);
    if (by) problems.push(`${what} is cut off by its container (${by})`);
  }
  for (const box of [out, ...out.querySelectorAll('.widget-box')]) {
    if (shown(box) && box.scrollWidth > box.clientWidth + 1)
      problems.push(`a box (${String(box.className).split(' ').slice(0, 3).join(' ')}) scrolls sideways: `
                    + `${box.scrollWidth} px of content in ${box.clientWidth} px`);
  }
  return {problems, controls, width: Math.round(out.getBoundingClientRect().width)};
}"""


def _wait_until_run(page, n_cells: int, dialogs: list) -> None:
    """Run all cells (again if the kernel, only just connected, dropped the request); wait until all have run."""
    done = (f"n => {{ const c = [...document.querySelectorAll('{CODE_CELLS} .jp-InputPrompt')];"
            " return c.length === n && c.every(p => /\\[\\d+\\]/.test(p.textContent)) }")
    started = (f"() => [...document.querySelectorAll('{CODE_CELLS} .jp-InputPrompt')]"
               ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))")
    for attempt in range(3):
        run_menu(page, "Run All Cells", dialogs)
        try:
            page.wait_for_function(started, timeout=30_000)
            break
        except Exception:
            if attempt == 2:
                raise
    page.wait_for_function(done, arg=n_cells, timeout=300_000)


def _widget_outputs(page, cells) -> list:
    """The output element of each widget cell, once its figure has arrived (or the cell's error, as a failure)."""
    outputs = []
    for k, (lecture, index, _) in enumerate(cells):
        cell = page.locator(CODE_CELLS).nth(k)
        image = cell.locator(".jp-OutputArea-output img.widget-image").first
        try:
            image.wait_for(state="attached", timeout=60_000)
            page.wait_for_function("img => img.naturalWidth > 0", arg=image.element_handle(), timeout=60_000)
        except Exception:
            text = cell.locator(".jp-OutputArea").inner_text()[-3000:]
            raise AssertionError(f"{lecture}, cell {index}: no widget appeared; its output:\n{text}") from None
        outputs.append(cell.locator(".jp-OutputArea-output").filter(has=page.locator("img.widget-image")).first)
    return outputs


def _fail_with_page(page, exc: BaseException, dialogs: list, lab_log, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    except Exception:  # the page itself may be gone
        pass
    exc.add_note(f"screenshot: {ARTIFACTS / name}\ndialogs JupyterLab showed: {dialogs or 'none'}\n"
                 f"end of the server log:\n{lab_log()}")


def test_every_lecture_widget_reads_cleanly(chromium, lab_server, lab_log):
    from playwright.sync_api import sync_playwright

    base, token, _ = lab_server
    cells = lecture_widget_cells()
    lectures = {lecture for lecture, _, _ in cells}
    assert len(lectures) >= 7, f"expected a widget in every lecture, found them in {sorted(lectures)}"
    shots = ARTIFACTS / "widgets"
    shots.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": LAYOUTS[0][0], "height": 900})
        try:
            open_notebook(page, base, token, WIDGETS_NOTEBOOK, dialogs)
            _wait_until_run(page, len(cells), dialogs)
            outputs = _widget_outputs(page, cells)
            problems = []
            for width, browser_open in LAYOUTS:
                page.set_viewport_size({"width": width, "height": 900})
                set_file_browser(page, browser_open)
                where = f"{width} px, file browser {'open' if browser_open else 'closed'}"
                for (lecture, index, _), out in zip(cells, outputs):
                    out.scroll_into_view_if_needed()
                    settle(page)
                    found = out.evaluate(MEASURE)
                    assert found["controls"] >= 2, f"{lecture}, cell {index}: no controls found ({where})"
                    problems += [f"{lecture}, cell {index} ({where}; output {found['width']} px): {p}"
                                 for p in found["problems"]]
                    out.screenshot(path=str(shots / f"{width}px-{lecture.removesuffix('.ipynb')}-cell{index}.png"))
            assert not problems, "controls that do not read cleanly:\n" + "\n".join(problems)
        except BaseException as exc:
            _fail_with_page(page, exc, dialogs, lab_log, "widget_layout_failure.png")
            raise
        finally:
            browser.close()


def _save_if_changed(png: bytes, dest) -> bool:
    """Write the screenshot as a palette PNG (small) unless ``dest`` already shows practically the same picture
    (at most 0.5% of the pixels differ: a blinking cursor, an execution count), so a run leaves git clean."""
    import numpy as np
    from PIL import Image

    small = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT,
                                                                  dither=Image.Dither.NONE)
    if dest.exists():
        old, new = (np.asarray(im.convert("RGB"), dtype=np.int16) for im in (Image.open(dest), small))
        if old.shape == new.shape and np.mean(np.abs(old - new).max(axis=-1) > 32) <= 0.005:
            return False
    dest.parent.mkdir(parents=True, exist_ok=True)
    small.save(dest, format="PNG", optimize=True)
    return True


def test_readme_screenshot_of_a_lecture(chromium, lab_server, lab_log):
    """Open a real lecture with the file browser open, run its widget cell and save the view for the README."""
    from playwright.sync_api import sync_playwright

    base, token, _ = lab_server
    index = next(i for lecture, i, src in lecture_widget_cells() if lecture == README_LECTURE and README_CALL in src)
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            open_notebook(page, base, token, f"lectures/{README_LECTURE}", dialogs)
            set_file_browser(page, True)
            cell = page.locator(f"{PANEL} .jp-Notebook .jp-Cell").nth(index)
            cell.scroll_into_view_if_needed()
            cell.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Escape")
            for attempt in range(3):   # a kernel that has only just connected may drop the first request
                page.keyboard.press("Control+Enter")
                try:
                    cell.locator("img.widget-image").first.wait_for(state="attached", timeout=60_000)
                    break
                except Exception:
                    if attempt == 2:
                        raise
            image = cell.locator("img.widget-image").first
            page.wait_for_function("img => img.naturalWidth > 0", arg=image.element_handle(), timeout=60_000)
            page.wait_for_selector(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
            # the widget's bottom edge near the bottom of the view, the lecture's text above it
            page.evaluate("""(cell) => {
                const out = cell.querySelector('.jp-OutputArea');
                const scroller = cell.closest('.jp-WindowedPanel-outer') || cell.closest('.jp-Notebook');
                scroller.scrollTop += out.getBoundingClientRect().bottom - scroller.getBoundingClientRect().bottom + 24;
            }""", cell.element_handle())
            page.mouse.move(1279, 799)     # no hover effects
            settle(page)
            png = page.screenshot()
            _save_if_changed(png, README_IMAGE)
            assert README_IMAGE.stat().st_size < 250_000, f"{README_IMAGE} is {README_IMAGE.stat().st_size} bytes"
        except BaseException as exc:
            _fail_with_page(page, exc, dialogs, lab_log, "readme_screenshot_failure.png")
            raise
        finally:
            browser.close()
