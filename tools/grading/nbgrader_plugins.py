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

``SandboxedExecute``
    ``SkipDemoCells`` whose kernel runs in the grading sandbox (``tools.grading.sandbox``) with this
    run's hidden inputs, a wall-clock budget for the whole notebook and a budget of output bytes,
    under a uid of its own, in a control group of its own (one memory and process budget and one
    CPU weight for the whole sandbox, where the grader may make one) and with the grading copy of
    ``mi_helpers``.
    A kernel that dies (or is killed at the budget) costs the cells not yet run, nothing else.
    Every iopub message counts against the output budget (display updates, ``clear_output`` and
    comm messages included), with a cap per message; updates and comm messages are never applied.

``ShapeOutputs``
    Right after ``SandboxedExecute``: every output and the notebook's and cells' metadata are
    rebuilt into the fixed shape of ``tools.grading.outputs`` (allowed output and MIME types,
    typed image metadata, integer execution counts, no widget state, a bounded size); what was
    dropped is recorded in the notebook for the grades report.

``DecideVerdicts``
    The trusted step after execution: it reads the results each test cell reported, computes the
    expected values itself (``tools.grading.hidden``, ``tools.grading.reference``), compares them
    with plain arithmetic and *replaces* the cell's outputs with its own verdict (✓ lines, or an
    error output that nbgrader scores 0). Nothing the kernel prints can mark a cell as passed.

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

import json
import os
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import v4
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
from traitlets import Bool, Unicode

from mi_exercises.assignments import CHECKS, checks_of
from mi_exercises.compare import judge
from mi_exercises.encoding import MalformedResult, parse_outcome
from mi_exercises.grader import INPUTS_ENV, RESULTS_MIME
from tools.grading import cgroups, hidden, outputs, sandbox

SEED_ENV = "MI_GRADING_SEED"
UNSANDBOXED_ENV = "MI_GRADING_UNSANDBOXED"
_CASES: dict[tuple[int, str], dict] = {}
DEFAULT_ASSIGNMENT = "mutual_information"
_CGROUP_NOTED: list[str] = []  # the reason sandboxes get no control group, once logged


def run_seed() -> int:
    """This grading run's seed: ``MI_GRADING_SEED`` (set by tools.grading.run), else drawn once."""
    if SEED_ENV not in os.environ:
        os.environ[SEED_ENV] = str(secrets.randbits(62))
    return int(os.environ[SEED_ENV])


def run_cases(assignment: str = DEFAULT_ASSIGNMENT) -> dict:
    """This run's hidden cases of ``assignment`` (with expected values: they never leave this process)."""
    key = (run_seed(), assignment)
    if key not in _CASES:
        _CASES[key] = hidden.hidden_cases(key[0], assignment)
    return _CASES[key]


def _assignment(resources: Any) -> str:
    """The assignment being graded (nbgrader puts its id in the resources)."""
    found = resources.get("nbgrader", {}).get("assignment") if isinstance(resources, dict) else None
    return found if isinstance(found, str) and found else DEFAULT_ASSIGNMENT


