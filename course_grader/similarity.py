"""``course similarity ASSIGNMENT --out DIR``: which answers are suspiciously alike, or copied from reference code?

Compares the students' answer cells (code cells with nbgrader ``solution: true`` in
``submitted/<student>/<ASSIGNMENT>/*.ipynb``, matched by ``grade_id``) pairwise, and each one against the
reference code students can read: every function, class and method of ``course_utils`` and every function or
class defined in a code cell of ``lectures/*.ipynb``. Writes into ``DIR``:

* ``similarity.csv``: columns ``a,b,item,score,flagged``, one row per compared pair of answers to one item
  (``b`` is another student, ``course_utils:<function>`` or ``lecture:<notebook>``); ``score`` in [0, 1];
* ``index.html``: one self-contained page: what a score means, a table per item (answers, flagged pairs,
  highest score), the pairs at or above the threshold side by side with the shared lines highlighted, the
  closest pairs below it, and notes (unreadable notebooks, cells that do not parse, code common to the class).

How a score is made (in the spirit of MOSS: Schleimer, Wilkerson & Aiken, *Winnowing: local algorithms for
document fingerprinting*, SIGMOD 2003):

1. **Normalise.** Each answer cell is parsed with :mod:`ast` and cut into units: its top-level functions and
   classes, and the rest of its statements. A unit becomes a stream of syntax tokens: comments, docstrings,
   formatting, imports and type annotations are gone; every local name, argument and function name becomes
   ``V``/``F`` (so renaming changes nothing); module names keep their real name (``np`` -> ``numpy``), attribute
   names, keyword names, builtins and numbers stay; the operands of ``+``, ``*``, ``==``, ``!=``, ``and``, ``or``
   are put in a fixed order. A cell that does not parse is parsed block by block and the blocks that fail are
   skipped (with a note).
2. **Fingerprint.** Every ``K`` consecutive tokens are hashed; winnowing keeps the smallest hash of each window
   of ``W`` hashes, so any shared run of at least ``K + W - 1`` tokens is found.
3. **Subtract what everyone got.** Every ``K``-token hash of the released exercise's code cells (the answer cell
   as released, its signature, docstring and ``raise NotImplementedError()``, given helpers, setup and visible
   tests) is removed from every answer. An untouched answer has nothing left and is similar to nothing.
   Between students, fingerprints found in more than half of the answers to an item (and in more than
   ``COMMON_MIN``) are ignored as well, like MOSS's ``-m``: that is how the class writes the item.
4. **Score per unit, then combine.** Each unit of answer A is matched to the unit of B sharing the most
   fingerprints; ``cover(A, B)`` is the number of A's fingerprints so matched over the number A has (at least
   ``MIN_FP``, so short answers cannot score high on a line or two). Reordering helpers changes nothing. For two
   students the score is the mean of ``cover(A, B)`` and ``cover(B, A)``; against reference code it is how much of
   the student's own code is found in it (each unit against its best reference function).

A score is evidence for a person to weigh, never a verdict or a grade: short answers and answers to tightly
specified questions look alike by nature.
"""
from __future__ import annotations

import argparse
import ast
import builtins
import csv
import html
import json
import re
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

#: tokens per hashed k-gram, and hashes per winnowing window
K = 8
W = 5
#: the denominator of a coverage is at least this many fingerprints: a shared line or two never scores high
MIN_FP = 12
#: pairs at or above this score are flagged for a human to look at
THRESHOLD = 0.6
#: between students, a fingerprint found in more than this share of the answers to an item, and in more than
#: COMMON_MIN of them, is how the class writes that item, not evidence of copying: it is ignored (as MOSS's -m)
COMMON_SHARE = 0.5
COMMON_MIN = 10
#: at most this many pairs are shown side by side in the HTML report (all are in the CSV)
MAX_SHOWN = 150
#: at most this many flagged pairs are listed in the report's table
MAX_LISTED = 1000

_BUILTINS = frozenset(dir(builtins))
_COMMUTATIVE = (ast.Add, ast.Mult, ast.BitAnd, ast.BitOr, ast.BitXor)
#: node types whose type name adds nothing to the token stream (their content is emitted)
_SILENT = (ast.Name, ast.Constant, ast.Attribute, ast.keyword, ast.arg, ast.arguments, ast.Expr, ast.alias,
           ast.expr_context, ast.Module, ast.Load, ast.Store, ast.Del)
_SKIP_FIELDS = {"ctx", "type_comment", "annotation", "returns", "decorator_list", "type_params", "kind"}


# ------------------------------------------------------------------------------------------ normalising
def import_aliases(tree: ast.AST) -> dict[str, str]:
    """``local name -> module path`` for the top-level imports of ``tree`` (``np -> numpy``, ``exp -> numpy.exp``)."""
    out = {"np": "numpy"}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            for a in node.names:
                out[a.asname or a.name] = f"{node.module or ''}.{a.name}"
    return out


