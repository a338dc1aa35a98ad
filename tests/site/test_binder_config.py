"""Binder's configuration (binder/): the environment pins the lock's versions of what it names, the
notebooks' imports are all in it, and postBuild installs the course's packages from the checkout.
Binder itself cannot be reached from here: these tests read the files as repo2docker would."""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
import sys
import tomllib

import pytest
from site_support import REPO, THEORY

BINDER = REPO / "binder"
REQ_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)\s*(?:;[^#]*)?(?:#.*)?$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(text: str) -> dict[str, str]:
    """``name==version`` lines (an environment marker may follow) of a requirements file (hash and
    comment lines skipped); a line that
    is neither a pin, a comment nor a hash is an error: Binder would read something unpinned."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip().rstrip("\\").strip()
        if not line or line.startswith(("#", "--hash")):
            continue
        match = REQ_LINE.match(line)
        if not match:
            raise ValueError(f"not an exact pin: {raw!r}")
        out[canonical(match[1])] = match[2]
    return out


@pytest.fixture(scope="module")
def binder_pins() -> dict[str, str]:
    return pins((BINDER / "requirements.txt").read_text(encoding="utf-8"))


def test_every_binder_pin_is_the_locks(binder_pins):
    lock = pins((REPO / "requirements.lock").read_text(encoding="utf-8"))
    assert binder_pins, "binder/requirements.txt pins nothing"
    wrong = {n: (v, lock.get(n)) for n, v in binder_pins.items() if lock.get(n) != v}
    assert not wrong, f"binder pin -> (binder, lock): {wrong}"


def test_the_pin_parser_refuses_a_loose_requirement():
    assert pins("numpy==2.4.6  # numerics\n\n# c\n") == {"numpy": "2.4.6"}
    for loose in ("numpy", "numpy>=2", "numpy>=2,<3", "-e .", "git+https://example.org/x.git"):
        with pytest.raises(ValueError, match="exact pin"):
            pins(loose)


def third_party_imports() -> set[str]:
    """Top-level modules the theory notebooks' sources and the course packages import, minus the
    standard library and the course's own packages."""
    own = {"mi_helpers", "mi_course", "mi_exercises"}
    found: set[str] = set()
    sources = [p.with_suffix(".py") for p in THEORY]
    sources += [p for pkg in own for p in (REPO / pkg).rglob("*.py")]
    for src in sources:
        tree = ast.parse(src.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {m for m in found - own if m not in sys.stdlib_module_names and m != "__future__"}


# Import names that are not their distribution's name, and distributions a named one brings along.
DISTRIBUTION = {"cycler": "matplotlib", "IPython": "ipykernel", "matplotlib_inline": "ipykernel"}


def test_binder_names_every_package_the_notebooks_import(binder_pins):
    missing = {m for m in third_party_imports() if canonical(DISTRIBUTION.get(m, m)) not in binder_pins}
    assert not missing, f"imported by the notebooks or the course packages, not in binder/: {missing}"
    assert {"ipykernel", "jupyterlab"} <= set(binder_pins)


def test_runtime_is_the_courses_python():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime == "python-3.11"


def post_build_commands() -> list[list[str]]:
    """postBuild's commands as argument lists (comments and blank lines dropped)."""
    text = (BINDER / "postBuild").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [shlex.split(line) for line in lines]


def test_post_build_installs_the_course_packages_from_the_checkout():
    path = BINDER / "postBuild"
    assert path.stat().st_mode & 0o111, "postBuild must be executable (repo2docker runs it)"
    commands = post_build_commands()
    assert path.read_text(encoding="utf-8").startswith("#!/bin/bash\n")
    assert ["set", "-euo", "pipefail"] in commands, "a failed step must fail the Binder build"
    installs = [c for c in commands if c[:4] == ["python", "-m", "pip", "install"]]
    assert len(installs) == 1, installs
    args = installs[0][4:]
    # The repository root (repo2docker runs postBuild there), without pulling unpinned dependencies.
    assert "." in args and "--no-deps" in args, args
    syntax = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr


def test_the_package_postbuild_installs_holds_the_course_packages():
    """What ``pip install .`` installs is what pyproject.toml's setuptools section lists."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert {"mi_helpers", "mi_course", "mi_exercises"} <= set(project["tool"]["setuptools"]["packages"])


def test_post_build_installs_the_labs_overrides():
    cp = [c for c in post_build_commands() if c[:1] == ["cp"]]
    assert cp and cp[0][1] == "deploy/lab/overrides.json" and cp[0][2].endswith("/overrides.json"), cp
    assert (REPO / "deploy" / "lab" / "overrides.json").is_file()
