"""The randomized experiments of the theory notebooks, as functions of a random generator.

Every number a notebook draws from random samples comes from one of these functions, so the
notebook and the test that repeats the claim over 50 seeds (``tests/notebooks``) run exactly
the same code. Each function takes ``rng`` (a :class:`numpy.random.Generator`) and nothing
global, works on whole arrays (no Python loop over samples), and returns plain floats or
arrays in nats. Quantities themselves (MI, bounds, estimators) come from the rest of
:mod:`mi_helpers`; this module only draws samples, sweeps parameters and collects spreads.

The true values the experiments are compared with are here too, each with where it comes from.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats
from scipy.special import expit, logsumexp

from .discrete import binary_entropy, joint_table, mutual_information
from .estimators import histogram_mutual_information, ksg_mutual_information
from .gaussian import gaussian_mutual_information
from .variational import dv_lower_bound, infonce_lower_bound

__all__ = [
    "DEPENDENCE_DEMO_SD",
    "LINEAR_PAIR_MI",
    "NONLINEAR_PAIR_MI",
    "BoundCurve",
    "DependenceDemo",
    "EstimatorSweep",
    "FeatureRelevance",
    "batched_infonce",
    "bilinear_critic",
    "clip_embeddings",
    "contrastive_bound_vs_noise",
    "contrastive_views",
    "dependence_demo",
    "dv_closed_form",
    "dv_optimal_scale",
    "dv_sample_curve",
    "dv_sample_maxima",
    "estimator_bias_vs_n",
    "feature_relevance",
    "gaussian_estimates_vs_rho",
    "histogram_bias_grid",
    "independence_threshold",
    "infonce_vs_batch_size",
    "logistic_posterior_predictions",
    "optimal_gaussian_critic",
    "plugin_mi_standard_error",
    "random_joint_tables",
    "sample_gaussian_pair",
    "simultaneous_z",
    "view_mutual_information",
]

Critic = Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]

#: I(X; Y) for X ~ N(0, 1), Y = 2X + 0.3N: Gaussian, so 1/2 log(Var Y / Var(0.3N)) = 1/2 log(4.09/0.09).
LINEAR_PAIR_MI = 0.5 * math.log(4.09 / 0.09)

#: I(X; Y) for X ~ N(0, 1), Y = X^2 + 0.2N, N ~ N(0, 1): h(Y) - h(0.2N) by numerical quadrature
#: of the density of Y (course oracle, 10 significant digits).
NONLINEAR_PAIR_MI = 1.439076312

#: Standard deviation of each estimate of :func:`dependence_demo` at n = 5000 (30 bins, KSG k = 3),
#: measured over 200 seeds. The notebook's tolerances are multiples of these; the test suite
#: re-measures them over 50 seeds and fails if they have grown.
DEPENDENCE_DEMO_SD = {
    "hist_linear": 0.022,
    "hist_nonlinear": 0.040,
    "ksg_linear": 0.017,
    "ksg_nonlinear": 0.020,
}


def sample_gaussian_pair(
    n: int, rho: float, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Draw ``n`` pairs of a standard bivariate Gaussian with correlation ``rho``.

    Parameters
    ----------
    n : int
        Number of pairs.
    rho : float
        Correlation in (-1, 1).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    x, y : ndarray, shape (n,)
        ``y = rho x + sqrt(1 - rho^2) z`` with ``x``, ``z`` independent N(0, 1).

    Examples
    --------
    >>> x, y = sample_gaussian_pair(100_000, 0.6, np.random.default_rng(0))
    >>> abs(float(np.corrcoef(x, y)[0, 1]) - 0.6) < 0.01
    True
    """
    x = rng.standard_normal(n)
    y = rho * x + math.sqrt(1.0 - rho * rho) * rng.standard_normal(n)
    return x, y