__all__ = [
    "BatchedSaveAutoGrades",
    "DecideVerdicts",
    "RobustDeduplicateIds",
    "RobustOverwriteCells",
    "SandboxedExecute",
    "ScrubHiddenTracebacks",
    "ShapeOutputs",
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


class SandboxedExecute(SkipDemoCells):
    """Run the notebook in the grading sandbox, within a wall-clock and an output-bytes budget."""

    store_widget_state = Bool(False, help="Widget state never enters a graded notebook.")

    def preprocess(self, nb: NotebookNode, resources: Any, km: Any = None) -> tuple[NotebookNode, Any]:
        limits = sandbox.Limits.from_env()
        root = Path(tempfile.mkdtemp(prefix="mi-sandbox-"))
        os.chmod(root, 0o755)
        inputs = root / "inputs.json"
        cases = run_cases(_assignment(resources))
        inputs.write_text(json.dumps(hidden.kernel_inputs(cases)), encoding="utf-8")
        os.chmod(inputs, 0o644)
        self._output_bytes = 0
        self._output_limit = limits.output_bytes
        self._drops: dict[str, int] = {}
        self._capped: set[int] = set()
        resources[outputs.REFUSED_KEY] = self._drops  # read (and removed) by ShapeOutputs
        self._dead: str | None = None
        self._conn: Path | None = None  # locked before the first cell (see preprocess_cell)
        self._deadline = time.monotonic() + limits.wall_seconds
        unsandboxed = os.environ.get(UNSANDBOXED_ENV) == "1"
        # A sandboxed kernel is killed at the end, not asked to exit: its PID namespace goes with
        # it, and a graceful shutdown only adds the kernel's exit time (about 0.3 s) to every
        # notebook while the worker waits. Unsandboxed grading keeps nbgrader's default.
        self.shutdown_kernel = "graceful" if unsandboxed else "immediate"
        saved_env = os.environ.get(INPUTS_ENV)
        lease = None
        group = None
        try:
            if unsandboxed:
                os.environ[INPUTS_ENV] = str(inputs)  # the kernel inherits the grader's environment
            else:
                work, conn = root / "work", root / "conn"
                work.mkdir()
                # A submission is its notebooks: nothing else is copied in (no sidecar modules).
                source = Path(resources.get("metadata", {}).get("path") or ".")
                for notebook in source.glob("*.ipynb"):
                    shutil.copy2(notebook, work / notebook.name)
                lease = sandbox.lease_uid()  # this sandbox's own uid (and process budget) while it runs
                sandbox.prepare_folder(work, lease.uid)
                sandbox.prepare_folder(conn, lease.uid)
                group = self._sandbox_cgroup(lease.uid, limits)
                self._conn = conn
                self.kernel_manager_class = type(
                    "NotebookSandbox",
                    (sandbox.SandboxedKernelManager,),
                    {
                        "sandbox_work": work,
                        "sandbox_conn": conn,
                        "sandbox_inputs": inputs,
                        "sandbox_limits": limits,
                        "sandbox_uid": lease.uid,
                        "sandbox_library": sandbox.library_copy(),
                        "sandbox_cgroup": tuple(group.procs) if group is not None else (),
                    },
                )
            watchdog = threading.Timer(limits.wall_seconds + self.timeout + 5, self._kill)
            watchdog.daemon = True
            watchdog.start()
            try:
                return super().preprocess(nb, resources, km=km)
            finally:
                watchdog.cancel()
        finally:
            if unsandboxed:
                if saved_env is None:
                    os.environ.pop(INPUTS_ENV, None)
                else:
                    os.environ[INPUTS_ENV] = saved_env
            shutil.rmtree(root, ignore_errors=True)
            if group is not None:  # whatever is left in it is killed first, however the kernel ended
                group.remove()
            if lease is not None:
                lease.release()

    def _sandbox_cgroup(self, uid: int, limits: sandbox.Limits) -> cgroups.SandboxCgroup | None:
        """The sandbox's control group (memory, pids, CPU weight for all its processes together), or
        None where none can be made: then the per-process rlimits alone hold, said once per process."""
        reason = cgroups.unavailable()
        if reason is None:
            try:
                return cgroups.SandboxCgroup(
                    f"{cgroups.PREFIX}{uid}", memory_bytes=limits.memory_bytes, processes=limits.processes
                )
            except (OSError, RuntimeError) as exc:  # never a reason not to grade
                reason = f"making one failed: {exc}"
        if not _CGROUP_NOTED:
            _CGROUP_NOTED.append(reason)
            self.log.warning(
                "sandboxes get no control group (%s): memory and processes are limited per "
                "process only (RLIMIT_AS, RLIMIT_NPROC), not per sandbox",
                reason,
            )
        return None

    def _lock_conn(self) -> None:
        """Once the kernel is up (its sockets made), its socket folder becomes the grader's, read-only
        for the sandbox: that folder is on the grader's disk, and no code of a cell may write there.
        (As root only: an ordinary grader account's sandbox runs as that account.)"""
        conn, self._conn = self._conn, None
        if conn is not None and os.geteuid() == 0:
            os.chown(conn, 0, 0)
            os.chmod(conn, 0o755)

    def _kill(self) -> None:
        self._dead = "the notebook's wall-clock budget ran out"
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            process.kill()

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> tuple[NotebookNode, Any]:
        if cell.cell_type != "code":
            return cell, resources
        self._lock_conn()
        if self._dead is None and time.monotonic() > self._deadline:
            self._dead = "the notebook's wall-clock budget ran out"
        if self._dead is not None:
            cell.outputs = [_error("GradingStopped", f"not run: {self._dead}")]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except CellTimeoutError:
            cell.outputs.append(_error("CellTimeoutError", "the cell did not finish within the cell timeout"))
            return cell, resources
        except DeadKernelError:
            self._dead = self._dead or "the kernel died (it exited, was killed, or hit a limit)"
            cell.outputs = [_error("DeadKernelError", self._dead)]
            return cell, resources
        except Exception as exc:  # a kernel that breaks the protocol is stopped; the grader carries on
            self._dead = f"the kernel broke the Jupyter protocol ({type(exc).__name__})"
            self._kill_quietly()
            cell.outputs = [_error("DeadKernelError", self._dead)]
            return cell, resources

    def _kill_quietly(self) -> None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            process.kill()

    def process_message(self, msg: dict, cell: NotebookNode, cell_index: int) -> NotebookNode | None:
        """Count every iopub message against the output budget before nbclient sees it.

        A message over the per-message cap (printed text, which ipykernel sends in chunks of its own
        making, only counts against the budget), or past the notebook's budget, is dropped (the cell
        gets one ``OutputLimit`` error saying so); display updates and comm (widget) messages are
        never applied: an update would rewrite every earlier output with its display id, and widget
        state would land in the notebook. Display ids are removed, so an output is stored once.
        """
        msg_type = str(msg.get("msg_type") or msg.get("header", {}).get("msg_type") or "")
        size = outputs.message_size(msg)
        self._output_bytes += size
        if msg_type in ("status", "execute_input"):
            return super().process_message(msg, cell, cell_index)
        over = self._output_bytes > self._output_limit
        capped = msg_type != "stream" and size > outputs.MAX_MESSAGE_BYTES  # streams: the budget
        if over or capped:
            self._note_drop(f"{msg_type} messages past the output budget or over the per-message cap")
            if over and self._output_bytes - size <= self._output_limit:
                note = f"output beyond {self._output_limit} bytes is dropped"
                cell.outputs.append(_error("OutputLimit", note))
            elif not over and cell_index not in self._capped:
                self._capped.add(cell_index)
                note = f"a {size}-byte message (over {outputs.MAX_MESSAGE_BYTES} bytes) is dropped"
                cell.outputs.append(_error("OutputLimit", note))
            return None
        if msg_type == "update_display_data" or msg_type.startswith("comm"):
            self._note_drop(f"{msg_type} messages (display updates and widgets are not kept)")
            return None
        content = msg.get("content")
        if isinstance(content, dict):
            content.pop("transient", None)
        return super().process_message(msg, cell, cell_index)

    def _note_drop(self, note: str) -> None:
        self._drops[note] = self._drops.get(note, 0) + 1


class ShapeOutputs(NbGraderPreprocessor):
    """Rebuild every output and the metadata into the fixed shape of ``tools.grading.outputs``
    and record what was dropped (with what ``SandboxedExecute`` refused) in the notebook."""

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        refused = resources.pop(outputs.REFUSED_KEY, {}) if isinstance(resources, dict) else {}
        notes = [f"{count} {what}" for what, count in refused.items()]
        dropped = outputs.shape_notebook(nb, notes)
        if dropped:
            self.log.warning("Dropped from the kernel's outputs: %s", "; ".join(dropped[:5]))
        return nb, resources


def _error(name: str, message: str) -> NotebookNode:
    return v4.new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])


