"""Grades into the LMS: the gradebook as a Canvas and a Moodle grade-import CSV (``make export``).

The scores come from nbgrader's gradebook (:class:`nbgrader.api.Gradebook`, where nbgrader's own
configuration puts it: :func:`tools.grading.report.gradebook_url`), one column per assignment in the
gradebook (every assignment of the course, or those named with ``--only``), titled by
``lms_columns.csv`` if the course has one (:func:`read_columns`). A roster file maps each
nbgrader student id to the student's ids in the LMS (see :func:`read_roster` for its columns).

What is never exported as a number:

- an assignment with an answer still awaiting a hand grade: blank, with a warning naming the cells
  (its total is not known yet; a 0 would read as a grade);
- an assignment with no submission in the gradebook (not handed in, or not graded): blank, listed.

Students are never dropped silently: a gradebook student absent from the roster cannot be written
(no LMS id) and is reported, and the command exits 1; a roster entry the gradebook does not know is
written with blanks and reported. Every warning is printed and written to a companion report
(``lms_export_report.md`` beside the CSV files).

Layouts (see docs/instructors.md for the pages they follow):

- Canvas (Grades > Import): ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per
  assignment; the second row is the ``Points Possible`` row (each assignment's maximum).
- Moodle (Grade administration > Import > CSV file): one identifier column (``Email address``,
  ``ID number`` or ``Username``, mapped at import to the user field ``useremail``, ``useridnumber``
  or ``username``), then one column per grade item.

Usage: ``python -m tools.grading.lms_export [--course DIR] [--roster FILE] [--out-dir DIR]
[--only ASSIGNMENT ...] [--moodle-id {email,idnumber,username}]``
"""

from __future__ import annotations

import argparse
import csv
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from tools.grading import report

#: Roster columns: the nbgrader id is required, the others may be empty (see :func:`read_roster`).
ROSTER_COLUMNS = (
    "nbgrader_id",
    "name",
    "canvas_id",
    "sis_user_id",
    "sis_login_id",
    "section",
    "email",
    "idnumber",
    "username",
)
CANVAS_FIXED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
#: Canvas writes the row's label indented in its own exports; the import reads it either way.
CANVAS_POINTS_LABEL = "    Points Possible"
#: ``--moodle-id`` -> (roster column, CSV header, Moodle user field to map it to at import).
MOODLE_IDS = {
    "email": ("email", "Email address", "useremail"),
    "idnumber": ("idnumber", "ID number", "useridnumber"),
    "username": ("username", "Username", "username"),
}
CANVAS_FILE = "grades_canvas.csv"
MOODLE_FILE = "grades_moodle.csv"
REPORT_FILE = "lms_export_report.md"


class RosterError(ValueError):
    """The roster file cannot be used (missing column, duplicate or empty nbgrader id)."""


class UnknownAssignment(ValueError):
    """``--only`` names an assignment the gradebook does not hold."""


@dataclass
class Score:
    """One student's result on one assignment, as it goes to the LMS.

    ``points`` is None when the cell is exported blank; ``why`` then says why.
    """

    points: float | None
    why: str = ""


