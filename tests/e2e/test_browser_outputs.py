"""Instructor and student: output metadata that carries HTML attributes, in the real browser.

nbconvert prints an image's ``width``/``height`` unquoted, so ``{"image/png": {"height": "1 onload=…"}}``
in a kernel's output metadata became a live handler in the feedback page and in the Formgrader's
grading page (same origin as the grader's Jupyter server). Two walls, each tested on its own:

1. ``tools.grading.outputs`` (``ShapeOutputs`` at autograde) keeps only typed metadata: the graded
   notebook holds no attribute to inject;
2. a Content-Security-Policy: a ``<meta>`` tag in each feedback page, a header on every Formgrader
   response (``tools.grading.formgrader_csp``). A page in which the injection survives (the first wall
   bypassed on purpose) still runs nothing and requests nothing.

A control page (the injection, no shape, no policy) shows that the payloads do run when both walls
are missing, so that a test here cannot pass for want of a working attack.
"""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path

import nbformat
import pytest
from e2e_support import ASSIGNMENT, gradebook, nbgrader, nbgrader_meta, read_nb
from exchange_cycle import GRADING_SEED

pytestmark = pytest.mark.slow

STUDENT = "mallory_outputs"
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
BEACON = "http://127.0.0.1:9/beacon.png"
#: (data, metadata) of each injected display: each sets window.PWNED (or loads a remote image).
INJECTIONS = [
    ({"image/png": PNG, "text/plain": "fig"}, {"image/png": {"height": "1 onload=window.PWNED=1"}}),
    ({"image/png": PNG, "text/plain": "fig"}, {"image/png": {"width": "1 onload=window.PWNED=2"}}),
    (
        {"image/png": PNG, "text/plain": "fig"},
        {"width": "1 onload=fetch('/api/contents/gradebook.db').then(()=>window.PWNED=3)"},
    ),
    ({"image/jpeg": "AAAA", "text/plain": "fig"}, {"image/jpeg": {"height": "1 onerror=window.PWNED=4"}}),
    ({"image/png": PNG, "text/plain": "fig"}, {"filenames": {"image/png": BEACON}}),
]
#: Collects Content-Security-Policy violations the page reports.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


def _displays() -> list[dict]:
    return [
        nbformat.v4.new_output("display_data", data=copy.deepcopy(d), metadata=copy.deepcopy(m))
        for d, m in INJECTIONS
    ]


PRELUDE = (
    "from IPython.display import display\n"
    f"for _data, _meta in {json.dumps(INJECTIONS)}:\n"
    "    display(_data, metadata=_meta, raw=True)\n"
)


def _watch(page) -> dict:
    """What the page does: requests that left it (Chromium reports a request the policy stopped as
    started, then failed with "csp": those are not counted), dialogs, blocked loads."""
    seen: dict = {"started": [], "blocked": [], "dialogs": []}
    page.on("request", lambda r: seen["started"].append(f"{r.method} {r.url}"))
    page.on(
        "requestfailed",
        lambda r: seen["blocked"].append(f"{r.method} {r.url}") if r.failure == "csp" else None,
    )
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.add_init_script(CSP_LISTENER)
    return seen


def _requests(seen: dict) -> list[str]:
    return [r for r in seen["started"] if r not in seen["blocked"]]


def _state(page) -> dict:
    return page.evaluate(
        """() => ({pwned: window.PWNED === undefined ? null : window.PWNED, title: document.title,
                  csp: window.__csp || [],
                  handlers: [...document.querySelectorAll('img')].filter(
                      i => [...i.attributes].some(a => a.name.startsWith('on'))).length})"""
    )


# --- feedback pages (opened from disk, as a student opens the file) ----------------------------------

