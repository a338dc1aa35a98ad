"""Bayesian active learning by disagreement (BALD)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .validation import as_array, as_base, as_probability, check_entries, sum_tolerance

__all__ = ["bald_score"]


def bald_score(probs: ArrayLike, base: float | None = None) -> float:
    """BALD score I(Y; Θ | x) = H[E_θ p(y | x, θ)] - E_θ H[p(y | x, θ)].

    Parameters
    ----------
    probs : array_like
        Predictive distributions for one candidate x under equally weighted posterior
        samples θ_s: shape (samples, classes), each row a pmf; or shape (samples,) with
        P(Y = 1 | x, θ_s) of a binary label.
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float
        The expected information gain about θ from observing the label of x, between 0
        (all samples agree) and log(classes).

    References
    ----------
    .. [1] N. Houlsby, F. Huszár, Z. Ghahramani and M. Lengyel, "Bayesian active learning for
           classification and preference learning", arXiv:1112.5745, 2011.

    Examples
    --------
    >>> bald_score([0.5, 0.5])  # both models predict a coin flip: nothing to learn
    0.0
    >>> round(bald_score([0.95, 0.05]), 12)
    0.494631937214
    >>> bald_score([[1.0, 0.0], [0.0, 1.0]], base=2)  # two confident, opposite models
    1.0
    """
    from scipy.special import xlogy

    arr = as_array(probs, "probs")
    if arr.ndim == 1:
        p1 = as_probability(arr, "probs")
        arr = np.stack([1.0 - p1, p1], axis=1)
    elif arr.ndim == 2:
        check_entries(arr, "probs")
        rows = arr.sum(axis=1)
        bad = np.abs(rows - 1.0) > sum_tolerance(arr.shape[1])
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(f"probs row {i} sums to {float(rows[i])!r}, not 1 (each row is p(y | x, θ_s))")
    else:
        raise ValueError(f"probs must have shape (samples, classes) or (samples,); got {arr.shape}")
    mean = arr.mean(axis=0)
    predictive_entropy = -float(xlogy(mean, mean).sum())
    expected_entropy = -float(xlogy(arr, arr).sum(axis=1).mean())
    return max(predictive_entropy - expected_entropy, 0.0) / as_base(base)
