"""Property-based tests: the theorems of the course hold on random tables.

Tables come from ``support.tables``: smooth Dirichlet tables, near-deterministic ones
(concentration 0.03, most mass on a few cells), sparse ones with exact zeros, and
permutation tables where I(X; Y) = H(X) = H(Y). Tolerances are a few hundred ulps of the
quantities involved: these are exact identities, only rounding separates the two sides.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import rel_entr

import mi_helpers as mi

from .support import LOG2, random_table, tables

TOL = 1e-12


def marginal(P: np.ndarray, keep: tuple[int, ...]) -> np.ndarray:
    return P.sum(axis=tuple(a for a in range(P.ndim) if a not in keep))


def kl_to_product(P: np.ndarray) -> float:
    """D(P || product of its one-axis marginals), straight from the definition (scipy)."""
    product = np.ones_like(P)
    for axis in range(P.ndim):
        shape = [1] * P.ndim
        shape[axis] = P.shape[axis]
        product = product * marginal(P, (axis,)).reshape(shape)
    return float(rel_entr(P, product).sum())


# --- mutual information: symmetry, bounds, identities -----------------------------------------
@given(tables())
def test_symmetry(P):
    assert abs(mi.mutual_information(P) - mi.mutual_information(P.T)) <= TOL
    assert abs(mi.mutual_information(P, x=0, y=1) - mi.mutual_information(P, x=1, y=0)) <= TOL


@given(tables())
def test_bounded_by_the_smaller_entropy(P):
    h_x, h_y, h_xy = mi.entropy(P.sum(axis=1)), mi.entropy(P.sum(axis=0)), mi.entropy(P)
    assert h_x + h_y - h_xy >= -TOL  # non-negativity on a route that does not clamp at 0
    assert mi.mutual_information(P) <= min(h_x, h_y) + TOL


@given(tables())
def test_entropy_identity(P):
    h_x, h_y, h_xy = mi.entropy(P.sum(axis=1)), mi.entropy(P.sum(axis=0)), mi.entropy(P)
    assert abs(mi.mutual_information(P) - (h_x + h_y - h_xy)) <= TOL


@given(tables())
def test_information_is_kl_from_joint_to_product_of_marginals(P):
    """Checked against scipy's rel_entr on the definition, not against mi_helpers itself."""
    assert abs(mi.mutual_information(P) - kl_to_product(P)) <= TOL
    product = np.outer(P.sum(axis=1), P.sum(axis=0))
    assert abs(mi.mutual_information(P) - mi.kl_divergence(P, product)) <= TOL


@given(tables())
def test_conditional_entropy_identities(P):
    h_x_given_y = mi.conditional_entropy(P, x=0, given=1)
    assert abs(h_x_given_y - (mi.entropy(P) - mi.entropy(P.sum(axis=0)))) <= TOL
    assert abs(mi.mutual_information(P) - (mi.entropy(P.sum(axis=1)) - h_x_given_y)) <= TOL
    assert -TOL <= h_x_given_y <= mi.entropy(P.sum(axis=1)) + TOL


@given(tables())
def test_expected_pmi_is_information(P):
    pmi = mi.pointwise_mutual_information(P)
    support = P > 0
    assert np.all(np.isneginf(pmi[~support]))
    assert abs(float((P[support] * pmi[support]).sum()) - mi.mutual_information(P)) <= TOL


@given(st.integers(2, 7), st.integers(0, 2**32 - 1))
def test_permutation_table_information_equals_entropy(n, seed):
    """A deterministic one-to-one relation: knowing X is knowing Y, so I = H(X) = H(Y)."""
    rng = np.random.default_rng(seed)
    P = np.zeros((n, n))
    P[np.arange(n), rng.permutation(n)] = rng.dirichlet(np.ones(n))
    h_x = mi.entropy(P.sum(axis=1))
    assert abs(mi.mutual_information(P) - h_x) <= TOL
    assert abs(mi.entropy(P.sum(axis=0)) - h_x) <= TOL
    assert mi.conditional_entropy(P, 0, 1) <= TOL


@given(tables())
def test_independent_product_has_zero_information(P):
    product = np.outer(P.sum(axis=1), P.sum(axis=0))
    assert mi.mutual_information(product) <= TOL
    assert mi.total_correlation(product) <= TOL


