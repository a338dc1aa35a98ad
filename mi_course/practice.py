"""Experiments of notebook 7 (estimation in practice): §29-32.

Each experiment repeats an estimator over many independent data sets at once, with numpy
arrays over the data sets instead of Python loops over samples: KSG from distance matrices
(§29), plug-in MI of many count tables (§29-30), bootstrap resamples of a table drawn as
multinomial counts (§30), entropies of a binned density by quadrature (§31) and greedy feature
selection from estimated entropies (§32). Every batched computation is checked against the
one-data-set function of ``mi_helpers`` in ``tests/unit/test_resampling.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mi_helpers import ksg_mutual_information

from .sampling import EstimatorSweep, _summarise, sample_gaussian_pair

__all__ = [
    "BootstrapCoverage",
    "IndependenceTests",
    "binned_entropy",
    "binned_gaussian_pair_information",
    "bootstrap_coverage",
    "discrete_bias_vs_n",
    "greedy_selection",
    "independence_tests",
    "jittered_ksg_bootstrap",
    "ksg_batch",
    "ksg_k_sweep",
    "miller_madow_information",
    "pick_shares",
    "plugin_information",
    "selection_picks",
    "sensor_law",
    "subset_entropies",
]


# --- §29: KSG against k, plug-in against Miller–Madow -------------------------------------------


def ksg_batch(x: ArrayLike, y: ArrayLike, ks: Sequence[int]) -> NDArray[np.float64]:
    """KSG estimates (algorithm 1) of many scalar data sets at once, for several k.

    Parameters
    ----------
    x, y : array_like, shape (repeats, n)
        Row r is one data set of n pairs.
    ks : sequence of int
        Neighbour counts k, each between 1 and n - 1.

    Returns
    -------
    ndarray, shape (repeats, len(ks))
        The estimate of :func:`mi_helpers.ksg_mutual_information` (each variable divided by
        its standard deviation) for every data set and k, from n x n distance matrices.

    Examples
    --------
    >>> import mi_helpers as mi
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal((2, 150))
    >>> y = 0.6 * x + 0.8 * rng.standard_normal((2, 150))
    >>> batch = ksg_batch(x, y, [1, 3])
    >>> bool(abs(batch[1, 1] - mi.ksg_mutual_information(x[1], y[1], k=3)) < 1e-12)
    True
    """
    from scipy.special import digamma

    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    xs = xs / xs.std(axis=1, keepdims=True)
    ys = ys / ys.std(axis=1, keepdims=True)
    repeats, n = xs.shape
    out = np.empty((repeats, len(ks)))
    chunk = max(1, 2_000_000 // (n * n))  # at most about 2 million distances per matrix
    diagonal = np.arange(n)
    for start in range(0, repeats, chunk):
        block = slice(start, min(repeats, start + chunk))
        dist_x = np.abs(xs[block, :, None] - xs[block, None, :])
        dist_y = np.abs(ys[block, :, None] - ys[block, None, :])
        joint = np.maximum(dist_x, dist_y)
        joint[:, diagonal, diagonal] = np.inf  # a point is not its own neighbour
        top = max(ks)  # only the max(ks) nearest distances are needed, in order
        ordered = np.sort(np.partition(joint, top - 1, axis=2)[:, :, :top], axis=2)
        for j, k in enumerate(ks):
            eps = ordered[:, :, k - 1, None]
            n_x = np.count_nonzero(dist_x < eps, axis=2) - 1  # strictly closer, minus itself
            n_y = np.count_nonzero(dist_y < eps, axis=2) - 1
            out[block, j] = digamma(k) + digamma(n) - np.mean(digamma(n_x + 1) + digamma(n_y + 1), axis=1)
    return out


def ksg_k_sweep(
    rho: float, n: int, ks: Sequence[int], repeats: int, rng: np.random.Generator
) -> EstimatorSweep:
    """KSG's mean and spread against k on Gaussian pairs with a known MI.

    Parameters
    ----------
    rho : float
        Correlation of the Gaussian pair; its MI is -1/2 log(1 - rho^2).
    n : int
        Pairs per data set.
    ks : sequence of int
        The neighbour counts swept; every k sees the same data sets.
    repeats : int
        Independent data sets (>= 2).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    EstimatorSweep
        ``mean["ksg"]`` and ``sd["ksg"]`` over ``ks``.

    Examples
    --------
    >>> sweep = ksg_k_sweep(0.9, 200, [1, 30], 40, np.random.default_rng(0))
    >>> bool(sweep.sd["ksg"][1] < sweep.sd["ksg"][0])  # larger k, less spread
    True
    """
    x, y = sample_gaussian_pair(repeats * n, rho, rng)
    return _summarise({"ksg": ksg_batch(x.reshape(repeats, n), y.reshape(repeats, n), ks)}, repeats)


def _entropy_of_counts(counts: NDArray, axes: tuple[int, ...]) -> NDArray[np.float64]:
    """Plug-in entropy of count tables, the table being the given trailing axes."""
    from scipy.special import xlogy

    total = counts.sum(axis=axes)
    return np.log(total) - xlogy(counts, counts).sum(axis=axes) / total


def plugin_information(counts: ArrayLike) -> NDArray[np.float64]:
    """Plug-in MI of many count tables at once: the MI of counts / n over the last two axes.

    Parameters
    ----------
    counts : array_like, shape (..., a, b)
        Non-negative counts, each table with a positive total.

    Returns
    -------
    ndarray, shape (...)
        The MI of each normalised table, in nats (what :func:`mi_helpers.mutual_information`
        gives with ``normalize=True``).

    Examples
    --------
    >>> import mi_helpers as mi
    >>> tables = np.array([[[30, 10], [10, 30]], [[5, 5], [5, 5]]])
    >>> values = plugin_information(tables)
    >>> bool(abs(values[0] - mi.mutual_information(tables[0], normalize=True)) < 1e-12)
    True
    >>> float(values[1])
    0.0
    """
    c = np.asarray(counts, dtype=float)
    h_x = _entropy_of_counts(c.sum(axis=-1), (-1,))
    h_y = _entropy_of_counts(c.sum(axis=-2), (-1,))
    return np.maximum(h_x + h_y - _entropy_of_counts(c, (-2, -1)), 0.0)


def miller_madow_information(counts: ArrayLike) -> NDArray[np.float64]:
    """Plug-in MI with each entropy's Miller–Madow correction, for many count tables at once.

    Parameters
    ----------
    counts : array_like, shape (..., a, b)
        Non-negative counts, each table with a positive total n.

    Returns
    -------
    ndarray, shape (...)
        The plug-in MI plus (m_x + m_y - m_xy - 1) / (2n), m being the number of non-empty
        cells of each table (the correction of
        ``mi_helpers.histogram_mutual_information(..., correction="miller-madow")``).

    Examples
    --------
    >>> round(float(miller_madow_information([[30, 10], [10, 30]])), 6)
    0.124562
    """
    c = np.asarray(counts, dtype=float)
    n = c.sum(axis=(-2, -1))
    m_xy = np.count_nonzero(c, axis=(-2, -1))
    m_x = np.count_nonzero(c.sum(axis=-1), axis=-1)
    m_y = np.count_nonzero(c.sum(axis=-2), axis=-1)
    return plugin_information(c) + (m_x + m_y - m_xy - 1) / (2 * n)


def discrete_bias_vs_n(
    law: ArrayLike, sizes: Sequence[int], repeats: int, rng: np.random.Generator
) -> EstimatorSweep:
    """Plug-in and Miller–Madow MI estimates of a discrete law against the sample size.

    Parameters
    ----------
    law : array_like, shape (a, b)
        The joint pmf the samples are drawn from.
    sizes : sequence of int
        Sample sizes n.
    repeats : int
        Independent data sets per n (>= 2), drawn as multinomial counts.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    EstimatorSweep
        ``mean`` and ``sd`` of ``"plug-in"`` and ``"miller-madow"`` over ``sizes``.

    Examples
    --------
    >>> law = np.full((4, 4), 1 / 16)
    >>> sweep = discrete_bias_vs_n(law, [100, 10_000], 50, np.random.default_rng(0))
    >>> bool(sweep.mean["plug-in"][0] > sweep.mean["plug-in"][1] > 0)  # bias shrinks with n
    True
    """
    p = np.asarray(law, dtype=float)
    values = {"plug-in": np.empty((repeats, len(sizes))), "miller-madow": np.empty((repeats, len(sizes)))}
    for i, n in enumerate(sizes):
        counts = rng.multinomial(n, p.ravel(), size=repeats).reshape(repeats, *p.shape)
        values["plug-in"][:, i] = plugin_information(counts)
        values["miller-madow"][:, i] = miller_madow_information(counts)
    return _summarise(values, repeats)


# --- §30: bootstrap coverage, permutation tests --------------------------------------------------


@dataclass(frozen=True)
class BootstrapCoverage:
    """How often bootstrap intervals of the plug-in MI cover the true MI, at each sample size.

    ``coverage[method][i]`` is the share of ``datasets`` independent data sets of size
    ``sizes[i]`` whose interval holds the truth; ``bias[i]`` is the mean estimate minus the truth
    and ``resample_shift[i]`` the mean of (mean replicate - estimate).
    """

    sizes: NDArray[np.int64]
    coverage: dict[str, NDArray[np.float64]]
    bias: NDArray[np.float64]
    resample_shift: NDArray[np.float64]
    datasets: int
    level: float

    def stderr(self, method: str) -> NDArray[np.float64]:
        """Binomial standard error of ``coverage[method]``."""
        c = self.coverage[method]
        return np.sqrt(c * (1 - c) / self.datasets)


def bootstrap_coverage(
    law: ArrayLike,
    sizes: Sequence[int],
    datasets: int,
    resamples: int,
    level: float,
    rng: np.random.Generator,
) -> BootstrapCoverage:
    """Coverage of the percentile and basic bootstrap intervals of the plug-in MI of a table.

    Parameters
    ----------
    law : array_like, shape (a, b)
        The joint pmf; its MI is the truth the intervals should cover.
    sizes : sequence of int
        Sample sizes n.
    datasets : int
        Independent data sets per n.
    resamples : int
        Bootstrap resamples per data set.
    level : float
        Nominal coverage of the intervals.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    BootstrapCoverage
        Coverage of ``"percentile"`` and ``"basic"`` per n, and the biases behind it.

    Notes
    -----
    Resampling n rows with replacement from data whose table of counts is c gives a table
    distributed as Multinomial(n, c / n), so each resample is drawn as that table directly:
    the same law as :func:`mi_helpers.bootstrap_interval`'s row resampling, without the rows.

    Examples
    --------
    >>> law = np.array([[0.4, 0.1], [0.1, 0.4]])
    >>> result = bootstrap_coverage(law, [2000], 100, 200, 0.9, np.random.default_rng(0))
    >>> bool(result.coverage["basic"][0] > 0.75)
    True
    """
    from mi_helpers import mutual_information

    p = np.asarray(law, dtype=float)
    truth = mutual_information(p)
    q_lo, q_hi = (1 - level) / 2, (1 + level) / 2
    coverage = {"percentile": np.empty(len(sizes)), "basic": np.empty(len(sizes))}
    bias, shift = np.empty(len(sizes)), np.empty(len(sizes))
    for i, n in enumerate(sizes):
        counts = rng.multinomial(n, p.ravel(), size=datasets)
        estimate = plugin_information(counts.reshape(datasets, *p.shape))
        tables = rng.multinomial(n, counts / n, size=(resamples, datasets))
        replicates = plugin_information(tables.reshape(resamples, datasets, *p.shape))
        low, high = np.quantile(replicates, [q_lo, q_hi], axis=0)
        coverage["percentile"][i] = np.mean((low <= truth) & (truth <= high))
        coverage["basic"][i] = np.mean((2 * estimate - high <= truth) & (truth <= 2 * estimate - low))
        bias[i] = estimate.mean() - truth
        shift[i] = np.mean(replicates.mean(axis=0) - estimate)
    return BootstrapCoverage(np.asarray(sizes), coverage, bias, shift, datasets, level)


@dataclass(frozen=True)
class IndependenceTests:
    """Permutation p-values of the plug-in MI on many data sets, and the percentile-bootstrap
    intervals' lower ends on the same data sets (``lower[i] > 0``: the interval excludes 0)."""

    p_values: NDArray[np.float64]
    lower: NDArray[np.float64]

    def rejection_rate(self, alpha: float) -> float:
        """Share of data sets with p-value <= alpha."""
        return float(np.mean(self.p_values <= alpha))