@dataclass
class Export:
    """Everything written: assignments (column order), maxima, scores and the warnings.

    ``titles``: assignment -> {"canvas": header, "moodle": header} where a columns file renames it.
    """

    def title(self, assignment: str, lms: str) -> str:
        """The column header of ``assignment`` in ``lms``'s file (its nbgrader name by default)."""
        return self.titles.get(assignment, {}).get(lms) or assignment

    assignments: list[str]
    max_scores: dict[str, float]
    roster: list[dict[str, str]]
    scores: dict[str, dict[str, Score]]
    titles: dict[str, dict[str, str]] = field(default_factory=dict)
    not_in_roster: list[str] = field(default_factory=list)
    not_in_gradebook: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_roster(path: Path) -> list[dict[str, str]]:
    """The roster: one dict per student, every column of :data:`ROSTER_COLUMNS` present.

    Parameters
    ----------
    path : Path
        A UTF-8 CSV file (a byte-order mark is fine) whose header names ``nbgrader_id`` and any of
        ``name`` (as the LMS shows it, e.g. ``Lovelace, Ada``), ``canvas_id`` (Canvas's numeric user
        ID), ``sis_user_id``, ``sis_login_id``, ``section``, ``email``, ``idnumber`` and
        ``username`` (Moodle's user fields). Other columns are ignored.

    Returns
    -------
    list of dict
        Rows in file order, values stripped, absent columns as "".

    Raises
    ------
    RosterError
        No ``nbgrader_id`` column, a row without one, or an id given twice.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        if "nbgrader_id" not in header:
            raise RosterError(f"{path}: the header has no nbgrader_id column (it has: {', '.join(header)})")
        rows, seen = [], set()
        for number, raw in enumerate(reader, start=2):
            row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
            entry = {column: row.get(column, "") for column in ROSTER_COLUMNS}
            if not any(row.values()):
                continue  # a blank line
            if not entry["nbgrader_id"]:
                raise RosterError(f"{path}, line {number}: no nbgrader_id")
            if entry["nbgrader_id"] in seen:
                raise RosterError(f"{path}, line {number}: nbgrader_id {entry['nbgrader_id']!r} given twice")
            seen.add(entry["nbgrader_id"])
            rows.append(entry)
    return rows


def read_columns(path: Path) -> dict[str, dict[str, str]]:
    """Optional column titles: a CSV ``assignment,canvas,moodle`` (``lms_columns.csv``).

    A Canvas title such as ``Week 1: MI (4711)`` (as in Canvas's own export, the assignment's
    Canvas id in parentheses) updates that assignment instead of creating one; a Moodle title is
    what the import preview offers to map to a grade item. Empty cells keep the nbgrader name.

    Raises
    ------
    RosterError
        No ``assignment`` column, or an assignment named twice.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if "assignment" not in [h.strip() for h in reader.fieldnames or []]:
            raise RosterError(f"{path}: the header has no assignment column")
        titles: dict[str, dict[str, str]] = {}
        for raw in reader:
            row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
            if not row.get("assignment"):
                continue
            if row["assignment"] in titles:
                raise RosterError(f"{path}: assignment {row['assignment']!r} named twice")
            titles[row["assignment"]] = {"canvas": row.get("canvas", ""), "moodle": row.get("moodle", "")}
    return titles


