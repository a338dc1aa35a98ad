"""The instructor's grading commands, behind ``make release | autograde | feedback | grades``.

``autograde`` first runs the intake (:mod:`tools.grading.intake`: invalid student ids, links,
FIFOs, devices, hard links and oversized files are refused and reported, notebooks re-serialised),
then grades every student in isolation (one nbgrader call each) in ``JOBS`` parallel worker
processes (``tools/grading/worker.py``), each kernel in the grading sandbox; this process is the only
writer of the course gradebook: a merging thread writes each student's results, which the worker
read back from its private copy, as soon as they arrive. A student who cannot be graded
(corrupt or renamed notebook, a worker that died) costs that student alone: the others are graded,
and the command exits 1 naming each one with the reason. ``feedback`` writes each
student's feedback in ``JOBS`` worker processes too (no student code runs in it; logs in
``autograded/.logs/``), and ``grades`` runs ``nbgrader export`` and the report.

Usage: ``python -m tools.grading.run {release,autograde,feedback,grades} [options]``
"""

from __future__ import annotations

import argparse
import os
import queue as queues
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from tools.grading import intake, report
from tools.grading import worker as protocol

ASSIGNMENT = report.ASSIGNMENT


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("USER", "instructor")
    env.setdefault("PYTHONWARNINGS", "ignore")  # SQLAlchemy warnings from nbgrader's gradebook
    return env


def _students(folder: Path) -> list[str]:
    """Valid student ids with a real folder in ``folder`` (links and other names are never listed)."""
    if not folder.is_dir():
        return []
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_dir() and not p.is_symlink() and intake.valid_student_id(p.name)
    )


def cmd_release(course: Path, assignment: str) -> int:
    exe = str(Path(sys.executable).parent / "nbgrader")
    proc = subprocess.run(
        [exe, "generate_assignment", assignment, "--force"],
        cwd=course,
        env=_env(),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, sep="\n")
        return proc.returncode
    print(f"released exercises/{assignment}/ from solutions/{assignment}/")
    # The release must fail every test and the solutions must pass them all.
    from tools.grading.validate import validate_assignment

    problems = validate_assignment(course, assignment)
    for problem in problems:
        print("  !", problem)
    if problems:
        return 1
    print("validated: every test passes on the solutions and fails on the release")
    return 0


def _gradebook(course: Path):
    """The course's gradebook, where nbgrader's configuration puts it (SQLite file or PostgreSQL)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook
    return Gradebook(report.gradebook_url(course))


def worker_template(course: Path, assignment: str) -> Path:
    """The SQLite file each worker's private gradebook starts as a copy of.

    With nbgrader's default gradebook that is ``gradebook.db`` itself (manual grades included; the
    merge writes back only automatic scores). With another database (PostgreSQL on a hub) it is a
    fresh file holding the assignment's grade cells, registered from solutions/ like a fresh clone.
    """
    if report.gradebook_url(course) == report.default_gradebook_url(course):
        return course / "gradebook.db"
    folder = course / "autograded" / ".workers"
    folder.mkdir(parents=True, exist_ok=True)
    template = folder / "template.db"
    template.unlink(missing_ok=True)
    exe = str(Path(sys.executable).parent / "nbgrader")
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            [
                exe,
                "generate_assignment",
                assignment,
                "--force",
                f"--CourseDirectory.release_directory={scratch}",
                f"--CourseDirectory.db_url=sqlite:///{template}",
            ],
            cwd=course,
            env=_env(),
            capture_output=True,
            text=True,
            check=True,
        )
    return template


def ensure_assignment_in_gradebook(course: Path, assignment: str) -> str | None:
    """Register the assignment's source in the gradebook if it is not there (a fresh clone).

    nbgrader learns the grade cells from ``generate_assignment``; the release goes to a scratch
    folder so the committed ``exercises/`` is left alone. Returns an error message, or None.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import MissingEntry

        with _gradebook(course) as gb:
            try:
                if gb.find_assignment(assignment).notebooks:
                    return None
            except MissingEntry:
                pass
    exe = str(Path(sys.executable).parent / "nbgrader")
    with tempfile.TemporaryDirectory() as scratch:
        proc = subprocess.run(
            [
                exe,
                "generate_assignment",
                assignment,
                "--force",
                f"--CourseDirectory.release_directory={scratch}",
            ],
            cwd=course,
            env=_env(),
            capture_output=True,
            text=True,
        )
    if proc.returncode != 0:
        return f"could not register {assignment} in the gradebook:\n{proc.stdout}\n{proc.stderr}"
    print(f"registered {assignment} from solutions/ in gradebook.db (no earlier `make release` here)")
    return None


