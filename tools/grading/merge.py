"""One student's autograde results, read from a worker's gradebook copy and written into the course's.

A worker (``tools.grading.worker``) grades a student into its private SQLite copy, then reads the
results back with :func:`read_submission` and sends them to the parent as plain data in its answer.
The parent, the only writer of the course gradebook, applies them with :func:`apply_submission`
while the other students are still being graded. Only what autograding decides travels: automatic
scores and comments, whether a cell needs a manual grade, the flag, the late penalty and the
timestamp. Manual scores in the course gradebook are kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


def read_submission(gb: Any, assignment: str, student: str) -> dict[str, Any]:
    """What autograding wrote for ``student`` in the gradebook ``gb``, as JSON-ready data."""
    submission = gb.find_submission(assignment, student)
    record = gb.find_student(student)
    notebooks = {}
    for notebook in submission.notebooks:
        notebooks[notebook.name] = {
            "flagged": bool(notebook.flagged),
            "late_submission_penalty": notebook.late_submission_penalty,
            "grades": {g.name: [g.auto_score, bool(g.needs_manual_grade)] for g in notebook.grades},
            "comments": {c.name: c.auto_comment for c in notebook.comments},
        }
    return {
        "first_name": record.first_name,
        "last_name": record.last_name,
        "email": record.email,
        "timestamp": submission.timestamp.isoformat() if submission.timestamp else None,
        "notebooks": notebooks,
    }


def apply_submission(main: Any, assignment: str, student: str, data: dict[str, Any]) -> None:
    """Make ``main`` hold ``data`` (from :func:`read_submission`) for this submission; one commit.

    Each notebook's grades and comments are loaded in one go and matched by cell name (not one
    query per cell), so a class is merged while it is still being graded.
    """
    from nbgrader.api import MissingEntry

    main.update_or_create_student(
        student, first_name=data["first_name"], last_name=data["last_name"], email=data["email"]
    )
    timestamp = datetime.fromisoformat(data["timestamp"]) if data["timestamp"] else None
    try:
        target = main.find_submission(assignment, student)
    except MissingEntry:
        target = main.add_submission(assignment, student, timestamp=timestamp)
    target.timestamp = timestamp
    present = {notebook.name: notebook for notebook in target.notebooks}
    for name, notebook in data["notebooks"].items():
        target_nb = present.get(name) or main.find_submission_notebook(name, assignment, student)
        target_nb.flagged = notebook["flagged"]
        if notebook["late_submission_penalty"] is not None:
            target_nb.late_submission_penalty = notebook["late_submission_penalty"]
        grades = {grade.name: grade for grade in target_nb.grades}
        for cell, (auto_score, needs_manual_grade) in notebook["grades"].items():
            into = grades.get(cell) or main.find_grade(cell, name, assignment, student)
            into.auto_score = auto_score
            into.needs_manual_grade = needs_manual_grade
        comments = {comment.name: comment for comment in target_nb.comments}
        for cell, auto_comment in notebook["comments"].items():
            into = comments.get(cell) or main.find_comment(cell, name, assignment, student)
            into.auto_comment = auto_comment
    main.db.commit()
