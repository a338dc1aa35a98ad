"""One real nbgrader run over a synthetic class, shared by the tests of tests/exercises.

The course is copied into a temporary folder, the release is regenerated there (the tests
compare it with the committed one), every scenario of ``tools.grading.synthetic.SCENARIOS``
becomes a student, and the class goes through ``autograde``, ``generate_feedback`` and
``export`` exactly as ``make autograde feedback grades`` runs them: one nbgrader command each.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.grading import synthetic

REPO = synthetic.REPO
CELL_TIMEOUT = "6"  # seconds; the infinite-loop scenario waits this long once


@dataclass
class GradedClass:
    course: Path
    committed_release: Path
    students: dict[str, synthetic.Scenario]
    autograde_output: str
    feedback_output: str
    grades_output: str
    scores: dict[str, dict[str, dict]]  # student -> grade cell -> {"score", "max", "manual"}
    csv_rows: dict[str, dict[str, str]]


def run_tool(course: Path, *args: str) -> str:
    env = synthetic.nbgrader_env({"NBGRADER_CELL_TIMEOUT": CELL_TIMEOUT})
    env["PYTHONPATH"] = str(course)
    proc = subprocess.run(
        [sys.executable, "-m", "tools.grading.run", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"tools.grading.run {args} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory: pytest.TempPathFactory) -> GradedClass:
    root = tmp_path_factory.mktemp("course")
    course = synthetic.copy_course(root / "course")
    committed = root / "committed_release"
    shutil.copytree(course / "exercises", committed)
    shutil.rmtree(course / "exercises")
    synthetic.nbgrader(course, "generate_assignment", synthetic.ASSIGNMENT, "--force", check=True)
    students = synthetic.build_class(course)
    autograde = run_tool(course, "autograde")
    feedback = run_tool(course, "feedback")
    grades = run_tool(course, "grades")
    scores = synthetic.read_scores(course)
    rows = read_csv(course / "grades.csv")
    return GradedClass(course, committed, students, autograde, feedback, grades, scores, rows)


@pytest.fixture(scope="session")
def release_nb(graded_class: GradedClass) -> dict:
    return synthetic.read_nb(
        graded_class.course / "exercises" / synthetic.ASSIGNMENT / "mutual_information.ipynb"
    )


@pytest.fixture(scope="session")
def solutions_nb() -> dict:
    return synthetic.read_nb(REPO / "solutions" / synthetic.ASSIGNMENT / "mutual_information.ipynb")