class _Worker:
    """One ``tools.grading.worker`` process and its private gradebook copy."""

    def __init__(
        self,
        course: Path,
        assignment: str,
        force: bool,
        index: int,
        env: dict[str, str],
        task: str = "autograde",
        program: list[str] | None = None,
    ) -> None:
        """``program``: the worker command before its options (default ``-m tools.grading.worker``)."""
        folder = course / "autograded" / ".workers"
        folder.mkdir(parents=True, exist_ok=True)
        self.db = folder / f"worker{index}.db"
        self.db.unlink(missing_ok=True)  # the worker opens it only for its first student: see seed()
        logs = course / "autograded" / ".logs"
        logs.mkdir(exist_ok=True)
        command = [
            *(program or [sys.executable, "-m", "tools.grading.worker"]),
            "--task",
            task,
            "--course",
            str(course),
            "--assignment",
            assignment,
            "--logs",
            str(logs),
        ]
        command += ["--db", str(self.db)] if task == "autograde" else []
        command += ["--force"] if force else []
        self.task = task
        # The worker's own errors (nbgrader's log goes to each student's log) land here.
        self.stderr_path = logs / f"worker{index}.{task}.stderr"
        with self.stderr_path.open("w", encoding="utf-8") as stderr:
            self.proc = subprocess.Popen(
                command,
                cwd=course,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                bufsize=1,
            )

    def seed(self, template: Path) -> _Worker:
        """Give the worker its private gradebook copy (before the first student it is sent)."""
        shutil.copy2(template, self.db)
        return self

    def grade(self, student: str) -> dict:
        """Send ``student`` to the worker and return its answer, checked (see :mod:`tools.grading.worker`).

        An answer that is not one well-formed JSON line naming ``student`` stops the worker: its
        student is failed with the reason, and no grade from it is ever applied to anyone.
        """
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(protocol.request(student))
            self.proc.stdin.flush()
            line = self.proc.stdout.readline(protocol.MAX_ANSWER_CHARS + 1)
        except (BrokenPipeError, OSError):
            line = ""
        if not line:
            try:
                code = self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                code = None
            return {
                "student": student,
                "ok": False,
                "seconds": 0.0,
                "error": f"the grading worker stopped (exit code {code}) while grading this student"
                + self._last_error(),
                "record": None,
            }
        try:
            return protocol.checked_answer(line, student, self.task)
        except protocol.ProtocolError as exc:
            self.proc.kill()  # a worker out of step is never asked again
            self.proc.wait()
            print(f"  !! the grading worker broke the protocol and was stopped: {exc}", flush=True)
            return {
                "student": student,
                "ok": False,
                "seconds": 0.0,
                "error": f"not graded: the grading worker broke the protocol ({exc}); it was stopped, "
                "and nothing it answered is applied",
                "record": None,
            }

    def _last_error(self) -> str:
        """The last line the worker wrote to its stderr, if any: why it stopped."""
        try:
            text = self.stderr_path.read_text(encoding="utf-8")
            lines = [line for line in text.splitlines() if line.strip()]
        except OSError:
            return ""
        return f": {lines[-1].strip()[-300:]}" if lines else ""

    def close(self) -> None:
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:  # a worker that died leaves a broken pipe: closing it must not raise
                pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        if self.proc.stdout:
            self.proc.stdout.close()


