"""Bad input raises ValueError naming the problem; valid input with zeros never warns."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import mi_helpers as mi

GOOD = np.array([[0.4, 0.1], [0.1, 0.4]])

# Every function that takes a joint table, called on ``P``.
TABLE_FUNCTIONS = {
    "entropy": lambda P, **kw: mi.entropy(P, **kw),
    "conditional_entropy": lambda P, **kw: mi.conditional_entropy(P, **kw),
    "mutual_information": lambda P, **kw: mi.mutual_information(P, **kw),
    "total_correlation": lambda P, **kw: mi.total_correlation(P, **kw),
    "pointwise_mutual_information": lambda P, **kw: mi.pointwise_mutual_information(P, **kw),
    "kl_divergence (p)": lambda P, **kw: mi.kl_divergence(P, GOOD, **kw),
    "kl_divergence (q)": lambda P, **kw: mi.kl_divergence(GOOD, P, **kw),
}


@pytest.mark.parametrize("name", TABLE_FUNCTIONS)
@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([[0.5, -0.1], [0.3, 0.3]], r"negative entry -0\.1 at index \(0, 1\)"),
        ([[0.5, np.nan], [0.25, 0.25]], r"NaN at index \(0, 1\)"),
        ([[0.5, np.inf], [0.25, 0.25]], r"contains inf at index \(0, 1\)"),
        ([[0.5, -np.inf], [0.25, 0.25]], r"contains -inf at index \(0, 1\)"),
        ([[0.5, 0.2], [0.2, 0.2]], r"sums to 1\.1.*not 1.*normalize=True"),
        ([[0.4, 0.1], [0.1, 0.3]], r"sums to 0\.9.*not 1"),
        (np.zeros((0, 2)), r"empty \(shape \(0, 2\)\)"),
        ([["a", "b"], ["c", "d"]], r"array of real numbers"),
    ],
)
def test_bad_tables_are_named(name, table, message):
    with pytest.raises(ValueError, match=message):
        TABLE_FUNCTIONS[name](np.asarray(table) if not isinstance(table, list) else table)


def test_tolerance_on_the_total_scales_with_size():
    n = 2000
    P = np.full((n, n), 1.0 / n**2)
    P[0, 0] += 1e-9  # a relative error far below what 4 million roundings can produce
    assert mi.entropy(P) > 0
    with pytest.raises(ValueError, match="not 1"):
        mi.entropy([0.5, 0.5 + 1e-9])  # the same slack on two entries is a wrong total


def test_normalize_accepts_counts_but_not_a_zero_total():
    assert mi.mutual_information([[8, 2], [2, 8]], normalize=True) == pytest.approx(
        mi.mutual_information(GOOD), abs=1e-15
    )
    with pytest.raises(ValueError, match="positive total"):
        mi.entropy([0, 0], normalize=True)
    with pytest.raises(ValueError, match="negative entry"):
        mi.entropy([3, -1], normalize=True)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": 2, "y": 1}, r"axis 2 \(in x\) is out of range for a table with 2 dimension"),
        ({"x": 0, "y": -3}, r"axis -3 \(in y\) is out of range"),
        ({"x": 0, "y": 0}, r"axis 0 is used twice \(in x and in y\)"),
        ({"x": (0, 0), "y": 1}, r"axis 0 is used twice \(in x\)"),
        ({"x": (), "y": 1}, r"x must name at least one axis"),
        ({"x": 0.5, "y": 1}, r"x must be an axis or a tuple of axes"),
        ({"x": True, "y": 1}, r"x must be an axis or a tuple of axes"),
    ],
)
def test_bad_axes_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mi.mutual_information(GOOD, **kwargs)


def test_bad_axes_in_the_other_table_functions():
    P = np.full((2, 2, 2), 0.125)
    with pytest.raises(ValueError, match="used twice"):
        mi.conditional_mutual_information(P, x=0, y=1, z=1)
    with pytest.raises(ValueError, match="out of range"):
        mi.conditional_entropy(GOOD, x=0, given=5)
    with pytest.raises(ValueError, match="out of range"):
        mi.conditional_mutual_information(GOOD)  # z=2 does not exist in a 2-D table
    with pytest.raises(ValueError, match="used twice"):
        mi.pointwise_mutual_information(GOOD, x=1, y=1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mi.binary_entropy(1.5), r"p must lie in \[0, 1\]; got 1\.5"),
        (lambda: mi.binary_entropy([0.2, -0.1]), r"p must lie in \[0, 1\]; got -0\.1"),
        (lambda: mi.binary_entropy(np.nan), r"p must lie in \[0, 1\]; got nan"),
        (lambda: mi.bsc_mutual_information(1.2), r"eps must lie in \[0, 1\]; got 1\.2"),
        (lambda: mi.bsc_mutual_information(0.1, p1=-0.5), r"p1 must lie in \[0, 1\]; got -0\.5"),
        (lambda: mi.fano_bound(1.1, 4), r"p_error must lie in \[0, 1\]; got 1\.1"),
        (lambda: mi.bald_score([0.5, 1.5]), r"probs must lie in \[0, 1\]; got 1\.5"),
    ],
)
def test_probabilities_outside_the_unit_interval(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("rho", [1.0, -1.0, 1.5, np.nan])
def test_correlation_outside_the_open_interval(rho):
    with pytest.raises(ValueError, match=r"rho must lie in the open interval \(-1, 1\)"):
        mi.gaussian_mutual_information(rho)


@pytest.mark.parametrize(
    ("W", "message"),
    [
        ([0.5, 0.5], r"2-D channel matrix.*shape \(2,\)"),
        ([[0.9, 0.1], [0.2, 0.7]], r"not row-stochastic: row 1 sums to 0\.899"),
        ([[1.1, -0.1], [0.5, 0.5]], r"negative entry -0\.1 at index \(0, 1\)"),
        ([[np.nan, 1.0], [0.5, 0.5]], r"NaN at index \(0, 0\)"),
        (np.zeros((0, 2)), r"empty"),
    ],
)
def test_bad_channels(W, message):
    with pytest.raises(ValueError, match=message):
        mi.channel_capacity(W)
    with pytest.raises(ValueError, match=message):
        mi.channel_mutual_information([0.5, 0.5], W)


def test_channel_input_law_must_match_the_channel():
    with pytest.raises(ValueError, match=r"p_x has shape \(3,\) but W has 2 input rows"):
        mi.channel_mutual_information([0.2, 0.3, 0.5], [[0.9, 0.1], [0.1, 0.9]])
    with pytest.raises(ValueError, match="p_x sums to"):
        mi.channel_mutual_information([0.2, 0.3], [[0.9, 0.1], [0.1, 0.9]])


def test_capacity_arguments_and_non_convergence():
    bsc = [[0.9, 0.1], [0.1, 0.9]]
    with pytest.raises(ValueError, match="tol must be a positive number"):
        mi.channel_capacity(bsc, tol=0)
    with pytest.raises(ValueError, match="max_iter must be an integer >= 1"):
        mi.channel_capacity(bsc, max_iter=0)
    # too few iterations to certify: a clear error, never an uncertified number
    W = np.random.default_rng(0).dirichlet(np.ones(4), size=5)
    with pytest.raises(
        mi.ConvergenceError, match=r"did not certify capacity within tol=1e-12.*after 2 .*gap"
    ):
        mi.channel_capacity(W, max_iter=2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: mi.ksg_mutual_information(np.arange(10.0), np.arange(11.0)), r"x has 10, y has 11"),
        (lambda: mi.histogram_mutual_information(np.arange(5.0), np.arange(6.0)), r"x has 5, y has 6"),
        (lambda: mi.joint_table([0, 1, 1], [0, 1]), r"sample 0 has 3, sample 1 has 2"),
        (lambda: mi.nwj_lower_bound([1.0, np.nan], [0.0]), r"t_joint contains NaN or inf"),
        (lambda: mi.dv_lower_bound([1.0], [np.inf]), r"t_marginal contains NaN or inf"),
        (lambda: mi.dv_lower_bound([], [1.0]), r"t_joint is empty"),
    ],
)
def test_mismatched_or_bad_samples(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_ksg_input_checks():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal(50), rng.standard_normal(50)
    with pytest.raises(ValueError, match="k must be an integer >= 1; got 0"):
        mi.ksg_mutual_information(x, y, k=0)
    with pytest.raises(ValueError, match="k=50 needs more than k samples; got n=50"):
        mi.ksg_mutual_information(x, y, k=50)
    with pytest.raises(ValueError, match=r"y contains nan at index \(3, 0\)"):
        mi.ksg_mutual_information(x, np.where(np.arange(50) == 3, np.nan, y))
    with pytest.raises(ValueError, match="constant coordinate"):
        mi.ksg_mutual_information(x, np.ones(50))
    with pytest.raises(ValueError, match="repeated samples"):
        mi.ksg_mutual_information(np.repeat(x[:10], 5), np.repeat(y[:10], 5))


def test_histogram_and_joint_table_checks():
    with pytest.raises(ValueError, match="correction must be one of"):
        mi.histogram_mutual_information([0.0, 1.0], [1.0, 0.0], correction="panzeri")
    with pytest.raises(ValueError, match="sample 0 has a negative code -1"):
        mi.joint_table([0, -1], [0, 1])
    with pytest.raises(ValueError, match=r"sample 1 must hold integer codes 0, 1, 2, \.\.\.; got 0\.5"):
        mi.joint_table([0, 1], [0.5, 1.0])
    with pytest.raises(ValueError, match=r"sample 0 has value 3, outside its 2 levels 0\.\.1"):
        mi.joint_table([0, 3], [0, 1], levels=[2, 2])
    with pytest.raises(ValueError, match="levels has 1 entries for 2 sample arrays"):
        mi.joint_table([0, 1], [0, 1], levels=[2])
    with pytest.raises(ValueError, match="at least one array"):
        mi.joint_table()


def test_scores_and_bald_shapes():
    with pytest.raises(ValueError, match=r"square K x K matrix with K >= 2; got shape \(2, 3\)"):
        mi.infonce_lower_bound(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="scores contains NaN or inf"):
        mi.infonce_lower_bound([[0.0, np.inf], [0.0, 0.0]])
    with pytest.raises(ValueError, match=r"probs row 1 sums to 0\.9, not 1"):
        mi.bald_score([[0.5, 0.5], [0.4, 0.5]])
    with pytest.raises(ValueError, match=r"shape \(samples, classes\) or \(samples,\)"):
        mi.bald_score(np.full((2, 2, 2), 0.5))


def test_gaussian_covariance_checks():
    with pytest.raises(ValueError, match="not positive definite"):
        mi.gaussian_mutual_information_cov([[1.0, 1.0], [1.0, 1.0]], 1)
    with pytest.raises(ValueError, match="not symmetric"):
        mi.gaussian_mutual_information_cov([[1.0, 0.5], [0.2, 1.0]], 1)
    with pytest.raises(ValueError, match="x_dims=2 must be between 1 and 1"):
        mi.gaussian_mutual_information_cov(np.eye(2), 2)
    with pytest.raises(ValueError, match="x_dims must list distinct coordinates"):
        mi.gaussian_mutual_information_cov(np.eye(3), [0, 0])


@pytest.mark.parametrize("base", [0, -2, 1, math.inf, "2", True])
def test_bad_base(base):
    with pytest.raises(ValueError, match="base must be a positive number other than 1"):
        mi.entropy([0.5, 0.5], base=base)


def test_fano_arguments():
    with pytest.raises(ValueError, match="n_classes must be an integer >= 2; got 1"):
        mi.fano_bound(0.1, 1)
    with pytest.raises(ValueError, match=r"conditional_entropy must lie in \[0, log M\]"):
        mi.fano_min_error(2.0, 4)  # log 4 = 1.386 nats is the most there can be
    with pytest.raises(ValueError, match=r"conditional_entropy must lie in \[0, log M\]"):
        mi.fano_min_error(-0.1, 4)


# --- valid input never warns ----------------------------------------------------------------------
ZERO_TABLE = np.array([[0.5, 0.0, 0.0], [0.0, 0.25, 0.25]])
ZERO_CUBE = np.zeros((2, 2, 2))
ZERO_CUBE[0, 0, 0] = ZERO_CUBE[1, 1, 1] = 0.5
BIG_SPARSE = np.zeros((400, 400))
BIG_SPARSE[np.arange(400), np.arange(400)] = 1 / 400

VALID_CALLS = {
    "entropy": lambda: mi.entropy(ZERO_TABLE),
    "entropy large sparse": lambda: mi.entropy(BIG_SPARSE),
    "entropy point mass": lambda: mi.entropy([1.0, 0.0]),
    "mutual_information": lambda: mi.mutual_information(ZERO_TABLE, base=2),
    "mutual_information large sparse": lambda: mi.mutual_information(BIG_SPARSE),
    "conditional_entropy": lambda: mi.conditional_entropy(ZERO_TABLE, 1, 0),
    "conditional_mutual_information": lambda: mi.conditional_mutual_information(ZERO_CUBE),
    "total_correlation": lambda: mi.total_correlation(ZERO_CUBE),
    "pointwise_mutual_information": lambda: mi.pointwise_mutual_information(ZERO_TABLE),
    "kl_divergence inf": lambda: mi.kl_divergence([0.5, 0.5], [1.0, 0.0]),
    "kl_divergence zeros": lambda: mi.kl_divergence([1.0, 0.0], [0.5, 0.5]),
    "binary_entropy": lambda: mi.binary_entropy([0.0, 0.5, 1.0]),
    "joint_table": lambda: mi.joint_table([0, 0], [1, 1], levels=[3, 3]),
    "channel_mutual_information": lambda: mi.channel_mutual_information([1.0, 0.0], [[1.0, 0.0], [0.0, 1.0]]),
    "channel_capacity erasure": lambda: mi.channel_capacity([[0.7, 0.3, 0.0], [0.0, 0.3, 0.7]]),
    "channel_capacity Z": lambda: mi.channel_capacity([[1.0, 0.0], [0.5, 0.5]]),
    "channel_capacity useless": lambda: mi.channel_capacity([[0.5, 0.5], [0.5, 0.5]]),
    "bsc extremes": lambda: mi.bsc_mutual_information([0.0, 1.0], p1=[0.0, 1.0]),
    "gaussian zero": lambda: mi.gaussian_mutual_information(0.0),
    "fano extremes": lambda: mi.fano_bound([0.0, 1.0], 2),
    "fano inverse": lambda: mi.fano_min_error([0.0, math.log(3)], 3),
    "infonce huge scores": lambda: mi.infonce_lower_bound(1e300 * np.eye(3)),
    "nwj huge": lambda: mi.nwj_lower_bound([0.0], [1e5]),
    "dv huge": lambda: mi.dv_lower_bound([0.0], [1e5, -1e5]),
    "bald deterministic": lambda: mi.bald_score([[1.0, 0.0], [0.0, 1.0]]),
    "bald zeros": lambda: mi.bald_score([0.0, 1.0, 0.0]),
    "histogram sparse": lambda: mi.histogram_mutual_information([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], bins=10),
    "histogram miller-madow": lambda: mi.histogram_mutual_information(
        [0.0, 1.0, 2.0], [0.0, 1.0, 2.0], bins=10, correction="miller-madow"
    ),
}


@pytest.mark.parametrize("name", VALID_CALLS)
def test_valid_input_with_zeros_never_warns(name, capfd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        VALID_CALLS[name]()
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_scalar_results_are_python_floats():
    results = [
        mi.entropy([0.5, 0.5]),
        mi.mutual_information(GOOD),
        mi.conditional_entropy(GOOD),
        mi.conditional_mutual_information(ZERO_CUBE),
        mi.total_correlation(ZERO_CUBE),
        mi.kl_divergence([0.5, 0.5], [0.9, 0.1]),
        mi.binary_entropy(0.3),
        mi.bsc_mutual_information(0.1),
        mi.channel_mutual_information([0.5, 0.5], [[0.9, 0.1], [0.1, 0.9]]),
        mi.channel_capacity([[0.9, 0.1], [0.1, 0.9]])[0],
        mi.gaussian_mutual_information(0.5),
        mi.gaussian_mutual_information_cov(np.eye(2), 1),
        mi.fano_bound(0.1, 3),
        mi.fano_min_error(0.5, 3),
        mi.infonce_lower_bound(np.eye(3)),
        mi.nwj_lower_bound([1.0], [0.0]),
        mi.dv_lower_bound([1.0], [0.0]),
        mi.bald_score([0.2, 0.9]),
        mi.histogram_mutual_information([0.0, 1.0], [0.0, 1.0], bins=2),
        mi.ksg_mutual_information(np.arange(10.0) ** 1.5, np.sin(np.arange(10.0)), k=2),
    ]
    assert all(type(r) is float for r in results), [type(r) for r in results]
