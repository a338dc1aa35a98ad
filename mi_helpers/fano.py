"""Fano's inequality: how much residual uncertainty forces a classification error.

For any estimator of X from Y with error probability P_e over M classes,
H(X | Y) <= h(P_e) + P_e log(M - 1).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .discrete import binary_entropy
from .validation import as_array, as_base, as_positive_int, as_probability

__all__ = ["fano_bound", "fano_min_error"]


def fano_bound(p_error: ArrayLike, n_classes: int, base: float | None = None) -> float | NDArray[np.float64]:
    """Right-hand side of Fano's inequality, h(P_e) + P_e log(M - 1).

    Parameters
    ----------
    p_error : float or array_like
        Error probability P_e in [0, 1].
    n_classes : int
        Number of classes M >= 2.
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float or ndarray
        The largest conditional entropy H(X | Y) compatible with error ``p_error``.

    References
    ----------
    .. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed., Wiley, 2006,
           §2.10.

    Examples
    --------
    >>> round(fano_bound(0.3, 4), 12)  # h(0.3) + 0.3 log 3
    0.940447988655
    >>> fano_bound(0.75, 4) == math.log(4)  # at chance level nothing is known
    True
    """
    pe = as_probability(p_error, "p_error")
    m = as_positive_int(n_classes, "n_classes", minimum=2)
    bound = np.asarray(binary_entropy(pe)) + pe * math.log(m - 1)
    bound = bound / as_base(base)
    return float(bound) if bound.ndim == 0 else bound


def fano_min_error(
    conditional_entropy: ArrayLike, n_classes: int, base: float | None = None
) -> float | NDArray[np.float64]:
    """Smallest error probability Fano's inequality allows for a given H(X | Y).

    Parameters
    ----------
    conditional_entropy : float or array_like
        H(X | Y), in the units of ``base``; between 0 and log M.
    n_classes : int
        Number of classes M >= 2.
    base : float, optional
        Logarithm base of ``conditional_entropy``; None means nats.

    Returns
    -------
    float or ndarray
        The unique P_e in [0, (M - 1)/M] with h(P_e) + P_e log(M - 1) = H(X | Y): every
        estimator of X from Y errs at least this often.

    Notes
    -----
    The bound is increasing on [0, (M - 1)/M], from 0 to log M, so it is inverted by
    bisection (to machine precision, elementwise).

    Examples
    --------
    >>> round(fano_min_error(0.940447988655, 4), 9)
    0.3
    >>> fano_min_error(0.0, 10), fano_min_error(1.0, 2, base=2)
    (0.0, 0.5)
    """
    m = as_positive_int(n_classes, "n_classes", minimum=2)
    scale = as_base(base)
    h = as_array(conditional_entropy, "conditional_entropy") * scale
    log_m = math.log(m)
    slack = 64 * np.finfo(float).eps * log_m
    bad = ~((h >= -slack) & (h <= log_m + slack))
    if bad.any():
        value = float(h[np.unravel_index(int(np.argmax(bad)), h.shape)]) / scale
        raise ValueError(
            f"conditional_entropy must lie in [0, log M] = [0, {log_m / scale:.6g}]; got {value!r}"
        )
    target = np.clip(h, 0.0, log_m)
    lo = np.zeros_like(target)
    hi = np.full_like(target, (m - 1) / m)
    for _ in range(200):  # bisection halves the bracket each step; stops at machine precision
        mid = 0.5 * (lo + hi)
        if np.all((mid == lo) | (mid == hi)):
            break
        below = np.asarray(fano_bound(mid, m)) < target
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    # The bound is flat at its maximum, so invert the end points exactly.
    out = np.where(target <= 0, 0.0, np.where(target >= log_m, (m - 1) / m, hi))
    return float(out) if out.ndim == 0 else out
