"""Samples and result containers shared by the experiments of several notebooks."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = [
    "BoundCurve",
    "Critic",
    "EstimatorSweep",
    "sample_gaussian_pair",
    "simultaneous_z",
]


Critic = Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]


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


@dataclass(frozen=True)
class BoundCurve:
    """A sampled bound (or estimate) at each value of a swept parameter, with standard errors.

    ``value[i]`` is the estimate at ``param[i]`` and ``stderr[i]`` its standard error,
    computed from the spread of the independent batches (or samples) behind it.
    """

    param: NDArray[np.float64]
    value: NDArray[np.float64]
    stderr: NDArray[np.float64]


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