def read_gradebook(url: str, only: list[str] | None = None) -> tuple[list[str], dict, dict, dict]:
    """Assignments, maxima, and per student per assignment scores from nbgrader's gradebook.

    Parameters
    ----------
    url : str
        The gradebook's database URL.
    only : list of str, optional
        Export only these assignments (each must be in the gradebook).

    Returns
    -------
    assignments : list of str
        By due date, then name (assignments without a due date last).
    max_scores : dict
        assignment -> points possible.
    scores : dict
        student -> assignment -> :class:`Score` (late penalty applied as ``nbgrader export`` does).
    pending : dict
        (student, assignment) -> the grade cells awaiting a hand grade.

    Raises
    ------
    UnknownAssignment
        ``only`` names an assignment the gradebook does not hold.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook, MissingEntry

        with Gradebook(url) as gb:
            found = {a.name: a for a in gb.assignments}
            missing = sorted(set(only or []) - set(found))
            if missing:
                raise UnknownAssignment(
                    f"not in the gradebook: {', '.join(missing)} (it has: {', '.join(sorted(found))})"
                )
            chosen = [found[name] for name in (only or found)]
            chosen.sort(key=lambda a: (a.duedate is None, a.duedate or 0, a.name))
            assignments = [a.name for a in chosen]
            max_scores = {a.name: float(a.max_score) for a in chosen}
            scores: dict[str, dict[str, Score]] = {}
            pending: dict[tuple[str, str], list[str]] = {}
            for student in gb.students:
                row = scores.setdefault(student.id, {})
                for name in assignments:
                    try:
                        sub = gb.find_submission(name, student.id)
                    except MissingEntry:
                        row[name] = Score(None, "no submission in the gradebook")
                        continue
                    waiting = [g.name for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade]
                    if waiting:
                        pending[(student.id, name)] = waiting
                        row[name] = Score(None, f"awaiting a hand grade: {', '.join(waiting)}")
                        continue
                    penalty = float(sub.late_submission_penalty or 0.0)
                    row[name] = Score(max(0.0, float(sub.score) - penalty))
    return assignments, max_scores, scores, pending


def build_export(url: str, roster: list[dict[str, str]], only: list[str] | None = None) -> Export:
    """Match the gradebook against the roster; every mismatch and blank becomes a warning."""
    assignments, max_scores, scores, _pending = read_gradebook(url, only)
    export = Export(assignments, max_scores, roster, scores)
    known = {entry["nbgrader_id"] for entry in roster}
    export.not_in_roster = sorted(set(scores) - known)
    export.not_in_gradebook = [entry["nbgrader_id"] for entry in roster if entry["nbgrader_id"] not in scores]
    for student in export.not_in_roster:
        graded = [a for a, s in scores[student].items() if s.points is not None]
        export.warnings.append(
            f"NOT EXPORTED: {student} is in the gradebook but not in the roster"
            + (f" (graded on {', '.join(graded)})" if graded else "")
        )
    for student in export.not_in_gradebook:
        export.warnings.append(f"blank: {student} is in the roster but not in the gradebook (nothing graded)")
    for entry in roster:
        student = entry["nbgrader_id"]
        for name, score in scores.get(student, {}).items():
            if score.points is None:
                export.warnings.append(f"blank: {student}, {name}: {score.why}")
        if not (entry["canvas_id"] or entry["sis_user_id"] or entry["sis_login_id"]):
            export.warnings.append(
                f"Canvas cannot match {student}: the roster gives no canvas_id, sis_user_id or sis_login_id"
            )
    return export


def _number(points: float | None) -> str:
    """A score as the LMS reads it: plain decimal, at most 4 places, blank for None."""
    if points is None:
        return ""
    text = f"{points:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _cell(student: str, name: str, export: Export) -> str:
    score = export.scores.get(student, {}).get(name)
    return _number(score.points if score else None)


def write_canvas(export: Export, path: Path) -> None:
    """The Canvas gradebook-import CSV: fixed columns, assignments, the Points Possible row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([*CANVAS_FIXED, *(export.title(a, "canvas") for a in export.assignments)])
        out.writerow(
            [
                CANVAS_POINTS_LABEL,
                "",
                "",
                "",
                "",
                *(_number(export.max_scores[a]) for a in export.assignments),
            ]
        )
        for entry in export.roster:
            student = entry["nbgrader_id"]
            out.writerow(
                [
                    entry["name"] or student,
                    entry["canvas_id"],
                    entry["sis_user_id"],
                    entry["sis_login_id"],
                    entry["section"],
                    *(_cell(student, a, export) for a in export.assignments),
                ]
            )


def write_moodle(export: Export, path: Path, identifier: str = "email") -> list[str]:
    """The Moodle grade-import CSV: one identifier column, then one column per grade item.

    Returns the warnings for roster entries without that identifier (their rows are still written,
    with an empty identifier, which Moodle's importer skips: the warning says so).
    """
    column, header, _field = MOODLE_IDS[identifier]
    problems = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([header, *(export.title(a, "moodle") for a in export.assignments)])
        for entry in export.roster:
            student = entry["nbgrader_id"]
            if not entry[column]:
                problems.append(f"Moodle cannot match {student}: the roster gives no {column}")
            out.writerow([entry[column], *(_cell(student, a, export) for a in export.assignments)])
    return problems


def course_totals(export: Export) -> dict[str, tuple[float, float, int]]:
    """student -> (points on exported assignments, their maximum, number of blank assignments)."""
    totals = {}
    for entry in export.roster:
        student = entry["nbgrader_id"]
        got, top, blanks = 0.0, 0.0, 0
        for name in export.assignments:
            score = export.scores.get(student, {}).get(name)
            if score is None or score.points is None:
                blanks += 1
            else:
                got += score.points
                top += export.max_scores[name]
        totals[student] = (got, top, blanks)
    return totals


