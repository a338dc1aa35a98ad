"""`make export`: the gradebook as a Canvas and a Moodle grade-import CSV, parsed against each layout.

The gradebook is built with nbgrader's own API on a temporary SQLite file: two assignments (the
course of several assignments), grade cells of two exercises, a written answer one student still
waits a hand grade for, a late penalty, a student the roster lacks and a roster entry the gradebook
lacks. No kernel runs.
"""

from __future__ import annotations

import csv
import datetime
import shutil
import warnings
from pathlib import Path

import pytest

from tools.grading import lms_export

#: assignment -> [(cell, points possible, cell type)]
CELLS = {
    "mutual_information": [
        ("ex1_entropy", 1.0, "code"),
        ("ex1_mi", 2.0, "code"),
        ("ex2_written", 2.0, "markdown"),
    ],
    "estimation_in_practice": [("ex1_quad", 3.0, "code"), ("ex2_dv", 1.5, "code")],
}
#: student -> assignment -> cell -> score (None: awaiting a hand grade); an absent assignment: no submission
GRADES = {
    "ada": {
        "mutual_information": {"ex1_entropy": 1.0, "ex1_mi": 2.0, "ex2_written": 1.5},
        "estimation_in_practice": {"ex1_quad": 3.0, "ex2_dv": 0.0},
    },
    "bob": {
        "mutual_information": {"ex1_entropy": 0.0, "ex1_mi": 2.0, "ex2_written": None},
        "estimation_in_practice": {"ex1_quad": 3.0, "ex2_dv": 1.5},
    },
    "cy": {"mutual_information": {"ex1_entropy": 1.0, "ex1_mi": 0.0, "ex2_written": 2.0}},
    # in the gradebook, not in the roster:
    "zed": {"mutual_information": {"ex1_entropy": 1.0, "ex1_mi": 2.0, "ex2_written": 2.0}},
}
LATE = {("cy", "mutual_information"): 0.5}  # points taken for lateness
ROSTER = """nbgrader_id,name,canvas_id,sis_user_id,sis_login_id,section,email,idnumber,username
ada,"Lovelace, Ada",101,S-1,ada@uni,Sec A,ada@uni.example,1001,alovelace
bob,"Babbage, Bob",102,S-2,bob@uni,Sec A,bob@uni.example,1002,bbabbage
cy,"Young, Cy",103,S-3,cy@uni,Sec B,cy@uni.example,1003,cyoung
dee,"Dee, Dee",104,S-4,dee@uni,Sec B,dee@uni.example,1004,ddee
"""


def build_gradebook(path: Path, grades: dict = GRADES, cells: dict = CELLS, late: dict = LATE) -> str:
    """A gradebook as nbgrader's autograde and Formgrader leave it; returns its URL."""
    url = f"sqlite:///{path}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook

        with Gradebook(url) as gb:
            due = datetime.datetime(2026, 10, 1)
            for offset, (assignment, grade_cells) in enumerate(cells.items()):
                gb.add_assignment(assignment, duedate=due + datetime.timedelta(days=7 * offset))
                gb.add_notebook(assignment, assignment)
                for name, points, kind in grade_cells:
                    gb.add_grade_cell(name, assignment, assignment, max_score=points, cell_type=kind)
            for student, per_assignment in grades.items():
                gb.add_student(student)
                for assignment, scores in per_assignment.items():
                    gb.add_submission(assignment, student)
                    for name, score in scores.items():
                        grade = gb.find_grade(name, assignment, assignment, student)
                        kind = next(k for n, _, k in cells[assignment] if n == name)
                        if score is None:  # written, not graded yet
                            grade.needs_manual_grade = True
                        elif kind == "markdown":
                            grade.manual_score, grade.needs_manual_grade = score, False
                        else:
                            grade.auto_score, grade.needs_manual_grade = score, False
                    penalty = late.get((student, assignment))
                    if penalty:
                        notebook = gb.find_submission_notebook(assignment, assignment, student)
                        notebook.late_submission_penalty = penalty
                    gb.db.commit()
    return url


