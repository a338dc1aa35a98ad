"""Benchmark: parallel sandboxed autograding against serial unsandboxed nbgrader, in one run.

A synthetic class of 40 submissions (the reference solution and the plausible wrong answers of
``tests/exercises/synthetic.py``, in turn) is graded four ways in the same course, one after
the other, with the same hidden inputs (one seed):

- ``serial``: one plain ``nbgrader autograde`` over the class, kernels unsandboxed (what grading
  was before the sandbox: one process, one student after another);
- ``workers, unsandboxed, 1 worker``: ``make autograde JOBS=1 UNSANDBOXED=1``: the course's
  grading without the sandbox, one worker;
- ``sandboxed, 1 worker``: ``make autograde JOBS=1``: every kernel in bubblewrap, one worker;
- ``sandboxed, JOBS workers``: ``make autograde`` with one worker per core.

Grades must be identical. Targets: parallel sandboxed at least 1.8x faster than serial on two
cores; the sandbox's own cost per submission is (sandboxed 1 worker - unsandboxed 1 worker) / N.
Run ``make bench-grading``; results go to benchmarks/GRADING.md.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.exercises import synthetic

STUDENTS = 40
TARGET = 1.8
SEED = "424242"
OUT = Path(__file__).with_name("GRADING.md")


def _submit(course: Path, students: list[str]) -> None:
    release = synthetic.read_nb(course / "exercises" / synthetic.ASSIGNMENT / f"{synthetic.NOTEBOOK}.ipynb")
    solutions = synthetic.read_nb(course / "solutions" / synthetic.ASSIGNMENT / f"{synthetic.NOTEBOOK}.ipynb")
    kinds = [s for s in synthetic.SCENARIOS if s.name == "solution" or s.name.startswith("wrong_")]
    for i, student in enumerate(students):
        synthetic.write_submission(course, student, kinds[i % len(kinds)].build(release, solutions))


def _env(**extra: str) -> dict[str, str]:
    env = synthetic.nbgrader_env({"MI_GRADING_SEED": SEED, "NBGRADER_CELL_TIMEOUT": "60", **extra})
    env["PYTHONPATH"] = ""
    return env


def _serial(course: Path) -> float:
    started = time.perf_counter()
    proc = synthetic.nbgrader(
        course,
        "autograde",
        synthetic.ASSIGNMENT,
        "--force",
        env={"MI_GRADING_SEED": SEED, "MI_GRADING_UNSANDBOXED": "1"},
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return time.perf_counter() - started


def _sandboxed(course: Path, jobs: int, *extra: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tools.grading.run", "autograde", "--force", "--jobs", str(jobs), *extra],
        cwd=course,
        env=_env(PYTHONPATH=str(course)),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout[-3000:])
    return time.perf_counter() - started


def _scores(course: Path) -> dict:
    return {
        s: {c: v["score"] for c, v in cells.items()} for s, cells in synthetic.read_scores(course).items()
    }


def main() -> int:
    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        course = synthetic.copy_course(Path(tmp) / "course")
        synthetic.nbgrader(course, "generate_assignment", synthetic.ASSIGNMENT, "--force", check=True)
        students = [f"student{i:02d}" for i in range(STUDENTS)]
        _submit(course, students)
        load_before = os.getloadavg()[0]
        runs = {}
        runs["serial"] = _serial(course)
        serial_scores = _scores(course)
        runs["parallel"] = _sandboxed(course, jobs)
        parallel_scores = _scores(course)
        runs["one_worker"] = _sandboxed(course, 1)
        one_worker_scores = _scores(course)
        runs["unsandboxed_worker"] = _sandboxed(course, 1, "--unsandboxed")
        unsandboxed_scores = _scores(course)
        load_after = os.getloadavg()[0]
    identical = serial_scores == parallel_scores == one_worker_scores == unsandboxed_scores
    speedup = runs["serial"] / runs["parallel"]
    sandbox_cost = (runs["one_worker"] - runs["unsandboxed_worker"]) / STUDENTS
    verdict = "meets" if speedup >= TARGET else "misses"
    rows = "\n".join(
        f"| {label} | {runs[key]:.1f} | {runs[key] / STUDENTS:.2f} | {runs['serial'] / runs[key]:.2f}x |"
        for key, label in (
            ("serial", "serial, unsandboxed (one nbgrader command)"),
            ("unsandboxed_worker", "course workers, unsandboxed, 1 worker"),
            ("one_worker", "sandboxed, 1 worker"),
            ("parallel", f"sandboxed, {jobs} workers"),
        )
    )
    text = f"""# Grading speed

`make bench-grading` (benchmarks/grading.py) autogrades a synthetic class of {STUDENTS} submissions
(the reference solution and the plausible wrong answers of `tests/exercises/synthetic.py`, in
turn) four ways, one after the other in the same run and the same course, with the same hidden
inputs: one plain serial `nbgrader autograde` with unsandboxed kernels (grading as it was before
the sandbox), `make autograde` with {jobs} workers (one per core), with one sandboxed worker, and
with one worker and no sandbox (`UNSANDBOXED=1`). Each time includes start-up (nbgrader's, or
each worker's) and writing the gradebook.

| run | total (s) | s per submission | speed-up over serial |
|---|---:|---:|---:|
{rows}

- Parallel sandboxed against serial unsandboxed: {speedup:.2f}x; the run {verdict} the {TARGET}x target.
- The sandbox's own cost per submission ((sandboxed - unsandboxed, 1 worker each) / {STUDENTS}):
  {sandbox_cost:+.2f} s. A sandboxed kernel is killed when its notebook is done (its PID namespace
  goes with it) instead of being asked to exit, which saves about 0.3 s of waiting per notebook;
  the unsandboxed runs keep nbgrader's graceful shutdown.
- Grades identical in the four runs: {"yes" if identical else "NO"}.

Machine: CPython {platform.python_version()} on {jobs} cores; load average {load_before:.2f} before
and {load_after:.2f} after. The machine is shared: with other jobs on the two cores, parallel
workers have less than two cores to share, and the speed-up falls accordingly; compare runs made
on a quiet machine. Each mode runs once (a class of 40 takes minutes), so the ratios are those of
one run, measured side by side.
"""
    OUT.write_text(text, encoding="utf-8")
    print(text)
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