def independence_tests(
    law: ArrayLike,
    n: int,
    datasets: int,
    permutations: int,
    resamples: int,
    level: float,
    rng: np.random.Generator,
) -> IndependenceTests:
    """Permutation tests and bootstrap intervals of the plug-in MI on many discrete data sets.

    Parameters
    ----------
    law : array_like, shape (a, b)
        The joint pmf of (X, Y) the data sets are drawn from.
    n : int
        Pairs per data set.
    datasets : int
        Independent data sets.
    permutations : int
        Permutations of Y per data set; p = (1 + #{null >= observed}) / (1 + permutations).
    resamples : int
        Bootstrap resamples per data set for the percentile interval (0: no intervals, and
        ``lower`` is empty).
    level : float
        Nominal coverage of the percentile interval.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    IndependenceTests
        The p-values and the intervals' lower ends.

    Examples
    --------
    >>> law = np.full((3, 3), 1 / 9)  # independent
    >>> tests = independence_tests(law, 60, 200, 99, 100, 0.9, np.random.default_rng(0))
    >>> tests.rejection_rate(0.05) <= 0.1, bool(np.all(tests.lower > 0))
    (True, True)
    """
    p = np.asarray(law, dtype=float)
    a, b = p.shape
    cells = rng.choice(a * b, size=(datasets, n), p=p.ravel())
    x, y = np.divmod(cells, b)
    observed = plugin_information(_tables(x, y, a, b))
    shuffled = rng.permuted(np.repeat(y[:, None, :], permutations, axis=1), axis=2)
    null = plugin_information(_tables(np.broadcast_to(x[:, None, :], shuffled.shape), shuffled, a, b))
    # ties within rounding count as at least as extreme (equal tables give equal MI, up to the
    # summation order of arrays of different shapes)
    tied = null >= observed[:, None] - _TIE_TOLERANCE * np.maximum(1.0, np.abs(observed[:, None]))
    p_values = (1 + np.count_nonzero(tied, axis=1)) / (1 + permutations)
    if resamples == 0:
        return IndependenceTests(p_values, np.empty(0))
    counts = _tables(x, y, a, b).reshape(datasets, a * b)
    tables = rng.multinomial(n, counts / n, size=(resamples, datasets)).reshape(resamples, datasets, a, b)
    lower = np.quantile(plugin_information(tables), (1 - level) / 2, axis=0)
    return IndependenceTests(p_values, lower)


