"""Instructor: JupyterLab's Nbgrader menu opens Formgrader, which lists the assignment released
through the exchange with the class's submissions, and each submission with the score the
gradebook holds (the term was run by the `term` fixture in the same course copy)."""

from __future__ import annotations

import re

import pytest
from e2e_support import ASSIGNMENT, gradebook
from exchange_cycle import NAMES, STUDENTS
from lab_ui import menu

pytestmark = pytest.mark.slow


def test_instructor_sees_assignment_and_submissions(term, lab, lab_page, shot, summary):
    page = lab_page
    with gradebook(term.course) as gb:
        expected = {s: (gb.find_submission(ASSIGNMENT, s).score, gb.find_submission(ASSIGNMENT, s).max_score)
                    for s in STUDENTS}

    menu(page, "Nbgrader", "Formgrader")
    fg = page.frame_locator(".jp-MainAreaWidget:not(.lm-mod-hidden) iframe")

    row = fg.locator("#main-table tr", has=fg.locator("td.name", has_text=ASSIGNMENT))
    row.wait_for(timeout=60_000)
    assert fg.locator("#warning-exchange").count() == 0, "Formgrader cannot see the exchange"
    assert row.locator("td.status").inner_text().strip() == "released"
    count = row.locator("td.num-submissions")
    assert count.inner_text().strip() == str(len(STUDENTS))
    shot(page, "formgrader-1-assignment-with-submissions")

    count.locator("a").click()
    rows = fg.locator("#main-table tr", has=fg.locator("td.student-id"))
    rows.nth(len(STUDENTS) - 1).wait_for(timeout=60_000)
    shown = {}
    for r in rows.all():
        sid = r.locator("td.student-id").inner_text().strip()
        m = re.fullmatch(r"([0-9.]+) / ([0-9.]+)", r.locator("td.score").inner_text().strip())
        assert m, f"{sid}: no score shown"
        shown[sid] = (float(m.group(1)), float(m.group(2)))
        first, last = NAMES[sid]
        assert r.locator("td.student-name").inner_text().strip() == f"{last}, {first}", sid
        status = r.locator("td.status").inner_text().strip()
        assert status in ("graded", "needs manual grading"), (sid, status)
    assert set(shown) == set(STUDENTS), shown
    for s, (score, max_score) in expected.items():
        assert shown[s] == (pytest.approx(score, abs=0.01), pytest.approx(max_score, abs=0.01)), (s, shown[s])
    shot(page, "formgrader-2-submissions-and-scores")
    summary["formgrader"] = {s: f"{a:g} / {b:g}" for s, (a, b) in sorted(shown.items())}
