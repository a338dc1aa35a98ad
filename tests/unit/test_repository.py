"""The repository keeps its promises: exact pins, mirrored in environment.yml and installed;
the layout, ignore rules and the two commands of the README."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
# A requirement line of the uv lock: an exact pin, an optional environment marker, then hashes.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)(?: ; ([^\\]+?))? \\$")
HASH = re.compile(r"^    --hash=sha256:[0-9a-f]{64}( \\)?$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_lines() -> list[tuple[str, str, str | None]]:
    """(name, version, marker) of every requirement, checking that each carries its hashes."""
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    found, hashes = [], 0
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("    --hash="):
            assert HASH.match(line), f"malformed hash line: {line!r}"
            hashes += 1
            continue
        match = PIN.match(line)
        assert match, f"requirements.lock line is not an exact pin with hashes: {line!r}"
        assert not found or hashes, f"{found[-1][0]} has no hash"
        found.append((canonical(match[1]), match[2], match[3]))
        hashes = 0
    assert hashes, f"{found[-1][0]} has no hash"
    return found


def applies_here(marker: str | None) -> bool:
    """Whether an environment marker holds for the running interpreter (packaging is in the lock)."""
    from packaging.markers import Marker

    return marker is None or Marker(marker).evaluate()


def lock_pins() -> dict[str, str]:
    """Exact versions of every package the lock installs on this interpreter."""
    return {name: version for name, version, marker in lock_lines() if applies_here(marker)}


def test_one_version_per_package_for_every_supported_python():
    """The lock is universal and forks only where a package has no release for all of 3.11-3.13."""
    versions: dict[str, set[str]] = {}
    for name, version, marker in lock_lines():
        if marker is None or "python_full_version" in marker:
            versions.setdefault(name, set()).add(version)
    forked = {name for name, found in versions.items() if len(found) > 1}
    # soupsieve >= 3 needs Python >= 3.11.5, newer than Debian 12's 3.11.2; 4.x only for 3.14+
    assert forked <= {"soupsieve"}, forked


def environment_lines() -> list[tuple[str, str, str | None]]:
    text = (ROOT / "environment.yml").read_text()
    pattern = r"^\s*-\s*([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)(?: ; (.+?))?\s*$"
    return [(canonical(m[1]), m[2], m[3]) for m in re.finditer(pattern, text, flags=re.MULTILINE)]


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
    assert environment_lines() == lock_lines()
    python = re.search(r"^\s*-\s*python=(\d+\.\d+)\s*$", (ROOT / "environment.yml").read_text(), re.MULTILINE)
    assert python, "environment.yml pins no Python version"
    assert python[1] in {"3.11", "3.12", "3.13"}


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


def test_the_packages_left_out_of_the_lock_are_not_installed():
    """tools/lock.py leaves out optional dependencies that cost seconds per process (each with its
    reason); `make setup` syncs the environment to the lock, so none of them is installed."""
    from tools.lock import EXCLUDED

    locked = {canonical(name) for name, _version, _marker in lock_lines()}
    for name, reason in EXCLUDED.items():
        assert reason
        assert canonical(name) not in locked, f"{name} is in the lock"
        with pytest.raises(metadata.PackageNotFoundError):
            metadata.version(name)


def test_pyproject_declares_the_flat_package_and_locked_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["tool"]["setuptools"]["packages"] == ["mi_helpers", "mi_course", "mi_exercises"]
    pins = lock_pins()
    requirements = [Requirement(d) for d in project["project"]["dependencies"]]
    runtime = [canonical(r.name) for r in requirements]
    # what the three packages import at run time (seaborn is only the figure tests' oracle)
    assert set(runtime) == {"numpy", "scipy", "matplotlib", "cycler"}
    for requirement in requirements:
        pin = pins[canonical(requirement.name)]
        assert requirement.specifier.contains(pin), f"{requirement} leaves out the lock's {pin}"
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
    # exactly the lock (sync: nothing resolved, nothing extra kept), hash-checked
    assert "uv pip sync -q --python $(BIN)/python --require-hashes" in makefile
    assert "--no-build-isolation -e ." in makefile  # the build backend comes from the lock too