class _Emitter:
    """Turns an AST into a list of ``(token, line)``: preorder, names canonicalised, commutative operands sorted."""

    def __init__(self, aliases: dict[str, str]):
        self.aliases = aliases
        self.modules = set(aliases.values())

    def name(self, ident: str) -> str:
        if ident in self.aliases:
            return self.aliases[ident]
        if ident in _BUILTINS:
            return ident
        return "V"

    def emit(self, node, line: int) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        self._emit(node, line, out)
        return out

    def _sorted(self, nodes, line: int, out: list) -> None:
        parts = [self.emit(n, line) for n in nodes]
        parts.sort(key=_key)
        for p in parts:
            out += p

    def _emit(self, node, line: int, out: list) -> None:
        line = getattr(node, "lineno", line) or line
        if isinstance(node, ast.Name):
            out.append((self.name(node.id), line))
        elif isinstance(node, ast.Constant):
            v = node.value
            out.append(("S" if isinstance(v, (str, bytes)) else repr(v), line))
        elif isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and (mod := self.name(node.value.id)) in self.modules:
                out.append((f"{mod}.{node.attr}", line))
            else:
                self._emit(node.value, line, out)
                out.append(("." + node.attr, line))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            pass
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            pass   # a docstring or any other bare string
        elif isinstance(node, ast.Raise) and "NotImplementedError" in ast.dump(node.exc or ast.Pass()):
            pass   # the released blank: never anyone's own code
        elif isinstance(node, ast.keyword):
            out.append((f"{node.arg}=", line))
            self._emit(node.value, line, out)
        elif isinstance(node, ast.arg):
            out.append(("V", line))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            n_args = len(a.posonlyargs) + len(a.args) + len(a.kwonlyargs) + bool(a.vararg) + bool(a.kwarg)
            out.append((f"def/{n_args}", line))
            for d in a.defaults + [d for d in a.kw_defaults if d is not None]:
                self._emit(d, line, out)
            for stmt in node.body:
                self._emit(stmt, line, out)
            out.append(("end", getattr(node, "end_lineno", line) or line))
        elif isinstance(node, ast.ClassDef):
            out.append(("class", line))
            for b in node.bases:
                self._emit(b, line, out)
            for stmt in node.body:
                self._emit(stmt, line, out)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, _COMMUTATIVE):
            out.append((type(node.op).__name__, line))   # a + b + c: one sorted list of operands
            self._sorted(_operands(node), line, out)
        elif isinstance(node, ast.BoolOp):
            out.append((type(node.op).__name__, line))
            self._sorted(node.values, line, out)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            out.append((type(node.ops[0]).__name__, line))
            self._sorted([node.left, node.comparators[0]], line, out)
        else:
            if not isinstance(node, _SILENT):
                out.append((type(node).__name__, line))
            for fname in node._fields:
                if fname in _SKIP_FIELDS:
                    continue
                value = getattr(node, fname, None)
                if isinstance(value, list):
                    for v in value:
                        if isinstance(v, ast.AST):
                            self._emit(v, line, out)
                        elif v is not None:
                            out.append((str(v), line))
                elif isinstance(value, ast.AST):
                    self._emit(value, line, out)
                elif isinstance(value, str) and fname in ("op", "attr", "name", "module"):
                    out.append((value, line))


def _operands(node: ast.BinOp) -> list:
    """The operands of a chain of one commutative operator (``a + (b + c) + d`` -> a, b, c, d), without recursion."""
    op, out, todo = type(node.op), [], [node]
    while todo:
        n = todo.pop()
        if isinstance(n, ast.BinOp) and type(n.op) is op:
            todo += [n.right, n.left]
        else:
            out.append(n)
    return out


def _key(tokens):
    return [t for t, _ in tokens]


def kgram_hashes(tokens: list[tuple[str, int]], k: int = K) -> list[tuple[int, tuple]]:
    """``(hash, lines)`` of every ``k`` consecutive tokens; ``lines``: the source lines its tokens come from.
    A stream shorter than ``k`` has none (as in MOSS, matches shorter than ``k`` are noise)."""
    if len(tokens) < k:
        return []
    ids = [_token_id(t) for t, _ in tokens]
    lines = [ln for _, ln in tokens]
    out = []
    for i in range(len(tokens) - k + 1):
        seg = lines[i:i + k]
        out.append((hash(tuple(ids[i:i + k])) & 0xFFFFFFFFFFFF, tuple(sorted(set(seg)))))
    return out


_TOKEN_IDS: dict[str, int] = {}


def _token_id(token: str) -> int:
    """A number per token that is the same in every process (``hash`` of a str is salted; of ints it is not)."""
    n = _TOKEN_IDS.get(token)
    if n is None:
        n = _TOKEN_IDS[token] = zlib.crc32(token.encode())
    return n


