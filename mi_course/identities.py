"""Experiments of notebook 2 (identities and theorems): random joint tables (§6, §23)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "random_joint_tables",
]


def random_joint_tables(
    count: int,
    shape: tuple[int, int],
    rng: np.random.Generator,
    concentrations: Sequence[float] = (0.05, 0.3, 1.0, 5.0),
) -> NDArray[np.float64]:
    """Random joint pmfs from Dirichlet laws, from nearly deterministic to nearly uniform.

    Parameters
    ----------
    count : int
        Number of tables; they cycle through ``concentrations``.
    shape : (int, int)
        Shape of each table (use a non-square shape to catch swapped marginals).
    rng : numpy.random.Generator
        Source of randomness.
    concentrations : sequence of float
        Dirichlet concentrations: small values give sparse tables whose MI is close to
        min(H(X), H(Y)), large ones near-independent tables.

    Returns
    -------
    ndarray, shape (count, *shape)
        Each table is non-negative and sums to 1.

    Examples
    --------
    >>> tables = random_joint_tables(8, (3, 4), np.random.default_rng(0))
    >>> tables.shape, bool(np.allclose(tables.sum(axis=(1, 2)), 1.0))
    ((8, 3, 4), True)
    """
    size = shape[0] * shape[1]
    alphas = np.resize(np.asarray(concentrations, dtype=float), count)
    # Dirichlet(alpha) as normalised Gamma(alpha) draws, one row per table.
    gammas = rng.standard_gamma(alphas[:, None] * np.ones(size))
    gammas = np.maximum(gammas, np.finfo(float).tiny)  # tiny concentrations can underflow to 0
    return (gammas / gammas.sum(axis=1, keepdims=True)).reshape(count, *shape)
