"""mi_helpers against independent implementations: dit, scipy and scikit-learn.

These libraries are test-only oracles (the ``dev`` extra), never runtime dependencies.
"""

from __future__ import annotations

import math

import dit
import numpy as np
import pytest
from dit.multivariate import coinformation
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import entropy as scipy_entropy
from sklearn.feature_selection import mutual_info_regression
from sklearn.metrics import mutual_info_score

import mi_helpers as mi

from .support import LOG2, h2, random_table, tables

TOL = 1e-12


def as_dit(P: np.ndarray) -> dit.Distribution:
    return dit.Distribution.from_ndarray(P)


# --- dit: mutual information and conditional mutual information ---------------------------------
@settings(max_examples=40)
@given(tables(max_side=4))
def test_mutual_information_agrees_with_dit(P):
    expected_bits = dit.shannon.mutual_information(as_dit(P), [0], [1])
    assert abs(mi.mutual_information(P, base=2) - expected_bits) <= TOL


@settings(max_examples=40)
@given(tables(ndim=3, max_side=3))
def test_conditional_mutual_information_agrees_with_dit(P):
    expected_bits = coinformation(as_dit(P), [[0], [1]], [2])
    assert abs(mi.conditional_mutual_information(P, 0, 1, 2, base=2) - expected_bits) <= TOL


@settings(max_examples=25)
@given(tables(ndim=3, max_side=3))
def test_grouped_and_total_correlation_agree_with_dit(P):
    d = as_dit(P)
    assert (
        abs(mi.mutual_information(P, x=(0, 1), y=2, base=2) - dit.shannon.mutual_information(d, [0, 1], [2]))
        <= TOL
    )
    assert abs(mi.total_correlation(P, base=2) - dit.multivariate.total_correlation(d)) <= TOL
    assert (
        abs(mi.conditional_entropy(P, 0, (1, 2), base=2) - dit.shannon.conditional_entropy(d, [0], [1, 2]))
        <= TOL
    )


# --- scipy: entropy and KL ---------------------------------------------------------------------------
@given(tables(), st.sampled_from([None, 2, 10]))
def test_entropy_and_kl_agree_with_scipy(P, base):
    p, q = P.sum(axis=1), P.sum(axis=0)
    assert abs(mi.entropy(P, base=base) - scipy_entropy(P.ravel(), base=base)) <= TOL
    if p.size == q.size:
        expected = scipy_entropy(p, q, base=base)
        got = mi.kl_divergence(p, q, base=base)
        assert got == expected == math.inf or abs(got - expected) <= TOL


# --- scikit-learn: contingency tables and KSG ----------------------------------------------------------
@given(st.integers(0, 2**32 - 1), st.integers(2, 30), st.integers(2, 30))
def test_contingency_information_agrees_with_sklearn(seed, rows, cols):
    counts = np.random.default_rng(seed).integers(0, 50, (rows, cols))
    if counts.sum() == 0:
        return
    assert (
        abs(mi.mutual_information(counts, normalize=True) - mutual_info_score(None, None, contingency=counts))
        <= TOL
    )


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("pair", ["gaussian", "square", "sine"])
def test_ksg_agrees_with_sklearn_on_the_same_data(seed, pair):
    """sklearn runs the same KSG estimator 1 after rescaling each variable by its standard
    deviation (as ours does) and adding jitter of 1e-10 of the scale; on continuous data the
    jitter moves no point across a neighbour radius, so the two agree to rounding. Had it
    flipped one neighbour count the estimates would differ by about 1/n, so 1e-9 would see it."""
    rng = np.random.default_rng(seed)
    n = 1500
    x = rng.standard_normal(n)
    noise = rng.standard_normal(n)
    y = {
        "gaussian": 0.6 * x + 0.8 * noise,
        "square": x**2 + 0.2 * noise,
        "sine": np.sin(3 * x) + 0.1 * noise,
    }[pair]
    theirs = mutual_info_regression(x[:, None], y, n_neighbors=3, random_state=seed)[0]
    assert abs(mi.ksg_mutual_information(x, y, k=3) - theirs) <= 1e-9
    theirs_k5 = mutual_info_regression(y[:, None], x, n_neighbors=5, random_state=seed)[0]
    assert abs(mi.ksg_mutual_information(y, x, k=5) - theirs_k5) <= 1e-9


# --- capacity against closed forms -------------------------------------------------------------------------
@pytest.mark.parametrize("eps", [0.0, 0.05, 0.15, 0.3, 0.5])
def test_bsc_capacity_is_one_minus_h2(eps):
    capacity, p = mi.channel_capacity([[1 - eps, eps], [eps, 1 - eps]], base=2)
    assert abs(capacity - (1 - h2(eps) / LOG2)) <= TOL
    assert np.allclose(p, 0.5, rtol=0, atol=1e-12)


@pytest.mark.parametrize("erasure", [0.0, 0.2, 0.5, 0.9])
def test_bec_capacity(erasure):
    W = [[1 - erasure, erasure, 0.0], [0.0, erasure, 1 - erasure]]
    assert abs(mi.channel_capacity(W)[0] - (1 - erasure) * LOG2) <= TOL


@pytest.mark.parametrize("flip", [0.1, 0.3, 0.5, 0.8])
def test_z_channel_capacity_and_its_non_uniform_input(flip):
    """A 1 is read as 0 with probability ``flip``: C = log2(1 + (1-p) p^(p/(1-p))) bits."""
    capacity, p = mi.channel_capacity([[1.0, 0.0], [flip, 1 - flip]], base=2)
    p_one = 1 / ((1 - flip) * (1 + 2 ** (h2(flip) / LOG2 / (1 - flip))))
    assert abs(capacity - math.log2(1 + (1 - flip) * flip ** (flip / (1 - flip)))) <= TOL
    assert abs(p[1] - p_one) <= 1e-6  # the maximiser is flat-topped: 1e-12 in C is ~1e-6 in p
    if flip == 0.5:
        assert abs(capacity - math.log2(1.25)) <= TOL and abs(p[1] - 0.4) <= 1e-6


def test_oracle_z_channel_and_q_ary_values():
    assert abs(mi.channel_capacity([[1.0, 0.0], [0.1, 0.9]], base=2)[0] - 0.7628483) <= 5e-8
    q, eps = 4, 0.2
    W = np.full((q, q), eps / (q - 1))
    np.fill_diagonal(W, 1 - eps)
    closed = math.log2(q) - h2(eps) / LOG2 - eps * math.log2(q - 1)
    assert abs(mi.channel_capacity(W, base=2)[0] - closed) <= TOL
    assert abs(closed - 0.9610794) <= 5e-8


def test_capacity_of_a_random_channel_beats_a_fine_grid_search():
    """Two inputs: I(p) on a grid of 10^5 input laws never exceeds the certified capacity."""
    W = random_table(7, (2, 5), 0.5, 0.0)
    W = W / W.sum(axis=1, keepdims=True)
    grid = np.linspace(0, 1, 100_001)
    joint = np.stack([1 - grid, grid], axis=1)[:, :, None] * W[None]
    q = joint.sum(axis=1)
    values = -(q * np.log(np.where(q > 0, q, 1))).sum(axis=1) + (
        joint * np.log(np.where(joint > 0, W, 1))
    ).sum(axis=(1, 2))
    capacity, _ = mi.channel_capacity(W)
    assert values.max() <= capacity + TOL
    assert capacity - values.max() <= 1e-9  # and the grid comes close
