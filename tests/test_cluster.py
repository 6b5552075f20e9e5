"""Grading on a cluster: ``course autograde --shard auto`` and the examples in ``deploy/``.

Fast: the shard each scheduler's variables give (Kubernetes Indexed Job, Slurm array), the errors outside both
(exit 2 from the command line), the Kubernetes manifests validated against the Kubernetes schemas (the package
``kubernetes-validate`` carries them), the Slurm script (``bash -n``, its array) and the Containerfile's pins.
Slow: the pilot class graded once by a single run, then by three processes started as the Kubernetes manifest
starts its pods and by three started through the Slurm script, each trio against a real PostgreSQL gradebook
(tests/pgserver.py): all three gradebooks hold the same grades.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import grading_class as gc  # noqa: E402
import pgserver  # noqa: E402

from course_grader import cli  # noqa: E402
from course_grader.autograde import parse_shard, shard_from_env, shard_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
JOB = DEPLOY / "kubernetes" / "grade-job.yaml"
SBATCH = DEPLOY / "slurm" / "grade.sbatch"
COURSE = str(Path(sys.executable).parent / "course")
K8S_VERSION = "1.30.0"
SCHEDULER_VARS = ("JOB_COMPLETION_INDEX", "COURSE_SHARDS", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN",
                  "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_STEP")


def _k8s(i, n):
    return {"JOB_COMPLETION_INDEX": str(i), "COURSE_SHARDS": str(n)}


def _slurm(task, first, count, **extra):
    return {"SLURM_ARRAY_TASK_ID": str(task), "SLURM_ARRAY_TASK_MIN": str(first),
            "SLURM_ARRAY_TASK_COUNT": str(count), **extra}


def test_shard_from_kubernetes_and_slurm_variables():
    assert shard_from_env(_k8s(0, 3))[:2] == (1, 3)          # JOB_COMPLETION_INDEX is 0-based
    assert shard_from_env(_k8s(2, 3))[:2] == (3, 3)
    assert shard_from_env(_slurm(5, 5, 3))[:2] == (1, 3)     # --array=5-7
    assert shard_from_env(_slurm(7, 5, 3))[:2] == (3, 3)
    assert shard_from_env(_slurm(4, 0, 3, SLURM_ARRAY_TASK_STEP="2"))[:2] == (3, 3)   # --array=0-4:2
    assert "JOB_COMPLETION_INDEX=1, COURSE_SHARDS=4" in shard_from_env(_k8s(1, 4))[2]
    # every index of a job gives the shards of --shard I/N: together the whole class, once
    students = [f"s{i:02d}" for i in range(10)]
    k8s = [shard_of(students, *shard_from_env(_k8s(i, 3))[:2]) for i in range(3)]
    slurm = [shard_of(students, *shard_from_env(_slurm(10 + i, 10, 3))[:2]) for i in range(3)]
    assert k8s == slurm == [shard_of(students, i, 3) for i in (1, 2, 3)]
    assert sorted(sum(k8s, [])) == students


@pytest.mark.parametrize("env, message", [
    ({}, "neither is set"),
    ({"JOB_COMPLETION_INDEX": "0"}, "COURSE_SHARDS is not set"),
    (_k8s(3, 3), "not a task index below the count"),
    (_k8s("x", 3), "not integers"),
    (_slurm(0, 0, 3) | {"SLURM_ARRAY_TASK_COUNT": ""}, "not integers"),
    ({"SLURM_ARRAY_TASK_ID": "1"}, "SLURM_ARRAY_TASK_MIN is not set"),
    (_slurm(9, 1, 3), "must be one range"),
    (_slurm(3, 0, 3, SLURM_ARRAY_TASK_STEP="2"), "must be one range"),
    (_k8s(0, 2) | _slurm(1, 1, 2), "both"),
])
def test_shard_auto_errors(env, message):
    with pytest.raises(ValueError, match=message):
        shard_from_env(env)


def test_shard_auto_outside_a_scheduler_exits_2(tmp_path, monkeypatch, capsys):
    for name in SCHEDULER_VARS:
        monkeypatch.delenv(name, raising=False)
    root = gc.pilot_copy(tmp_path / "course")
    gc.submit(root, "s1", gc.blank(root))
    assert cli.main(["--course-dir", str(root), "autograde", gc.AID, "--shard", "auto"]) == 2
    err = capsys.readouterr().err
    assert "course autograde: --shard auto needs a Kubernetes Indexed Job" in err and "Slurm" in err
    assert not (root / "gradebook.db").exists()
    monkeypatch.setenv("JOB_COMPLETION_INDEX", "1")
    monkeypatch.setenv("COURSE_SHARDS", "2")
    assert parse_shard("auto") == (2, 2)


def _docs(path):
    with open(path, encoding="utf-8") as fh:
        return [d for d in yaml.safe_load_all(fh) if d]


def _grader(job):
    return job["spec"]["template"]["spec"]["containers"][0]


def test_kubernetes_manifests_validate_against_the_schema():
    import kubernetes_validate as kv

    files = sorted((DEPLOY / "kubernetes").glob("*.yaml"))
    assert JOB in files and len(files) >= 2
    for path in files:
        for doc in _docs(path):
            kv.validate(doc, K8S_VERSION, strict=True)   # raises kubernetes_validate.ValidationError
    # the validator does reject a broken Job (a misspelt field, a wrong type)
    job = _docs(JOB)[0]
    for broken in ({**job, "spec": {**job["spec"], "completionMode": 3}},
                   {**job, "spec": {**job["spec"], "completion": 3}}):
        with pytest.raises(kv.ValidationError):
            kv.validate(broken, K8S_VERSION, strict=True)


def test_kubernetes_job_is_indexed_with_the_secret_and_the_course_volume():
    job = _docs(JOB)[0]
    spec, pod = job["spec"], job["spec"]["template"]["spec"]
    assert job["kind"] == "Job" and spec["completionMode"] == "Indexed"
    assert pod["restartPolicy"] == "Never"
    grader = _grader(job)
    env = {e["name"]: e for e in grader["env"]}
    assert env["COURSE_SHARDS"]["value"] == str(spec["completions"])
    assert spec["parallelism"] <= spec["completions"]
    assert env["COURSE_DB_URL"]["valueFrom"]["secretKeyRef"]["key"]
    args = grader["args"]
    assert args[0] == "autograde" and args[args.index("--shard") + 1] == "auto"
    mount = {m["name"]: m["mountPath"] for m in grader["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert mount["course"] == "/course" and "persistentVolumeClaim" in volumes["course"]
    claim = volumes["course"]["persistentVolumeClaim"]["claimName"]
    pvc = _docs(DEPLOY / "kubernetes" / "course-volume.yaml")[0]
    assert pvc["metadata"]["name"] == claim and pvc["spec"]["accessModes"] == ["ReadWriteMany"]


def test_slurm_script_parses_and_sets_the_array():
    run = subprocess.run(["bash", "-n", str(SBATCH)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = SBATCH.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    assert any(line.startswith("#SBATCH --array=") for line in text.splitlines())
    assert "--shard auto" in text and "COURSE_DB_URL" in text
    # without the gradebook URL it stops before grading anything
    env = {k: v for k, v in os.environ.items() if k != "COURSE_DB_URL"}
    run = subprocess.run(["bash", str(SBATCH), gc.AID], capture_output=True, text=True, env=env, timeout=30)
    assert run.returncode != 0 and "COURSE_DB_URL" in run.stderr


def test_containerfile_installs_the_pinned_environment():
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    assert "FROM " in text and "python:3.11" in text
    assert "-c constraints.txt" in text and ".[grader]" in text and "psycopg2-binary" in text
    assert 'ENTRYPOINT ["course", "--course-dir", "/course"]' in text
    copied = [word for line in text.splitlines() if line.startswith("COPY ") for word in line.split()[1:-1]]
    assert copied and all((ROOT / name).exists() for name in copied), copied   # the build context has them
    assert (DEPLOY / "README.md").is_file()


# ------------------------------------------------------------------------- real graders, real PostgreSQL

def _class(root: Path) -> list[str]:
    """Seven students: solutions, a strict step (loses two items) and blanks."""
    sol, blank, strict = gc.solution(root), gc.blank(root), gc.with_mistake(root, "step_strict")
    students = []
    for i in range(7):
        student = f"s{i:02d}"
        gc.submit(root, student, [sol, strict, blank][i % 3])
        students.append(student)
    return students


def _grades(url: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(url, "ffnn") as gb:
        return {s.student.id: (float(s.score), {g.name: g.auto_score for nb in s.notebooks for g in nb.grades})
                for s in gb.assignment_submissions(gc.AID)}


def _trio(cmds: list[list[str]], envs: list[dict]) -> list[str]:
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
             for cmd, env in zip(cmds, envs)]
    outs = [p.communicate(timeout=300)[0] for p in procs]
    for p, out in zip(procs, outs):
        assert p.returncode == 0, out[-3000:]
        assert "0 grader error(s)" in out, out[-3000:]
    return outs


def _graded(outs: list[str]) -> list[str]:
    return sorted(line.split()[0] for out in outs for line in out.splitlines()
                  if line.startswith("  s") and "/100" in line)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.xdist_group("autograde")
def test_kubernetes_and_slurm_shards_give_the_gradebook_of_a_single_run(tmp_path, monkeypatch):
    if pgserver.find_bindir() is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql; .ci/run does it)")
    import psycopg2

    for name in SCHEDULER_VARS + ("COURSE_DB_URL",):
        monkeypatch.delenv(name, raising=False)
    root = gc.pilot_copy(tmp_path / "course")
    students = _class(root)
    gc.autograde(root, jobs=1)                                  # the single run, into the SQLite gradebook
    single = _grades("sqlite:///" + str(root / "gradebook.db"))
    assert sorted(single) == students and single["s00"][0] > single["s01"][0] > single["s02"][0] == 0

    base = {k: v for k, v in os.environ.items() if k not in SCHEDULER_VARS + ("COURSE_DB_URL",)}
    with pgserver.postgres_server() as url:
        url_slurm = url.rsplit("/", 1)[0] + "/gradebook_slurm"
        conn = psycopg2.connect(url.replace("postgresql+psycopg2", "postgresql"))
        conn.autocommit = True
        conn.cursor().execute("CREATE DATABASE gradebook_slurm")
        conn.close()

        # Kubernetes: the pod's command (image entrypoint + the manifest's args) and environment, per index
        job = _docs(JOB)[0]
        grader = _grader(job)
        n = job["spec"]["completions"]
        args = [{"01_perceptron": gc.AID, "auto": "auto"}.get(a, a) for a in grader["args"]]
        args[args.index("--jobs") + 1] = "1"
        shards = {e["name"]: e["value"] for e in grader["env"] if "value" in e}["COURSE_SHARDS"]
        cmd = [COURSE, "--course-dir", str(root), *args]
        outs = _trio([cmd] * n, [base | {"COURSE_DB_URL": url, "COURSE_SHARDS": shards,
                                        "JOB_COMPLETION_INDEX": str(i)} for i in range(n)])
        assert [out.splitlines()[0] for out in outs] == [
            f"shard {i + 1}/{n} (JOB_COMPLETION_INDEX={i}, COURSE_SHARDS={n})" for i in range(n)]
        assert _graded(outs) == students, "each student graded exactly once, by one pod"
        assert _grades(url) == single

        # Slurm: the array script itself, as tasks 5-7 of an --array=5-7 job
        outs = _trio([["bash", str(SBATCH), gc.AID]] * 3,
                     [base | {"COURSE_DB_URL": url_slurm, "COURSE_DIR": str(root), "COURSE": COURSE,
                              "SLURM_CPUS_PER_TASK": "1"} | _slurm(5 + i, 5, 3) for i in range(3)])
        assert [out.splitlines()[0] for out in outs] == [
            f"shard {i + 1}/3 (SLURM_ARRAY_TASK_ID={5 + i}, SLURM_ARRAY_TASK_MIN=5, SLURM_ARRAY_TASK_COUNT=3)"
            for i in range(3)]
        assert _graded(outs) == students, "each student graded exactly once, by one array task"
        assert _grades(url_slurm) == single
