"""A class through nbgrader's exchange: release → fetch → work → submit → collect → autograde →
generate_feedback → release_feedback → fetch_feedback (the term is run once, by the `term` fixture).

Expected grades are derived from the assignment's own files: the points of its autograded test
cells, and which answers each student filled in.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from e2e_support import ASSIGNMENT, gradebook, is_grade_test, nbgrader_meta, read_nb
from exchange_cycle import GRADING_SEED, STUDENTS, WORK

pytestmark = pytest.mark.slow


def source(term, nb_id):
    return read_nb(term.course / "solutions" / ASSIGNMENT / f"{nb_id}.ipynb")


@pytest.fixture(scope="module")
def scores(term):
    """student -> notebook -> grade_id -> (score, points), read from the gradebook."""
    out = {}
    with gradebook(term.course) as gb:
        for s in STUDENTS:
            out[s] = {}
            for nb_id in term.notebooks:
                out[s][nb_id] = {}
                for cell in source(term, nb_id).cells:
                    if not is_grade_test(cell):
                        continue
                    gid = nbgrader_meta(cell)["grade_id"]
                    grade = gb.find_grade(gid, nb_id, ASSIGNMENT, s)
                    out[s][nb_id][gid] = (grade.score, float(nbgrader_meta(cell)["points"]))
    return out


def test_the_assignment_has_autograded_points(term):
    assert term.notebooks, f"no notebooks in solutions/{ASSIGNMENT}/"
    for nb_id in term.notebooks:
        nb = source(term, nb_id)
        assert any(is_grade_test(c) for c in nb.cells), f"{nb_id} has no autograded test cell"


def test_every_student_was_collected_and_graded(term):
    for s in STUDENTS:
        for nb_id in term.notebooks:
            assert (term.course / "submitted" / s / ASSIGNMENT / f"{nb_id}.ipynb").exists(), (s, nb_id)
            assert (term.course / "autograded" / s / ASSIGNMENT / f"{nb_id}.ipynb").exists(), (s, nb_id)


def test_complete_work_earns_every_autograded_point(scores):
    for nb_id, cells in scores["ada"].items():
        lost = {gid: sp for gid, sp in cells.items() if sp[0] != sp[1]}
        assert not lost, f"the reference solutions lost points in {nb_id}: {lost}"


def test_untouched_work_earns_nothing(scores):
    for nb_id, cells in scores["cy"].items():
        earned = {gid: sp for gid, sp in cells.items() if sp[0]}
        assert not earned, f"the notebook as handed out earned points in {nb_id}: {earned}"


def test_partial_work_earns_exactly_the_finished_part(term, scores):
    """Tests before the first open answer pass (the kernel has seen exactly what the complete
    notebook's kernel saw); the tests right after an open answer fail."""
    total = {s: sum(sc for nb in scores[s].values() for sc, _ in nb.values()) for s in STUDENTS}
    assert 0 < total["bo"] < total["ada"], total
    for nb_id in term.notebooks:
        nb = source(term, nb_id)
        cut = term.cut[nb_id]
        for i, cell in enumerate(nb.cells):
            if not is_grade_test(cell):
                continue
            gid = nbgrader_meta(cell)["grade_id"]
            score, points = scores["bo"][nb_id][gid]
            if i < cut:
                assert score == points, f"{nb_id}:{gid} precedes the open answers but scored {score}/{points}"
        # the graded tests between the first open code answer and the next answer
        after = []
        for cell in nb.cells[cut + 1:]:
            if nbgrader_meta(cell).get("solution"):
                break
            if is_grade_test(cell):
                after.append(nbgrader_meta(cell)["grade_id"])
        for gid in after:
            assert scores["bo"][nb_id][gid][0] == 0, f"{nb_id}:{gid} tests an open answer but scored points"


class _Text(HTMLParser):
    """The visible text of a page (what a student reads), scripts and styles left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text())
    return "".join(parser.parts)


def fetched_feedback(term, student) -> list[Path]:
    return sorted((term.homes[student] / ASSIGNMENT / "feedback").glob("*/*.html"))


def test_each_student_fetches_their_own_feedback_only(term, scores):
    for s in STUDENTS:
        files = fetched_feedback(term, s)
        assert sorted(p.stem for p in files) == term.notebooks, f"{s} fetched {[p.name for p in files]}"
        assert len({p.parent for p in files}) == 1, f"{s} fetched feedback of several submissions"
        for p in files:
            mine = term.course / "feedback" / s / ASSIGNMENT / p.name
            assert p.read_bytes() == mine.read_bytes(), f"{s} received feedback that is not theirs: {p.name}"
            others = [term.course / "feedback" / o / ASSIGNMENT / p.name for o in STUDENTS if o != s]
            for o in others:
                if o.read_bytes() != mine.read_bytes():
                    assert p.read_bytes() != o.read_bytes()
            # The score the page shows is the student's own score from the gradebook.
            shown = re.search(rf"{re.escape(p.stem)} \(Score: ([0-9.]+) / ([0-9.]+)\)", page_text(p))
            assert shown, f"{p.name} shows no notebook score"
            auto = sum(sc for sc, _ in scores[s][p.stem].values())
            assert float(shown.group(1)) == pytest.approx(auto), (s, p.name, shown.group(0), auto)
    # The three pages differ (complete / partial / untouched work scored differently).
    for nb_id in term.notebooks:
        pages = {fetched_feedback(term, s)[term.notebooks.index(nb_id)].read_bytes() for s in STUDENTS}
        assert len(pages) == len(STUDENTS), f"two students received identical feedback for {nb_id}"


def _hidden_values() -> set[str]:
    """This term's hidden expected values as a page would print them (the term fixes the seed)."""
    from tools.grading.hidden import hidden_cases

    found: set[str] = set()

    def walk(value) -> None:
        # computed values (10+ significant digits); short numbers such as 0.2 occur in any page
        if isinstance(value, float) and value == value and len(repr(value)) >= 12:
            found.update({f"{value:.10g}", repr(value)})
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for cases in hidden_cases(int(GRADING_SEED)).values():
        for case in cases:
            walk(case.expected)
    return found


def test_no_feedback_reveals_hidden_values(term):
    """Hidden expected values never enter a kernel: no page shows one, nor the kernel's raw results."""
    secret = _hidden_values()
    assert len(secret) > 100
    for s in STUDENTS:
        for p in fetched_feedback(term, s):
            raw = p.read_text()
            text = page_text(p)
            leaked = sorted(v for v in secret if v in text)
            assert not leaked, f"{s}'s feedback {p.name} shows hidden values: {leaked[:5]}"
            assert "vnd.mi-course" not in raw and "BEGIN HIDDEN TESTS" not in text


def test_the_cycle_ran_through_the_make_targets(term, scores, summary):
    log = term.log.read_text()
    for target in ("exchange-release", "exchange-status", "collect", "return-feedback"):
        assert f"$ make {target}" in log, target
    status = log.split("$ make exchange-status", 1)[1].split("$ make collect", 1)[0]
    for s in STUDENTS:
        assert re.search(rf"\b{s} {ASSIGNMENT}\b", status), f"make exchange-status does not list {s}"
    summary["exchange"] = {
        "timings_s": {k: round(v, 1) for k, v in term.timings.items()},
        "autograded_score": {s: sum(sc for nb in scores[s].values() for sc, _ in nb.values())
                             for s in STUDENTS},
        "autograded_max": sum(p for nb in scores["ada"].values() for _, p in nb.values()),
        "work": WORK,
    }
    assert WORK == {"ada": "complete", "bo": "partial", "cy": "untouched"}