def simultaneous_z(n_claims: int = 1, alpha: float = 1e-4, dof: int | None = None) -> float:
    """How many standard errors a randomized claim may deviate, for ``n_claims`` claims at once.

    The two-sided quantile 1 - alpha / (2 n_claims) (Bonferroni) of the normal law, or of
    Student's t with ``dof`` degrees of freedom when the standard error itself is estimated
    from few repeats. With the default alpha = 1e-4, all the claims hold together on at least
    99.99 % of seeds when the estimate is unbiased and the standard error is right, so a test
    that repeats them over 50 seeds fails by chance with probability below 0.5 %.

    Parameters
    ----------
    n_claims : int
        Number of claims checked together; alpha is split evenly among them (Bonferroni).
    alpha : float
        Probability, over seeds, that at least one of the claims fails by chance.
    dof : int, optional
        Degrees of freedom of Student's t (number of repeats - 1 when the standard error is
        estimated from them); None uses the normal law.

    Returns
    -------
    float
        The quantile 1 - alpha / (2 n_claims) of N(0, 1), or of t(dof): the allowed deviation
        in standard errors.

    Examples
    --------
    >>> round(simultaneous_z(), 3)  # one claim, normal
    3.891
    >>> round(simultaneous_z(5, dof=9), 3)  # five claims, s.e. from 10 repeats
    8.102
    """
    q = 1.0 - alpha / (2.0 * n_claims)
    return float(stats.norm.ppf(q) if dof is None else stats.t.ppf(q, dof))


# ---------------------------------------------------------------- §1 correlation versus MI


@dataclass(frozen=True)
class DependenceDemo:
    """Samples of a linear and a nonlinear pair with their correlations and MI estimates.

    Attributes hold the samples (``x``, ``y_linear``, ``y_nonlinear``), the sample
    correlations, the standard error of a correlation whose true value is 0 (for the
    nonlinear pair), and histogram and KSG estimates of I(X; Y) in nats.
    """

    x: NDArray[np.float64]
    y_linear: NDArray[np.float64]
    y_nonlinear: NDArray[np.float64]
    corr_linear: float
    corr_nonlinear: float
    corr_nonlinear_se: float
    hist_linear: float
    hist_nonlinear: float
    ksg_linear: float
    ksg_nonlinear: float


def dependence_demo(n: int, rng: np.random.Generator, bins: int = 30) -> DependenceDemo:
    """Correlation and MI estimates for Y = 2X + 0.3N (linear) and Y = X^2 + 0.2N (nonlinear).

    Parameters
    ----------
    n : int
        Number of samples of X ~ N(0, 1).
    rng : numpy.random.Generator
        Source of randomness.
    bins : int
        Bins per axis of the histogram estimator.

    Returns
    -------
    DependenceDemo
        True values for comparison: :data:`LINEAR_PAIR_MI` and :data:`NONLINEAR_PAIR_MI`.

    Notes
    -----
    The nonlinear pair has Cov(X, Y) = E[X^3] = 0, so its population correlation is exactly 0.
    The standard error of its sample correlation is sd(z_x z_y) / sqrt(n) for the
    standardized samples (the delta method; about 2.7 / sqrt(n) here).

    Examples
    --------
    >>> demo = dependence_demo(2000, np.random.default_rng(1))
    >>> abs(demo.corr_nonlinear) < 4 * demo.corr_nonlinear_se
    True
    >>> demo.ksg_nonlinear > 1.0 > abs(demo.corr_nonlinear)
    True
    """
    x = rng.standard_normal(n)
    y_linear = 2.0 * x + 0.3 * rng.standard_normal(n)
    y_nonlinear = x * x + 0.2 * rng.standard_normal(n)
    zx = (x - x.mean()) / x.std()
    zy = (y_nonlinear - y_nonlinear.mean()) / y_nonlinear.std()
    return DependenceDemo(
        x=x,
        y_linear=y_linear,
        y_nonlinear=y_nonlinear,
        corr_linear=float(np.corrcoef(x, y_linear)[0, 1]),
        corr_nonlinear=float(np.corrcoef(x, y_nonlinear)[0, 1]),
        corr_nonlinear_se=float((zx * zy).std() / math.sqrt(n)),
        hist_linear=histogram_mutual_information(x, y_linear, bins=bins),
        hist_nonlinear=histogram_mutual_information(x, y_nonlinear, bins=bins),
        ksg_linear=ksg_mutual_information(x, y_linear),
        ksg_nonlinear=ksg_mutual_information(x, y_nonlinear),
    )


