"""Checking functions for the exercises' test cells: strict, tamper-evident, and teaching.

Every grade cell starts with::

    from course_utils.checks import proven_checks
    ck = proven_checks()

:func:`proven_checks` loads a *fresh* copy of this file (so monkeypatching the imported module from an answer
cell does not reach it) and then proves that the fresh checker still rejects known-wrong answers drawn at
random.  If an answer cell has overridden ``np.allclose``, ``np.abs``, ``np.testing``, the checkers or the
like so that wrong answers would pass, the proof fails and the cell raises ``AssertionError``: the affected
items earn zero instead of full marks.

The checks never use ``np.allclose`` or ``np.testing``: comparisons are written out with elementary
operations, so that a failure can say *how* an answer is wrong (sign flipped, N times too large, transposed,
NaN from an overflow, ...) rather than only *that* it is wrong.

All methods raise ``AssertionError`` with a message meant for the student.

**Mistake ids.** A message that names a known mistake ends with a line ``(mistake: <id>)``: the grader reads it
from the graded notebook and counts the class's mistakes (``course report``).  Ids are ``<item>.<mistake>``
(``affine_backward.transposed``): the ``mistakes=`` entries of :meth:`Checks.close` / :meth:`Checks.equal`
take the id as a third element, ``ck.true(cond, msg, mistake="sigmoid.unstable")``, and the built-in
diagnoses (transposed, sign flipped, a missing factor, NaN/inf, ...) get generic ids: ``<item>.<kind>`` after
``ck.item("<item>")``, else the bare ``<kind>``, which the grader completes with the item of the grade cell
(``test_<item>``).  The id reveals nothing hidden: it only names what the message says.
"""
from __future__ import annotations

import builtins
import copy
import importlib.util
import math
import os
import sys
import warnings
from typing import Any, Callable, Iterable, Sequence

import numpy as np

__all__ = ["proven_checks", "Checks"]

_THIS_FILE = os.path.abspath(__file__)
_AssertionError = builtins.AssertionError

#: course_utils modules that hold reference implementations of graded functions
REFERENCE_MODULES = (
    "course_utils.activations", "course_utils.losses", "course_utils.layers", "course_utils.mlp",
    "course_utils.perceptron", "course_utils.optim", "course_utils.init", "course_utils.regularization",
    "course_utils.training", "course_utils.gradcheck", "course_utils.data", "course_utils.model_selection",
)


#: the last line of a check message that names a known mistake (read by course_grader.mistakes)
MISTAKE_LINE = "(mistake: {})"


def _fail(message: str, mistake: str | None = None):
    if mistake:
        message = f"{message}\n" + MISTAKE_LINE.format(mistake)
    raise _AssertionError(message)


def _entry(entry) -> tuple[Any, str, str | None]:
    """A ``mistakes=`` entry as ``(wrong_value, explanation, id or None)``."""
    if len(entry) == 3:
        return entry[0], entry[1], entry[2]
    wrong, explanation = entry
    return wrong, explanation, None


def _short(x, n: int = 6) -> str:
    """A compact, single-line rendering of a value for messages."""
    try:
        arr = np.asarray(x)
    except Exception:  # pragma: no cover - exotic objects
        return repr(x)[:80]
    if arr.ndim == 0:
        return f"{arr.item()!r}" if arr.dtype.kind not in "fc" else f"{float(arr):.6g}"
    flat = arr.ravel()
    body = ", ".join(f"{v:.4g}" if arr.dtype.kind in "fc" else repr(v.item()) for v in flat[:n])
    more = ", ..." if flat.size > n else ""
    return f"array of shape {arr.shape}: [{body}{more}]"


