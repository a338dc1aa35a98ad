"""Synthetic submissions of the second assignment, ``estimation_in_practice``.

Built like :mod:`tests.exercises.synthetic` (the release notebook with the reference answers pasted
in, then a scenario's edit): the reference, correct answers in other idioms (``fair_*``) and one
plausible wrong answer per exercise (``wrong_*``), each with the grade cells it must lose.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.exercises.synthetic import Notebook, Scenario, replace, solved

ASSIGNMENT = "estimation_in_practice"
NOTEBOOK = "estimation_in_practice"
MANUAL_CELLS = ("p2_written", "p6_written")


def _wrong(gid: str, old: str, new: str) -> Callable[[Notebook, Notebook], Notebook]:
    return lambda release, solutions: solved(release, solutions, {gid: replace(old, new)})


def _rewrite(edits: dict[str, Callable[[str], str]]) -> Callable[[Notebook, Notebook], Notebook]:
    return lambda release, solutions: solved(release, solutions, edits)


def _from(marker: str, body: str) -> Callable[[str], str]:
    """Replace the cell's text from the line that starts ``marker`` to the end by ``body``."""

    def edit(text: str) -> str:
        return text[: text.index(marker)] + body

    return edit


_FAIR_P1 = """def entropy_by_quadrature(x, f):
    from scipy.integrate import trapezoid
    from scipy.special import entr

    return float(trapezoid(entr(np.asarray(f, dtype=float)), np.asarray(x, dtype=float)))


def quantised_entropy(p, delta):
    from scipy.special import entr

    return float(entr(np.asarray(p, dtype=float)).sum() + np.log(delta))
"""

_FAIR_P2 = """def dv_estimate(t_joint, t_marginal):
    from scipy.special import logsumexp

    return float(np.mean(t_joint) - (logsumexp(t_marginal) - math.log(len(t_marginal))))


def nwj_estimate(t_joint, t_marginal):
    from scipy.special import logsumexp

    return float(np.mean(t_joint) - math.exp(logsumexp(t_marginal) - math.log(len(t_marginal)) - 1))
"""

_FAIR_P3 = """def dv_gradient(theta, f_joint, f_marginal):
    from scipy.special import softmax

    fm = np.asarray(f_marginal, dtype=float)
    return np.mean(f_joint, axis=0) - softmax(fm @ np.asarray(theta, dtype=float)) @ fm


def mine_fit(f_joint, f_marginal, steps=1000, lr=0.5):
    theta = np.zeros(len(f_joint[0]))
    done = 0
    while done < steps:
        theta += lr * dv_gradient(theta, f_joint, f_marginal)
        done += 1
    return theta
"""

_FAIR_P4 = """def bootstrap_percentile(x, y, indices, level=0.9):
    x, y = np.asarray(x), np.asarray(y)
    values = np.array([plugin_mi(x[i], y[i]) for i in indices])
    return np.percentile(values, [50 * (1 - level), 50 * (1 + level)])


def permutation_p_value(x, y, permutations):
    y = np.asarray(y)
    t = plugin_mi(x, y)
    at_least = 0
    for order in permutations:
        if plugin_mi(x, y[order]) >= t - 1e-12:
            at_least += 1
    return (at_least + 1) / (len(permutations) + 1)
"""

_FAIR_P5 = """def _entropy(T):
    T = T[T > 0]
    return -float(np.sum(T * np.log(T)))


def subset_mi(P, subset):
    P = np.asarray(P, dtype=float)
    d = P.ndim - 1
    joint = P.sum(axis=tuple(j for j in range(d) if j not in subset))
    xs = joint.sum(axis=-1)
    return _entropy(xs) + _entropy(joint.sum(axis=tuple(range(joint.ndim - 1)))) - _entropy(joint)


def mi_ranking(P, k):
    d = np.ndim(P) - 1
    order = sorted(range(d), key=lambda j: -subset_mi(P, [j]))
    return np.array(order[:k])


def greedy_cmi_selection(P, k):
    d = np.ndim(P) - 1
    chosen = []
    while len(chosen) < k:
        base = subset_mi(P, chosen) if chosen else 0.0
        gains = {j: subset_mi(P, chosen + [j]) - base for j in range(d) if j not in chosen}
        chosen.append(max(gains, key=gains.get))
    return np.array(chosen)
"""