# ---------------------------------------------------------------- §6 random tables


def random_joint_tables(
    count: int,
    shape: tuple[int, int],
    rng: np.random.Generator,
    concentrations: Sequence[float] = (0.05, 0.3, 1.0, 5.0),
) -> NDArray[np.float64]:
    """Random joint pmfs from Dirichlet laws, from nearly deterministic to nearly uniform.

    Parameters
    ----------
    count : int
        Number of tables; they cycle through ``concentrations``.
    shape : (int, int)
        Shape of each table (use a non-square shape to catch swapped marginals).
    rng : numpy.random.Generator
        Source of randomness.
    concentrations : sequence of float
        Dirichlet concentrations: small values give sparse tables whose MI is close to
        min(H(X), H(Y)), large ones near-independent tables.

    Returns
    -------
    ndarray, shape (count, *shape)
        Each table is non-negative and sums to 1.

    Examples
    --------
    >>> tables = random_joint_tables(8, (3, 4), np.random.default_rng(0))
    >>> tables.shape, bool(np.allclose(tables.sum(axis=(1, 2)), 1.0))
    ((8, 3, 4), True)
    """
    size = shape[0] * shape[1]
    alphas = np.resize(np.asarray(concentrations, dtype=float), count)
    # Dirichlet(alpha) as normalised Gamma(alpha) draws, one row per table.
    gammas = rng.standard_gamma(alphas[:, None] * np.ones(size))
    gammas = np.maximum(gammas, np.finfo(float).tiny)  # tiny concentrations can underflow to 0
    return (gammas / gammas.sum(axis=1, keepdims=True)).reshape(count, *shape)


# ---------------------------------------------------------------- §12, §14, §15 estimators


@dataclass(frozen=True)
class EstimatorSweep:
    """Mean and standard deviation over repeats of one or more estimators on a grid.

    ``mean[name]`` and ``sd[name]`` are arrays over the swept parameter (and, for a grid,
    over its second parameter); ``repeats`` is the number of independent data sets behind
    each mean, so the standard error of a mean is ``sd / sqrt(repeats)``.
    """

    mean: dict[str, NDArray[np.float64]]
    sd: dict[str, NDArray[np.float64]]
    repeats: int

    def stderr(self, name: str) -> NDArray[np.float64]:
        """Standard error of ``mean[name]``."""
        return self.sd[name] / math.sqrt(self.repeats)


def _summarise(values: dict[str, NDArray[np.float64]], repeats: int) -> EstimatorSweep:
    return EstimatorSweep(
        mean={k: v.mean(axis=0) for k, v in values.items()},
        sd={k: v.std(axis=0, ddof=1) for k, v in values.items()},
        repeats=repeats,
    )


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
        Keys ``"histogram"`` and ``"ksg"``, arrays over ``rhos``.

    Examples
    --------
    >>> sweep = gaussian_estimates_vs_rho([0.0, 0.9], 2000, 2, np.random.default_rng(0))
    >>> bool(sweep.mean["ksg"][1] > 0.6 > sweep.mean["ksg"][0])  # true values 0.830 and 0
    True
    """
    values = {name: np.empty((repeats, len(rhos))) for name in ("histogram", "ksg")}
    for r in range(repeats):
        for i, rho in enumerate(rhos):
            x, y = sample_gaussian_pair(n, rho, rng)
            values["histogram"][r, i] = histogram_mutual_information(x, y, bins=bins)
            values["ksg"][r, i] = ksg_mutual_information(x, y)
    return _summarise(values, repeats)


# ---------------------------------------------------------------- §16 InfoNCE


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
    >>> S = np.random.default_rng(0).normal(size=(3, 5, 5))
    >>> bool(np.allclose(batched_infonce(S), [infonce_lower_bound(s) for s in S], atol=1e-14))
    True
    """
    S = np.asarray(scores, dtype=float)
    k = S.shape[-1]
    cross_entropy = logsumexp(S, axis=-1) - np.diagonal(S, axis1=-2, axis2=-1)
    return math.log(k) - cross_entropy.mean(axis=-1)


