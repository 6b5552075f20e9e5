"""The course website (``course site``, ``make site``): built offline, checked as files and in a real browser.

One build per session (module fixture) into a temporary folder, reusing the executed lectures that
``tests/test_lectures.py`` put in ``.site-cache/`` (same ``xdist_group``, so the same worker, before this
module). Then:

* as files: a page per lecture and per exercise, the API reference and the instructor guide; no page holds a
  solution or hidden-test marker, or any line of a solution or hidden test from ``solutions/``; no page loads
  anything from another host;
* in headless Debian chromium (``/usr/bin/chromium``, never a downloaded browser), the site served on 127.0.0.1
  with every other request aborted and recorded: every page reachable from the home page is crawled; on every
  lecture page MathJax has typeset the maths (``mjx-container`` elements, no TeX errors, no raw ``$$``), every
  ``<img>`` has loaded (natural width > 0); every internal link leads to a page that exists (and to an anchor on
  it); no local request failed and no request left 127.0.0.1.
"""
from __future__ import annotations

import functools
import html
import http.server
import json
import re
import threading
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from course_grader import site

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
UNITS = sorted(p.stem for p in (ROOT / "lectures").glob("*.ipynb"))
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lectures_site")]


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    pytest.importorskip("myst_nb", reason="the site extra is not installed (pip install -e '.[site]')")
    out = tmp_path_factory.mktemp("site") / "_site"
    rc = site.build_site(ROOT, out, jobs=2)
    assert rc == 0, "course site failed (its messages are above)"
    return out


#: an inline code literal this short may name a marker (the instructor guide documents them); no solution fits
SHORT_LITERAL = 40


class _Text(HTMLParser):
    """The text of an HTML page (what a reader sees, code included), without scripts and styles; with
    ``drop_literals`` also without short inline code literals (``<code>`` of at most SHORT_LITERAL characters)."""

    def __init__(self, drop_literals=False):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip, self._code, self.drop = [], 0, None, drop_literals

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        if tag == "code" and self.drop and self._code is None:
            self._code = []

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0
        if tag == "code" and self._code is not None:
            text = "".join(self._code)
            if len(text) > SHORT_LITERAL:
                self.parts.append(text)
            self._code = None

    def handle_data(self, data):
        if not self._skip:
            (self._code if self._code is not None else self.parts).append(data)


