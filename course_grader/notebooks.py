"""Small helpers on notebooks and their text that several grader modules share (no grader imports here).

* :func:`hidden_lines` / :func:`scrub_text`: find and redact hidden-test lines in outputs and tracebacks;
* :func:`precheck`: which expected notebooks of a submission nbgrader could not even open, and why.
"""
from __future__ import annotations

import re
from pathlib import Path

REDACTED = "[hidden test line]"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def hidden_lines(source: str, begin: str = "BEGIN HIDDEN TESTS", end: str = "END HIDDEN TESTS") -> set[str]:
    """The stripped, non-empty lines of hidden-test blocks of ``source`` (delimiters included) not also visible."""
    hidden, visible, inside = set(), set(), False
    for line in source.splitlines():
        if begin in line:
            inside = True
        if end in line:
            inside = False
            hidden.add(line.strip())
            continue
        (hidden if inside else visible).add(line.strip())
    return {h for h in hidden - visible if h}


def _leaks(text: str, secrets: set[str]) -> bool:
    plain = _ANSI.sub("", text)
    for s in secrets:
        if len(s) >= 8 and s in plain:
            return True
        if plain.strip() == s or re.sub(r"^\s*(-*>)?\s*\d+\s", "", plain).strip() == s:
            return True
    return False


def scrub_text(text: str, secrets: set[str]) -> str:
    """Replace every line of ``text`` that shows a hidden-test line with ``[hidden test line]``."""
    if not secrets:
        return text
    out = []
    for line in text.split("\n"):
        out.append(REDACTED if _leaks(line, secrets) else line)
    return "\n".join(out)


def short(text: str, width: int = 110) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def precheck(sub_dir: Path, expected: list[str]) -> dict[str, str]:
    """``notebook -> reason`` for every expected notebook nbgrader could not even open."""
    import nbformat

    bad = {}
    present = sorted(p.name for p in sub_dir.glob("*.ipynb")) if sub_dir.is_dir() else []
    for name in expected:
        path = sub_dir / f"{name}.ipynb"
        if not path.is_file():
            others = [p for p in present if p[:-6] not in expected]
            bad[name] = f"{name}.ipynb missing" + (f" (found {', '.join(others)})" if others else "")
            continue
        if path.stat().st_size == 0:
            bad[name] = f"{name}.ipynb is empty"
            continue
        try:
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
        except Exception as exc:  # corrupt JSON, wrong format, invalid schema
            bad[name] = f"{name}.ipynb cannot be read ({type(exc).__name__}: {short(exc, 70)})"
    return bad
