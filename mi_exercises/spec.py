"""The checks of the assignment: for each test cell, the function it calls and its visible examples.

Visible examples (inputs, expected value, description) are public: students see them in the ✓
lines. Hidden inputs are not here: the grader draws them afresh for each grading run and computes
their expected values outside the student's kernel (``tools/grading/hidden.py``).

Kinds of result (see :func:`mi_exercises.compare.judge`): ``number``; ``array`` (expected is the flat
list in C order and the shape); ``triple`` (a tuple of three numbers); ``capacity`` (a tuple (C, p));
``first_certified`` (the (C, p) of the first certified Blahut–Arimoto iterate at a looser ``tol``);
``mean_between`` (an array whose mean lies in an interval and, where bounds are given, whose
sample variance is that of independent repeats).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Case:
    """One call of the student's function: ``function(*args, **kwargs)`` should give ``expected``."""

    what: str
    args: tuple
    expected: Any = None
    kwargs: dict = field(default_factory=dict)
    kind: str | None = None  # overrides the check's kind for this case


@dataclass(frozen=True)
class Check:
    """What one test cell checks."""

    id: str
    function: str
    exercise: str
    kind: str
    tol: float
    unit: str = "nats"
    visible: tuple[Case, ...] = ()
    uses: tuple[str, ...] = ()  # checks of functions this one is often built on
    # (low, high, why): a number outside [low, high] cannot be right, and the message says why
    limits: tuple[float, float, str] | None = None


A = [[0.3, 0.1, 0.05], [0.05, 0.2, 0.3]]
A_T = [[0.3, 0.05], [0.1, 0.2], [0.05, 0.3]]
EXAMPLE = [[0.4, 0.1], [0.1, 0.4]]
WEAK = [[1.0, 0.8, 0.2], [0.7, 1.0, 0.5], [0.1, 0.4, 1.0]]
Z_CHANNEL = [[1.0, 0.0], [0.5, 0.5]]
# A 3x3 channel on which the certified-gap rule, at tol = 1e-2 and 1e-3, stops at an iterate that no
# rule based on a small change of I or of p stops at (tools.grading.hidden.separates_stopping_rules)
CHANNEL_3X3 = [[0.5, 0.2, 0.3], [0.1, 0.6, 0.3], [0.0, 0.4, 0.6]]
# noisy_xor_table(0.5, 0.3, 0.2), flattened in C order
XOR_TABLE = [
    0.27999999999999997,
    0.06999999999999999,
    0.03,
    0.12,
    0.06999999999999999,
    0.27999999999999997,
    0.12,
    0.03,
]


