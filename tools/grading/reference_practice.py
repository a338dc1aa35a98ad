"""Reference implementations of the ``estimation_in_practice`` assignment (the grader's own).

They run in the grader's process only, never in a student's kernel; each mirrors the function a
student writes (same name, same arguments) and transcribes the statement's formula. Every result is
a deterministic function of its inputs: the randomness of a bootstrap or a permutation test is in
the resample indices and permutations that the grader hands in, never drawn here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

EULER_GAMMA = 0.5772156649015329
#: A permuted statistic within this of the observed one counts as a tie (the statement says so).
TIE = 1e-12


def _neg_flogf(f: np.ndarray) -> np.ndarray:
    out = np.zeros(f.shape)
    cells = f > 0
    out[cells] = -f[cells] * np.log(f[cells])
    return out


def entropy_by_quadrature(x: Any, f: Any) -> float:
    """Trapezoidal rule for h = -integral f log f on the grid ``x`` (0 log 0 = 0)."""
    x, f = np.asarray(x, dtype=float), np.asarray(f, dtype=float)
    g = _neg_flogf(f)
    return float(np.sum((g[1:] + g[:-1]) * np.diff(x)) / 2.0)


def quantised_entropy(p: Any, delta: float) -> float:
    """H(X_delta) + log delta from the bin probabilities ``p``."""
    p = np.asarray(p, dtype=float).ravel()
    return float(np.sum(_neg_flogf(p)) + math.log(delta))


def _log_mean_exp(t: np.ndarray) -> float:
    top = float(np.max(t))
    return top + math.log(float(np.mean(np.exp(t - top))))


def dv_estimate(t_joint: Any, t_marginal: Any) -> float:
    """Donsker–Varadhan: mean T on the joint minus log mean exp T on the product of marginals."""
    tj, tm = np.asarray(t_joint, dtype=float), np.asarray(t_marginal, dtype=float)
    return float(np.mean(tj)) - _log_mean_exp(tm)


def nwj_estimate(t_joint: Any, t_marginal: Any) -> float:
    """NWJ: mean T on the joint minus e^-1 mean exp T on the product of marginals."""
    tj, tm = np.asarray(t_joint, dtype=float), np.asarray(t_marginal, dtype=float)
    return float(np.mean(tj)) - math.exp(_log_mean_exp(tm) - 1.0)


def _weights(theta: np.ndarray, f_marginal: np.ndarray) -> np.ndarray:
    scores = f_marginal @ theta
    w = np.exp(scores - scores.max())
    return w / w.sum()


def dv_gradient(theta: Any, f_joint: Any, f_marginal: Any) -> np.ndarray:
    """Gradient in theta of the DV objective of the critic T = features @ theta."""
    theta = np.asarray(theta, dtype=float)
    fj, fm = np.asarray(f_joint, dtype=float), np.asarray(f_marginal, dtype=float)
    return fj.mean(axis=0) - _weights(theta, fm) @ fm


def mine_fit(f_joint: Any, f_marginal: Any, steps: int = 200, lr: float = 0.5) -> np.ndarray:
    """Plain gradient ascent on the DV objective from theta = 0."""
    fj, fm = np.asarray(f_joint, dtype=float), np.asarray(f_marginal, dtype=float)
    theta = np.zeros(fj.shape[1])
    for _ in range(int(steps)):
        theta = theta + lr * dv_gradient(theta, fj, fm)
    return theta


def dv_best_theta(f_joint: Any, f_marginal: Any, iterations: int = 100) -> np.ndarray:
    """The family's best theta by Newton's method (the DV objective is concave in theta)."""
    fj, fm = np.asarray(f_joint, dtype=float), np.asarray(f_marginal, dtype=float)
    theta = np.zeros(fj.shape[1])
    for _ in range(iterations):
        w = _weights(theta, fm)
        mean = w @ fm
        centred = fm - mean
        hessian = -(centred * w[:, None]).T @ centred
        step = np.linalg.solve(hessian, dv_gradient(theta, fj, fm))
        theta = theta - step
        if np.abs(step).max() < 1e-15:
            break
    return theta


def plugin_mi(x: Any, y: Any) -> float:
    """Plug-in I(X;Y) in nats of paired integer codes (the setup cell's estimator)."""
    x, y = np.asarray(x, dtype=int), np.asarray(y, dtype=int)
    rows, cols = x.max() + 1, y.max() + 1
    P = np.bincount(x * cols + y, minlength=rows * cols).reshape(rows, cols) / len(x)
    product = P.sum(axis=1, keepdims=True) * P.sum(axis=0, keepdims=True)
    cells = P > 0
    return float(np.sum(P[cells] * np.log(P[cells] / product[cells])))


def bootstrap_percentile(x: Any, y: Any, indices: Any, level: float = 0.9) -> np.ndarray:
    """The percentile interval of the replicates plugin_mi(x[b], y[b]) over the rows b of ``indices``."""
    x, y, indices = np.asarray(x), np.asarray(y), np.asarray(indices, dtype=int)
    replicates = np.array([plugin_mi(x[row], y[row]) for row in indices])
    return np.quantile(replicates, [(1 - level) / 2, (1 + level) / 2])


def permuted_statistics(x: Any, y: Any, permutations: Any) -> tuple[float, np.ndarray]:
    """The observed plug-in MI and its value on each permutation of ``y``."""
    x, y, permutations = np.asarray(x), np.asarray(y), np.asarray(permutations, dtype=int)
    return plugin_mi(x, y), np.array([plugin_mi(x, y[row]) for row in permutations])


def permutation_p_value(x: Any, y: Any, permutations: Any) -> float:
    """(1 + #{T_b >= T - 1e-12}) / (B + 1) for the permutations the grader supplies."""
    observed, permuted = permuted_statistics(x, y, permutations)
    return float((1 + np.sum(permuted >= observed - TIE)) / (len(permuted) + 1))


def subset_mi(P: Any, subset: Any) -> float:
    """I(X_S; Y) of the law ``P[x_1, ..., x_d, y]`` (Y on the last axis)."""
    P = np.asarray(P, dtype=float)
    d = P.ndim - 1
    keep = sorted(int(j) for j in subset)
    if not keep:
        return 0.0
    drop = tuple(j for j in range(d) if j not in keep)
    table = P.sum(axis=drop).reshape(-1, P.shape[-1])
    return _table_mi(table)


def _table_mi(P: np.ndarray) -> float:
    product = P.sum(axis=1, keepdims=True) * P.sum(axis=0, keepdims=True)
    cells = P > 0
    return float(np.sum(P[cells] * np.log(P[cells] / product[cells])))


def mi_ranking(P: Any, k: int) -> np.ndarray:
    """The k features of largest I(X_j; Y), in decreasing order."""
    P = np.asarray(P, dtype=float)
    scores = np.array([subset_mi(P, [j]) for j in range(P.ndim - 1)])
    return np.argsort(-scores, kind="stable")[: int(k)]


def greedy_cmi_selection(P: Any, k: int) -> np.ndarray:
    """Forward selection: each step adds the j maximising I(X_{S + j}; Y), i.e. I(X_j; Y | X_S)."""
    P = np.asarray(P, dtype=float)
    chosen: list[int] = []
    for _ in range(int(k)):
        rest = [j for j in range(P.ndim - 1) if j not in chosen]
        chosen.append(max(rest, key=lambda j: subset_mi(P, [*chosen, j])))
    return np.array(chosen)


def _digamma_int(n: np.ndarray) -> np.ndarray:
    """psi(n) = -gamma + sum_{i < n} 1/i for positive integers n."""
    top = int(np.max(n))
    harmonic = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, top + 1))])
    return harmonic[np.asarray(n, dtype=int) - 1] - EULER_GAMMA


