"""One real nbgrader run over a synthetic class, shared by the tests of tests/exercises.

The course is copied into a temporary folder, the release is regenerated there (the tests
compare it with the committed one), every scenario of ``synthetic.SCENARIOS`` and
``hostile.SCENARIOS`` becomes a student, and the class goes through ``autograde`` (parallel
sandboxed workers), ``generate_feedback`` and ``export`` exactly as ``make autograde feedback
grades`` run them. The run's seed is fixed here so that the tests can recompute the hidden values.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.exercises import hostile, synthetic

REPO = synthetic.REPO
CELL_TIMEOUT = "6"  # seconds; the infinite-loop scenario waits this long once
SEED = "20261201"
CLASS = synthetic.SCENARIOS + hostile.SCENARIOS
PROTECTED = (
    "nbgrader_config.py",
    "tools/grading/report.py",
    "tools/grading/nbgrader_plugins.py",
    "tools/grading/reference.py",
    "tools/grading/hidden.py",
)


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
    protected: dict[str, bytes]  # course files no kernel may change, as they were before grading


def run_tool(course: Path, *args: str, ok_codes: tuple[int, ...] = (0,)) -> str:
    env = synthetic.nbgrader_env({"NBGRADER_CELL_TIMEOUT": CELL_TIMEOUT, "MI_GRADING_SEED": SEED})
    env["PYTHONPATH"] = str(course)
    proc = subprocess.run(
        [sys.executable, "-m", "tools.grading.run", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode in ok_codes, f"tools.grading.run {args} failed:\n{proc.stdout}\n{proc.stderr}"
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
    protected = {rel: (course / rel).read_bytes() for rel in PROTECTED}
    students = synthetic.build_class(course, CLASS)
    hostile.plant_intake_attacks(course)  # links, FIFOs and invalid ids (issue 19)
    autograde = run_tool(course, "autograde", ok_codes=(1,))  # 1: the corrupt and renamed files
    feedback = run_tool(course, "feedback")
    grades = run_tool(course, "grades")
    scores = synthetic.read_scores(course)
    rows = read_csv(course / "grades.csv")
    return GradedClass(course, committed, students, autograde, feedback, grades, scores, rows, protected)


@pytest.fixture(scope="session")
def release_nb(graded_class: GradedClass) -> dict:
    return synthetic.read_nb(
        graded_class.course / "exercises" / synthetic.ASSIGNMENT / "mutual_information.ipynb"
    )


@pytest.fixture(scope="session")
def solutions_nb() -> dict:
    return synthetic.read_nb(REPO / "solutions" / synthetic.ASSIGNMENT / "mutual_information.ipynb")
