"""The student's own traceback frames in a graded kernel's error output, and never a hidden-test line.

Graded kernels run with ``--InteractiveShell.xmode=Minimal``: an error shows as its last line only
(``TypeError: unsupported operand ...``), so no line of a grade cell, hidden tests included, can leak through
a traceback.  That also hides where the student's own code failed.  This module puts those frames back, and
only those:

* **kernel side** (:func:`install`, called by the guard before its snapshot, so an answer cell that replaces
  it is undone before every grade cell): IPython's traceback formatter keeps its minimal output and puts in
  front of it one line per frame that runs code of a cell the student ran with history (answer cells and
  cells of their own), e.g. ``in your cell [3], line 4, in sigmoid: return 1 / (1 + np.exp(-z)) + None``.
  Frames of grade cells (run without history), of any cell whose source holds a hidden-test block, of the
  library (NumPy, ``course_utils``) and of the kernel are dropped, and so are their lines.
* **grader side** (:class:`CellNames`, used by ``sandbox.SandboxExecute``): the execution count ``[3]`` is
  replaced by the answer cell's name (its nbgrader ``grade_id``), ``in your cell `sigmoid`, line 4 ...``, after
  checking that the line shown really is that line of that cell.
* **course validate** (:data:`KERNEL_LINE`, :func:`raised_elsewhere`): its kernel installs the same formatter,
  runs every cell with history (visible test cells included, hidden-test cells still dropped), and the student
  sees, under a question whose error was raised in another cell's code (their function), its last frames.

The grader's scrubbers (``sandbox.scrub_outputs``, ``feedback.ScrubHiddenTracebacks``) still run afterwards and
redact any output line that shows a hidden-test line.
"""
from __future__ import annotations

import re

#: the header line in front of the student's frames
HEADER = "Traceback (your code only; most recent call last):"
#: at most this many frames are shown (the last ones: a deep recursion shows where it ended)
MAX_FRAMES = 6
#: a frame line as the kernel writes it
FRAME = re.compile(r"^  in your cell \[(?P<count>\d+)\], line (?P<line>\d+)(?P<rest>.*)$")


# ------------------------------------------------------------------------------------------------ kernel side

def install(shell=None) -> bool:
    """Wrap the shell's traceback formatter (idempotent); returns whether a shell was there to wrap."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:   # pragma: no cover - IPython is a grader dependency
            return False
        shell = get_ipython()
    formatter = getattr(shell, "InteractiveTB", None)
    if formatter is None:
        return False
    if getattr(formatter, "_course_student_frames", False):
        return True
    original = formatter.structured_traceback

    def structured_traceback(etype, evalue, etb=None, tb_offset=None, context=5):
        stb = original(etype, evalue, etb, tb_offset, context)
        try:
            lines = student_frames(shell, etb[0] if isinstance(etb, tuple) else etb)
        except Exception:   # noqa: BLE001 - never let the formatter fail: the minimal traceback stays
            lines = []
        return [HEADER, *lines, *stb] if lines else stb

    formatter.structured_traceback = structured_traceback
    formatter._course_student_frames = True
    return True


def _cell_source(filename):
    """The source IPython cached for a cell's code name (None for files and anything else)."""
    import linecache

    entry = linecache.cache.get(filename)
    if type(entry) is not tuple or len(entry) != 4 or entry[1] is not None or type(entry[2]) is not list:
        return None
    return entry[2]


def student_frames(shell, tb) -> list[str]:
    """One line per frame of ``tb`` that runs code of a cell the student ran with history (at most
    :data:`MAX_FRAMES`, the last ones), e.g. ``"  in your cell [3], line 4, in sigmoid: return z + None"``."""
    numbers = getattr(getattr(shell, "compile", None), "_filename_map", None) or {}
    history = getattr(getattr(shell, "history_manager", None), "input_hist_parsed", None) or []
    frames = []
    while tb is not None:
        code, lineno = tb.tb_frame.f_code, tb.tb_lineno
        tb = tb.tb_next
        n = numbers.get(code.co_filename)
        lines = _cell_source(code.co_filename)
        if n is None or lines is None:
            continue
        text = "".join(lines)
        if "HIDDEN TESTS" in text:
            continue
        # run with history (an answer cell, or a cell of the student's own): its source is In[n]; a grade cell
        # runs without history, so the entry at its number is another cell's or none
        if not (0 < n < len(history) and str(history[n]).rstrip() == text.rstrip()):
            continue
        line = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
        where = "" if code.co_name == "<module>" else f", in {code.co_name}"
        frames.append(f"  in your cell [{n}], line {lineno}{where}: {line}".rstrip())
    if len(frames) > MAX_FRAMES:
        frames = [f"  ... {len(frames) - MAX_FRAMES} more frames of your code ...", *frames[-MAX_FRAMES:]]
    return frames