def _payloads(cell: NotebookNode) -> list[Any]:
    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {}) if isinstance(output, dict) else None
        if (
            isinstance(data, dict)
            and output.get("output_type") in ("display_data", "execute_result")
            and RESULTS_MIME in data
        ):
            found.append(data[RESULTS_MIME])
    return found


def parse_payload(check_id: str, payload: Any) -> tuple[list[dict], list[dict]]:
    """The (visible, hidden) outcomes a test cell reported, in a strict shape.

    This is the one place where what a kernel reported enters the grader: anything that does not
    have exactly the shape :func:`mi_exercises.grader.check` sends (keys, kinds, sizes, numbers
    that fit a float) raises :class:`MalformedResult` with a message saying what is wrong.
    """
    if not isinstance(payload, dict) or set(payload) != {"check", "visible", "hidden"}:
        raise MalformedResult("the results reported by this cell are not those of this check")
    if payload["check"] != check_id:
        raise MalformedResult("the results reported by this cell are not those of this check")
    spec = CHECKS[check_id]
    visible, reported = payload["visible"], payload["hidden"]
    if not isinstance(visible, list) or not isinstance(reported, list) or len(visible) != len(spec.visible):
        raise MalformedResult("this cell reported an incomplete set of results")
    if len(reported) > 1000:
        raise MalformedResult("this cell reported an incomplete set of results")
    parsed = []
    for part, outcomes in (("visible", visible), ("hidden", reported)):
        parsed.append([])
        for index, outcome in enumerate(outcomes):
            try:
                parsed[-1].append(parse_outcome(outcome))
            except MalformedResult as exc:
                raise MalformedResult(
                    f"this cell's results are malformed ({part} result {index + 1}: {exc})"
                ) from None
    return parsed[0], parsed[1]