@dataclass(frozen=True)
class BoundCurve:
    """A sampled bound (or estimate) at each value of a swept parameter, with standard errors.

    ``value[i]`` is the estimate at ``param[i]`` and ``stderr[i]`` its standard error,
    computed from the spread of the independent batches (or samples) behind it.
    """

    param: NDArray[np.float64]
    value: NDArray[np.float64]
    stderr: NDArray[np.float64]


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


# ---------------------------------------------------------------- §17 Donsker–Varadhan


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
    """DV bound of T = a x y for every data set (rows) and every a (columns)."""
    n = joint_products.shape[1]
    mean_joint = joint_products.mean(axis=1)
    # one column per critic scale: a loop over the grid, each step vectorised over data sets
    columns = [s * mean_joint - (logsumexp(s * product_products, axis=1) - math.log(n)) for s in a]
    return np.stack(columns, axis=1)


# ---------------------------------------------------------------- §19 feature selection


def plugin_mi_standard_error(P: ArrayLike) -> float:
    """Standard error (times sqrt(n)) of the plug-in MI of a table: sd of the pointwise MI.

    The plug-in estimate is an average of pmi(x_i, y_i) over the n samples, so to first
    order its standard deviation is sd_p[pmi] / sqrt(n); divide the result by sqrt(n).

    Parameters
    ----------
    P : array_like, shape (a, b)
        Joint pmf p(x, y) (non-negative, summing to 1; it is not renormalised), usually the
        empirical table of the n samples. Zero cells are left out.

    Returns
    -------
    float
        The standard deviation of pmi(X, Y) = log p(x, y) / (p(x) p(y)) under ``P``, in nats.

    Examples
    --------
    >>> round(plugin_mi_standard_error([[0.45, 0.05], [0.05, 0.45]]), 6)  # BSC(0.1), uniform input
    0.659167
    """
    table = np.asarray(P, dtype=float)
    p_x = table.sum(axis=1, keepdims=True)
    p_y = table.sum(axis=0, keepdims=True)
    support = table > 0
    pmi = np.log(table[support] / (p_x * p_y)[support])
    weights = table[support]
    mean = float(weights @ pmi)
    return math.sqrt(max(float(weights @ (pmi - mean) ** 2), 0.0))


def independence_threshold(n: int, shape: tuple[int, int] = (2, 2), alpha: float = 1e-4) -> float:
    """Largest plug-in MI an independent pair shows with probability 1 - alpha (in nats).

    Under independence, 2 n times the plug-in MI of an a x b table is asymptotically
    chi-square with (a - 1)(b - 1) degrees of freedom (it is the G-test statistic), so its
    1 - alpha quantile divided by 2n is the threshold. The default alpha = 1e-4 keeps a 50-seed
    repetition of the claim "an irrelevant feature stays below it" from failing by chance.

    Parameters
    ----------
    n : int
        Number of samples behind the plug-in estimate.
    shape : (int, int)
        Shape (a, b) of the joint table, i.e. the numbers of values of X and of Y.
    alpha : float
        Probability that an independent pair exceeds the threshold.

    Returns
    -------
    float
        The 1 - alpha quantile of chi-square with (a - 1)(b - 1) degrees of freedom, divided
        by 2n, in nats.

    Examples
    --------
    >>> round(independence_threshold(4000), 6)  # chi2(1) quantile 15.14 / 8000
    0.001892
    """
    dof = (shape[0] - 1) * (shape[1] - 1)
    return float(stats.chi2.ppf(1.0 - alpha, dof)) / (2.0 * n)


@dataclass(frozen=True)
class FeatureRelevance:
    """Plug-in I(X_j; Y) of each feature, its standard error and its true value (nats)."""

    flips: NDArray[np.float64]
    estimate: NDArray[np.float64]
    stderr: NDArray[np.float64]
    truth: NDArray[np.float64]
    n: int


