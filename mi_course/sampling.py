"""Samples and result containers shared by the experiments of several notebooks."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BoundCurve",
    "Critic",
    "EstimatorSweep",
    "sample_gaussian_pair",
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
