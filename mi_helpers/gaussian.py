"""Closed-form mutual information of jointly Gaussian variables."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import as_array, as_base, as_correlation

__all__ = ["gaussian_mutual_information", "gaussian_mutual_information_cov"]


def gaussian_mutual_information(rho: ArrayLike, base: float | None = None) -> float | NDArray[np.float64]:
    """I(X; Y) = -1/2 log(1 - rho^2) for a bivariate Gaussian with correlation ``rho``.

    Parameters
    ----------
    rho : float or array_like
        Correlation coefficient(s) in the open interval (-1, 1).
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float or ndarray
        A float for scalar ``rho``; it depends on ``rho`` only through ``rho^2``.

    Examples
    --------
    >>> round(gaussian_mutual_information(0.6), 12)
    0.223143551314
    >>> gaussian_mutual_information([0.0, -0.8]).round(6)
    array([0.      , 0.510826])
    """
    r = as_correlation(rho, "rho")
    mi = -0.5 * np.log1p(-(r * r)) / as_base(base)
    mi = mi + 0.0  # -0.0 at rho = 0 becomes 0.0
    return float(mi) if mi.ndim == 0 else mi


def gaussian_mutual_information_cov(
    cov: ArrayLike, x_dims: int | Sequence[int], base: float | None = None
) -> float:
    """I(X; Y) of a multivariate Gaussian from its covariance matrix, by log-determinants.

    Parameters
    ----------
    cov : array_like, shape (d, d)
        Symmetric positive-definite covariance of the vector (X, Y).
    x_dims : int or sequence of int
        An int k means X is the first k coordinates; a sequence lists X's coordinates.
        Y is every other coordinate.
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float
        1/2 (log|S_X| + log|S_Y| - log|S|), which equals -1/2 sum log(1 - r_i^2) over the
        canonical correlations r_i.

    Examples
    --------
    >>> round(gaussian_mutual_information_cov([[1.0, 0.6], [0.6, 1.0]], 1), 12)
    0.223143551314
    >>> S = np.eye(4)
    >>> S[0, 2] = S[2, 0] = 0.6
    >>> S[1, 3] = S[3, 1] = 0.8   # two independent pairs: the informations add up
    >>> round(gaussian_mutual_information_cov(S, [0, 1]), 9)
    0.733969175
    """
    S = as_array(cov, "cov")
    if S.ndim != 2 or S.shape[0] != S.shape[1]:
        raise ValueError(f"cov must be a square matrix; got shape {S.shape}")
    d = S.shape[0]
    if not np.isfinite(S).all():
        raise ValueError("cov contains NaN or inf")
    if not np.allclose(S, S.T, rtol=1e-10, atol=1e-12 * float(np.abs(S).max())):
        raise ValueError("cov is not symmetric")
    if isinstance(x_dims, int | np.integer) and not isinstance(x_dims, bool):
        if not 1 <= x_dims < d:
            raise ValueError(f"x_dims={x_dims} must be between 1 and {d - 1} for a {d}x{d} covariance")
        xs = list(range(int(x_dims)))
    else:
        xs = [int(i) for i in x_dims]
        if not xs or len(set(xs)) != len(xs) or len(xs) >= d or min(xs) < 0 or max(xs) >= d:
            raise ValueError(
                f"x_dims must list distinct coordinates in 0..{d - 1}, "
                f"leaving at least one for Y; got {x_dims!r}"
            )
    ys = [i for i in range(d) if i not in xs]
    logdets = []
    for block in (S, S[np.ix_(xs, xs)], S[np.ix_(ys, ys)]):
        try:
            chol = np.linalg.cholesky(block)
        except np.linalg.LinAlgError as exc:
            raise ValueError("cov is not positive definite") from exc
        logdets.append(2.0 * float(np.log(np.diag(chol)).sum()))
    mi = 0.5 * (logdets[1] + logdets[2] - logdets[0])
    return max(mi, 0.0) / as_base(base)