#: Relative tolerance under which a permuted statistic counts as a tie with the observed one.
_TIE_TOLERANCE = 1e-12


def _tables(x: NDArray, y: NDArray, a: int, b: int) -> NDArray[np.int64]:
    """Count tables (..., a, b) of integer samples x, y of shape (..., n), one per leading index."""
    lead = x.shape[:-1]
    rows = int(np.prod(lead))
    codes = (np.asarray(x) * b + np.asarray(y)).reshape(rows, -1) + (np.arange(rows) * a * b)[:, None]
    return np.bincount(codes.ravel(), minlength=rows * a * b).reshape(*lead, a, b)


def jittered_ksg_bootstrap(
    x: ArrayLike, y: ArrayLike, resamples: int, rng: np.random.Generator, scale: float = 1e-9, k: int = 3
) -> NDArray[np.float64]:
    """KSG on bootstrap resamples, ties broken by adding noise of sd ``scale`` (what not to do).

    Parameters
    ----------
    x, y : array_like, shape (n,)
        One data set.
    resamples : int
        Number of bootstrap resamples.
    rng : numpy.random.Generator
        Source of the row indices (``rng.integers(0, n, size=(resamples, n))``) and the noise.
    scale : float
        Standard deviation of the noise added to every resampled value.
    k : int
        KSG's neighbour count.

    Returns
    -------
    ndarray, shape (resamples,)
        The KSG estimate of each jittered resample.

    Examples
    --------
    >>> import mi_helpers as mi
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(300)
    >>> y = 0.6 * x + 0.8 * rng.standard_normal(300)
    >>> replicates = jittered_ksg_bootstrap(x, y, 20, np.random.default_rng(1))
    >>> bool(replicates.min() > mi.ksg_mutual_information(x, y))  # all far above the estimate
    True
    """
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    rows = rng.integers(0, xs.size, size=(resamples, xs.size))
    noise = scale * rng.standard_normal((2, resamples, xs.size))
    return np.array(
        [ksg_mutual_information(xs[r] + noise[0, b], ys[r] + noise[1, b], k=k) for b, r in enumerate(rows)]
    )


