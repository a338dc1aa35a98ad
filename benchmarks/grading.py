"""Benchmark: nbgrader autograde of a synthetic class of 30, against nbgrader's own floor.

The floor is the same nbgrader command grading 30 submissions of a one-cell notebook (one test
cell, one point) in the same course and the same run: kernel start-up, sanitising, the gradebook
and nbgrader's per-student overhead, with no exercise computation at all. The target is that the
mutual-information assignment costs at most 1.5 times the floor per submission.

Run ``make bench-grading`` (or ``python -m benchmarks.grading``); results go to benchmarks/GRADING.md.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from tools.grading import synthetic

STUDENTS = 30
ROUNDS = 3
TARGET = 1.5
OUT = Path(__file__).with_name("GRADING.md")


def _grade_cell(index: int) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"floor-{index}",
        "metadata": {
            "nbgrader": {
                "grade": True,
                "grade_id": f"test_{index}",
                "locked": True,
                "points": 1,
                "schema_version": 3,
                "solution": False,
            }
        },
        "outputs": [],
        "source": f'assert {index} + 1 == {index + 1}, "arithmetic"',
    }


def _notebook(cells: int) -> dict:
    return {
        "cells": [_grade_cell(i) for i in range(cells)],
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _add_trivial_assignment(course: Path, name: str, cells: int) -> None:
    source = course / "solutions" / name
    source.mkdir(parents=True)
    (source / f"{name}.ipynb").write_text(json.dumps(_notebook(cells), indent=1), encoding="utf-8")
    synthetic.nbgrader(course, "generate_assignment", name, "--force", check=True)


def _submit(course: Path, assignment: str, students: list[str]) -> None:
    if assignment == synthetic.ASSIGNMENT:
        release = synthetic.read_nb(course / "exercises" / assignment / f"{synthetic.NOTEBOOK}.ipynb")
        solutions = synthetic.read_nb(course / "solutions" / assignment / f"{synthetic.NOTEBOOK}.ipynb")
        kinds = [s for s in synthetic.SCENARIOS if s.name == "solution" or s.name.startswith("wrong_")]
        for i, student in enumerate(students):
            content = kinds[i % len(kinds)].build(release, solutions)
            synthetic.write_submission(course, student, content)
        return
    release = synthetic.read_nb(course / "exercises" / assignment / f"{assignment}.ipynb")
    for student in students:
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{assignment}.ipynb").write_text(json.dumps(release, indent=1), encoding="utf-8")


def _autograde(course: Path, assignment: str, students: list[str]) -> float:
    """One nbgrader command grading exactly ``students`` (the others are moved aside meanwhile)."""
    parked = course / "parked"
    submitted = course / "submitted"
    parked.mkdir(exist_ok=True)
    for folder in submitted.iterdir():
        if folder.name not in students:
            folder.rename(parked / folder.name)
    try:
        started = time.perf_counter()
        synthetic.nbgrader(course, "autograde", assignment, "--force", check=True)
        return time.perf_counter() - started
    finally:
        for folder in parked.iterdir():
            folder.rename(submitted / folder.name)


def main() -> int:
    assignments = {"floor": 1, "floor_27_cells": 27, synthetic.ASSIGNMENT: None}
    totals = dict.fromkeys(assignments, 0.0)
    batch_seconds: dict[str, list[float]] = {name: [] for name in assignments}
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        course = synthetic.copy_course(Path(tmp) / "course")
        synthetic.nbgrader(course, "generate_assignment", synthetic.ASSIGNMENT, "--force", check=True)
        for name, cells in assignments.items():
            if cells is not None:
                _add_trivial_assignment(course, name, cells)
        students = [f"student{i:02d}" for i in range(STUDENTS)]
        for name in assignments:
            _submit(course, name, [*students, "warmup"])
        for name in assignments:  # one untimed submission each: caches warm, bytecode compiled
            _autograde(course, name, ["warmup"])
        load_before = os.getloadavg()[0]
        # ROUNDS batches per assignment, interleaved in a rotating order, so that a change in the
        # load of this shared machine weighs on every assignment alike.
        batches = [students[i::ROUNDS] for i in range(ROUNDS)]
        order = list(assignments)
        for r, batch in enumerate(batches):
            for name in order[r % len(order) :] + order[: r % len(order)]:
                seconds = _autograde(course, name, batch)
                totals[name] += seconds
                batch_seconds[name].append(seconds / len(batch))
                print(f"round {r + 1}: {name:<20} {len(batch)} submissions in {seconds:5.1f} s", flush=True)
        load_after = os.getloadavg()[0]
    # The median batch, not the total: one batch slowed down by another user's job would otherwise
    # move the ratio by 0.3 either way on this shared machine.
    per = {name: statistics.median(values) for name, values in batch_seconds.items()}
    floor = per["floor"]
    ratio = per[synthetic.ASSIGNMENT] / floor
    verdict = "meets" if ratio <= TARGET else "misses"
    nbgrader_ratio = per["floor_27_cells"] / floor
    own_ratio = per[synthetic.ASSIGNMENT] / per["floor_27_cells"]
    own = per[synthetic.ASSIGNMENT] - per["floor_27_cells"]
    rows = "\n".join(
        f"| {label} | {STUDENTS} | {totals[name]:.1f} | {per[name]:.2f} | {per[name] / floor:.2f}x |"
        for name, label in (
            ("floor", "one-cell notebook (the floor)"),
            ("floor_27_cells", "27 trivial grade cells"),
            (synthetic.ASSIGNMENT, "mutual_information"),
        )
    )
    text = f"""# Grading speed

