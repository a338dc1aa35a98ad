"""`make grades` also writes grades_report.html: a picture of the class that is inert and true.

The gradebook is the one of tests/exercises/test_lms_export.py (nbgrader's API on a temporary
SQLite file, two assignments, a pending hand grade, a late penalty). The page must parse, carry one
image with alt text per plot, forbid scripts and remote loads, escape a hostile student id, and
show the gradebook's numbers (recomputed here from the scores the gradebook was built with).
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import statistics
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.exercises.test_lms_export import CELLS, GRADES, LATE, build_gradebook
from tools.grading import report, report_html

HOSTILE = "<img src=x onerror=alert(1)>"
VOID = {"meta", "img", "br", "hr", "link", "input", "source", "col", "area", "base", "wbr"}


class Page(HTMLParser):
    """Collects what the tests look at, and checks that every element is closed in order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self.rows: dict[tuple[str, str, str], list[str]] = {}  # (section, table, row key) -> cells
        self._section = ""
        self._table: list[str] = []
        self._row: tuple[str, str, str] | None = None
        self._cell: list[str] | None = None
        self._in_style = False
        self.feed(text)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "section":
            self._section = attributes.get("id") or ""
        if tag == "table":
            self._table.append(attributes.get("class") or "")
        if tag == "tr":
            key = attributes.get("data-exercise") or attributes.get("data-cell")
            self._row = (self._section, self._table[-1], key) if key else None
            if self._row:
                self.rows[self._row] = []
        if tag in ("td", "th") and self._row:
            self._cell = []
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()
        if tag in ("td", "th") and self._row and self._cell is not None:
            self.rows[self._row].append("".join(self._cell).strip())
            self._cell = None
        if tag == "table":
            self._table.pop()
        self._in_style = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in_style:
            self.style += data


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("course")
    build_gradebook(folder / "gradebook.db")
    return folder


@pytest.fixture(scope="module")
def page(course: Path) -> tuple[str, Page]:
    out = report_html.write_html_report(course, course / "grades_report.html")
    text = out.read_text(encoding="utf-8")
    return text, Page(text)


def _submitted(assignment: str) -> dict[str, dict[str, float | None]]:
    return {s: a[assignment] for s, a in GRADES.items() if assignment in a}


def test_page_parses_with_every_element_closed(page) -> None:
    _, parsed = page
    assert parsed.errors == []
    assert [t for t, _ in parsed.tags[:1]] == ["html"]


def test_one_png_per_plot_each_with_alt_text(page) -> None:
    """Four plots per assignment (totals, exercises, cells, hardest), each a PNG data URI with alt text."""
    _, parsed = page
    images = [a for t, a in parsed.tags if t == "img"]
    assert len(images) == 4 * len(CELLS)
    for image in images:
        src = image.get("src") or ""
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")
        assert len((image.get("alt") or "").strip()) > 20


