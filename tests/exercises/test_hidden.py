"""Hidden cases: drawn afresh per run, judged right for the reference at any seed, never sent with answers."""

from __future__ import annotations

import json
import math

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


def test_the_spread_of_the_bias_is_what_the_spread_check_assumes():
    """BIAS_SD measured again (300 fresh repeats each): within 20 %, and the repeats close to normal."""
    import numpy as np
    from scipy import stats

    from tools.grading.hidden import BIAS_SD

    for (rho, n, bins), sd in BIAS_SD.items():
        draws = reference.histogram_bias(rho, n, bins, 300, 424242)
        assert 0.8 * sd <= float(np.std(draws, ddof=1)) <= 1.2 * sd, (rho, n, bins)
        assert abs(float(stats.skew(draws))) < 0.5, (rho, n, bins)


def test_the_spread_check_rejects_correct_code_negligibly_often():
    """Normal theory, the true spread 10 % off the measured one (5 standard errors of a measurement
    over 1500 repeats): under 1e-8 per case, so under 1e-5 for the three cases of 200 draws."""
    from scipy import stats

    from tools.grading.hidden import BIAS_SD, spread_bounds

    total = 0.0
    for case in hidden_cases(0)["ex6_claims"]:
        rho, n, bins, repeats, _seed = case.args
        low, high = spread_bounds(BIAS_SD[(rho, n, bins)], repeats)
        df = repeats - 1
        for error in (0.9, 1.1):
            sd = BIAS_SD[(rho, n, bins)] * error
            rate = stats.chi2.cdf(low * df / sd**2, df) + stats.chi2.sf(high * df / sd**2, df)
            total = max(total, rate)
        assert case.expected[2] == (low, high)
    assert total < 1e-8 and 200 * 3 * total < 1e-5


def test_the_hidden_channels_separate_the_stopping_rules_at_every_seed():
    import numpy as np

    from tools.grading.hidden import STOP_TOLS, separates_stopping_rules

    for seed in range(40):
        cases = [c for c in hidden_cases(seed)["ex9_capacity"] if c.kind == "first_certified"]
        assert [c.kwargs["tol"] for c in cases] == list(STOP_TOLS)
        assert separates_stopping_rules(np.asarray(cases[0].args[0]))


def test_the_ex6_statement_numbers_on_the_first_order_bias():
    """The statement: (bins - 1)^2 / 2n holds when every cell holds many points, overstates otherwise."""
    import numpy as np

    for bins, n, repeats, printed in ((10, 20000, 200, 0.0019), (30, 1000, 400, 0.29), (48, 500, 400, 1.03)):
        draws = reference.histogram_bias(0.0, n, bins, repeats, 20261207)
        mean, se = float(draws.mean()), float(draws.std(ddof=1)) / repeats**0.5
        assert abs(mean - printed) <= max(4 * se, 0.006 * printed), (bins, n, mean, se)
    assert (
        abs(0.0019 - 81 / 40000) < 2e-4
        and np.isclose(29**2 / 2000, 0.4205)
        and np.isclose(47**2 / 1000, 2.209)
    )


# ---- audit A3 (issue 20): the Exercise 6 answer's bin choices, over 200 data sets each


def test_the_ex6_answer_bin_choices_over_200_data_sets():
    """The answer's numbers: at n = 500 the mean bias changes sign between 6 and 8 bins; at
    n = 8000 it is -0.006, -0.001 and +0.004 nats at 14, 16 and 18 bins and -0.013 at 12; at
    4 bins it is +0.022 at n = 50 and -0.019 at n = 100 (400 data sets)."""
    printed = {(500, 6): -0.021, (500, 8): 0.013, (8000, 12): -0.013, (8000, 14): -0.006,
               (8000, 16): -0.001, (8000, 18): 0.004}
    for (n, bins), value in printed.items():
        draws = reference.histogram_bias(0.6, n, bins, 200, 20261208)
        mean, se = float(draws.mean()), float(draws.std(ddof=1)) / 200**0.5
        assert abs(mean - value) <= max(4 * se, 0.001), (n, bins, mean, se)
        assert (n == 8000 and bins in (14, 16)) or abs(mean) > 4 * se, (n, bins, mean, se)  # a sign
    for n, value in ((50, 0.022), (100, -0.019)):  # coarse bins: below the truth only once cells fill
        draws = reference.histogram_bias(0.6, n, 4, 400, 20261208)
        mean, se = float(draws.mean()), float(draws.std(ddof=1)) / 400**0.5
        assert abs(mean - value) <= max(4 * se, 0.001) and abs(mean) > 4 * se, (n, mean, se)
    truth = -0.5 * math.log(1 - 0.6**2)
    assert abs(printed[8000, 12]) / truth > 0.055  # 6 % low
    assert max(abs(printed[8000, b]) for b in (14, 16, 18)) / truth < 0.03


def test_the_chi_square_quantiles_are_scipys():
    from scipy.stats import chi2

    from tools.grading.hidden import CHI2_QUANTILES, SPREAD_FALSE_REJECTION

    for df, (low, high) in CHI2_QUANTILES.items():
        assert math.isclose(low, chi2.ppf(SPREAD_FALSE_REJECTION, df), rel_tol=1e-9)
        assert math.isclose(high, chi2.isf(SPREAD_FALSE_REJECTION, df), rel_tol=1e-9)
