"""mi_helpers.resampling (bootstrap intervals, permutation tests) and the batched experiments of
mi_course.practice, each held to the one-data-set function it vectorises."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import expit, ndtr

import mi_helpers as mi
from mi_course import practice as pr


def mean_statistic(a: np.ndarray) -> float:
    return float(np.mean(a))


def corr_statistic(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


# --- bootstrap_interval -------------------------------------------------------------------------


def test_bootstrap_replicates_are_the_documented_draws():
    data = np.random.default_rng(1).standard_normal((50, 2))
    ci = mi.bootstrap_interval(
        corr_statistic, data[:, 0], data[:, 1], rng=np.random.default_rng(7), n_resamples=40, level=0.8
    )
    rows = np.random.default_rng(7).integers(0, 50, size=(40, 50))
    expected = [corr_statistic(data[r, 0], data[r, 1]) for r in rows]
    assert ci.replicates.tolist() == expected
    q = np.quantile(expected, [(1 - 0.8) / 2, (1 + 0.8) / 2])
    assert (ci.low, ci.high) == (float(q[0]), float(q[1]))
    assert ci.estimate == corr_statistic(data[:, 0], data[:, 1])
    assert ci.level == 0.8 and ci.method == "percentile"


@settings(max_examples=60)
@given(
    values=st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=30),
    level=st.floats(0.05, 0.99),
    seed=st.integers(0, 2**32 - 1),
)
def test_basic_interval_is_the_percentile_interval_reflected(values, level, seed):
    kwargs = {"n_resamples": 25, "level": level}
    pct = mi.bootstrap_interval(mean_statistic, values, rng=np.random.default_rng(seed), **kwargs)
    basic = mi.bootstrap_interval(
        mean_statistic, values, rng=np.random.default_rng(seed), method="basic", **kwargs
    )
    assert pct.low <= pct.high and basic.low <= basic.high
    scale = 1e-9 * (1 + max(abs(v) for v in values))
    assert abs(basic.low - (2 * pct.estimate - pct.high)) <= scale
    assert abs(basic.high - (2 * pct.estimate - pct.low)) <= scale
    assert min(pct.replicates) <= pct.low and pct.high <= max(pct.replicates)


def test_a_constant_statistic_gives_a_point_interval():
    ci = mi.bootstrap_interval(lambda a: 2.5, np.arange(10), rng=np.random.default_rng(0), n_resamples=5)
    assert (ci.low, ci.estimate, ci.high) == (2.5, 2.5, 2.5)
    assert ci.covers(2.5) and not ci.covers(2.6)


def test_percentile_interval_of_a_mean_covers_about_as_often_as_it_says():
    """An almost unbiased statistic: the 90 % interval of a normal mean, n = 40, over 400 data sets.

    Coverage of the percentile interval of a mean is 1 - alpha up to O(1/n); with 400 data sets the
    binomial s.e. is 0.015, so [0.83, 0.95] allows 4.5 s.e. below and 3 above (it runs slightly low)."""
    g = np.random.default_rng(3)
    hits = 0
    for _ in range(400):
        data = g.standard_normal(40)
        ci = mi.bootstrap_interval(mean_statistic, data, rng=g, n_resamples=200, level=0.9)
        hits += ci.covers(0.0)
    assert 0.83 <= hits / 400 <= 0.95


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((), {}, "at least one array"),
        ((np.zeros(3), np.zeros(4)), {}, "sample lengths differ"),
        ((np.zeros(1),), {}, "at least 2 rows"),
        ((np.zeros((2, 2, 2)),), {}, r"shape \(n,\) or \(n, d\)"),
        ((np.arange(5.0),), {"n_resamples": 1}, "n_resamples must be an integer >= 2"),
        ((np.arange(5.0),), {"n_resamples": 2.5}, "n_resamples must be an integer"),
        ((np.arange(5.0),), {"level": 1.0}, "level must be a number strictly between 0 and 1"),
        ((np.arange(5.0),), {"level": True}, "level must be"),
        ((np.arange(5.0),), {"method": "bca"}, "method must be one of"),
    ],
)
def test_bootstrap_refuses_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        mi.bootstrap_interval(lambda *a: 0.0, *args, rng=np.random.default_rng(0), **kwargs)


def test_bootstrap_refuses_a_seed_in_place_of_a_generator():
    with pytest.raises(ValueError, match=r"rng must be a numpy\.random\.Generator"):
        mi.bootstrap_interval(mean_statistic, np.arange(5.0), rng=0)


def test_a_failing_statistic_is_named_with_its_resample():
    calls = []

    def statistic(a):
        calls.append(1)
        return math.nan if len(calls) == 4 else 0.0

    with pytest.raises(ValueError, match="returned nan on resample 2"):
        mi.bootstrap_interval(statistic, np.arange(5.0), rng=np.random.default_rng(0), n_resamples=5)
    with pytest.raises(ValueError, match="must return a real number; on the data it returned 'x'"):
        mi.bootstrap_interval(lambda a: "x", np.arange(5.0), rng=np.random.default_rng(0))


def test_ksg_on_a_bootstrap_resample_is_refused_not_silently_wrong():
    x, y = np.random.default_rng(0).standard_normal((2, 300))
    with pytest.raises(ValueError, match="repeated samples"):
        mi.bootstrap_interval(mi.ksg_mutual_information, x, y, rng=np.random.default_rng(1), n_resamples=5)


# --- permutation_test ---------------------------------------------------------------------------


def test_permutations_are_the_documented_draws():
    x, y = np.random.default_rng(2).standard_normal((2, 30))
    test = mi.permutation_test(corr_statistic, x, y, rng=np.random.default_rng(5), n_permutations=50)
    orders = np.random.default_rng(5).permuted(np.tile(np.arange(30), (50, 1)), axis=1)
    expected = np.array([corr_statistic(x, y[o]) for o in orders])
    assert test.null.tolist() == expected.tolist()
    assert test.p_value == (1 + np.sum(expected >= test.statistic)) / 51


@settings(max_examples=60)
@given(
    values=st.lists(st.floats(-100, 100), min_size=3, max_size=20),
    permutations=st.integers(1, 40),
    seed=st.integers(0, 2**32 - 1),
)
def test_p_value_is_on_its_grid_and_less_mirrors_greater(values, permutations, seed):
    x = np.arange(len(values), dtype=float)
    y = np.asarray(values)

    def stat(a, b):
        return float(np.sum(a * b))

    greater = mi.permutation_test(stat, x, y, rng=np.random.default_rng(seed), n_permutations=permutations)
    less = mi.permutation_test(
        lambda a, b: -stat(a, b),
        x,
        y,
        rng=np.random.default_rng(seed),
        n_permutations=permutations,
        alternative="less",
    )
    assert 1 / (permutations + 1) <= greater.p_value <= 1
    assert round(greater.p_value * (permutations + 1)) == pytest.approx(greater.p_value * (permutations + 1))
    assert less.p_value == greater.p_value


def test_ties_count_as_extreme():
    test = mi.permutation_test(lambda a, b: 1.0, np.arange(6), np.arange(6), rng=np.random.default_rng(0))
    assert test.p_value == 1.0


def test_ties_up_to_rounding_count_as_extreme():
    """A permuted statistic one rounding error below the observed one is a tie, not smaller."""
    values = iter([0.3] + [0.3 - 1e-16 * k for k in range(1, 10)])
    test = mi.permutation_test(
        lambda a, b: next(values), np.arange(5), np.arange(5), rng=np.random.default_rng(0), n_permutations=9
    )
    assert test.p_value == 1.0


def test_the_level_holds_under_independence():
    """P(p <= 0.05) <= 0.05 exactly; B = 19 makes it P(no permutation reaches the observed) = 1/20.
    Over 1000 independent data sets the share has s.e. 0.0069: 4.5 s.e. above 0.05 is 0.081."""
    g = np.random.default_rng(11)
    rejected = 0
    for _ in range(1000):
        x, y = g.standard_normal((2, 12))
        rejected += mi.permutation_test(corr_statistic, x, y, rng=g, n_permutations=19).p_value <= 0.05
    assert rejected / 1000 <= 0.081


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_permutations": 0}, "n_permutations must be an integer >= 1"),
        ({"alternative": "two-sided"}, "alternative must be one of"),
        ({"rng": np.random.RandomState(0)}, r"rng must be a numpy\.random\.Generator"),
    ],
)
def test_permutation_test_refuses_bad_input(kwargs, message):
    options = {"rng": np.random.default_rng(0), **kwargs}
    with pytest.raises(ValueError, match=message):
        mi.permutation_test(corr_statistic, np.arange(5.0), np.arange(5.0), **options)
    with pytest.raises(ValueError, match="sample lengths differ"):
        mi.permutation_test(corr_statistic, np.arange(5.0), np.arange(4.0), rng=np.random.default_rng(0))


# --- mi_course.practice: each batch against the one-data-set function ---------------------------


def test_ksg_batch_is_the_library_ksg():
    g = np.random.default_rng(4)
    x = g.standard_normal((3, 120))
    y = 0.7 * x + g.standard_normal((3, 120))
    batch = pr.ksg_batch(x, y, [1, 2, 5, 17])
    for r in range(3):
        for j, k in enumerate([1, 2, 5, 17]):
            assert abs(batch[r, j] - mi.ksg_mutual_information(x[r], y[r], k=k)) <= 1e-12


@settings(max_examples=60)
@given(st.lists(st.integers(0, 9), min_size=6, max_size=6), st.integers(2, 3))
def test_plug_in_and_miller_madow_are_the_library_estimates(cells, rows):
    counts = np.array(cells[: rows * 2], dtype=float).reshape(rows, 2)
    if counts.sum() == 0:
        counts[0, 0] = 1
    assert abs(float(pr.plugin_information(counts)) - mi.mutual_information(counts, normalize=True)) <= 1e-12
    # the same table as a histogram of integer codes, with Miller–Madow
    x = np.repeat(np.repeat(np.arange(rows), 2), counts.ravel().astype(int))
    y = np.repeat(np.tile(np.arange(2), rows), counts.ravel().astype(int))
    if x.size:
        reference = mi.histogram_mutual_information(
            x, y, bins=[np.arange(rows + 1) - 0.5, np.arange(3) - 0.5], correction="miller-madow"
        )
        assert abs(float(pr.miller_madow_information(counts)) - reference) <= 1e-12


def test_subset_entropies_and_greedy_cmi_match_the_library():
    g = np.random.default_rng(8)
    law = pr.sensor_law()
    counts = g.multinomial(300, law.ravel()).reshape(law.shape)
    H = pr.subset_entropies(counts[None])
    assert abs(H[0, 0b10011] - mi.entropy(counts.sum(axis=(2, 3)), normalize=True)) <= 1e-12
    chosen: list[int] = []
    for _ in range(3):
        gains = {
            j: mi.conditional_mutual_information(counts, x=j, y=0, z=tuple(chosen), normalize=True)
            if chosen
            else mi.mutual_information(counts, x=j, y=0, normalize=True)
            for j in (1, 2, 3, 4)
            if j not in chosen
        }
        chosen.append(max(gains, key=gains.get))
    assert pr.greedy_selection(H, "cmi", 3)[0].tolist() == chosen


def test_greedy_rules_on_the_exact_sensor_law():
    H = pr.subset_entropies(1e9 * pr.sensor_law()[None])
    picks = {m: pr.greedy_selection(H, m, 3)[0].tolist() for m in ("mi", "mrmr", "jmi", "cmi")}
    assert picks == {"mi": [1, 2, 3], "mrmr": [1, 3, 4], "jmi": [1, 4, 2], "cmi": [1, 4, 3]}
    with pytest.raises(ValueError, match="method must be one of"):
        pr.greedy_selection(H, "relief", 2)


def test_binned_entropy_is_exact_for_a_uniform_law():
    uniform = lambda t: np.clip(t, 0.0, 1.0)  # noqa: E731
    for m in (1, 4, 10):
        assert abs(pr.binned_entropy(uniform, 1 / m, 2.0) - math.log(m)) <= 1e-12
    # and approaches h - log D for smooth laws, with the gap J D² / 24
    gap = pr.binned_entropy(expit, 0.1, 60.0) + math.log(0.1) - 2.0
    assert abs(gap / (0.01 / 72) - 1) < 0.01
    gap = pr.binned_entropy(ndtr, 0.1, 12.0) + math.log(0.1) - 0.5 * math.log(2 * math.pi * math.e)
    assert abs(gap / (0.01 / 24) - 1) < 0.01


def test_binned_gaussian_pair_information():
    assert abs(pr.binned_gaussian_pair_information(0.0, 0.5)) <= 1e-12
    coarse, fine = (pr.binned_gaussian_pair_information(0.8, d) for d in (0.5, 0.25))
    assert coarse < fine < mi.gaussian_mutual_information(0.8)


def test_bootstrap_coverage_counts_intervals():
    law = np.array([[0.4, 0.1], [0.1, 0.4]])
    result = pr.bootstrap_coverage(law, [30, 3000], 200, 100, 0.9, np.random.default_rng(0))
    for method in ("percentile", "basic"):
        assert np.all((0 <= result.coverage[method]) & (result.coverage[method] <= 1))
        assert np.all(result.stderr(method) <= 0.5 / math.sqrt(200) + 1e-12)
    assert result.bias[0] > result.bias[1] > -0.01  # the plug-in's bias shrinks with n


def test_independence_tests_match_the_library_permutation_test():
    """Same p-value as mi.permutation_test on each data set, given the same permutations."""
    law = np.full((3, 3), 1 / 9)
    result = pr.independence_tests(law, 40, 5, 30, 0, 0.9, np.random.default_rng(9))
    g = np.random.default_rng(9)
    cells = g.choice(9, size=(5, 40), p=law.ravel())
    x, y = np.divmod(cells, 3)
    shuffled = g.permuted(np.repeat(y[:, None, :], 30, axis=1), axis=2)
    for d in range(5):
        observed = mi.mutual_information(mi.joint_table(x[d], y[d], levels=[3, 3]))
        null = np.array([mi.mutual_information(mi.joint_table(x[d], s, levels=[3, 3])) for s in shuffled[d]])
        expected = (1 + np.sum(null >= observed - 1e-12)) / 31
        assert result.p_values[d] == expected
    assert result.lower.size == 0
