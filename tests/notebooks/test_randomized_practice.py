"""Notebook 7's claims about random samples (Sections 29, 30 and 32) hold for other seeds.

As in ``test_randomized_estimation.py``: the same `mi_course.practice` experiment with the same
parameters as the notebook cell, for other seeds in place of the notebook's SEED, the same claims
and the same tolerances. The heaviest experiments (KSG over 200 data sets, the bootstrap coverage
study) run for 20 seeds, the others for the 50 of ``seeds.SEEDS``. Where the notebook's prose
states a pooled figure ("over 20 other seeds"), the test computes it. Section 31 draws nothing.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import digamma

import mi_helpers as mi
from mi_course import practice

from .seeds import NOISE_Z, SEEDS, notebook_function, rng

HEAVY_SEEDS = range(20)
LAW = np.full((4, 4), 0.7 / 16) + np.diag(np.full(4, 0.3 / 4))
TRUE_DISCRETE = mi.mutual_information(LAW)
KS = [1, 3, 5, 8, 15, 30]


def test_s29_from_scratch_ksg_for_each_k_agrees_with_the_library():
    ksg_for_each_k = notebook_function("07_estimation_in_practice", "ksg_for_each_k", digamma=digamma)
    for seed in range(5):
        x, y = rng(seed, 290).standard_normal((2, 150))
        y = 0.5 * x + y
        values = ksg_for_each_k(x, y, KS)
        assert np.max(np.abs(values - [mi.ksg_mutual_information(x, y, k=k) for k in KS])) <= 1e-12


@pytest.mark.slow
def test_s29_ksg_bias_and_spread_against_k():
    """The check of Section 29, and the prose: |bias| <= 0.04 and below one estimate's sd for k in
    3..8, and the k of smallest rmse no larger at rho = 0.9 than at rho = 0.6."""
    for seed in HEAVY_SEEDS:
        sweeps = {
            rho: practice.ksg_k_sweep(rho, 200, KS, 200, rng(seed, tag))
            for rho, tag in [(0.6, 29), (0.9, 291)]
        }
        bias = {rho: s.mean["ksg"] - mi.gaussian_mutual_information(rho) for rho, s in sweeps.items()}
        se_30 = {rho: s.stderr("ksg")[-1] for rho, s in sweeps.items()}
        for s in sweeps.values():
            assert s.sd["ksg"][-1] < 0.6 * s.sd["ksg"][0]
        assert -bias[0.6][-1] > NOISE_Z * se_30[0.6]
        assert bias[0.6][-1] - bias[0.9][-1] > NOISE_Z * math.hypot(*se_30.values())
        small = slice(KS.index(3), KS.index(8) + 1)
        for rho, s in sweeps.items():
            assert np.all(np.abs(bias[rho][small]) <= 0.04)
            assert np.all(np.abs(bias[rho][small]) < s.sd["ksg"][small])
        best = {rho: KS[int(np.argmin(np.hypot(bias[rho], s.sd["ksg"])))] for rho, s in sweeps.items()}
        assert best[0.9] <= best[0.6], (seed, best)


def test_s29_miller_madow_against_the_plug_in():
    sizes = [25, 50, 100, 200, 400, 800, 1600]
    for seed in SEEDS:
        discrete = practice.discrete_bias_vs_n(LAW, sizes, 400, rng(seed, 293))
        mm_bias = discrete.mean["miller-madow"] - TRUE_DISCRETE
        mm_se = discrete.stderr("miller-madow")
        assert np.all(np.abs(mm_bias[3:]) < NOISE_Z * mm_se[3:]), seed
        assert mm_bias[0] > NOISE_Z * mm_se[0]


@pytest.mark.slow
def test_s30_bootstrap_coverage():
    sizes = [50, 100, 200, 400, 1600]
    for seed in HEAVY_SEEDS:
        coverage = practice.bootstrap_coverage(LAW, sizes, 300, 100, 0.9, rng(seed, 30))
        pct, basic = coverage.coverage["percentile"], coverage.coverage["basic"]
        ratio = coverage.resample_shift[1:3] / coverage.bias[1:3]
        assert pct[0] < 0.5
        assert np.all(basic[:3] - pct[:3] > 0.1), seed
        assert np.all(np.abs(basic - 0.9) < 0.15), (seed, basic)
        assert np.all(np.abs(ratio - 1) < 0.3), (seed, ratio)


@pytest.mark.slow
def test_s30_permutation_level_and_the_percentile_interval_as_a_test():
    """Per seed: the share rejected is at most 0.05 + 4.5 s.e. and the percentile interval excludes
    0 on every independent data set. Pooled over 20 seeds (20 000 data sets, s.e. 0.0015), the mean
    share is within 4.5 s.e. of 0.05, as the notebook's prose says."""
    independent = np.full((4, 4), 1 / 16)
    shares = []
    for seed in HEAVY_SEEDS:
        tests = practice.independence_tests(independent, 50, 1000, 99, 20, 0.9, rng(seed, 303))
        share = tests.rejection_rate(0.05)
        assert share <= 0.05 + NOISE_Z * math.sqrt(0.05 * 0.95 / 1000), seed
        assert np.all(tests.lower > 0)
        shares.append(share)
    pooled_se = math.sqrt(0.05 * 0.95 / (1000 * len(shares)))
    assert abs(np.mean(shares) - 0.05) <= NOISE_Z * pooled_se, np.mean(shares)


