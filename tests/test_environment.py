"""The conda environment and the pip pins describe the same environment; set-up files are consistent."""
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, version = line.partition("==")
        assert version, f"constraints.txt: {line!r} is not an exact pin (name==version)"
        pins[canonical(name)] = version.split("+", 1)[0]
    return pins


def conda_specs() -> dict[str, str]:
    """Parse environment.yml's dependencies (conda `name=version` and pip `name==version`) without PyYAML."""
    specs = {}
    for raw in (ROOT / "environment.yml").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^-\s+([A-Za-z0-9_.\-]+)\s*(==|=)\s*([0-9][^\s]*)$", line)
        if m and m.group(1) != "python":
            specs[canonical(m.group(1))] = m.group(3)
    return specs


def test_environment_yml_matches_constraints():
    pins, specs = pip_pins(), conda_specs()
    assert specs, "environment.yml lists no pinned packages"
    missing = sorted(set(specs) - set(pins))
    assert not missing, f"environment.yml pins packages that constraints.txt does not: {missing}"
    wrong = {name: (ver, pins[name]) for name, ver in specs.items() if pins[name] != ver}
    assert not wrong, f"environment.yml and constraints.txt disagree (conda, pip): {wrong}"


def test_every_direct_dependency_is_pinned_in_both():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    direct = list(project["dependencies"]) + list(extras["grader"]) + list(extras["test"])
    names = {canonical(re.split(r"[<>=!~\[ ;]", dep, maxsplit=1)[0]) for dep in direct}
    names.discard(canonical(project["name"]))   # "course-utils[grader]": the test extra includes the grader's
    pins, specs = pip_pins(), conda_specs()
    assert not names - set(pins), f"not pinned in constraints.txt: {sorted(names - set(pins))}"
    assert not names - set(specs), f"not in environment.yml: {sorted(names - set(specs))}"


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "- python=3.11" in (ROOT / "environment.yml").read_text()
