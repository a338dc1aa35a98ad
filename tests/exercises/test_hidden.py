"""Hidden cases: drawn afresh per run, judged right for the reference at any seed, never sent with answers."""

from __future__ import annotations

import json

import pytest

from mi_exercises.compare import judge
from mi_exercises.encoding import encode_result
from mi_exercises.spec import CHECKS
from tools.grading import reference
from tools.grading.hidden import hidden_cases, kernel_inputs

SEEDS = [0, 1, 7, 2024, 123456789]


@pytest.fixture(scope="module", params=SEEDS)
def cases(request):
    return request.param, hidden_cases(request.param)


def test_every_check_has_hidden_cases(cases):
    _seed, drawn = cases
    assert set(drawn) == set(CHECKS)
    assert all(len(items) >= 2 for items in drawn.values())


def test_the_reference_passes_every_hidden_case(cases):
    """Including the interval claims of ex6 and the first certified iterate of ex9, at every seed."""
    _seed, drawn = cases
    for check_id, items in drawn.items():
        check = CHECKS[check_id]
        function = reference.REFERENCES[check.function]
        for case in items:
            outcome = {"status": "ok", "result": encode_result(function(*case.args, **case.kwargs))}
            assert (
                judge(
                    case.kind or check.kind,
                    outcome,
                    case.expected,
                    tol=check.tol,
                    what=case.what,
                    hidden=True,
                )
                is None
            ), (check_id, case.what)


def test_inputs_change_with_the_seed_and_hold_no_expected_value():
    first, second = hidden_cases(1), hidden_cases(2)
    assert kernel_inputs(first) != kernel_inputs(second)
    sent = kernel_inputs(first)
    assert all(set(item) == {"what", "args", "kwargs"} for items in sent.values() for item in items)
    assert "expected" not in json.dumps(sent)
