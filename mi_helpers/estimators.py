"""Estimators of I(X; Y) from samples of continuous variables.

Both return nats unless ``base`` is given. Neither is unbiased: the plug-in histogram
estimate depends strongly on the bins and on n, and KSG is accurate for smooth densities
at moderate dimension. The course's notebooks always show them next to a true value.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .discrete import mutual_information
from .validation import as_base, as_positive_int, as_samples, check_same_length

__all__ = ["histogram_mutual_information", "ksg_mutual_information"]

_CORRECTIONS = (None, "miller-madow")


def histogram_mutual_information(
    x: ArrayLike,
    y: ArrayLike,
    bins: int | tuple[int, int] | ArrayLike = 20,
    correction: str | None = None,
    base: float | None = None,
) -> float:
    """Plug-in estimate of I(X; Y) from a 2-D histogram of paired samples.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Paired scalar samples.
    bins : int, (int, int) or bin edges
        Passed to :func:`numpy.histogram2d`.
    correction : {None, "miller-madow"}
        ``"miller-madow"`` adds (m - 1) / (2n) to each plug-in entropy, m being its number
        of non-empty cells; the MI estimate changes by (m_x + m_y - m_xy - 1) / (2n).
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float
        The estimate; the plug-in value is biased upwards when cells are many for n.

    References
    ----------
    .. [1] G. A. Miller, "Note on the bias of information estimates", in *Information Theory in
           Psychology*, Free Press, 1955, 95–100.
    .. [2] L. Paninski, "Estimation of entropy and mutual information", Neural Computation 15(6),
           1191–1253, 2003.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(20_000)
    >>> y = 0.6 * x + 0.8 * rng.standard_normal(20_000)
    >>> plug_in = histogram_mutual_information(x, y, bins=30)
    >>> corrected = histogram_mutual_information(x, y, bins=30, correction="miller-madow")
    >>> corrected < plug_in  # true value 0.2231 nats
    True
    """
    xs = as_samples(x, "x")
    ys = as_samples(y, "y")
    if xs.shape[1] != 1 or ys.shape[1] != 1:
        raise ValueError("histogram_mutual_information takes 1-D samples x and y")
    n = check_same_length(x=xs, y=ys)
    if correction not in _CORRECTIONS:
        raise ValueError(f"correction must be one of {_CORRECTIONS}; got {correction!r}")
    counts, _, _ = np.histogram2d(xs[:, 0], ys[:, 0], bins=bins)
    mi = mutual_information(counts, normalize=True)
    if correction == "miller-madow":
        m_xy = int(np.count_nonzero(counts))
        m_x = int(np.count_nonzero(counts.sum(axis=1)))
        m_y = int(np.count_nonzero(counts.sum(axis=0)))
        mi += (m_x + m_y - m_xy - 1) / (2.0 * n)
    return mi / as_base(base)


def ksg_mutual_information(
    x: ArrayLike,
    y: ArrayLike,
    k: int = 3,
    base: float | None = None,
    standardize: bool = True,
) -> float:
    """Kraskov–Stögbauer–Grassberger estimate of I(X; Y) (their estimator 1).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d_x)
        Samples of X.
    y : array_like, shape (n,) or (n, d_y)
        Samples of Y, paired with ``x``.
    k : int
        Number of neighbours in the joint space (3 is the usual choice).
    base : float, optional
        Logarithm base; None gives nats.
    standardize : bool
        If True (the default) every coordinate is divided by its standard deviation before
        distances are taken (the true MI is unchanged by this rescaling; the max-norm
        neighbourhoods are not). No noise is added, so the result is deterministic.

    Returns
    -------
    float
        psi(k) + psi(n) - mean(psi(n_x + 1) + psi(n_y + 1)), where eps_i is the max-norm
        distance from point i to its k-th neighbour in the joint space and n_x (n_y) counts
        the other points strictly within eps_i in the X (Y) space. It can be slightly
        negative for independent data.

    Raises
    ------
    ValueError
        Mismatched lengths, non-finite samples, ``k >= n``, a constant coordinate, or
        repeated points (a zero neighbour distance: KSG needs continuous data).

    Notes
    -----
    Joint-space neighbours come from a KD-tree (:class:`scipy.spatial.cKDTree`); marginal
    counts from a KD-tree too, or, for a scalar variable, from binary search in its sorted
    values: O(n log n), with no n x n distance matrix. From 16 joint dimensions on, where a
    KD-tree prunes almost nothing, the max-norm distances are computed block by block instead
    (:func:`scipy.spatial.distance.cdist`, at most about 4 million distances per block); both
    ways give the same counts, hence the same estimate.

    References
    ----------
    A. Kraskov, H. Stögbauer, P. Grassberger, "Estimating mutual information",
    Phys. Rev. E 69, 066138 (2004).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(5000)
    >>> y = 0.6 * x + 0.8 * rng.standard_normal(5000)
    >>> abs(ksg_mutual_information(x, y) - 0.2231) < 0.05  # true value -1/2 log(1 - 0.36)
    True
    """
    from scipy.special import digamma

    xs = as_samples(x, "x")
    ys = as_samples(y, "y")
    n = check_same_length(x=xs, y=ys)
    k = as_positive_int(k, "k")
    if k >= n:
        raise ValueError(f"k={k} needs more than k samples; got n={n}")
    if standardize:
        xs, ys = _standardized(xs, "x"), _standardized(ys, "y")
    by_blocks = xs.shape[1] + ys.shape[1] >= _BLOCKS_FROM_DIM
    _eps, n_x, n_y = (_ksg_counts_by_blocks if by_blocks else _ksg_counts_by_tree)(xs, ys, k)
    mi = digamma(k) + digamma(n) - float(np.mean(digamma(n_x + 1) + digamma(n_y + 1)))
    return float(mi) / as_base(base)


#: Joint dimension from which KSG computes distances block by block instead of with a KD-tree.
_BLOCKS_FROM_DIM = 16
_BLOCK_DISTANCES = 1 << 22


def _check_distinct(eps: np.ndarray, k: int) -> None:
    if not (eps > 0).all():
        raise ValueError(
            f"{int((eps == 0).sum())} points have their {k}-th neighbour at distance 0 "
            "(repeated samples); KSG needs continuous data"
        )


Counts = tuple[np.ndarray, np.ndarray, np.ndarray]


def _ksg_counts_by_tree(xs: np.ndarray, ys: np.ndarray, k: int) -> Counts:
    """KSG's eps_i (max-norm distance to the k-th joint neighbour), n_x and n_y, with KD-trees."""
    from scipy.spatial import cKDTree

    joint = np.hstack([xs, ys])
    distances, _ = cKDTree(joint).query(joint, k=k + 1, p=np.inf)
    eps = distances[:, -1]
    _check_distinct(eps, k)
    return eps, _count_strictly_within(xs, eps), _count_strictly_within(ys, eps)


