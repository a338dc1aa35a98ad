"""Test oracles and random-table strategies shared by the mi_helpers tests."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

LOG2 = math.log(2.0)


def h2(p: float) -> float:
    """Binary entropy in nats, written out independently of mi_helpers (a test oracle)."""
    return -sum(q * math.log(q) for q in (p, 1.0 - p) if q > 0)


def random_table(seed: int, shape: tuple[int, ...], concentration: float, zeros: float) -> np.ndarray:
    """A random joint pmf: Dirichlet(concentration) cells, a fraction ``zeros`` of them zeroed.

    Small concentrations give nearly deterministic tables (most mass on a few cells).
    """
    rng = np.random.default_rng(seed)
    P = rng.dirichlet(np.full(math.prod(shape), concentration)).reshape(shape)
    if zeros > 0:
        P[rng.random(shape) < zeros] = 0.0
    if P.sum() == 0:
        P.flat[rng.integers(P.size)] = 1.0
    return P / P.sum()


@st.composite
def tables(draw, ndim: int = 2, max_side: int = 6) -> np.ndarray:
    """Joint pmfs of ``ndim`` axes: smooth, near-deterministic, sparse, or a permutation."""
    shape = tuple(draw(st.integers(2, max_side)) for _ in range(ndim))
    seed = draw(st.integers(0, 2**32 - 1))
    kind = draw(st.sampled_from(["dirichlet", "near-deterministic", "sparse", "permutation"]))
    if kind == "permutation" and ndim == 2:
        n = shape[0]
        perm = np.random.default_rng(seed).permutation(n)
        weights = np.random.default_rng(seed + 1).dirichlet(np.ones(n))
        P = np.zeros((n, n))
        P[np.arange(n), perm] = weights
        return P
    concentration = {"dirichlet": 1.0, "near-deterministic": 0.03, "sparse": 0.5, "permutation": 1.0}[kind]
    zeros = 0.4 if kind == "sparse" else 0.0
    return random_table(seed, shape, concentration, zeros)