class Checks:
    """The checkers a grade cell uses (obtain one with :func:`proven_checks`).

    Tolerances are relative *and* absolute: ``|actual - expected| <= atol + rtol * |expected|`` elementwise.
    """

    #: the item (graded function) the generic mistake ids name; set by :meth:`item`
    _item = None

    def item(self, name: str) -> "Checks":
        """Name the graded item for generic mistake ids (``ck.item("affine_backward")``: a transposed result
        is ``affine_backward.transposed``); returns the checker."""
        self._item = str(name)
        return self

    def _id(self, kind: str) -> str:
        """The generic mistake id ``<item>.<kind>`` (bare ``<kind>`` when no item was named)."""
        return f"{self._item}.{kind}" if self._item else kind

    # ------------------------------------------------------------------ helpers
    def _as_float_array(self, actual, what: str) -> np.ndarray:
        if actual is None:
            _fail(f"{what} returned None: did you forget the `return` statement?", self._id("no_return"))
        if isinstance(actual, tuple) and len(actual) > 1 and not all(np.isscalar(a) for a in actual):
            _fail(f"{what} returned a tuple of {len(actual)} items where a single array was expected.")
        try:
            arr = np.asarray(actual, dtype=np.float64)
        except (TypeError, ValueError):
            _fail(f"{what} returned {type(actual).__name__}, which is not a number or an array of numbers.")
        return arr

    @staticmethod
    def _isclose(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
        if a.shape != b.shape:
            return False
        if a.size == 0:
            return True
        with np.errstate(all="ignore"):
            diff = np.abs(a - b)
            ok = diff <= atol + rtol * np.abs(b)
        both_nan = np.isnan(a) & np.isnan(b)
        same_inf = np.isinf(a) & np.isinf(b) & (np.sign(a) == np.sign(b))
        return bool(np.all(ok | both_nan | same_inf))

    def _diagnose(self, a: np.ndarray, e: np.ndarray, rtol: float, atol: float) -> tuple[str, str | None] | None:
        """Name the likely mistake when ``a`` is a recognisable distortion of ``e``: ``(hint, kind or None)``."""
        if not np.all(np.isfinite(e)) or not np.any(np.abs(e) > atol):
            return None
        if self._isclose(-a, e, rtol, atol):
            return ("it has the right size but the opposite sign: is a sign flipped (e.g. t - y instead of y - t)?",
                    "sign_flipped")
        with np.errstate(all="ignore"):
            scale = float(np.sum(a * e) / np.sum(e * e))
        if math.isfinite(scale) and abs(scale) > 1e-12 and not math.isclose(scale, 1.0, rel_tol=1e-6):
            if self._isclose(a, scale * e, max(rtol, 1e-6), atol):
                mag = abs(scale)
                sign = "" if scale > 0 else " and of the opposite sign"
                k = round(mag)
                if mag > 1 and math.isclose(mag, k, rel_tol=1e-6):
                    return (f"it is exactly {k} times too large{sign}: a missing factor 1/{k} "
                            f"(e.g. an average over the batch, or the 1/2 that cancels the 2 of a square)?",
                            "missing_factor")
                k = round(1 / mag)
                if mag < 1 and math.isclose(1 / mag, k, rel_tol=1e-6):
                    return (f"it is exactly {k} times too small{sign}: an extra factor 1/{k} "
                            f"(e.g. averaging twice, or dividing by the batch size where a sum was asked)?",
                            "extra_factor")
                # a single number is always proportional to the expected one: no mistake id for it
                return (f"it is proportional to the expected value but {mag:.4g} times as large{sign}.",
                        "scaled" if e.size > 1 else None)
        return None

    # ------------------------------------------------------------------ comparisons
    def close(self, actual, expected, what: str = "your result", *, rtol: float = 1e-6, atol: float = 1e-9,
              mistakes: Iterable[tuple] = ()) -> None:
        """Fail unless ``actual`` has the shape of ``expected``, is finite where it is, and is close to it.

        ``mistakes`` lists ``(wrong_value, explanation)`` pairs or ``(wrong_value, explanation, mistake_id)``
        triples: when ``actual`` matches a wrong value, its explanation is the message (and its id the
        message's ``(mistake: ...)`` line).
        """
        e = np.asarray(expected, dtype=np.float64)
        a = self._as_float_array(actual, what)
        for entry in mistakes:
            wrong, explanation, mid = _entry(entry)
            w = np.asarray(wrong, dtype=np.float64)
            if w.shape == a.shape and self._isclose(a, w, rtol, atol) and not self._isclose(w, e, rtol, atol):
                _fail(f"{what}: {explanation}", mid)
        if a.shape != e.shape:
            if a.ndim == 2 and a.T.shape == e.shape and self._isclose(a.T, e, rtol, atol):
                _fail(f"{what} has shape {a.shape} but should have shape {e.shape}: it is transposed.",
                      self._id("transposed"))
            if a.size == e.size and self._isclose(a.reshape(e.shape), e, rtol, atol):
                _fail(f"{what} has the right numbers but shape {a.shape} instead of {e.shape}.",
                      self._id("reshaped"))
            _fail(f"{what} has shape {a.shape}, expected shape {e.shape}.", self._id("wrong_shape"))
        bad = ~np.isfinite(a) & np.isfinite(e)
        if np.any(bad):
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            _fail(f"{what} contains {a[idx]} at index {idx} where a finite number was expected: an overflow or "
                  f"0/0 somewhere? Use a numerically stable formula.", self._id("not_finite"))
        if self._isclose(a, e, rtol, atol):
            return
        hint = self._diagnose(a, e, rtol, atol)
        if hint:
            _fail(f"{what} is wrong: {hint[0]}", self._id(hint[1]) if hint[1] else None)
        with np.errstate(all="ignore"):
            err = np.where(np.isfinite(e), np.abs(a - e), 0.0)
        if err.ndim == 0:
            _fail(f"{what} is {float(a):.10g}, expected {float(e):.10g}.")
        idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
        n_bad = int(np.sum(~(err <= atol + rtol * np.abs(e))))
        _fail(f"{what} is wrong in {n_bad} of {e.size} entries; the largest error is at index {idx}: "
              f"got {a[idx]:.10g}, expected {e[idx]:.10g}.")

    def equal(self, actual, expected, what: str = "your result",
              mistakes: Iterable[tuple] = ()) -> None:
        """Fail unless ``actual`` equals ``expected`` exactly (integers, labels, booleans, shapes, strings).

        ``mistakes`` as in :meth:`close`: ``(wrong_value, explanation[, mistake_id])``."""
        if actual is None and expected is not None:
            _fail(f"{what} returned None: did you forget the `return` statement?", self._id("no_return"))
        a, e = np.asarray(actual), np.asarray(expected)
        for entry in mistakes:
            wrong, explanation, mid = _entry(entry)
            w = np.asarray(wrong)
            if w.shape == a.shape and bool(np.all(a == w)) and not (w.shape == e.shape and bool(np.all(w == e))):
                _fail(f"{what}: {explanation}", mid)
        if a.shape != e.shape:
            _fail(f"{what} has shape {a.shape}, expected shape {e.shape}.", self._id("wrong_shape"))
        same = a == e
        if not isinstance(same, np.ndarray):
            same = np.asarray(same)
        if bool(np.all(same)):
            return
        if a.ndim == 0:
            _fail(f"{what} is {_short(a)}, expected {_short(e)}.")
        idx = tuple(int(i) for i in np.argwhere(~same)[0])
        _fail(f"{what} differs in {int(np.sum(~same))} of {e.size} entries; first at index {idx}: "
              f"got {a[idx]!r}, expected {e[idx]!r}.")

    def shape(self, actual, shape: Sequence[int], what: str = "your result") -> None:
        """Fail unless ``np.shape(actual) == shape``."""
        if actual is None:
            _fail(f"{what} returned None: did you forget the `return` statement?", self._id("no_return"))
        got = tuple(np.shape(actual))
        if got != tuple(shape):
            _fail(f"{what} has shape {got}, expected shape {tuple(shape)}.", self._id("wrong_shape"))

    def true(self, condition, message: str, mistake: str | None = None) -> None:
        """Fail with ``message`` unless ``condition`` is true; ``mistake`` is the id of the mistake the message
        names (e.g. ``"sigmoid.unstable"``), if it names one."""
        if not bool(condition):
            _fail(message, mistake)

    def known_mistakes(self, call: Callable, wrongs, *, rtol: float = 1e-7, atol: float = 1e-10) -> None:
        """Fail with a known mistake's explanation and id when ``call()`` returns that mistake's result.

        For a mistake the checks after this one would only report as "wrong" (a gradient check, a value far
        off): ``call`` runs the student's code with no arguments; ``wrongs`` is a sequence of
        ``(wrong_result, explanation, mistake_id)``. Results are compared number by number (dicts by sorted key,
        tuples and lists in order; same count, ``np.allclose`` with ``rtol``/``atol``). Anything else passes
        silently, including an exception raised by ``call`` (the checks after this one report it), so a right
        answer and every other mistake reach those checks unchanged."""
        def flat(v):
            if isinstance(v, dict):
                return np.concatenate([flat(v[k]) for k in sorted(v)]) if v else np.zeros(0)
            if isinstance(v, (tuple, list)):
                return np.concatenate([flat(u) for u in v]) if v else np.zeros(0)
            return np.ravel(np.asarray(v, dtype=np.float64))

        try:
            with np.errstate(all="ignore"):
                got = flat(call())
        except Exception:   # noqa: BLE001 - reported by the checks that follow
            return
        for wrong, why, mistake in wrongs:
            w = flat(wrong)
            with np.errstate(all="ignore"):
                same = w.shape == got.shape and bool(np.allclose(got, w, rtol=rtol, atol=atol))
            if same:
                _fail(why, mistake)

    def finite(self, actual, what: str = "your result") -> None:
        """Fail if ``actual`` contains NaN or infinity."""
        a = self._as_float_array(actual, what)
        if not bool(np.all(np.isfinite(a))):
            _fail(f"{what} contains NaN or infinity: an overflow or 0/0 somewhere? "
                  f"Use a numerically stable formula.", self._id("not_finite"))

    def raises(self, exc_type, fn: Callable, *args, **kwargs) -> BaseException:
        """Fail unless ``fn(*args, **kwargs)`` raises ``exc_type``; return the exception."""
        name = getattr(fn, "__name__", "the function")
        try:
            fn(*args, **kwargs)
        except exc_type as exc:
            return exc
        except Exception as exc:  # the wrong kind of error
            _fail(f"{name} raised {type(exc).__name__}({exc}) but should raise {exc_type.__name__}.",
                  self._id("wrong_exception"))
        _fail(f"{name} should raise {exc_type.__name__} here, but it returned normally.", self._id("no_exception"))

    # ------------------------------------------------------------------ gradients
    @staticmethod
    def _numerical_gradient(f: Callable, x: np.ndarray, h: float) -> np.ndarray:
        grad = np.zeros_like(x, dtype=np.float64)
        it = np.nditer(x, flags=["multi_index"])
        for _ in it:
            i = it.multi_index
            old = x[i]
            x[i] = old + h
            fp = float(f(x))
            x[i] = old - h
            fm = float(f(x))
            x[i] = old
            grad[i] = (fp - fm) / (2 * h)
        return grad

    def gradient(self, f: Callable, x, analytic, what: str = "your gradient", *, tol: float = 1e-6,
                 h: float = 1e-5) -> None:
        """Central-difference check of ``analytic`` (the gradient of the scalar ``f`` at ``x``).

        Relative error per entry: ``|a - n| / max(1e-8, |a| + |n|)``; fails when the worst exceeds ``tol``.
        """
        x = np.array(x, dtype=np.float64)
        a = self._as_float_array(analytic, what)
        if a.shape != x.shape:
            if a.ndim == 2 and a.T.shape == x.shape:
                _fail(f"{what} has shape {a.shape} but the parameter has shape {x.shape}: it is transposed.",
                      self._id("transposed"))
            _fail(f"{what} has shape {a.shape} but the parameter has shape {x.shape}; "
                  f"a gradient always has the shape of what it differentiates.")
        num = self._numerical_gradient(f, x.copy(), h)
        with np.errstate(all="ignore"):
            rel = np.abs(a - num) / np.maximum(1e-8, np.abs(a) + np.abs(num))
        rel = np.where(np.isfinite(rel), rel, np.inf)
        worst = float(np.max(rel)) if rel.size else 0.0
        if worst <= tol:
            return
        hint = self._diagnose(a, num, 1e-4, 1e-7)
        idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(rel)), rel.shape)) if rel.ndim else ()
        where = f" (worst at index {idx}: yours {a[idx]:.6g}, numerical {num[idx]:.6g})" if idx else ""
        _fail(f"{what} does not match the numerical gradient: relative error {worst:.2e} > {tol:.0e}{where}."
              + (f" Compared with the numerical gradient, {hint[0]}" if hint else ""),
              self._id(hint[1]) if hint and hint[1] else None)

    # ------------------------------------------------------------------ behaviour
    def no_warnings(self, fn: Callable, *args, **kwargs):
        """Call ``fn`` with NumPy's floating-point warnings (overflow, invalid value, division by zero) raised as
        errors; return its result.  Other warnings (``UserWarning``, ``DeprecationWarning``, the student's own
        ``warnings.warn``) are harmless and pass."""
        name = getattr(fn, "__name__", "your function")
        try:
            with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
                return fn(*args, **kwargs)
        except FloatingPointError as exc:
            _fail(f"{name} triggered a NumPy warning ({exc}) on extreme inputs: use a numerically stable "
                  f"formula (e.g. never exponentiate a large positive number).", self._id("numerical_warning"))

    def unchanged(self, fn: Callable, *args, **kwargs):
        """Call ``fn`` and fail if it modified any of its array (or dict-of-array) arguments in place."""
        name = getattr(fn, "__name__", "your function")
        before = copy.deepcopy((args, kwargs))
        result = fn(*args, **kwargs)

        def same(x, y) -> bool:
            if isinstance(x, np.ndarray):
                return isinstance(y, np.ndarray) and x.shape == y.shape and bool(
                    np.all((x == y) | (np.isnan(x) & np.isnan(y)) if x.dtype.kind == "f" else x == y))
            if isinstance(x, dict):
                return isinstance(y, dict) and x.keys() == y.keys() and all(same(x[k], y[k]) for k in x)
            if isinstance(x, (list, tuple)):
                return len(x) == len(y) and all(same(u, v) for u, v in zip(x, y))
            return True

        for pos, (old, new) in enumerate(zip(before[0], args)):
            if not same(old, new):
                _fail(f"{name} modified its argument number {pos + 1} in place: work on a copy "
                      f"(e.g. `X = X.copy()` or build a new array) so the caller's data stays intact.",
                      self._id("modified_input"))
        for key in kwargs:
            if not same(before[1][key], kwargs[key]):
                _fail(f"{name} modified its argument `{key}` in place: work on a copy.", self._id("modified_input"))
        return result

    def isolate(self, namespace: dict, **references) -> "Isolation":
        """Grade one item on its own: bind ``name = reference`` in ``namespace`` until the cell ends.

        ``namespace`` is the notebook's global namespace (pass ``globals()``). A function under test that calls
        ``sigmoid`` looks the name up when it runs, so with ``ck.isolate(globals(), sigmoid=reference)`` it uses
        the reference and a mistake in the student's own ``sigmoid`` costs the sigmoid items only. The student's
        own objects are put back when the cell has finished (IPython's ``post_run_cell`` event, whether the cell
        passed or failed) or, used as ``with ck.isolate(...):``, at the end of the block; names the student had
        not defined are removed again. Grade cells call it in a hidden-test block before their visible tests.
        """
        return Isolation(namespace, references)

    def not_delegated(self, fn: Callable, *args, what: str | None = None, also: Sequence[str] = (),
                      **kwargs) -> None:
        """Fail when ``fn`` hands its work to ``course_utils``' reference implementation of the same name.

        Static check: every global name the function (and its nested functions) uses is resolved; a
        ``course_utils`` reference function or class named like ``fn`` (or a reference module from which such
        an attribute is taken) counts as delegation, and so does such a function held in a closure or a default
        argument.  With ``args``, ``fn(*args, **kwargs)`` is also run while every ``course_utils`` module's
        binding of that name is replaced by a tripwire that notes calls into the reference implementation (no
        profiler: graded kernels refuse ``sys.setprofile``).

        ``also`` names further ``course_utils`` functions that do the item's work under another name (e.g.
        ``also=("kfold_indices",)`` for a student's ``cross_validate``): using them counts as delegation too.
        """
        name = getattr(fn, "__name__", None)
        names = {name, *also} - {None}
        label = what or (f"`{name}`" if name else "your function")
        module = getattr(fn, "__module__", "") or ""
        if module.startswith("course_utils"):
            _fail(f"{label} is course_utils' reference implementation ({module}), not your own: "
                  f"write the function yourself; this item earns no points otherwise.", self._id("delegated"))
        target = getattr(fn, "__func__", fn)
        if isinstance(target, type):
            targets = [m for m in vars(target).values() if callable(m)]
        else:
            targets = [target]

        def offending(obj, attr_names) -> str | None:
            mod = getattr(obj, "__module__", None)
            if isinstance(obj, type(sys)):
                if obj.__name__ in REFERENCE_MODULES or obj.__name__ == "course_utils":
                    for attr in attr_names:
                        sub = getattr(obj, attr, None)
                        if sub is not None and getattr(sub, "__name__", None) in names and \
                                str(getattr(sub, "__module__", "")).startswith("course_utils"):
                            return f"{obj.__name__}.{attr}"
                        if isinstance(sub, type(sys)) and sub.__name__ in REFERENCE_MODULES:
                            for n in sorted(names & set(attr_names)):
                                if getattr(sub, n, None) is not None:
                                    return f"{sub.__name__}.{n}"
                return None
            if mod in REFERENCE_MODULES and getattr(obj, "__name__", None) in names:
                return f"{mod}.{obj.__name__}"
            return None

        def codes(code):
            yield code
            for const in code.co_consts:
                if hasattr(const, "co_code"):
                    yield from codes(const)

        for t in targets:
            code = getattr(t, "__code__", None)
            glb = getattr(t, "__globals__", {})
            if code is None:
                continue
            all_names = set()
            for c in codes(code):
                all_names.update(c.co_names)
            for n in all_names:
                if n in glb:
                    hit = offending(glb[n], all_names)
                    if hit:
                        _fail(f"{label} calls course_utils' reference implementation ({hit}): write the "
                              f"computation yourself; this item earns no points otherwise.", self._id("delegated"))
            for cell in getattr(t, "__closure__", None) or ():
                try:
                    hit = offending(cell.cell_contents, all_names)
                except ValueError:
                    continue
                if hit:
                    _fail(f"{label} calls course_utils' reference implementation ({hit}): write it yourself.",
                          self._id("delegated"))
            for default in (*(getattr(t, "__defaults__", None) or ()),
                            *((getattr(t, "__kwdefaults__", None) or {}).values())):
                hit = offending(default, all_names)
                if hit:
                    _fail(f"{label} calls course_utils' reference implementation ({hit}): write it yourself.",
                          self._id("delegated"))

        if not args and not kwargs:
            return
        seen: list[str] = []
        swapped = []
        for modname, mod in list(sys.modules.items()):
            if not isinstance(mod, type(sys)) or not modname.startswith("course_utils") or \
                    modname == "course_utils.checks":
                continue
            for n in sorted(names):
                ref = vars(mod).get(n)
                if ref is None or not str(getattr(ref, "__module__", "")).startswith("course_utils"):
                    continue
                swapped.append((mod, n, ref))
                setattr(mod, n, _tripwire(ref, f"{modname}.{n}", seen))
        try:
            fn(*args, **kwargs)
        except Exception:
            pass  # correctness is judged elsewhere; here we only watch for delegation
        finally:
            for mod, n, ref in swapped:
                setattr(mod, n, ref)
        if seen:
            _fail(f"{label} calls course_utils' reference implementation ({seen[0]}): write it yourself; "
                  f"this item earns no points otherwise.", self._id("delegated"))