def _ksg_counts_by_blocks(xs: np.ndarray, ys: np.ndarray, k: int) -> Counts:
    """:func:`_ksg_counts_by_tree` from exact max-norm distances, a block of rows at a time.

    The joint max-norm distance is the larger of the two marginal ones, so each block needs
    two distance matrices; the loop runs over blocks of rows, each step vectorised.
    """
    from scipy.spatial.distance import cdist

    n = xs.shape[0]
    eps = np.empty(n)
    n_x = np.empty(n, dtype=np.int64)
    n_y = np.empty(n, dtype=np.int64)
    step = max(1, _BLOCK_DISTANCES // n)
    for start in range(0, n, step):
        stop = min(n, start + step)
        dx = cdist(xs[start:stop], xs, "chebyshev")
        dy = cdist(ys[start:stop], ys, "chebyshev")
        joint = np.maximum(dx, dy)
        joint[np.arange(stop - start), np.arange(start, stop)] = np.inf  # not its own neighbour
        radius = np.partition(joint, k - 1, axis=1)[:, k - 1]
        eps[start:stop] = radius
        # each point is at distance 0 < radius from itself: not counted
        n_x[start:stop] = np.count_nonzero(dx < radius[:, None], axis=1) - 1
        n_y[start:stop] = np.count_nonzero(dy < radius[:, None], axis=1) - 1
    _check_distinct(eps, k)
    return eps, n_x, n_y


def _count_strictly_within(points: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """For each point i, how many other points lie at max-norm distance < radius[i]."""
    from scipy.spatial import cKDTree

    if points.shape[1] == 1:
        return _count_strictly_within_1d(points[:, 0], radius)
    # query_ball_point counts distance <= r; one ulp less than eps makes it "< eps" exactly
    inside = cKDTree(points).query_ball_point(points, np.nextafter(radius, 0), p=np.inf, return_length=True)
    return inside - 1


def _count_strictly_within_1d(values: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """:func:`_count_strictly_within` for scalars, by binary search in the sorted values.

    Points with |v_j - v_i| < r_i form a run of the sorted values. ``searchsorted`` on
    v_i ± r_i finds its ends up to rounding, and a few vectorised passes then move each end
    until it agrees with the test |v_j - v_i| < r_i evaluated exactly as a KD-tree does it.
    """
    order = np.sort(values)
    n = order.size
    hi = np.searchsorted(order, values + radius, side="left")  # first j with v_j - v_i >= r_i
    lo = np.searchsorted(order, values - radius, side="right")  # first j with v_i - v_j < r_i
    for _ in range(64):
        grow_hi = (hi < n) & (order[np.minimum(hi, n - 1)] - values < radius)
        shrink_hi = (hi > 0) & (order[np.maximum(hi - 1, 0)] - values >= radius)
        grow_lo = (lo > 0) & (values - order[np.maximum(lo - 1, 0)] < radius)
        shrink_lo = (lo < n) & (values - order[np.minimum(lo, n - 1)] >= radius)
        if not (grow_hi.any() or shrink_hi.any() or grow_lo.any() or shrink_lo.any()):
            return hi - lo - 1  # the run includes the point itself
        hi = hi + grow_hi - shrink_hi
        lo = lo - grow_lo + shrink_lo
    raise RuntimeError("neighbour counting did not settle")  # pragma: no cover (ties beyond 64)


def _standardized(samples: np.ndarray, name: str) -> np.ndarray:
    scale = samples.std(axis=0)
    if not (scale > 0).all():
        raise ValueError(
            f"{name} has a constant coordinate (column {int(np.argmin(scale))}); MI is undefined"
        )
    return samples / scale
