"""Each theory notebook's first code cell finds the course's packages before importing them: when
they are missing it installs them on Colab (or wherever MI_COURSE_PACKAGES names what to
install) and elsewhere stops with one line that says how to install them. The cell's guard is
run here in-process with the packages hidden and pip replaced by a recorder; test_wheel.py runs
the real install in a fresh environment."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import types

import jupytext
import nbformat
import pytest
from packaging_support import NOTEBOOKS, REPO, project

SOURCES = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.py"))
GUARD_END = re.compile(r"raise ModuleNotFoundError\(.*?\n\s*\)\n", flags=re.DOTALL)


def first_code_cell(cells) -> str:
    return next(cell.source for cell in cells if cell.cell_type == "code")


def guard_of(source: str) -> str:
    """The guard at the top of a first code cell: everything up to the end of its raise."""
    end = GUARD_END.search(source)
    assert end, f"no install guard in the first code cell:\n{source[:400]}"
    return source[: end.end()]


@pytest.fixture(scope="module")
def guard() -> str:
    return guard_of(first_code_cell(jupytext.read(SOURCES[0]).cells))


def course_requirement() -> str:
    meta = project()
    return f"git+{meta['urls']['Repository']}@v{meta['version']}"


def test_every_theory_notebook_opens_with_the_same_guard(guard):
    assert len(SOURCES) == len(NOTEBOOKS) == 7
    for source in SOURCES:
        assert guard_of(first_code_cell(jupytext.read(source).cells)) == guard, source.name
    for notebook in NOTEBOOKS:
        cell = first_code_cell(nbformat.read(notebook, as_version=4).cells)
        assert cell.startswith(guard), f"{notebook.name} was not rebuilt after its source (make notebooks)"
        # the imports the guard protects come after it, in the same cell
        assert "import mi_helpers" in cell[len(guard):] or "from mi_course" in cell[len(guard):]


def test_the_guard_installs_the_repositorys_tag_of_this_version(guard):
    """The requirement in the cell is the repository of pyproject.toml at the tag v<version>:
    a notebook of version 1.0.0 gets the packages of 1.0.0, not whatever main holds later."""
    assert f'COURSE_PACKAGES = "{course_requirement()}"' in guard


class Pip:
    """Stands in for subprocess.run and records the commands it is given."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, cmd, check=False, **kwargs):
        assert check, "a failed install must stop the cell"
        self.calls.append(list(cmd))
        return subprocess.CompletedProcess(cmd, 0)


@pytest.fixture
def missing(monkeypatch) -> Pip:
    """The course's packages hidden, no Colab, no override; pip recorded instead of run."""
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a, **k: None if name.split(".")[0] in {"mi_course", "mi_helpers"}
                        else real(name, *a, **k))
    for name in ("COLAB_RELEASE_TAG", "MI_COURSE_PACKAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    pip = Pip()
    monkeypatch.setattr(subprocess, "run", pip)
    return pip


def run_guard(guard: str) -> dict:
    namespace: dict = {}
    exec(compile(guard, "first code cell", "exec"), namespace)
    return namespace


def test_missing_packages_outside_colab_stop_with_one_line_saying_how(guard, missing):
    with pytest.raises(ModuleNotFoundError) as raised:
        run_guard(guard)
    message = str(raised.value)
    assert "\n" not in message
    assert f'%pip install "{course_requirement()}"' in message
    assert not missing.calls


@pytest.mark.parametrize("colab", ["module", "environment"])
def test_on_colab_missing_packages_are_installed_with_this_kernels_pip(guard, missing, monkeypatch, colab):
    if colab == "module":
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab-20261201")
    run_guard(guard)
    assert missing.calls == [[sys.executable, "-m", "pip", "install", "-q", course_requirement()]]


def test_mi_course_packages_names_what_to_install_anywhere(guard, missing, monkeypatch):
    monkeypatch.setenv("MI_COURSE_PACKAGES", "/srv/course/mi_helpers-1.0.0-py3-none-any.whl")
    run_guard(guard)
    assert missing.calls == [[sys.executable, "-m", "pip", "install", "-q",
                              "/srv/course/mi_helpers-1.0.0-py3-none-any.whl"]]


def test_installed_packages_make_the_guard_do_nothing(guard, monkeypatch, capsys):
    """In a clone (or after the install) the cell prints nothing and installs nothing, so the
    committed outputs are those of the notebook without the guard."""
    pip = Pip()
    monkeypatch.setattr(subprocess, "run", pip)
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    run_guard(guard)
    assert not pip.calls
    assert capsys.readouterr() == ("", "")