def test_s30_by_hand_bootstrap_and_permutation_are_the_library():
    plug_in_mi = notebook_function("07_estimation_in_practice", "plug_in_mi", mi=mi)
    for seed in range(5):
        cells = rng(seed, 300).choice(16, size=100, p=LAW.ravel())
        xd, yd = np.divmod(cells, 4)
        rows = rng(seed, 301).integers(0, 100, size=(500, 100))
        replicates = np.array([plug_in_mi(xd[r], yd[r]) for r in rows])
        q5, q95 = np.quantile(replicates, [0.05, 0.95])
        library = mi.bootstrap_interval(plug_in_mi, xd, yd, rng=rng(seed, 301), n_resamples=500, level=0.9)
        assert abs(q5 - library.low) + abs(q95 - library.high) < 1e-12
        orders = rng(seed, 302).permuted(np.tile(np.arange(100), (999, 1)), axis=1)
        estimate = plug_in_mi(xd, yd)
        null = np.array([plug_in_mi(xd, yd[o]) for o in orders])
        test = mi.permutation_test(plug_in_mi, xd, yd, rng=rng(seed, 302), n_permutations=999)
        assert (1 + np.sum(null >= estimate)) / 1000 == test.p_value


@pytest.mark.slow
def test_s30_jittered_ksg_bootstrap_lies_far_above_the_estimate():
    for seed in SEEDS:
        g = rng(seed, 305)
        x, y = g.standard_normal(300), g.standard_normal(300)
        y = 0.6 * x + 0.8 * y
        estimate = mi.ksg_mutual_information(x, y)
        resample = g.integers(0, 300, size=300)
        with pytest.raises(ValueError, match="repeated samples"):
            mi.ksg_mutual_information(x[resample], y[resample])
        jittered = practice.jittered_ksg_bootstrap(x, y, 100, rng(seed, 306))
        assert jittered.min() > estimate + 0.2, seed


def test_s32_the_rules_disagree_on_samples():
    law = practice.sensor_law()
    exact = {
        m: practice.greedy_selection(practice.subset_entropies(1e9 * law[None]), m, 3)[0]
        for m in ("mi", "mrmr", "jmi", "cmi")
    }
    for seed in SEEDS:
        picks = {
            n: practice.selection_picks(law, n, 400, 3, np.random.default_rng([seed, 32, n]))
            for n in (500, 1000)
        }
        shares = {m: practice.pick_shares(p, 4) for m, p in picks[1000].items()}
        assert shares["mi"][1][1] > 0.8 and shares["mrmr"][1][2] > 0.9 and shares["cmi"][1][3] > 0.9
        assert shares["jmi"][2][1] > 0.9 and shares["cmi"][2][2] > 0.9
        for m, p in picks[500].items():
            assert np.mean(np.all(p == exact[m], axis=1)) > 0.7, (seed, m)
