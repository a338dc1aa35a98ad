"""Fair on every draw: each synthetic student's grade cells come out the same on 200 hidden draws.

No kernel and no nbgrader: each scenario's answer cells run in this process, its functions are
called on the visible and hidden inputs of every draw through the kernel's own ``run_case``, and
the outcomes are judged by the grader's own ``verdict`` (what ``DecideVerdicts`` uses), after the
same JSON round trip the sandbox imposes. A wrong variant must lose the cells its scenario names on
*every* draw (0 passes in 200), and every other cell, like every cell of a correct variant, must
pass on every draw (200 of 200).
"""

from __future__ import annotations

import json
import time
from functools import cache
from typing import Any

import pytest

from mi_exercises.encoding import decode_input
from mi_exercises.grader import run_case
from mi_exercises.spec import CHECKS
from tests.exercises import synthetic
from tools.grading import hidden
from tools.grading.nbgrader_plugins import verdict

DRAWS = 200
SEEDS = [1_000_003 * k + 17 for k in range(DRAWS)]
# The scenarios whose answers are plain functions: the reference, the correct ones in other idioms
# and every plausible wrong answer.
VARIANTS = [s for s in synthetic.SCENARIOS if s.name == "solution" or s.name.startswith(("wrong_", "fair_"))]


@cache
def _notebooks() -> tuple[dict, dict]:
    """The release and the solutions notebooks, as the synthetic class builds from them."""
    path = f"{synthetic.ASSIGNMENT}/{synthetic.NOTEBOOK}.ipynb"
    return (
        synthetic.read_nb(synthetic.REPO / "exercises" / path),
        synthetic.read_nb(synthetic.REPO / "solutions" / path),
    )


def _source(cell: dict) -> str:
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


@cache
def _answers(name: str) -> dict[str, str]:
    """grade id -> the source of each answer cell of this scenario's notebook."""
    scenario = next(s for s in synthetic.SCENARIOS if s.name == name)
    release, solutions = _notebooks()
    nb = scenario.build(release, solutions)
    return {
        synthetic.grade_id(c): _source(c)
        for c in nb["cells"]
        if c["cell_type"] == "code" and str(synthetic.grade_id(c)).endswith(("_solution", "setup"))
    }


@cache
def _namespace(name: str) -> dict[str, Any]:
    """The names the scenario's setup and answer cells define, run in notebook order."""
    namespace: dict[str, Any] = {"__name__": "__student__"}
    for source in _answers(name).values():
        exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace


def _code(function: Any) -> Any:
    code = getattr(function, "__code__", None)
    return None if code is None else (code.co_code, code.co_consts, code.co_names)


@cache
def _changed_checks(name: str) -> frozenset[str]:
    """The checks whose function differs from the reference's, or calls one that does."""
    ours, reference = _namespace(name), _namespace("solution")
    changed = {
        key for key, value in ours.items() if callable(value) and _code(value) != _code(reference.get(key))
    }
    return frozenset(
        check_id
        for check_id, spec in CHECKS.items()
        if spec.function in changed
        or changed & set(getattr(getattr(ours.get(spec.function), "__code__", None), "co_names", ()))
    )


@cache
def _draw(seed: int) -> tuple[dict, dict]:
    """The hidden cases of a draw and the inputs exactly as the kernel decodes them."""
    cases = hidden.hidden_cases(seed)
    sent = json.loads(json.dumps(hidden.kernel_inputs(cases)))
    return cases, sent


def _through_json(outcome: dict) -> dict:
    return json.loads(json.dumps(outcome))


def _outcomes(function: Any, exercise: str, items: list[tuple[tuple, dict]]) -> list[dict]:
    return [_through_json(run_case(function, args, kwargs, exercise)) for args, kwargs in items]


def _passes(namespace: dict[str, Any], check_id: str, visible: list[dict], seed: int) -> bool:
    """Whether ``verdict`` passes the cell on this draw.

    ``verdict`` judges the visible results, then the hidden ones in order, each on its own, and
    stops at the first problem; so the hidden cases are run and judged one at a time here and the
    first failing one ends the draw, as it would end the grader's verdict.
    """
    spec = CHECKS[check_id]
    cases, sent = _draw(seed)
    function = namespace.get(spec.function)
    for case, item in zip(cases[check_id], sent[check_id], strict=True):
        args, kwargs = tuple(decode_input(item["args"])), decode_input(item["kwargs"])
        (outcome,) = _outcomes(function, spec.exercise, [(args, kwargs)])
        payload = {"check": check_id, "visible": visible, "hidden": [outcome]}
        if verdict(check_id, payload, [case])[0] is not None:
            return False
    return True


def _passes_visible(check_id: str, visible: list[dict]) -> bool:
    """Whether the visible results pass (they are the same on every draw)."""
    payload = {"check": check_id, "visible": visible, "hidden": []}
    return verdict(check_id, payload, [])[0] is None


@pytest.fixture(scope="module", autouse=True)
def _draws_once():
    started = time.monotonic()
    for seed in SEEDS:
        _draw(seed)
    yield
    print(f"\n200 draws of the hidden inputs and their grading: {time.monotonic() - started:.1f} s")


@cache
def _reference_visible(check_id: str) -> list[dict]:
    spec = CHECKS[check_id]
    function = _namespace("solution")[spec.function]
    return _outcomes(function, spec.exercise, [(c.args, c.kwargs) for c in spec.visible])


@pytest.mark.parametrize("scenario", VARIANTS, ids=[s.name for s in VARIANTS])
def test_every_draw_gives_the_same_grade(scenario):
    """The cell's verdict on each draw, and the hidden cases on their own (as if the visible passed)."""
    namespace = _namespace(scenario.name)
    checks = set(CHECKS) if scenario.name == "solution" else set(_changed_checks(scenario.name))
    assert set(scenario.lose) <= checks, f"{scenario.name} loses cells whose function it does not change"
    wrong = []
    for check_id in sorted(checks):
        spec = CHECKS[check_id]
        function = namespace.get(spec.function)
        visible = _outcomes(function, spec.exercise, [(c.args, c.kwargs) for c in spec.visible])
        hidden_only = sum(_passes(namespace, check_id, _reference_visible(check_id), s) for s in SEEDS)
        passes = hidden_only if _passes_visible(check_id, visible) else 0
        want = 0 if check_id in scenario.lose else DRAWS
        if passes != want or hidden_only != want:
            wrong.append(
                f"{check_id}: passes on {passes} of {DRAWS} draws ({hidden_only} on the hidden cases "
                f"alone), should on {want}"
            )
    assert not wrong, f"{scenario.name} ({scenario.about}): " + "; ".join(wrong)


def test_the_variants_cover_every_wrong_answer_and_the_two_from_the_trial():
    names = {s.name for s in VARIANTS}
    assert {"solution", "wrong_ex9_input_change", "wrong_ex6_rng_in_loop", "wrong_ex6_constant"} <= names
    assert sum(name.startswith("wrong_") for name in names) >= 18
    assert any(name.startswith("fair_") for name in names)
