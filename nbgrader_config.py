"""nbgrader configuration of the course.

The assignment source (with solutions) lives in ``solutions/<assignment>/``; the student
release generated from it lives in ``exercises/<assignment>/``. Instructors drive everything
through ``make release | autograde | feedback | grades`` (see docs/instructors.md).
"""

import os
import sys

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    IgnorePattern,
    LimitOutput,
    OverwriteKernelspec,
)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tools.grading.feedback_html import FeedbackHTMLExporter, GetGradesAwaitingHand
from tools.grading.late_policy import ApplyDueDates, PerDayLatePenalty
from tools.grading.nbgrader_plugins import (
    BatchedSaveAutoGrades,
    DecideVerdicts,
    RobustDeduplicateIds,
    RobustOverwriteCells,
    SandboxedExecute,
    ScrubHiddenTracebacks,
    ShapeOutputs,
)

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "mutual-information"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Autograding. A cell may run for NBGRADER_CELL_TIMEOUT seconds (60 by default; every test cell of
# the reference solution takes well under one); a cell that runs longer, e.g. an infinite loop, is
# interrupted, scores 0, and the cells after it still run.
c.Execute.timeout = int(os.environ.get("NBGRADER_CELL_TIMEOUT", "60"))
c.Execute.interrupt_on_timeout = True
# A deleted or de-marked test cell is put back (nbgrader's default leaves it out, and the submission
# then waits for a manual grade forever); RobustOverwriteCells also survives a missing neighbour,
# and RobustDeduplicateIds keeps a student who duplicated a cell from failing to autograde.
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    RobustDeduplicateIds,
    OverwriteKernelspec,
    RobustOverwriteCells,
    CheckCellMetadata,
]

# The kernel runs in the grading sandbox (tools/grading/sandbox.py) with this run's hidden inputs; the
# notebook's "try it" and figure cells (tag "demo") earn no points and are not run. DecideVerdicts then
# sets every test cell's outcome in this (trusted) process from the results the cell reported, before
# the grades are saved, in one gradebook transaction per notebook.
# ShapeOutputs then rebuilds every output into a fixed shape (tools/grading/outputs.py): allowed output
# and MIME types, typed image metadata, no widget state, a bounded size; what it drops is reported.
c.Autograde.autograde_preprocessors = [
    SandboxedExecute,
    ShapeOutputs,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    DecideVerdicts,
    BatchedSaveAutoGrades,
    ApplyDueDates,
    AssignLatePenalties,
]  # nbgrader also re-checks the cell metadata here; the sanitising step has just checked it

# Due dates and the late penalty (tools/grading/late_policy.py): a submission whose timestamp.txt is
# after its assignment's due date (UTC) loses 10 % of the points it earned per started day late, all
# of them at most; the feedback page shows the penalty and `make grades` / the export subtract it.
c.ApplyDueDates.due_dates = {
    "mutual_information": "2027-02-19 23:59:00",
    "estimation_in_practice": "2027-03-19 23:59:00",
}
c.AssignLatePenalties.plugin_class = PerDayLatePenalty
c.PerDayLatePenalty.fraction_per_day = 0.1

# Feedback: no test cell holds hidden tests any more (hidden inputs are drawn by the grader and
# expected values never enter the kernel), so nbgrader's ClearHiddenTests is not needed, and a
# literal "### BEGIN HIDDEN TESTS" in a student's answer cannot break feedback generation.
# ScrubHiddenTracebacks stays as a second line for any cell that still carries the marker.
c.GenerateFeedback.preprocessors = [
    GetGradesAwaitingHand,
    CSSHTMLHeaderPreprocessor,
    ScrubHiddenTracebacks,
]
# Its pages carry a Content-Security-Policy (no script, no remote load) and say "awaiting a hand
# grade" for written answers not graded yet (tools/grading/feedback_html.py).
c.GenerateFeedback.exporter_class = FeedbackHTMLExporter

# Feedback pages (and anything else exported to HTML) never run student-supplied markup: markdown and
# HTML/JS outputs are sanitised by nbconvert.
c.HTMLExporter.sanitize_html = True
c.HTMLExporter.preprocessors = [SanitizeHTML]  # nbgrader's feedback and formgrade templates need this too

# The exchange (nbgrader release_assignment / collect) needs an existing writable folder; most
# classes of this course clone the repository instead and hand in through the LMS.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
