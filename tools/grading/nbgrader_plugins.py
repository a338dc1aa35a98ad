"""The nbgrader preprocessors that the course's ``nbgrader_config.py`` plugs in.

``RobustDeduplicateIds``
    When several cells carry the same grade_id (a student copied a test cell, or split a
    solution cell), nbgrader's ``DeduplicateIds`` keeps the last one and leaves the others with
    ``"nbgrader": {}``; ``CheckCellMetadata`` then takes that empty dict for metadata of an old
    nbgrader version and the whole submission fails to autograde. This subclass removes the
    emptied metadata, so the copies become ordinary cells and the submission is graded.

``RobustOverwriteCells``
    nbgrader's ``OverwriteCells`` with ``add_missing_cells`` re-inserts a deleted grade cell right
    after the grade or solution cell that precedes it in the source, and raises ``KeyError`` (so
    the whole submission fails to autograde) when that neighbour is gone too, e.g. a student
    deleted a solution cell together with its test. This subclass walks further back to the
    nearest neighbour that is present and, failing that, appends the cell at the end. nbgrader's
    ``add_missing_task_cells`` also raises ``KeyError`` on every cell that ``DeduplicateIds`` has
    emptied (a duplicated cell carries ``"nbgrader": {}``), so a student who copies a test cell
    would not be graded at all; that is fixed here too.

``SkipDemoCells``
    nbgrader's ``Execute`` that does not run code cells tagged ``demo`` (the notebook's "try it"
    and figure cells): they earn no points, and skipping them (matplotlib, seaborn, sweeps) keeps
    autograding close to nbgrader's own per-student cost. Grade, solution and locked cells always
    run, whatever their tags.

``BatchedSaveAutoGrades``
    nbgrader's ``SaveAutoGrades`` commits the gradebook after every grade and solution cell (39
    SQLite transactions per submission of this assignment); this subclass writes the same rows in
    one transaction per notebook, which is also all-or-nothing if grading a notebook fails.

``ScrubHiddenTracebacks``
    ``ClearHiddenTests`` removes hidden tests from the *source* shown in feedback, but the
    traceback of a failing cell prints the source lines around the failing statement, hidden
    tests included. For every cell that holds hidden tests, this keeps only the last line of each
    error (``ExceptionName: message``); the course's checks write messages that describe the
    input in words and never show a hidden expected value. Put it before ``ClearHiddenTests``.
"""

from __future__ import annotations

from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook
from nbgrader.preprocessors import (
    DeduplicateIds,
    Execute,
    NbGraderPreprocessor,
    OverwriteCells,
    SaveAutoGrades,
)
from traitlets import Unicode

__all__ = [
    "BatchedSaveAutoGrades",
    "RobustDeduplicateIds",
    "RobustOverwriteCells",
    "ScrubHiddenTracebacks",
    "SkipDemoCells",
]


class RobustDeduplicateIds(DeduplicateIds):
    """``DeduplicateIds`` that turns duplicates into plain cells instead of cells with empty metadata."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], cell_index: int
    ) -> tuple[NotebookNode, dict]:
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if "nbgrader" in cell.metadata and not cell.metadata["nbgrader"]:
            del cell.metadata["nbgrader"]
        return cell, resources


class RobustOverwriteCells(OverwriteCells):
    """``OverwriteCells`` whose ``add_missing_cells`` survives a missing neighbouring cell."""

    def add_missing_grade_cells(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict]:
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_ids = [cell.name for cell in source_nb.source_cells]
        solution_ids = {cell.name for cell in source_nb.solution_cells}
        present = {
            cell.metadata.nbgrader["grade_id"]
            for cell in nb.cells
            if utils.is_grade(cell) or utils.is_solution(cell)
        }
        for grade_cell in source_nb.grade_cells:
            name = grade_cell.name
            if name in present:
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", name)
            source_cell = source_nb.source_cells[source_ids.index(name)]
            new_cell = self.missing_cell_transform(
                source_cell, grade_cell.max_score, is_solution=name in solution_ids
            )
            position = self._insert_position(nb, source_ids, source_ids.index(name), present)
            nb.cells.insert(position, new_cell)
            present.add(name)
        return nb, resources

    def add_missing_task_cells(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict]:
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        source_ids = [cell.name for cell in source_nb.source_cells]
        present = {cell.metadata.get("nbgrader", {}).get("grade_id") for cell in nb.cells}
        for task_cell in source_nb.task_cells:
            if task_cell.name not in present:
                source_cell = source_nb.source_cells[source_ids.index(task_cell.name)]
                nb.cells.append(self.missing_cell_transform(source_cell, task_cell.max_score, is_task=True))
        return nb, resources

    @staticmethod
    def _insert_position(nb: NotebookNode, source_ids: list[str], index: int, present: set[str]) -> int:
        """Just after the nearest earlier source cell still in ``nb``; the start if it was first."""
        if index == 0:
            return 0
        for earlier in reversed(source_ids[:index]):
            if earlier not in present:
                continue
            for position, cell in enumerate(nb.cells):
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade_id") == earlier and (utils.is_grade(cell) or utils.is_solution(cell)):
                    return position + 1
        return len(nb.cells)


class SkipDemoCells(Execute):
    """``Execute`` that leaves code cells tagged ``skip_tag`` unexecuted (and without outputs)."""

    skip_tag = Unicode("demo", help="Code cells with this tag are not run while autograding.").tag(
        config=True
    )

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> tuple[NotebookNode, Any]:
        graded = utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)
        if cell.cell_type == "code" and not graded and self.skip_tag in cell.metadata.get("tags", []):
            return cell, resources
        return super().preprocess_cell(cell, resources, index)


class BatchedSaveAutoGrades(SaveAutoGrades):
    """``SaveAutoGrades`` with one gradebook transaction per notebook instead of one per cell."""

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.student_id = resources["nbgrader"]["student"]
        self.db_url = resources["nbgrader"]["db_url"]
        self.gradebook = Gradebook(self.db_url)
        with self.gradebook:
            session = self.gradebook.db
            commit = session.commit
            session.commit = lambda: None  # the parent's per-cell commits; flushes still happen
            try:
                nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
            finally:
                del session.commit
            commit()
        return nb, resources


class ScrubHiddenTracebacks(NbGraderPreprocessor):
    """Reduce the tracebacks of cells that hold hidden tests to their last line."""

    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS").tag(config=True)

    note = Unicode(
        "(traceback hidden: this cell contains hidden tests)",
        help="Appended after the error line of a scrubbed cell.",
    ).tag(config=True)

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict]:
        if cell.cell_type != "code" or self.begin_test_delimeter not in cell.source:
            return cell, resources
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                last_line = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
                output["traceback"] = [last_line, self.note]
        return cell, resources
