"""The repository keeps its promises: exact pins, mirrored in environment.yml and installed;
the layout, ignore rules and the two commands of the README."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match, f"requirements.lock line is not an exact pin: {line!r}"
        pins[canonical(match[1])] = match[2]
    return pins


def environment_pins() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text()
    pins = {}
    for match in re.finditer(r"^\s*-\s*([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)\s*$", text, flags=re.MULTILINE):
        pins[canonical(match[1])] = match[2]
    return pins


def test_every_lock_line_is_an_exact_pin_and_nothing_is_missing():
    pins = lock_pins()
    wanted = [
        canonical(line.split("#")[0].strip())
        for line in (ROOT / "requirements.in").read_text().splitlines()
        if line.split("#")[0].strip()
    ]
    assert wanted, "requirements.in lists nothing"
    assert set(wanted) <= set(pins), set(wanted) - set(pins)


def test_environment_yml_mirrors_the_lock_exactly():
    assert environment_pins() == lock_pins()
    python = re.search(r"^\s*-\s*python=(\d+\.\d+)\s*$", (ROOT / "environment.yml").read_text(), re.MULTILINE)
    assert python, "environment.yml pins no Python version"
    assert python[1] == f"{sys.version_info.major}.{sys.version_info.minor}"


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="only meaningful inside the project's .venv",
)
def test_the_environment_holds_exactly_the_locked_versions():
    mismatches = {}
    for name, version in lock_pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            mismatches[name] = (version, installed)
    assert not mismatches, f"locked vs installed: {mismatches}"


def test_pyproject_declares_the_flat_package_and_locked_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["tool"]["setuptools"]["packages"] == ["mi_helpers"]
    pins = lock_pins()
    runtime = [canonical(d) for d in project["project"]["dependencies"]]
    assert set(runtime) == {"numpy", "scipy", "matplotlib", "seaborn"}
    for extra, names in project["project"]["optional-dependencies"].items():
        assert {canonical(n) for n in names} <= set(pins), extra
    # the test-only oracles never become runtime dependencies
    assert not {"dit", "scikit-learn"} & set(runtime)


def test_layout_and_ignore_rules():
    for name in ["notebooks", "exercises", "solutions", "mi_helpers", "tests", ".ci"]:
        assert (ROOT / name).is_dir(), name
    for name in [
        "nbgrader_config.py",
        "environment.yml",
        "Makefile",
        "README.md",
        "pyproject.toml",
        ".ci/run",
    ]:
        assert (ROOT / name).is_file(), name
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    for pattern in [
        ".venv/",
        "gradebook.db",
        "submitted/",
        "autograded/",
        "feedback/",
        "*.egg-info/",
        ".ipynb_checkpoints/",
    ]:
        assert pattern in ignored, pattern


def test_readme_gives_a_newcomer_exactly_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", readme, flags=re.DOTALL)
    assert first_block, "README has no command block"
    commands = [
        line.split("#")[0].strip() for line in first_block[1].splitlines() if line.split("#")[0].strip()
    ]
    assert commands == ["make lab", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test\b", ci, flags=re.MULTILINE)


def test_setup_installs_from_the_lock_without_resolving():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q --no-deps -r requirements.lock" in makefile
    assert "--no-build-isolation -e ." in makefile  # the build backend comes from the lock too
