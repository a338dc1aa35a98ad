"""Instructor: a submission whose written answer carries a script is opened in Formgrader's manual
grading view, in the real browser. The script must not run (no changed title, no dialog, no
request it makes) and no grade may change. The submission is autograded in the term's course
after the term (the `term` fixture) with the course's own configuration."""

from __future__ import annotations

import json

import pytest
from e2e_support import ASSIGNMENT, gradebook, nbgrader, nbgrader_meta, read_nb
from exchange_cycle import GRADING_SEED

pytestmark = pytest.mark.slow

STUDENT = "mallory"
PAYLOAD = (
    "**Answer.** My answer is below.\n\n"
    "<script>document.title = 'pwned'; window.PWNED = true;"
    " fetch('/formgrader/api/grade/1', {method: 'PUT', body: JSON.stringify({manual_score: 2})});</script>\n"
    "<svg onload=\"document.title = 'pwned'; window.PWNED = true\"></svg>\n"
    '<a href="javascript:window.PWNED = true" id="xss-link">read more</a>\n'
)


MATHJAX_STUB = """
window.MathJax = {
  Hub: {
    Config: function () {}, Queue: function () {}, Configured: function () {},
    Register: {StartupHook: function () {}, MessageHook: function () {}},
    Startup: {signal: {Interest: function (listener) { setTimeout(function () { listener("End"); }, 0); }}},
    getAllJax: function () { return []; }, Rerender: function () {}
  },
  Ajax: {config: {path: {}}}
};
"""


def _scores(course) -> dict:
    with gradebook(course) as gb:
        return {
            (sub.student.id, grade.name): (grade.auto_score, grade.manual_score)
            for sub in gb.assignment_submissions(ASSIGNMENT)
            for nb in sub.notebooks
            for grade in nb.grades
        }


@pytest.fixture(scope="module")
def hostile_submission(term, instructor_env):
    course = term.course
    release = read_nb(course / "exercises" / ASSIGNMENT / f"{term.notebooks[0]}.ipynb")
    for cell in release.cells:
        if cell.cell_type == "markdown" and nbgrader_meta(cell).get("solution"):
            cell.source = PAYLOAD
    folder = course / "submitted" / STUDENT / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{term.notebooks[0]}.ipynb").write_text(json.dumps(release), encoding="utf-8")
    env = {**instructor_env, "MI_GRADING_SEED": GRADING_SEED}
    nbgrader("autograde", ASSIGNMENT, "--student", STUDENT, "--force", cwd=course, env=env)
    with gradebook(course) as gb:
        return gb.find_submission_notebook(term.notebooks[0], ASSIGNMENT, STUDENT).id


def test_formgrader_does_not_run_a_script_from_a_written_answer(term, hostile_submission, lab, page, shot):
    before = _scores(term.course)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(f"{request.method} {request.url}"))

    # Formgrader's page loads MathJax from a CDN; under tools.grading.formgrader_csp it loads a same-origin
    # stand-in instead. A server without that extension would go to the CDN: serve it the same stub.
    page.route(
        "https://cdnjs.cloudflare.com/**",
        lambda route: route.fulfill(status=200, content_type="application/javascript", body=MATHJAX_STUB),
    )
    page.goto(f"{lab.url}/formgrader/submissions/{hostile_submission}/?index=0")
    answer = page.get_by_text("My answer is below.").first
    answer.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    answer.scroll_into_view_if_needed()
    shot(page, "formgrader-3-written-answer-with-script")

    assert page.title() != "pwned"
    assert page.evaluate("window.PWNED === undefined")
    link = page.locator("#xss-link, a:has-text('read more')")
    if link.count():
        assert "javascript:" not in (link.first.get_attribute("href") or "")
    assert dialogs == []
    assert not [r for r in requests if r.startswith("PUT ")], requests
    assert _scores(term.course) == before
