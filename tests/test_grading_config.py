"""course_grader.config: finding the course, loading nbgrader_config.py, the course folders."""
from __future__ import annotations

import pytest

from course_grader import config as cfgmod


def test_find_course_root_walks_up_and_honours_course_dir(pilot_course, tmp_path, monkeypatch):
    deep = pilot_course / "solutions" / "01_pilot"
    assert cfgmod.find_course_root(deep) == pilot_course
    monkeypatch.chdir(deep)
    assert cfgmod.find_course_root() == pilot_course
    elsewhere = tmp_path / "not_a_course"
    elsewhere.mkdir()
    with pytest.raises(cfgmod.CourseNotFoundError, match="nbgrader_config.py"):
        cfgmod.find_course_root(elsewhere)
    monkeypatch.setenv(cfgmod.ENV_COURSE_DIR, str(pilot_course))
    monkeypatch.chdir(elsewhere)
    assert cfgmod.find_course_root() == pilot_course


def test_course_dir_option_reaches_commands(pilot_course):
    from course_grader.cli import build_parser

    args = build_parser().parse_args(["--course-dir", str(pilot_course), "release", "--check"])
    assert cfgmod.root_from_args(args) == pilot_course


def test_load_config_reads_the_course_file(pilot_course):
    cfg = cfgmod.load_config(pilot_course)
    assert cfg.CourseDirectory.root == str(pilot_course)
    assert cfg.CourseDirectory.source_directory == "solutions"
    assert cfg.CourseDirectory.release_directory == "exercises"
    assert cfg.Exchange.root == str(pilot_course / "exchange")
    assert cfg.Execute.timeout > 0
    args = cfg.Execute.extra_arguments
    assert "--InteractiveShell.xmode=Minimal" in args
    assert any("stderr.name = 'stdout'" in a for a in args), "kernels must publish stderr as stdout"
    assert any("ClearHiddenTests" in str(p) for p in cfg.GenerateFeedback.preprocessors)
    assert str(cfg.GenerateFeedback.preprocessors[0]).endswith("GetGrades")


def test_make_api_is_bound_to_the_course(pilot_course):
    api = cfgmod.make_api(pilot_course)
    assert api.coursedir.root == str(pilot_course)
    assert api.coursedir.source_directory == "solutions"
    assert api.coursedir.db_url == "sqlite:///" + str(pilot_course / "gradebook.db")


def test_assignments_are_discovered_not_listed(pilot_course):
    assert cfgmod.assignments(pilot_course) == ["01_pilot"]
    (pilot_course / "solutions" / "00_empty").mkdir()          # no notebook: not an assignment
    new = pilot_course / "solutions" / "02_more"
    new.mkdir()
    (new / "more.ipynb").write_text("{}")
    assert cfgmod.assignments(pilot_course) == ["01_pilot", "02_more"]


def test_paths_and_students(pilot_course):
    p = cfgmod.Paths.of(pilot_course)
    assert p.source == pilot_course / "solutions" and p.release == pilot_course / "exercises"
    assert p.submitted_dir("ann", "01_pilot") == pilot_course / "submitted" / "ann" / "01_pilot"
    assert p.autograded_dir("ann", "01_pilot") == pilot_course / "autograded" / "ann" / "01_pilot"
    assert p.feedback_dir("ann", "01_pilot") == pilot_course / "feedback" / "ann" / "01_pilot"
    assert p.students() == []
    for s in ("zoe", "ann"):
        p.submitted_dir(s, "01_pilot").mkdir(parents=True)
    (p.submitted / "bob").mkdir()
    assert p.students("01_pilot") == ["ann", "zoe"]


def test_course_settings(pilot_course):
    s = cfgmod.settings(cfgmod.load_config(pilot_course))
    assert s.notebook_timeout > 0
    assert s.n_jobs("3") == 3 and s.n_jobs(0) == 1 and s.n_jobs("auto") >= 1
    assert cfgmod.CourseSettings(jobs=2).n_jobs() == 2


def test_pilot_config_matches_the_course_config(repo_root):
    pilot = repo_root / "tests" / "fixtures" / "pilot_course" / "nbgrader_config.py"
    assert pilot.read_text() == (repo_root / "nbgrader_config.py").read_text(), \
        "copy nbgrader_config.py into tests/fixtures/pilot_course/ so the pilot tests the real set-up"


def test_gradebook_schema_version_is_nbgraders(tmp_path):
    """The in-process schema version equals what nbgrader's own `alembic heads` subprocess reports."""
    import subprocess
    import sys
    from pathlib import Path

    import nbgrader

    cfgmod.ensure_tools_on_path()
    import nbgrader.api as nbapi

    ini = Path(nbgrader.__file__).parent / "alembic.ini"
    script = Path(nbgrader.__file__).parent / "alembic"
    conf = tmp_path / "alembic.ini"
    conf.write_text(ini.read_text().replace("{alembic_dir}", str(script)).replace("{db_url}", "sqlite://"))
    heads = subprocess.run([str(Path(sys.executable).parent / "alembic"), "-c", str(conf), "heads"],
                           capture_output=True, text=True, check=True).stdout.split()[0]
    assert nbapi.get_alembic_version() == heads