# --- §31: binned densities ----------------------------------------------------------------------


def binned_entropy(
    cdf: Callable[[NDArray[np.float64]], NDArray[np.float64]], width: float, span: float
) -> float:
    """Entropy of X_Δ, X rounded down to bins [iΔ, (i+1)Δ), from the CDF of X (no sampling).

    Parameters
    ----------
    cdf : callable
        The CDF F of X, vectorised; bin i has probability F((i+1)Δ) - F(iΔ).
    width : float
        The bin width Δ > 0.
    span : float
        Bins cover [-span, span] (rounded out to whole bins); the mass outside must be
        negligible.

    Returns
    -------
    float
        H(X_Δ) in nats.

    Examples
    --------
    >>> from scipy.special import ndtr
    >>> h = 0.5 * math.log(2 * math.pi * math.e)  # h(X) of N(0, 1)
    >>> round(binned_entropy(ndtr, 0.01, 12) - (h - math.log(0.01)), 7)  # gap Δ²/24
    4.2e-06
    """
    from scipy.special import entr

    m = math.ceil(span / width)
    p = np.diff(cdf(width * np.arange(-m, m + 1)))
    return float(entr(p).sum())


def binned_gaussian_pair_information(rho: float, width: float, span: float = 8.0, nodes: int = 12) -> float:
    """I(X_Δ; Y_Δ) of a standard Gaussian pair with both variables in bins of width Δ, exactly.

    Parameters
    ----------
    rho : float
        Correlation of the pair.
    width : float
        Bin width Δ, the same on both axes; bins [iΔ, (i+1)Δ) cover [-span, span].
    span : float
        Half-width of the binned range.
    nodes : int
        Gauss–Legendre nodes per x-bin.

    Returns
    -------
    float
        The MI of the table P[i, j] = ∫ over x-bin i of φ(x) P(Y in bin j | x) dx, computed by
        Gauss–Legendre quadrature in x with Y | x ~ N(ρx, 1 - ρ²) from the normal CDF.

    Examples
    --------
    >>> import mi_helpers as mi
    >>> fine = binned_gaussian_pair_information(0.6, 0.02)
    >>> bool(0 < mi.gaussian_mutual_information(0.6) - fine < 1e-3)  # below I, and close
    True
    """
    from scipy.special import ndtr

    from mi_helpers import mutual_information

    m = math.ceil(span / width)
    edges = width * np.arange(-m, m + 1)
    t, w = np.polynomial.legendre.leggauss(nodes)
    centres = (edges[:-1] + edges[1:]) / 2
    xs = centres[:, None] + 0.5 * width * t[None, :]  # (bins, nodes)
    weights = 0.5 * width * w[None, :] * np.exp(-(xs**2) / 2) / math.sqrt(2 * math.pi)
    s = math.sqrt(1 - rho * rho)
    cond = np.diff(ndtr((edges[None, None, :] - rho * xs[..., None]) / s), axis=-1)  # (bins, nodes, bins)
    table = np.einsum("in,inj->ij", weights, cond)
    return mutual_information(np.clip(table, 0, None), normalize=True)