def _feedback_page(tmp: Path, name: str, shaped: bool, policy: bool) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbconvert.preprocessors.sanitize import SanitizeHTML

        from tools.grading import outputs
        from tools.grading.feedback_html import FEEDBACK_CSP, FeedbackHTMLExporter

    cell = nbformat.v4.new_code_cell("plot()")
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={"language_info": {"name": "python"}})
    nb.cells[0].outputs = _displays()
    if shaped:
        outputs.shape_notebook(nb)
    exporter = FeedbackHTMLExporter(
        template_name="classic", preprocessors=[SanitizeHTML], sanitize_html=True,
        content_security_policy=FEEDBACK_CSP if policy else "",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        html, _ = exporter.from_notebook_node(nb)
    path = tmp / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


def _open_file(browser, path: Path) -> tuple[dict, dict]:
    page = browser.new_page()
    try:
        seen = _watch(page)
        page.goto(path.as_uri())
        page.wait_for_timeout(1500)
        return _state(page), seen
    finally:
        page.close()


#: Scripts nbconvert's classic template itself loads (jQuery, RequireJS, MathJax): requested only
#: from a page without the policy, and not the student's doing.
TEMPLATE_CDN = " https://cdnjs.cloudflare.com/ajax/libs/"


def _remote(seen: dict, own: str) -> list[str]:
    return [r for r in _requests(seen) if not r.endswith(own) and " data:" not in r and TEMPLATE_CDN not in r]


def test_the_injection_is_real_without_both_walls(browser, tmp_path):
    """Control: no shape, no policy: the handlers run and the beacon is requested."""
    path = _feedback_page(tmp_path, "control", shaped=False, policy=False)
    state, seen = _open_file(browser, path)
    assert state["pwned"] is not None and state["handlers"] >= 4, state
    assert any(BEACON in r for r in _requests(seen)), seen


@pytest.mark.parametrize(("shaped", "policy"), [(True, True), (True, False), (False, True)])
def test_a_feedback_page_runs_nothing_and_requests_nothing(browser, tmp_path, shaped, policy):
    """With the shape (the course's pages), with the shape alone, and with the policy alone (the
    first wall bypassed on purpose): no handler runs, no dialog, no request but the page itself."""
    path = _feedback_page(tmp_path, f"page-{shaped}-{policy}", shaped=shaped, policy=policy)
    state, seen = _open_file(browser, path)
    assert state["pwned"] is None and state["title"] != "pwned", state
    assert seen["dialogs"] == []
    assert _remote(seen, path.as_uri()) == [], seen
    if shaped:
        assert state["handlers"] == 0
    else:  # the policy alone held: the handlers are in the page, and the browser refused them
        assert state["handlers"] >= 4 and state["csp"], state


# --- the Formgrader's grading page ------------------------------------------------------------------

def _scores(course) -> dict:
    with gradebook(course) as gb:
        return {
            (sub.student.id, grade.name): (grade.auto_score, grade.manual_score)
            for sub in gb.assignment_submissions(ASSIGNMENT)
            for nb in sub.notebooks
            for grade in nb.grades
        }


@pytest.fixture(scope="module")
def hostile_outputs(term, instructor_env):
    """A submission whose first answer cell displays the injections, autograded with the course's config."""
    course = term.course
    name = term.notebooks[0]
    release = read_nb(course / "exercises" / ASSIGNMENT / f"{name}.ipynb")
    cell = next(c for c in release.cells if c.cell_type == "code" and nbgrader_meta(c).get("solution"))
    cell.source = PRELUDE + cell.source
    folder = course / "submitted" / STUDENT / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.ipynb").write_text(json.dumps(release), encoding="utf-8")
    env = {**instructor_env, "MI_GRADING_SEED": GRADING_SEED}
    nbgrader("autograde", ASSIGNMENT, "--student", STUDENT, "--force", cwd=course, env=env)
    with gradebook(course) as gb:
        submission = gb.find_submission_notebook(name, ASSIGNMENT, STUDENT).id
    return submission, course / "autograded" / STUDENT / ASSIGNMENT / f"{name}.ipynb", cell.metadata


def _grading_page(browser, lab, submission: str) -> tuple[dict, dict, dict, object]:
    page = browser.new_page()
    seen = _watch(page)
    response = page.goto(f"{lab.url}/formgrader/submissions/{submission}/?index=0")
    page.locator("input.score").first.wait_for(state="attached", timeout=60_000)
    # formgrade.js ran under the policy: it fetched the grades and set each score's placeholder
    page.wait_for_function("() => document.querySelector('input.score[placeholder]')", timeout=60_000)
    page.wait_for_timeout(1000)
    return _state(page), seen, response.headers, page


def _foreign(seen: dict, lab) -> list[str]:
    """Requests to anywhere but the grader's own server."""
    own = f"{lab.url}/"
    return [r for r in _requests(seen) if not r.split(" ", 1)[1].startswith(own) and " data:" not in r]


def test_the_grading_page_holds_no_injected_handler(term, hostile_outputs, lab, browser, shot):
    submission, autograded, _meta = hostile_outputs
    before = _scores(term.course)
    graded = json.loads(autograded.read_text(encoding="utf-8"))
    kept = json.dumps([c.get("outputs", []) for c in graded["cells"]])
    assert "onload" not in kept and "onerror" not in kept and BEACON not in kept
    state, seen, headers, page = _grading_page(browser, lab, submission)
    try:
        shot(page, "formgrader-4-image-metadata-injection")
        assert "script-src 'self'" in headers.get("content-security-policy", "")
        assert state["pwned"] is None and state["handlers"] == 0, state
        assert seen["dialogs"] == [] and _foreign(seen, lab) == [], seen
        assert not [r for r in _requests(seen) if r.startswith(("PUT ", "POST ", "DELETE "))]
        assert not [r for r in seen["started"] if "/api/contents" in r]
        assert state["csp"] == [], state  # the Formgrader's own page breaks none of its rules
    finally:
        page.close()
    assert _scores(term.course) == before


def test_the_formgrader_policy_stops_an_injection_that_bypassed_the_shape(
    term, hostile_outputs, lab, browser
):
    """The autograded notebook is rewritten with the raw injections (as an older grader, or a bug in
    the shape, would leave it): the handlers are in the page, and the browser refuses to run them."""
    submission, autograded, meta = hostile_outputs
    before = _scores(term.course)
    saved = autograded.read_text(encoding="utf-8")
    nb = nbformat.reads(saved, as_version=4)
    gid = meta["nbgrader"]["grade_id"]
    target = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)
    target.outputs = _displays()
    autograded.write_text(nbformat.writes(nb), encoding="utf-8")
    try:
        state, seen, _headers, page = _grading_page(browser, lab, submission)
        page.close()
    finally:
        autograded.write_text(saved, encoding="utf-8")
    assert state["handlers"] >= 4, state  # the first wall is really bypassed
    assert state["pwned"] is None and state["title"] != "pwned", state
    assert any("script-src" in v for v in state["csp"]), state
    assert seen["dialogs"] == [] and _foreign(seen, lab) == [], seen
    assert not [r for r in _requests(seen) if "/api/contents" in r or BEACON in r]
    assert _scores(term.course) == before
