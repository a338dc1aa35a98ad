"""The course's late policy: due dates per assignment and a penalty per started day late.

``ApplyDueDates``
    An autograde preprocessor (before nbgrader's ``AssignLatePenalties``): it writes the due date
    that ``nbgrader_config.py`` gives the assignment into the gradebook being graded, so that
    nbgrader measures how late each submission's ``timestamp.txt`` is. An assignment without a due
    date is never late.

``PerDayLatePenalty``
    nbgrader's late-submission plugin with the course's rule: a submission ``d`` started days late
    loses ``fraction_per_day * d`` of the points it earned, never more than all of them
    (10 % a day by default: one minute late costs 10 %, 1 day and 1 minute 20 %, 10 days or more
    everything). nbgrader stores the penalty per notebook; ``nbgrader export``, ``make grades`` and
    the feedback page ("Late submission penalty") subtract it.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict, Float

DAY_SECONDS = 86_400


def per_day_penalty(score: float, seconds_late: float, fraction_per_day: float) -> float:
    """Points lost by a submission ``seconds_late`` late that earned ``score``.

    >>> per_day_penalty(10.0, 60, 0.1), per_day_penalty(10.0, 86_460, 0.1), per_day_penalty(10.0, 0, 0.1)
    (1.0, 2.0, 0.0)
    >>> per_day_penalty(10.0, 30 * 86_400, 0.1)
    10.0
    """
    if seconds_late <= 0 or score <= 0:
        return 0.0
    days = math.ceil(seconds_late / DAY_SECONDS)
    return min(score, round(score * fraction_per_day * days, 10))


class PerDayLatePenalty(LateSubmissionPlugin):
    """Lose ``fraction_per_day`` of the earned points per started day late (all of them at most)."""

    fraction_per_day = Float(0.1, help="Fraction of the earned points lost per started day late.").tag(
        config=True
    )

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        penalty = per_day_penalty(
            float(score or 0.0), float(total_seconds_late or 0.0), self.fraction_per_day
        )
        self.log.info(
            "Late by %.0f s: %s loses %.3g of %.3g points", total_seconds_late, student_id, penalty, score
        )
        return penalty


class ApplyDueDates(NbGraderPreprocessor):
    """Write the configured due date of the assignment being graded into its gradebook."""

    due_dates = Dict(
        {}, help="assignment id -> due date, 'YYYY-MM-DD HH:MM:SS' in UTC (an assignment not named has none)"
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        assignment = resources["nbgrader"]["assignment"]
        due = self.due_dates.get(assignment)
        if due:
            with Gradebook(resources["nbgrader"]["db_url"]) as gb:
                gb.update_or_create_assignment(assignment, duedate=datetime.fromisoformat(str(due)))
        return nb, resources


def configured_due_dates(course: Path) -> dict[str, str]:
    """``c.ApplyDueDates.due_dates`` of the course's ``nbgrader_config.py`` (empty if it sets none)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    return dict(config.ApplyDueDates.get("due_dates", {}))


def record_due_date(course: Path, assignment: str) -> str | None:
    """Write ``assignment``'s configured due date into the course gradebook; the date, or None.

    The workers' gradebook copies get it from :class:`ApplyDueDates`; the course gradebook needs it
    too, for ``nbgrader export``, ``make export`` (assignments by due date) and the Formgrader.
    """
    due = configured_due_dates(course).get(assignment)
    if not due:
        return None
    from tools.grading.report import gradebook_url  # the configured gradebook (PostgreSQL on a hub)

    with Gradebook(gradebook_url(course)) as gb:
        gb.update_or_create_assignment(assignment, duedate=datetime.fromisoformat(str(due)))
    return str(due)


__all__ = ["ApplyDueDates", "PerDayLatePenalty", "configured_due_dates", "per_day_penalty", "record_due_date"]
