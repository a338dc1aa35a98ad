"""The course's packages install anywhere: one wheel, built from a fresh copy of the repository,
holding mi_helpers, mi_course and mi_exercises and nothing else, that installs into a bare
virtual environment with only its runtime dependencies (no seaborn, no Jupyter, no system
package) and runs every theory notebook copied out of the clone, as the site offers it for
download, printing exactly the committed outputs.

The environments come from the interpreter the course's .venv was built from (WHEEL_PYTHON picks
another: `make test-packaging WHEEL_PYTHON=~/.pyenv/versions/3.13.0/bin/python3`).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement
from packaging_support import (
    NOTEBOOKS,
    PACKAGES,
    REPO,
    base_python,
    build_wheel,
    cleared,
    copy_of_repository,
    distributions,
    install,
    lock_constraints,
    make_venv,
    project,
    record,
    run,
    start_kernel,
    text_outputs,
)

# What the course's own modules never need at run time: the figure tests' oracle (seaborn and
# what it brings), the test-only oracles, the course environment.
NOT_AT_RUN_TIME = {"seaborn", "pandas", "dit", "scikit-learn", "jupyterlab", "nbgrader", "ipykernel",
                   "ipython", "jupyter-core", "pytest", "sphinx"}
# What a notebook's front end brings (Jupyter, Colab, Binder all have it): the kernel.
FRONT_END = ["ipykernel"]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("wheel")


@pytest.fixture(scope="module")
def wheel(work) -> Path:
    source = copy_of_repository(work / "clone")
    built = build_wheel(source, work / "dist")
    shutil.rmtree(source)
    return built


@pytest.fixture(scope="module")
def constraints(work) -> Path:
    return lock_constraints(work / "constraints.txt")


@pytest.fixture(scope="module")
def bare(work, wheel, constraints) -> Iterator[dict]:
    """A bare environment holding the wheel and its dependencies; what it held before the front
    end's kernel was added; the install time."""
    python = make_venv(work / "venv", base_python())
    before = distributions(python)
    seconds = install(python, [str(wheel)], constraints)
    runtime = distributions(python)
    version = run([str(python), "-c", "import platform; print(platform.python_version())"]).stdout.strip()
    record(f"wheel {wheel.name} into a bare venv (Python {version}, uv, lock's pins from uv's cache): "
           f"{seconds:.1f} s, {len(runtime) - len(before)} distributions")
    install(python, FRONT_END, constraints)
    yield {"python": python, "venv": work / "venv", "before": before, "runtime": runtime}


def test_the_wheel_holds_the_three_packages_and_nothing_else(wheel):
    meta = project()
    assert wheel.name == f"{canonical(meta['name']).replace('-', '_')}-{meta['version']}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        tops = {name.split("/")[0] for name in names}
        dist_info = f"{canonical(meta['name']).replace('-', '_')}-{meta['version']}.dist-info"
        assert tops == {*PACKAGES, dist_info}, tops
        for package in PACKAGES:
            modules = {p.name for p in (REPO / package).glob("*.py")}
            shipped = {n.split("/")[-1] for n in names if n.startswith(f"{package}/")}
            assert shipped == modules, f"{package}: {shipped ^ modules}"
        metadata = zf.read(f"{dist_info}/METADATA").decode()
        assert f"{dist_info}/licenses/LICENSE" in names, "the MIT text ships with the code"
    assert "License-Expression: MIT" in metadata
    requires = [Requirement(line.split(": ", 1)[1]) for line in metadata.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line]
    declared = [Requirement(line) for line in meta["dependencies"]]
    assert sorted(map(str, requires)) == sorted(map(str, declared)), requires