def _serve(
    students: list[str],
    jobs: int,
    start_worker: Callable[[int], _Worker],
    handle: Callable[[str, dict], None],
) -> None:
    """Send every student to the first free of ``jobs`` workers, ``start_worker(index)`` making each.

    ``handle(student, answer)`` runs, one call at a time, as each answer comes back. A worker that
    dies is replaced (indices from 100 on) and the students it answered for keep their answers.
    """
    queue = list(students)
    lock = threading.Lock()
    started: list[_Worker] = []

    def run(index: int) -> None:
        worker = start_worker(index)
        replaced = 0
        with lock:
            started.append(worker)
        while True:
            with lock:
                if not queue:
                    break
                student = queue.pop(0)
            answer = worker.grade(student)
            with lock:
                handle(student, answer)
            if worker.proc.poll() is not None:
                replaced += 1
                worker = start_worker(index + 100 * replaced)
                with lock:
                    started.append(worker)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(max(1, min(jobs, len(students))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for worker in started:
        worker.close()


def print_refusals(refusals: list[intake.Refusal], stage: str) -> None:
    """Tell the instructor what the intake refused (every student-chosen string escaped)."""
    if refusals:
        print(f"the {stage} intake refused {len(refusals)} item(s) (also listed in grades_report.md):")
    for refusal in refusals:
        print(f"  ! {intake.shown(refusal.student)}: {refusal.line()}")


def cmd_autograde(course: Path, assignment: str, force: bool, jobs: int, unsandboxed: bool) -> int:
    students, refused = intake.check_submitted(course, assignment)
    print_refusals(refused, "autograde")
    # A course of several assignments: a student who has not handed this one in is not graded for it.
    handed_in = [s for s in students if os.path.lexists(course / "submitted" / s / assignment)]
    if len(handed_in) < len(students):
        print(f"{len(students) - len(handed_in)} student(s) in submitted/ have not handed in {assignment}")
    students = handed_in
    if not students:
        print("submitted/ is empty: put each student's work in submitted/<student>/" + assignment + "/")
        return 1
    from tools.grading import nbgrader_plugins, sandbox

    if unsandboxed:
        print("UNSANDBOXED=1: student code runs as you, with your files and network (no sandbox)")
    elif sandbox.bwrap_path() is None:
        print(sandbox.INSTALL_HINT)
        return 2
    env = _env()
    env[nbgrader_plugins.SEED_ENV] = os.environ.get(nbgrader_plugins.SEED_ENV) or str(secrets.randbits(62))
    if unsandboxed:
        env[nbgrader_plugins.UNSANDBOXED_ENV] = "1"
    jobs = max(1, min(jobs, len(students)))
    # The workers start first: their start-up (importing nbgrader) overlaps the gradebook check
    # below, and each gets its gradebook copy before its first student.
    workers = [_Worker(course, assignment, force, index, env) for index in range(jobs)]
    problem = ensure_assignment_in_gradebook(course, assignment)
    if problem:
        for worker in workers:
            worker.close()
        print(problem)
        return 1
    from tools.grading.late_policy import record_due_date

    due = record_due_date(course, assignment)  # nbgrader_config.py; the late penalty counts from it
    if due:
        print(f"{assignment} is due {due} UTC (a later timestamp.txt costs 10 % of the points per day)")
    template = worker_template(course, assignment)
    for worker in workers:
        worker.seed(template)
    print(
        f"autograding {len(students)} submissions of {assignment} with {jobs} sandboxed worker(s)"
        f"{' (unsandboxed)' if unsandboxed else ''}; logs in autograded/.logs/"
    )
    started = time.perf_counter()
    results: dict[str, dict] = {}
    merger = _Merger(course, assignment, results)

    def graded(student: str, answer: dict) -> None:
        merger.put(student, answer)
        results[student] = answer
        mark = "" if answer["ok"] else f"  ! not graded: {answer['error']}"
        elapsed = f"({time.perf_counter() - started:5.1f} s)"
        print(f"[{len(results):>3}/{len(students)}] graded {student}  {elapsed}{mark}", flush=True)

    def start_worker(index: int) -> _Worker:
        if index < len(workers):
            return workers[index]  # started above
        return _Worker(course, assignment, force, index, env).seed(template)

    _serve(students, jobs, start_worker, graded)
    merge_failures = merger.finish()
    seconds = time.perf_counter() - started
    failed = {s: r["error"] for s, r in results.items() if not r["ok"]} | merge_failures
    print(f"done in {seconds:.1f} s ({seconds / len(students):.2f} s per submission)")
    shutil.rmtree(course / "autograded" / ".workers", ignore_errors=True)
    if failed:
        print(f"{len(failed)} of {len(students)} submission(s) could not be graded:")
        for student, reason in sorted(failed.items()):
            print(f"  - {student}: {reason}")
        print("`make grades` lists them too. The other submissions are graded.")
        return 1
    print(f"all {len(students)} submissions are graded")
    return 1 if refused else 0


class _Merger:
    """The thread that writes every graded student's results into the course gradebook, as they come.

    It alone holds the connection (this process is the gradebook's only writer); a student whose
    results cannot be recorded is reported, and the others are still merged. A student who could
    not be graded is added with no submission, so that `make grades` lists them (with 0).
    """

    def __init__(self, course: Path, assignment: str, results: dict[str, dict]) -> None:
        self.course, self.assignment, self.results = course, assignment, results
        self.failures: dict[str, str] = {}
        self.inbox: queues.Queue = queues.Queue()
        self.thread = threading.Thread(target=self._run, name="gradebook-merger", daemon=True)
        self.thread.start()

    def put(self, student: str, answer: dict) -> None:
        self.inbox.put((student, answer))

    def finish(self) -> dict[str, str]:
        """Wait for everything queued to be written; the students that could not be recorded."""
        self.inbox.put(None)
        self.thread.join()
        return self.failures

    def _run(self) -> None:
        from tools.grading.merge import apply_submission

        item = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with _gradebook(self.course) as main:
                    while (item := self.inbox.get()) is not None:
                        student, answer = item
                        try:
                            if answer["ok"]:
                                apply_submission(main, self.assignment, student, answer["record"])
                            else:
                                main.update_or_create_student(student)
                        except Exception as exc:  # reported, and the others are still merged
                            main.db.rollback()
                            self._fail(student, answer, exc)
        except Exception as exc:  # the gradebook is unusable: nothing from here on is recorded
            if item is not None:
                self._fail(*item, exc)
            while (item := self.inbox.get()) is not None:
                self._fail(*item, exc)

    def _fail(self, student: str, answer: dict, exc: Exception) -> None:
        if answer["ok"]:
            self.failures[student] = f"could not record the grades: {type(exc).__name__}: {exc}"
            answer["ok"] = False


def cmd_feedback(course: Path, assignment: str, jobs: int) -> int:
    """Feedback for every autograded student, in ``jobs`` worker processes (no student code runs)."""
    graded = course / "autograded"
    students = [s for s in _students(graded) if (graded / s / assignment).is_dir()]
    if not students:
        print("autograded/ is empty: run `make autograde` first")
        return 1
    started = time.perf_counter()
    env = _env()
    failed: dict[str, str] = {}
    done: list[str] = []

    def written(student: str, answer: dict) -> None:
        done.append(student)
        if not answer["ok"]:
            failed[student] = answer["error"] or "nbgrader failed without a message"
        mark = "" if answer["ok"] else f"  ! no feedback: {failed[student]}"
        elapsed = f"({time.perf_counter() - started:5.1f} s)"
        print(f"[{len(done):>3}/{len(students)}] feedback for {student}  {elapsed}{mark}", flush=True)

    def start_worker(index: int) -> _Worker:
        return _Worker(course, assignment, False, index, env, task="feedback")

    _serve(students, jobs, start_worker, written)
    shutil.rmtree(course / "autograded" / ".workers", ignore_errors=True)
    seconds = time.perf_counter() - started
    print(f"feedback in feedback/<student>/{assignment}/ ({seconds:.1f} s; logs in autograded/.logs/)")
    if failed:
        print(f"no feedback for {len(failed)} student(s) (logs: autograded/.logs/<student>.feedback.log):")
        for student, reason in sorted(failed.items()):
            print(f"  - {student}: {reason}")
    waiting = _awaiting_manual_grade(course, assignment)
    if waiting:
        print(
            f"{len(waiting)} student(s) have written answers that still await a grade (their feedback shows "
            f"none yet): {', '.join(waiting)}. Grade them in the Formgrader, then run `make feedback` again."
        )
    return 1 if failed else 0


def _awaiting_manual_grade(course: Path, assignment: str) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with _gradebook(course) as gb:
            return sorted(
                sub.student.id
                for sub in gb.assignment_submissions(assignment)
                if any(g.needs_manual_grade for nb in sub.notebooks for g in nb.grades)
            )


def cmd_grades(course: Path, assignment: str, csv: Path, out: Path) -> int:
    exe = str(Path(sys.executable).parent / "nbgrader")
    proc = subprocess.run(
        [exe, "export", "--to", str(csv)], cwd=course, env=_env(), capture_output=True, text=True
    )
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, sep="\n")
        return proc.returncode
    print(f"grades exported to {csv}")
    code = report.main(["--course", str(course), "--assignment", assignment, "--out", str(out)])
    from tools.grading.report_html import write_html_report

    print(f"class picture (every assignment): {write_html_report(course, out.with_suffix('.html'))}")
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["release", "autograde", "feedback", "grades", "export"])
    parser.add_argument("--course", type=Path, default=Path.cwd())
    parser.add_argument("--assignment", default=ASSIGNMENT)
    parser.add_argument("--force", action="store_true", help="autograde again students already graded")
    parser.add_argument(
        "--jobs",
        type=int,
        default=int(os.environ.get("JOBS") or os.cpu_count() or 1),
        help="parallel sandboxed workers (default: JOBS, else the number of cores)",
    )
    parser.add_argument(
        "--unsandboxed",
        action="store_true",
        default=os.environ.get("UNSANDBOXED") == "1",
        help="run kernels without the sandbox (only for trusted submissions)",
    )
    parser.add_argument("--csv", type=Path, default=Path("grades.csv"))
    parser.add_argument("--out", type=Path, default=Path("grades_report.md"))
    parser.add_argument("--roster", type=Path, default=Path("roster.csv"), help="export: ids in the LMS")
    parser.add_argument("--only", nargs="*", default=None, help="export: these assignments (default: all)")
    parser.add_argument("--moodle-id", default="email", help="export: email, idnumber or username")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    if args.command == "export":  # every assignment in the gradebook unless --only
        from tools.grading import lms_export

        only = ["--only", *args.only] if args.only else []
        return lms_export.main(
            ["--course", str(course), "--roster", str(args.roster), "--moodle-id", args.moodle_id, *only]
        )
    if args.command == "release":
        return cmd_release(course, args.assignment)
    if args.command == "autograde":
        return cmd_autograde(course, args.assignment, args.force, args.jobs, args.unsandboxed)
    if args.command == "feedback":
        return cmd_feedback(course, args.assignment, args.jobs)
    return cmd_grades(course, args.assignment, args.csv, args.out)


if __name__ == "__main__":
    sys.exit(main())