def _tripwire(ref, where: str, seen: list):
    """``ref`` that notes in ``seen`` that it was called (while :meth:`Checks.not_delegated` watches)."""
    def tripwire(*args, **kwargs):
        seen.append(where)
        return ref(*args, **kwargs)
    return tripwire


_MISSING = object()


class Isolation:
    """What :meth:`Checks.isolate` returns: the swapped names, put back by :meth:`restore` (idempotent)."""

    def __init__(self, namespace: dict, references: dict):
        self._namespace = namespace
        self._saved = {name: namespace.get(name, _MISSING) for name in references}
        namespace.update(references)
        self._done = False
        self._events = None
        try:
            shell = namespace.get("get_ipython", lambda: None)() if callable(namespace.get("get_ipython")) else None
        except Exception:  # pragma: no cover - a broken shell: restore by hand (with-block) only
            shell = None
        if shell is None:
            try:
                from IPython import get_ipython
                shell = get_ipython()
            except Exception:  # pragma: no cover - IPython absent
                shell = None
        if shell is not None:
            self._events = shell.events
            self._events.register("post_run_cell", self._after_cell)

    def _after_cell(self, *_args) -> None:
        self.restore()

    def restore(self) -> None:
        """Put the namespace's own objects back (and forget names it did not have)."""
        if self._done:
            return
        self._done = True
        for name, old in self._saved.items():
            if old is _MISSING:
                self._namespace.pop(name, None)
            else:
                self._namespace[name] = old
        if self._events is not None:
            try:
                self._events.unregister("post_run_cell", self._after_cell)
            except ValueError:  # pragma: no cover - already gone
                pass

    def __enter__(self) -> "Isolation":
        return self

    def __exit__(self, *exc) -> None:
        self.restore()


