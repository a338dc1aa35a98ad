"""The release is what nbgrader makes of the solutions; the sources follow the course's rules."""

from __future__ import annotations

import json
import re
import warnings

import pytest

from tests.exercises import synthetic
from tools.grading.validate import validate_assignment

REPO = synthetic.REPO
STARS = {1: "★", 2: "★", 3: "★", 4: "★★", 5: "★★", 6: "★★", 7: "★★★", 8: "★★★", 9: "★★", 10: "★★★"}


def _strip_volatile(nb: dict) -> dict:
    return json.loads(json.dumps(nb))


@pytest.mark.slow
def test_validator_solutions_pass_and_release_fails(tmp_path):
    """nbgrader's Validator: every test passes on the solutions and fails on the release."""
    course = synthetic.copy_course(tmp_path / "course")
    assert validate_assignment(course, synthetic.ASSIGNMENT) == []


def test_solution_source_is_clean(solutions_nb):
    """No outputs, the standard kernel name, no global seeding, and every exercise starred."""
    nb = solutions_nb
    assert nb["metadata"]["kernelspec"]["display_name"] == "Python 3 (ipykernel)"
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    assert "np.random.seed" not in text
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    headings = re.findall(r"^## Exercise (\d+) (★+) —", text, re.M)
    assert {int(n): s for n, s in headings} == STARS
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "\r" not in prose  # "\rho" read as a carriage return + "ho"
    math_text = " ".join(re.findall(r"\$\$?(.+?)\$\$?", prose, re.S))
    assert len(math_text) > 1000
    bare = re.sub(
        r"\\[A-Za-z]+", "", re.sub(r"\\(begin|end)\{\w+\}", "", math_text)
    )  # what is left once every command is removed
    words = re.findall(r"\b(t?frac|rho|varepsilon|bmatrix|to|log|mid|oplus|operatorname)\b", bare)
    assert not words, f"LaTeX commands without their backslash: {words}"


def test_grade_cells_are_one_docstring_and_one_check(solutions_nb):
    """Every autograded cell: points, a one-line docstring, one call of its check; no test code."""
    from mi_exercises.spec import CHECKS

    cells = [c for c in solutions_nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    auto = [c for c in cells if c["cell_type"] == "code"]
    manual = [c for c in cells if c["cell_type"] == "markdown"]
    assert len(auto) == 25 and len(manual) == 2
    assert sum(c["metadata"]["nbgrader"]["points"] for c in auto) == 44
    assert sum(c["metadata"]["nbgrader"]["points"] for c in manual) == 4
    assert {c["metadata"]["nbgrader"]["grade_id"] for c in auto} == set(CHECKS)
    for cell in auto:
        gid = cell["metadata"]["nbgrader"]["grade_id"]
        lines = "".join(cell["source"]).split("\n")
        assert len(lines) == 2 and lines[0].startswith('"""Ex') and lines[0].endswith('"""'), gid
        assert lines[1] == f'grader.check("{gid}", {CHECKS[gid].function})', gid


def test_the_notebook_uses_only_numerics_from_mi_helpers(solutions_nb):
    """Checks and figures come from the course's own code, not mi_helpers.check*/plotting/simulations."""
    text = "\n".join("".join(c["source"]) for c in solutions_nb["cells"])
    for name in ("mi.check", "mi_helpers.check", "plotting", "simulations", "HIDDEN TESTS"):
        assert name not in text, name


@pytest.mark.slow
def test_a_fresh_clone_can_autograde_without_make_release(tmp_path):
    """autograde registers the assignment in a missing gradebook itself, leaving exercises/ alone."""
    from tools.grading.run import ensure_assignment_in_gradebook

    course = synthetic.copy_course(tmp_path / "course")
    before = (course / "exercises" / synthetic.ASSIGNMENT / "mutual_information.ipynb").read_bytes()
    assert not (course / "gradebook.db").exists()
    assert ensure_assignment_in_gradebook(course, synthetic.ASSIGNMENT) is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            notebooks = [nb.name for nb in gb.find_assignment(synthetic.ASSIGNMENT).notebooks]
    assert notebooks == ["mutual_information"]
    assert (course / "exercises" / synthetic.ASSIGNMENT / "mutual_information.ipynb").read_bytes() == before


def test_workers_that_cannot_start_fail_every_student_with_the_reason_and_do_not_hang(tmp_path):
    """A worker that dies before grading anyone (here: a config that only the workers trip over)
    leaves broken pipes behind: autograde still ends, exits 1 and names each student with why."""
    import subprocess
    import sys

    course = synthetic.copy_course(tmp_path / "course")
    with (course / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write(
            "\nif sys.argv[0].endswith('worker.py'):\n"
            "    raise RuntimeError('this config is broken for the workers')\n"
        )
    release = synthetic.read_nb(course / "exercises" / synthetic.ASSIGNMENT / "mutual_information.ipynb")
    for student in ("ann", "ben", "cat"):
        synthetic.write_submission(course, student, release)
    env = synthetic.nbgrader_env({"PYTHONPATH": str(course), "MI_GRADING_SEED": "1"})
    proc = subprocess.run(
        [sys.executable, "-m", "tools.grading.run", "autograde", "--jobs", "2"],
        cwd=course, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    listed = proc.stdout.split("could not be graded:")[-1]
    for student in ("ann", "ben", "cat"):
        assert f"- {student}: the grading worker stopped" in listed, proc.stdout
    assert "this config is broken for the workers" in listed
    assert "Traceback" not in proc.stderr, proc.stderr
