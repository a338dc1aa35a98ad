"""Hidden inputs of the ``estimation_in_practice`` checks, drawn afresh for each grading run.

Every expected value is what a correct method *guarantees* on the inputs handed in, computed here
(the grader's process) by :mod:`tools.grading.reference_practice`; only the inputs reach the kernel
(:func:`tools.grading.hidden.kernel_inputs`). Where a method is random (a bootstrap, a permutation
test) the grader draws the randomness itself and hands it in (resample indices, permutations), so
the answer is a deterministic function of the inputs. Draws on which a correct answer would be
ambiguous (a near-tie, an ascent that has not converged) are drawn again.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mi_exercises.spec import Case
from mi_exercises.spec_practice import CHECKS, MINE_STEPS, features
from tools.grading import reference_practice as ref

Rng = np.random.Generator


def _number(fn: Callable, what: str, *args: object, **kwargs: object) -> Case:
    return Case(what, args, fn(*args, **kwargs), kwargs=kwargs)


def _array(fn: Callable, what: str, *args: object, **kwargs: object) -> Case:
    value = np.asarray(fn(*args, **kwargs), dtype=float)
    return Case(what, args, (value.ravel().tolist(), value.shape), kwargs=kwargs, kind="array")


def _gaussian_pairs(rng: Rng, n: int, rho: float) -> tuple[np.ndarray, np.ndarray]:
    x = rng.standard_normal(n)
    return x, rho * x + np.sqrt(1 - rho * rho) * rng.standard_normal(n)


# ---- P1: differential entropy ----------------------------------------------------------------
def _p1_quadrature(rng: Rng) -> list[Case]:
    f = ref.entropy_by_quadrature
    a = float(rng.uniform(1.5, 4.0))
    x_u = np.linspace(0.0, a, int(rng.integers(50, 200)))
    sigma = float(rng.uniform(0.3, 3.0))
    x_g = np.linspace(-8 * sigma, 8 * sigma, 801)
    gauss = np.exp(-0.5 * (x_g / sigma) ** 2) / (sigma * np.sqrt(2 * np.pi))
    x_t = np.sort(np.concatenate([[-1.5, 1.5], rng.uniform(-1.5, 1.5, size=300)]))
    triangle = np.clip(1.0 - np.abs(x_t), 0.0, None)  # zero outside [-1, 1]: 0 log 0 = 0
    return [
        _number(
            f,
            "an unseen uniform density sampled on its whole support (f > 0 at both ends)",
            x_u,
            np.full(x_u.size, 1.0 / a),
        ),
        _number(f, "an unseen normal density", x_g, gauss),
        _number(f, "a triangular density on an unseen uneven grid, zero at both ends", x_t, triangle),
    ]


def _p1_quantised(rng: Rng) -> list[Case]:
    f = ref.quantised_entropy
    p = rng.dirichlet(np.ones(12))
    p[[2, 7]] = 0.0
    return [
        _number(f, "unseen bin probabilities with empty bins", p / p.sum(), float(rng.uniform(0.01, 0.5))),
        _number(
            f, "unseen bin probabilities, wide bins", rng.dirichlet(np.ones(5)), float(rng.uniform(2.0, 5.0))
        ),
    ]


# ---- P2: DV and NWJ --------------------------------------------------------------------------
def _p2_dv(rng: Rng) -> list[Case]:
    f = ref.dv_estimate
    huge = 800.0 + 100 * rng.standard_normal(64)
    return [
        _number(f, "unseen critic scores", rng.normal(1.0, 1.0, 50), rng.normal(0.0, 1.0, 80)),
        _number(f, "unseen large critic scores (exp overflows: use a log-sum-exp)", huge + 5.0, huge),
        _number(f, "unseen scores of one sample each", [float(rng.normal())], [float(rng.normal())]),
    ]


def _p2_nwj(rng: Rng) -> list[Case]:
    f = ref.nwj_estimate
    return [
        _number(f, "unseen critic scores", rng.normal(1.0, 1.0, 50), rng.normal(0.0, 1.0, 80)),
        _number(
            f,
            "unseen scores of the optimal critic shape",
            1.0 + rng.normal(0.5, 0.3, 40),
            1.0 + rng.normal(-0.5, 0.3, 40),
        ),
    ]


# ---- P3: a MINE step -------------------------------------------------------------------------
def _mine_data(rng: Rng, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Joint and product features of correlated normals, the family's best theta, a safe step size.

    The step is 1 / (the largest curvature at the best theta), rounded; draws on which plain
    ascent from 0 is not within 1e-6 of the best theta after :data:`MINE_STEPS` steps are redrawn.
    """
    while True:
        x, y = _gaussian_pairs(rng, n, float(rng.uniform(0.2, 0.6)))
        fj, fm = features(x, y), features(x, y[rng.permutation(n)])
        best = ref.dv_best_theta(fj, fm)
        w = ref._weights(best, fm)
        centred = fm - w @ fm
        curvature = float(np.linalg.eigvalsh((centred * w[:, None]).T @ centred)[-1])
        lr = round(1.0 / curvature, 2)
        if lr > 0 and np.abs(ref.mine_fit(fj, fm, MINE_STEPS, lr) - best).max() < 1e-6:
            return fj, fm, best, lr


