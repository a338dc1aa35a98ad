"""Discrete memoryless channels: mutual information for an input law, and capacity.

A channel is a row-stochastic matrix ``W[x, y] = p(y | x)``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import rel_entr

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


def _divergences(W: NDArray[np.float64], p_x: NDArray[np.float64]) -> NDArray[np.float64]:
    """D(W(. | x) || p_x W) for every input x, in nats (inf where the output law is 0 < W)."""
    return rel_entr(W, p_x @ W).sum(axis=1)


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
    d = rel_entr(W_arr[support], p @ W_arr).sum(axis=1)
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
    far from the optimum). The update is p(x) <- p(x) exp(D_x) / Z.

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
    gap = math.inf
    for _ in range(max_iter + 1):
        d = _divergences(W_arr, p)
        lower = float(p @ d)
        upper = float(d.max())
        gap = upper - lower
        if gap <= tol:
            return max(lower, 0.0) / as_base(base), p
        p = p * np.exp(d - upper)
        p /= p.sum()
    raise ConvergenceError(
        f"Blahut–Arimoto did not certify capacity within tol={tol:g} nats after "
        f"{max_iter} iterations (gap {gap:.3g} nats); raise max_iter or tol"
    )


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