def test_csp_forbids_script_and_remote_loads(page) -> None:
    text, parsed = page
    metas = [
        a
        for t, a in parsed.tags
        if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(metas) == 1
    policy = dict(
        (part.split()[0], part.split()[1:]) for part in (metas[0]["content"] or "").split(";") if part.strip()
    )
    assert policy["default-src"] == ["'none'"] and policy["script-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    digest = base64.b64encode(hashlib.sha256(parsed.style.encode()).digest()).decode()
    assert policy["style-src"] == [f"'sha256-{digest}'"]  # the page's one style block, and nothing else
    assert text.index("Content-Security-Policy") < text.index("<style>")
    assert not [t for t, _ in parsed.tags if t in ("script", "iframe", "object", "embed", "link", "form")]
    for _, attributes in parsed.tags:
        assert not [k for k in attributes if k.startswith("on")]
        for key in ("src", "href"):
            assert not attributes.get(key) or attributes[key].startswith("data:image/png;base64,")


def test_means_equal_the_gradebooks(page) -> None:
    """Per exercise: the mean over submissions with that exercise fully graded; per cell: the mean
    fraction of its points over graded answers; per assignment: the mean total less late penalties.
    All recomputed here from the scores the gradebook was built with, none read back through the module."""
    text, parsed = page
    checked = 0
    for assignment, cells in CELLS.items():
        exercises: dict[str, list[str]] = {}
        for name, _, _ in cells:
            exercises.setdefault(name.split("_")[0], []).append(name)
        for exercise, names in exercises.items():
            sums = [
                sum(scores[n] for n in names)
                for scores in _submitted(assignment).values()
                if all(scores[n] is not None for n in names)
            ]
            row = parsed.rows[(f"a-{assignment}", "exercises", exercise)]
            assert float(row[2]) == pytest.approx(statistics.fmean(sums), abs=0.005), (assignment, exercise)
            checked += 1
        submitted = _submitted(assignment)
        for name, points, _ in cells:
            graded = [s[name] for s in submitted.values() if s[name] is not None]
            shown = parsed.rows[(f"a-{assignment}", "cells", name)][2]
            assert float(shown.rstrip("%")) / 100 == pytest.approx(
                statistics.fmean(graded) / points, abs=5e-4
            )
            checked += 1
        complete = [
            max(0.0, sum(s.values()) - LATE.get((st, assignment), 0.0))
            for st, s in submitted.items()
            if None not in s.values()
        ]
        section = text[text.index(f'<section id="a-{assignment}">') :]
        mean = re.search(r'class="total-mean">([\d.]+)<', section)
        assert mean and float(mean.group(1)) == pytest.approx(statistics.fmean(complete), abs=0.005)
    assert checked == 4 + 5  # every exercise and every cell of both assignments


def test_hostile_student_id_is_escaped() -> None:
    """A student id and an issue text that are markup show as text: no element comes from them."""
    data = report_html.AssignmentScores("a1", 2.0, {"ex1_x": 2.0})
    data.cells = {"ex1_x": {HOSTILE: 0.0, "ok": 2.0}}
    data.totals = {HOSTILE: 0.0, "ok": 2.0}
    rows = [report.Submission(HOSTILE, 0.0, 2.0, ["extra files: <script>alert(1)</script>.txt handed in"])]
    invalid = [f"- `{HOSTILE}` (refused at autograde intake): not a valid student id"]
    text = report_html.render_page([data], {"a1": rows}, invalid)
    parsed = Page(text)
    assert parsed.errors == []
    assert HOSTILE not in text and "<script>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert all((a.get("src") or "").startswith("data:image/png") for t, a in parsed.tags if t == "img")
    assert not [k for _, a in parsed.tags for k in a if k.startswith("on")]
    assert "low score: 0 of 2" in text  # and the hostile student is on the attention list, for a reason
    assert "<li>`&lt;img src=x onerror=alert(1)&gt;` (refused at autograde intake)" in text


def test_attention_lists_pending_low_and_report_findings(course: Path) -> None:
    data = {a.name: a for a in report_html.read_scores(report.default_gradebook_url(course))}
    rows = [
        report.Submission("ada", None, None, ["corrupt: mutual_information.ipynb is not a readable notebook"])
    ]
    found = dict(report_html.attention(data["mutual_information"], rows))
    assert found["bob"] == ["manual grading pending: ex2_written"]
    assert "cy" not in found  # 2.5 of 5 is not below half
    assert found["ada"][0].startswith("corrupt:")
    low = dict(report_html.attention(data["estimation_in_practice"], [], low=0.9))
    assert low["ada"] == ["low score: 3 of 4.5 (below 90%)"]


def test_course_total_when_several_assignments(page) -> None:
    text, _ = page
    section = text[text.index('<section id="course">') :]
    row = re.search(r'class="student">ada</th>(.*?)</tr>', section)
    assert row and re.findall(r">([\d.—]+)<", row.group(1)) == ["4.50", "3.00", "7.50"]
    bob = re.search(r'class="student">bob</th>(.*?)</tr>', section)
    assert bob and "—" in bob.group(1)  # a pending hand grade leaves the total open, not 0


def test_make_grades_writes_the_page(tmp_path: Path, course: Path) -> None:
    """cmd_grades (behind `make grades`) writes the page beside the Markdown report."""
    from tools.grading import run

    shutil.copy2(course / "gradebook.db", tmp_path / "gradebook.db")
    code = run.cmd_grades(
        tmp_path, "mutual_information", tmp_path / "grades.csv", tmp_path / "grades_report.md"
    )
    assert code == 0
    page = Page((tmp_path / "grades_report.html").read_text(encoding="utf-8"))
    assert page.errors == [] and len([t for t, _ in page.tags if t == "img"]) == 4 * len(CELLS)


def test_hostile_folder_name_through_the_intake(tmp_path: Path, course: Path) -> None:
    """The real path: a folder named as markup in submitted/ is refused by the intake, and the page
    (as `make grades` writes it) names it as text."""
    from tools.grading import intake

    shutil.copy2(course / "gradebook.db", tmp_path / "gradebook.db")
    (tmp_path / "submitted" / HOSTILE / "mutual_information").mkdir(parents=True)
    intake.check_submitted(tmp_path, "mutual_information")
    text = report_html.write_html_report(tmp_path, tmp_path / "r.html").read_text(encoding="utf-8")
    assert HOSTILE not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert Page(text).errors == []
