"""Scores of the synthetic class after the real nbgrader pipeline (see conftest.py)."""

from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

import pytest

from tools.grading import synthetic
from tools.grading.synthetic import read_scores

SCENARIOS = {s.name: s for s in synthetic.SCENARIOS}
GRADED = [s.name for s in synthetic.SCENARIOS if s.graded]


def expected_scores(scenario: synthetic.Scenario, cells: dict[str, dict]) -> dict[str, float | str]:
    """grade cell -> expected points, or "manual" for a written answer awaiting its grade."""
    out: dict[str, float | str] = {}
    for name, cell in cells.items():
        if scenario.lose_all or name in scenario.lose:
            out[name] = 0.0
        elif name in synthetic.MANUAL_CELLS:
            out[name] = "manual"
        else:
            out[name] = cell["max"]
    return out


def actual_scores(cells: dict[str, dict]) -> dict[str, float | str]:
    return {name: "manual" if cell["manual"] else float(cell["score"]) for name, cell in cells.items()}


@pytest.mark.slow
@pytest.mark.parametrize("student", GRADED)
def test_scenario_scores(graded_class, student):
    """Every grade cell of every graded scenario scores what the scenario says, and nothing else."""
    cells = graded_class.scores[student]
    assert len(cells) == 27
    want = expected_scores(SCENARIOS[student], cells)
    got = actual_scores(cells)
    wrong = {name: (want[name], got[name]) for name in cells if want[name] != got[name]}
    assert not wrong, f"{student}: cell -> (expected, actual): {wrong}"


@pytest.mark.slow
def test_every_student_is_in_the_gradebook_and_the_csv(graded_class):
    """Corrupt and renamed submissions are reported, not lost, and do not stop the others."""
    assert set(graded_class.scores) >= set(GRADED)
    assert set(graded_class.csv_rows) == set(SCENARIOS)
    for name in SCENARIOS:
        auto = graded_class.course / "autograded" / name / synthetic.ASSIGNMENT / "mutual_information.ipynb"
        assert auto.exists() == SCENARIOS[name].graded, name


@pytest.mark.slow
def test_solution_full_marks_after_manual_grading(graded_class):
    """The reference solutions earn 44/44 automatically and 48/48 once the written answers are graded."""
    cells = graded_class.scores["solution"]
    assert sum(c["score"] for n, c in cells.items() if n not in synthetic.MANUAL_CELLS) == 44
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{graded_class.course / 'gradebook.db'}") as gb:
            for name in synthetic.MANUAL_CELLS:
                grade = gb.find_grade(name, "mutual_information", synthetic.ASSIGNMENT, "solution")
                grade.manual_score = grade.max_score
                grade.needs_manual_grade = False
            gb.db.commit()
            total = gb.find_submission(synthetic.ASSIGNMENT, "solution").score
    assert total == 48
    assert float(graded_class.csv_rows["release"]["score"]) == 0.0
    assert float(graded_class.csv_rows["release"]["max_score"]) == 48.0


@pytest.mark.slow
def test_progress_is_shown_per_student(graded_class):
    out = graded_class.autograde_output
    for name in GRADED:
        assert re.search(rf"\[\s*\d+/{len(SCENARIOS)}\] grading {name}\b", out), name
    assert "could not be graded" in out and "fault_corrupt" in out


@pytest.mark.slow
def test_grades_report_names_every_problem(graded_class):
    """Each scenario's problem is named in the report; clean submissions only wait for manual grading."""
    report = (graded_class.course / "grades_report.md").read_text(encoding="utf-8")
    attention, rest = report.split("## Manual grading pending")
    pending = rest.split("## Scores")[0]
    for scenario in synthetic.SCENARIOS:
        block = re.search(rf"- \*\*{scenario.name}\*\*.*?(?=\n- \*\*|\n## |\Z)", attention, re.S)
        for word in scenario.attention:
            assert block and word in block.group(0), f"{scenario.name}: '{word}' missing from the report"
        if not scenario.attention:
            assert block is None, f"{scenario.name} should not need attention: {block.group(0)}"
        waits = f"**{scenario.name}**:" in pending
        assert waits == (scenario.graded and not scenario.lose_all), scenario.name
    assert "fault_corrupt" in graded_class.grades_output and "renamed" in graded_class.grades_output


def _hidden_regions(nb: dict) -> list[str]:
    regions = []
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        regions += re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", text, re.S)
    return regions


def _visible_text(nb: dict) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def _html_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style.*?</style>|<script.*?</script>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@pytest.mark.slow
def test_feedback_hides_hidden_tests_and_values(graded_class, solutions_nb, release_nb):
    """No feedback page shows a hidden test's source or a hidden expected value, even in tracebacks."""
    hidden = _hidden_regions(solutions_nb)
    assert len(hidden) == 25
    visible = _visible_text(release_nb)
    secret_lines = {
        line.strip()
        for region in hidden
        for line in region.split("\n")
        if len(line.strip()) > 25 and line.strip() not in visible
    }
    secret_numbers = {
        n for region in hidden for n in re.findall(r"-?\d+\.\d{7,}(?:e-?\d+)?", region) if n not in visible
    }
    assert len(secret_lines) > 50 and len(secret_numbers) > 30
    pages = sorted((graded_class.course / "feedback").glob("*/*/*.html"))
    assert len(pages) == len(GRADED)
    scrubbed = 0
    for page in pages:
        text = _html_text(page)
        leaks = [line for line in secret_lines if line in text] + [n for n in secret_numbers if n in text]
        assert not leaks, f"{page.parent.parent.name}: hidden material in feedback: {leaks[:5]}"
        assert "BEGIN HIDDEN TESTS" not in text
        scrubbed += text.count("traceback hidden: this cell contains hidden tests")
    assert scrubbed > 50  # failing hidden tests were really exercised


@pytest.mark.slow
def test_regrading_one_student_loses_nothing(graded_class):
    """Autograding one student again leaves every other grade in the gradebook as it was."""
    before = read_scores(graded_class.course)
    proc = synthetic.nbgrader(
        graded_class.course,
        "autograde",
        synthetic.ASSIGNMENT,
        "--student",
        "wrong_ex2_cov",
        "--force",
        env={"NBGRADER_CELL_TIMEOUT": "6"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    after = read_scores(graded_class.course)
    assert set(after) == set(before)
    for student in before:
        if student != "solution":  # its manual grades may have been set by another test
            assert {k: v["score"] for k, v in after[student].items()} == {
                k: v["score"] for k, v in before[student].items()
            }, student