# ------------------------------------------------------------------------------------------------ grader side

class CellNames:
    """What the grader knows of the cells it has run in one notebook: which execution count each cell got
    (the kernel counts cells run with history: every code cell that is not a grade cell) and its source."""

    def __init__(self):
        self.count = 0
        self.cells = {}     # execution count -> (name, source lines, the student's own cell?)

    def after(self, cell, grade: bool) -> None:
        """Call after running ``cell``: note its count (non-grade cells) and name the frames in its errors."""
        if cell.get("cell_type") != "code" or not str(cell.get("source", "")).strip():
            return
        if not grade:
            self.count += 1
            meta = cell.get("metadata", {}).get("nbgrader") or {}
            gid = meta.get("grade_id")
            own = not (meta.get("locked") and gid and not meta.get("solution"))
            self.cells[self.count] = (f"`{gid}`" if gid else f"[{self.count}]", cell.source.split("\n"), own)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and any(FRAME.match(str(t)) for t in out.get("traceback", [])):
                out["traceback"] = [self.name(str(t)) for t in out["traceback"]]

    def _matches(self, n: int, line: int, shown: str) -> bool:
        lines = self.cells[n][1]
        return 0 < line <= len(lines) and lines[line - 1].strip() == shown.strip()

    def name(self, text: str) -> str:
        """A frame line with the cell's name in place of its execution count, when the line shown is that line
        of that cell (else of the one cell run so far whose line it is); otherwise the line as it was."""
        m = FRAME.match(text)
        if not m:
            return text
        n, line, rest = int(m["count"]), int(m["line"]), m["rest"]
        shown = rest.split(": ", 1)[1] if ": " in rest else ""
        if not (n in self.cells and self._matches(n, line, shown)):
            hits = [k for k in self.cells if self._matches(k, line, shown)]
            if len(hits) != 1:
                return text
            n = hits[0]
        label, _lines, own = self.cells[n]
        return f"  in {'your' if own else 'the'} cell {label}, line {line}{rest}"


# ------------------------------------------------------------------------------------------- course validate

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: which cell a frame line is in, once :class:`CellNames` has named it (or not)
_CELL = re.compile(r"^  in (?:your|the) cell (?P<cell>`[^`]*`|\[\d+\]), line \d+")
_MORE = re.compile(r"^  \.\.\. (?P<n>\d+) more frames of your code \.\.\.$")

#: the statement ``course validate`` has its kernel run at start (``--IPKernelApp.exec_lines``): the student's
#: frames in its error outputs; it binds no name, and a kernel without ``course_grader`` runs as before
KERNEL_LINE = ("try:\n    __import__('course_grader.tracebacks').tracebacks.install()\n"
               "except Exception:\n    pass")


def frames_in(output) -> list[str]:
    """The student's frame lines of an error ``output`` (ANSI colour codes removed), [] when it shows none."""
    lines = [_ANSI.sub("", str(t)) for t in output.get("traceback", []) or []]
    if HEADER not in lines:
        return []
    return [t for t in lines[lines.index(HEADER) + 1:] if FRAME.match(t) or _CELL.match(t) or _MORE.match(t)]


def raised_elsewhere(cells, most: int = 3, width: int = 120) -> dict[int, list[str]]:
    """For the cells of a notebook executed with every cell in the history (as nbclient runs them: ``course
    validate``), the index of each cell whose error was raised in code of *another* cell (a student's function
    the cell called) -> the last ``most`` frames of that error, named as by :class:`CellNames`, each cut to
    ``width`` characters.  A cell whose error was raised in its own lines (a failing check of a test cell) has
    none: its error line says it all.  Names the frames in the cells' error outputs in place."""
    names, shown = CellNames(), {}
    for i, cell in enumerate(cells):
        names.after(cell, grade=False)
        if cell.get("cell_type") != "code" or not str(cell.get("source", "")).strip():
            continue
        error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
        frames = frames_in(error) if error is not None else []
        last = _CELL.match(frames[-1]) if frames else None
        if not frames or (last and last["cell"] == names.cells[names.count][0]):
            continue
        more = sum(int(m["n"]) for m in map(_MORE.match, frames) if m)
        frames = [f for f in frames if not _MORE.match(f)]
        if len(frames) > most:
            more, frames = more + len(frames) - most, frames[-most:]
        frames = [f if len(f) <= width else f[:width - 1] + "…" for f in frames]
        shown[i] = ([f"  ... {more} more frames of your code ..."] if more else []) + frames
    return shown
