"""A grading worker: autogrades the students it is sent, one nbgrader call each, on its own gradebook copy.

With ``--task feedback`` it writes each student's feedback instead (no student code runs then;
it reads the course gradebook and writes only ``feedback/<student>/``).

``tools.grading.run`` starts ``JOBS`` workers. Each reads student ids on stdin, one per line, runs
nbgrader's autograde for that one student through :class:`nbgrader.apps.NbGraderAPI` (the import and
config cost is paid once per worker, not per student) and answers with one JSON line
``{"student", "ok", "seconds", "error", "record"}``. It writes only to its private copy of the
gradebook (``--db``); ``record`` is what autograding wrote there for that student
(:func:`tools.grading.merge.read_submission`), which the parent, the one trusted writer of the
course gradebook, merges while the other students are graded.
Student code never runs in this process: each notebook's kernel runs in the grading sandbox.
"""

from __future__ import annotations

import argparse
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
    for line in sys.stdin:
        student = line.strip()
        if not student:
            continue
        started = time.perf_counter()
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
