"""Variational lower bounds on mutual information from critic scores.

A critic T(x, y) scores pairs; its scores on joint samples (x_i, y_i) and on shuffled,
product-of-marginals samples give lower bounds on I(X; Y) in nats. Every log-mean-exp is
computed with logsumexp, so large scores (low temperatures) never overflow.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import as_array, as_base

__all__ = ["dv_lower_bound", "infonce_lower_bound", "nwj_lower_bound"]


def _finite_scores(values: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = as_array(values, name)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf; critic scores must be finite")
    return arr.ravel()


def _log_mean_exp(values: NDArray[np.float64]) -> float:
    from scipy.special import logsumexp

    return float(logsumexp(values)) - math.log(values.size)


def infonce_lower_bound(scores: ArrayLike, base: float | None = None) -> float:
    """InfoNCE bound log K - mean_i CE_i from a K x K critic matrix.

    Parameters
    ----------
    scores : array_like, shape (K, K)
        ``scores[i, j] = f(x_i, y_j)``: row i scores anchor x_i against every candidate;
        the diagonal holds the positive pairs, the K - 1 off-diagonal entries of a row
        are its negatives.
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float
        log K - mean_i [logsumexp_j scores[i, j] - scores[i, i]]. Never above log K,
        whatever the critic: InfoNCE cannot certify more than log K nats.

    References
    ----------
    .. [1] A. van den Oord, Y. Li and O. Vinyals, "Representation learning with contrastive
           predictive coding", arXiv:1807.03748, 2018.
    .. [2] B. Poole, S. Ozair, A. van den Oord, A. Alemi and G. Tucker, "On variational bounds of
           mutual information", ICML 2019.

    Examples
    --------
    >>> round(infonce_lower_bound(np.zeros((4, 4))), 12)  # an uninformative critic
    0.0
    >>> round(infonce_lower_bound(100.0 * np.eye(4)), 12) == round(math.log(4), 12)
    True
    >>> infonce_lower_bound(1e4 * np.eye(3)) <= math.log(3)  # no overflow at low temperature
    True
    """
    from scipy.special import logsumexp

    S = as_array(scores, "scores")
    if S.ndim != 2 or S.shape[0] != S.shape[1] or S.shape[0] < 2:
        raise ValueError(f"scores must be a square K x K matrix with K >= 2; got shape {S.shape}")
    if not np.isfinite(S).all():
        raise ValueError("scores contains NaN or inf; critic scores must be finite")
    k = S.shape[0]
    # Each cross-entropy term is >= 0 exactly: logsumexp of a row is >= its maximum.
    cross_entropy = logsumexp(S, axis=1) - np.diagonal(S)
    return (math.log(k) - float(np.mean(cross_entropy))) / as_base(base)


def nwj_lower_bound(t_joint: ArrayLike, t_marginal: ArrayLike, base: float | None = None) -> float:
    """Nguyen–Wainwright–Jordan bound E_p[T] - e^-1 E_q[e^T].

    Parameters
    ----------
    t_joint : array_like
        Critic values T(x_i, y_i) on samples of the joint p(x, y).
    t_marginal : array_like
        Critic values on samples of the product of marginals q = p(x) p(y).
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float
        The bound (``-inf`` if E_q[e^T] overflows); tight for T = 1 + log p/q.

    References
    ----------
    .. [1] X. Nguyen, M. J. Wainwright and M. I. Jordan, "Estimating divergence functionals and the
           likelihood ratio by convex risk minimization", IEEE Trans. Inf. Theory 56(11), 5847–5861,
           2010.
    .. [2] B. Poole, S. Ozair, A. van den Oord, A. Alemi and G. Tucker, "On variational bounds of
           mutual information", ICML 2019.

    Examples
    --------
    >>> nwj_lower_bound([1.0, 1.0], [0.0, 0.0]) == 1.0 - math.exp(-1.0)
    True
    """
    tj = _finite_scores(t_joint, "t_joint")
    tm = _finite_scores(t_marginal, "t_marginal")
    log_term = _log_mean_exp(tm) - 1.0
    if log_term > 700.0:  # e^700 is near the float limit; the bound is hopelessly negative
        return -math.inf
    return (float(np.mean(tj)) - math.exp(log_term)) / as_base(base)


def dv_lower_bound(t_joint: ArrayLike, t_marginal: ArrayLike, base: float | None = None) -> float:
    """Donsker–Varadhan bound E_p[T] - log E_q[e^T] (the MINE objective).

    Parameters
    ----------
    t_joint : array_like
        Critic values on samples of the joint p(x, y).
    t_marginal : array_like
        Critic values on samples of the product of marginals.
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float
        The bound, with log E_q[e^T] computed as a stable log-mean-exp. Tight for
        T = log p/q + const; at least as tight as NWJ for the same critic.

    References
    ----------
    .. [1] M. D. Donsker and S. R. S. Varadhan, "Asymptotic evaluation of certain Markov process
           expectations for large time, IV", Comm. Pure Appl. Math. 36(2), 183–212, 1983.
    .. [2] M. I. Belghazi, A. Baratin, S. Rajeswar, S. Ozair, Y. Bengio, A. Courville and R. D.
           Hjelm, "Mutual information neural estimation", ICML 2018.

    Examples
    --------
    >>> dv_lower_bound([2.0, 2.0], [1e3, 1e3])  # no overflow
    -998.0
    """
    tj = _finite_scores(t_joint, "t_joint")
    tm = _finite_scores(t_marginal, "t_marginal")
    return (float(np.mean(tj)) - _log_mean_exp(tm)) / as_base(base)