def _p3_gradient(rng: Rng) -> list[Case]:
    f = ref.dv_gradient
    x, y = _gaussian_pairs(rng, 120, float(rng.uniform(0.2, 0.8)))
    fj, fm = features(x, y), features(x, y[rng.permutation(120)])
    big = rng.normal(0.0, 3.0, size=(30, 3))
    return [
        _array(f, "the gradient at an unseen theta", rng.normal(0.0, 1.0, 2), fj, fm),
        _array(f, "the gradient at theta = 0 (plain means)", np.zeros(2), fj, fm),
        _array(
            f,
            "an unseen 3-feature critic at a large theta (softmax weights: subtract the max)",
            rng.normal(0.0, 30.0, 3),
            big[:15],
            big[15:],
        ),
    ]


def _p3_fit(rng: Rng) -> list[Case]:
    fj, fm, best, lr = _mine_data(rng, 150)
    return [
        Case(
            f"the family's best theta on unseen features ({MINE_STEPS} steps at lr = {lr:g})",
            (fj, fm),
            (best.tolist(), best.shape),
            kwargs={"steps": MINE_STEPS, "lr": lr},
            kind="array",
        )
    ]


# ---- P4: bootstrap and permutation -----------------------------------------------------------
def _codes(rng: Rng, n: int, k: int, strength: float) -> tuple[np.ndarray, np.ndarray]:
    """Paired codes in 0..k-1: y copies x with probability ``strength``, else is uniform."""
    x = rng.integers(0, k, n)
    noise = rng.integers(0, k, n)
    y = np.where(rng.uniform(size=n) < strength, x, noise)
    x[:k], y[:k] = np.arange(k), np.arange(k)  # every code present on both sides
    return x, y


def _p4_bootstrap(rng: Rng) -> list[Case]:
    f = ref.bootstrap_percentile
    cases = []
    for what, n, k, strength, level in (
        ("unseen dependent codes, level 0.9", 120, 3, 0.6, 0.9),
        ("unseen weakly dependent codes, level 0.95", 200, 4, 0.2, 0.95),
    ):
        x, y = _codes(rng, n, k, strength)
        # index rows as lists of ints: the kernel decodes numpy arrays as floats
        indices = rng.integers(0, n, size=(int(rng.integers(100, 200)), n)).tolist()
        cases.append(_array(f, what, x, y, indices, level))
    return cases


def _permutation_case(rng: Rng, what: str, n: int, k: int, strength: float, identity: bool) -> Case:
    """A case on which every permuted statistic is bitwise equal to the observed one or 1e-9 away
    (so that no rounding of a correct ``>= T - 1e-12`` can move the count)."""
    while True:
        x, y = _codes(rng, n, k, strength)
        perms = np.array([rng.permutation(n) for _ in range(int(rng.integers(99, 150)))])
        if identity:
            perms[int(rng.integers(0, len(perms)))] = np.arange(n)  # an exact tie: it counts
        observed, permuted = ref.permuted_statistics(x, y, perms)
        gap = np.abs(permuted - observed)
        if np.all((gap == 0.0) | (gap > 1e-9)):
            p = float((1 + np.sum(permuted >= observed - ref.TIE)) / (len(permuted) + 1))
            return Case(what, (x, y, perms.tolist()), p)


def _p4_permutation(rng: Rng) -> list[Case]:
    return [
        _permutation_case(rng, "unseen dependent codes", 80, 3, 0.5, False),
        _permutation_case(rng, "unseen independent codes", 60, 3, 0.0, False),
        _permutation_case(rng, "unseen codes, the identity among the permutations (a tie)", 40, 2, 0.1, True),
    ]


