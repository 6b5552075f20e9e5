"""The guard of a graded kernel (issue 20): every grade cell runs against the code as it was before any
student code ran, whatever the answer cells did.

The grader (:class:`course_grader.sandbox.SandboxExecute`) runs :func:`install` silently before the notebook's
first cell, then asks the guard for a verdict before and after every grade cell (and around the instructor's
setup cells).  Nothing here trusts the kernel's Python state after :func:`install` has returned:

* **The snapshot.**  :func:`install` imports what grade cells use (the grade cells' own imports, all of
  ``course_utils``, NumPy's subpackages) and records, by identity, the contents of every loaded module's
  namespace, of every class defined in one, of the closures of their functions, of the registries through
  which Python and IPython call code (``sys.modules``, import hooks, ``copyreg``, IPython's events and
  input/AST transformers, the kernel's message handlers) and of the objects that run a cell and report its
  result (the shell, the kernel, their display hooks and streams).
* **Before a grade cell** everything that differs from the snapshot is put back (the student's versions are
  kept aside and given back after the cell, so answer cells keep seeing their own world); names the
  instructor's setup cells bound (``np``, ``X``, ``y``) are bound again to what the setup cell made.  A change
  to the code the grading depends on is reported (``restored: numpy.array, ...``).
* **After a grade cell** the same comparison finds what changed *while the cell ran* (the tested functions
  are the student's own code): a change to the grading code or to the checker the cell got from
  ``proven_checks()`` (also: ``ck`` bound to something else) fails the cell (``modified: ...``).
* **What cannot be undone is refused** from the first cell on, by an audit hook (:pep:`578`; it cannot be
  removed): enumerating objects with :mod:`gc`, more audit hooks, ``sys.settrace``/``sys.setprofile``,
  ``ctypes`` and ``/proc/<pid>/mem``, replacing the code, defaults or class of a function, class, module or
  kernel object that existed at the snapshot, and reading the guard's own frame.
* **Verdicts are sealed**: each request carries a fresh nonce and the verdict comes back with an HMAC keyed by
  a secret only the grader and the guard know, computed by C code, and only after the guard has checked that
  every frame on the call stack runs code that existed at the snapshot (no student function sits in the
  kernel's request loop).  Anything else (no verdict, a wrong seal, an error) fails the cell on the grader's
  side, outside the kernel.

The guard's state lives in the locals of a suspended generator; its functions use only closure variables
(no global or builtin name lookups, checked by ``tests/test_sandbox.py``) and touch the student's objects only
through identity comparisons and C-level operations on exact built-in types, so no student code runs inside it.
What in-process grading cannot promise is in the README ("Tamper resistance").
"""
from __future__ import annotations

import sys

from . import tracebacks as _tracebacks

EVENT = "course_grader.guard"

#: imported before the snapshot, besides all of course_utils and the grade cells' own imports
PREIMPORT = ("numpy", "numpy.testing", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial",
             "math", "copy", "copyreg", "warnings", "importlib.util", "linecache", "signal", "hmac")

#: top-level packages whose code grade cells rely on (plus the grade cells' imports and what course_utils uses)
TRUSTED = ("builtins", "sys", "numpy", "course_utils", "math", "copy", "copyreg", "importlib", "warnings",
           "operator", "functools", "itertools", "types", "typing", "_operator", "_functools", "_collections_abc",
           "collections", "abc", "os", "posixpath", "genericpath", "re", "enum", "contextlib", "numbers", "decimal",
           "fractions", "random", "statistics", "time", "signal", "dataclasses", "_weakref", "weakref")

#: top-level packages that run the kernel and report a cell's result (restored silently, never reported);
#: modules of other packages (plotting, widgets, ...) are neither compared nor restored
KERNEL = ("IPython", "ipykernel", "jupyter_client", "jupyter_core", "zmq", "traitlets", "tornado", "asyncio",
          "json", "hmac", "hashlib", "logging", "threading", "queue", "selectors", "socket", "uuid", "datetime",
          "comm", "linecache", "traceback", "inspect", "ast", "codeop", "contextvars", "io", "_io", "encodings",
          "codecs", "_thread", "_signal", "course_grader", "runpy", "pickle", "struct", "base64",
          "binascii", "errno", "stat", "pathlib", "platform", "atexit", "concurrent")

#: audit events a graded kernel refuses once the guard is installed, whoever raises them
BLOCKED_EVENTS = frozenset({
    "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys.addaudithook", "sys.settrace",
    "sys.setprofile", "sys._current_frames",
})
#: modules that reach into the interpreter's memory
BLOCKED_IMPORTS = frozenset({"_testcapi", "_testinternalcapi", "_testbuffer", "_testmultiphase", "_cffi_backend",
                             "cffi", "_xxsubinterpreters", "_xxinterpchannels"})
#: attributes that change what a function, class or object *is*; refused on everything in the snapshot
PROTECTED_ATTRS = frozenset({"__code__", "__defaults__", "__kwdefaults__", "__class__", "__bases__", "__name__",
                             "__qualname__"})
#: modules whose data changes as the kernel runs: only these data attributes are kept (and all code)
PINNED = {
    "sys": frozenset({"modules", "meta_path", "path_hooks", "path_importer_cache", "path", "displayhook",
                      "excepthook", "breakpointhook", "unraisablehook", "stdout", "stderr", "stdin", "__stdout__",
                      "__stderr__", "__stdin__", "__displayhook__", "__excepthook__", "__breakpointhook__",
                      "__unraisablehook__"}),
    "warnings": frozenset({"filters", "defaultaction", "onceregistry"}),
    "linecache": frozenset({"cache"}),
}
#: user_ns names IPython rebinds itself (never treated as setup names)
_IPYTHON_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython", "__builtins__", "__name__", "__doc__",
                            "__package__", "__loader__", "__spec__", "__file__", "__cached__"})