def winnow(hashes: list[tuple[int, tuple]], w: int = W) -> dict[int, list[tuple]]:
    """Robust winnowing: in every window of ``w`` hashes keep the smallest (the rightmost of equals).

    Returns ``hash -> [lines, ...]`` of the kept k-grams."""
    out: dict[int, list[tuple]] = {}
    if not hashes:
        return out
    w = min(w, len(hashes))
    hs = [h for h, _ in hashes]
    last = -1
    for start in range(len(hs) - w + 1):
        window = hs[start:start + w]
        m = min(window)
        best = start + w - 1 - window[::-1].index(m)
        if best != last:
            h, lines = hashes[best]
            out.setdefault(h, []).append(lines)
            last = best
    return out


# ------------------------------------------------------------------------------------------ answers, units
@dataclass
class Unit:
    """A function, class or the remaining statements of one cell: its fingerprints after normalising."""

    name: str
    fps: dict            # hash -> [lines of the answer's source that each of its k-grams spans]
    all_hashes: set      # every k-gram hash (for subtracting a template)
    first_line: int = 1
    last_line: int = 1
    own: set = field(default_factory=set)         # fingerprints not in the template
    mine: set | None = None                       # ... nor common to much of the class (between students)

    @property
    def between(self) -> set:
        return self.own if self.mine is None else self.mine


@dataclass
class Answer:
    """One student's answer to one item (or a reference: one function of course_utils or a lecture)."""

    who: str
    item: str
    source: str
    units: list
    note: str = ""

    @property
    def size(self) -> int:
        return sum(len(u.own) for u in self.units)


def parse_leniently(source: str) -> tuple[ast.Module, str]:
    """Parse ``source``; when it fails, parse it block by block (a block starts at an unindented line) and skip
    the blocks that fail. Returns the module (line numbers of ``source``) and a note ('' when all parsed)."""
    text = "\n".join("" if re.match(r"\s*[%!]", ln) else ln for ln in source.splitlines())
    try:
        return ast.parse(text), ""
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    lines = text.splitlines()
    starts = [i for i, ln in enumerate(lines) if ln.strip() and not ln[0].isspace() and not ln.lstrip().startswith("#")]
    body, bad = [], []
    for n, s in enumerate(starts):
        e = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = "\n" * s + "\n".join(lines[s:e])
        try:
            body += ast.parse(chunk).body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            bad.append(f"{s + 1}-{e}" if e > s + 1 else f"{s + 1}")
    mod = ast.Module(body=body, type_ignores=[])
    return mod, ("does not parse as Python; skipped line(s) " + ", ".join(bad)) if bad else ""


def units_of(source: str, *, whole_classes: bool = True, methods: bool = False,
             aliases: dict | None = None) -> tuple[list[Unit], str]:
    """Cut ``source`` into units (top-level functions and classes, plus one unit for the other statements)."""
    tree, note = parse_leniently(source)
    try:
        return _units(tree, methods, whole_classes, aliases), note
    except RecursionError:
        return [], "nested too deeply to compare"


def _units(tree: ast.Module, methods: bool, whole_classes: bool, aliases: dict | None) -> list[Unit]:
    em = _Emitter(aliases if aliases is not None else import_aliases(tree))
    units, rest = [], []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if whole_classes or not isinstance(node, ast.ClassDef):
                units.append((node.name, em.emit(node, node.lineno), node.lineno, node.end_lineno))
            if methods and isinstance(node, ast.ClassDef):
                for sub in node.body:
                    if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        units.append((f"{node.name}.{sub.name}", em.emit(sub, sub.lineno), sub.lineno,
                                      sub.end_lineno))
        elif not isinstance(node, (ast.Import, ast.ImportFrom)):
            rest += em.emit(node, node.lineno)
    if rest:
        units.append(("<statements>", rest, rest[0][1], rest[-1][1]))
    out = []
    for name, toks, first, last in units:
        hashes = kgram_hashes(toks)
        out.append(Unit(name=name, fps=winnow(hashes), all_hashes={h for h, _ in hashes}, first_line=first,
                        last_line=last or first))
    return out


# ------------------------------------------------------------------------------------------ reading notebooks
def _nbg(cell) -> dict:
    return (cell.get("metadata") or {}).get("nbgrader") or {}


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(map(str, s)) if isinstance(s, list) else str(s)


