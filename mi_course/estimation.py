"""Experiments of notebooks 3 and 4 (Gaussian MI, estimators, variational bounds): §12, §14–17."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mi_helpers import (
    dv_lower_bound,
    histogram_mutual_information,
    ksg_mutual_information,
)

from .sampling import BoundCurve, Critic, EstimatorSweep, _summarise, sample_gaussian_pair

__all__ = [
    "batched_infonce",
    "bilinear_critic",
    "bounds_vs_information",
    "dv_closed_form",
    "dv_optimal_scale",
    "dv_sample_curve",
    "dv_sample_maxima",
    "estimator_bias_vs_n",
    "gaussian_estimates_vs_rho",
    "gaussian_log_ratio",
    "histogram_bias_grid",
    "infonce_population",
    "infonce_vs_batch_size",
    "infonce_vs_sample_size",
    "ksg_vs_dimension",
    "optimal_gaussian_critic",
    "sample_gaussian_vectors",
]


def logsumexp(values: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    """log sum exp(values) along ``axis``, shifted by the maximum so that nothing overflows.

    The experiments below call it on millions of scores per sweep; this plain version is several
    times faster than :func:`scipy.special.logsumexp` (which handles weights, signs and complex
    input) and agrees with it to rounding. Each result is at least the maximum along ``axis``
    exactly (the maximum contributes exp(0) = 1 to the sum), so InfoNCE's cross-entropies are
    never negative.

    Examples
    --------
    >>> from scipy.special import logsumexp as reference
    >>> a = 50 * np.random.default_rng(0).standard_normal((4, 7))
    >>> bool(np.allclose(logsumexp(a, axis=1), reference(a, axis=1), rtol=0, atol=1e-12))
    True
    >>> float(logsumexp(np.array([1000.0, 1000.0])))  # no overflow
    1000.6931471805599
    """
    a = np.asarray(values, dtype=float)
    top = np.max(a, axis=axis, keepdims=True)
    return np.log(np.sum(np.exp(a - top), axis=axis)) + np.squeeze(top, axis=axis)


def histogram_bias_grid(
    rho: float,
    sample_sizes: Sequence[int],
    bins: Sequence[int],
    repeats: int,
    rng: np.random.Generator,
) -> EstimatorSweep:
    """Plug-in histogram estimates of a Gaussian pair's MI for every (n, bins) combination.

    Parameters
    ----------
    rho : float
        Correlation of the Gaussian pair; its true MI is -1/2 log(1 - rho^2).
    sample_sizes, bins : sequence of int
        The grid: sample sizes n (rows) and bins per axis (columns).
    repeats : int
        Independent data sets per sample size (>= 2); all bin counts see the same data.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    EstimatorSweep
        ``mean["histogram"]`` and ``sd["histogram"]`` of shape (len(sample_sizes), len(bins)).

    Examples
    --------
    >>> sweep = histogram_bias_grid(0.6, [200, 5000], [8, 35], 4, np.random.default_rng(0))
    >>> sweep.mean["histogram"].shape
    (2, 2)
    >>> bool(sweep.mean["histogram"][0, 1] > sweep.mean["histogram"][1, 1])  # bias shrinks with n
    True
    """
    values = np.empty((repeats, len(sample_sizes), len(bins)))
    for r in range(repeats):
        for i, n in enumerate(sample_sizes):
            x, y = sample_gaussian_pair(n, rho, rng)
            values[r, i] = [histogram_mutual_information(x, y, bins=b) for b in bins]
    return _summarise({"histogram": values}, repeats)


def estimator_bias_vs_n(
    rho: float,
    sample_sizes: Sequence[int],
    repeats: int,
    rng: np.random.Generator,
    bins: Sequence[int] = (10, 20, 40),
    k: int = 3,
) -> EstimatorSweep:
    """Histogram (several bin counts, plug-in and Miller–Madow) and KSG estimates against n.

    Parameters
    ----------
    rho : float
        Correlation of the Gaussian pair.
    sample_sizes : sequence of int
        The sample sizes n swept.
    repeats : int
        Independent data sets per n (>= 2); every estimator sees the same data.
    rng : numpy.random.Generator
        Source of randomness.
    bins : sequence of int
        Bins per axis for the histogram estimators.
    k : int
        Neighbours of the KSG estimator.

    Returns
    -------
    EstimatorSweep
        Keys ``"histogram b"`` and ``"miller-madow b"`` for each b in ``bins``, and
        ``"ksg"``; each an array over ``sample_sizes``.

    Examples
    --------
    >>> sweep = estimator_bias_vs_n(0.6, [300, 3000], 3, np.random.default_rng(0), bins=(20,))
    >>> sorted(sweep.mean)
    ['histogram 20', 'ksg', 'miller-madow 20']
    >>> bool(abs(sweep.mean["ksg"][1] - 0.2231) < 0.05)
    True
    """
    names = [f"histogram {b}" for b in bins] + [f"miller-madow {b}" for b in bins] + ["ksg"]
    values = {name: np.empty((repeats, len(sample_sizes))) for name in names}
    for r in range(repeats):
        for i, n in enumerate(sample_sizes):
            x, y = sample_gaussian_pair(n, rho, rng)
            for b in bins:
                values[f"histogram {b}"][r, i] = histogram_mutual_information(x, y, bins=b)
                values[f"miller-madow {b}"][r, i] = histogram_mutual_information(
                    x, y, bins=b, correction="miller-madow"
                )
            values["ksg"][r, i] = ksg_mutual_information(x, y, k=k)
    return _summarise(values, repeats)


def gaussian_estimates_vs_rho(
    rhos: Sequence[float], n: int, repeats: int, rng: np.random.Generator, bins: int = 30
) -> EstimatorSweep:
    """Histogram and KSG estimates of a Gaussian pair's MI for several correlations.

    Parameters
    ----------
    rhos : sequence of float
        Correlations swept.
    n : int
        Samples per data set.
    repeats : int
        Independent data sets per correlation (>= 2).
    rng : numpy.random.Generator
        Source of randomness.
    bins : int
        Bins per axis of the histogram estimator.

    Returns
    -------
    EstimatorSweep
        Keys ``"histogram"``, ``"miller-madow"`` (the same histogram with the Miller–Madow
        correction) and ``"ksg"``, arrays over ``rhos``; all three see the same data.

    Examples
    --------
    >>> sweep = gaussian_estimates_vs_rho([0.0, 0.9], 2000, 2, np.random.default_rng(0))
    >>> bool(sweep.mean["ksg"][1] > 0.6 > sweep.mean["ksg"][0])  # true values 0.830 and 0
    True
    """
    values = {name: np.empty((repeats, len(rhos))) for name in ("histogram", "miller-madow", "ksg")}
    for r in range(repeats):
        for i, rho in enumerate(rhos):
            x, y = sample_gaussian_pair(n, rho, rng)
            values["histogram"][r, i] = histogram_mutual_information(x, y, bins=bins)
            values["miller-madow"][r, i] = histogram_mutual_information(
                x, y, bins=bins, correction="miller-madow"
            )
            values["ksg"][r, i] = ksg_mutual_information(x, y)
    return _summarise(values, repeats)


def optimal_gaussian_critic(rho: float) -> Critic:
    """The InfoNCE-optimal critic for a standard Gaussian pair with correlation ``rho``.

    f(x, y) = (rho x y - rho^2 y^2 / 2) / (1 - rho^2): the log density ratio
    log p(y | x) / p(y) up to a term in x alone, which cancels in InfoNCE's softmax over y.

    Parameters
    ----------
    rho : float
        Correlation of the Gaussian pair, in (-1, 1).

    Returns
    -------
    callable
        ``critic(x, y)`` computing f elementwise, broadcasting over arrays.

    Examples
    --------
    >>> f = optimal_gaussian_critic(0.8)
    >>> round(float(f(np.array(1.0), np.array(1.0))), 6)  # (0.8 - 0.32) / 0.36
    1.333333
    """
    scale = 1.0 / (1.0 - rho * rho)

    def critic(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
        return (rho * x * y - 0.5 * rho * rho * y * y) * scale

    return critic


def bilinear_critic(temperature: float) -> Critic:
    """The critic f(x, y) = x y / temperature (the seed's choice was temperature 0.2).

    Parameters
    ----------
    temperature : float
        Divides the product x y; smaller temperatures give sharper scores. Must be nonzero.

    Returns
    -------
    callable
        ``critic(x, y)`` computing x y / temperature elementwise, broadcasting over arrays.

    Examples
    --------
    >>> float(bilinear_critic(0.2)(np.array(1.0), np.array(2.0)))
    10.0
    """

    def critic(x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
        return x * y / temperature

    return critic


def batched_infonce(scores: ArrayLike) -> NDArray[np.float64]:
    """InfoNCE bound of each of B independent K x K score matrices, vectorised.

    Parameters
    ----------
    scores : array_like, shape (B, K, K)
        ``scores[b, i, j] = f(x_bi, y_bj)``; the diagonal of each batch holds its positives.

    Returns
    -------
    ndarray, shape (B,)
        ``log K - mean_i [logsumexp_j scores[b, i, j] - scores[b, i, i]]``, identical to
        :func:`mi_helpers.infonce_lower_bound` applied to each batch (a stable logsumexp,
        so no overflow at low temperature).

    Examples
    --------
    >>> from mi_helpers import infonce_lower_bound
    >>> S = np.random.default_rng(0).normal(size=(3, 5, 5))
    >>> bool(np.allclose(batched_infonce(S), [infonce_lower_bound(s) for s in S], atol=1e-14))
    True
    """
    S = np.asarray(scores, dtype=float)
    k = S.shape[-1]
    cross_entropy = logsumexp(S, axis=-1) - np.diagonal(S, axis1=-2, axis2=-1)
    return math.log(k) - cross_entropy.mean(axis=-1)


def infonce_vs_batch_size(
    rho: float,
    batch_sizes: Sequence[int],
    critic: Critic,
    rng: np.random.Generator,
    n_pairs: int = 1 << 14,
) -> BoundCurve:
    """InfoNCE on a Gaussian pair for several batch sizes K, with fresh data for each K.

    Parameters
    ----------
    rho : float
        Correlation of the Gaussian pair (true MI -1/2 log(1 - rho^2)).
    batch_sizes : sequence of int
        The K swept; each batch holds K positive pairs and each anchor is scored against
        the K - 1 other y's of its batch, which are independent of it (fresh negatives,
        never its own positive).
    critic : callable
        ``critic(x, y)`` broadcasting over arrays, e.g. :func:`optimal_gaussian_critic`.
    rng : numpy.random.Generator
        Source of randomness.
    n_pairs : int
        Pairs per K (split into n_pairs // K independent batches).

    Returns
    -------
    BoundCurve
        The mean batch bound for each K and its standard error sd(batch bounds)/sqrt(B).
        Every batch bound is <= log K whatever the critic.

    Examples
    --------
    >>> curve = infonce_vs_batch_size(0.8, [4, 64], optimal_gaussian_critic(0.8),
    ...                               np.random.default_rng(0))
    >>> bool(curve.value[1] > curve.value[0]), bool(np.all(curve.value <= np.log([4, 64])))
    (True, True)
    """
    values, errors = [], []
    for k in batch_sizes:
        n_batches = n_pairs // k
        x, y = sample_gaussian_pair(n_batches * k, rho, rng)
        x = x.reshape(n_batches, k)
        y = y.reshape(n_batches, k)
        per_batch = batched_infonce(critic(x[:, :, None], y[:, None, :]))
        values.append(float(per_batch.mean()))
        errors.append(float(per_batch.std(ddof=1) / math.sqrt(n_batches)))
    return BoundCurve(np.asarray(batch_sizes, dtype=float), np.asarray(values), np.asarray(errors))


def dv_closed_form(a: ArrayLike, rho: float) -> NDArray[np.float64] | float:
    """Population DV bound of the critic T(x, y) = a x y on a Gaussian pair: a rho + 1/2 log(1 - a^2).

    E_p[a X Y] = a rho, and under the product of marginals E[exp(a X Y')] = (1 - a^2)^(-1/2)
    for |a| < 1 (it is infinite for |a| >= 1, where the bound is -inf).

    Parameters
    ----------
    a : float or array_like
        Critic scale(s).
    rho : float
        Correlation of the standard Gaussian pair.

    Returns
    -------
    float or ndarray
        The bound in nats, with the shape of ``a`` (a float for scalar ``a``); -inf wherever
        |a| >= 1.

    Examples
    --------
    >>> round(dv_closed_form(0.5, 0.6), 12)
    0.156158963774
    >>> dv_closed_form(1.0, 0.6)
    -inf
    """
    arr = np.asarray(a, dtype=float)
    inside = np.abs(arr) < 1.0
    safe = np.where(inside, arr, 0.0)
    out = np.where(inside, safe * rho + 0.5 * np.log1p(-safe * safe), -np.inf)
    return float(out) if out.ndim == 0 else out


def dv_optimal_scale(rho: float) -> float:
    """Maximiser a* = (sqrt(1 + 4 rho^2) - 1) / (2 rho) of :func:`dv_closed_form` (0 at rho = 0).

    Parameters
    ----------
    rho : float
        Correlation of the standard Gaussian pair.

    Returns
    -------
    float
        The critic scale a*, of the sign of ``rho`` and with |a*| < 1 (0.0 when rho = 0).

    Examples
    --------
    >>> round(dv_optimal_scale(0.6), 10)
    0.468374946
    """
    if rho == 0:
        return 0.0
    return (math.sqrt(1.0 + 4.0 * rho * rho) - 1.0) / (2.0 * rho)


def dv_sample_curve(a_grid: ArrayLike, rho: float, n: int, rng: np.random.Generator) -> BoundCurve:
    """Monte-Carlo DV bound of T = a x y for each ``a``, from one joint and one product sample.

    Parameters
    ----------
    a_grid : array_like
        Critic scales; keep |a| < 1/2, where exp(T) has finite variance under the product
        of marginals (beyond it the estimate's variance is infinite).
    rho : float
        Correlation of the Gaussian pair.
    n : int
        Size of the joint sample and of the independent product-of-marginals sample.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    BoundCurve
        :func:`mi_helpers.dv_lower_bound` at each ``a`` and its delta-method standard
        error sqrt(Var(T_p)/n + Var(e^T_q)/(n E[e^T_q]^2)).

    Examples
    --------
    >>> curve = dv_sample_curve([0.2, 0.4], 0.6, 20_000, np.random.default_rng(0))
    >>> bool(np.all(np.abs(curve.value - dv_closed_form([0.2, 0.4], 0.6)) < 4 * curve.stderr))
    True
    """
    a = np.asarray(a_grid, dtype=float)
    x, y = sample_gaussian_pair(n, rho, rng)
    xq, yq = rng.standard_normal(n), rng.standard_normal(n)  # an independent product sample
    joint_products, product_products = x * y, xq * yq
    values, errors = [], []
    for scale in a:
        t_joint = scale * joint_products
        t_product = scale * product_products
        values.append(dv_lower_bound(t_joint, t_product))
        # e^(T - max T) keeps the ratio Var(e^T)/E[e^T]^2 exact and overflow-free.
        weights = np.exp(t_product - t_product.max())
        relative_var = float(weights.var() / weights.mean() ** 2)
        errors.append(math.sqrt((float(t_joint.var()) + relative_var) / n))
    return BoundCurve(a, np.asarray(values), np.asarray(errors))


def dv_sample_maxima(
    a_grid: ArrayLike, rho: float, n: int, n_datasets: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """Largest sampled DV value over ``a_grid`` for each of ``n_datasets`` independent data sets.

    Its spread around the population maximum of :func:`dv_closed_form` shows how a grid
    search over a noisy objective can land above the best value the critic family reaches.
    All data sets are drawn at once and the DV value mean(T_p) - log mean(e^T_q) is computed
    for every (data set, a) pair with a stable log-mean-exp, as :func:`mi_helpers.dv_lower_bound`
    computes it for one.

    Parameters
    ----------
    a_grid : array_like
        Critic scales of T = a x y searched over.
    rho : float
        Correlation of the Gaussian pair, in (-1, 1).
    n : int
        Size of each data set's joint sample and of its independent product-of-marginals
        sample.
    n_datasets : int
        Number of independent data sets.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray, shape (n_datasets,)
        For each data set, the largest DV value over ``a_grid``, in nats.

    Examples
    --------
    >>> a = np.linspace(-0.45, 0.45, 7)
    >>> maxima = dv_sample_maxima(a, 0.6, 4000, 5, np.random.default_rng(0))
    >>> maxima.shape
    (5,)
    >>> x, y = sample_gaussian_pair(4000, 0.6, np.random.default_rng(1))  # one data set, by hand
    >>> xq, yq = np.random.default_rng(2).standard_normal((2, 4000))
    >>> one = max(dv_lower_bound(s * x * y, s * xq * yq) for s in a)
    >>> batch = _dv_values(a, (x * y)[None], (xq * yq)[None]).max()
    >>> bool(abs(one - batch) < 1e-12)
    True
    """
    a = np.asarray(a_grid, dtype=float)
    x = rng.standard_normal((n_datasets, n))
    y = rho * x + math.sqrt(1.0 - rho * rho) * rng.standard_normal((n_datasets, n))
    product = rng.standard_normal((n_datasets, n)) * rng.standard_normal((n_datasets, n))
    return _dv_values(a, x * y, product).max(axis=1)


def _dv_values(
    a: NDArray[np.float64], joint_products: NDArray[np.float64], product_products: NDArray[np.float64]
) -> NDArray[np.float64]:
    """DV bound of T = a x y for every data set (rows) and every a (columns).

    Each scale s needs log mean_i exp(s q_i) over the product sample q, and that exponential is
    nearly all of the cost. On an evenly spaced grid s_k = s_0 + k h (a linspace),
    exp(s_k q) = exp(s_0 q) exp(h q)^k: two exponentials per sample instead of one per scale,
    then a product per scale. The products agree with direct exponentials to within about
    k rounding errors, provided no term overflows or underflows: |s q| <= 600 everywhere. On an
    uneven grid, or beyond that bound, each scale gets its own shifted logsumexp.
    """
    n = joint_products.shape[1]
    mean_joint = joint_products.mean(axis=1)
    log_mean = np.empty((joint_products.shape[0], a.size))
    step = (a[-1] - a[0]) / (a.size - 1) if a.size > 1 else 0.0
    even = a.size > 1 and np.allclose(np.diff(a), step, rtol=1e-9, atol=0.0)
    if even and np.abs(a).max() * np.abs(product_products).max() <= _DV_EXP_BOUND:
        term = np.exp(a[0] * product_products)
        ratio = np.exp(step * product_products)
        for k in range(a.size):  # a loop over the grid; each step is vectorised over all samples
            if k:
                term *= ratio
            log_mean[:, k] = np.log(term.sum(axis=1) / n)
    else:
        for k, s in enumerate(a):
            log_mean[:, k] = logsumexp(s * product_products, axis=1) - math.log(n)
    return a[None, :] * mean_joint[:, None] - log_mean


#: Largest |s q| for which :func:`_dv_values` multiplies exponentials instead of shifting each one.
_DV_EXP_BOUND = 600.0


# ---------------------------------------------------------------- §24–26 limits of estimation


def gaussian_log_ratio(x: ArrayLike, y: ArrayLike, rho: float) -> NDArray[np.float64]:
    """log p(x, y) / (p(x) p(y)) of a standard Gaussian pair with correlation ``rho``, elementwise.

    The best critic of every variational bound: DV and InfoNCE are tight for it (InfoNCE as
    K -> infinity), NWJ for it plus 1. Its mean under p(x, y) is -1/2 log(1 - rho^2).

    Parameters
    ----------
    x, y : array_like
        Points (broadcast against each other).
    rho : float
        Correlation in (-1, 1).

    Returns
    -------
    ndarray
        The log density ratio at each point, in nats.

    Examples
    --------
    >>> round(float(gaussian_log_ratio(0.0, 0.0, 0.6)), 6)  # -1/2 log(1 - 0.36)
    0.223144
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    s = 1.0 - rho * rho
    return -0.5 * math.log(s) - (y - rho * x) ** 2 / (2.0 * s) + 0.5 * y * y


def bounds_vs_information(
    informations: Sequence[float], batch_size: int, n_batches: int, rng: np.random.Generator
) -> EstimatorSweep:
    """NWJ, DV and InfoNCE with the optimal critic on Gaussian pairs of growing MI, batch by batch.

    Each batch holds ``batch_size`` pairs (x_i, y_i). NWJ and DV use the pairs as joint
    samples and the shifted pairs (x_i, y_{i+1}) as product samples (one per anchor, as a
    minibatch estimate does); InfoNCE uses the whole K x K score matrix.

    Parameters
    ----------
    informations : sequence of float
        True MI values (nats) swept; rho = sqrt(1 - exp(-2 I)).
    batch_size : int
        Pairs per batch, K.
    n_batches : int
        Independent batches per MI value (>= 2).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    EstimatorSweep
        ``mean`` and ``sd`` over batches for keys ``"nwj"``, ``"dv"`` and ``"infonce"``, each an
        array over ``informations``.

    Examples
    --------
    >>> sweep = bounds_vs_information([0.5, 3.0], 64, 50, np.random.default_rng(0))
    >>> bool(sweep.sd["nwj"][1] > sweep.sd["nwj"][0]), bool(sweep.mean["infonce"][1] < np.log(64))
    (True, True)
    """
    names = ("nwj", "dv", "infonce")
    values = {name: np.empty((n_batches, len(informations))) for name in names}
    for i, info in enumerate(informations):
        rho = math.sqrt(1.0 - math.exp(-2.0 * info))
        x, y = sample_gaussian_pair(n_batches * batch_size, rho, rng)
        x = x.reshape(n_batches, batch_size)
        y = y.reshape(n_batches, batch_size)
        t_joint = gaussian_log_ratio(x, y, rho)
        t_product = gaussian_log_ratio(x, np.roll(y, 1, axis=1), rho)
        values["nwj"][:, i] = 1.0 + t_joint.mean(axis=1) - np.exp(t_product).mean(axis=1)
        values["dv"][:, i] = t_joint.mean(axis=1) - (logsumexp(t_product, axis=1) - math.log(batch_size))
        values["infonce"][:, i] = batched_infonce(gaussian_log_ratio(x[:, :, None], y[:, None, :], rho))
    return _summarise(values, n_batches)


def sample_gaussian_vectors(
    n: int, dim: int, rho: float, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``n`` pairs of ``dim``-dimensional vectors whose coordinates pair up with correlation ``rho``.

    Coordinates are independent across d, so I(X; Y) = dim * (-1/2 log(1 - rho^2)).

    Parameters
    ----------
    n : int
        Number of pairs.
    dim : int
        Dimension of X and of Y.
    rho : float
        Correlation of X_d with Y_d, in (-1, 1).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    x, y : ndarray, shape (n, dim)

    Examples
    --------
    >>> x, y = sample_gaussian_vectors(50_000, 3, 0.9, np.random.default_rng(0))
    >>> x.shape, bool(abs(np.corrcoef(x[:, 2], y[:, 2])[0, 1] - 0.9) < 0.01)
    ((50000, 3), True)
    """
    x = rng.standard_normal((n, dim))
    y = rho * x + math.sqrt(1.0 - rho * rho) * rng.standard_normal((n, dim))
    return x, y


def ksg_vs_dimension(
    dims: Sequence[int], rho: float, n: int, rng: np.random.Generator, k: int = 3
) -> NDArray[np.float64]:
    """KSG estimate of I(X; Y) for Gaussian vector pairs of each dimension (one data set each).

    Parameters
    ----------
    dims : sequence of int
        Dimensions swept.
    rho : float
        Correlation of each coordinate pair (see :func:`sample_gaussian_vectors`).
    n : int
        Samples per data set.
    rng : numpy.random.Generator
        Source of randomness.
    k : int
        Neighbours of the KSG estimator.

    Returns
    -------
    ndarray
        One estimate per dimension, in nats; the truth is ``dims * gaussian_mutual_information(rho)``.

    Examples
    --------
    >>> est = ksg_vs_dimension([1, 8], 0.9, 1000, np.random.default_rng(0))
    >>> bool(est[1] < 0.7 * 8 * 0.8304)  # far below the truth in 8 dimensions
    True
    """
    return np.array([ksg_mutual_information(*sample_gaussian_vectors(n, d, rho, rng), k=k) for d in dims])


def infonce_vs_sample_size(
    sizes: Sequence[int], dim: int, rho: float, rng: np.random.Generator
) -> NDArray[np.float64]:
    """InfoNCE with the optimal critic when the whole sample of N pairs is one batch, for each N.

    Parameters
    ----------
    sizes : sequence of int
        Sample sizes N swept (the N x N score matrix is formed: keep N in the thousands).
    dim : int
        Dimension of the Gaussian vector pairs (see :func:`sample_gaussian_vectors`).
    rho : float
        Correlation of each coordinate pair.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    ndarray
        One bound per N, in nats; each is at most log N.

    Examples
    --------
    >>> bounds = infonce_vs_sample_size([16, 256], 10, 0.9, np.random.default_rng(0))
    >>> bool(np.all(bounds <= np.log([16, 256]))), bool(bounds[1] > 0.9 * np.log(256))
    (True, True)
    """
    out = []
    scale = 1.0 / (1.0 - rho * rho)
    for size in sizes:
        x, y = sample_gaussian_vectors(size, dim, rho, rng)
        # sum over coordinates of the optimal scalar critic (rho x y - rho^2 y^2 / 2) / (1 - rho^2)
        scores = (rho * (x @ y.T) - 0.5 * rho * rho * np.sum(y * y, axis=1)[None, :]) * scale
        out.append(batched_infonce(scores[None])[0])
    return np.asarray(out)


def infonce_population(
    rho: float,
    batch_size: int,
    critic: Critic,
    anchors: int,
    rng: np.random.Generator,
    chunk: int = 1 << 15,
) -> tuple[float, float]:
    """Monte-Carlo population value E[InfoNCE] at batch size K, with its standard error.

    By exchangeability the expected batch bound is the expected bound of one anchor x with
    its positive y ~ p(y | x) and K - 1 independent negatives y ~ p(y): each anchor below
    draws its own row of K scores, so the anchors are independent and the standard error is
    sd / sqrt(anchors).

    Parameters
    ----------
    rho : float
        Correlation of the Gaussian pair.
    batch_size : int
        K, the candidates per anchor (one positive, K - 1 negatives).
    critic : callable
        ``critic(x, y)`` broadcasting over arrays.
    anchors : int
        Number of independent anchors (rows).
    rng : numpy.random.Generator
        Source of randomness.
    chunk : int
        Anchors drawn at once (memory: chunk x K floats).

    Returns
    -------
    tuple of float
        The mean per-anchor bound log K - [logsumexp_j f(x, y_j) - f(x, y_0)] and its
        standard error.

    Examples
    --------
    >>> value, se = infonce_population(0.8, 4, optimal_gaussian_critic(0.8), 20_000,
    ...                                np.random.default_rng(0))
    >>> bool(abs(value - 0.355) < 5 * se + 0.005), bool(value <= math.log(4))
    (True, True)
    """
    total = total_sq = 0.0
    done = 0
    while done < anchors:
        m = min(chunk, anchors - done)
        x = rng.standard_normal(m)
        y = np.empty((m, batch_size))
        y[:, 0] = rho * x + math.sqrt(1.0 - rho * rho) * rng.standard_normal(m)
        y[:, 1:] = rng.standard_normal((m, batch_size - 1))
        scores = critic(x[:, None], y)
        per_anchor = math.log(batch_size) - (logsumexp(scores, axis=1) - scores[:, 0])
        total += float(per_anchor.sum())
        total_sq += float(np.square(per_anchor).sum())
        done += m
    mean = total / anchors
    variance = (total_sq - anchors * mean * mean) / (anchors - 1)
    return mean, math.sqrt(max(variance, 0.0) / anchors)