# --- invariance and coarsening ----------------------------------------------------------------
@given(tables(), st.integers(0, 2**32 - 1))
def test_invariant_under_relabelling(P, seed):
    rng = np.random.default_rng(seed)
    relabelled = P[rng.permutation(P.shape[0])][:, rng.permutation(P.shape[1])]
    assert abs(mi.mutual_information(relabelled) - mi.mutual_information(P)) <= TOL


@given(tables(), st.integers(0, 2**32 - 1))
def test_merging_values_of_x_never_adds_information(P, seed):
    """A deterministic function f(X) carries at most what X carries: I(f(X); Y) <= I(X; Y)."""
    groups = np.random.default_rng(seed).integers(0, max(1, P.shape[0] - 1), P.shape[0])
    merged = np.zeros((groups.max() + 1, P.shape[1]))
    np.add.at(merged, groups, P)
    assert mi.mutual_information(merged) <= mi.mutual_information(P) + TOL


# --- three variables: chain rule, data processing, total correlation ---------------------------
@given(tables(ndim=3, max_side=4))
def test_chain_rule(P):
    """I((X, Z); Y) = I(X; Y) + I(Z; Y | X), axes (x, z, y)."""
    whole = mi.mutual_information(P, x=(0, 1), y=2)
    parts = mi.mutual_information(P, x=0, y=2) + mi.conditional_mutual_information(P, x=1, y=2, z=0)
    assert abs(whole - parts) <= TOL


@given(tables(ndim=3, max_side=4))
def test_grouped_axes_equal_a_reshaped_table(P):
    reshaped = P.reshape(P.shape[0] * P.shape[1], P.shape[2])
    assert abs(mi.mutual_information(P, x=(0, 1), y=2) - mi.mutual_information(reshaped)) <= TOL


@given(tables(ndim=3, max_side=4))
def test_conditional_information_identities(P):
    """I(X; Y | Z) = H(X | Z) - H(X | Y, Z) >= 0, and it is symmetric in X and Y."""
    cmi = mi.conditional_mutual_information(P, 0, 1, 2)
    via_entropies = mi.conditional_entropy(P, x=0, given=2) - mi.conditional_entropy(P, x=0, given=(1, 2))
    assert abs(cmi - via_entropies) <= TOL
    assert abs(cmi - mi.conditional_mutual_information(P, 1, 0, 2)) <= TOL
    assert cmi >= 0.0


@st.composite
def markov_chains(draw):
    """p(x, t, y) = p(x) p(t | x) p(y | t) with random, possibly near-deterministic, kernels."""
    seed = draw(st.integers(0, 2**32 - 1))
    nx, nt, ny = (draw(st.integers(2, 5)) for _ in range(3))
    alpha = draw(st.sampled_from([0.05, 0.5, 2.0]))
    rng = np.random.default_rng(seed)
    p_x = rng.dirichlet(np.ones(nx))
    p_t_x = rng.dirichlet(np.full(nt, alpha), size=nx)
    p_y_t = rng.dirichlet(np.full(ny, alpha), size=nt)
    return np.einsum("x,xt,ty->xty", p_x, p_t_x, p_y_t)


@given(markov_chains())
def test_data_processing_inequality(P):
    """X -> T -> Y: processing T cannot create information about X."""
    i_xt, i_ty, i_xy = (mi.mutual_information(P, a, b) for a, b in [(0, 1), (1, 2), (0, 2)])
    assert i_xy <= i_xt + TOL
    assert i_xy <= i_ty + TOL
    assert mi.conditional_mutual_information(P, x=0, y=2, z=1) <= TOL  # the Markov property


@given(tables(ndim=3, max_side=4))
def test_total_correlation_identities(P):
    tc = mi.total_correlation(P)
    assert abs(tc - kl_to_product(P)) <= TOL
    # TC(X, Y, Z) = I(X; Y) + I((X, Y); Z)
    assert abs(tc - (mi.mutual_information(P, 0, 1) + mi.mutual_information(P, (0, 1), 2))) <= TOL
    assert abs(mi.total_correlation(P.sum(axis=2)) - mi.mutual_information(P, 0, 1)) <= TOL