def read_notebook(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def answer_cells(nb: dict) -> dict[str, str]:
    """``grade_id -> source`` of the code answer cells (the first cell of each id)."""
    out: dict[str, str] = {}
    cells = nb.get("cells") if isinstance(nb, dict) else None
    for cell in cells if isinstance(cells, list) else []:
        md = cell.get("metadata") if isinstance(cell, dict) else None
        meta = md.get("nbgrader") if isinstance(md, dict) else None
        if not isinstance(meta, dict):
            continue
        if cell.get("cell_type") == "code" and meta.get("solution") and meta.get("grade_id"):
            out.setdefault(str(meta["grade_id"]), _src(cell))
    return out


def template_hashes(released: list[Path]) -> tuple[dict[str, set], set, list[str]]:
    """What the released exercise gives everyone: ``(item -> hashes of its released answer cell, hashes of every
    other code cell, the item ids in notebook order)``."""
    per_item: dict[str, set] = {}
    common: set = set()
    order: list[str] = []
    for path in released:
        nb = read_notebook(path)
        for cell in nb.get("cells", []):
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            units, _ = units_of(_src(cell))
            hs = set().union(*(u.all_hashes for u in units)) if units else set()
            meta = _nbg(cell)
            if meta.get("solution") and meta.get("grade_id"):
                gid = str(meta["grade_id"])
                order.append(gid)
                per_item.setdefault(gid, set()).update(hs)
            else:
                common |= hs
    return per_item, common, order


# ------------------------------------------------------------------------------------------ references
def _ref_answers(label: str, source: str) -> list[Answer]:
    """One reference answer per function, class and method defined at the top of ``source``."""
    out = []
    units, _ = units_of(source, methods=True)
    lines = source.splitlines()
    for u in units:
        if u.name == "<statements>":
            continue
        a, b = u.first_line, u.last_line
        u.own = set(u.fps)
        out.append(Answer(who=label, item=u.name, source="\n".join(lines[a - 1:b]), units=[_shift(u, a - 1)]))
    return out


def _shift(u: Unit, offset: int) -> Unit:
    u.fps = {h: [tuple(ln - offset for ln in lines) for lines in spans] for h, spans in u.fps.items()}
    u.first_line -= offset
    u.last_line -= offset
    return u


def reference_answers(root: Path, utils_dir: Path | None = None) -> list[Answer]:
    """Every function, class and method of ``course_utils`` (``course_utils:<name>``) and every function or
    class in a code cell of ``lectures/*.ipynb`` (``lecture:<notebook>``). Kept for the process's lifetime
    while the files are unchanged (the demo compares several assignments against the same code)."""
    root = Path(root).resolve()
    if utils_dir is None:
        utils_dir = root / "course_utils"
        if not utils_dir.is_dir():
            import course_utils
            utils_dir = Path(course_utils.__file__).parent
    files = sorted(p for p in Path(utils_dir).rglob("*.py") if "__pycache__" not in p.parts)
    files += sorted((root / "lectures").glob("*.ipynb"))
    key = (str(root), str(utils_dir), tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if key not in _REFS:
        _REFS.clear()
        _REFS[key] = _reference_answers(root, Path(utils_dir))
    return _REFS[key]


_REFS: dict = {}


def _reference_answers(root: Path, utils_dir: Path) -> list[Answer]:
    refs: list[Answer] = []
    for path in sorted(utils_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        for r in _ref_answers("course_utils", path.read_text(encoding="utf-8")):
            r.who = f"course_utils:{r.item}"
            refs.append(r)
    for path in sorted((root / "lectures").glob("*.ipynb")):
        try:
            nb = read_notebook(path)
        except (OSError, ValueError):
            continue
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                for r in _ref_answers(f"lecture:{path.stem}", _src(cell)):
                    refs.append(r)
    return refs


# ------------------------------------------------------------------------------------------ scoring
def cover(a: Answer, b: Answer) -> tuple[float, list[tuple[Unit, Unit, set]]]:
    """The share of ``a``'s own fingerprints found in ``b`` (each unit of ``a`` against its best unit of ``b``),
    over at least ``MIN_FP``; and the matched ``(unit of a, unit of b, shared hashes)``."""
    total = sum(len(u.between) for u in a.units)
    if total == 0 or not any(v.between for v in b.units):
        return 0.0, []
    found, matches = 0, []
    for u in a.units:
        if not u.between:
            continue
        best, best_v, best_s = 0, None, set()
        for v in b.units:
            s = u.between & v.between
            if len(s) > best:
                best, best_v, best_s = len(s), v, s
        if best:
            found += best
            matches.append((u, best_v, best_s))
    return min(1.0, found / max(total, MIN_FP)), matches


@dataclass
class Pair:
    a: str
    b: str
    item: str
    score: float
    flagged: bool
    left: Answer | None = None
    right: Answer | None = None
    matches: list | None = None   # (unit of left, unit of right, shared hashes); None: not worked out yet

    def shared(self) -> list:
        """The matched units and their shared fingerprints (worked out on first use)."""
        if self.matches is None:
            self.matches = score_students(self.left, self.right)[1] if self.left and self.right else []
        return self.matches


def score_students(a: Answer, b: Answer) -> tuple[float, list]:
    ab, m1 = cover(a, b)
    ba, m2 = cover(b, a)
    return (ab + ba) / 2, m1 + [(v, u, s) for u, v, s in m2]


def score_reference(a: Answer, refs: list[Answer], index: dict) -> list[tuple[str, float, list]]:
    """Per reference source (``course_utils``, ``lecture:<nb>``): how much of ``a``'s own code it holds, each unit
    of ``a`` against its best function there. Returns ``(b label, score, matches)`` per source that shares any."""
    total = a.size
    if not total:
        return []
    per_source: dict[str, dict] = {}
    for u in a.units:
        counts: dict[int, int] = {}
        for h in u.own:
            for ri in index.get(h, ()):
                counts[ri] = counts.get(ri, 0) + 1
        best: dict[str, tuple[int, int]] = {}
        for ri, c in counts.items():
            src = "course_utils" if refs[ri].who.startswith("course_utils:") else refs[ri].who
            if c > best.get(src, (0, -1))[0]:
                best[src] = (c, ri)
        for src, (c, ri) in best.items():
            d = per_source.setdefault(src, {"found": 0, "matches": [], "weight": {}})
            d["found"] += c
            r = refs[ri]
            d["matches"].append((u, r.units[0], u.own & r.units[0].own, ri))
            d["weight"][ri] = d["weight"].get(ri, 0) + c
    out = []
    for src, d in per_source.items():
        top = max(d["weight"], key=lambda ri: (d["weight"][ri], -ri))
        label = refs[top].who if src == "course_utils" else src
        out.append((label, min(1.0, d["found"] / max(total, MIN_FP)), d["matches"]))
    return out


@dataclass
class _Prepared:
    """An answer's own fingerprints per unit, as frozensets, for fast pairwise scoring."""

    sets: list
    size: int
    union: frozenset

    @classmethod
    def of(cls, a: Answer) -> "_Prepared":
        sets = [frozenset(u.between) for u in a.units if u.between]
        return cls(sets=sets, size=sum(map(len, sets)), union=frozenset().union(*sets))


def _pair_score(pa: _Prepared, pb: _Prepared) -> float:
    """The score of :func:`score_students` (the mean of both coverages), without recording the matches."""
    if not pa.size or not pb.size or pa.union.isdisjoint(pb.union):
        return 0.0
    inter = [[len(x & y) for y in pb.sets] for x in pa.sets]
    ab = sum(map(max, inter))
    ba = sum(map(max, zip(*inter)))
    return (min(1.0, ab / max(pa.size, MIN_FP)) + min(1.0, ba / max(pb.size, MIN_FP))) / 2


@dataclass
class Result:
    assignment: str
    pairs: list
    notes: list
    students: list
    items: list
    threshold: float
    common: float = COMMON_SHARE
    seconds: float = 0.0
    blanks: dict = field(default_factory=dict)
    answers: dict = field(default_factory=dict)   # item -> number of answers compared


def collect_answers(submitted: Path, assignment: str, notes: list) -> dict[str, dict[str, str]]:
    """``student -> {item -> source}`` from ``submitted/<student>/<assignment>/*.ipynb``."""
    out: dict[str, dict[str, str]] = {}
    if not submitted.is_dir():
        return out
    for sdir in sorted(p for p in submitted.iterdir() if p.is_dir()):
        adir = sdir / assignment
        if not adir.is_dir():
            continue
        cells: dict[str, str] = {}
        for path in sorted(adir.glob("*.ipynb")):
            try:
                nb = read_notebook(path)
                if not isinstance(nb, dict):
                    raise ValueError("not a notebook")
            except (OSError, ValueError, UnicodeDecodeError) as exc:
                notes.append(f"{sdir.name}: {path.name} cannot be read ({type(exc).__name__}); not compared")
                continue
            for gid, src in answer_cells(nb).items():
                cells.setdefault(gid, src)
        out[sdir.name] = cells
    return out


def compare(submissions: dict[str, dict[str, str]], template_items: dict[str, set], template_common: set,
            refs: list[Answer], items: list[str] | None = None, threshold: float = THRESHOLD,
            notes: list | None = None, assignment: str = "", common: float = COMMON_SHARE) -> Result:
    """Score every pair of answers to each item, and each answer against the reference code.

    Between students, fingerprints found in more than ``common`` of the answers to an item (and in more than
    ``COMMON_MIN``) are ignored; against reference code, none are."""
    t0 = time.perf_counter()
    notes = [] if notes is None else notes
    items = list(dict.fromkeys(items or [])) or sorted({g for c in submissions.values() for g in c})
    items += sorted({g for c in submissions.values() for g in c} - set(items))
    index: dict[int, list[int]] = {}
    for ri, r in enumerate(refs):
        for h in r.units[0].own:
            index.setdefault(h, []).append(ri)
    pairs: list[Pair] = []
    blanks: dict[str, int] = {}
    n_answers: dict[str, int] = {}
    students = sorted(submissions)
    for item in items:
        tmpl = template_items.get(item, set()) | template_common
        answers: list[Answer] = []
        seen: dict[str, tuple[list, str]] = {}   # identical cells (blanks, copies) are normalised once
        for s in students:
            src = submissions[s].get(item)
            if src is None:
                continue
            if src not in seen:
                units, note = units_of(src)
                for u in units:
                    u.own = set(u.fps) - tmpl
                seen[src] = (units, note)
            units, note = seen[src]
            ans = Answer(who=s, item=item, source=src, units=units, note=note)
            if note:
                notes.append(f"{s} · {item}: {note}")
            answers.append(ans)
        blanks[item] = sum(1 for a in answers if a.size == 0)
        n_answers[item] = len(answers)
        counts: dict[int, int] = {}
        for a in answers:
            for h in set().union(*(u.own for u in a.units)):
                counts[h] = counts.get(h, 0) + 1
        limit = max(COMMON_MIN, common * len(answers))
        frequent = {h for h, c in counts.items() if c > limit}
        for units, _ in seen.values():
            for u in units:
                u.mine = u.own - frequent
        if frequent:
            notes.append(f"{item}: {len(frequent)} fingerprint(s) found in more than {limit:.0f} of the "
                         f"{len(answers)} answers were ignored between students (how the class writes it)")
        prepared = [_Prepared.of(a) for a in answers]
        for i, a in enumerate(answers):
            pa = prepared[i]
            for j in range(i + 1, len(answers)):
                sc = round(_pair_score(pa, prepared[j]), 3)
                pairs.append(Pair(a.who, answers[j].who, item, sc, sc >= threshold, a, answers[j], None))
            for label, sc, matches in score_reference(a, refs, index):
                sc = round(sc, 3)
                right = refs[max(matches, key=lambda m: len(m[2]))[3]] if matches else None
                pairs.append(Pair(a.who, label, item, sc, sc >= threshold, a, right,
                                  [(u, v, s) for u, v, s, _ in matches]))
    return Result(assignment=assignment, pairs=pairs, notes=notes, students=students, items=items,
                  threshold=threshold, common=common, seconds=time.perf_counter() - t0, blanks=blanks,
                  answers=n_answers)


# ------------------------------------------------------------------------------------------ writing
def write_csv(result: Result, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "item", "score", "flagged"])
        for p in result.pairs:
            w.writerow([p.a, p.b, p.item, f"{p.score:.3f}", int(p.flagged)])
    return path


CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 90em; color: #222; }
table { border-collapse: collapse; } th, td { padding: .3em .6em; border-bottom: 1px solid #ddd; text-align: left; }
th { background: #f3f3f3; } td.n { text-align: right; } .flag { color: #b00; font-weight: bold; }
.side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1em; }
pre { background: #fafafa; border: 1px solid #ddd; padding: .5em; overflow-x: auto; font-size: 85%; margin: 0; }
pre span.ln { color: #999; user-select: none; } mark { background: #ffe08a; }
.pair { border-top: 2px solid #ccc; margin-top: 1.5em; padding-top: .5em; } .note { color: #555; }
"""

def explain(common: float = COMMON_SHARE) -> str:
    """The report's paragraphs on what a score means and how to use it."""
    return (
        "<p><strong>What a score means.</strong> Each answer is normalised (comments, docstrings, formatting and "
        "imports removed; every local name, argument and helper name replaced by a placeholder; the operands of "
        "<code>+</code>, <code>*</code>, <code>==</code> put in a fixed order) and cut into its functions. Runs "
        f"of {K} syntax tokens are fingerprinted and winnowed (as in MOSS: Schleimer, Wilkerson &amp; Aiken "
        f"2003), so any shared run of {K + W - 1} tokens or more (about two lines) is found. Everything the "
        "released exercise gives every student (the answer cell as released, signatures, docstrings, given "
        "helpers, setup cells) is removed first: an untouched answer is similar to nothing. Between students, "
        f"code found in more than {common:.0%} of the answers to an item (and in more than {COMMON_MIN}) is "
        "ignored too: it is how the class writes that item, not evidence of copying (the notes say when this "
        "happened). The score of two students is the mean of the share of each one's own code found in the "
        "other's, function by function (helpers in another order or under other names change nothing); against "
        "<code>course_utils</code> or a lecture it is the share of the student's own code found there. Shares "
        f"are taken over at least {MIN_FP} fingerprints, so two short answers cannot score high on a line or "
        "two. 0 means nothing in common beyond the template; 1 means everything the student wrote is, up to "
        "names and layout, in the other.</p>"
        "<p><strong>A score is evidence for a person, never a grade.</strong> Short answers and answers to "
        "tightly specified questions resemble each other by nature, students may legitimately reuse lecture code "
        "where the exercise allows it, and a copy can be disguised beyond what this finds. Read the code side by "
        "side (shared lines are highlighted), consider how many ways there were to write it, and talk to the "
        "students before drawing any conclusion.</p>")


def _code(ans: Answer | None, lines: set[int]) -> str:
    if ans is None:
        return "<pre>(not available)</pre>"
    out = []
    for i, text in enumerate(ans.source.splitlines(), 1):
        t = html.escape(text) or " "
        if i in lines:
            t = f"<mark>{t}</mark>"
        out.append(f"<span class='ln'>{i:>3}  </span>{t}")
    return "<pre>" + "\n".join(out) + "</pre>"


def _pair_sides(p: Pair) -> tuple[set, set]:
    """Lines of the left and right source that hold a shared fingerprint."""
    left, right = set(), set()
    right_units = p.right.units if p.right is not None else []
    for u, v, shared in p.shared():
        for h in shared:
            for lines in u.fps.get(h, ()):
                left.update(lines)
            if any(v is x for x in right_units):
                for lines in v.fps.get(h, ()):
                    right.update(lines)
    return left, right


def write_html(result: Result, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    flagged = sorted((p for p in result.pairs if p.flagged), key=lambda p: (-p.score, p.item, p.a, p.b))
    below = sorted((p for p in result.pairs if not p.flagged and p.score > 0),
                   key=lambda p: (-p.score, p.item, p.a, p.b))[:10]
    n_pairs = sum(1 for p in result.pairs if ":" not in p.b)
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
             f"<title>Similarity report: {html.escape(result.assignment)}</title><style>{CSS}</style></head><body>",
             f"<h1>Similarity report: {html.escape(result.assignment)}</h1>",
             f"<p>{len(result.students)} submissions, {len(result.items)} answer items, {n_pairs} pairs of students "
             f"compared and every answer against <code>course_utils</code> and the lectures. "
             f"<span class='flag'>{len(flagged)} pair(s) at or above the threshold {result.threshold:g}</span>. "
             "All scores are in <code>similarity.csv</code> (columns <code>a,b,item,score,flagged</code>).</p>",
             explain(result.common)]
    parts.append("<h2>Per item</h2><table><tr><th>item</th><th>answers</th><th>with code of their own</th>"
                 "<th>flagged: student pairs</th><th>flagged: from reference code</th><th>highest score</th></tr>")
    per_item = {item: [0, 0, 0.0] for item in result.items}   # flagged student pairs, flagged references, max
    for p in result.pairs:
        st = per_item.setdefault(p.item, [0, 0, 0.0])
        if p.flagged:
            st[1 if ":" in p.b else 0] += 1
        st[2] = max(st[2], p.score)
    for item, (students, refs, top) in per_item.items():
        n = result.answers.get(item, 0)
        parts.append(f"<tr><td>{html.escape(item)}</td><td class='n'>{n}</td>"
                     f"<td class='n'>{n - result.blanks.get(item, 0)}</td><td class='n'>{students}</td>"
                     f"<td class='n'>{refs}</td><td class='n'>{top:.2f}</td></tr>")
    parts.append("</table>")
    parts.append("<h2>Flagged pairs</h2>")
    if not flagged:
        parts.append("<p>No pair reaches the threshold.</p>")
    else:
        parts.append("<table><tr><th>#</th><th>score</th><th>item</th><th>a</th><th>b</th></tr>")
        for n, p in enumerate(flagged[:MAX_LISTED], 1):
            link = f"<a href='#pair-{n}'>{html.escape(p.b)}</a>" if n <= MAX_SHOWN else html.escape(p.b)
            parts.append(f"<tr><td class='n'>{n}</td><td class='n'>{p.score:.2f}</td><td>{html.escape(p.item)}</td>"
                         f"<td>{html.escape(p.a)}</td><td>{link}</td></tr>")
        parts.append("</table>")
        if len(flagged) > MAX_LISTED:
            parts.append(f"<p>{len(flagged) - MAX_LISTED} more flagged pairs are listed in the CSV only.</p>")
        for n, p in enumerate(flagged[:MAX_SHOWN], 1):
            left, right = _pair_sides(p)
            rtitle = p.b + (f" ({p.right.item})" if p.right is not None and ":" in p.b and p.b.startswith("lecture:")
                            else "")
            parts.append(f"<div class='pair' id='pair-{n}'><h3>{n}. {html.escape(p.item)}: {html.escape(p.a)} and "
                         f"{html.escape(rtitle)}, score {p.score:.2f}</h3>")
            notes = [x for x in (p.left.note if p.left else "", p.right.note if p.right else "") if x]
            if notes:
                parts.append("<p class='note'>" + html.escape("; ".join(notes)) + "</p>")
            parts.append(f"<div class='side'><div><b>{html.escape(p.a)}</b>{_code(p.left, left)}</div>"
                         f"<div><b>{html.escape(rtitle)}</b>{_code(p.right, right)}</div></div></div>")
        if len(flagged) > MAX_SHOWN:
            parts.append(f"<p>The first {MAX_SHOWN} flagged pairs are shown side by side above.</p>")
    parts.append("<h2>Closest pairs below the threshold</h2>")
    if below:
        parts.append("<table><tr><th>score</th><th>item</th><th>a</th><th>b</th></tr>" + "".join(
            f"<tr><td class='n'>{p.score:.2f}</td><td>{html.escape(p.item)}</td><td>{html.escape(p.a)}</td>"
            f"<td>{html.escape(p.b)}</td></tr>" for p in below) + "</table>")
    else:
        parts.append("<p>None.</p>")
    parts.append("<h2>Notes</h2><ul>")
    blank_items = {i: n for i, n in result.blanks.items() if n}
    if blank_items:
        parts.append("<li>Answers with no code of their own (the template only, or too short to compare), "
                     "similar to nothing: "
                     + ", ".join(f"{html.escape(i)}: {n}" for i, n in blank_items.items()) + "</li>")
    for note in result.notes:
        parts.append(f"<li>{html.escape(note)}</li>")
    if not blank_items and not result.notes:
        parts.append("<li>none</li>")
    parts.append("</ul></body></html>\n")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ the command
def run_similarity(root: str | Path, assignment: str, out: str | Path, threshold: float = THRESHOLD,
                   released: list[Path] | None = None, submitted: Path | None = None,
                   refs_root: Path | None = None, utils_dir: Path | None = None,
                   common: float = COMMON_SHARE) -> tuple[Result, Path, Path]:
    """Compare the submissions of ``assignment`` in the course at ``root``; write ``out/similarity.csv`` and
    ``out/index.html``. ``released``: the released notebooks (default: the course's release folder, generated
    when missing); ``refs_root``: where ``course_utils`` and ``lectures/`` are (default: ``root``)."""
    import tempfile

    from . import config as cfgmod

    root = Path(root).resolve()
    out = Path(out)
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="course-similarity-") as tmp:
        if released is None or submitted is None:
            cfg = cfgmod.load_config(root)
            paths = cfgmod.Paths.of(root, cfg)
            submitted = paths.submitted if submitted is None else submitted
            if released is None:
                released = sorted(paths.release_dir(assignment).glob("*.ipynb"))
                if not released and paths.source_dir(assignment).is_dir():
                    from .release import build_release

                    try:
                        files = build_release(root, assignment, Path(tmp) / "scratch", cfg)
                    except Exception as exc:  # nbgrader could not generate it: compare without a template
                        notes.append(f"the released exercise could not be generated ({type(exc).__name__})")
                        files = {}
                    for rel, data in files.items():
                        if rel.endswith(".ipynb"):
                            dest = Path(tmp) / "template" / rel
                            dest.parent.mkdir(parents=True, exist_ok=True)
                            dest.write_bytes(data)
                            released.append(dest)
        tmpl_items, tmpl_common, order = template_hashes(released)
    if not order:
        notes.append(f"no released exercise found for {assignment}: nothing subtracted as template")
    subs = collect_answers(Path(submitted), assignment, notes)
    refs = reference_answers(Path(refs_root or root), utils_dir)
    result = compare(subs, tmpl_items, tmpl_common, refs, items=order, threshold=threshold, notes=notes,
                     assignment=assignment, common=common)
    csv_path = write_csv(result, out / "similarity.csv")
    html_path = write_html(result, out / "index.html")
    return result, csv_path, html_path


def run(args) -> int:
    from . import config as cfgmod

    try:
        root = cfgmod.root_from_args(args)
    except cfgmod.CourseNotFoundError as exc:
        print(f"course similarity: {exc}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    result, csv_path, html_path = run_similarity(root, args.assignment, args.out, threshold=args.threshold,
                                                 common=args.common)
    if not result.students:
        print(f"course similarity: no submissions of {args.assignment} found in submitted/ (wrote an empty report)",
              file=sys.stderr)
        return 1
    flagged = [p for p in result.pairs if p.flagged]
    print(f"wrote {html_path} and {csv_path}: {len(result.students)} submissions, {len(result.pairs)} pairs, "
          f"{len(flagged)} flagged (score >= {result.threshold:g}) in {time.perf_counter() - t0:.1f} s")
    for p in sorted(flagged, key=lambda p: -p.score)[:10]:
        print(f"  {p.score:.2f}  {p.item}: {p.a} ~ {p.b}")
    return 0


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "similarity", help="pairs of answers that are suspiciously alike, or copied from course_utils/lectures",
        description=__doc__.split("\n", 2)[2].replace("``", "'"),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("assignment", metavar="ASSIGNMENT")
    p.add_argument("--out", default="similarity", metavar="DIR", help="folder to write (default: similarity)")
    p.add_argument("--threshold", type=float, default=THRESHOLD,
                   help=f"flag pairs with a score at or above this (default {THRESHOLD})")
    p.add_argument("--common", type=float, default=COMMON_SHARE, metavar="SHARE",
                   help=f"between students, ignore code found in more than this share of the answers to an item "
                        f"(and in more than {COMMON_MIN}); 1 ignores nothing (default {COMMON_SHARE})")
    p.set_defaults(func=run)
