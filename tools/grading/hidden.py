"""Hidden inputs of every check, drawn afresh for each grading run, with their expected values.

:func:`hidden_cases` gives, for a run's seed, every check's hidden cases *with* expected values
(computed here, in the grader's process, by :mod:`tools.grading.reference`). Only
:func:`kernel_inputs` (the inputs, no expected value) is handed to a student's sandboxed kernel.
A few edge cases (a zero entry, an infinite divergence, a certain model) are fixed; the rest are
random, so a student who read this file or the solutions still has to solve the problem.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np

from mi_exercises.encoding import encode_input
from mi_exercises.spec import CHECKS, Case
from tools.grading import reference as ref

Rng = np.random.Generator


def _table(rng: Rng, shape: tuple[int, ...], zeros: int = 0) -> np.ndarray:
    """A random joint pmf of ``shape`` with ``zeros`` empty cells."""
    P = rng.dirichlet(np.ones(int(np.prod(shape)))).reshape(shape)
    if zeros:
        flat = P.ravel()
        flat[rng.choice(flat.size, size=zeros, replace=False)] = 0.0
        P = flat.reshape(shape) / flat.sum()
    return P


def _channel(rng: Rng, n_in: int, n_out: int) -> np.ndarray:
    return rng.dirichlet(np.ones(n_out), size=n_in)


def _number(fn: Callable, what: str, *args: object, **kwargs: object) -> Case:
    return Case(what, args, fn(*args, **kwargs), kwargs=kwargs)


def _array(fn: Callable, what: str, *args: object, **kwargs: object) -> Case:
    value = np.asarray(fn(*args, **kwargs), dtype=float)
    return Case(what, args, (value.ravel().tolist(), value.shape), kwargs=kwargs, kind="array")


#: The tolerances at which Blahut–Arimoto is called on one hidden channel (kind ``first_certified``).
STOP_TOLS = (1e-2, 1e-3, 1e-4)


def _trajectory(
    W: np.ndarray, tol: float, max_steps: int = 100_000
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """I(p_k), the certified gap of p_k and p_k for the statement's iterates p_0, p_1, ... down to ``tol``.

    At most ``max_steps`` iterates: the last gap is then still above ``tol``.
    """
    used = W > 0
    log_w = np.log(np.where(used, W, 1.0))
    p = np.full(W.shape[0], 1.0 / W.shape[0])
    values, gaps, inputs = [], [], []
    for _ in range(max_steps):
        q = p @ W
        D = np.sum(np.where(used, W * (log_w - np.log(np.where(used, q, 1.0))), 0.0), axis=1)
        lower, upper = float(p @ D), float(D.max())
        values.append(lower)
        gaps.append(upper - lower)
        inputs.append(p)
        if upper - lower <= tol:
            break
        p = p * np.exp(D - upper)
        p = p / p.sum()
    return np.array(values), np.array(gaps), np.array(inputs)


def change_stops(values: np.ndarray, inputs: np.ndarray) -> dict[str, np.ndarray]:
    """For each way of measuring "a small change", its size between iterates k - 1 and k (k >= 1)."""
    step = inputs[1:] - inputs[:-1]
    change = np.abs(np.diff(values))
    return {
        "the change of I": change,
        "the relative change of I": change / np.maximum(np.abs(values[1:]), 1e-300),
        "the largest change of p": np.abs(step).max(axis=1),
        "the L1 change of p": np.abs(step).sum(axis=1),
        "the L2 change of p": np.sqrt((step**2).sum(axis=1)),
    }


def separates_stopping_rules(
    W: np.ndarray, tols: tuple[float, ...] = STOP_TOLS, max_steps: int = 300
) -> bool:
    """Whether calls at ``tols`` on ``W`` tell the certified-gap rule from every other stopping rule.

    The iterates must reach a gap of ``min(tols) / 100`` within ``max_steps``.
    At each tolerance the first certified iterate k must be clear of ``tol`` (its gap and the one
    before it more than 0.1 % away, so rounding cannot move the stop) and differ from its
    neighbours by more than 1e-7 (far above the check's 1e-9). The k must differ between the
    tolerances (so a rule that ignores ``tol``, or uses a fixed one, fails at least one), and for
    every measure of "a small change" (:func:`change_stops`) there must be a tolerance at which
    that rule returns an iterate at least two steps away from k, whether it returns the iterate
    before or after the small change.
    """
    values, gaps, inputs = _trajectory(W, min(tols) * 1e-2, max_steps)
    if gaps[-1] > min(tols) * 1e-2:  # slow to converge: not a channel for a quick test
        return False
    stops = []
    for tol in tols:
        k = int(np.argmax(gaps <= tol))
        if not (gaps[k] < tol * 0.999 and (k == 0 or gaps[k - 1] > tol * 1.001)):
            return False
        if k + 1 >= len(inputs) or np.abs(inputs[k + 1] - inputs[k]).max() < 1e-7:
            return False
        if k > 0 and np.abs(inputs[k - 1] - inputs[k]).max() < 1e-7:
            return False
        stops.append(k)
    if len(set(stops)) != len(stops) or len(inputs) < max(stops) + 3:
        return False
    for sizes in change_stops(values, inputs).values():
        caught = False
        for tol, k in zip(tols, stops, strict=True):
            small = np.nonzero(sizes <= tol)[0]
            after = int(small[0]) + 1 if small.size else 10**9  # the iterate after the small change
            caught = caught or (abs(after - k) > 1 and abs(after - 1 - k) > 1)
        if not caught:
            return False
    return True


def _stopping_channel(rng: Rng) -> np.ndarray:
    """A random 3x3 channel on which :func:`separates_stopping_rules` holds (about 4 draws in 10)."""
    while True:
        W = _channel(rng, 3, 3)
        if separates_stopping_rules(W):
            return W


def _ex1_entropy(rng: Rng) -> list[Case]:
    f = ref.entropy_nats
    return [
        _number(f, "an unseen pmf with a zero entry", [0.7, 0.0, 0.3]),
        _number(f, "an unseen point mass", [0.0, 1.0, 0.0, 0.0]),
        _number(f, "an unseen 2x2x2 table", _table(rng, (2, 2, 2))),
        _number(f, "an unseen 3x4 table with zero cells", _table(rng, (3, 4), zeros=3)),
    ]


def _ex1_mi(rng: Rng) -> list[Case]:
    f = ref.mutual_information_from_table
    perm = np.eye(3)[rng.permutation(3)] / 3
    with_empty_row = _table(rng, (4, 2))
    with_empty_row[1] = 0.0
    return [
        _number(f, "an unseen 3x4 table with zero cells", _table(rng, (3, 4), zeros=3)),
        _number(
            f,
            "an unseen independent 2x3 table",
            np.outer(rng.dirichlet(np.ones(2)), rng.dirichlet(np.ones(3))),
        ),
        _number(f, "an unseen 3x3 table where Y determines X", perm),
        _number(f, "an unseen 4x2 table with an empty row", with_empty_row / with_empty_row.sum()),
    ]


def _ex1_symmetry(rng: Rng) -> list[Case]:
    # No zero cells here: a 0 log 0 bug belongs to ex1_entropy and ex1_mi, not to this cell too.
    f = ref.mutual_information_from_table
    cases = []
    for shape in ((3, 4), (3, 3)):
        P = _table(rng, shape)
        cases += [
            _number(f, f"an unseen {shape[0]}x{shape[1]} table", P),
            _number(f, f"the transpose of an unseen {shape[0]}x{shape[1]} table", P.T.copy()),
        ]
    return cases


def _ex2_correlation(rng: Rng) -> list[Case]:
    f = ref.sample_correlation
    x = rng.standard_normal(1000)
    slope = -rng.uniform(0.2, 2.0)
    return [
        _number(f, "unseen negatively related samples", x, slope * x + rng.standard_normal(1000)),
        _number(f, "unseen points on a parabola", [-2.0, -1.0, 0.0, 1.0, 2.0], [4.0, 1.0, 0.0, 1.0, 4.0]),
        _number(f, "points on an unseen falling line", [1.0, 2.0, 3.0], [7.0, 5.0, 3.0]),
    ]


def _ex2_histogram(rng: Rng) -> list[Case]:
    f = ref.histogram_mi
    x = rng.standard_normal(3000)
    y = np.sin(2 * x) + 0.3 * rng.standard_normal(3000)
    u = rng.uniform(size=3000)
    return [
        _number(f, "an unseen sine relation, 12 bins", x, y, 12),
        _number(f, "unseen independent samples, 5 bins", x, u, 5),
        _number(f, "an unseen sine relation, 8 x 15 bins", x, y, [8, 15]),
    ]


def _ex3_kl(rng: Rng) -> list[Case]:
    f = ref.kl_divergence_nats
    p = rng.dirichlet(np.ones(3))
    p[0] = 0.0
    return [
        _number(f, "unseen pmfs where p has a zero", p / p.sum(), rng.dirichlet(np.ones(3))),
        _number(f, "unseen pmfs where q is 0 where p is not", [0.5, 0.5, 0.0], [1.0, 0.0, 0.0]),
        _number(f, "an unseen point mass against a uniform pmf", [1.0, 0.0, 0.0, 0.0], [0.25] * 4),
        _number(f, "unseen 2x2 tables", _table(rng, (2, 2)), _table(rng, (2, 2))),
    ]


def _ex3_mi_as_kl(rng: Rng) -> list[Case]:
    f = ref.mi_as_kl
    with_empty_row = _table(rng, (4, 2))
    with_empty_row[1] = 0.0
    return [
        _number(f, "an unseen 3x4 table with zero cells", _table(rng, (3, 4), zeros=3)),
        _number(f, "an unseen asymmetric 3x3 table", _table(rng, (3, 3))),
        _number(f, "an unseen 4x2 table with an empty row", with_empty_row / with_empty_row.sum()),
    ]


def _ex4_table(rng: Rng) -> list[Case]:
    f = ref.noisy_xor_table
    a, b, c = (float(v) for v in rng.uniform(0.05, 0.95, size=3))
    return [
        _array(f, "unseen parameters", a, b, c),
        _array(f, "unseen deterministic inputs", 1.0, 0.0, 0.3),
        _array(f, "unseen parameters", float(rng.uniform(0.6, 0.95)), 0.5, float(rng.uniform(0.05, 0.45))),
    ]


def _ex4_cmi(rng: Rng) -> list[Case]:
    f = ref.conditional_mi_from_table
    p_c = rng.dirichlet(np.ones(3))
    independent = np.stack(
        [np.outer(rng.dirichlet(np.ones(2)), rng.dirichlet(np.ones(3))) * p_c[k] for k in range(3)], axis=-1
    )
    return [
        _number(f, "an unseen 2x3x4 table with zero cells", _table(rng, (2, 3, 4), zeros=5)),
        _number(f, "an unseen table where A and B are independent given C", independent),
    ]


def _ex4_chain(rng: Rng) -> list[Case]:
    f = ref.chain_rule_terms
    return [
        Case("an unseen 3x2x4 table", (P := _table(rng, (3, 2, 4), zeros=2),), f(P)),
        Case(
            "an unseen degenerate table",
            (Q := ref.noisy_xor_table(0.5, 0.5, float(rng.uniform(0.05, 0.4))),),
            f(Q),
        ),
    ]


def _ex5_uniform(rng: Rng) -> list[Case]:
    f = ref.bsc_mi
    grid = np.sort(np.concatenate([[0.0, 0.5], rng.uniform(0, 0.5, size=6)]))
    return [
        _array(f, "an unseen grid of eps (including 0)", grid),
        _number(f, "the extreme eps = 0", 0.0),
        _number(f, "the extreme eps = 1", 1.0),
        _number(f, "eps = 0.5", 0.5),
        _array(f, "an unseen 2x2 array of eps", np.array([[0.0, rng.uniform(0.1, 0.4)], [0.7, 1.0]])),
    ]


def _ex5_input(rng: Rng) -> list[Case]:
    f = ref.bsc_mi
    return [
        _number(f, "an unseen constant input", float(rng.uniform(0.05, 0.45)), 0.0),
        _number(f, "an unseen constant input", float(rng.uniform(0.05, 0.45)), 1.0),
        _number(f, "an unseen biased input", float(rng.uniform(0.01, 0.2)), float(rng.uniform(0.6, 0.95))),
        _number(f, "an unseen biased input", float(rng.uniform(0.2, 0.45)), float(rng.uniform(0.05, 0.4))),
        _array(
            f,
            "an unseen array of eps with a biased input",
            rng.uniform(0.05, 0.45, size=2),
            float(rng.uniform(0.1, 0.4)),
        ),
    ]


def _seed(rng: Rng) -> int:
    return int(rng.integers(0, 2**31))


def _ex6_bias(rng: Rng) -> list[Case]:
    f = ref.histogram_bias
    return [
        _array(f, "unseen independent data, 10 bins", 0.0, 500, 10, 2, _seed(rng)),
        _array(f, "unseen strongly dependent data, 16 bins", 0.9, 2000, 16, 2, _seed(rng)),
    ]


#: The spread (standard deviation, nats) of one repeat's bias at (rho, n, bins), measured with the
#: reference over 1500 repeats (the distribution is close to normal there: skewness and excess
#: kurtosis within 0.15). tests/exercises/test_hidden.py measures it again.
BIAS_SD: dict[tuple[float, int, int], float] = {
    (0.6, 20000, 8): 0.00451,
    (0.0, 500, 20): 0.02864,
    (0.6, 20000, 30): 0.00430,
    (0.6, 1000, 30): 0.02776,
}

#: The probability, for correct code and normal repeats, that one spread check rejects.
SPREAD_FALSE_REJECTION = 1e-9


#: The SPREAD_FALSE_REJECTION quantiles (lower, upper) of chi^2 with df degrees of freedom, for
#: the repeat counts the checks use (scipy.stats.chi2.ppf / isf; test_hidden.py computes them again:
#: the grader does not import scipy.stats, which costs seconds in every worker).
CHI2_QUANTILES: dict[int, tuple[float, float]] = {
    5: (0.0008122895656656541, 50.69219370154303),
    9: (0.04840705843628935, 60.6603083737724),
}


def spread_bounds(sd: float, repeats: int, slack: float = 1.25) -> tuple[float, float]:
    """Bounds on the sample variance (ddof = 1) of ``repeats`` independent draws of spread ``sd``.

    (repeats - 1) s^2 / sd^2 follows chi^2 with repeats - 1 degrees of freedom for normal draws;
    each bound is its :data:`SPREAD_FALSE_REJECTION` quantile (:data:`CHI2_QUANTILES`), widened by
    ``slack`` on the variance for the error of the measured ``sd``. Identical repeats (spread 0)
    and constants fail.
    """
    df = repeats - 1
    low, high = CHI2_QUANTILES[df]
    return sd**2 * low / df / slack, sd**2 * high / df * slack


def _claim(what: str, rho: float, n: int, bins: int, repeats: int, seed: int, mean: tuple) -> Case:
    spread = spread_bounds(BIAS_SD[(rho, n, bins)], repeats)
    return Case(what, (rho, n, bins, repeats, seed), (mean, (repeats,), spread), kind="mean_between")


def _ex6_claims(rng: Rng) -> list[Case]:
    # Each interval holds for the reference at every seed tried (tests/exercises/test_hidden.py and
    # test_redraw.py); the spread of the repeats must be that of independent samples.
    return [
        _claim(
            "a coarse histogram on many samples (8 bins, n = 20000)",
            0.6,
            20000,
            8,
            6,
            _seed(rng),
            (-0.06, -0.005),
        ),
        _claim("independent data (20 bins, n = 500)", 0.0, 500, 20, 10, _seed(rng), (0.2, 0.36)),
        _claim("30 bins on many samples (n = 20000)", 0.6, 20000, 30, 6, _seed(rng), (0.0, 0.045)),
    ]


def _ex7_value(rng: Rng) -> list[Case]:
    f = ref.infonce_bound
    return [
        _number(f, "an unseen 5x5 matrix", rng.standard_normal((5, 5)) + 2 * np.eye(5)),
        _number(f, "an unseen 2x2 matrix", rng.standard_normal((2, 2))),
    ]


def _ex7_stable(rng: Rng) -> list[Case]:
    f = ref.infonce_bound
    huge = np.array([[1000.0, 2000.0], [0.0, 1000.0]]) * rng.uniform(1, 2)
    return [
        Case("an unseen matrix with huge scores", (huge,), f(huge)),
        _number(f, "an unseen matrix of large negative scores", -10000.0 * (1 - np.eye(6))),
        Case("an unseen 64x64 matrix of large scores", (S := 500 * rng.standard_normal((64, 64)),), f(S)),
    ]


def _ex7_critic(rng: Rng) -> list[Case]:
    f = ref.gaussian_critic
    return [
        _array(
            f,
            "unseen points, a negative rho",
            rng.standard_normal(4),
            rng.standard_normal(4),
            -float(rng.uniform(0.1, 0.9)),
        ),
        _array(
            f, "one unseen pair", rng.standard_normal(1), rng.standard_normal(1), float(rng.uniform(0.1, 0.9))
        ),
    ]


def _ex8_binary(rng: Rng) -> list[Case]:
    f = ref.bald_score
    a = float(rng.uniform(0.05, 0.95))
    return [
        _number(f, "two unseen opposite certain models", 1.0, 0.0),
        _number(f, "two unseen agreeing models", a, a),
        _number(f, "two unseen certain agreeing models", 0.0, 0.0),
        _number(f, "two unseen models", float(rng.uniform(0.05, 0.5)), float(rng.uniform(0.5, 0.95))),
    ]


def _ex8_general(rng: Rng) -> list[Case]:
    f = ref.bald_general
    P = rng.dirichlet(np.ones(4), size=5)
    P[1] = [0.0, 1.0, 0.0, 0.0]
    row = rng.dirichlet(np.ones(3))
    return [
        _number(f, "5 unseen samples of 4 classes, one certain", P),
        _number(f, "4 unseen identical samples", np.tile(row, (4, 1))),
    ]


def _ex8_weights(rng: Rng) -> list[Case]:
    f = ref.bald_general
    P = rng.dirichlet(np.ones(3), size=3)
    Q = rng.dirichlet(np.ones(4), size=5)
    w = rng.dirichlet(np.ones(5))
    w[-1] = 0.0
    return [
        _number(f, "unseen weights", P, rng.dirichlet(np.ones(3))),
        _number(f, "unseen weights with a zero", Q, w / w.sum()),
    ]


def _ex9_channel_mi(rng: Rng) -> list[Case]:
    f = ref.channel_mi
    W = _channel(rng, 3, 3)
    W[1, 0] = 0.0
    W[1] /= W[1].sum()
    e = float(rng.uniform(0.1, 0.6))
    return [
        _number(f, "an unseen constant input", [1.0, 0.0], [[0.9, 0.1], [0.1, 0.9]]),
        _number(f, "an unseen 3x3 channel with a zero", rng.dirichlet(np.ones(3)), W),
        _number(f, "an unseen erasure channel", [0.5, 0.5], [[1 - e, e, 0.0], [0.0, e, 1 - e]]),
        _number(f, "an unseen input that never uses a row", [0.0, 0.4, 0.6], W),
    ]


def _ex9_capacity(rng: Rng) -> list[Case]:
    f = ref.blahut_arimoto
    a = float(rng.uniform(0.05, 0.6))
    e = float(rng.uniform(0.05, 0.4))
    W4 = np.full((4, 4), e / 3) + (1 - 4 * e / 3) * np.eye(4)
    dup = np.array([[0.9, 0.1], [0.9, 0.1], [0.2, 0.8]])
    # Several tolerances on one channel built so that no other stopping rule stops where the
    # certified gap does at all of them (tests/exercises/test_redraw.py tries them on 200 draws).
    W3 = _stopping_channel(rng)
    cases = []
    for tol in STOP_TOLS:
        C, p = f(W3, tol=tol)
        cases.append(
            Case(
                f"an unseen 3x3 channel at tol = {tol:g}",
                (W3,),
                (C, p.tolist()),
                kwargs={"tol": tol},
                kind="first_certified",
            )
        )
    for what, W in (
        ("an unseen Z-channel", np.array([[1.0, 0.0], [a, 1 - a]])),
        ("an unseen 4-ary symmetric channel", W4),
    ):
        C, p = f(W)
        cases.append(Case(what, (W,), (C, p.tolist())))
    cases.append(Case("an unseen channel with a duplicated input", (dup,), (f(dup)[0], None)))
    return cases


def _ex10_loss(rng: Rng) -> list[Case]:
    f = ref.info_nce_loss
    S = rng.standard_normal((4, 4)) + 1.5 * np.eye(4)
    return [
        _number(
            f,
            "the weak matrix at an unseen tiny temperature",
            CHECKS["ex10_loss"].visible[0].args[0],
            float(rng.uniform(0.005, 0.02)),
        ),
        _number(f, "an unseen 4x4 matrix", S, float(rng.uniform(0.1, 2.0))),
        _number(f, "an unseen matrix at temperature 1e-4", [[1.0, 0.0], [0.0, 1.0]], 1e-4),
    ]


def _ex10_symmetric(rng: Rng) -> list[Case]:
    f = ref.symmetric_info_nce_loss
    S = rng.standard_normal((4, 4)) + 1.5 * np.eye(4)
    return [
        _number(f, "an unseen asymmetric 4x4 matrix", S, float(rng.uniform(0.2, 1.0))),
        _number(f, "an unseen asymmetric 4x4 matrix at a low temperature", S, 0.05),
    ]


def _ex10_retrieval(rng: Rng) -> list[Case]:
    f = ref.retrieval_accuracy
    return [
        _number(
            f,
            "an unseen matrix with ties (a tie is a miss)",
            [[1.0, 1.0, 0.0], [0.0, 2.0, 1.0], [0.5, 0.5, 0.5]],
        ),
        _number(f, "an unseen 5x5 matrix", rng.standard_normal((5, 5)) + np.eye(5)),
    ]


GENERATORS: dict[str, Callable[[Rng], list[Case]]] = {
    check_id: globals()[f"_{check_id}"] for check_id in CHECKS
}


def _assignment_generators() -> dict[str, dict[str, Callable[[Rng], list[Case]]]]:
    """assignment id -> its checks' generators (the second assignment's live in hidden_practice)."""
    from tools.grading import hidden_practice

    return {"mutual_information": GENERATORS, "estimation_in_practice": hidden_practice.GENERATORS}


def hidden_cases(seed: int, assignment: str = "mutual_information") -> dict[str, list[Case]]:
    """Every check's hidden cases of ``assignment`` for the run with this seed, expected values included.

    An assignment the course does not know has no hidden cases (its cells fail: no check is defined).
    """
    out = {}
    for check_id, generate in _assignment_generators().get(assignment, {}).items():
        rng = np.random.default_rng([seed, zlib.crc32(check_id.encode())])
        out[check_id] = generate(rng)
    return out


def kernel_inputs(cases: dict[str, list[Case]]) -> dict[str, list[dict]]:
    """What the student's kernel receives: descriptions and inputs, never an expected value."""
    return {
        check_id: [
            {"what": c.what, "args": encode_input(list(c.args)), "kwargs": encode_input(c.kwargs)}
            for c in items
        ]
        for check_id, items in cases.items()
    }


__all__ = [
    "BIAS_SD",
    "CHI2_QUANTILES",
    "GENERATORS",
    "STOP_TOLS",
    "hidden_cases",
    "kernel_inputs",
    "spread_bounds",
]