#: instance attributes of the kernel's machinery that change on every message or cell (bookkeeping, not code)
VOLATILE = frozenset({"_shell_context", "_buffers", "_parent_header_global", "_parent_header", "_parents", "_logger",
                      "last_execution_result", "_execute_sleep", "_sys_raw_input", "_last_traceback",
                      "write", "softspace"})   # (IPython tees a stream by swapping its write method per cell)


def install(key: str, imports=(), checks_path: str | None = None) -> None:
    """Import what grade cells use, take the snapshot and install the audit hooks (once per kernel)."""
    import importlib
    import pkgutil

    if getattr(install, "_done", False):
        raise RuntimeError("the guard is already installed")
    install._done = True
    for name in (*PREIMPORT, *imports):
        try:
            importlib.import_module(name)
        except BaseException:   # noqa: BLE001 - a grade cell that imports something missing fails by itself
            pass
    try:
        import course_utils

        for name in library_modules():
            try:
                importlib.import_module(name)
            except BaseException:   # noqa: BLE001
                pass
    except ImportError:
        course_utils = None
    if checks_path is None and course_utils is not None:
        import os

        checks_path = os.path.join(os.path.dirname(os.path.abspath(course_utils.__file__)), "checks.py")
    trusted = set(TRUSTED) | {n.split(".")[0] for n in imports}
    _tracebacks.install()   # the student's own frames in error outputs; in the snapshot, so answer cells cannot undo it
    hooks = _build(key.encode(), frozenset(trusted), frozenset(trusted | set(KERNEL)), checks_path)
    for hook in hooks:
        sys.addaudithook(hook)


# ------------------------------------------------------------------------------------------ structure (cached)
# Which classes, functions and code objects a module holds is the same in every kernel forked from the grading
# worker's warm interpreter: it is worked out once there, by :func:`prepare` after every preloaded module is in
# (``course_grader.forkserver``), and only checked again (is every namespace as it was?) when a kernel installs
# the guard; a kernel started from scratch works it out at install.

#: id(module) -> (module, its values then, [(class, real namespace, its values then)], {id: function}, {id: code})
_CACHE: dict = {}


def library_modules(package: str = "course_utils", skip: tuple = ("widgets",)) -> list[str]:
    """Every module of ``package`` that grade cells may use: all but the live widgets (``skip``), found without
    importing the skipped subpackages (``pkgutil.walk_packages`` would import them to look inside)."""
    import importlib
    import pkgutil

    out, todo = [], [importlib.import_module(package)]
    while todo:
        pkg = todo.pop()
        for info in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + "."):
            if info.name.rpartition(".")[2] in skip and pkg.__name__ == package:
                continue
            out.append(info.name)
            if info.ispkg:
                try:
                    todo.append(importlib.import_module(info.name))
                except BaseException:   # noqa: BLE001
                    pass
    return sorted(out)


def _top(name) -> str:
    return name.split(".", 1)[0] if isinstance(name, str) else ""


def _real_namespace(cls):
    """The dict behind ``cls.__dict__`` (a read-only proxy): the one the guard compares and restores."""
    import gc
    import operator

    mp = cls.__dict__
    for r in gc.get_referents(cls):
        if type(r) is dict and len(r) == len(mp) and all(map(operator.is_, r, mp)):
            return r
    return None


def _functions_of(values):
    """The Python functions among ``values``: plain, static, class, property accessors, bound, NumPy dispatchers."""
    import types

    for v in values:
        t = type(v)
        if t is types.FunctionType:
            yield v
        elif t is staticmethod or t is classmethod or t is types.MethodType:
            if type(v.__func__) is types.FunctionType:
                yield v.__func__
        elif t is property:
            yield from (f for f in (v.fget, v.fset, v.fdel) if type(f) is types.FunctionType)
        elif t.__name__ == "_ArrayFunctionDispatcher":
            f = getattr(v, "_implementation", None)
            if type(f) is types.FunctionType:
                yield f


def _class_functions(real):
    return list(_functions_of(list(real.values())))


def _codes(code):
    """``code`` and every code object nested in it."""
    import types

    todo, out = [code], []
    while todo:
        c = todo.pop()
        out.append(c)
        todo.extend(x for x in c.co_consts if type(x) is types.CodeType)
    return out


def _same(values, d) -> bool:
    import operator

    return len(values) == len(d) and all(map(operator.is_, d.values(), values))


def _module_structure(m, hot):
    """The classes (of the ``hot`` packages), functions and code objects module ``m`` holds (cached)."""
    import types

    d = m.__dict__
    hit = _CACHE.get(id(m))
    if hit is not None and hit[0] is m and _same(hit[1], d) and all(_same(v, r) for _c, r, v in hit[2]):
        return hit
    classes = []
    for v in list(d.values()):
        if isinstance(v, type) and not v.__flags__ & 256 and _top(v.__dict__.get("__module__")) in hot:
            real = _real_namespace(v)
            if real is not None:
                classes.append((v, real, tuple(real.values())))
    functions = {id(f): f for f in _functions_of(list(d.values()))}
    for _cls, real, _values in classes:
        functions.update((id(f), f) for f in _class_functions(real))
    for f in list(functions.values()):   # functions held by closures (decorators' wrapped functions)
        for c in f.__closure__ or ():
            try:
                content = c.cell_contents
            except ValueError:
                continue
            if type(content) is types.FunctionType:
                functions.setdefault(id(content), content)
    codes = {}
    for f in functions.values():
        for code in _codes(f.__code__):
            codes[id(code)] = code
    found = (m, tuple(d.values()), classes, functions, codes)
    _CACHE[id(m)] = found
    return found


