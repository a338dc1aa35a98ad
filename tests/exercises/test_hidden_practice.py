"""The second assignment's checks without a kernel: visible values, hidden inputs, the registry, the late rule."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from mi_exercises import assignments, spec, spec_practice
from mi_exercises.compare import judge
from mi_exercises.grader import WITHHELD, run_case
from tools.grading import hidden, reference_practice
from tools.grading.late_policy import per_day_penalty

PRACTICE = "estimation_in_practice"


@pytest.mark.parametrize("check_id", sorted(spec_practice.CHECKS))
def test_visible_values_are_the_references(check_id):
    """Every visible expected value is what the grader's reference computes on that input."""
    check = spec_practice.CHECKS[check_id]
    function = reference_practice.REFERENCES[check.function]
    for case in check.visible:
        outcome = json.loads(json.dumps(run_case(function, case.args, case.kwargs, check.exercise)))
        assert judge(case.kind or check.kind, outcome, case.expected, tol=check.tol, what=case.what) is None


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_check_has_hidden_cases_and_the_kernel_sees_no_expected_value(seed):
    cases = hidden.hidden_cases(seed, PRACTICE)
    assert set(cases) == set(spec_practice.CHECKS)
    assert all(len(items) >= 1 for items in cases.values())
    sent = json.dumps(hidden.kernel_inputs(cases))
    numbers = set(re.findall(r"-?[0-9][0-9.e+-]*", sent))  # every number handed to the kernel, as written
    for items in cases.values():
        for case in items:
            if isinstance(case.expected, float) and case.expected not in (0.0, 1.0):
                assert repr(case.expected) not in numbers


def test_hidden_inputs_change_with_the_seed():
    first, second = hidden.hidden_cases(1, PRACTICE), hidden.hidden_cases(2, PRACTICE)
    assert json.dumps(hidden.kernel_inputs(first)) != json.dumps(hidden.kernel_inputs(second))


def test_each_assignment_draws_only_its_own_checks():
    assert set(hidden.hidden_cases(3)) == set(spec.CHECKS)
    assert set(hidden.hidden_cases(3, "mutual_information")) == set(spec.CHECKS)
    assert hidden.hidden_cases(3, "no_such_assignment") == {}
    assert assignments.checks_of(PRACTICE) is spec_practice.CHECKS
    assert not set(spec.CHECKS) & set(spec_practice.CHECKS)
    assert set(assignments.CHECKS) == set(spec.CHECKS) | set(spec_practice.CHECKS)


def test_the_helpers_exercise_4_asks_for_are_withheld():
    assert {"bootstrap_interval", "permutation_test", "ksg_mutual_information", "dv_lower_bound"} <= WITHHELD


def test_mine_cases_are_reachable_by_plain_ascent():
    """The grader's step size and step count bring ascent from 0 within 1e-6 of the best theta."""
    for seed in range(3):
        (case,) = hidden.hidden_cases(seed, PRACTICE)["p3_fit"]
        theta = reference_practice.mine_fit(*case.args, **case.kwargs)
        assert np.abs(theta - np.array(case.expected[0])).max() < 1e-6


def test_permutation_sets_hold_no_near_tie():
    for seed in range(3):
        for case in hidden.hidden_cases(seed, PRACTICE)["p4_permutation"]:
            observed, permuted = reference_practice.permuted_statistics(*case.args)
            gap = np.abs(permuted - observed)
            assert np.all((gap == 0) | (gap > 1e-9))


def test_ranking_and_greedy_differ_on_every_hidden_law():
    for seed in range(3):
        for case in hidden.hidden_cases(seed, PRACTICE)["p5_greedy"]:
            P, k = case.args
            assert list(reference_practice.mi_ranking(P, k)) != list(
                reference_practice.greedy_cmi_selection(P, k)
            )


@pytest.mark.parametrize(
    ("seconds", "lost"),
    [
        (-5, 0.0),
        (0, 0.0),
        (1, 1.0),
        (86_400, 1.0),
        (86_401, 2.0),
        (9 * 86_400 + 1, 10.0),
        (40 * 86_400, 10.0),
    ],
)
def test_per_day_penalty(seconds, lost):
    """10 % of the earned points per started day late, never more than all of them."""
    assert math.isclose(per_day_penalty(10.0, seconds, 0.1), lost)
    assert per_day_penalty(0.0, seconds, 0.1) == 0.0