def _parabola(n: int = 2000, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """x ~ N(0, 1) and y = x**2 + 0.1 * noise, drawn from one generator."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, x**2 + 0.1 * rng.standard_normal(n)


def _nest(flat: list[float], shape: tuple[int, ...]) -> list:
    if len(shape) == 1:
        return list(flat)
    step = len(flat) // shape[0]
    return [_nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


CHECKS: dict[str, Check] = {
    c.id: c
    for c in [
        Check(
            "ex1_entropy",
            "entropy_nats",
            "ex1",
            "number",
            1e-12,
            visible=(
                Case("H of [0.5, 0.5]", ([0.5, 0.5],), 0.6931471805599453),
                Case("H of the 2x2 example table", (EXAMPLE,), 1.1935496040981333),
                Case(
                    "H of [0.5, 0.0, 0.5] (an empty cell adds 0 log 0 = 0)",
                    ([0.5, 0.0, 0.5],),
                    0.6931471805599453,
                ),
            ),
        ),
        Check(
            "ex1_mi",
            "mutual_information_from_table",
            "ex1",
            "number",
            1e-12,
            visible=(
                Case("I(X;Y) of the 2x2 example table", (EXAMPLE,), 0.19274475702175753),
                Case("I(X;Y) of the asymmetric 2x3 table A", (A,), 0.21010314042325823),
            ),
        ),
        Check(
            "ex1_symmetry",
            "mutual_information_from_table",
            "ex1",
            "number",
            1e-12,
            visible=(
                Case("I(X;Y) of A", (A,), 0.21010314042325823),
                Case("I(Y;X), from the transpose of A", (A_T,), 0.21010314042325823),
            ),
            uses=("ex1_mi",),
        ),
        Check(
            "ex2_correlation",
            "sample_correlation",
            "ex2",
            "number",
            1e-12,
            unit="",
            limits=(
                -1.0,
                1.0,
                "a correlation lies in [-1, 1] (Cauchy-Schwarz: |sum dx*dy| <= sqrt(sum dx^2 * sum dy^2)); "
                "divide by the square root of the product of the two sums of squares of the centred samples",
            ),
            visible=(
                Case(
                    "r of the five example points",
                    ([1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 1.0, 4.0, 3.0, 6.0]),
                    0.8219949365267865,
                ),
            ),
        ),
        Check(
            "ex2_histogram",
            "histogram_mi",
            "ex2",
            "number",
            1e-10,
            visible=(
                Case(
                    "histogram MI of 2000 samples of the parabola (seed 7), 20 bins",
                    (*_parabola(), 20),
                    1.267977825832054,
                ),
            ),
            uses=("ex1_mi",),
        ),
        Check(
            "ex3_kl",
            "kl_divergence_nats",
            "ex3",
            "number",
            1e-12,
            visible=(
                Case("D([0.5, 0.5] || [0.9, 0.1])", ([0.5, 0.5], [0.9, 0.1]), 0.5108256237659907),
                Case("D(p || p) for p = [0.2, 0.8]", ([0.2, 0.8], [0.2, 0.8]), 0.0),
                Case(
                    "D([0.5, 0.5] || [1.0, 0.0]) (q = 0 where p > 0: infinite)",
                    ([0.5, 0.5], [1.0, 0.0]),
                    math.inf,
                ),
                Case(
                    "D([0.5, 0.0, 0.5] || [0.25, 0.5, 0.25]) (p has an empty cell)",
                    ([0.5, 0.0, 0.5], [0.25, 0.5, 0.25]),
                    0.6931471805599453,
                ),
            ),
        ),
        Check(
            "ex3_mi_as_kl",
            "mi_as_kl",
            "ex3",
            "number",
            1e-12,
            visible=(
                Case("D(P || P_X P_Y) for the 2x2 example table", (EXAMPLE,), 0.19274475702175753),
                Case("D(P || P_X P_Y) for the asymmetric 2x3 table A", (A,), 0.21010314042325823),
                Case("D(P || P_X P_Y) for an independent table", ([[0.3, 0.2], [0.3, 0.2]],), 0.0),
            ),
            uses=("ex3_kl",),
        ),
        Check(
            "ex4_table",
            "noisy_xor_table",
            "ex4",
            "array",
            1e-12,
            unit="",
            visible=(
                Case(
                    "P[x, z, y] for p_x = 0.5, p_z = 0.3, eps = 0.2", (0.5, 0.3, 0.2), (XOR_TABLE, (2, 2, 2))
                ),
                Case(
                    "P[x, z, y] for p_x = 0.2, p_z = 0.7, eps = 0.1",
                    (0.2, 0.7, 0.1),
                    (
                        [
                            0.21600000000000005,
                            0.024000000000000007,
                            0.055999999999999994,
                            0.504,
                            0.006000000000000002,
                            0.05400000000000001,
                            0.126,
                            0.013999999999999999,
                        ],
                        (2, 2, 2),
                    ),
                ),
            ),
        ),
        Check(
            "ex4_cmi",
            "conditional_mi_from_table",
            "ex4",
            "number",
            1e-12,
            visible=(
                Case(
                    "I(A;B|C) when C = A xor B (log 2)",
                    ([[[0.25, 0.0], [0.0, 0.25]], [[0.0, 0.25], [0.25, 0.0]]],),
                    0.6931471805599453,
                ),
                Case(
                    "I(A;B|C) of the 2x2x2 example",
                    ([[[0.021, 0.0744], [0.2672, 0.42]], [[0.0656, 0.0492], [0.083, 0.0196]]],),
                    0.0861776692096703,
                ),
            ),
        ),
        Check(
            "ex4_chain",
            "chain_rule_terms",
            "ex4",
            "triple",
            1e-12,
            visible=(
                Case(
                    "the chain-rule terms of noisy_xor_table(0.5, 0.3, 0.2)",
                    (_nest(XOR_TABLE, (2, 2, 2)),),
                    (0.19274475702175742, 0.029083053995837216, 0.1636617030259202),
                ),
            ),
            uses=("ex4_cmi",),
        ),
        Check(
            "ex5_uniform",
            "bsc_mi",
            "ex5",
            "number",
            1e-12,
            visible=(
                Case("I(X;Y) at eps = 0.1", (0.1,), 0.3680642071684971),
                Case("I(X;Y) at eps = 0.25", (0.25,), 0.130812035941137),
                Case("I(X;Y) at eps = 0.49", (0.49,), 0.00020001333546704192),
                Case(
                    "I(X;Y) for an array of three eps",
                    (np.array([0.1, 0.25, 0.49]),),
                    ([0.3680642071684971, 0.130812035941137, 0.00020001333546704192], (3,)),
                    kind="array",
                ),
            ),
        ),
        Check(
            "ex5_input",
            "bsc_mi",
            "ex5",
            "number",
            1e-12,
            visible=(Case("I(X;Y) at eps = 0.1 with P(X=1) = 0.2", (0.1, 0.2), 0.24797394373997217),),
        ),
        Check(
            "ex6_bias",
            "histogram_bias",
            "ex6",
            "array",
            1e-9,
            visible=(
                Case(
                    "biases for rho = 0.6, n = 1000, 30 bins, 3 repeats, seed 1",
                    (0.6, 1000, 30, 3, 1),
                    ([0.21541271298286377, 0.1890408344244102, 0.22350462409212277], (3,)),
                ),
            ),
            uses=("ex2_histogram",),
        ),
        Check(
            "ex6_claims",
            "histogram_bias",
            "ex6",
            "mean_between",
            0.0,
            visible=(
                Case(
                    "30 bins, n = 1000, 10 repeats (many cells, few samples: too high)",
                    (0.6, 1000, 30, 10, 3),
                    # the spread: tools.grading.hidden.spread_bounds(0.02776, 10), rounded outwards
                    ((0.15, 0.35), (10,), (3.3e-06, 0.0065)),
                ),
            ),
            uses=("ex2_histogram",),
        ),
        Check(
            "ex7_value",
            "infonce_bound",
            "ex7",
            "number",
            1e-12,
            visible=(
                Case(
                    "InfoNCE bound of the 3x3 example",
                    ([[2.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 3.0]],),
                    0.6990804738020044,
                ),
                Case("InfoNCE bound of a 4x4 matrix of zeros", ([[0.0] * 4 for _ in range(4)],), 0.0),
            ),
        ),
        Check(
            "ex7_stable",
            "infonce_bound",
            "ex7",
            "number",
            1e-12,
            visible=(
                Case(
                    "InfoNCE bound of 10000 * identity(3) (log 3)",
                    ([[10000.0, 0.0, 0.0], [0.0, 10000.0, 0.0], [0.0, 0.0, 10000.0]],),
                    1.0986122886681098,
                ),
            ),
        ),
        Check(
            "ex7_critic",
            "gaussian_critic",
            "ex7",
            "array",
            1e-12,
            unit="",
            visible=(
                Case(
                    "critic matrix for rho = 0.8",
                    ([0.5, -1.0, 2.0], [1.0, 0.3, -0.2], 0.8),
                    (
                        [
                            0.22222222222222218,
                            0.2533333333333334,
                            -0.25777777777777794,
                            -3.1111111111111125,
                            -0.7466666666666669,
                            0.4088888888888891,
                            3.5555555555555567,
                            1.2533333333333336,
                            -0.9244444444444451,
                        ],
                        (3, 3),
                    ),
                ),
            ),
        ),
        Check(
            "ex8_binary",
            "bald_score",
            "ex8",
            "number",
            1e-12,
            visible=(
                Case("BALD of the uninformative candidate (0.5, 0.5)", (0.5, 0.5), 0.0),
                Case("BALD of the moderate candidate (0.75, 0.25)", (0.75, 0.25), 0.130812035941137),
                Case(
                    "BALD of the very informative candidate (0.95, 0.05)", (0.95, 0.05), 0.49463193721407267
                ),
            ),
        ),
        Check(
            "ex8_general",
            "bald_general",
            "ex8",
            "number",
            1e-12,
            visible=(
                Case(
                    "BALD of two certain, opposite models (log 2)",
                    ([[1.0, 0.0], [0.0, 1.0]],),
                    0.6931471805599453,
                ),
                Case(
                    "BALD of three models over three classes",
                    ([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]],),
                    0.20888903704423,
                ),
            ),
        ),
        Check(
            "ex8_weights",
            "bald_general",
            "ex8",
            "number",
            1e-12,
            visible=(
                Case(
                    "BALD of two uncertain models with weights 0.7 and 0.3",
                    ([[0.9, 0.1], [0.2, 0.8]], [0.7, 0.3]),
                    0.241421855990117,
                ),
            ),
        ),
        Check(
            "ex9_channel_mi",
            "channel_mi",
            "ex9",
            "number",
            1e-12,
            visible=(
                Case(
                    "I(X;Y) of the Z-channel at P(X=1) = 0.4 (log 1.25)",
                    ([0.6, 0.4], Z_CHANNEL),
                    0.22314355131420976,
                ),
                Case(
                    "I(X;Y) of the BSC(0.1), uniform input",
                    ([0.5, 0.5], [[0.9, 0.1], [0.1, 0.9]]),
                    0.3680642071684971,
                ),
            ),
        ),
        Check(
            "ex9_capacity",
            "blahut_arimoto",
            "ex9",
            "capacity",
            1e-9,
            visible=(
                Case(
                    "the Z-channel (log 1.25 at P(X=1) = 0.4)",
                    (Z_CHANNEL,),
                    (0.22314355131420976, [0.6, 0.4]),
                ),
                Case(
                    "the 3x3 channel [[0.5, 0.2, 0.3], [0.1, 0.6, 0.3], [0, 0.4, 0.6]] at tol = 1e-2",
                    (CHANNEL_3X3,),
                    (0.21776326792010645, [0.38856018648869417, 0.0788191595879943, 0.5326206539233115]),
                    kwargs={"tol": 1e-2},
                    kind="first_certified",
                ),
                Case(
                    "the same 3x3 channel at tol = 1e-3",
                    (CHANNEL_3X3,),
                    (0.222470369471985, [0.39810419456944746, 0.011597646044817531, 0.590298159385735]),
                    kwargs={"tol": 1e-3},
                    kind="first_certified",
                ),
            ),
            uses=("ex9_channel_mi",),
        ),
        Check(
            "ex10_loss",
            "info_nce_loss",
            "ex10",
            "number",
            1e-12,
            visible=(
                Case("loss of the weak matrix", (WEAK, 1.0), 0.7809321606112936),
                Case(
                    "loss of the strong matrix",
                    ([[2.5, 0.8, 0.2], [0.7, 2.5, 0.5], [0.1, 0.4, 2.5]], 1.0),
                    0.2350828382080706,
                ),
                Case("loss of the weak matrix at temperature 0.5", (WEAK, 0.5), 0.5535324212459893),
            ),
        ),
        Check(
            "ex10_symmetric",
            "symmetric_info_nce_loss",
            "ex10",
            "number",
            1e-12,
            visible=(Case("symmetric loss of the weak matrix", (WEAK, 1.0), 0.7815991942406042),),
            uses=("ex10_loss",),
        ),
        Check(
            "ex10_retrieval",
            "retrieval_accuracy",
            "ex10",
            "number",
            1e-12,
            unit="",
            visible=(
                Case("retrieval accuracy of the weak matrix", (WEAK,), 1.0),
                Case(
                    "retrieval accuracy with one miss in three rows",
                    ([[1.0, 0.8, 0.2], [0.7, 1.0, 0.5], [0.1, 1.4, 1.0]],),
                    0.6666666666666666,
                ),
                Case(
                    "retrieval accuracy with a tie in the first row (a tie is a miss)",
                    ([[1.0, 1.0], [0.0, 2.0]],),
                    0.5,
                ),
            ),
        ),
    ]
}

# The mi_helpers functions each exercise asks students to write themselves rather than call.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "ex1": (
        "entropy",
        "mutual_information",
        "conditional_entropy",
        "conditional_mutual_information",
        "kl_divergence",
        "total_correlation",
        "pointwise_mutual_information",
    ),
    "ex2": ("histogram_mutual_information", "ksg_mutual_information"),
    "ex3": ("kl_divergence", "mutual_information", "entropy", "conditional_entropy", "total_correlation"),
    "ex4": (
        "conditional_mutual_information",
        "mutual_information",
        "entropy",
        "conditional_entropy",
        "total_correlation",
    ),
    "ex5": ("bsc_mutual_information", "channel_mutual_information", "channel_capacity", "mutual_information"),
    "ex6": ("histogram_mutual_information", "ksg_mutual_information"),
    "ex7": ("infonce_lower_bound", "dv_lower_bound", "nwj_lower_bound"),
    "ex8": ("bald_score",),
    "ex9": ("channel_mutual_information", "channel_capacity", "bsc_mutual_information", "mutual_information"),
    "ex10": ("infonce_lower_bound",),
}
