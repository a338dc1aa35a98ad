"""Discrete memoryless channels: mutual information for an input law, and capacity.

A channel is a row-stochastic matrix ``W[x, y] = p(y | x)``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .discrete import binary_entropy
from .validation import as_base, as_channel, as_pmf, as_positive_int, as_probability

__all__ = [
    "ConvergenceError",
    "bsc_mutual_information",
    "channel_capacity",
    "channel_mutual_information",
]


class ConvergenceError(RuntimeError):
    """An iterative method stopped at ``max_iter`` without meeting its tolerance."""


def _divergences(W: NDArray[np.float64], q: NDArray[np.float64]) -> NDArray[np.float64]:
    """D(W(. | x) || q) for every row x of W, in nats (inf where q is 0 < W)."""
    from scipy.special import rel_entr

    return rel_entr(W, q).sum(axis=1)


def channel_mutual_information(p_x: ArrayLike, W: ArrayLike, base: float | None = None) -> float:
    """Mutual information I(X; Y) of input law ``p_x`` sent through channel ``W``.

    Parameters
    ----------
    p_x : array_like, shape (n_inputs,)
        Input distribution.
    W : array_like, shape (n_inputs, n_outputs)
        Row-stochastic channel matrix, ``W[x, y] = p(y | x)``.
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float
        I(X; Y) = sum_x p(x) D(W(. | x) || p_x W).

    Examples
    --------
    >>> bsc = [[0.9, 0.1], [0.1, 0.9]]
    >>> round(channel_mutual_information([0.5, 0.5], bsc), 12)  # log 2 - h(0.1)
    0.368064207168
    >>> channel_mutual_information([1.0, 0.0], bsc)  # a constant input carries nothing
    0.0
    """
    W_arr = as_channel(W, "W")
    p = as_pmf(p_x, "p_x")
    if p.shape != (W_arr.shape[0],):
        raise ValueError(f"p_x has shape {p.shape} but W has {W_arr.shape[0]} input rows")
    # Inputs that are never sent do not count, even if their divergence is infinite.
    support = p > 0
    d = _divergences(W_arr[support], p @ W_arr)
    return max(float(p[support] @ d), 0.0) / as_base(base)


def channel_capacity(
    W: ArrayLike,
    tol: float = 1e-12,
    max_iter: int = 10_000,
    base: float | None = None,
) -> tuple[float, NDArray[np.float64]]:
    """Capacity C = max_p I(X; Y) of channel ``W`` by the Blahut–Arimoto algorithm.

    Parameters
    ----------
    W : array_like, shape (n_inputs, n_outputs)
        Row-stochastic channel matrix, ``W[x, y] = p(y | x)``.
    tol : float
        Stop once the certified gap is at most ``tol`` nats (see Notes).
    max_iter : int
        Raise :class:`ConvergenceError` if the gap is still larger after this many updates.
    base : float, optional
        Logarithm base of the returned capacity; None gives nats.

    Returns
    -------
    capacity : float
        I(p; W) for the returned input law; the true capacity is within ``tol`` above it.
    p_x : ndarray
        A capacity-achieving input distribution (to within the tolerance).

    Notes
    -----
    For any input law p with output law q = p W, write D_x = D(W(. | x) || q). Then
    I(p) = sum_x p(x) D_x <= C <= max_x D_x, so the iteration stops on the certified gap
    max_x D_x - I(p) <= tol, never on a small change between iterations (which can stall
    far from the optimum). The Blahut–Arimoto update is p(x) <- p(x) exp(D_x) / Z; it
    increases I(p) at every step but crawls on nearly useless channels, where every D_x is
    tiny. So each step tries p(x) exp(s D_x) / Z with a step s that doubles while I(p) keeps
    increasing and falls back to the plain update (s = 1) when it does not: the iterates
    stay monotone and the certificate is unchanged, since it holds for any input law.
    After each such step mass moves from one input to another along the exchange that
    promises the largest gain (a second-order choice: the gap D_i - D_j against the curvature
    of I along e_i - e_j, among the inputs with the largest D_x), which handles channels with
    nearly identical rows, where I(p) is almost flat.

    References
    ----------
    .. [1] R. E. Blahut, "Computation of channel capacity and rate-distortion functions", IEEE
           Trans. Inf. Theory 18(4), 460–473, 1972.
    .. [2] S. Arimoto, "An algorithm for computing the capacity of arbitrary discrete memoryless
           channels", IEEE Trans. Inf. Theory 18(1), 14–20, 1972.
    .. [3] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley, 2006,
           §10.8.

    Examples
    --------
    The Z-channel (a 1 is read as 0 half of the time) is best used with fewer ones:

    >>> C, p = channel_capacity([[1.0, 0.0], [0.5, 0.5]], base=2)
    >>> round(C, 10), p.round(8)  # log2(1.25) bits at P(X=1) = 0.4
    (0.3219280949, array([0.6, 0.4]))
    """
    W_arr = as_channel(W, "W")
    if not (isinstance(tol, int | float) and tol > 0):
        raise ValueError(f"tol must be a positive number; got {tol!r}")
    max_iter = as_positive_int(max_iter, "max_iter")
    p = np.full(W_arr.shape[0], 1.0 / W_arr.shape[0])
    step = 1.0
    # Unused inputs may see outputs of probability 0 (D_x = inf); that is handled, not warned.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        info, d = _information(W_arr, p)
        for _ in range(max_iter):
            if float(d.max()) - info <= tol:
                break
            p, info, d, step = _multiplicative_step(W_arr, p, info, d, step)
            p = _pair_step(W_arr, p, d)
            info, d = _information(W_arr, p)
    gap = float(d.max()) - info
    if gap <= tol:
        return max(info, 0.0) / as_base(base), p
    raise ConvergenceError(
        f"Blahut–Arimoto did not certify capacity within tol={tol:g} nats after "
        f"{max_iter} iterations (gap {gap:.3g} nats); raise max_iter or tol"
    )


# Step sizes grow geometrically up to this bound while they keep increasing I(p).
_MAX_STEP = 1e12
_EPS = float(np.finfo(float).eps)


def _information(W: NDArray[np.float64], p: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
    """I(p) and every D_x = D(W(. | x) || p W); unused inputs may have D_x = inf."""
    d = _divergences(W, p @ W)
    support = p > 0
    return float(p[support] @ d[support]), d


def _multiplicative_step(
    W: NDArray[np.float64], p: NDArray[np.float64], info: float, d: NDArray[np.float64], step: float
) -> tuple[NDArray[np.float64], float, NDArray[np.float64], float]:
    """p(x) exp(step * D_x) / Z, backing off to the Blahut–Arimoto step (step 1) if I drops.

    Returns the new law, its I and D, and the step to try next (doubled after a success).
    """
    upper = float(d.max())
    if not math.isfinite(upper):  # an unused input reaches an unused output: the pair step fixes it
        return p, info, d, step
    while True:
        q = p * np.exp(step * (d - upper))
        q /= q.sum()
        info_q, d_q = _information(W, q)
        if info_q >= info or step == 1.0:
            return q, info_q, d_q, min(2.0 * step, _MAX_STEP)
        step = max(1.0, step / 4.0)


def _pair_step(W: NDArray[np.float64], p: NDArray[np.float64], d: NDArray[np.float64]) -> NDArray[np.float64]:
    """Move mass from a used input j to an input i with D_i > D_j, optimally.

    I(p + t (e_i - e_j)) is concave in t with derivative D_i - D_j, so the best t in
    [0, p_j] is found by a safeguarded Newton search on the derivative. This resolves the
    flat directions (near-identical rows) on which multiplicative updates crawl, and it can
    give mass back to an input that has none.
    """
    from scipy.special import xlogy

    pair = _best_pair(W, p, d)
    if pair is None:
        return p
    i, j = pair
    diff = W[i] - W[j]
    moving = diff != 0
    diff = diff[moving]
    q = (p @ W)[moving]
    const = float(xlogy(W[i], W[i]).sum() - xlogy(W[j], W[j]).sum())

    def slope(t: float) -> tuple[float, float]:
        """First and second derivative of I at t > 0 (where q_t > 0 wherever diff > 0)."""
        q_t = np.maximum(q + t * diff, 0.0)
        if np.any((q_t == 0) & (diff < 0)):  # an output about to vanish: the slope is -inf
            return -math.inf, -math.inf
        return const - float(diff @ np.log(q_t)), -float((diff * diff / q_t).sum())

    lo, hi = 0.0, float(p[j])
    t = hi
    if not slope(hi)[0] >= 0:
        t = 0.5 * hi
        for _ in range(200):
            g, curvature = slope(t)
            if g > 0:
                lo = t
            else:
                hi = t
            newton = t - g / curvature if math.isfinite(g) and math.isfinite(curvature) else math.nan
            t_next = newton if lo < newton < hi else 0.5 * (lo + hi)
            if t_next == t or hi - lo <= 4 * _EPS * hi:
                break
            t = t_next
    moved = p.copy()
    moved[i] += t
    moved[j] = max(moved[j] - t, 0.0)
    return moved / moved.sum()


def _best_pair(
    W: NDArray[np.float64], p: NDArray[np.float64], d: NDArray[np.float64]
) -> tuple[int, int] | None:
    """The exchange (i <- j) that promises the largest gain in I, or None at the optimum.

    Second-order selection, as in SMO solvers for SVMs: with a_ij = sum_y (W_iy - W_jy)^2 / q_y
    the curvature along e_i - e_j, a Newton step t = min(p_j, (D_i - D_j) / a_ij) gains about
    (D_i - D_j) t - a_ij t^2 / 2. Between nearly identical rows a_ij is tiny and all of p_j
    can move at once, which a choice by D alone would miss. The receiving input i is taken
    among the _RECEIVERS largest D_x.
    """
    givers = np.flatnonzero(p > 0)
    receivers = np.argsort(d)[::-1][:_RECEIVERS]
    if not math.isfinite(d[receivers[0]]):  # an unused input reaching an unused output
        return int(receivers[0]), int(givers[np.argmin(d[givers])])
    q = p @ W
    used = q > 0  # where q_y = 0, no used input and no finite-D input puts mass
    gap = d[receivers][:, None] - d[givers][None, :]
    rows = W[:, used]
    curvature = (np.square(rows[receivers][:, None, :] - rows[givers][None, :, :]) / q[used]).sum(axis=2)
    t = np.minimum(p[givers][None, :], gap / np.maximum(curvature, _EPS * _EPS))
    gain = np.where(gap > 0, gap * t - 0.5 * curvature * t * t, -np.inf)
    best = np.unravel_index(int(np.argmax(gain)), gain.shape)
    if not gain[best] > 0:
        return None
    return int(receivers[best[0]]), int(givers[best[1]])


# Inputs considered as receivers of mass in a pair step (all of them for small channels).
_RECEIVERS = 32


def bsc_mutual_information(
    eps: ArrayLike, p1: ArrayLike = 0.5, base: float | None = None
) -> float | NDArray[np.float64]:
    """I(X; Y) of a binary symmetric channel with flip probability ``eps``.

    Parameters
    ----------
    eps : float or array_like
        Flip probability in [0, 1].
    p1 : float or array_like
        Input probability P(X = 1) in [0, 1]; 0.5 (the capacity-achieving input) by default.
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float or ndarray
        h(p1 (1 - eps) + (1 - p1) eps) - h(eps); a float when both inputs are scalars.
        With ``p1 = 0.5`` this is log 2 - h(eps) nats, i.e. 1 - h2(eps) bits.

    Examples
    --------
    >>> round(bsc_mutual_information(0.1), 12)
    0.368064207168
    >>> bsc_mutual_information(0.0, base=2), bsc_mutual_information(0.5)
    (1.0, 0.0)
    """
    e = as_probability(eps, "eps")
    q = as_probability(p1, "p1")
    out_prob = q * (1.0 - e) + (1.0 - q) * e
    mi = np.maximum(np.asarray(binary_entropy(out_prob)) - np.asarray(binary_entropy(e)), 0.0)
    mi = mi / as_base(base)
    return float(mi) if mi.ndim == 0 else mi