# --- §32: feature selection from samples --------------------------------------------------------


def sensor_law(
    error: float = 0.2, relay: float = 0.05, second: float = 0.25, flag: float = 0.1
) -> NDArray[np.float64]:
    """The exact joint law of (Y, X1, X2, X3, X4) of §32: five bits, axes in that order.

    Parameters
    ----------
    error : float
        X1 = Y xor E with E ~ Bernoulli(error): a sensor that is wrong with this probability.
    relay : float
        X2 = X1 flipped with this probability: a relayed near-copy of X1.
    second : float
        X3 = Y flipped with this probability, independently: a second, weaker sensor.
    flag : float
        X4 = E flipped with this probability: a fault flag for X1, independent of Y on its own.

    Returns
    -------
    ndarray, shape (2, 2, 2, 2, 2)
        The pmf, Y a fair bit.

    Examples
    --------
    >>> import mi_helpers as mi
    >>> law = sensor_law()
    >>> round(mi.mutual_information(law, x=4, y=0), 12)  # the flag alone says nothing about Y
    0.0
    """
    e = np.array([1 - error, error])
    x1 = np.zeros((2, 2, 2))
    for yv in range(2):
        for ev in range(2):
            x1[yv, ev, yv ^ ev] = 1.0
    return np.einsum("y,e,yea,ab,yc,ed->yabcd", [0.5, 0.5], e, x1, _flip(relay), _flip(second), _flip(flag))


