"""Fair on every draw, second assignment: each synthetic answer of ``estimation_in_practice`` gets
the same grade on 200 draws of the hidden inputs (as ``test_redraw.py`` does for the first).

No kernel: each scenario's setup and answer cells run here, its functions are called on the visible
and hidden inputs of every draw through the kernel's ``run_case`` (after the JSON round trip the
sandbox imposes), and judged by the grader's ``verdict``. A wrong variant loses the cells it names
on every draw (0 of 200); every other cell, and every cell of a correct variant, passes on every
draw (200 of 200).
"""

from __future__ import annotations

import json
import time
from functools import cache
from typing import Any

import pytest

from mi_exercises.encoding import decode_input
from mi_exercises.grader import run_case
from mi_exercises.spec_practice import CHECKS
from tests.exercises import synthetic, synthetic_practice
from tools.grading import hidden
from tools.grading.nbgrader_plugins import verdict

DRAWS = 200
SEEDS = [1_000_003 * k + 29 for k in range(DRAWS)]
ASSIGNMENT = synthetic_practice.ASSIGNMENT
# the reference, the correct answers in other idioms and the plausible wrong ones (plain functions)
VARIANTS = [
    s for s in synthetic_practice.SCENARIOS if s.name == "solution" or s.name.startswith(("wrong_", "fair_"))
]


@cache
def _notebooks() -> tuple[dict, dict]:
    path = f"{ASSIGNMENT}/{synthetic_practice.NOTEBOOK}.ipynb"
    return (
        synthetic.read_nb(synthetic.REPO / "exercises" / path),
        synthetic.read_nb(synthetic.REPO / "solutions" / path),
    )


@cache
def _namespace(name: str) -> dict[str, Any]:
    """The names the scenario's setup and answer cells define, run in notebook order."""
    scenario = next(s for s in VARIANTS if s.name == name)
    nb = scenario.build(*_notebooks())
    namespace: dict[str, Any] = {"__name__": "__student__"}
    for cell in nb["cells"]:
        gid = str(synthetic.grade_id(cell))
        if cell["cell_type"] == "code" and gid.endswith(("_solution", "setup")):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace


@cache
def _draw(seed: int) -> tuple[dict, dict]:
    cases = hidden.hidden_cases(seed, ASSIGNMENT)
    return cases, json.loads(json.dumps(hidden.kernel_inputs(cases)))


def _outcome(function: Any, args: tuple, kwargs: dict, exercise: str) -> dict:
    return json.loads(json.dumps(run_case(function, args, kwargs, exercise)))


def _passes(function: Any, check_id: str, visible: list[dict], seed: int) -> bool:
    """Whether ``verdict`` passes the cell on this draw (hidden cases judged one at a time, in order)."""
    spec = CHECKS[check_id]
    cases, sent = _draw(seed)
    for case, item in zip(cases[check_id], sent[check_id], strict=True):
        outcome = _outcome(
            function, tuple(decode_input(item["args"])), decode_input(item["kwargs"]), spec.exercise
        )
        if (
            verdict(check_id, {"check": check_id, "visible": visible, "hidden": [outcome]}, [case])[0]
            is not None
        ):
            return False
    return True


@pytest.fixture(scope="module", autouse=True)
def _draws_once():
    started = time.monotonic()
    for seed in SEEDS:
        _draw(seed)
    yield
    print(f"\n200 draws of the second assignment's hidden inputs, graded: {time.monotonic() - started:.1f} s")


@cache
def _reference_visible(check_id: str) -> list[dict]:
    spec = CHECKS[check_id]
    function = _namespace("solution")[spec.function]
    return [_outcome(function, c.args, c.kwargs, spec.exercise) for c in spec.visible]


@pytest.mark.parametrize("scenario", VARIANTS, ids=[s.name for s in VARIANTS])
def test_every_draw_gives_the_same_grade(scenario):
    """The cell's verdict on each draw, and the hidden cases on their own (as if the visible passed)."""
    namespace = _namespace(scenario.name)
    wrong = []
    for check_id, spec in sorted(CHECKS.items()):
        if scenario.name.startswith("wrong_") and spec.exercise != scenario.lose[0].split("_")[0]:
            continue  # a wrong variant changes one exercise: the reference covers the others
        function = namespace.get(spec.function)
        visible = [_outcome(function, c.args, c.kwargs, spec.exercise) for c in spec.visible]
        visible_ok = verdict(check_id, {"check": check_id, "visible": visible, "hidden": []}, [])[0] is None
        hidden_only = sum(_passes(function, check_id, _reference_visible(check_id), s) for s in SEEDS)
        passes = hidden_only if visible_ok else 0
        want = 0 if check_id in scenario.lose else DRAWS
        if passes != want or hidden_only != want:
            wrong.append(
                f"{check_id}: passes on {passes} of {DRAWS} draws ({hidden_only} on the hidden cases alone), "
                f"should on {want}"
            )
    assert not wrong, f"{scenario.name} ({scenario.about}): " + "; ".join(wrong)


def test_one_wrong_variant_per_exercise_and_a_fair_one():
    exercises = {s.lose[0].split("_")[0] for s in VARIANTS if s.name.startswith("wrong_")}
    assert exercises == {spec.exercise for spec in CHECKS.values()}
    assert any(s.name.startswith("fair_") for s in VARIANTS)