def ksg_mi(x: Any, y: Any, k: int = 3) -> float:
    """KSG estimator 1 with the max norm: psi(k) + psi(n) - mean(psi(n_x + 1) + psi(n_y + 1))."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    x = x.reshape(len(x), -1)
    y = y.reshape(len(y), -1)
    n = len(x)
    dx = np.abs(x[:, None, :] - x[None, :, :]).max(axis=2)
    dy = np.abs(y[:, None, :] - y[None, :, :]).max(axis=2)
    dz = np.maximum(dx, dy)
    np.fill_diagonal(dz, np.inf)
    eps = np.sort(dz, axis=1)[:, int(k) - 1]
    np.fill_diagonal(dx, np.inf)
    np.fill_diagonal(dy, np.inf)
    n_x = np.sum(dx < eps[:, None], axis=1)
    n_y = np.sum(dy < eps[:, None], axis=1)
    psi = _digamma_int
    return float(psi(np.array([k]))[0] + psi(np.array([n]))[0] - np.mean(psi(n_x + 1) + psi(n_y + 1)))


REFERENCES: dict[str, Callable[..., Any]] = {
    "entropy_by_quadrature": entropy_by_quadrature,
    "quantised_entropy": quantised_entropy,
    "dv_estimate": dv_estimate,
    "nwj_estimate": nwj_estimate,
    "dv_gradient": dv_gradient,
    "mine_fit": mine_fit,
    "bootstrap_percentile": bootstrap_percentile,
    "permutation_p_value": permutation_p_value,
    "mi_ranking": mi_ranking,
    "greedy_cmi_selection": greedy_cmi_selection,
    "ksg_mi": ksg_mi,
}

__all__ = ["REFERENCES", "TIE", *REFERENCES, "dv_best_theta", "permuted_statistics", "plugin_mi", "subset_mi"]
