"""Student works an exercise: the released notebook in JupyterLab, a correct answer pasted into the
first solution cell, that cell and its checks run and pass; then nbgrader's Validate button on the
still unfinished notebook reports the failures of the exercises not yet done."""

from __future__ import annotations

import pytest
from e2e_support import (
    is_code_solution,
    is_grade_test,
    nbgrader_meta,
    read_nb,
    release_notebooks,
    solution_source,
    strip_solution_markers,
)
from lab_ui import (
    cell,
    cell_outputs,
    menu,
    open_notebook,
    paste_into_cell,
    run_cell,
    select_cell,
    state,
    wait_cell_done,
    wait_numbered,
)

pytestmark = pytest.mark.slow

RELEASES = release_notebooks()


def test_there_is_a_released_exercise_notebook():
    assert RELEASES, "exercises/<assignment>/ holds no .ipynb: nothing for a student to work"


def plan(nb):
    """First code answer, the code cells that check it (up to the next answer), and what Validate
    must report while the other answers are open: the graded tests after the next code answer and
    every other graded answer cell (nbgrader fails a graded answer that is still as handed out)."""
    answers = [i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("solution")]
    code_answers = [i for i in answers if is_code_solution(nb.cells[i])]
    assert code_answers, "the notebook has no code solution cell"
    first = code_answers[0]
    next_answer = min([i for i in answers if i > first], default=len(nb.cells))
    checks = [i for i in range(first + 1, next_answer)
              if nb.cells[i].cell_type == "code" and nb.cells[i].source.strip()]
    assert checks, f"no visible check follows the first solution cell (cell {first})"
    next_code = min([i for i in code_answers if i > first], default=len(nb.cells))
    must_fail = [i for i in range(next_code, len(nb.cells)) if is_grade_test(nb.cells[i])]
    # Graded answers left as handed out (written answers) fail validation too.
    must_fail += [i for i in answers if i != first and nbgrader_meta(nb.cells[i]).get("grade")]
    must_pass = [i for i in checks if is_grade_test(nb.cells[i])]
    runnable_above = sum(1 for c in nb.cells[:first] if c.cell_type == "code" and c.source.strip())
    return first, checks, must_pass, must_fail, runnable_above


def norm(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


@pytest.mark.parametrize("path", RELEASES, ids=[p.stem for p in RELEASES])
def test_student_works_an_exercise(path, lab, student_copy, lab_page, shot, summary):
    page = lab_page
    mine = student_copy / path.name
    nb = read_nb(mine)
    first, checks, must_pass, must_fail, runnable_above = plan(nb)
    gid = nbgrader_meta(nb.cells[first])["grade_id"]
    reference = {nbgrader_meta(c).get("grade_id"): c for c in solution_source(path).cells}
    answer = strip_solution_markers(reference[gid].source)
    rel = mine.relative_to(lab.root).as_posix()

    open_notebook(page, lab, rel)
    shot(page, "exercise-1-opened")

    # The set-up above the exercise (imports, data) runs first, as a student would run it.
    select_cell(page, first)
    menu(page, "Run", "Run All Above Selected Cell")
    wait_numbered(page, runnable_above)
    assert not state(page)["errors"], f"the cells above the first exercise fail: {state(page)['errors']}"

    paste_into_cell(page, first, answer)
    shot(page, "exercise-2-answer-pasted")
    run_cell(page, first)
    wait_cell_done(page, first)
    for i in checks:
        run_cell(page, i)
        wait_cell_done(page, i)
        bad = [o["text"] for o in cell_outputs(page, i) if "stderr" in o["mime"] or "error" in o["mime"]]
        assert not bad, f"the check in cell {i} fails with the reference answer:\n" + "\n".join(bad)
    assert not state(page)["errors"], state(page)["errors"]
    cell(page, checks[-1]).scroll_into_view_if_needed()
    shot(page, "exercise-3-check-passed")

    # Validate the notebook as it stands: one exercise done, the others still open.
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button").click()
    dialog = page.locator(".jp-Dialog", has_text="Validation Results")
    dialog.wait_for(timeout=180_000)
    body = dialog.locator(".validation-failed")
    body.wait_for(state="attached")
    shot(page, "exercise-4-validate-reports-failures")
    failed = [norm(t) for t in body.locator(".jp-RenderedText pre").all_inner_texts()[::2]]
    reported = dialog.get_by_text("The following cell failed:").count()
    assert reported == len(failed) >= 1, (reported, failed)

    summary.setdefault("exercise", {})[path.stem] = {
        "answered": gid, "checks_run": len(checks), "validate_failures_reported": len(failed),
    }
    passed_sources = {norm(nb.cells[i].source) for i in must_pass}
    assert not passed_sources & set(failed), "Validate reports a test of the answered exercise as failing"
    expected = {norm(nb.cells[i].source) for i in must_fail}
    assert set(failed) == expected, (
        f"Validate reported {len(failed)} failing cells; {len(expected)} were expected (the graded "
        f"tests after the next open answer, and the open graded answers).\n"
        f"unexpected: {set(failed) - expected}\nmissing: {expected - set(failed)}"
    )
    dialog.locator(".jp-Dialog-button", has_text="Ok").click()