def feature_relevance(flips: Sequence[float], n: int, rng: np.random.Generator) -> FeatureRelevance:
    """Binary label Y ~ Bern(1/2) and features X_j = Y xor Bern(flips[j]); plug-in I(X_j; Y).

    Parameters
    ----------
    flips : sequence of float
        Noise of each feature; flip 0.5 makes a feature independent of Y.
    n : int
        Number of samples.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    FeatureRelevance
        Estimates from :func:`mi_helpers.joint_table` (a bincount) and
        :func:`mi_helpers.mutual_information`; truths log 2 - h(flip).

    Examples
    --------
    >>> rel = feature_relevance([0.1, 0.5], 4000, np.random.default_rng(0))
    >>> bool(rel.estimate[0] > rel.estimate[1]), round(float(rel.truth[0]), 6)
    (True, 0.368064)
    """
    f = np.asarray(flips, dtype=float)
    y = rng.integers(0, 2, size=n)
    noise = rng.random((f.size, n)) < f[:, None]
    features = y[None, :] ^ noise
    tables = [joint_table(feature, y, levels=[2, 2]) for feature in features]
    estimate = np.array([mutual_information(t) for t in tables])
    stderr = np.array([plugin_mi_standard_error(t) for t in tables]) / math.sqrt(n)
    truth = math.log(2.0) - np.asarray(binary_entropy(f))
    return FeatureRelevance(f, estimate, stderr, truth, n)


# ---------------------------------------------------------------- §20, §21 contrastive learning


def contrastive_views(
    n: int, dim: int, noise: float, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Two noisy, unit-normalised views of the same ``n`` latent vectors in ``dim`` dimensions.

    Each latent is N(0, I); each view adds independent N(0, noise^2 I) and is normalised to
    length 1, so ``view1 @ view2.T`` holds cosine similarities.

    Parameters
    ----------
    n : int
        Number of latent vectors (rows of each view).
    dim : int
        Dimension of the latents and of the views.
    noise : float
        Standard deviation of each view's noise per coordinate (the latent's is 1).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    view1, view2 : ndarray, shape (n, dim)
        Unit-norm views; row i of each comes from the same latent vector.

    Examples
    --------
    >>> v1, v2 = contrastive_views(4, 3, 0.1, np.random.default_rng(0))
    >>> v1.shape, bool(np.allclose(np.linalg.norm(v2, axis=1), 1.0))
    ((4, 3), True)
    """
    latent = rng.standard_normal((n, dim))
    views = latent[None] + noise * rng.standard_normal((2, n, dim))
    views /= np.linalg.norm(views, axis=2, keepdims=True)
    return views[0], views[1]


def view_mutual_information(dim: int, noise: float) -> float:
    """I(view1; view2) before normalisation: -dim/2 log(1 - r^2) with r = 1 / (1 + noise^2).

    Normalising a view is a deterministic map, so by the data-processing inequality the
    normalised views share at most this much information.

    Parameters
    ----------
    dim : int
        Dimension of the views; the coordinates are independent, so the MI is ``dim`` times
        that of one coordinate pair.
    noise : float
        Standard deviation of each view's noise, as in :func:`contrastive_views`; must be
        nonzero (noise 0 makes r = 1 and the information infinite, which raises ValueError).

    Returns
    -------
    float
        I(view1; view2) of the unnormalised views, in nats.

    Examples
    --------
    >>> round(view_mutual_information(1, 1.0), 6)  # r = 1/2
    0.143841
    """
    r = 1.0 / (1.0 + noise * noise)
    return dim * gaussian_mutual_information(r)


def contrastive_bound_vs_noise(
    noises: Sequence[float],
    n: int,
    dim: int,
    temperature: float,
    n_batches: int,
    rng: np.random.Generator,
) -> tuple[BoundCurve, NDArray[np.float64]]:
    """InfoNCE bound log N - L of cosine-similarity critics for views of growing noise.

    Parameters
    ----------
    noises : sequence of float
        View noise levels swept.
    n : int
        Batch size N (each view1 row is matched with one view2 row among N).
    dim : int
        Embedding dimension.
    temperature : float
        Scores are cosine similarity / temperature.
    n_batches : int
        Independent batches per noise level (>= 2).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    curve : BoundCurve
        Mean bound per noise level and its standard error over batches; every value <= log N.
    accuracy : ndarray
        Mean top-1 retrieval accuracy (view1 -> view2) per noise level.

    Examples
    --------
    >>> curve, acc = contrastive_bound_vs_noise([0.2, 2.0], 32, 8, 0.1, 4, np.random.default_rng(0))
    >>> bool(curve.value[0] > curve.value[1]), bool(np.all(curve.value <= np.log(32)))
    (True, True)
    """
    values, errors, accuracy = [], [], []
    for noise in noises:
        bounds, hits = [], []
        for _ in range(n_batches):
            v1, v2 = contrastive_views(n, dim, noise, rng)
            similarity = v1 @ v2.T
            bounds.append(infonce_lower_bound(similarity / temperature))
            hits.append(float(np.mean(similarity.argmax(axis=1) == np.arange(n))))
        values.append(float(np.mean(bounds)))
        errors.append(float(np.std(bounds, ddof=1) / math.sqrt(n_batches)))
        accuracy.append(float(np.mean(hits)))
    curve = BoundCurve(np.asarray(noises, dtype=float), np.asarray(values), np.asarray(errors))
    return curve, np.asarray(accuracy)


def clip_embeddings(
    n: int, dim: int, noise: float, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Toy image and text embeddings: a shared semantic vector seen through two noisy encoders.

    Both modalities see the semantic vector through the same random linear map (as if the two
    encoders had already been trained to align), each adds its own N(0, noise^2) and is
    normalised to unit length, so ``image @ text.T`` holds cosine similarities.

    Parameters
    ----------
    n : int
        Number of semantic vectors (image-text pairs).
    dim : int
        Dimension of the semantic vectors and of the embeddings.
    noise : float
        Standard deviation of each modality's own noise per coordinate. The semantic vectors
        are N(0, I) and the shared linear map has N(0, 1/dim) entries.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    image, text : ndarray, shape (n, dim)
        Unit-norm embeddings; row i of each comes from the same semantic vector.

    Examples
    --------
    >>> img, txt = clip_embeddings(16, 20, 0.3, np.random.default_rng(0))
    >>> S = img @ txt.T
    >>> bool(np.mean(np.diag(S)) > np.mean(S))
    True
    """
    semantic = rng.standard_normal((n, dim))
    mixing = rng.standard_normal((dim, dim)) / math.sqrt(dim)
    image = semantic @ mixing + noise * rng.standard_normal((n, dim))
    text = semantic @ mixing + noise * rng.standard_normal((n, dim))
    image /= np.linalg.norm(image, axis=1, keepdims=True)
    text /= np.linalg.norm(text, axis=1, keepdims=True)
    return image, text


