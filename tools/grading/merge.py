"""Copy one student's autograde results from a worker's gradebook copy into the course gradebook."""

from __future__ import annotations

from typing import Any


def merge_student(main: Any, part: Any, assignment: str, student: str) -> None:
    """Make ``main`` hold what ``part`` holds for this submission (automatic scores and comments).

    Manual scores in ``main`` are kept: the worker started from a copy of it, so the manual part of
    its rows is what ``main`` had.
    """
    from nbgrader.api import MissingEntry

    submission = part.find_submission(assignment, student)
    record = part.find_student(student)
    main.update_or_create_student(
        student, first_name=record.first_name, last_name=record.last_name, email=record.email
    )
    try:
        target = main.find_submission(assignment, student)
    except MissingEntry:
        target = main.add_submission(assignment, student, timestamp=submission.timestamp)
    target.timestamp = submission.timestamp
    for notebook in submission.notebooks:
        target_nb = main.find_submission_notebook(notebook.name, assignment, student)
        target_nb.flagged = notebook.flagged
        if notebook.late_submission_penalty is not None:
            target_nb.late_submission_penalty = notebook.late_submission_penalty
        for grade in notebook.grades:
            into = main.find_grade(grade.name, notebook.name, assignment, student)
            into.auto_score = grade.auto_score
            into.needs_manual_grade = grade.needs_manual_grade
        for comment in notebook.comments:
            into = main.find_comment(comment.name, notebook.name, assignment, student)
            into.auto_comment = comment.auto_comment
    main.db.commit()