def test_the_runtime_dependencies_are_few_and_at_the_locks_pins(bare, constraints):
    added = {name: v for name, v in bare["runtime"].items() if name not in bare["before"]}
    pins = dict(line.split(" ")[0].split("==") for line in constraints.read_text().splitlines())
    pins = {canonical(k): v for k, v in pins.items()}
    assert {"numpy", "scipy", "matplotlib"} <= set(added)
    assert not NOT_AT_RUN_TIME & set(added), f"not needed at run time: {NOT_AT_RUN_TIME & set(added)}"
    course = canonical(project()["name"])
    for name, version in added.items():
        if name != course:
            assert pins.get(name) == version, f"{name} {version} is not the lock's {pins.get(name)}"
    assert len(added) <= 15, f"a bare install pulls in {len(added)} distributions: {sorted(added)}"


def test_every_module_imports_from_the_installed_wheel_outside_the_clone(bare, work):
    """Isolated mode (no PYTHONPATH, no current folder on sys.path) from a folder outside the
    clone: every module of the three packages comes from the environment's site-packages."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {PACKAGES!r}:\n"
        "    package = importlib.import_module(name)\n"
        "    for info in pkgutil.iter_modules(package.__path__, name + '.'):\n"
        "        module = importlib.import_module(info.name)\n"
        "        assert module.__file__.startswith(sys.prefix), module.__file__\n"
        "print('ok', sys.prefix)\n"
    )
    outside = work / "outside"
    outside.mkdir(exist_ok=True)
    out = run([str(bare["python"]), "-I", "-c", code], cwd=outside).stdout
    assert out.startswith("ok "), out
    assert str(REPO) not in out


@pytest.mark.parametrize("committed", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_a_downloaded_theory_notebook_runs_in_the_bare_environment(committed, bare, work):
    """The committed notebook (what the site's download link serves), copied into an empty
    folder outside the clone, executed top to bottom by a kernel of the bare environment: no
    cell fails, and every cell prints exactly what the committed notebook shows."""
    folder = work / f"download-{committed.stem[:2]}"
    folder.mkdir()
    copy = folder / committed.name
    shutil.copyfile(committed, copy)
    expected = nbformat.read(committed, as_version=4)
    kernel = start_kernel(bare["venv"], folder, work / f"jupyter-{committed.stem[:2]}")
    try:
        executed = kernel.run(cleared(nbformat.read(copy, as_version=4)))
    finally:
        kernel.stop()
    got, want = text_outputs(executed), text_outputs(expected)
    assert len(got) == len(want)
    for index, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, f"{committed.name}, code cell {index}: {g!r} != {w!r}"


def test_on_colab_the_first_cell_installs_the_packages_and_the_notebook_runs(wheel, constraints, work):
    """Colab as far as it can be had here: an environment with pip, numpy, scipy, matplotlib and
    a kernel but not the course. The first code cell installs the course with pip (from the
    built wheel, which MI_COURSE_PACKAGES names instead of the repository's tag; no index is
    reachable to pip, so nothing else can come in), and Notebook 1 then runs as committed."""
    venv = work / "colab"
    python = make_venv(venv, base_python(), with_pip=True)
    install(python, ["numpy", "scipy", "matplotlib", "cycler", *FRONT_END], constraints)
    assert canonical(project()["name"]) not in distributions(python)
    committed = NOTEBOOKS[0]
    folder = work / "colab-content"
    folder.mkdir()
    shutil.copyfile(committed, folder / committed.name)
    env = {"COLAB_RELEASE_TAG": "release-test", "MI_COURSE_PACKAGES": str(wheel), "PIP_NO_INDEX": "1",
           "PIP_FIND_LINKS": "", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    kernel = start_kernel(venv, folder, work / "jupyter-colab", extra_env=env)
    try:
        executed = kernel.run(cleared(nbformat.read(folder / committed.name, as_version=4)))
    finally:
        kernel.stop()
    assert canonical(project()["name"]) in distributions(python), "the first cell installed nothing"
    got, want = text_outputs(executed), text_outputs(nbformat.read(committed, as_version=4))
    assert got == want