`make bench-grading` (benchmarks/grading.py) autogrades a synthetic class of {STUDENTS} submissions of
the mutual-information assignment (the reference solution and the plausible wrong answers of
`tools/grading/synthetic.py`, in turn) and, in the same run and the same course, {STUDENTS}
submissions of a one-cell notebook: nbgrader's own floor (kernel start, sanitising, gradebook,
per-student overhead). A third notebook of 27 trivial grade cells shows what nbgrader itself
charges for as many grade cells as the assignment has. Each class is graded in {ROUNDS} batches,
interleaved in a rotating order after one untimed warm-up submission each, so that load from other
users of this shared machine weighs on all three alike; seconds per submission are those of the
median batch (each batch includes nbgrader's start-up, about 3 s). Target: at most {TARGET}x the
floor per submission.

| notebook | submissions | total (s) | s per submission (median batch) | vs floor |
|---|---:|---:|---:|---:|
{rows}

Result: the assignment {verdict} the {TARGET}x target ({ratio:.2f}x the one-cell floor). nbgrader's
own bookkeeping for 27 grade cells costs {nbgrader_ratio:.2f}x; the rest, {own:.2f} s per submission
({own_ratio:.2f}x the 27-cell notebook), is everything the exercises themselves do.

Machine: CPython {platform.python_version()} on {os.cpu_count()} cores; load average {load_before:.2f}
before and {load_after:.2f} after the run. The machine is shared, so absolute seconds move from run
to run; the ratio is what the target is about. Kernel start-up dominates the floor and is the
noisiest part under load (on a busy machine the ratio was seen as high as 1.9x), so compare runs
made on a quiet machine, and several of them, before concluding.

What a submission of the assignment costs beyond the floor: nbgrader's bookkeeping for 27 grade
cells instead of one (the middle row; `BatchedSaveAutoGrades` writes a notebook's grades in one
gradebook transaction instead of one per cell), importing numpy, and running 10 answer cells and 25
test cells (small exact tables, a few thousand samples at most, nothing looping in Python over
samples). Three choices keep that share small:

- the "try it" and figure cells carry the tag `demo` and are not run while grading (`SkipDemoCells`
  in tools/grading/nbgrader_plugins.py): no matplotlib, seaborn or parameter sweeps;
- `import mi_helpers` loads numpy only (its functions import scipy on first use), so scipy, which
  alone takes about 0.3 s to import, loads only if an answer calls a function that needs it;
- the reference answers use numpy only.
"""
    OUT.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