def expected_points(student: str, assignment: str) -> float | None:
    """What the LMS must receive: the sum of cell scores less the late penalty; None when blank."""
    scores = GRADES.get(student, {}).get(assignment)
    if scores is None or any(s is None for s in scores.values()):
        return None
    return max(0.0, sum(scores.values()) - LATE.get((student, assignment), 0.0))


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gradebook, built once (nbgrader creates a database in seconds); tests use copies."""
    path = tmp_path_factory.mktemp("template") / "gradebook.db"
    build_gradebook(path)
    return path


def _course(folder: Path, template: Path, roster: str = ROSTER) -> Path:
    shutil.copy2(template, folder / "gradebook.db")  # nbgrader's default place: no db_url configured here
    (folder / "roster.csv").write_text(roster, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, template_db: Path):
    course = _course(tmp_path_factory.mktemp("course"), template_db)
    code = lms_export.main(["--course", str(course), "--roster", "roster.csv"])
    return course, code


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_canvas_layout(exported) -> None:
    """Canvas: the five fixed columns, one per assignment (by due date), the Points Possible row."""
    course, _ = exported
    rows = _rows(course / lms_export.CANVAS_FILE)
    assert rows[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "mutual_information",
        "estimation_in_practice",
    ]
    assert rows[1][0].strip() == "Points Possible" and rows[1][1:5] == ["", "", "", ""]
    assert [float(x) for x in rows[1][5:]] == [5.0, 4.5]
    body = {row[1]: row for row in rows[2:]}
    assert set(body) == {"101", "102", "103", "104"}  # every roster entry, nobody else
    assert body["101"][:5] == ["Lovelace, Ada", "101", "S-1", "ada@uni", "Sec A"]
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.parametrize("lms", ["canvas", "moodle"])
def test_cells_are_the_gradebooks_scores_or_blank(exported, lms: str) -> None:
    """Every cell: the gradebook's score (late penalty applied) as a plain number, or blank when the
    answer awaits a hand grade or nothing was submitted; never a 0 standing for "unknown"."""
    course, _ = exported
    if lms == "canvas":
        rows = _rows(course / lms_export.CANVAS_FILE)
        header, body, key, first = rows[0], rows[2:], 1, 5
        ids = {"101": "ada", "102": "bob", "103": "cy", "104": "dee"}
    else:
        rows = _rows(course / lms_export.MOODLE_FILE)
        header, body, key, first = rows[0], rows[1:], 0, 1
        ids = {f"{s}@uni.example": s for s in ("ada", "bob", "cy", "dee")}
    assert len(body) == 4
    for row in body:
        student = ids[row[key]]
        for assignment, cell in zip(header[first:], row[first:], strict=True):
            want = expected_points(student, assignment)
            if want is None:
                assert cell == "", (student, assignment, cell)
            else:
                assert cell == cell.strip() and float(cell) == pytest.approx(want), (student, assignment)
    assert expected_points("bob", "mutual_information") is None  # the pending hand grade is a case here
    assert expected_points("cy", "estimation_in_practice") is None  # and so is a missing submission
    assert expected_points("cy", "mutual_information") == 2.5  # and a late penalty


def test_moodle_layout(exported) -> None:
    """Moodle: an identifier column named for its user field, then the grade items; no extra rows."""
    course, _ = exported
    rows = _rows(course / lms_export.MOODLE_FILE)
    assert rows[0] == ["Email address", "mutual_information", "estimation_in_practice"]
    assert [row[0] for row in rows[1:]] == [f"{s}@uni.example" for s in ("ada", "bob", "cy", "dee")]


@pytest.mark.parametrize(
    ("choice", "header", "first"), [("idnumber", "ID number", "1001"), ("username", "Username", "alovelace")]
)
def test_moodle_identifier_choice(
    tmp_path: Path, template_db: Path, choice: str, header: str, first: str
) -> None:
    _course(tmp_path, template_db)
    lms_export.main(["--course", str(tmp_path), "--moodle-id", choice])
    rows = _rows(tmp_path / lms_export.MOODLE_FILE)
    assert rows[0][0] == header and rows[1][0] == first


def test_missing_and_extra_students_are_reported(exported, capsys) -> None:
    """zed (graded, not in the roster) and dee (in the roster, not graded) are both named, in the
    companion report; zed's absence makes the command fail."""
    course, code = exported
    text = (course / lms_export.REPORT_FILE).read_text(encoding="utf-8")
    assert code == 1
    assert (
        "NOT EXPORTED: zed is in the gradebook but not in the roster (graded on mutual_information)" in text
    )
    assert "dee is in the roster but not in the gradebook" in text
    assert "bob, mutual_information: awaiting a hand grade: ex2_written" in text
    assert "cy, estimation_in_practice: no submission in the gradebook" in text
    assert "zed" not in (course / lms_export.CANVAS_FILE).read_text(encoding="utf-8")


