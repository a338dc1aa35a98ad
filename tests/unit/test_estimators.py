"""The sample-based estimators: exact formulas on small cases, accuracy on Gaussians."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial import cKDTree

import mi_helpers as mi
from mi_helpers.estimators import _count_strictly_within_1d

TRUE_06 = mi.gaussian_mutual_information(0.6)  # 0.2231 nats


def gaussian_pair(seed: int, n: int, rho: float = 0.6) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(n)


def test_ksg_accuracy_over_twenty_seeds():
    """Mean over 20 seeds at n = 5000 within 0.01 of 0.2231 (KSG's bias here is about +0.002)."""
    estimates = [mi.ksg_mutual_information(*gaussian_pair(seed, 5000)) for seed in range(20)]
    assert abs(float(np.mean(estimates)) - TRUE_06) <= 0.01


def test_ksg_on_independent_samples_is_near_zero():
    """Independent: the estimates centre on 0 with sd about 0.01 at n = 2000."""
    rng = np.random.default_rng(3)
    estimates = [
        mi.ksg_mutual_information(rng.standard_normal(2000), rng.standard_normal(2000)) for _ in range(10)
    ]
    assert abs(float(np.mean(estimates))) <= 3 * 0.01 / math.sqrt(10) + 0.005


def test_ksg_multivariate_adds_up_independent_pairs():
    """X = (X1, X2), Y = (Y1, Y2) with independent pairs at rho 0.6 and 0.8: I = I1 + I2."""
    truth = TRUE_06 + mi.gaussian_mutual_information(0.8)
    estimates = []
    for seed in range(10):
        x1, y1 = gaussian_pair(seed, 4000, 0.6)
        x2, y2 = gaussian_pair(seed + 100, 4000, 0.8)
        estimates.append(mi.ksg_mutual_information(np.column_stack([x1, x2]), np.column_stack([y1, y2])))
    # KSG is biased downwards in 4 joint dimensions; 0.05 nats is about 7% of 0.73
    assert abs(float(np.mean(estimates)) - truth) <= 0.05


def test_ksg_is_invariant_to_rescaling_when_standardizing():
    x, y = gaussian_pair(0, 1000)
    assert mi.ksg_mutual_information(1e6 * x, y) == pytest.approx(
        mi.ksg_mutual_information(x, 1e-6 * y), abs=1e-9
    )
    assert mi.ksg_mutual_information(x, y, base=2) == pytest.approx(
        mi.ksg_mutual_information(x, y) / math.log(2)
    )


@pytest.mark.parametrize("seed", range(10))
def test_scalar_neighbour_counts_equal_the_kd_tree(seed):
    """Binary-search counts agree exactly with a max-norm KD-tree, ties and scales included."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(10, 2000))
    values = rng.standard_normal(n) * [1e-8, 1.0, 1e8][seed % 3]
    if seed % 2:
        values = np.round(values / values.std() * 4) / 4 * values.std()  # many ties
    radius = np.abs(rng.standard_normal(n)) * values.std() * 0.1 + 1e-300
    tree = cKDTree(values[:, None]).query_ball_point(
        values[:, None], np.nextafter(radius, 0), p=np.inf, return_length=True
    )
    assert np.array_equal(_count_strictly_within_1d(values, radius), tree - 1)


def test_plug_in_histogram_is_mutual_information_of_the_counts():
    x, y = gaussian_pair(1, 3000)
    counts = np.histogram2d(x, y, bins=12)[0]
    assert mi.histogram_mutual_information(x, y, bins=12) == mi.mutual_information(counts, normalize=True)


def test_miller_madow_correction_by_hand():
    """Three points on the diagonal of a 3x3 grid: plug-in I = log 3, every m = 3, so the
    corrected estimate is log 3 + (3 + 3 - 3 - 1) / (2 * 3) = log 3 + 1/3."""
    x = y = np.array([0.0, 1.0, 2.0])
    assert mi.histogram_mutual_information(x, y, bins=3) == pytest.approx(math.log(3), abs=1e-12)
    corrected = mi.histogram_mutual_information(x, y, bins=3, correction="miller-madow")
    assert corrected == pytest.approx(math.log(3) + 1 / 3, abs=1e-12)


def test_plug_in_bias_grows_with_bins_and_shrinks_with_n():
    """At n = 1000 a 30x30 histogram overestimates by about 0.24 nats (ORACLES.md); the
    upward bias of the plug-in estimator is larger with more bins and with fewer samples."""

    def mean_estimate(n, bins):
        return float(
            np.mean([mi.histogram_mutual_information(*gaussian_pair(s, n), bins=bins) for s in range(10)])
        )

    many_bins_small_n = mean_estimate(1000, 30)
    assert 0.15 <= many_bins_small_n - TRUE_06 <= 0.35
    assert mean_estimate(1000, 10) < many_bins_small_n
    assert mean_estimate(20_000, 30) < many_bins_small_n


@pytest.mark.parametrize("dims", [(1, 1), (2, 3), (8, 8), (10, 10)])
def test_ksg_tree_and_block_distances_count_the_same_neighbours(dims):
    """The KD-tree path and the block-distance path (used from 16 joint dimensions) agree
    exactly, in low dimension and high, including a block boundary inside the sample."""
    from mi_helpers import estimators

    rng = np.random.default_rng(sum(dims))
    x = rng.standard_normal((700, dims[0]))
    y = 0.7 * x[:, :1] + rng.standard_normal((700, dims[1]))
    by_tree = estimators._ksg_counts_by_tree(x, y, 3)
    saved = estimators._BLOCK_DISTANCES
    estimators._BLOCK_DISTANCES = 700 * 256  # three blocks, the last one short
    try:
        by_blocks = estimators._ksg_counts_by_blocks(x, y, 3)
    finally:
        estimators._BLOCK_DISTANCES = saved
    for tree_part, block_part in zip(by_tree, by_blocks, strict=True):
        np.testing.assert_array_equal(tree_part, block_part)


def test_ksg_block_path_refuses_repeated_points():
    x = np.tile(np.random.default_rng(1).standard_normal((50, 8)), (4, 1))  # 3 copies of each
    with pytest.raises(ValueError, match="distance 0"):
        mi.ksg_mutual_information(x, x + 1e-3 * np.arange(8), standardize=False)
