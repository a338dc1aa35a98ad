"""Shared helpers of the theory-notebook tests: the build module and the committed notebooks."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "tools" / "notebooks" / "build.py"

#: The sections each notebook must hold, in order: the seed's 1-23 and the new 0 and 24-28.
SECTIONS = {
    "01_intuition_and_definitions": range(0, 5),
    "02_identities_and_theorems": range(5, 11),
    "03_channels_and_limits": range(11, 14),
    "04_estimation_and_bounds": [14, 15, 16, 17],
    "05_applications_in_ml": [18, 19, 28, 20, 21, 22, 23],
    "06_limits_of_estimation": [24, 25, 26, 27],
    "07_estimation_in_practice": [29, 30, 31, 32],
}


def load_build():
    """Import tools/notebooks/build.py (not a package) as a module."""
    name = "notebook_build"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


build = load_build()
SOURCES = build.sources()


@pytest.fixture(params=SOURCES, ids=[s.stem for s in SOURCES])
def source(request) -> Path:
    return request.param


@pytest.fixture
def notebook(source: Path) -> nbformat.NotebookNode:
    path = build.notebook_path(source)
    assert path.exists(), f"{path.name} is missing: run `make notebooks`"
    return nbformat.read(path, as_version=4)