def test_warnings_are_printed(tmp_path: Path, template_db: Path, capsys) -> None:
    _course(tmp_path, template_db)
    assert lms_export.main(["--course", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "! NOT EXPORTED: zed" in out and "! blank: bob, mutual_information: awaiting a hand grade" in out


def test_complete_roster_exits_zero(tmp_path: Path, template_db: Path) -> None:
    _course(tmp_path, template_db, ROSTER + "zed,Zed,105,S-5,zed@uni,Sec B,zed@uni.example,1005,zed\n")
    assert lms_export.main(["--course", str(tmp_path)]) == 0


def test_only_one_assignment(tmp_path: Path, template_db: Path) -> None:
    _course(tmp_path, template_db)
    lms_export.main(["--course", str(tmp_path), "--only", "estimation_in_practice"])
    assert _rows(tmp_path / lms_export.CANVAS_FILE)[0][5:] == ["estimation_in_practice"]
    assert lms_export.main(["--course", str(tmp_path), "--only", "nope"]) == 2


def test_course_total_in_report(exported) -> None:
    course, _ = exported
    text = (course / lms_export.REPORT_FILE).read_text(encoding="utf-8")
    assert "| ada | 7.5 | 9.5 | 0 |" in text  # 4.5 of 5 + 3 of 4.5
    assert "| bob | 4.5 | 4.5 | 1 |" in text  # the pending assignment counts neither way


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("name,email\nAda,a@x\n", "no nbgrader_id column"),
        ("nbgrader_id,email\nada,a@x\nada,b@x\n", "given twice"),
        ("nbgrader_id,email\n,a@x\n", "no nbgrader_id"),
    ],
)
def test_bad_roster_is_refused(tmp_path: Path, template_db: Path, text: str, why: str, capsys) -> None:
    _course(tmp_path, template_db, text)
    assert lms_export.main(["--course", str(tmp_path)]) == 2
    assert why in capsys.readouterr().out
    assert not (tmp_path / lms_export.CANVAS_FILE).exists()


def test_missing_roster_is_refused(tmp_path: Path, template_db: Path, capsys) -> None:
    _course(tmp_path, template_db).joinpath("roster.csv").unlink()
    assert lms_export.main(["--course", str(tmp_path)]) == 2
    assert "no roster" in capsys.readouterr().out


def test_roster_with_bom_and_extra_columns(tmp_path: Path) -> None:
    """A roster saved by a spreadsheet: byte-order mark, columns in another order, unknown ones."""
    path = tmp_path / "r.csv"
    path.write_text("\ufeffemail,notes,nbgrader_id\nada@x, hi ,ada\n\n", encoding="utf-8")
    assert lms_export.read_roster(path) == [
        {c: {"email": "ada@x", "nbgrader_id": "ada"}.get(c, "") for c in lms_export.ROSTER_COLUMNS}
    ]


def test_no_gradebook_is_refused_and_none_created(tmp_path: Path, capsys) -> None:
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert lms_export.main(["--course", str(tmp_path)]) == 2
    assert "no gradebook" in capsys.readouterr().out
    assert not (tmp_path / "gradebook.db").exists()


def test_make_export_entry_point(tmp_path: Path, template_db: Path) -> None:
    """`make export` runs `tools.grading.run export`: the same files, the same exit code."""
    from tools.grading import run

    _course(tmp_path, template_db)
    code = run.main(
        ["export", "--course", str(tmp_path), "--moodle-id", "idnumber", "--only", "mutual_information"]
    )
    assert code == 1  # zed is not in the roster
    assert _rows(tmp_path / lms_export.MOODLE_FILE)[0] == ["ID number", "mutual_information"]
    assert (tmp_path / lms_export.CANVAS_FILE).is_file() and (tmp_path / lms_export.REPORT_FILE).is_file()


def test_column_titles_file(tmp_path: Path, template_db: Path) -> None:
    """lms_columns.csv renames a column per LMS (a Canvas title with its assignment id updates that
    assignment); an entry for an assignment not exported is a warning."""
    _course(tmp_path, template_db)
    (tmp_path / "lms_columns.csv").write_text(
        "assignment,canvas,moodle\nmutual_information,Week 1: MI (4711),Assignment: MI\nold_one,x,y\n",
        encoding="utf-8",
    )
    lms_export.main(["--course", str(tmp_path)])
    assert _rows(tmp_path / lms_export.CANVAS_FILE)[0][5:] == ["Week 1: MI (4711)", "estimation_in_practice"]
    assert _rows(tmp_path / lms_export.MOODLE_FILE)[0][1:] == ["Assignment: MI", "estimation_in_practice"]
    assert "lms_columns.csv names old_one, which is not exported" in (
        tmp_path / lms_export.REPORT_FILE
    ).read_text(encoding="utf-8")
