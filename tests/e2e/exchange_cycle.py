"""One term of the course through nbgrader's real exchange, in temporary folders.

The instructor half runs through the project's own Make targets where they exist for a real class
(``make exchange-release``, ``make collect``, ``make return-feedback`` from mk/e2e.mk), pointed at
the temporary course copy and exchange; the rest is nbgrader's own commands. Three students, told
apart only by the ``USER`` environment variable and each with a home of their own (nbgrader keeps
a per-user submission cache there), fetch, work and submit:

The students' steps run in-process through nbgrader's exchange classes, exactly as JupyterLab's
Assignment List panel runs them in a student's server (three nbgrader processes per step would cost
three interpreter starts each). Student identity: nbgrader 0.9 names the submitter after the
process's passwd entry (on JupyterHub every student is a Unix user of their own), not ``$USER``.
Here all students are one Unix user, so each sets ``CourseDirectory.student_id`` to their user
name, which is what ``$USER`` would be in their own login.

- ``ada`` completes every answer (the reference solutions, with nbgrader's markers removed);
- ``bo`` completes the first half of the code answers and leaves the rest as handed out;
- ``cy`` submits the notebook untouched.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from e2e_support import (
    ASSIGNMENT,
    BIN,
    REPO,
    is_code_solution,
    nbgrader,
    nbgrader_meta,
    read_nb,
    strip_solution_markers,
)

STUDENTS = ("ada", "bo", "cy")
WORK = {"ada": "complete", "bo": "partial", "cy": "untouched"}
GRADING_SEED = "515151"
# The class roster an instructor imports into the gradebook (nbgrader db student import).
NAMES = {"ada": ("Ada", "Lovelace"), "bo": ("Bo", "Diddley"), "cy": ("Cy", "Twombly")}


@dataclass
class Term:
    course: Path
    exchange: Path
    homes: dict[str, Path]
    notebooks: list[str]  # notebook ids of the assignment
    solved: dict[str, dict[str, set[str]]]  # student -> notebook -> grade_ids of answers filled in
    cut: dict[str, int]  # notebook -> index of the first code answer the partial student left open
    timings: dict[str, float] = field(default_factory=dict)
    log: Path | None = None


def make(target: str, course: Path, env: dict[str, str], exchange: Path, log: Path) -> None:
    """Run one of the course's Make targets against ``course`` (not the repository)."""
    # -o: the environment is already set up; never let a test reinstall it under a running server.
    cmd = ["make", "--no-print-directory", "-C", str(REPO), "-o", "setup", "-o", ".venv/.installed", target,
           f"COURSE_DIR={course}", f"EXCHANGE={exchange}", f"ASSIGNMENT={ASSIGNMENT}",
           f"BIN={BIN}"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=600)
    with log.open("a") as fh:
        seconds = time.perf_counter() - t0
        fh.write(f"$ make {target}   ({seconds:.1f} s, exit {proc.returncode})\n{proc.stdout}\n")
    if proc.returncode != 0:
        raise AssertionError(f"make {target} exited {proc.returncode}:\n{proc.stdout[-4000:]}")