# ---- P5: feature selection -------------------------------------------------------------------
def _redundant_law(rng: Rng, d: int) -> np.ndarray:
    """P[x_1..x_d, y]: a strong feature, its noisy copy, a weaker complementary one, noise features.

    Axes are shuffled. Plain ranking picks the copy second; greedy conditional MI picks the
    complementary feature (after those two, every other feature adds exactly nothing: ask for k <= 2).
    """
    pa, pc = rng.uniform(0.3, 0.7, size=2)
    copy_flip = rng.uniform(0.01, 0.06)
    # P(Y = 1 | a, c): Y depends on both
    table = np.clip(np.array([[0.1, 0.5], [0.5, 0.9]]) + rng.uniform(-0.05, 0.05, (2, 2)), 0.02, 0.98)
    P = np.zeros((2,) * (d + 1))
    noise_p = rng.uniform(0.2, 0.8, size=d - 3)
    for index in np.ndindex(*(2,) * d):
        a, b, c, *rest = index
        prob = (pa if a else 1 - pa) * (copy_flip if a != b else 1 - copy_flip) * (pc if c else 1 - pc)
        for value, q in zip(rest, noise_p, strict=True):
            prob *= q if value else 1 - q
        py = table[a, c]
        P[(*index, 1)] = prob * py
        P[(*index, 0)] = prob * (1 - py)
    order = rng.permutation(d)
    return np.transpose(P, (*order, d))


def _separated(P: np.ndarray, k: int) -> bool:
    """Both methods' choices win by more than 1e-6 at every step, and they differ."""
    d = P.ndim - 1
    single = sorted(ref.subset_mi(P, [j]) for j in range(d))[::-1]
    if any(single[i] - single[i + 1] < 1e-6 for i in range(min(k + 1, d - 1))):
        return False
    chosen: list[int] = []
    for _ in range(k):
        scores = sorted(
            ((ref.subset_mi(P, [*chosen, j]), j) for j in range(d) if j not in chosen), reverse=True
        )
        if len(scores) > 1 and scores[0][0] - scores[1][0] < 1e-6:
            return False
        chosen.append(scores[0][1])
    return list(ref.mi_ranking(P, k)) != chosen


def _law(rng: Rng, d: int, k: int) -> np.ndarray:
    while True:
        P = _redundant_law(rng, d)
        if _separated(P, k):
            return P


def _p5_ranking(rng: Rng) -> list[Case]:
    f = ref.mi_ranking
    P = _law(rng, 4, 2)
    return [_array(f, "an unseen law of 4 features, k = 2", P, 2), _array(f, "the same law, k = 3", P, 3)]


def _p5_greedy(rng: Rng) -> list[Case]:
    f = ref.greedy_cmi_selection
    return [
        _array(f, "an unseen law with a redundant copy, k = 2", _law(rng, 4, 2), 2),
        _array(f, "an unseen law of 5 features, k = 2", _law(rng, 5, 2), 2),
    ]


# ---- P6: KSG ---------------------------------------------------------------------------------
def _p6_ksg(rng: Rng) -> list[Case]:
    f = ref.ksg_mi
    x, y = _gaussian_pairs(rng, 200, float(rng.uniform(0.3, 0.9)))
    u, v = rng.uniform(size=150), rng.uniform(size=150)
    return [
        _number(f, "unseen correlated normals, k = 3", x, y, 3),
        _number(f, "unseen correlated normals, k = 1", x, y, 1),
        _number(f, "unseen independent uniforms, k = 5", u, v, 5),
    ]


def _p6_ksg_multi(rng: Rng) -> list[Case]:
    f = ref.ksg_mi
    x = rng.standard_normal((150, 2))
    y = x[:, :1] * 0.8 + 0.6 * rng.standard_normal((150, 1))
    z = np.column_stack([y[:, 0], rng.standard_normal((150, 2))])
    return [
        _number(f, "unseen 2-D x against 1-D y, k = 4", x, y, 4),
        _number(f, "unseen 2-D x against 3-D y, k = 2", x, z, 2),
    ]


GENERATORS: dict[str, Callable[[Rng], list[Case]]] = {
    check_id: globals()[f"_{check_id}"] for check_id in CHECKS
}

__all__ = ["GENERATORS"]