def _flip(eps: float) -> NDArray[np.float64]:
    return np.array([[1 - eps, eps], [eps, 1 - eps]])


def subset_entropies(counts: ArrayLike) -> NDArray[np.float64]:
    """Plug-in entropies of every subset of the variables of many count tables.

    Parameters
    ----------
    counts : array_like, shape (repeats, l_0, ..., l_{v-1})
        One count table of v variables per data set.

    Returns
    -------
    ndarray, shape (repeats, 2**v)
        Column ``mask`` is the entropy of the variables whose bits are set in ``mask`` (bit i:
        variable i); column 0 is 0.

    Examples
    --------
    >>> import mi_helpers as mi
    >>> table = np.array([[[3, 1], [0, 2]], [[1, 1], [4, 0]]])
    >>> H = subset_entropies(table[None])
    >>> bool(abs(H[0, 0b101] - mi.entropy(table.sum(axis=1), normalize=True)) < 1e-12)
    True
    """
    c = np.asarray(counts, dtype=float)
    v = c.ndim - 1
    out = np.zeros((c.shape[0], 1 << v))
    for mask in range(1, 1 << v):
        drop = tuple(1 + i for i in range(v) if not mask >> i & 1)
        marginal = c.sum(axis=drop) if drop else c
        out[:, mask] = _entropy_of_counts(marginal, tuple(range(1, marginal.ndim)))
    return out


def _information(H: NDArray, a: NDArray, b: NDArray, given: NDArray) -> NDArray[np.float64]:
    """I(A; B | C) from subset entropies, A, B, C given as bit masks (arrays over data sets)."""
    rows = np.arange(H.shape[0])
    return H[rows, a | given] + H[rows, b | given] - H[rows, a | b | given] - H[rows, given]


