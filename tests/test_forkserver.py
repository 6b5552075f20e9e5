"""Warm kernels (course_grader/forkserver.py): a kernel forked from the warm server must look, to the
notebook it runs, exactly like a kernel started the usual way, and grading must fall back to the usual way when
the server is gone or switched off.

The kernels are started by a helper process (the fork server makes its owner a child subreaper, which is not
something to do to a pytest worker): it runs one probe notebook per kernel through the same ``SandboxExecute``
that ``course autograde`` uses and prints what each kernel saw as JSON.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from course_grader import forkserver

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not forkserver.supported(), reason="warm kernels need Linux")]

PROBE = textwrap.dedent("""
    import os, sys, json, signal, resource, numpy, matplotlib
    box = os.path.dirname(os.environ['HOME'])
    norm = lambda x: x.replace(box, 'BOX') if isinstance(x, str) else x
    def handler(h):
        return getattr(h, '__qualname__', None) or str(h)
    def fds():
        out = []
        for f in os.listdir('/proc/self/fd'):
            try:
                out.append(os.readlink('/proc/self/fd/' + f).split(':')[0])
            except OSError:   # the folder listing itself
                pass
        return sorted(out)
    report = {
        'cwd': norm(os.getcwd()), 'files': sorted(os.listdir('.')), 'path': [norm(p) for p in sys.path],
        'argv': [os.path.basename(sys.argv[0])] + [norm(a) for a in sys.argv[1:]],
        'env': {k: norm(v) for k, v in os.environ.items()}, 'root': os.getuid() == 0, 'name': __name__,
        'backend': matplotlib.get_backend(), 'bytecode': sys.flags.dont_write_bytecode,
        'signals': {int(s): handler(signal.getsignal(s)) for s in signal.valid_signals()
                    if s not in (signal.SIGKILL, signal.SIGSTOP)},
        'rl': {k: resource.getrlimit(getattr(resource, k)) for k in
               ('RLIMIT_AS', 'RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_NPROC')},
        'pids': len([p for p in os.listdir('/proc') if p.isdigit()]),
        'fds': fds(),
        'draw': float(numpy.random.rand()),
    }
    print(json.dumps(report))
""")

HELPER = textwrap.dedent("""
    import json, os, sys, tempfile
    sys.modules.setdefault("rfc3987_syntax", None)
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook
    from course_grader import forkserver, sandbox as sbx

    probe, plan = sys.argv[1], sys.argv[2].split(",")
    work = tempfile.mkdtemp()
    with open(os.path.join(work, "points.csv"), "w") as f:
        f.write("1,2,0\\n")
    forkserver.SERVER.start()
    for step in plan:
        if step == "kill-server":
            forkserver.SERVER.proc.kill()
            forkserver.SERVER.proc.wait()
            continue
        if step == "warm-user":   # as an unprivileged grader: user namespaces, no user switch
            sbx._PROBE = {**sbx.probe(), "namespaces": "user", "drop_user": False}
        sbx.configure(sbx.Limits(warm_kernels=step.startswith("warm")), ["/tmp"], [])
        nb = new_notebook(cells=[new_code_cell(probe), new_code_cell("import time\\nwhile True: time.sleep(0.01)")])
        nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
        ex = sbx.execute_class()(timeout=3, interrupt_on_timeout=True, allow_errors=True)
        nb, _ = ex.preprocess(nb, {"metadata": {"path": work}})
        text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("output_type") == "stream")
        errors = [o.get("ename") for o in nb.cells[1].outputs if o.get("output_type") == "error"]
        print(json.dumps({"asked": step, "warm": sbx.LAST_RUN.get("warm"), "seen": json.loads(text),
                          "interrupted": errors, "died": sbx.LAST_RUN.get("died")}), flush=True)
    forkserver.SERVER.stop()
""")


@pytest.fixture(scope="module")
def kernels(tmp_path_factory):
    """What a cold kernel, two warm kernels and a kernel after the server was killed saw."""
    env = {k: v for k, v in os.environ.items() if k != "COURSE_DB_URL"}
    proc = subprocess.run([sys.executable, "-c", HELPER, PROBE, "cold,warm,warm,warm-user,kill-server,warm"],
                          capture_output=True, text=True, timeout=240, env=env,
                          cwd=str(tmp_path_factory.mktemp("forkserver")))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    runs = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(runs) == 5, proc.stdout + proc.stderr
    return runs


def test_warm_kernels_are_forked_and_the_server_can_be_switched_off(kernels):
    cold, warm1, warm2, warm_user, after_kill = kernels
    assert cold["warm"] is False, "c.Course.warm_kernels = False starts kernels the usual way"
    assert warm1["warm"] is True and warm2["warm"] is True, "kernels were forked from the warm server"
    assert warm_user["warm"] is True and warm_user["seen"]["files"] == cold["seen"]["files"], \
        "a warm kernel in user namespaces (an unprivileged grader) works too"
    assert after_kill["warm"] is False, "with the server gone, kernels start the usual way again"
    assert after_kill["seen"]["files"] == cold["seen"]["files"], "and grading goes on"


@pytest.mark.parametrize("key", ["cwd", "files", "path", "argv", "env", "root", "name", "backend", "bytecode",
                                 "signals", "rl", "pids"])
def test_a_warm_kernel_looks_like_a_fresh_one(kernels, key):
    cold, warm = kernels[0]["seen"], kernels[1]["seen"]
    assert warm[key] == cold[key], f"{key}: warm {warm[key]!r} != fresh {cold[key]!r}"


def test_a_warm_kernel_holds_no_file_of_the_server(kernels):
    from collections import Counter

    cold, warm = Counter(kernels[0]["seen"]["fds"]), Counter(kernels[1]["seen"]["fds"])
    # no more open files of any kind than a fresh kernel has (zmq's sockets, pipes, eventfds), and none that is
    # a file or folder: nothing left over from the fork server (its socket to the grader) or the sandbox set-up
    extra = {kind: n - cold[kind] for kind, n in warm.items() if n > cold[kind]}
    assert not extra, f"a warm kernel holds more open files than a fresh one: {extra}"
    assert all(k in ("/dev/null", "socket", "pipe", "anon_inode") for k in warm), sorted(warm)


def test_each_warm_kernel_draws_fresh_random_numbers(kernels):
    draws = {k["seen"]["draw"] for k in kernels}
    assert len(draws) == len(kernels), "np.random starts from fresh entropy in every kernel, as in a new process"


def test_a_warm_kernel_can_be_interrupted_like_a_fresh_one(kernels):
    for k in kernels:
        assert k["died"] is None, k
        assert k["interrupted"], f"the endless cell timed out and was interrupted ({k['asked']})"
