"""The second assignment through the whole pipeline, beside the first, with due dates and the late penalty.

One course holds both assignments (both released by ``tools.grading.run release``); the synthetic
class of ``estimation_in_practice`` (the reference, correct answers in other idioms, one wrong answer
per exercise, the release as handed out, a late copy of the reference) and a reference submission of
``mutual_information`` are autograded, given feedback and graded *per assignment* (``--assignment``),
as ``make autograde feedback grades ASSIGNMENT=...`` run them. The late student's timestamp is 1 day
and 1 minute after the configured due date: two started days at 10 % a day, so 20 % of the points.
"""

from __future__ import annotations

import csv
import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.exercises import synthetic, synthetic_practice
from tests.exercises.conftest import run_tool

PRACTICE = synthetic_practice.ASSIGNMENT
FIRST = synthetic.ASSIGNMENT
SCENARIOS = {s.name: s for s in synthetic_practice.SCENARIOS}
LATE = "late_solution"
ON_TIME = "solution"
DUE = "2027-03-19 23:59:00"  # nbgrader_config.py
AUTO_POINTS = 19
MANUAL_POINTS = 4


@dataclass
class PracticeClass:
    course: Path
    scores: dict[str, dict[str, dict]]  # practice: student -> cell -> {"score", "max", "manual"}
    penalties: dict[str, float]  # practice: student -> late penalty in the gradebook
    due_dates: dict[str, str]  # assignment -> due date in the course gradebook
    committed: Path  # exercises/estimation_in_practice as committed
    first_scores: dict[str, float]  # first assignment: student -> total score
    csv_rows: dict[str, dict[str, str]]  # grades.csv rows of the second assignment, by student
    csv_assignments: set[str]  # the assignments grades.csv has rows for


def _write(course: Path, assignment: str, student: str, nb: dict, timestamp: str | None) -> None:
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{assignment}.ipynb").write_text(json.dumps(nb, indent=1), encoding="utf-8")
    if timestamp:
        (folder / "timestamp.txt").write_text(timestamp, encoding="utf-8")


def _read(course: Path) -> tuple[dict, dict, dict, dict]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook

        scores: dict[str, dict[str, dict]] = {}
        penalties: dict[str, float] = {}
        first: dict[str, float] = {}
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            for sub in gb.assignment_submissions(PRACTICE):
                cells = {}
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        cells[grade.name] = {
                            "score": grade.score,
                            "max": grade.max_score,
                            "manual": bool(grade.needs_manual_grade),
                        }
                scores[sub.student.id] = cells
                penalties[sub.student.id] = float(sub.late_submission_penalty or 0.0)
            for sub in gb.assignment_submissions(FIRST):
                first[sub.student.id] = float(sub.score)
            due = {a.name: str(a.duedate) for a in gb.assignments}
    return scores, penalties, first, due