def greedy_selection(H: ArrayLike, method: str, steps: int, target: int = 0) -> NDArray[np.int64]:
    """Greedy feature selection on many data sets at once, from their subset entropies.

    Parameters
    ----------
    H : array_like, shape (repeats, 2**v)
        Subset entropies (:func:`subset_entropies`); variable ``target`` is the label Y, the
        others the candidate features.
    method : {"mi", "mrmr", "jmi", "cmi"}
        ``"mi"``: the ``steps`` largest I(X_j; Y). Greedy, each step maximising over the
        features not yet chosen: ``"mrmr"`` I(X_j; Y) - mean_s I(X_j; X_s); ``"jmi"``
        sum_s I(X_j, X_s; Y); ``"cmi"`` I(X_j; Y | X_S). At the first step all four maximise
        I(X_j; Y); ties go to the lower index.
    steps : int
        Number of features to pick.
    target : int
        Index of Y among the variables.

    Returns
    -------
    ndarray, shape (repeats, steps)
        The variable index picked at each step, for each data set.

    Examples
    --------
    >>> import mi_helpers as mi
    >>> H = subset_entropies(1e6 * sensor_law()[None])  # the exact law as counts
    >>> [greedy_selection(H, m, 3)[0].tolist() for m in ("mi", "mrmr", "jmi", "cmi")]
    [[1, 2, 3], [1, 3, 4], [1, 4, 2], [1, 4, 3]]
    """
    entropies = np.asarray(H, dtype=float)
    repeats, size = entropies.shape
    v = size.bit_length() - 1
    features = [j for j in range(v) if j != target]
    y = np.full(repeats, 1 << target)
    none = np.zeros(repeats, dtype=np.int64)
    relevance = np.stack(
        [_information(entropies, np.full(repeats, 1 << j), y, none) for j in features], axis=1
    )
    if method == "mi":
        order = np.argsort(-relevance, axis=1, kind="stable")[:, :steps]
        return np.asarray(features)[order]
    if method not in ("mrmr", "jmi", "cmi"):
        raise ValueError(f"method must be one of 'mi', 'mrmr', 'jmi', 'cmi'; got {method!r}")
    chosen = np.zeros((repeats, 0), dtype=np.int64)
    for step in range(steps):
        scores = np.empty((repeats, len(features)))
        for c, j in enumerate(features):
            bit = np.full(repeats, 1 << j)
            if step == 0:
                score = relevance[:, c]
            elif method == "cmi":
                mask = np.bitwise_or.reduce(1 << chosen, axis=1)
                score = _information(entropies, bit, y, mask)
            elif method == "mrmr":
                redundancy = [_information(entropies, bit, 1 << chosen[:, s], none) for s in range(step)]
                score = relevance[:, c] - np.mean(redundancy, axis=0)
            else:
                score = np.sum(
                    [_information(entropies, bit | (1 << chosen[:, s]), y, none) for s in range(step)], axis=0
                )
            taken = np.any(chosen == j, axis=1)
            scores[:, c] = np.where(taken, -np.inf, score)
        pick = np.asarray(features)[np.argmax(scores, axis=1)]
        chosen = np.concatenate([chosen, pick[:, None]], axis=1)
    return chosen


def selection_picks(
    law: ArrayLike, n: int, repeats: int, steps: int, rng: np.random.Generator
) -> dict[str, NDArray[np.int64]]:
    """The picks of each selection rule on data sets drawn from a law, one row per data set.

    Parameters
    ----------
    law : array_like, shape (l_0, ..., l_{v-1})
        Joint pmf of (Y, X_1, ..., X_{v-1}), Y first.
    n : int
        Samples per data set (drawn as multinomial counts of the law's cells).
    repeats : int
        Independent data sets.
    steps : int
        Features picked per rule.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    dict
        For each method of :func:`greedy_selection` (``"mi"``, ``"mrmr"``, ``"jmi"``,
        ``"cmi"``), an integer array (repeats, steps) of the variable picked at each step.

    Examples
    --------
    >>> picks = selection_picks(sensor_law(), 5000, 20, 2, np.random.default_rng(0))
    >>> picks["mrmr"][:3].tolist(), picks["cmi"][:3].tolist()
    ([[1, 3], [1, 3], [1, 3]], [[1, 4], [1, 4], [1, 4]])
    """
    p = np.asarray(law, dtype=float)
    counts = rng.multinomial(n, p.ravel(), size=repeats).reshape(repeats, *p.shape)
    H = subset_entropies(counts)
    return {method: greedy_selection(H, method, steps) for method in ("mi", "mrmr", "jmi", "cmi")}


def pick_shares(picks: ArrayLike, features: int) -> NDArray[np.float64]:
    """How often each feature is picked at each step: the shares behind a selection figure.

    Parameters
    ----------
    picks : array_like of int, shape (repeats, steps)
        Picks as :func:`selection_picks` returns them, features numbered 1..features.
    features : int
        Number of candidate features.

    Returns
    -------
    ndarray, shape (steps, features)
        Entry [s, j - 1] is the share of data sets whose pick at step s + 1 is X_j.

    Examples
    --------
    >>> pick_shares([[1, 3], [1, 2], [2, 1], [1, 3]], 3).tolist()
    [[0.75, 0.25, 0.0], [0.25, 0.25, 0.5]]
    """
    a = np.asarray(picks)
    return np.stack([np.mean(a == j, axis=0) for j in range(1, features + 1)], axis=1)