# --- KL, units, counts --------------------------------------------------------------------------
@given(tables(), tables())
def test_kl_is_nonnegative_and_zero_only_on_itself(P, Q):
    p, q = P.ravel(), Q.ravel()
    n = min(p.size, q.size)
    p, q = p[:n] / p[:n].sum() if p[:n].sum() > 0 else None, q[:n] / q[:n].sum() if q[:n].sum() > 0 else None
    if p is None or q is None:
        return
    definition = float(rel_entr(p, q).sum())  # unclamped: Gibbs' inequality itself
    assert definition >= -TOL
    assert definition == math.inf or abs(mi.kl_divergence(p, q) - definition) <= TOL
    assert mi.kl_divergence(p, p) == 0.0
    if np.any((q == 0) & (p > 0)):
        assert mi.kl_divergence(p, q) == math.inf


@given(tables(ndim=3, max_side=4))
def test_bits_are_nats_over_log2(P):
    pairs = [
        (mi.entropy(P), mi.entropy(P, base=2)),
        (mi.mutual_information(P, 0, 1), mi.mutual_information(P, 0, 1, base=2)),
        (mi.conditional_entropy(P, 0, (1, 2)), mi.conditional_entropy(P, 0, (1, 2), base=2)),
        (mi.conditional_mutual_information(P), mi.conditional_mutual_information(P, base=2)),
        (mi.total_correlation(P), mi.total_correlation(P, base=2)),
    ]
    for nats, bits in pairs:
        assert abs(bits - nats / LOG2) <= TOL


@given(tables(), st.integers(1, 10**6))
def test_counts_with_normalize_give_the_same_answer(P, scale):
    counts = np.round(P * scale * 1000)
    if counts.sum() == 0:
        return
    Q = counts / counts.sum()
    assert abs(mi.mutual_information(counts, normalize=True) - mi.mutual_information(Q)) <= TOL
    assert abs(mi.entropy(counts.astype(np.int64), normalize=True) - mi.entropy(Q)) <= TOL


@given(st.lists(st.floats(0, 1), min_size=1, max_size=20))
def test_binary_entropy_is_symmetric_and_at_most_log2(ps):
    p = np.array(ps)
    h = mi.binary_entropy(p)
    assert np.allclose(h, mi.binary_entropy(1 - p), rtol=0, atol=TOL)
    assert np.all((h >= 0) & (h <= LOG2 + TOL))
    assert np.all(h[(p == 0) | (p == 1)] == 0.0)


# --- large tables take the blocked path: same numbers ----------------------------------------------
@settings(max_examples=20)
@given(st.integers(0, 2**32 - 1), st.sampled_from([(300, 301), (70_000,), (40, 50, 60)]))
def test_blocked_scan_agrees_with_the_definition(seed, shape):
    P = random_table(seed, shape, 0.7, zeros=0.3)
    assert abs(mi.entropy(P) - (-float(np.sum(P[P > 0] * np.log(P[P > 0]))))) <= 1e-10
    if P.ndim >= 2:
        assert (
            abs(mi.mutual_information(P, 0, 1) - kl_to_product(P.sum(axis=tuple(range(2, P.ndim))))) <= 1e-10
        )