@pytest.fixture(scope="module")
def practice_class(tmp_path_factory: pytest.TempPathFactory) -> PracticeClass:
    course = synthetic.copy_course(tmp_path_factory.mktemp("practice") / "course")
    committed = course.parent / "committed_release"
    shutil.copytree(course / "exercises" / PRACTICE, committed)
    shutil.rmtree(course / "exercises")
    for assignment in (FIRST, PRACTICE):
        synthetic.nbgrader(course, "generate_assignment", assignment, "--force", check=True)
    path = f"{PRACTICE}/{synthetic_practice.NOTEBOOK}.ipynb"
    release = synthetic.read_nb(course / "exercises" / path)
    solutions = synthetic.read_nb(course / "solutions" / path)
    for scenario in synthetic_practice.SCENARIOS:
        stamp = "2027-03-19 12:00:00 UTC" if scenario.name == ON_TIME else None
        _write(course, PRACTICE, scenario.name, scenario.build(release, solutions), stamp)
    _write(course, PRACTICE, "release", release, None)
    _write(course, PRACTICE, LATE, synthetic.solved(release, solutions), "2027-03-21 00:00:00 UTC")
    first_path = f"{FIRST}/{synthetic.NOTEBOOK}.ipynb"
    first_nb = synthetic.solved(
        synthetic.read_nb(course / "exercises" / first_path),
        synthetic.read_nb(course / "solutions" / first_path),
    )
    _write(course, FIRST, ON_TIME, first_nb, None)
    for assignment in (PRACTICE, FIRST):
        run_tool(course, "autograde", "--assignment", assignment)
    run_tool(course, "feedback", "--assignment", PRACTICE)
    run_tool(course, "grades", "--assignment", PRACTICE)
    scores, penalties, first, due = _read(course)
    with (course / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    practice_rows = {row["student_id"]: row for row in rows if row["assignment"] == PRACTICE}
    assignments = {row["assignment"] for row in rows}
    return PracticeClass(course, scores, penalties, due, committed, first, practice_rows, assignments)


def _want(student: str, cells: dict[str, dict]) -> dict[str, float | str]:
    scenario = SCENARIOS.get(student)
    out: dict[str, float | str] = {}
    for name, cell in cells.items():
        if student == "release" or (scenario is not None and name in scenario.lose):
            out[name] = 0.0
        elif name in synthetic_practice.MANUAL_CELLS:
            out[name] = "manual"
        else:
            out[name] = cell["max"]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("student", [*SCENARIOS, "release", LATE])
def test_practice_scores(practice_class, student):
    """Every grade cell of the second assignment scores what its scenario says, and nothing else."""
    cells = practice_class.scores[student]
    assert len(cells) == 14
    got = {name: "manual" if c["manual"] else float(c["score"]) for name, c in cells.items()}
    want = _want(student, cells)
    assert got == want, {name: (want[name], got[name]) for name in cells if want[name] != got[name]}


@pytest.mark.slow
def test_solution_earns_every_automatic_point(practice_class):
    cells = practice_class.scores[ON_TIME]
    assert (
        sum(c["score"] for n, c in cells.items() if n not in synthetic_practice.MANUAL_CELLS) == AUTO_POINTS
    )
    assert sum(c["max"] for c in cells.values()) == AUTO_POINTS + MANUAL_POINTS


@pytest.mark.slow
def test_late_submission_loses_what_the_policy_says(practice_class):
    """1 day and 1 minute late: two started days at 10 %, i.e. 20 % of the points earned; on time: 0."""
    assert practice_class.due_dates == {FIRST: "2027-02-19 23:59:00", PRACTICE: DUE}  # nbgrader_config.py
    assert practice_class.penalties[ON_TIME] == 0.0
    assert practice_class.penalties[LATE] == pytest.approx(0.2 * AUTO_POINTS)
    late_row, on_time_row = practice_class.csv_rows[LATE], practice_class.csv_rows[ON_TIME]
    assert float(on_time_row["score"]) == AUTO_POINTS
    assert float(late_row["score"]) == pytest.approx(0.8 * AUTO_POINTS)
    page = (practice_class.course / "feedback" / LATE / PRACTICE / f"{PRACTICE}.html").read_text(
        encoding="utf-8"
    )
    assert f"Late submission penalty (Score: -{0.2 * AUTO_POINTS:g})" in page
    on_time = (practice_class.course / "feedback" / ON_TIME / PRACTICE / f"{PRACTICE}.html").read_text(
        encoding="utf-8"
    )
    assert "Late submission penalty" not in on_time


@pytest.mark.slow
def test_the_two_assignments_are_graded_separately(practice_class):
    """The first assignment's reference, graded in the same course, keeps its 44 automatic points."""
    assert practice_class.first_scores == {ON_TIME: 44.0}
    assert practice_class.csv_assignments == {FIRST, PRACTICE}  # make grades: every assignment
    assert set(practice_class.scores) == {*SCENARIOS, "release", LATE}
    assert not (practice_class.course / "feedback" / ON_TIME / FIRST).exists()  # feedback only where asked


@pytest.mark.slow
def test_a_cell_of_the_other_assignment_earns_nothing(practice_class):
    """No check of the first assignment is defined in the second: DecideVerdicts fails such a cell."""
    from tools.grading.nbgrader_plugins import DecideVerdicts

    release = synthetic.read_nb(practice_class.course / "exercises" / PRACTICE / f"{PRACTICE}.ipynb")
    cell = next(c for c in release["cells"] if synthetic.grade_id(c) == "p1_quadrature")
    cell["metadata"]["nbgrader"]["grade_id"] = "ex1_entropy"
    import nbformat

    nb = nbformat.from_dict(release)
    DecideVerdicts().preprocess(nb, {"nbgrader": {"assignment": PRACTICE}})
    moved = next(c for c in nb.cells if synthetic.grade_id(c) == "ex1_entropy")
    assert moved.outputs[0]["output_type"] == "error"
    assert "no check is defined for the test cell ex1_entropy" in moved.outputs[0]["evalue"]


def test_committed_release_equals_a_fresh_generate_assignment(practice_class):
    """exercises/estimation_in_practice is what `make release ASSIGNMENT=estimation_in_practice` makes."""
    fresh = practice_class.course / "exercises" / PRACTICE
    names = sorted(p.name for p in fresh.iterdir() if p.name != "__pycache__")
    assert names == sorted(p.name for p in practice_class.committed.iterdir() if p.name != "__pycache__")
    for name in names:
        assert synthetic.read_nb(fresh / name) == synthetic.read_nb(practice_class.committed / name), (
            f"{name} is stale: run `make release ASSIGNMENT={PRACTICE}`"
        )