def _checks_code(path: str):
    """The code object of course_utils/checks.py (cached while the file is unchanged)."""
    import os

    try:
        st = os.stat(path)
        stamp = (path, st.st_mtime_ns, st.st_size)
        if _CACHE.get("checks", (None,))[0] == stamp:
            return _CACHE["checks"][1]
        from importlib.machinery import SourceFileLoader

        code = SourceFileLoader("course_utils.checks", path).get_code("course_utils.checks")
    except (OSError, ImportError, SyntaxError):
        return None
    _CACHE["checks"] = (stamp, code)
    return code


def prepare() -> None:
    """Work out the structure of every loaded module of the packages the guard compares (see _CACHE)."""
    hot = frozenset(TRUSTED + KERNEL)
    for name, m in list(sys.modules.items()):
        if _top(name) in hot and name != "__main__" and type(getattr(m, "__dict__", None)) is dict:
            try:
                _module_structure(m, hot)
            except Exception:   # noqa: BLE001 - worked out again at install
                pass
    cu = sys.modules.get("course_utils")
    if cu is not None and getattr(cu, "__file__", None):
        import os

        _checks_code(os.path.join(os.path.dirname(os.path.abspath(cu.__file__)), "checks.py"))


def _build(key: bytes, trusted: frozenset, hot: frozenset, checks_path: str | None):
    """Take the snapshot and return ``(guard hook, blocking hook)``; everything they use is a closure variable."""
    import _thread
    import builtins
    import itertools
    import linecache
    import operator
    import signal
    import types
    from _hashlib import hmac_digest

    # ------------------------------------------------------------------ C-level helpers, bound once
    _is, _id, _type, _len, _callable = operator.is_, id, type, len, callable
    _all, _any, _map, _zip, _tuple, _list, _dict, _sorted = all, any, map, zip, tuple, list, dict, sorted
    _frozenset, _enumerate, _range, _str, _bytes = frozenset, enumerate, range, str, bytes
    _chain = itertools.chain.from_iterable
    _values, _items = dict.values, dict.items
    _list_append, _list_set = list.append, list.__setitem__
    _dict_clear, _dict_update, _dict_get, _dict_set, _dict_del = dict.clear, dict.update, dict.get, \
        dict.__setitem__, dict.__delitem__
    _dict_contains = dict.__contains__
    _type_setattr, _type_delattr, _obj_get = type.__setattr__, type.__delattr__, object.__getattribute__
    _type_dict_get = type.__dict__["__dict__"].__get__
    _mp_contains = types.MappingProxyType.__contains__
    _first, _repeat = operator.itemgetter(0), itertools.repeat
    _cell_get = operator.attrgetter("cell_contents")
    _str_str, _str_starts, _str_ends, _str_join, _str_contains = str.__str__, str.startswith, str.endswith, \
        str.join, str.__contains__
    _bytes_hex, _str_encode = bytes.hex, str.encode
    _getframe = sys._getframe
    _get_ident = _thread.get_ident
    _exc_with_tb = BaseException.with_traceback
    _BaseException, _RuntimeError, _ValueError = BaseException, RuntimeError, ValueError
    _TypeError, _AttributeError, _OSError = TypeError, AttributeError, OSError
    _sum, _slice, _isinstance = sum, slice, isinstance
    _ModuleType, _FunctionType = types.ModuleType, types.FunctionType
    _MISSING = object()
    import _signal   # (the C functions, not signal.py's wrappers)

    _sigmask = getattr(_signal, "pthread_sigmask", None)
    _SIG_BLOCK, _SIG_SETMASK = getattr(_signal, "SIG_BLOCK", 0), getattr(_signal, "SIG_SETMASK", 2)
    _ALL_SIGNALS = _signal.valid_signals() if hasattr(_signal, "valid_signals") else ()
    _signal_signal, _signal_getsignal = _signal.signal, _signal.getsignal
    _setitimer = getattr(_signal, "setitimer", None)
    _ITIMERS = tuple(getattr(signal, n) for n in ("ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF")
                     if hasattr(signal, n))
    try:
        import numpy

        _ndarray, _ndcopy = numpy.ndarray, numpy.ndarray.copy
    except ImportError:   # pragma: no cover - numpy is a base dependency
        numpy = None
        _ndarray, _ndcopy = None, None
    _immutable_types = (int, float, bool, str, bytes, complex, type(None), type(...), type(NotImplemented))
    _SCALAR_IDS = _frozenset(_map(_id, _immutable_types))
    _CODE_TYPE_IDS = _frozenset(_map(_id, (types.ModuleType, classmethod, staticmethod, property)))

    def codelike(v) -> bool:
        """Callables, classes, modules and descriptors: what decides which code runs."""
        return _callable(v) or _id(_type(v)) in _CODE_TYPE_IDS

    # ------------------------------------------------------------------ the snapshot
    shell = None
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except Exception:   # noqa: BLE001 - no IPython: the module and registry parts still work
        shell = None
    kernel = getattr(shell, "kernel", None)

    records = []        # (label, dict, kind, owner, policy, report): kind "module" | "class" | "instance"
    seen_dicts = set()

    def add_record(label, d, kind, owner, policy, report):
        if _type(d) is not dict or _id(d) in seen_dicts:
            return
        seen_dicts.add(_id(d))
        records.append((label, d, kind, owner, policy, report))

    top = _top
    user_ns = getattr(shell, "user_ns", None)
    modules = [(n, m) for n, m in list(sys.modules.items())
               if isinstance(m, types.ModuleType) and n != "__main__" and getattr(m, "__dict__", None) is not user_ns
               and top(n) in hot]
    classes = {}        # id -> (class, its real namespace)
    functions = {}
    genuine = {}
    protected = set()
    for name, m in modules:
        tier = top(name) in trusted
        add_record(name, m.__dict__, "module", m, PINNED.get(name) or ("all" if tier else "code"), tier)
        protected.add(_id(m))
        found = _module_structure(m, hot)
        for cls, real, _then in found[2]:
            classes.setdefault(_id(cls), (cls, real))
        functions.update(found[3])
        genuine.update(found[4])

    machinery = []
    if shell is not None:
        for obj in (shell, kernel, getattr(shell, "events", None), getattr(shell, "input_transformer_manager", None),
                    getattr(shell, "displayhook", None), getattr(shell, "display_pub", None),
                    getattr(shell, "compile", None), getattr(shell, "display_formatter", None),
                    getattr(shell, "InteractiveTB", None), getattr(shell, "SyntaxTB", None),
                    getattr(kernel, "session", None), sys.stdout, sys.stderr, sys.displayhook):
            if obj is not None and all(obj is not o for o in machinery):
                machinery.append(obj)
        for obj in machinery:
            if hasattr(obj, "trait_names"):   # traitlets fill in defaults on first use: fill them in now
                for name in obj.trait_names():
                    try:
                        getattr(obj, name)
                    except Exception:   # noqa: BLE001
                        pass
            try:
                obj.log   # (LoggingConfigurable caches its logger on first use)
            except Exception:   # noqa: BLE001
                pass
            for cls in type(obj).__mro__:
                if not cls.__flags__ & 256 and _id(cls) not in classes:
                    real = _real_namespace(cls)
                    if real is not None:
                        classes[_id(cls)] = (cls, real)
                        for f in _class_functions(real):
                            functions.setdefault(_id(f), f)
                            for code in _codes(f.__code__):
                                genuine.setdefault(_id(code), code)

    machinery_classes = {_id(cls) for o in machinery for cls in type(o).__mro__}
    for cls, real in list(classes.values()):
        mod = cls.__dict__.get("__module__")
        tier = top(mod) in trusted or _id(cls) in machinery_classes
        add_record(f"{mod}.{cls.__qualname__}" if isinstance(mod, str) else cls.__qualname__, real, "class", cls,
                   "all" if tier else "code", tier)
        protected.add(_id(cls))

    for obj in machinery:
        protected.add(_id(obj))
        try:
            d = _obj_get(obj, "__dict__")
        except AttributeError:
            continue
        label = type(obj).__name__
        add_record(label, d, "instance", obj, "machinery", True)
        tv = d.get("_trait_values")
        if _type(tv) is dict:
            add_record(label + "._trait_values", tv, "instance", obj, "machinery", True)

    # closures of the functions: compared like namespaces
    cells, cell_contents, cell_labels, cell_report = [], [], [], []
    for f in functions.values():
        protected.add(_id(f))
        if not f.__closure__:
            continue
        mod = f.__module__ if isinstance(f.__module__, str) else ""
        for c in f.__closure__:
            try:
                content = c.cell_contents
            except ValueError:
                continue
            if codelike(content):
                cells.append(c)
                cell_contents.append(content)
                cell_labels.append(f"{mod}.{f.__qualname__}")
                cell_report.append(top(mod) in trusted)

    # sys.modules: every entry of the snapshot (entries added later are the student's business)
    sysmod = sys.modules
    sysmod_keys = _tuple(k for k, v in list(sysmod.items()) if _type(k) is str)
    sysmod_vals = _tuple(sysmod[k] for k in sysmod_keys)
    sysmod_report = _tuple(top(k) in trusted for k in sysmod_keys)

    # what the delegation check reads of course_utils' functions: their module, name and qualified name
    meta_funcs = _tuple(f for f in functions.values() if top(f.__module__) == "course_utils")
    meta_vals = _tuple(_tuple(getattr(f, a) for f in meta_funcs) for a in ("__module__", "__name__", "__qualname__"))

    # code objects that may run while the guard is asked for a verdict: everything that existed at the snapshot
    frame = _getframe(0)
    while frame is not None:
        for code in _codes(frame.f_code):
            genuine.setdefault(_id(code), code)
        frame = frame.f_back
    genuine_codes = list(genuine.values())

    # registries: containers through which Python and IPython call code (compared element by element)
    registries = []     # (label, container, pristine tuple, report)

    def add_registry(label, container, report):
        if _type(container) is list:
            registries.append((label, container, _tuple(container), report))
        elif _type(container) is dict:
            registries.append((label, container, _tuple(_chain(_items(container))), report))

    add_registry("sys.meta_path", sys.meta_path, True)
    add_registry("sys.path_hooks", sys.path_hooks, True)
    add_registry("sys.path", sys.path, False)
    add_registry("sys.path_importer_cache", sys.path_importer_cache, False)
    import copy
    import copyreg
    import warnings

    add_registry("copyreg.dispatch_table", copyreg.dispatch_table, True)
    add_registry("copy._deepcopy_dispatch", getattr(copy, "_deepcopy_dispatch", None), True)
    add_registry("copy._copy_dispatch", getattr(copy, "_copy_dispatch", None), True)
    add_registry("warnings.filters", warnings.filters, False)
    if shell is not None:
        events = getattr(shell, "events", None)
        for name, lst in list(getattr(events, "callbacks", {}).items()):
            add_registry(f"IPython events {name}", lst, False)
        add_registry("IPython event names", getattr(events, "callbacks", None), False)
        tm = getattr(shell, "input_transformer_manager", None)
        for attr in ("cleanup_transforms", "line_transforms", "token_transformers"):
            add_registry(f"IPython {attr}", getattr(tm, attr, None), False)
        add_registry("IPython input_transformers_post", getattr(shell, "input_transformers_post", None), False)
        add_registry("IPython ast_transformers", getattr(shell, "ast_transformers", None), False)
        add_registry("kernel shell_handlers", getattr(kernel, "shell_handlers", None), True)
        add_registry("kernel control_handlers", getattr(kernel, "control_handlers", None), True)
    signals = []
    for s in _ALL_SIGNALS:
        try:
            signals.append((s, _signal_getsignal(s)))
        except (ValueError, OSError):
            pass
    pinned_ns = {}
    if _type(user_ns) is dict:
        for name in ("__builtins__", "get_ipython", "__name__"):
            if name in user_ns:
                pinned_ns[name] = user_ns[name]
    main_thread = _get_ident()

    # the genuine checks module, compiled now (grade cells get their checker from here when the guard runs)
    checks_code = _checks_code(checks_path) if checks_path else None
    _exec = exec

    # ------------------------------------------------------------------ frozen views for the hot paths
    labels = _tuple(r[0] for r in records)
    dicts = _tuple(r[1] for r in records)
    kinds = _tuple(r[2] for r in records)
    owners = _tuple(r[3] for r in records)
    policies = _tuple(r[4] for r in records)
    reports = _tuple(r[5] for r in records)
    keys0 = [_tuple(d) for d in dicts]
    vals0 = [_tuple(_values(d)) for d in dicts]
    def make_blocks(indices):
        """Groups of records compared at once in C: ``(records, dicts, values, size, keys or None)``; keys are
        compared too where a new name could hide a builtin (modules of the grading code)."""
        out = []
        for b in range(0, len(indices), 48):
            ix = _tuple(indices[b:b + 48])
            ds = _tuple(dicts[i] for i in ix)
            keyed = [i for i in ix if kinds[i] == "module" and reports[i]]
            out.append((ix, ds, _tuple(_chain(vals0[i] for i in ix)), sum(_len(vals0[i]) for i in ix),
                        (_tuple(dicts[i] for i in keyed), _tuple(_chain(keys0[i] for i in keyed))) if keyed else None))
        return _tuple(out)

    blocks_all = make_blocks(list(range(len(dicts))))
    blocks_reported = make_blocks([i for i in range(len(dicts)) if reports[i]])
    cells_t, cell_contents_t = _tuple(cells), _tuple(cell_contents)
    builtin_names = _frozenset(k for k in vars(builtins) if _type(k) is str)
    protected_ids = _frozenset(protected | {_id(d) for d in dicts})
    genuine_ids = _frozenset(genuine)
    keep_alive = (genuine_codes, functions)   # (the ids above stay valid while the objects live)
    del modules, classes, protected, genuine, records, frame, cells, cell_contents

    # ------------------------------------------------------------------ comparing and restoring
    maps = {}
    _mro_get = type.__dict__["__mro__"].__get__

    def pristine_map(i):
        m = _dict_get(maps, i)
        if m is None:
            m = _dict(_zip(keys0[i], vals0[i]))
            _dict_set(maps, i, m)
        return m

    def shadows(i, k) -> bool:
        """Whether a name added to record ``i`` hides one its class (or its bases) define."""
        if _str_starts(k, "__"):
            return True
        owner = owners[i]
        mro = _mro_get(owner)[1:] if kinds[i] == "class" else _mro_get(_type(owner))
        for base in mro:
            if _mp_contains(_type_dict_get(base), k):
                return True
        return False

    def diff_record(i, out):
        """Append ``(i, key, current, pristine)`` for every difference of record ``i`` that matters."""
        d, pristine, policy, kind = dicts[i], pristine_map(i), policies[i], kinds[i]
        current = {}
        evil = False
        for k, v in _tuple(_items(d)):
            if _type(k) is _str:
                _dict_set(current, k, v)
            else:
                evil = True
        if evil:
            _list_append(out, (i, None, None, None))
        for k, v in _items(current):
            p = _dict_get(pristine, k, _MISSING)
            if p is v:
                continue
            if p is _MISSING:
                # a new name matters where it hides another one: a builtin (module), an inherited attribute
                # (class) or a method (instance)
                if kind == "module":
                    if policy != "code" and k in builtin_names:
                        _list_append(out, (i, k, v, _MISSING))
                elif not (policy == "machinery" and k in VOLATILE_) and shadows(i, k):
                    _list_append(out, (i, k, v, _MISSING))
                continue
            if policy == "machinery":
                if k in VOLATILE_ or (_id(_type(p)) in _SCALAR_IDS and not codelike(v)):
                    continue
                _list_append(out, (i, k, v, p))
            elif policy == "all" or codelike(p) or codelike(v) or (_type(policy) is _frozenset and k in policy):
                _list_append(out, (i, k, v, p))
        for k, p in _items(pristine):
            if not _dict_contains(current, k):
                if policy == "machinery" and k in VOLATILE_:
                    continue
                if policy == "all" or policy == "machinery" or codelike(p) or \
                        (_type(policy) is _frozenset and k in policy):
                    _list_append(out, (i, k, _MISSING, p))

    VOLATILE_ = VOLATILE

    def scan(blocks) -> _list:
        """Every difference from the snapshot that matters, as ``(record, key, current, pristine)``."""
        out = []
        for ix, ds, vs, n, keyed in blocks:
            if (_sum(_map(_len, ds)) == n and _all(_map(_is, _chain(_map(_values, ds)), vs))
                    and (keyed is None or _all(_map(_is, _chain(keyed[0]), keyed[1])))):
                continue
            for i in ix:
                d = dicts[i]
                if (_len(d) == _len(keys0[i]) and _all(_map(_is, d, keys0[i]))
                        and _all(_map(_is, _values(d), vals0[i]))):
                    continue
                diff_record(i, out)
        return out

    def put(i, k, v):
        """Set (or delete, for ``_MISSING``) key ``k`` of record ``i``."""
        d, kind = dicts[i], kinds[i]
        if k is None:   # keys that are not plain strings: rebuild the namespace from the snapshot
            if kind == "class":
                return
            extra = [(kk, vv) for kk, vv in _tuple(_items(d)) if _type(kk) is _str]
            _dict_clear(d)
            _dict_update(d, extra)
            for kk, vv in _items(pristine_map(i)):
                if kk not in d:
                    _dict_set(d, kk, vv)
            return
        if kind == "class":
            try:
                if v is _MISSING:
                    _type_delattr(owners[i], k)
                else:
                    _type_setattr(owners[i], k, v)
            except (_RuntimeError, _ValueError, _TypeError, _AttributeError):
                pass
            return
        if v is _MISSING:
            if _dict_contains(d, k):
                _dict_del(d, k)
        else:
            _dict_set(d, k, v)

    def scan_cells() -> _list:
        out = []
        try:
            if _all(_map(_is, _map(_cell_get, cells_t), cell_contents_t)):
                return out
        except _ValueError:
            pass
        for j in _range(_len(cells_t)):
            try:
                now = _cell_get(cells_t[j])
            except _ValueError:
                now = _MISSING
            if now is not cell_contents_t[j]:
                _list_append(out, (j, now))
        return out

    def set_cell(j, v):
        c = cells_t[j]
        if v is _MISSING:
            try:
                del c.cell_contents
            except _ValueError:
                pass
        else:
            c.cell_contents = v

    _meta_get = _tuple(_map(operator.attrgetter, ("__module__", "__name__", "__qualname__")))
    _meta_set = _tuple(_FunctionType.__dict__[a].__set__ for a in ("__module__", "__name__", "__qualname__"))

    def restore_meta() -> _list:
        """Put back the module, name and qualified name of course_utils' functions; name those that changed."""
        changed = []
        for a in _range(3):
            if _all(_map(_is, _map(_meta_get[a], meta_funcs), meta_vals[a])):
                continue
            for j in _range(_len(meta_funcs)):
                f = meta_funcs[j]
                if _meta_get[a](f) is not meta_vals[a][j]:
                    _meta_set[a](f, meta_vals[a][j])
                    _list_append(changed, "the name of " + meta_vals[0][j] + "." + meta_vals[2][j])
        return changed

    _sysmod_get = sysmod.get

    def scan_sys_modules() -> _list:
        """``(index, current)`` for every entry of the snapshot's ``sys.modules`` that is no longer the same."""
        if _all(_map(_is, _map(_sysmod_get, sysmod_keys), sysmod_vals)):
            return []
        return [(j, _sysmod_get(sysmod_keys[j], _MISSING)) for j in _range(_len(sysmod_keys))
                if _sysmod_get(sysmod_keys[j], _MISSING) is not sysmod_vals[j]]

    def set_sys_module(j, value):
        if value is _MISSING:
            if _dict_contains(sysmod, sysmod_keys[j]):
                _dict_del(sysmod, sysmod_keys[j])
        else:
            _dict_set(sysmod, sysmod_keys[j], value)

    def scan_registries() -> _list:
        out = []
        for j, (label, container, pristine, report) in _enumerate(registries):
            if _type(container) is _list:
                if _len(container) != _len(pristine) or not _all(_map(_is, container, pristine)):
                    _list_append(out, (j, _tuple(container)))
            else:
                now = _tuple(_chain(_items(container)))
                if _len(now) != _len(pristine) or not _all(_map(_is, now, pristine)):
                    _list_append(out, (j, now))
        return out

    def set_registry(j, contents):
        label, container, pristine, report = registries[j]
        if _type(container) is _list:
            _list_set(container, _slice(None), _list(contents))
        else:
            _dict_clear(container)
            pairs = []
            for n in _range(0, _len(contents), 2):
                k = contents[n]
                # only keys whose hashing runs no student code: strings, genuine classes, snapshot objects
                if _type(k) is _str or _type(_type(k)) is _type or _id(k) in protected_ids:
                    _list_append(pairs, (k, contents[n + 1]))
            _dict_update(container, pairs)

    # ------------------------------------------------------------------ per-cell state
    state = {"saved": None, "setup": {}, "setup_pre": None, "checkers": [], "bound": {}}

    def name_of(i, k):
        return labels[i] + ("" if k is None else "." + k)

    def foreign_frame(depth_allowed: int):
        """The first frame below the guard whose code did not exist at the snapshot (the grader's own expression
        excepted), as ``"name (file)"``; None when there is none."""
        if keep_alive is None:
            return "?"
        frame = _getframe(1)
        foreign = 0
        while frame is not None:
            code = frame.f_code
            if _id(code) not in genuine_ids:
                if foreign < depth_allowed and _type(code.co_filename) is _str and code.co_filename == "<string>" \
                        and (code.co_name == "<lambda>" or code.co_name == "<module>"):
                    foreign += 1
                else:
                    return _str_str(code.co_name) + " (" + _str_str(code.co_filename) + ")"
            frame = frame.f_back
        return None

    def restore_all(saved, blocks):
        """Put back the snapshot; with ``saved`` (a dict), keep the student's versions there first."""
        changed = []
        for i, k, cur, pristine in scan(blocks):
            if saved is not None:
                _list_append(saved["dicts"], (i, k, cur))
            if reports[i]:
                _list_append(changed, name_of(i, k))
            put(i, k, pristine)
        for j, now in scan_cells():
            if saved is not None:
                _list_append(saved["cells"], (j, now))
            if cell_report[j]:
                _list_append(changed, "closure of " + cell_labels[j])
            set_cell(j, cell_contents_t[j])
        for j, now in scan_sys_modules():
            if saved is not None:
                _list_append(saved["modules"], (j, now))
            if sysmod_report[j]:
                _list_append(changed, "sys.modules[" + sysmod_keys[j] + "]")
            set_sys_module(j, sysmod_vals[j])
        changed += restore_meta()
        for j, now in scan_registries():
            if saved is not None:
                _list_append(saved["registries"], (j, now))
            if registries[j][3]:
                _list_append(changed, registries[j][0])
            set_registry(j, registries[j][2])
        return changed

    def give_back(saved):
        """Re-apply the student's versions kept by :func:`restore_all` (answer cells see their own world)."""
        for i, k, cur in saved["dicts"]:
            if k is not None:
                put(i, k, cur)
        for j, now in saved["cells"]:
            set_cell(j, now)
        for j, now in saved["registries"]:
            set_registry(j, now)
        for j, now in saved["modules"]:
            set_sys_module(j, now)
        for s, handler in saved["signals"]:
            try:
                _signal_signal(s, handler)
            except (_ValueError, _OSError, _TypeError):
                pass
        if _type(user_ns) is _dict:
            for name, value in _items(saved["ns"]):
                if value is _MISSING:
                    if _dict_contains(user_ns, name):
                        _dict_del(user_ns, name)
                else:
                    _dict_set(user_ns, name, value)

    def bind_setup_names(saved):
        """Bind the names the setup cells made (and the namespace's own pins) to what they made."""
        bound = {}
        if _type(user_ns) is not _dict:
            return bound
        for name, value in _items(pinned_ns):
            cur = _dict_get(user_ns, name, _MISSING)
            if cur is not value:
                _dict_set(saved["ns"], name, cur)
                _dict_set(user_ns, name, value)
            _dict_set(bound, name, value)
        for name, (value, copy_) in _items(state["setup"]):
            cur = _dict_get(user_ns, name, _MISSING)
            _dict_set(saved["ns"], name, cur)
            if copy_ is not None:
                value = _ndcopy(copy_)
            _dict_set(user_ns, name, value)
            _dict_set(bound, name, value)
        return bound

    def reset_signals(saved):
        for s, handler in signals:
            try:
                cur = _signal_getsignal(s)
                if cur is not handler:
                    _list_append(saved["signals"], (s, cur))
                    _signal_signal(s, handler)
            except (_ValueError, _OSError, _TypeError):
                pass
        if _setitimer is not None:
            for which in _ITIMERS:
                try:
                    _setitimer(which, 0)
                except (_OSError, _ValueError):
                    pass

    def forget_hidden_source():
        cache = linecache_cache
        for k, v in _tuple(_items(cache)):
            # (IPython caches a cell's source with no modification time; files have one)
            if _type(v) is _tuple and _len(v) == 4 and v[1] is None and _type(v[2]) is _list:
                for line in v[2]:
                    if _type(line) is _str and _str_contains(line, "HIDDEN TESTS"):
                        if _dict_contains(cache, k) if _type(k) is _str else False:
                            _dict_del(cache, k)
                        break
        for name in ("last_type", "last_value", "last_traceback", "last_exc"):
            if _dict_contains(sys_dict, name):
                _dict_set(sys_dict, name, None)

    linecache_cache = linecache.cache
    sys_dict = sys.__dict__

    def seal(nonce, action, verdict) -> _str:
        msg = _str_encode(f"{nonce}|{action}|{verdict}")
        return f"{verdict}|{_bytes_hex(hmac_digest(key, msg, 'sha256'))}"

    def new_checker():
        """A checks module executed from the file as it was at the snapshot, and its checker."""
        if checks_code is None:
            return None
        module = _ModuleType("course_utils.checks")
        mdict = module.__dict__
        _dict_set(mdict, "__file__", checks_path)
        _dict_set(mdict, "__builtins__", builtins)
        _exec(checks_code, mdict)
        cls = mdict["Checks"]
        ck = cls()
        _list_append(state["checkers"], (ck, cls, mdict, fingerprint(cls, mdict)))
        return mdict, ck

    def fingerprint(cls, mdict):
        """Identity of everything a checker's behaviour depends on: its class and module, their functions' code."""
        cd = _dict(_type_dict_get(cls))
        objs = [*_chain(_items(cd)), *_chain(_items(mdict))]
        for v in (*_values(cd), *_values(mdict)):
            if _type(v) is _FunctionType:
                _list_append(objs, v.__code__)
                _list_append(objs, v.__defaults__)
                _list_append(objs, v.__kwdefaults__)
        return _tuple(objs)

    def checkers_intact() -> _list:
        bad = []
        for ck, cls, mdict, fp in state["checkers"]:
            now = fingerprint(cls, mdict)
            if _len(now) != _len(fp) or not _all(_map(_is, now, fp)) or _type(ck) is not cls:
                _list_append(bad, "the checker (course_utils.checks)")
                break
        if state["checkers"] and _type(user_ns) is _dict:
            ck = _dict_get(user_ns, "ck", _MISSING)
            if ck is not _MISSING and not _any(_map(_is, _map(_first, state["checkers"]), _repeat(ck))):
                _list_append(bad, "the name ck")
        return bad

    def handle(action, nonce):
        if _type(action) is not _str:
            return None
        if action == "checks":          # proven_checks() asks for a genuine checks module
            return new_checker()
        if _type(nonce) is not _str:
            return None
        if action == "before":
            foreign = foreign_frame(2)
            if state["saved"] is not None:   # the previous grade cell never got its "after": finish it
                give_back(state["saved"])
                state["saved"] = None
            saved = {"dicts": [], "cells": [], "registries": [], "modules": [], "signals": [], "ns": {}}
            changed = restore_all(saved, blocks_all)
            reset_signals(saved)
            state["bound"] = bind_setup_names(saved)
            state["saved"] = saved
            state["checkers"] = []
            if foreign is not None:
                return seal(nonce, action, "machinery: " + foreign)
            if changed:
                return seal(nonce, action, "restored: " + _str_join(", ", _sorted(_frozenset(changed))))
            return seal(nonce, action, "ok")
        if action == "after":
            foreign = foreign_frame(2)
            # (what the grading relies on; the rest is put back before the next grade cell)
            changed = restore_all(None, blocks_reported)
            bad = checkers_intact()
            # (a grade cell may bind a setup cell's name itself: names are bound again before each grade cell,
            # never held against one)
            forget_hidden_source()
            if state["saved"] is not None:
                give_back(state["saved"])
                state["saved"] = None
            state["checkers"] = []
            state["bound"] = {}
            if foreign is not None:
                return seal(nonce, action, "machinery: " + foreign)
            if changed or bad:
                return seal(nonce, action, "modified: " + _str_join(", ", _sorted(_frozenset(changed + bad))))
            return seal(nonce, action, "ok")
        if action == "setup_begin":
            if _type(user_ns) is _dict:
                state["setup_pre"] = {k: v for k, v in _tuple(_items(user_ns)) if _type(k) is _str}
            foreign = foreign_frame(2)
            return seal(nonce, action, "ok" if foreign is None else "machinery: " + foreign)
        if action == "setup_end":
            pre = state["setup_pre"] or {}
            if _type(user_ns) is _dict:
                for k, v in _tuple(_items(user_ns)):
                    if _type(k) is not _str or k in _IPYTHON_NAMES_ or _str_starts(k, "_"):
                        continue
                    if _dict_get(pre, k, _MISSING) is not v:
                        copy_ = _ndcopy(v) if _ndarray is not None and _type(v) is _ndarray else None
                        _dict_set(state["setup"], k, (v, copy_))
            state["setup_pre"] = None
            foreign = foreign_frame(2)
            return seal(nonce, action, "ok" if foreign is None else "machinery: " + foreign)
        if action == "installed":
            return seal(nonce, action, "ok")
        return None

    _IPYTHON_NAMES_ = _IPYTHON_NAMES

    def run():
        request = yield None
        while True:
            reply = None
            try:
                if _type(request) is _tuple and _len(request) >= 2:
                    reply = handle(request[0], request[1])
            except _BaseException as exc:  # noqa: BLE001 - never let an exception (and its frames) out
                _exc_with_tb(exc, None)
                del exc
                reply = None
            request = yield reply

    gen = run()
    next(gen)

    # ------------------------------------------------------------------ the audit hooks
    blocked, blocked_imports, protected_attrs = BLOCKED_EVENTS, BLOCKED_IMPORTS, PROTECTED_ATTRS

    def refuse(event, args):
        """Refuse what a graded kernel cannot undo; this frame holds nothing but frozen sets and the generator."""
        if event in blocked:
            raise _RuntimeError(f"{event} is not allowed while a notebook is graded")
        if event == "object.__setattr__":
            name = args[1]
            if _type(name) is not _str:
                name = _str_str(name)
            if name in protected_attrs and _id(args[0]) in protected_ids:
                raise _RuntimeError(f"changing {name} of the grader's code is not allowed while a notebook is graded")
            return
        if event == "object.__getattr__":
            if args[0] is gen:
                raise _RuntimeError("the grader's guard is not open to inspection")
            return
        if event == "open" or event == "os.symlink" or event == "os.link":
            path = args[0]
            if _type(path) is _bytes:
                path = path.decode("utf-8", "replace")
            if _type(path) is not _str and _isinstance(path, _str):
                path = _str_str(path)
            if _type(path) is _str and (_str_ends(path, "/mem") or path == "mem" or
                                       (event != "open" and _str_contains(path, "/proc"))):
                raise _RuntimeError("the kernel's memory is not open to notebooks while they are graded")
            return
        if event == "import":
            name = args[0]
            if _type(name) is _str and name in blocked_imports:
                raise _RuntimeError(f"importing {name} is not allowed while a notebook is graded")
            return
        if _str_starts(event, "ctypes."):
            raise _RuntimeError("ctypes is not allowed while a notebook is graded")

    def guard(event, args):
        """Answer the grader: pass the request to the generator with signals held back, never raise."""
        if event != EVENT_:
            return
        try:
            if _len(args) < 3 or _get_ident() != main_thread:
                return
            box = args[2]
            masked = _sigmask(_SIG_BLOCK, _ALL_SIGNALS) if _sigmask is not None else None
            try:
                reply = gen.send((args[0], args[1]))
            finally:
                if masked is not None:
                    _sigmask(_SIG_SETMASK, masked)
            if _type(box) is _list and reply is not None:
                _list_append(box, reply)
        except _BaseException as exc:  # noqa: BLE001
            _exc_with_tb(exc, None)
            del exc

    EVENT_ = EVENT
    return guard, refuse   # (in this order: once `refuse` is in, no other hook can be added)