def verdict(check_id: str, payload: Any, hidden_cases: list) -> tuple[str | None, list[str]]:
    """(problem or None, ✓ lines) for one test cell's reported results; plain arithmetic only.

    Never raises on what the kernel reported: a payload that does not parse fails the cell.
    """
    spec = CHECKS[check_id]
    try:
        visible, reported = parse_payload(check_id, payload)
    except MalformedResult as exc:
        message = str(exc)
        return message[0].upper() + message[1:], []
    if len(reported) != len(hidden_cases):
        return "This cell reported an incomplete set of results", []
    lines = []
    for case, outcome in zip(spec.visible, visible, strict=True):
        problem = _judge(spec, case, outcome, hidden=False)
        if problem:
            return problem, lines
        lines.append(f"✓ {case.what}")
    for case, outcome in zip(hidden_cases, reported, strict=True):
        problem = _judge(spec, case, outcome, hidden=True)
        if problem:
            return problem, lines
    lines.append(f"✓ {spec.function}: {len(hidden_cases)} hidden checks passed")
    return None, lines


def _judge(spec: Any, case: Any, outcome: dict[str, Any], hidden: bool) -> str | None:
    """The judge on one parsed outcome (see :func:`parse_payload`)."""
    try:
        return judge(
            case.kind or spec.kind,
            outcome,
            case.expected,
            tol=spec.tol,
            what=case.what,
            unit=spec.unit,
            hidden=hidden,
            function=spec.function,
            limits=spec.limits,
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError):
        return f"A malformed result for {case.what}"


def _cell_verdict(cell: NotebookNode, check_id: str, hidden_cases: list) -> tuple[str | None, list[str]]:
    """(problem or None, ✓ lines) for one test cell, from its outputs."""
    payloads = _payloads(cell)
    errors = [o for o in cell.get("outputs", []) if isinstance(o, dict) and o.get("output_type") == "error"]
    if len(payloads) == 1:
        return verdict(check_id, payloads[0], hidden_cases)
    if payloads:
        return "This cell reported results more than once", []
    if errors:
        name, value = errors[0].get("ename", "Error"), errors[0].get("evalue", "")
        reason = f"{str(name)[:100]}: {str(value)[:200]}"
        return f"The test cell stopped before reporting any result ({reason})", []
    return "The test cell reported no result to the grader", []


class DecideVerdicts(NbGraderPreprocessor):
    """Set every autograded test cell's outcome from the results it reported (see module docstring)."""

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        assignment = _assignment(resources)
        cases = run_cases(assignment)
        own = checks_of(assignment)
        failed: dict[str, str] = {}
        for cell in nb.cells:
            if cell.cell_type != "code" or not utils.is_grade(cell) or utils.is_solution(cell):
                continue
            check_id = cell.metadata["nbgrader"].get("grade_id")
            if (
                not isinstance(check_id, str) or check_id not in own
            ):  # fail safe: what the kernel printed decides nothing (another assignment's cell too)
                cell.outputs = [
                    _error(
                        "AssertionError",
                        f"no check is defined for the test cell {check_id}: "
                        f"add it to {assignment}'s checks (mi_exercises/assignments.py) and hidden inputs",
                    )
                ]
                continue
            try:
                problem, lines = _cell_verdict(cell, check_id, cases.get(check_id, []))
            except Exception as exc:  # a last resort: no student data may stop the grader
                problem = f"The grader could not read this cell's results ({type(exc).__name__})"
                lines = []
            spec = CHECKS[check_id]
            if problem:
                culprits = [
                    CHECKS[u].function
                    for u in spec.uses
                    if u in failed and CHECKS[u].function != spec.function
                ]
                if culprits and "not implemented yet" not in problem:
                    problem += (
                        f". Note: {', '.join(culprits)} fails its own test; if {spec.function} "
                        "builds on it, fix that first"
                    )
                failed[check_id] = problem
                cell.outputs = [_error("AssertionError", problem)]
            else:
                cell.outputs = [v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n")]
        return nb, resources
