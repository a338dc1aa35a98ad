"""A grading worker: autogrades the students it is sent, one nbgrader call each, on its own gradebook copy.

With ``--task feedback`` it writes each student's feedback instead (no student code runs then;
it reads the course gradebook and writes only ``feedback/<student>/``).

``tools.grading.run`` starts ``JOBS`` workers. Each reads requests on stdin, runs nbgrader's
autograde for that one student through :class:`nbgrader.apps.NbGraderAPI` (the import and config
cost is paid once per worker, not per student) and answers on stdout.

The protocol is framed JSON both ways: one JSON object per line, the line ending the message (JSON
escapes every newline inside a string, so no id can split or join messages). A request is
``{"student": "<id>"}`` (:func:`request`); the worker refuses an id that is not a valid student id
(:func:`tools.grading.intake.valid_student_id`). An answer is
``{"student", "ok", "seconds", "error", "record"}`` and names the student it is for; the parent
checks it with :func:`checked_answer` against the student it sent, and a worker whose answer does
not fit (another student, a malformed or oversized line) is stopped and its student failed.

A worker writes only to its private copy of the gradebook (``--db``); ``record`` is what
autograding wrote there for that student (:func:`tools.grading.merge.read_submission`), which the
parent, the one trusted writer of the course gradebook, merges while the other students are graded.
Student code never runs in this process: each notebook's kernel runs in the grading sandbox.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
import warnings
from pathlib import Path


def load_api(course: Path, db: Path | None):
    """nbgrader's API for ``course`` with the course's own config, on the gradebook ``db`` (None:
    the gradebook nbgrader is configured with, e.g. PostgreSQL from the grader's ``~/.jupyter``).

    Only the course's config is loaded: a hub's site config also switches on nbgrader's JupyterHub
    authenticator, which the API would then query (and fail without ``JUPYTERHUB_USER``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.apps import NbGraderAPI
        from traitlets.config.loader import PyFileConfigLoader

    from tools.grading.report import gradebook_url

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    config.CourseDirectory.root = str(course)
    config.CourseDirectory.db_url = f"sqlite:///{db}" if db is not None else gradebook_url(course)
    return NbGraderAPI(config=config)


#: The longest answer line the parent reads (a student's record is a few kilobytes).
MAX_ANSWER_CHARS = 4 * 1024**2
#: The longest request line the worker reads.
MAX_REQUEST_CHARS = 4096


class ProtocolError(ValueError):
    """A message that does not fit the worker protocol."""


def request(student: str) -> str:
    """The request line asking a worker to grade ``student``."""
    return json.dumps({"student": student}) + "\n"


def read_request(line: str) -> str:
    """The student id a request line asks for; :class:`ProtocolError` if it is not a valid request."""
    if len(line) > MAX_REQUEST_CHARS or not line.endswith("\n"):
        raise ProtocolError(f"a request must be one line of at most {MAX_REQUEST_CHARS} characters")
    try:
        message = json.loads(line)
    except ValueError as exc:
        raise ProtocolError(f"a request is not JSON: {exc}") from None
    student = message.get("student") if isinstance(message, dict) else None
    if not isinstance(student, str) or set(message) != {"student"}:
        raise ProtocolError('a request is {"student": "<id>"} and nothing else')
    from tools.grading.intake import STUDENT_ID, valid_student_id

    if not valid_student_id(student):
        raise ProtocolError(f"{student!r} is not a valid student id ({STUDENT_ID.pattern}, no '..')")
    return student


def checked_answer(line: str, student: str, task: str = "autograde") -> dict:
    """The answer in ``line`` if it is a well-formed answer for ``student``; else :class:`ProtocolError`.

    Parameters
    ----------
    line : str
        One line read from the worker (its newline included).
    student : str
        The student the parent asked for.
    task : str
        ``"autograde"`` (a successful answer carries the student's record) or ``"feedback"``.

    Returns
    -------
    dict
        The answer, with ``student`` equal to the one asked for.
    """
    if len(line) > MAX_ANSWER_CHARS or not line.endswith("\n"):
        raise ProtocolError(f"an answer longer than {MAX_ANSWER_CHARS} characters or cut short")
    try:
        answer = json.loads(line)
    except ValueError as exc:
        raise ProtocolError(f"an answer that is not JSON ({exc})") from None
    if not isinstance(answer, dict):
        raise ProtocolError("an answer that is not a JSON object")
    if answer.get("student") != student:
        raise ProtocolError(f"asked for {student!r}, it answered for {answer.get('student')!r}")
    shape = {"ok": bool, "seconds": (int, float), "error": (str, type(None)), "record": (dict, type(None))}
    for key, kinds in shape.items():
        if not isinstance(answer.get(key), kinds) or (key == "seconds" and isinstance(answer[key], bool)):
            raise ProtocolError(f"an answer whose {key!r} is {type(answer.get(key)).__name__}")
    if set(answer) != {"student", *shape}:
        raise ProtocolError(f"an answer with other fields: {sorted(set(answer) - {'student', *shape})}")
    if answer["ok"] and task == "autograde" and answer["record"] is None:
        raise ProtocolError("a successful answer without the student's record")
    return answer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, required=True)
    parser.add_argument("--assignment", required=True)
    parser.add_argument("--task", choices=["autograde", "feedback"], default="autograde")
    parser.add_argument("--db", type=Path, help="autograde: the worker's private gradebook copy")
    parser.add_argument("--logs", type=Path, required=True)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if args.task == "autograde" and args.db is None:
        parser.error("autograde needs --db")
    sys.path.insert(0, str(args.course))
    logging.getLogger("traitlets").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")
    api = load_api(args.course, args.db)
    feedback = FeedbackWriter(api) if args.task == "feedback" else None
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but the answers on the real stdout
    while line := sys.stdin.readline(MAX_REQUEST_CHARS + 1):
        started = time.perf_counter()
        try:
            student = read_request(line)
        except ProtocolError as exc:  # answered, naming what was asked (the parent will not match it)
            asked = None
            with contextlib.suppress(ValueError, AttributeError):
                asked = json.loads(line).get("student")
            error = f"refused request: {exc}"
            answer = {"student": asked, "ok": False, "seconds": 0.0, "error": error, "record": None}
            out.write(json.dumps(answer) + "\n")
            out.flush()
            continue
        try:
            if feedback is not None:
                result = feedback(args.assignment, student)
            else:
                result = api.autograde(args.assignment, student, force=args.force, create=True)
        except Exception as exc:  # the worker survives to grade the next student
            result = {"success": False, "error": f"{type(exc).__name__}: {exc}"}
        (args.logs / f"{student}{'.feedback' if args.task == 'feedback' else ''}.log").write_text(
            (result.get("log") or "") + (result.get("error") or ""), encoding="utf-8"
        )
        answer = {
            "student": student,
            "ok": bool(result.get("success")),
            "seconds": time.perf_counter() - started,
            "error": _reason(result),
            "record": None,
        }
        if answer["ok"] and args.task == "autograde":
            try:
                answer["record"] = read_back(args.db, args.assignment, student)
            except Exception as exc:  # reported for this student; the worker carries on
                answer.update(ok=False, error=f"could not read the grades back: {type(exc).__name__}: {exc}")
        out.write(json.dumps(answer) + "\n")
        out.flush()
    return 0


class FeedbackWriter:
    """nbgrader's ``generate_feedback`` for one student at a time, its exporter built once.

    ``NbGraderAPI.generate_feedback`` makes a new converter, exporter and template environment for
    every call (about a third of a second of template loading per student); this keeps one
    ``GenerateFeedback`` converter, configured as the API configures it, and only re-reads which
    notebooks to convert for each student. Its exporter is
    :class:`tools.grading.feedback_html.FeedbackHTMLExporter`, which writes the same pages as
    nbconvert's without re-parsing each one when there is nothing to change in it.
    """

    def __init__(self, api) -> None:
        from nbgrader.converters import GenerateFeedback
        from traitlets.config import Config

        from tools.grading.feedback_html import FeedbackHTMLExporter

        class Reusing(GenerateFeedback):
            built = False

            def start(self) -> None:
                if not self.built:
                    self.built = True
                    return super().start()  # builds the writer and the exporter, then converts
                self.init_notebooks()
                here = os.getcwd()
                os.chdir(self.coursedir.root)
                try:
                    self.convert_notebooks()
                finally:
                    os.chdir(here)

        config = Config()
        config.HTMLExporter.template_name = "feedback"
        config.GenerateFeedback.exporter_class = FeedbackHTMLExporter
        self.coursedir = api.coursedir
        self.converter = Reusing(coursedir=api.coursedir, parent=api)
        self.converter.update_config(config)
        self.converter.force = True

    def __call__(self, assignment: str, student: str) -> dict:
        from nbgrader.utils import capture_log, temp_attrs

        with temp_attrs(self.coursedir, assignment_id=assignment, student_id=student):
            return capture_log(self.converter)


def read_back(db: Path, assignment: str, student: str) -> dict:
    """What autograding wrote for ``student`` in this worker's gradebook copy."""
    from nbgrader.api import Gradebook

    from tools.grading.merge import read_submission

    with Gradebook(f"sqlite:///{db}") as gb:
        return read_submission(gb, assignment, student)


def _reason(result: dict) -> str | None:
    if result.get("success"):
        return None
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for marker in ("error processing assignment", "Error", "error", "Exception"):
        for line in reversed(lines):
            if marker in line:
                return line[-300:]
    return lines[-1][-300:] if lines else "nbgrader failed without a message"


if __name__ == "__main__":
    sys.exit(main())