# --- channels and closed forms --------------------------------------------------------------------
@st.composite
def channels(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    n_in, n_out = draw(st.integers(2, 5)), draw(st.integers(2, 5))
    alpha = draw(st.sampled_from([0.01, 0.1, 1.0, 5.0]))  # 0.01: nearly deterministic rows
    return np.random.default_rng(seed).dirichlet(np.full(n_out, alpha), size=n_in)


@given(channels(), st.integers(0, 2**32 - 1))
def test_channel_information_is_information_of_the_joint(W, seed):
    p = np.random.default_rng(seed).dirichlet(np.ones(W.shape[0]))
    assert abs(mi.channel_mutual_information(p, W) - mi.mutual_information(p[:, None] * W)) <= TOL


@given(channels(), st.integers(0, 2**32 - 1))
def test_capacity_dominates_every_input_and_is_achieved(W, seed):
    """Certified to 1e-12 nats even for near-duplicate, near-deterministic rows."""
    capacity, p_star = mi.channel_capacity(W)
    p = np.random.default_rng(seed).dirichlet(np.ones(W.shape[0]))
    assert mi.channel_mutual_information(p, W) <= capacity + 1e-12
    assert abs(mi.channel_mutual_information(p_star, W) - capacity) <= TOL
    assert capacity <= math.log(min(W.shape)) + TOL


@given(st.floats(0, 1), st.floats(0, 1))
def test_bsc_formula_matches_the_joint_table(eps, p1):
    W = np.array([[1 - eps, eps], [eps, 1 - eps]])
    expected = mi.mutual_information(np.array([1 - p1, p1])[:, None] * W)
    assert abs(mi.bsc_mutual_information(eps, p1) - expected) <= TOL


@given(st.floats(0, 1), st.integers(2, 50))
def test_fano_min_error_inverts_the_bound(pe, m):
    pe = min(pe, (m - 1) / m)
    assert abs(mi.fano_min_error(mi.fano_bound(pe, m), m) - pe) <= 1e-6 + 1e-9 * m
    # the inverse is exact where the bound is not flat
    if pe <= 0.9 * (m - 1) / m:
        assert abs(mi.fano_min_error(mi.fano_bound(pe, m), m) - pe) <= 1e-9


@given(st.lists(st.floats(-0.99, 0.99), min_size=1, max_size=3), st.integers(0, 2**32 - 1))
def test_gaussian_cov_equals_sum_over_canonical_correlations(rhos, seed):
    """Rotate independent pairs (X_i, Y_i) with correlation r_i: I = -1/2 sum log(1 - r_i^2)."""
    d = len(rhos)
    S = np.eye(2 * d)
    for i, r in enumerate(rhos):
        S[i, d + i] = S[d + i, i] = r
    rng = np.random.default_rng(seed)
    A = np.linalg.qr(rng.standard_normal((d, d)))[0] * rng.uniform(0.5, 2.0, d)
    B = np.linalg.qr(rng.standard_normal((d, d)))[0] * rng.uniform(0.5, 2.0, d)
    T = np.block([[A, np.zeros((d, d))], [np.zeros((d, d)), B]])
    expected = float(np.sum(mi.gaussian_mutual_information(np.array(rhos))))
    assert abs(mi.gaussian_mutual_information_cov(T @ S @ T.T, d) - expected) <= 1e-9


# --- bounds from scores -----------------------------------------------------------------------------
@given(st.integers(2, 40), st.integers(0, 2**32 - 1), st.floats(1e-3, 1e4))
def test_infonce_never_exceeds_log_k(k, seed, scale):
    scores = scale * np.random.default_rng(seed).standard_normal((k, k))
    assert mi.infonce_lower_bound(scores) <= math.log(k)
    assert mi.infonce_lower_bound(scores + 1e6 * np.eye(k)) <= math.log(k)


@given(st.integers(0, 2**32 - 1), st.floats(-5, 5))
def test_dv_is_at_least_nwj_for_the_same_critic(seed, shift):
    rng = np.random.default_rng(seed)
    t_joint, t_marginal = rng.standard_normal(50) + shift, rng.standard_normal(60)
    assert mi.dv_lower_bound(t_joint, t_marginal) >= mi.nwj_lower_bound(t_joint, t_marginal) - TOL


@given(st.integers(1, 30), st.integers(2, 6), st.integers(0, 2**32 - 1), st.sampled_from([0.05, 1.0]))
def test_bald_is_between_zero_and_log_classes(s, c, seed, alpha):
    probs = np.random.default_rng(seed).dirichlet(np.full(c, alpha), size=s)
    score = mi.bald_score(probs)
    assert 0.0 <= score <= math.log(c) + TOL
    # BALD is the mutual information of (model sample, label) under a uniform posterior
    assert abs(score - mi.mutual_information(probs / s)) <= TOL


# --- joint_table counts like a loop ----------------------------------------------------------------
@given(st.integers(0, 2**32 - 1), st.integers(1, 300), st.lists(st.integers(1, 5), min_size=1, max_size=3))
def test_joint_table_counts_like_a_loop(seed, n, levels):
    rng = np.random.default_rng(seed)
    samples = [rng.integers(0, k, n) for k in levels]
    expected = np.zeros(levels)
    for row in zip(*samples, strict=True):
        expected[row] += 1.0 / n
    assert np.allclose(mi.joint_table(*samples, levels=levels), expected, rtol=0, atol=TOL)


@given(tables(max_side=8))
def test_small_matrix_path_agrees_with_the_general_path(P):
    """2-D float tables take a one-pass shortcut; a singleton third axis forces the general path."""
    general = mi.mutual_information(P[:, :, None], x=0, y=1)
    assert abs(mi.mutual_information(P) - general) <= TOL
    assert abs(mi.mutual_information(P, x=1, y=0) - general) <= TOL
    assert abs(mi.mutual_information(np.asfortranarray(P)) - general) <= TOL
    assert abs(mi.mutual_information(P * 7, normalize=True) - general) <= TOL