# ---------------------------------------------------------------------- proof
def _prove(ck: Checks) -> None:
    """Raise AssertionError unless ``ck`` rejects random wrong answers and accepts right ones."""
    rng = np.random.default_rng(int.from_bytes(os.urandom(8), "little"))
    n = int(rng.integers(3, 7))
    right = rng.normal(size=(n, 2)) + 0.5
    wrong = right + rng.choice([-1.0, 1.0]) * (0.5 + rng.random())

    def rejects(check, *args, **kwargs) -> bool:
        try:
            check(*args, **kwargs)
        except _AssertionError:
            return True
        except Exception:
            return False
        return False

    def accepts(check, *args, **kwargs) -> bool:
        try:
            check(*args, **kwargs)
        except Exception:
            return False
        return True

    def warns():
        return np.exp(np.array([800.0 + rng.random()]))

    w = rng.normal(size=3)
    f = lambda v: float(np.sum(v ** 2) + v[0] * v[1])  # noqa: E731
    g_right = 2 * w + np.array([w[1], w[0], 0.0])
    proofs = [
        accepts(ck.close, right.copy(), right),
        rejects(ck.close, wrong, right),
        rejects(ck.close, right[:-1], right),
        rejects(ck.close, np.full_like(right, np.nan), right),
        accepts(ck.equal, np.arange(n), np.arange(n)),
        rejects(ck.equal, np.arange(n) + 1, np.arange(n)),
        rejects(ck.equal, 3, 4),
        rejects(ck.shape, right, (n + 1, 2)),
        rejects(ck.true, False, "proof"),
        accepts(ck.gradient, f, w, g_right),
        rejects(ck.gradient, f, w, 2 * g_right),
        rejects(ck.no_warnings, warns),
    ]
    if not all(proofs):
        _fail("The checking tools were modified (for example np.allclose, np.testing or course_utils.checks "
              "was overridden in an answer cell), so this cell cannot be graded and earns no points. "
              "Remove the code that changes them, restart the kernel and run all cells.")


