"""The instructor's reference implementations: the grader computes every expected value with them.

They run in the grader's process only, never in a student's kernel. Each mirrors the function a
student writes (same name, same arguments); :data:`REFERENCES` maps a check's function to it.
Every one is a direct transcription of the statement's formula, with 0 log 0 = 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np


def _plogq(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """p log q with 0 where p = 0 (q may then be anything)."""
    out = np.zeros(np.broadcast(p, q).shape)
    p, q = np.broadcast_arrays(p, q)
    cells = p > 0
    out[cells] = p[cells] * np.log(q[cells])
    return out


def entropy_nats(p: Any) -> float:
    p = np.asarray(p, dtype=float).ravel()
    return float(-np.sum(_plogq(p, p)))


def mutual_information_from_table(P: Any) -> float:
    P = np.asarray(P, dtype=float)
    return entropy_nats(P.sum(axis=1)) + entropy_nats(P.sum(axis=0)) - entropy_nats(P)


def sample_correlation(x: Any, y: Any) -> float:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    dx, dy = x - x.mean(), y - y.mean()
    return float(np.sum(dx * dy) / math.sqrt(float(np.sum(dx * dx)) * float(np.sum(dy * dy))))


def histogram_mi(x: Any, y: Any, bins: Any = 30) -> float:
    counts, _, _ = np.histogram2d(x, y, bins=bins)
    return mutual_information_from_table(counts / counts.sum())


def kl_divergence_nats(p: Any, q: Any) -> float:
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if np.any(q[p > 0] == 0):
        return math.inf
    return float(np.sum(_plogq(p, p)) - np.sum(_plogq(p, q)))


def mi_as_kl(P: Any) -> float:
    return mutual_information_from_table(P)


def noisy_xor_table(p_x: float, p_z: float, eps: float) -> np.ndarray:
    P = np.zeros((2, 2, 2))
    for x in (0, 1):
        for z in (0, 1):
            for n in (0, 1):
                P[x, z, x ^ z ^ n] += (
                    (p_x if x else 1 - p_x) * (p_z if z else 1 - p_z) * (eps if n else 1 - eps)
                )
    return P


def conditional_mi_from_table(P: Any) -> float:
    P = np.asarray(P, dtype=float)
    return (
        entropy_nats(P.sum(axis=1))
        + entropy_nats(P.sum(axis=0))
        - entropy_nats(P)
        - entropy_nats(P.sum(axis=(0, 1)))
    )


def chain_rule_terms(P: Any) -> tuple[float, float, float]:
    P = np.asarray(P, dtype=float)
    n_x, n_z, n_y = P.shape
    return (
        mutual_information_from_table(P.reshape(n_x * n_z, n_y)),
        mutual_information_from_table(P.sum(axis=1)),
        conditional_mi_from_table(np.transpose(P, (1, 2, 0))),
    )


def _binary_entropy(p: np.ndarray) -> np.ndarray:
    return -(_plogq(p, p) + _plogq(1 - p, 1 - p))


def bsc_mi(eps: Any, p1: Any = 0.5) -> Any:
    eps, p1 = np.asarray(eps, dtype=float), np.asarray(p1, dtype=float)
    result = _binary_entropy(p1 * (1 - eps) + (1 - p1) * eps) - _binary_entropy(eps + 0 * p1)
    return float(result) if result.ndim == 0 else result


def histogram_bias(rho: float, n: int, bins: Any, repeats: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = -0.5 * math.log(1 - rho**2)
    out = np.empty(repeats)
    for r in range(repeats):
        x = rng.standard_normal(n)
        y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(n)
        out[r] = histogram_mi(x, y, bins) - truth
    return out


def _logsumexp_rows(Z: np.ndarray) -> np.ndarray:
    top = Z.max(axis=1)
    return top + np.log(np.sum(np.exp(Z - top[:, None]), axis=1))


def infonce_bound(scores: Any) -> float:
    S = np.asarray(scores, dtype=float)
    return float(math.log(S.shape[0]) - np.mean(_logsumexp_rows(S) - np.diag(S)))


def gaussian_critic(x: Any, y: Any, rho: float) -> np.ndarray:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return (rho * x[:, None] * y[None, :] - rho**2 * y[None, :] ** 2 / 2) / (1 - rho**2)


def bald_general(probs: Any, weights: Any = None) -> float:
    P = np.asarray(probs, dtype=float)
    w = np.full(P.shape[0], 1.0 / P.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    return float(entropy_nats(w @ P) - sum(w[s] * entropy_nats(P[s]) for s in range(P.shape[0])))


def bald_score(p0: float, p1: float) -> float:
    return bald_general([[1 - p0, p0], [1 - p1, p1]])


def _divergences(p: np.ndarray, W: np.ndarray) -> np.ndarray:
    q = p @ W
    safe_q = np.where(q > 0, q, 1.0)
    return np.sum(_plogq(W, W) - _plogq(W, np.broadcast_to(safe_q, W.shape)), axis=1)


def channel_mi(p_x: Any, W: Any) -> float:
    p, W = np.asarray(p_x, dtype=float), np.asarray(W, dtype=float)
    return float(p @ _divergences(p, W))


def blahut_arimoto(W: Any, tol: float = 1e-12, max_iter: int = 100_000) -> tuple[float, np.ndarray]:
    """The statement's algorithm exactly: uniform start, first iterate whose certified gap is <= tol."""
    W = np.asarray(W, dtype=float)
    p = np.full(W.shape[0], 1.0 / W.shape[0])
    for _ in range(max_iter):
        D = _divergences(p, W)
        lower, upper = float(p @ D), float(D.max())
        if upper - lower <= tol:
            return lower, p
        p = p * np.exp(D - upper)
        p = p / p.sum()
    raise RuntimeError("no certified capacity")


def certified_gap(W: Any, p: Any) -> float:
    """max_x D_x - I(p): an upper bound on C - I(p)."""
    W, p = np.asarray(W, dtype=float), np.asarray(p, dtype=float)
    D = _divergences(p, W)
    return float(D.max() - p @ D)


def info_nce_loss(S: Any, temperature: float = 1.0) -> float:
    Z = np.asarray(S, dtype=float) / temperature
    return float(np.mean(_logsumexp_rows(Z) - np.diag(Z)))


def symmetric_info_nce_loss(S: Any, temperature: float = 1.0) -> float:
    S = np.asarray(S, dtype=float)
    return 0.5 * (info_nce_loss(S, temperature) + info_nce_loss(S.T, temperature))


def retrieval_accuracy(S: Any) -> float:
    S = np.asarray(S, dtype=float)
    others = np.where(np.eye(S.shape[0], dtype=bool), -np.inf, S)
    return float(np.mean(np.diag(S) > others.max(axis=1)))


REFERENCES: dict[str, Callable[..., Any]] = {
    name: obj
    for name, obj in list(globals().items())
    if callable(obj)
    and not name.startswith("_")
    and name not in ("certified_gap", "Callable", "Any")
    and getattr(obj, "__module__", None) == __name__
}