_FAIR_P6 = """def ksg_mi(x, y, k=3):
    from scipy.special import digamma

    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    if y.ndim == 1:
        y = y[:, None]
    n = len(x)
    total = 0.0
    for i in range(n):
        dx = np.abs(x - x[i]).max(axis=1)
        dy = np.abs(y - y[i]).max(axis=1)
        dz = np.maximum(dx, dy)
        dz[i] = np.inf
        eps = np.partition(dz, k - 1)[k - 1]
        n_x = np.count_nonzero(dx < eps) - 1  # the point itself is at distance 0
        n_y = np.count_nonzero(dy < eps) - 1
        total += digamma(n_x + 1) + digamma(n_y + 1)
    return float(digamma(k) + digamma(n) - total / n)
"""

_LIBRARY_P2 = """def dv_estimate(t_joint, t_marginal):
    return mi.dv_lower_bound(t_joint, t_marginal)


def nwj_estimate(t_joint, t_marginal):
    return mi.nwj_lower_bound(t_joint, t_marginal)
"""

_LIBRARY_P6 = """def ksg_mi(x, y, k=3):
    return mi.ksg_mutual_information(x, y, k=k, standardize=False)
"""

SCENARIOS: list[Scenario] = [
    Scenario("solution", "the reference solutions", lambda r, s: solved(r, s)),
    Scenario(
        "fair_idioms",
        "every exercise in other idioms (scipy entr/trapezoid/logsumexp/softmax, loops, entropies)",
        _rewrite(
            {
                "p1_solution": _from("def entropy_by_quadrature", _FAIR_P1),
                "p2_solution": _from("def dv_estimate", _FAIR_P2),
                "p3_solution": _from("def dv_gradient", _FAIR_P3),
                "p4_solution": _from("def bootstrap_percentile", _FAIR_P4),
                "p5_solution": _from("def subset_mi", _FAIR_P5),
                "p6_solution": _from("def ksg_mi", _FAIR_P6),
            }
        ),
    ),
    Scenario(
        "wrong_p1_sum",
        "Ex1 sums g times the spacing (every point weighted one, the ends too)",
        _wrong(
            "p1_solution",
            "return float(np.sum((g[1:] + g[:-1]) / 2 * np.diff(x)))",
            "return float(np.sum(g) * (x[1] - x[0]))",
        ),
        lose=("p1_quadrature",),
    ),
    Scenario(
        "wrong_p2_naive_dv",
        "Ex2 computes log mean exp without subtracting the largest score",
        _wrong(
            "p2_solution",
            "return float(tj.mean() - (top + np.log(np.mean(np.exp(tm - top)))))",
            "return float(tj.mean() - np.log(np.mean(np.exp(tm))))",
        ),
        lose=("p2_dv",),
    ),
    Scenario(
        "wrong_p3_unnormalised",
        "Ex3 divides the weights by m instead of their sum (not a softmax)",
        _wrong("p3_solution", "weights /= weights.sum()", "weights /= len(weights)"),
        lose=("p3_gradient", "p3_fit"),
    ),
    Scenario(
        "wrong_p4_no_plus_one",
        "Ex4 reports #{T_b >= T} / B (the observed data not counted)",
        _wrong(
            "p4_solution",
            "return float((1 + np.sum(permuted >= observed - 1e-12)) / (len(permuted) + 1))",
            "return float(np.sum(permuted >= observed - 1e-12) / len(permuted))",
        ),
        lose=("p4_permutation",),
    ),
    Scenario(
        "wrong_p5_plain_mi",
        "Ex5's greedy step scores each candidate by I(X_j; Y) alone",
        _wrong(
            "p5_solution",
            "key=lambda j: subset_mi(P, chosen + [j])",
            "key=lambda j: subset_mi(P, [j])",
        ),
        lose=("p5_greedy",),
    ),
    Scenario(
        "wrong_p6_le",
        "Ex6 counts the marginal neighbours with <= (the k-th neighbour itself counted)",
        _rewrite(
            {
                "p6_solution": lambda t: replace("dist_y < eps", "dist_y <= eps")(
                    replace("dist_x < eps", "dist_x <= eps")(t)
                )
            }
        ),
        lose=("p6_ksg", "p6_ksg_multi"),
    ),
    # the library's own answers (exact in JupyterLab, where grader.check refuses them): withheld while grading
    Scenario(
        "cheat_library",
        "Ex2 and Ex6 return mi_helpers.dv_lower_bound, nwj_lower_bound and ksg_mutual_information",
        _rewrite(
            {
                "p2_solution": _from("def dv_estimate", _LIBRARY_P2),
                "p6_solution": _from("def ksg_mi", _LIBRARY_P6),
            }
        ),
        lose=("p2_dv", "p2_nwj", "p6_ksg", "p6_ksg_multi"),
    ),
]

__all__ = ["ASSIGNMENT", "MANUAL_CELLS", "NOTEBOOK", "SCENARIOS"]