#: the audit event through which a graded kernel's guard (course_grader/guard.py) hands out genuine checkers
_GUARD_EVENT = "course_grader.guard"
#: NumPy's error state before the current cell's first proven_checks() (restored when the cell ends)
_SAVED_ERRSTATE: list = []


def _shell():
    try:
        from IPython import get_ipython
    except Exception:  # pragma: no cover - IPython absent
        return None
    return get_ipython()


def _numerical_errors_raise_until_the_cell_ends() -> None:
    """From now until the cell ends, NumPy's overflow, invalid-value and division-by-zero warnings raise
    ``FloatingPointError`` (underflow stays silent): in a grade cell they reveal a numerical mistake.
    Outside IPython (no cells) NumPy's state is left alone."""
    shell = _shell()
    if shell is None:
        return
    old = np.seterr(over="raise", divide="raise", invalid="raise", under="ignore")
    if _SAVED_ERRSTATE:
        return
    _SAVED_ERRSTATE.append(old)

    def restore(*_args) -> None:
        if _SAVED_ERRSTATE:
            np.seterr(**_SAVED_ERRSTATE.pop())
        try:
            shell.events.unregister("post_run_cell", restore)
        except ValueError:  # pragma: no cover - already gone
            pass

    shell.events.register("post_run_cell", restore)


def proven_checks() -> Checks:
    """A fresh, proven :class:`Checks` for a grade cell (see the module docstring).

    In a graded kernel the grader's guard hands out the checker (this file as it was before any student code
    ran); elsewhere this file is loaded afresh.  Until the cell ends, NumPy floating-point warnings raise.
    """
    box: list = []
    sys.audit(_GUARD_EVENT, "checks", None, box)
    if box and isinstance(box[0], tuple) and len(box[0]) == 2:
        namespace, ck = box[0]
        prove = namespace["_prove"]
    else:
        spec = importlib.util.spec_from_file_location("_course_utils_checks_fresh", _THIS_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        ck = module.Checks()
        prove = module._prove
    prove(ck)
    _prove(ck)
    _numerical_errors_raise_until_the_cell_ends()
    return ck
