"""The student bundle holds the release and what it imports, and nothing a student must not see."""

from __future__ import annotations

import zipfile

from tests.exercises.synthetic import REPO
from tools.grading.bundle import build


def test_the_bundle_holds_no_solution_and_no_grader_code(tmp_path):
    out = tmp_path / "bundle.zip"
    names = build(REPO, out)
    assert "exercises/mutual_information/mutual_information.ipynb" in names
    assert "mi_exercises/grader.py" in names and "mi_helpers/__init__.py" in names
    assert not [n for n in names if n.startswith(("solutions/", "tools/", "tests/", "deploy/"))]
    with zipfile.ZipFile(out) as bundle:
        text = "\n".join(bundle.read(n).decode("utf-8", "replace") for n in bundle.namelist())
    for secret in ("BEGIN SOLUTION", "def hidden_cases", "REFERENCES", "P[x, z, x ^ z ^ n]"):
        assert secret not in text, secret
