"""Autograding throughput: plain ``nbgrader autograde`` versus ``course autograde --jobs auto``.

    .venv/bin/python benchmarks/bench_autograde.py [--students 40] [--assignment ID ...] [--jobs auto]
                                                   [--course-dir DIR] [--keep] [--scaling] [--cold] [--together]
    .venv/bin/python benchmarks/bench_autograde.py --sizes 1,4,16,40 [--repeats 3] [--assignment ID]

A synthetic class of ``--students`` students (default 40) submits every assignment in ``solutions/``: a
quarter the solution, a quarter the blank exercise, the rest partial submissions (answers replaced in rotation
by planted mistakes from ``tests/mistakes/`` or by ``raise NotImplementedError()``, as in ``course demo``).
The same class is written into two temporary course folders (same ``nbgrader_config.py``) and graded

* by plain nbgrader: ``nbgrader autograde ASSIGNMENT`` per assignment (one student after another), after an
  untimed ``nbgrader generate_assignment`` that registers the assignment in the gradebook;
* by ``course autograde ASSIGNMENT --jobs auto`` per assignment (timed including its own gradebook set-up).

It prints seconds per notebook for each, the throughput ratio (goal: at least 2x plain nbgrader on 2 cores)
and checks that both gradebooks hold the same total for every student. A benchmark, not a test: it reports,
it never asserts timings. ``--students 4`` gives a quick run; ``--scaling`` adds runs with ``--jobs 1 .. cores``;
``--cold`` adds a run with ``c.Course.warm_kernels = False`` (each kernel a fresh interpreter), to show what the
warm kernels (course_grader/forkserver.py) contribute; ``--together`` adds one ``course autograde A B ...``
invocation (what ``--all`` does) for the whole class: one pool and one start-up, against plain nbgrader's one
invocation per assignment.

``--sizes 1,4,16,40`` answers a different question: how the fixed cost of one invocation weighs at each class
size.  One assignment (``--assignment``, default the first), one class per size, each graded ``--repeats``
times by both tools in interleaved rounds (plain nbgrader after its untimed ``generate_assignment``; the
first ``course autograde`` round also records the assignment in its gradebook and builds its snapshot);
it prints min and median wall time per size and tool, the ratios, and the single submission's wall time.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def make_course(root: Path, dest: Path, assignments: list[str]) -> None:
    """An empty course at ``dest`` with ``root``'s config and solutions (own gradebook and exchange)."""
    from course_grader import config as cfgmod

    dest.mkdir(parents=True)
    text = (root / cfgmod.CONFIG_FILE).read_text(encoding="utf-8")
    text += ("\n# benchmark course\n"
             f"c.CourseDirectory.root = {str(dest)!r}\n"
             "c.CourseDirectory.source_directory = 'solutions'\n"
             "c.CourseDirectory.release_directory = 'exercises'\n"
             "c.CourseDirectory.submitted_directory = 'submitted'\n"
             "c.CourseDirectory.autograded_directory = 'autograded'\n"
             f"c.CourseDirectory.db_url = {'sqlite:///' + str(dest / 'gradebook.db')!r}\n"
             f"c.Exchange.root = {str(dest / 'exchange')!r}\n")
    (dest / cfgmod.CONFIG_FILE).write_text(text, encoding="utf-8")
    src = cfgmod.Paths.of(root).source
    for aid in assignments:
        shutil.copytree(src / aid, dest / "solutions" / aid,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


def write_class(root: Path, courses: list[Path], assignments: list[str], n_students: int) -> int:
    """Write the synthetic submissions into every course in ``courses``; returns the number of notebooks."""
    from course_grader import config as cfgmod
    from course_grader.check import find_mistakes
    from course_grader.demo import partial_notebook
    from course_grader.release import build_release

    src = cfgmod.Paths.of(root).source
    count = 0
    for aid in assignments:
        with tempfile.TemporaryDirectory(prefix="bench-release-") as tmp:
            released = build_release(root, aid, tmp)
        mistakes = find_mistakes(root, aid)
        for nb_path in sorted((src / aid).glob("*.ipynb")):
            solution = nbformat.read(nb_path, as_version=4)
            blank = nbformat.reads(released[nb_path.name].decode("utf-8"), as_version=4)
            for i in range(n_students):
                if i % 4 == 0:
                    nb = solution
                elif i % 4 == 1:
                    nb = blank
                else:
                    nb, _ = partial_notebook(solution, blank, mistakes, 1 + i % 3)
                for course in courses:
                    path = course / "submitted" / f"student{i:03d}" / aid / nb_path.name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    nbformat.write(nb, str(path))
                count += 1
    return count


def _env() -> dict:
    env = dict(os.environ)
    bindir = os.path.dirname(sys.executable)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.pop("COURSE_DB_URL", None)
    env.pop("COURSE_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # as installed: both tools load compiled bytecode
    env["COURSE_WARM"] = "0"   # cold runs: a warm grader the user may have running is not used (see --sizes)
    return env


def _run(cmd: list[str], cwd: Path, label: str, env: dict | None = None) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env or _env(), capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        print(f"  {label} exited {proc.returncode}:\n{(proc.stdout + proc.stderr)[-3000:]}", file=sys.stderr)
    return dt


def totals(course: Path) -> dict[tuple[str, str], float]:
    from course_grader.export import gather

    scores = gather(course)
    return {(s["student_id"], a): scores.assignment_total(s["student_id"], a)
            for s in scores.students for a in scores.assignments
            if (s["student_id"], a) in scores.submitted}


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far, grandchildren included."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0.0
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"


def sizes_run(root: Path, aid: str, sizes: list[int], repeats: int, jobs: str, keep: bool) -> int:
    """``--sizes``: plain nbgrader and ``course autograde`` on one assignment at several class sizes, repeats
    interleaved (round by round, size by size, the two tools back to back, which one first alternating), so
    background load hits both alike.  Prints min and median per size and tool, and the ratio of the medians."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-autograde-sizes-"))
    try:
        courses = {}
        for n in sizes:
            plain, ours = tmp / f"plain-{n}", tmp / f"course-{n}"
            for course in (plain, ours):
                make_course(root, course, [aid])
            write_class(root, [plain, ours], [aid], n)
            # untimed, as an instructor's release would: plain nbgrader gets the assignment in its gradebook
            _run(["nbgrader", "generate_assignment", aid, "--force"], plain, f"nbgrader generate_assignment {aid}")
            courses[n] = (plain, ours)
        print(f"{aid}: class sizes {', '.join(map(str, sizes))}; {repeats} interleaved round(s); "
              f"{_cores()} core(s); load average (1/5/15 min) before: {_load()}", flush=True)
        times = {(n, tool): [] for n in sizes for tool in ("plain", "course")}
        cpu = {(n, tool): [] for n in sizes for tool in ("plain", "course")}   # CPU seconds, every process
        for r in range(repeats):
            for n in sizes:
                plain, ours = courses[n]
                runs = [("plain", plain, ["nbgrader", "autograde", aid, "--force"]),
                        ("course", ours, [sys.executable, "-m", "course_grader", "--course-dir", str(ours), "autograde",
                                          aid, "--jobs", str(jobs)])]
                for tool, course, cmd in (runs if r % 2 == 0 else runs[::-1]):
                    before = _children_cpu()
                    times[n, tool].append(_run(cmd, course, f"{tool} {n} students"))
                    cpu[n, tool].append(_children_cpu() - before)
            print(f"  round {r + 1}: " + ", ".join(f"{n}: {times[n, 'plain'][-1]:.1f} / {times[n, 'course'][-1]:.1f} s"
                                                   for n in sizes) + f"  (plain / course; load {_load()})", flush=True)
        print(f"\n{'students':>8}  {'plain nbgrader min / median':>28}  {'course autograde min / median':>30}  "
              f"{'ratio (medians)':>15}  {'ratio (mins)':>12}  {'CPU s plain / course (min)':>27}")
        for n in sizes:
            p, c = sorted(times[n, "plain"]), sorted(times[n, "course"])
            pm, cm = statistics.median(p), statistics.median(c)
            print(f"{n:>8}  {p[0]:12.2f} / {pm:6.2f} s {'':>6}  {c[0]:13.2f} / {cm:6.2f} s {'':>7}  "
                  f"{pm / cm:14.2f}x  {p[0] / c[0]:11.2f}x  {min(cpu[n, 'plain']):14.2f} / {min(cpu[n, 'course']):.2f}")
        if 1 in sizes:
            c, p = sorted(times[1, "course"]), sorted(times[1, "plain"])
            w = warm_run(courses[1][1], aid, max(5, repeats), tmp)
            print(f"\none submission, wall time of the whole `course autograde` command (goal: <= 1.0 s):\n"
                  f"  cold (a fresh process, as Gradescope runs it):   min {c[0]:.2f} s, median "
                  f"{statistics.median(c):.2f} s  ({statistics.median(p) / statistics.median(c):.2f}x plain)")
            if w:
                print(f"  with the warm grader (course warm start), {len(w)} runs: min {w[0]:.2f} s, median "
                      f"{statistics.median(w):.2f} s  ({statistics.median(p) / statistics.median(w):.2f}x plain)")
            print(f"  plain nbgrader: min {p[0]:.2f} s, median {statistics.median(p):.2f} s")
        print(f"goal: course autograde >= 2x plain nbgrader at every size; load average after: {_load()}")
        for n in sizes:
            a, b = totals(courses[n][0]), totals(courses[n][1])
            differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            if differ:
                print(f"  WARNING: {n} students: {len(differ)} totals differ between plain and course, e.g. "
                      f"{differ[:3]}: plain {[a.get(k) for k in differ[:3]]}, course {[b.get(k) for k in differ[:3]]}")
            else:
                print(f"  {n} students: same total for all {len(a)} graded students in both gradebooks")
    finally:
        if keep:
            print(f"  kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def warm_run(course: Path, aid: str, repeats: int, tmp: Path) -> list[float]:
    """One submission graded ``repeats`` times through a warm grader of its own (``course warm start``, in a
    private temporary folder; stopped after), after one untimed request (the first pages the grader's image
    in: ~0.2 s more); sorted wall times of the whole ``course autograde`` command."""
    env = _env()
    env.pop("COURSE_WARM")
    env["TMPDIR"] = str(tmp / "warm-tmp")
    os.makedirs(env["TMPDIR"], mode=0o755, exist_ok=True)
    os.chmod(env["TMPDIR"], 0o755)   # kernels run as an unprivileged user id: they must reach their folders
    course_cmd = [sys.executable, "-m", "course_grader"]
    start = subprocess.run(course_cmd + ["warm", "start", "--idle", "300"], cwd=course, env=env,
                           capture_output=True, text=True)
    if start.returncode != 0:
        print(f"  course warm start failed:\n{(start.stdout + start.stderr)[-2000:]}", file=sys.stderr)
        return []
    cmd = course_cmd + ["--course-dir", str(course), "autograde", aid]
    try:
        _run(cmd, course, "course autograde (warm, untimed first request)", env)   # pages its image in
        return sorted(_run(cmd, course, "course autograde (warm)", env) for _ in range(repeats))
    finally:
        subprocess.run(course_cmd + ["warm", "stop"], cwd=course, env=env, capture_output=True, text=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=40, help="class size (default 40)")
    ap.add_argument("--assignment", action="append", metavar="ID", help="only these (default: all in solutions/)")
    ap.add_argument("--jobs", default="auto", help="course autograde --jobs (default auto = cores)")
    ap.add_argument("--course-dir", default=str(REPO), help="course to take solutions/ and tests/mistakes/ from")
    ap.add_argument("--keep", action="store_true", help="keep the temporary courses and print where they are")
    ap.add_argument("--scaling", action="store_true",
                    help="also grade with course autograde --jobs 1, 2, ..., cores (scaling with cores)")
    ap.add_argument("--cold", action="store_true",
                    help="also grade with c.Course.warm_kernels = False (a fresh interpreter per notebook)")
    ap.add_argument("--together", action="store_true",
                    help="also grade every assignment in one `course autograde --all` invocation")
    ap.add_argument("--sizes", default=None, metavar="N,N,...",
                    help="one assignment (--assignment, default the first) at these class sizes, e.g. 1,4,16,40: "
                         "plain nbgrader and course autograde per size, interleaved repeats, min/median and ratios")
    ap.add_argument("--repeats", type=int, default=3, help="rounds with --sizes (default 3)")
    args, _unknown = ap.parse_known_args(argv)  # run_all.py passes its extra arguments to every benchmark

    from course_grader import config as cfgmod

    root = cfgmod.find_course_root(args.course_dir)
    if args.sizes:
        names = args.assignment or cfgmod.assignments(root)[:1]
        return sizes_run(root, names[0], [int(x) for x in args.sizes.split(",") if x.strip()], max(1, args.repeats),
                         args.jobs, args.keep)
    names = args.assignment or cfgmod.assignments(root)
    if not names:
        print("bench_autograde: no assignments in solutions/: nothing to grade")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="bench-autograde-"))
    try:
        plain, ours = tmp / "plain", tmp / "course"
        scaled = {j: tmp / f"course-jobs{j}" for j in range(1, _cores() + 1)} if args.scaling else {}
        cold = tmp / "course-cold" if args.cold else None
        together = tmp / "course-together" if args.together else None
        extra = [c for c in (cold, together) if c]
        for course in (plain, ours, *scaled.values(), *extra):
            make_course(root, course, names)
        if cold:
            with open(cold / cfgmod.CONFIG_FILE, "a", encoding="utf-8") as f:
                f.write("c.Course.warm_kernels = False\n")
        n = write_class(root, [plain, ours, *scaled.values(), *extra], names, args.students)
        print(f"{args.students} students x {len(names)} assignment(s) ({', '.join(names)}) = {n} notebooks; "
              f"{_cores()} core(s) available")
        for aid in names:  # untimed: plain nbgrader needs the assignment in its gradebook first
            _run(["nbgrader", "generate_assignment", aid, "--force"], plain, f"nbgrader generate_assignment {aid}")
        t_plain = sum(_run(["nbgrader", "autograde", aid, "--force"], plain, f"nbgrader autograde {aid}")
                      for aid in names)
        print(f"  plain nbgrader autograde        {t_plain:8.1f} s  {t_plain / n:6.2f} s/notebook", flush=True)
        t_ours = sum(_run([sys.executable, "-m", "course_grader", "--course-dir", str(ours), "autograde", aid,
                           "--jobs", str(args.jobs)], ours, f"course autograde {aid}") for aid in names)
        jobs = cfgmod.settings(cfgmod.load_config(ours)).n_jobs(args.jobs)
        print(f"  course autograde --jobs {args.jobs:<6} {t_ours:8.1f} s  {t_ours / n:6.2f} s/notebook "
              f"({jobs} worker(s))")
        print(f"  throughput ratio (plain / course): {t_plain / t_ours:.2f}x   (goal: >= 2x on 2 cores)")
        if cold:
            t = sum(_run([sys.executable, "-m", "course_grader", "--course-dir", str(cold), "autograde", aid,
                          "--jobs", str(args.jobs)], cold, f"course autograde {aid} (cold kernels)") for aid in names)
            print(f"  course autograde, cold kernels  {t:8.1f} s  {t / n:6.2f} s/notebook  "
                  f"(c.Course.warm_kernels = False; plain / this: {t_plain / t:.2f}x)", flush=True)
        if together:
            t = _run([sys.executable, "-m", "course_grader", "--course-dir", str(together), "autograde", *names,
                      "--jobs", str(args.jobs)], together, "course autograde (all assignments at once)")
            print(f"  course autograde, one invocation {t:7.1f} s  {t / n:6.2f} s/notebook  "
                  f"(all {len(names)} assignment(s) at once; plain / this: {t_plain / t:.2f}x)", flush=True)
        for j, course in scaled.items():
            t = sum(_run([sys.executable, "-m", "course_grader", "--course-dir", str(course), "autograde", aid,
                          "--jobs", str(j)], course, f"course autograde {aid} --jobs {j}") for aid in names)
            print(f"  course autograde --jobs {j:<6} {t:8.1f} s  {t / n:6.2f} s/notebook  "
                  f"(plain / this: {t_plain / t:.2f}x)", flush=True)
        a = totals(plain)
        for label, course in [("course", ours)] + ([("one invocation", together)] if together else []):
            b = totals(course)
            differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            if differ:
                print(f"  WARNING: {len(differ)} (student, assignment) totals differ between plain and {label}, "
                      f"e.g. {differ[:3]}: plain {[a.get(k) for k in differ[:3]]}, "
                      f"{label} {[b.get(k) for k in differ[:3]]}")
            else:
                print(f"  same total for all {len(a)} graded (student, assignment) pairs: plain and {label}")
    finally:
        if args.keep:
            print(f"  kept: {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