def render_report(export: Export, files: list[Path], identifier: str) -> str:
    """The companion report (Markdown): files, warnings, and each student's course total."""
    _column, header, user_field = MOODLE_IDS[identifier]
    lines = [
        "# LMS export",
        "",
        f"Assignments: {', '.join(export.assignments) or 'none'}. Files: {', '.join(p.name for p in files)}.",
        f'Moodle: map the column "{header}" to the user field {user_field}, each assignment column to its '
        "grade item. Canvas: a column it does not know (by title, or by the id in parentheses) becomes a "
        "new assignment.",
        "A blank cell is no grade yet (awaiting a hand grade, or no submission), never a 0.",
        "",
        f"## Warnings ({len(export.warnings)})",
        "",
    ]
    lines += [f"- {w}" for w in export.warnings] or ["Nothing: every roster student has every grade."]
    lines += [
        "",
        "## Course total (exported assignments only)",
        "",
        "| student | points | of | blank |",
        "|---|---:|---:|---:|",
    ]
    for student, (got, top, blanks) in course_totals(export).items():
        lines.append(f"| {student} | {_number(got)} | {_number(top)} | {blanks} |")
    return "\n".join(lines) + "\n"


def export_grades(
    course: Path,
    roster_path: Path,
    out_dir: Path,
    only: list[str] | None = None,
    identifier: str = "email",
    columns: Path | None = None,
) -> tuple[Export, list[Path]]:
    """Read the gradebook and the roster, write both CSV files and the report; return what was done.

    ``columns``: a column-titles file (:func:`read_columns`); default ``lms_columns.csv`` in the
    course root if there is one.
    """
    roster = read_roster(roster_path)
    export = build_export(report.gradebook_url(course), roster, only)
    columns = columns or (course / "lms_columns.csv")
    if columns.is_file():
        export.titles = read_columns(columns)
        for name in sorted(set(export.titles) - set(export.assignments)):
            export.warnings.append(f"{columns.name} names {name}, which is not exported")
    out_dir.mkdir(parents=True, exist_ok=True)
    canvas, moodle, companion = out_dir / CANVAS_FILE, out_dir / MOODLE_FILE, out_dir / REPORT_FILE
    write_canvas(export, canvas)
    export.warnings += write_moodle(export, moodle, identifier)
    companion.write_text(render_report(export, [canvas, moodle], identifier), encoding="utf-8")
    return export, [canvas, moodle, companion]


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring); exit 1 if a gradebook student is not in the roster."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=Path.cwd())
    parser.add_argument("--roster", type=Path, default=Path("roster.csv"))
    parser.add_argument("--out-dir", type=Path, default=None, help="default: the course root")
    parser.add_argument("--only", nargs="*", default=None, help="assignments to export (default: all)")
    parser.add_argument("--moodle-id", choices=sorted(MOODLE_IDS), default="email")
    args = parser.parse_args(argv)
    roster = args.roster if args.roster.is_absolute() else args.course / args.roster
    if not roster.is_file():
        print(f"no roster at {roster}: write one (columns: {', '.join(ROSTER_COLUMNS)}; docs/instructors.md)")
        return 2
    url = report.gradebook_url(args.course)
    if url == report.default_gradebook_url(args.course) and not (args.course / "gradebook.db").exists():
        print(f"no gradebook at {args.course / 'gradebook.db'}: run `make autograde` first")
        return 2
    try:
        export, files = export_grades(
            args.course, roster, args.out_dir or args.course, args.only or None, args.moodle_id
        )
    except (RosterError, UnknownAssignment) as exc:
        print(f"export refused: {exc}")
        return 2
    print(f"exported {len(export.assignments)} assignment(s) for {len(export.roster)} roster student(s):")
    for path in files:
        print(f"  {path}")
    for warning in export.warnings:
        print(f"  ! {warning}")
    return 1 if export.not_in_roster else 0


if __name__ == "__main__":
    sys.exit(main())