def page_text(path: Path, drop_literals=False) -> str:
    parser = _Text(drop_literals)
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def secret_lines() -> list[str]:
    """Distinctive lines of the solutions and hidden tests in ``solutions/`` that students never see.

    A line counts when it has at least 25 characters and appears in no lecture source and no released
    exercise (where a line may legitimately repeat, e.g. an import).
    """
    public = [p.read_text(encoding="utf-8") for p in ROOT.glob("units/*/lecture.md")]
    for path in ROOT.glob("exercises/*/*.ipynb"):
        public += [_source(cell) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]
    public_lines = {line.strip() for text in public for line in text.splitlines()}
    found = set()
    for path in ROOT.glob("solutions/*/*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            inside = False
            for line in _source(cell).splitlines():
                s = line.strip()
                if s.startswith(("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS")):
                    inside = True
                elif s.startswith(("### END SOLUTION", "### END HIDDEN TESTS")):
                    inside = False
                elif inside and len(s) >= 25 and s not in public_lines:
                    found.add(s)
    return sorted(found)


def test_pages_exist(site_dir):
    assert (site_dir / "index.html").is_file()
    for unit in UNITS:
        assert (site_dir / "lectures" / f"{unit}.html").is_file(), f"no page for lecture {unit}"
        assert (site_dir / "exercises" / f"{unit}.html").is_file(), f"no page for the exercise of {unit}"
    home = page_text(site_dir / "index.html")
    assert "Course outline" in home and "make lab" in home
    api = page_text(site_dir / "api.html")
    for name in ["course_utils.activations.sigmoid", "course_utils.mlp.MLP", "course_utils.losses.softmax_cross_entropy"]:
        assert name in api, f"the API reference lacks {name}"
    assert "Parameters" in api and "Returns" in api
    guide = page_text(site_dir / "instructors.html")
    assert "course autograde" in guide and "course release" in guide
    # widgets: a static picture and the note, never a widget placeholder
    lectures = "".join((site_dir / "lectures" / f"{u}.html").read_text(encoding="utf-8") for u in UNITS)
    assert lectures.count('class="course-widget-static"') >= len(UNITS)
    assert "application/vnd.jupyter.widget-view+json" not in lectures
    assert "in JupyterLab it is live" in lectures


def test_no_solution_or_hidden_test_on_any_page(site_dir):
    secrets = secret_lines()
    assert len(secrets) > 100, "too few solution / hidden-test lines found to make this test meaningful"
    pages = sorted(site_dir.rglob("*.html")) + sorted(site_dir.rglob("searchindex.js"))
    leaks = []
    for page in pages:
        text = page_text(page) if page.suffix == ".html" else html.unescape(page.read_text(encoding="utf-8"))
        prose = page_text(page, drop_literals=True) if page.suffix == ".html" else ""
        for marker in site.FORBIDDEN_MARKERS + ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS"):
            if marker in prose:
                leaks.append(f"{page.relative_to(site_dir)}: '{marker}'")
        lines = {line.strip() for line in text.splitlines()}
        leaks += [f"{page.relative_to(site_dir)}: {s!r}" for s in secrets if s in lines]
    assert not leaks, "solutions or hidden tests on the site:\n" + "\n".join(leaks[:30])


def test_nothing_loaded_from_another_host(site_dir):
    remote = re.compile(r"""<(?:script|img|link|iframe|source|video|audio)\b[^>]*\b(?:src|href)=["']((?:https?:)?//[^"']+)""",
                        re.I)
    found = []
    for page in site_dir.rglob("*.html"):
        found += [f"{page.relative_to(site_dir)}: {url}" for url in remote.findall(page.read_text(encoding="utf-8"))]
    for css in site_dir.rglob("*.css"):
        found += [f"{css.relative_to(site_dir)}: {url}"
                  for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found[:20])
    assert (site_dir / "_static" / "mathjax" / "tex-chtml-full.js").is_file()


# ------------------------------------------------------------------------------------------- the browser
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(site_dir):
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_site_in_browser(served, site_dir):
    if not CHROMIUM.exists():
        pytest.skip("browser test skipped: /usr/bin/chromium not found (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    base = served
    blocked, failed, report = [], [], {}

    def route(r):
        host = urllib.parse.urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                          "--disable-component-update", "--no-first-run"])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.route("**/*", route)
            page = context.new_page()
            page.on("response", lambda resp: failed.append(f"{resp.status} {resp.url}") if resp.status >= 400 else None)
            todo, seen, anchors, links = ["/index.html"], set(), {}, []
            while todo:
                path = todo.pop(0)
                if path in seen:
                    continue
                seen.add(path)
                resp = page.goto(base + path, wait_until="load", timeout=60_000)
                assert resp is not None and resp.status == 200, f"{path}: HTTP {resp and resp.status}"
                is_lecture = path.startswith("/lectures/")
                if is_lecture or page.locator(".math").count():
                    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                           timeout=60_000)
                    page.evaluate("() => MathJax.startup.promise")
                info = page.evaluate("""() => ({
                    ids: [...document.querySelectorAll('[id]')].map(e => e.id),
                    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
                    imgs: [...document.images].map(i => [i.currentSrc.slice(0, 80), i.complete, i.naturalWidth]),
                    math: document.querySelectorAll('.math').length,
                    typeset: document.querySelectorAll('mjx-container').length,
                    untypeset: [...document.querySelectorAll('.math')].filter(e => !e.querySelector('mjx-container'))
                               .map(e => e.textContent.slice(0, 60)),
                    errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent.slice(0, 60)),
                    text: (() => { const b = document.body.cloneNode(true);   // short code literals may name a marker
                                   b.querySelectorAll('code').forEach(c => { if (c.textContent.length <= 40) c.remove(); });
                                   b.querySelectorAll('script, style').forEach(c => c.remove());
                                   return b.textContent; })(),
                })""")
                anchors[path] = set(info["ids"])
                report[path] = {k: info[k] for k in ("math", "typeset")}
                bad_imgs = [i for i in info["imgs"] if not (i[1] and i[2] > 0)]
                assert not bad_imgs, f"{path}: images that did not load: {bad_imgs}"
                assert not info["errors"], f"{path}: TeX errors: {info['errors']}"
                assert not info["untypeset"], f"{path}: maths MathJax did not typeset: {info['untypeset'][:5]}"
                for marker in site.FORBIDDEN_MARKERS:
                    assert marker not in info["text"], f"{path} shows '{marker}'"
                if is_lecture:
                    assert info["typeset"] > 0, f"{path}: no typeset maths"
                    assert "$$" not in page.evaluate("() => document.body.innerText"), f"{path}: raw $$ in the page"
                    assert info["imgs"], f"{path}: no figures"
                for href in info["links"]:
                    u = urllib.parse.urlsplit(href)
                    if u.scheme in ("http", "https") and u.netloc == urllib.parse.urlsplit(base).netloc:
                        target = u.path if not u.path.endswith("/") else u.path + "index.html"
                        links.append((path, target, u.fragment))
                        if target.endswith(".html") and target not in seen:
                            todo.append(target)
                        elif not target.endswith(".html"):
                            assert (site_dir / target.lstrip("/")).exists(), f"{path}: link to missing {target}"
            for unit in UNITS:
                assert f"/lectures/{unit}.html" in seen, f"the lecture {unit} is not reachable from the home page"
            broken = [f"{src} -> {target}#{frag}" for src, target, frag in links
                      if target.endswith(".html") and frag and frag not in anchors.get(target, set())]
            assert not broken, "links to anchors that do not exist:\n" + "\n".join(sorted(set(broken))[:20])
        finally:
            browser.close()
    assert not blocked, "requests to other hosts (blocked):\n" + "\n".join(sorted(set(blocked))[:20])
    assert not failed, "failed requests:\n" + "\n".join(sorted(set(failed))[:20])
    assert len(seen) >= 2 * len(UNITS) + 3