def as_student(step: str, student: str, home: Path, exchange: Path, cid: str, log: Path) -> None:
    """One student's exchange step, done the way JupyterLab's Assignment List panel does it: the
    panel's server extension builds nbgrader's exchange classes in the student's own server and
    calls ``start()``. Each student has their own home, assignment folder and submission cache."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory
    from traitlets.config import Config

    cfg = Config()
    cfg.Exchange.root = str(exchange)
    cfg.Exchange.assignment_dir = str(home)
    cfg.Exchange.cache = str(home / ".local" / "share" / "jupyter" / "nbgrader_cache")
    cfg.CourseDirectory.root = str(home)
    cfg.CourseDirectory.course_id = cid
    cfg.CourseDirectory.assignment_id = ASSIGNMENT
    cfg.CourseDirectory.student_id = student
    factory = ExchangeFactory(config=cfg)
    cls = {"fetch_assignment": factory.FetchAssignment, "submit": factory.Submit,
           "fetch_feedback": factory.FetchFeedback}[step]
    t0 = time.perf_counter()
    app = cls(coursedir=CourseDirectory(config=cfg), authenticator=Authenticator(config=cfg), config=cfg)
    app.start()
    with log.open("a") as fh:
        seconds = time.perf_counter() - t0
        fh.write(f"$ USER={student} {step} {ASSIGNMENT}   (in the student's server, {seconds:.2f} s)\n")


def answer_cells(nb) -> list[int]:
    return [i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("solution")]


def work_on(path: Path, source_nb, how: str) -> tuple[set[str], int]:
    """Fill in a fetched notebook as a student would; return the grade_ids answered and the cut."""
    nb = read_nb(path)
    reference = {nbgrader_meta(c)["grade_id"]: c for c in source_nb.cells if nbgrader_meta(c).get("grade_id")}
    code_answers = [i for i in answer_cells(nb) if is_code_solution(nb.cells[i])]
    # The partial student stops at the middle code answer: everything before it is done.
    cut = code_answers[len(code_answers) // 2] if code_answers else len(nb.cells)
    solved: set[str] = set()
    if how != "untouched":
        for i in answer_cells(nb):
            if how == "partial" and i >= cut:
                break
            gid = nbgrader_meta(nb.cells[i])["grade_id"]
            nb.cells[i].source = strip_solution_markers(reference[gid].source)
            solved.add(gid)
        nbformat.write(nb, path)
    return solved, cut


def run_term(course: Path, env: dict[str, str], exchange: Path, homes_root: Path, log: Path) -> Term:
    log.write_text("")
    timings: dict[str, float] = {}

    def timed(name, fn, *a, **k):
        t0 = time.perf_counter()
        out = fn(*a, **k)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0
        return out

    # Instructor: the gradebook learns the assignment (what `make release` does in the repository)
    # and the release goes to the exchange.
    timed("generate_assignment", nbgrader, "generate_assignment", ASSIGNMENT, "--force", cwd=course, env=env,
          log=log)
    timed("make exchange-release", make, "exchange-release", course, env, exchange, log)
    roster = homes_root.parent / "students.csv"
    roster.write_text("id,first_name,last_name,email\n" + "".join(
        f"{s},{first},{last},{s}@example.org\n" for s, (first, last) in NAMES.items()))
    timed("roster import", nbgrader, "db", "student", "import", str(roster), cwd=course, env=env, log=log)

    homes = {s: homes_root / s for s in STUDENTS}
    for home in homes.values():
        home.mkdir(parents=True)

    cid = course_id(course)

    def for_students(step: str) -> None:
        t0 = time.perf_counter()
        for s in STUDENTS:
            as_student(step, s, homes[s], exchange, cid, log)
        timings[f"3 x {step}"] = time.perf_counter() - t0

    for_students("fetch_assignment")

    sources = {p.stem: read_nb(p) for p in sorted((course / "solutions" / ASSIGNMENT).glob("*.ipynb"))}
    solved: dict[str, dict[str, set[str]]] = {}
    cut: dict[str, int] = {}
    for s in STUDENTS:
        solved[s] = {}
        for nb_id, src in sources.items():
            fetched = homes[s] / ASSIGNMENT / f"{nb_id}.ipynb"
            assert fetched.exists(), f"{s} did not receive {fetched.name}"
            solved[s][nb_id], cut[nb_id] = work_on(fetched, src, WORK[s])

    for_students("submit")

    # Instructor: see what came in, collect, grade, return.
    timed("make exchange-status", make, "exchange-status", course, env, exchange, log)
    timed("make collect", make, "collect", course, env, exchange, log)
    # The hidden inputs of this term are fixed (GRADING_SEED) so that the tests can recompute them.
    grading_env = {**env, "MI_GRADING_SEED": GRADING_SEED}
    timed("autograde", nbgrader, "autograde", ASSIGNMENT, "--force", cwd=course, env=grading_env, log=log)
    timed("generate_feedback", nbgrader, "generate_feedback", ASSIGNMENT, "--force", cwd=course, env=env,
          log=log)
    timed("make return-feedback", make, "return-feedback", course, env, exchange, log)

    for_students("fetch_feedback")

    return Term(course=course, exchange=exchange, homes=homes, notebooks=sorted(sources), solved=solved,
                cut=cut, timings=timings, log=log)


def course_id(course: Path) -> str:
    """The course id the course's own nbgrader_config.py sets (read, not executed: the file may
    import the course's tools and change sys.path)."""
    import ast

    tree = ast.parse((course / "nbgrader_config.py").read_text())
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            for target in node.targets:
                if ast.unparse(target) == "c.CourseDirectory.course_id":
                    return node.value.value
    raise AssertionError("nbgrader_config.py sets no CourseDirectory.course_id to a string")