# ---------------------------------------------------------------- §22 BALD


def logistic_posterior_predictions(
    candidates: ArrayLike,
    n_samples: int,
    rng: np.random.Generator,
    boundary_mean: float = 0.0,
    boundary_sd: float = 1.0,
    slope: float = 3.0,
) -> NDArray[np.float64]:
    """P(Y = 1 | x, θ_s) of a 1-D logistic model for posterior samples of its boundary.

    The model is p(y = 1 | x, b) = sigmoid(slope (x - b)) with an uncertain boundary
    b ~ N(boundary_mean, boundary_sd^2) standing in for a posterior after a few labels.

    Parameters
    ----------
    candidates : array_like, shape (m,)
        Inputs x at which to predict.
    n_samples : int
        Number of posterior samples of the boundary b.
    rng : numpy.random.Generator
        Source of randomness.
    boundary_mean : float
        Mean of the boundary's posterior.
    boundary_sd : float
        Standard deviation of the boundary's posterior.
    slope : float
        Steepness of the sigmoid (shared by all samples).

    Returns
    -------
    ndarray, shape (n_samples, len(candidates))
        Column j holds the posterior samples' predictions at ``candidates[j]``; pass a
        column to :func:`mi_helpers.bald_score`.

    Examples
    --------
    >>> probs = logistic_posterior_predictions([-5.0, 0.0, 5.0], 200, np.random.default_rng(0))
    >>> probs.shape
    (200, 3)
    """
    x = np.asarray(candidates, dtype=float)
    boundary = boundary_mean + boundary_sd * rng.standard_normal(n_samples)
    return expit(slope * (x[None, :] - boundary[:, None]))
