"""Notebook 4's claims about random samples (the estimators and bounds of Sections 14-17) hold
for 50 other seeds.

As in ``test_randomized_claims.py``: the same `mi_course` experiment with the same parameters as
the notebook cell, for seeds 0..49 instead of the notebook's SEED, the same claims and the same
tolerances. A file of its own so that ``make test`` runs it beside the other notebooks' claims.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import digamma

import mi_helpers as mi
from mi_course import estimation, sampling

from .seeds import NOISE_Z, SEEDS, notebook_function, rng
from .statistics import simultaneous_z


@pytest.mark.slow
def test_s14_histogram_biases():
    true_mi = mi.gaussian_mutual_information(0.6)
    bins = [4, 8, 12, 20, 35, 50]
    c35, c4 = bins.index(35), bins.index(4)
    for seed in SEEDS:
        grid = estimation.histogram_bias_grid(0.6, [300, 1000, 5000], bins, repeats=20, rng=rng(seed, 14))
        mean, se = grid.mean["histogram"], grid.stderr("histogram")
        assert mean[0, c35] - true_mi > NOISE_Z * se[0, c35]
        assert true_mi - mean[2, c4] > NOISE_Z * se[2, c4]


def test_s14_s15_from_scratch_estimators_agree_with_the_library():
    histogram_mi = notebook_function("04_estimation_and_bounds", "histogram_mi")
    ksg_by_hand = notebook_function("04_estimation_and_bounds", "ksg_by_hand", digamma=digamma)
    for seed in range(10):
        x, y = sampling.sample_gaussian_pair(200 + 10 * seed, 0.3 + 0.05 * seed, rng(seed, 151))
        for bins in (4, 13, 35):
            assert abs(histogram_mi(x, y, bins) - mi.histogram_mutual_information(x, y, bins=bins)) <= 1e-12
        for k in (1, 3, 5):
            assert abs(ksg_by_hand(x, y, k)[0] - mi.ksg_mutual_information(x, y, k=k)) <= 1e-12


@pytest.mark.slow
def test_s15_ksg_against_histogram_and_miller_madow():
    true_mi = mi.gaussian_mutual_information(0.6)
    sizes = [250, 500, 1000, 2000, 4000]
    ksg_means = []
    for seed in SEEDS:
        sweep = estimation.estimator_bias_vs_n(0.6, sizes, repeats=10, rng=rng(seed, 15), bins=(10, 20, 40))
        ksg_bias = sweep.mean["ksg"] - true_mi
        hist_bias = sweep.mean["histogram 20"] - true_mi
        assert np.all(np.abs(ksg_bias[:3]) < np.abs(hist_bias[:3]))
        assert sweep.mean["miller-madow 20"][0] - true_mi > 0.1
        ksg_means.append(sweep.mean["ksg"])
    # 500 data sets per n: KSG's bias is small (below 0.02 nats) at every n
    assert np.all(np.abs(np.mean(ksg_means, axis=0) - true_mi) < 0.02)


@pytest.mark.slow
def test_s15_dependent_versus_independent():
    rho_dep = 1 / math.sqrt(1.25)
    for seed in SEEDS:
        pair = estimation.gaussian_estimates_vs_rho(
            [rho_dep, 0.0], n=4000, repeats=10, rng=rng(seed, 150), bins=25
        )
        assert abs(pair.mean["ksg"][1]) <= NOISE_Z * pair.stderr("ksg")[1]
        assert pair.mean["histogram"][1] > NOISE_Z * pair.stderr("histogram")[1]


def test_s16_infonce_from_scratch_agrees_with_the_library():
    infonce = notebook_function("04_estimation_and_bounds", "infonce")
    g = np.random.default_rng(16)
    for k in (2, 8, 64):
        scores = 30 * g.standard_normal((k, k))
        assert abs(infonce(scores) - mi.infonce_lower_bound(scores)) <= 1e-12


def test_s16_infonce_with_the_optimal_critic():
    ks = [2, 4, 8, 16, 32, 64, 128]
    population = {4: 0.3548, 8: 0.4276, 16: 0.4669, 32: 0.4877, 64: 0.4988}
    z = simultaneous_z(n_claims=len(population) + 1)
    high_mi = mi.gaussian_mutual_information(0.999)
    for seed in SEEDS:
        good = estimation.infonce_vs_batch_size(
            0.8, ks, estimation.optimal_gaussian_critic(0.8), rng(seed, 16)
        )
        i64 = ks.index(64)
        assert (
            abs(good.value[i64] - population[64]) <= NOISE_Z * good.stderr[i64] + 1e-4
        )  # the notebook's claim
        assert good.value[i64] > good.value[ks.index(4)]
        for k, value in population.items():  # and every population value, jointly
            i = ks.index(k)
            assert abs(good.value[i] - value) <= z * good.stderr[i] + 1e-4
        high = estimation.infonce_vs_batch_size(
            0.999, ks, estimation.optimal_gaussian_critic(0.999), rng(seed, 163)
        )
        assert math.log(2) - high.value[0] < 0.05
        assert high_mi - high.value[-1] > 0.1


def test_s16_infonce_with_the_mis_scaled_critic():
    ks = [2, 4, 8, 16, 32, 64, 128]
    population = {4: -0.4495, 8: -0.9063, 16: -1.4258, 32: -1.9535, 64: -2.4561}
    z = simultaneous_z(n_claims=len(population) + 1)
    for seed in SEEDS:
        naive = estimation.infonce_vs_batch_size(0.8, ks, estimation.bilinear_critic(0.2), rng(seed, 160))
        i4, i64 = ks.index(4), ks.index(64)
        assert naive.value[i4] - naive.value[i64] > NOISE_Z * math.hypot(naive.stderr[i4], naive.stderr[i64])
        for k, value in population.items():
            i = ks.index(k)
            assert abs(naive.value[i] - value) <= z * naive.stderr[i] + 1e-4
        cold = estimation.infonce_vs_batch_size(0.8, [16], estimation.bilinear_critic(0.01), rng(seed, 161))
        assert np.isfinite(cold.value[0])


def test_s17_dv_sample_curve_follows_the_closed_form():
    a_grid = np.linspace(-0.45, 0.45, 19)
    true_mi = mi.gaussian_mutual_information(0.6)
    for seed in SEEDS:
        curve = estimation.dv_sample_curve(a_grid, 0.6, 12_000, rng(seed, 17))
        deviation = np.abs(curve.value - estimation.dv_closed_form(a_grid, 0.6))
        assert np.all(deviation <= NOISE_Z * curve.stderr + 1e-12)
        assert curve.value.max() < true_mi


@pytest.mark.slow
def test_s17_dv_sample_maxima():
    a_grid = np.linspace(-0.45, 0.45, 19)
    true_mi = mi.gaussian_mutual_information(0.6)
    dv_max = estimation.dv_closed_form(estimation.dv_optimal_scale(0.6), 0.6)
    for seed in SEEDS:
        maxima = estimation.dv_sample_maxima(a_grid, 0.6, 12_000, 100, rng(seed, 170))
        assert np.all(maxima < true_mi)
        assert 0.3 <= float(np.mean(maxima > dv_max)) <= 0.7
