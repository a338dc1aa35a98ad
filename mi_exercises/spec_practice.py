"""The checks of the second assignment, ``estimation_in_practice``: functions and visible examples.

The same form as :mod:`mi_exercises.spec` (the first assignment): each test cell names a check
here; its visible examples are public, its hidden inputs are drawn by the grader for each run
(``tools/grading/hidden_practice.py``) and judged outside the kernel. Check ids start with ``p``
(exercises ``p1`` ... ``p6``) so that they never collide with the first assignment's.
"""

from __future__ import annotations

import math

import numpy as np

from mi_exercises.spec import Case, Check

#: Steps of plain gradient ascent that the MINE checks ask for (the grader picks the step size).
MINE_STEPS = 1000


def features(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The critic family's features (x y, (x^2 + y^2) / 2), one row per pair: T = features @ theta."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return np.column_stack([x * y, (x * x + y * y) / 2])


def _normals(n: int, rho: float, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Correlated standard normals (x, y) and a permutation of the rows, from one generator."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, rho * x + math.sqrt(1 - rho * rho) * rng.standard_normal(n), rng.permutation(n)


def mine_example() -> tuple[np.ndarray, np.ndarray]:
    """The visible MINE data: joint and product-of-marginals features of 200 normal pairs, rho = 0.5."""
    x, y, perm = _normals(200, 0.5, 11)
    return features(x, y), features(x, y[perm])


def codes_example() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Visible codes (x, y) of 30 pairs, 100 bootstrap index rows and 49 permutations plus the identity."""
    rng = np.random.default_rng(5)
    x = rng.integers(0, 3, 30)
    y = np.where(rng.uniform(size=30) < 0.5, x, rng.integers(0, 3, 30))
    indices = rng.integers(0, 30, size=(100, 30))
    perms = np.array([np.arange(30)] + [rng.permutation(30) for _ in range(49)])
    return x, y, indices, perms


def law_example() -> np.ndarray:
    """P[x1, x2, x3, y]: X2 is a noisy copy of X1, X3 adds what X1 misses; P(Y = 1 | x1, x3) below."""
    p_y1 = np.array([[0.1, 0.4], [0.6, 0.9]])
    P = np.zeros((2, 2, 2, 2))
    for a, b, c in np.ndindex(2, 2, 2):
        prob = 0.5 * (0.05 if a != b else 0.95) * 0.5
        P[a, b, c, 1] = prob * p_y1[a, c]
        P[a, b, c, 0] = prob * (1 - p_y1[a, c])
    return P


def ksg_example(dims: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """100 normal pairs (rho = 0.6); for ``dims`` = 2, x gets an independent second coordinate."""
    x, y, _ = _normals(100, 0.6, 3)
    if dims == 2:
        x = np.column_stack([x, np.random.default_rng(4).standard_normal(100)])
    return x, y


_GRID = np.linspace(-10.0, 10.0, 2001)
_UNIFORM_GRID = np.linspace(0.0, 2.0, 101)
_MINE_J, _MINE_M = mine_example()
_X, _Y, _INDICES, _PERMS = codes_example()

CHECKS: dict[str, Check] = {
    c.id: c
    for c in [
        Check(
            "p1_quadrature",
            "entropy_by_quadrature",
            "p1",
            "number",
            1e-10,
            visible=(
                Case(
                    "h of N(0, 1) on 2001 points of [-10, 10] (0.5 log(2 pi e) = 1.418938533)",
                    (_GRID, np.exp(-0.5 * _GRID**2) / math.sqrt(2 * math.pi)),
                    1.4189385332046727,
                ),
                Case(
                    "h of the uniform density on [0, 2] (log 2; f > 0 at both ends of the grid)",
                    (_UNIFORM_GRID, np.full(101, 0.5)),
                    0.6931471805599454,
                ),
            ),
        ),
        Check(
            "p1_quantised",
            "quantised_entropy",
            "p1",
            "number",
            1e-12,
            visible=(
                Case(
                    "H(X_delta) + log delta for 4 equal bins of width 0.5 (log 2)",
                    ([0.25] * 4, 0.5),
                    0.6931471805599453,
                ),
                Case(
                    "bins [0.5, 0, 0.5] of width 0.1 (an empty bin adds nothing)",
                    ([0.5, 0.0, 0.5], 0.1),
                    -1.6094379124341005,
                ),
            ),
        ),
        Check(
            "p2_dv",
            "dv_estimate",
            "p2",
            "number",
            1e-9,
            visible=(
                Case(
                    "DV of scores [1, 2, 3] against [0, 1]", ([1.0, 2.0, 3.0], [0.0, 1.0]), 1.3798854930417224
                ),
                Case(
                    "DV of large scores [1001, 1002] against [1000, 1000] (1.5: use a log-sum-exp)",
                    ([1001.0, 1002.0], [1000.0, 1000.0]),
                    1.5,
                ),
            ),
        ),
        Check(
            "p2_nwj",
            "nwj_estimate",
            "p2",
            "number",
            1e-12,
            visible=(
                Case(
                    "NWJ of scores [1, 1] against [0, 0] (1 - 1/e)",
                    ([1.0, 1.0], [0.0, 0.0]),
                    0.6321205588285577,
                ),
                Case(
                    "NWJ of scores [1, 2, 3] against [0, 1]",
                    ([1.0, 2.0, 3.0], [0.0, 1.0]),
                    1.3160602794142788,
                ),
            ),
        ),
        Check(
            "p3_gradient",
            "dv_gradient",
            "p3",
            "array",
            1e-10,
            unit="",
            visible=(
                Case(
                    "the DV gradient at theta = [0.5, -0.3] on the visible MINE data",
                    ([0.5, -0.3], _MINE_J, _MINE_M),
                    ([0.21616865722127676, 0.10753085940751672], (2,)),
                ),
                Case(
                    "the DV gradient at theta = [40, 0] on 3 pairs (softmax weights: subtract the max)",
                    ([40.0, 0.0], [[1.0, 1.0], [0.0, 2.0]], [[0.5, 1.0], [2.0, 2.5], [-1.0, 0.5]]),
                    ([-1.5, -1.0], (2,)),
                ),
            ),
        ),
        Check(
            "p3_fit",
            "mine_fit",
            "p3",
            "array",
            1e-4,
            unit="",
            visible=(
                Case(
                    f"the family's best theta on the visible MINE data ({MINE_STEPS} steps at lr = 0.5)",
                    (_MINE_J, _MINE_M),
                    ([0.8266286841789129, -0.41244814466381885], (2,)),
                    kwargs={"steps": MINE_STEPS, "lr": 0.5},
                ),
            ),
            uses=("p3_gradient",),
        ),
        Check(
            "p4_bootstrap",
            "bootstrap_percentile",
            "p4",
            "array",
            1e-12,
            visible=(
                Case(
                    "the 90% percentile interval on the visible codes and 100 resamples",
                    (_X, _Y, _INDICES, 0.9),
                    ([0.1824066487226822, 0.4744221407249722], (2,)),
                ),
            ),
        ),
        Check(
            "p4_permutation",
            "permutation_p_value",
            "p4",
            "number",
            1e-12,
            unit="",
            visible=(
                Case(
                    "p on the visible codes, 50 permutations (the identity among them: a tie counts)",
                    (_X, _Y, _PERMS),
                    0.0392156862745098,
                ),
            ),
        ),
        Check(
            "p5_ranking",
            "mi_ranking",
            "p5",
            "array",
            0.0,
            unit="",
            visible=(
                Case(
                    "the top 2 features of the visible law by I(X_j; Y)",
                    (law_example(), 2),
                    ([0.0, 1.0], (2,)),
                ),
            ),
        ),
        Check(
            "p5_greedy",
            "greedy_cmi_selection",
            "p5",
            "array",
            0.0,
            unit="",
            visible=(
                Case(
                    "greedy selection of 2 features of the visible law (X2 is redundant)",
                    (law_example(), 2),
                    ([0.0, 2.0], (2,)),
                ),
                Case(
                    "greedy selection of all 3 features of the visible law",
                    (law_example(), 3),
                    ([0.0, 2.0, 1.0], (3,)),
                ),
            ),
        ),
        Check(
            "p6_ksg",
            "ksg_mi",
            "p6",
            "number",
            1e-10,
            visible=(
                Case(
                    "KSG (k = 3) on 100 visible normal pairs, rho = 0.6",
                    (*ksg_example(), 3),
                    0.20764941774972367,
                ),
                Case(
                    "KSG (k = 1) on the same pairs (noisier: one neighbour)",
                    (*ksg_example(), 1),
                    0.0005878857921732816,
                ),
            ),
        ),
        Check(
            "p6_ksg_multi",
            "ksg_mi",
            "p6",
            "number",
            1e-10,
            visible=(
                Case(
                    "KSG (k = 3) of a 2-D x against y (max norm over all coordinates)",
                    (*ksg_example(2), 3),
                    0.20028730445748089,
                ),
            ),
            uses=("p6_ksg",),
        ),
    ]
}

# The mi_helpers functions each exercise asks students to write themselves rather than call.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "p1": ("entropy",),
    "p2": ("dv_lower_bound", "nwj_lower_bound", "infonce_lower_bound"),
    "p3": ("dv_lower_bound",),
    "p4": ("bootstrap_interval", "permutation_test", "mutual_information"),
    "p5": ("mutual_information", "conditional_mutual_information", "entropy", "conditional_entropy"),
    "p6": ("ksg_mutual_information",),
}

__all__ = [
    "CHECKS",
    "FORBIDDEN",
    "MINE_STEPS",
    "codes_example",
    "features",
    "ksg_example",
    "law_example",
    "mine_example",
]
