"""mi_helpers against the exact values of ../shared/ORACLES.md (40-digit arithmetic).

The values are copied here so the tests run anywhere; ``test_values_match_oracles_file``
checks the copy against the file whenever it is present beside the repository.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

import mi_helpers as mi

from .support import LOG2, h2

EXACT = 1e-12  # exact quantities: float rounding only

ORACLES = {
    "S2/Ex1 H(X)": 0.69314718056,
    "S2/Ex1 H(X,Y)": 1.1935496041,
    "S2/Ex1 I(X;Y)": 0.192744757022,
    "S4 PMI(new,york)": 1.50407739678,
    "S4 PMI(new,learning)": -1.33500106673,
    "S4 PMI(new,event)": -2.50143595174,
    "S4 PMI(deep,york)": -1.38629436112,
    "S4 PMI(deep,learning)": 1.37304913437,
    "S4 PMI(deep,event)": -1.11514159062,
    "S4 PMI(rare,york)": -2.48490664979,
    "S4 PMI(rare,learning)": -1.33500106673,
    "S4 PMI(rare,event)": 0.425303450328,
    "S4 I(X;Y)=E[PMI] of word table": 0.553129157838,
    "S5 common-cause I(X;Y)": 0.120090263429,
    "S5 common-cause I(X;Z) = log2-h2(0.1)": 0.368064207168,
    "S5 common-cause I(Y;Z) = log2-h2(0.2)": 0.192744757022,
    "S8 original MI": 0.451783888811,
    "S8 coarse MI": 0.293693827333,
    "S9 DPI I(X;T) = log2-h2(0.15)": 0.270438092754,
    "S9 DPI I(X;Y) = log2-h2(0.29)": 0.0909954979673,
    "S11/Ex5 BSC I at eps=0.1": 0.368064207168,
    "S11/Ex5 BSC I at eps=0.25": 0.130812035941,
    "S11/Ex5 BSC I at eps=0.49": 0.000200013335467,
    "Gaussian MI rho=0.6": 0.223143551314,
    "Gaussian MI rho=0.7": 0.336672276632,
    "Gaussian MI rho=0.8": 0.510825623766,
    "S1 linear pair Y=2X+0.3N true MI = 0.5 log(4.09/0.09)": 1.90824528935,
    "S15 dependent pair Y=X+0.5N true MI = 0.5 log 5": 0.804718956217,
    "S13 Fano I(Y;X)": 0.445846372465,
    "S13 Fano H(Y|X)": 0.940447988655,
    "S22/Ex8 BALD moderate": 0.130812035941,
    "S22/Ex8 BALD very informative": 0.494631937214,
    "Ex9 capacity (nats) log2-h2(0.15)": 0.270438092754,
    "Ex9 capacity (bits)": 0.390159695284,
    "Ex9 MI at grid point 0.45 (= at 0.55)": 0.267986087989,
    "Ex10 weak bound log3 - L": 0.317680128057,
    "Ex10 strong bound log3 - L": 0.86352945046,
}

# ORACLES.md prints 12 significant digits: the copies are exact to about 5e-12 relative.
PRINTED = 5e-12


def close(value: float, key: str) -> bool:
    expected = ORACLES[key]
    return abs(value - expected) <= PRINTED * max(1.0, abs(expected))


def test_values_match_oracles_file():
    """Every value copied above is the one ORACLES.md states (skipped without ../shared)."""
    path = Path(__file__).resolve().parents[3] / "shared" / "ORACLES.md"
    if not path.exists():
        pytest.skip(f"{path} not present")
    rows = dict(re.findall(r"^\| (.+?) \| (-?[0-9.e-]+) \|$", path.read_text(), flags=re.MULTILINE))
    for key, value in ORACLES.items():
        assert float(rows[key]) == value, key


# --- section 2 / exercise 1: the 2x2 table -------------------------------------------------
P_SYM = np.array([[0.4, 0.1], [0.1, 0.4]])


def test_two_by_two_entropies_and_information():
    assert close(mi.entropy(P_SYM.sum(axis=1)), "S2/Ex1 H(X)")
    assert close(mi.entropy(P_SYM), "S2/Ex1 H(X,Y)")
    assert close(mi.mutual_information(P_SYM), "S2/Ex1 I(X;Y)")
    assert abs(mi.mutual_information(P_SYM) - (LOG2 - h2(0.2))) <= EXACT


# --- section 4: PMI of the word table -------------------------------------------------------
WORDS = np.array([[0.18, 0.01, 0.01], [0.01, 0.15, 0.04], [0.01, 0.03, 0.56]])
ROWS, COLS = ["new", "deep", "rare"], ["york", "learning", "event"]


def test_pmi_of_word_table():
    pmi = mi.pointwise_mutual_information(WORDS)
    for i, wx in enumerate(ROWS):
        for j, wy in enumerate(COLS):
            assert close(pmi[i, j], f"S4 PMI({wx},{wy})")


def test_information_is_expected_pmi_and_pmi_prefers_rare_associations():
    pmi = mi.pointwise_mutual_information(WORDS)
    assert close(float((WORDS * pmi).sum()), "S4 I(X;Y)=E[PMI] of word table")
    assert close(mi.mutual_information(WORDS), "S4 I(X;Y)=E[PMI] of word table")
    assert np.unravel_index(np.argmax(pmi), pmi.shape) != np.unravel_index(np.argmax(WORDS), WORDS.shape)


# --- section 5: common cause and XOR --------------------------------------------------------
def common_cause() -> np.ndarray:
    """p(x, y, z) = p(z) p(x | z) p(y | z): Z a fair bit, X = Z flipped w.p. 0.1, Y w.p. 0.2."""
    p_x_z = np.array([[0.9, 0.1], [0.1, 0.9]])  # [z, x]
    p_y_z = np.array([[0.8, 0.2], [0.2, 0.8]])  # [z, y]
    return np.einsum("z,zx,zy->xyz", [0.5, 0.5], p_x_z, p_y_z)


def xor_table() -> np.ndarray:
    """X, Y fair independent bits and Z = X xor Y, axes (x, y, z)."""
    P = np.zeros((2, 2, 2))
    for a in (0, 1):
        for b in (0, 1):
            P[a, b, a ^ b] = 0.25
    return P


def test_common_cause_conditioning_removes_dependence():
    P = common_cause()
    assert close(mi.mutual_information(P, 0, 1), "S5 common-cause I(X;Y)")
    assert abs(mi.mutual_information(P, 0, 1) - (LOG2 - h2(0.26))) <= EXACT
    assert mi.conditional_mutual_information(P, 0, 1, 2) <= EXACT
    assert close(mi.mutual_information(P, 0, 2), "S5 common-cause I(X;Z) = log2-h2(0.1)")
    assert close(mi.mutual_information(P, 1, 2), "S5 common-cause I(Y;Z) = log2-h2(0.2)")


def test_xor_conditioning_reveals_dependence_and_total_correlation_is_log2():
    P = xor_table()
    assert mi.mutual_information(P, 0, 1) <= EXACT
    assert abs(mi.conditional_mutual_information(P, 0, 1, 2) - LOG2) <= EXACT
    assert abs(mi.total_correlation(P) - LOG2) <= EXACT
    assert abs(mi.mutual_information(P, x=(0, 1), y=2) - LOG2) <= EXACT


# --- section 7: chain rule on the noisy-XOR model (exact table) ------------------------------
def noisy_xor() -> np.ndarray:
    """Axes (x, z, y): X, Z fair bits, Y = X xor Z xor N with N ~ Bern(0.2)."""
    P = np.zeros((2, 2, 2))
    for x in (0, 1):
        for z in (0, 1):
            P[x, z, x ^ z] += 0.25 * 0.8
            P[x, z, 1 - (x ^ z)] += 0.25 * 0.2
    return P


def test_chain_rule_oracles():
    P = noisy_xor()
    whole = mi.mutual_information(P, x=(0, 1), y=2)
    assert abs(whole - ORACLES["S2/Ex1 I(X;Y)"]) <= PRINTED
    assert mi.mutual_information(P, 0, 2) <= EXACT
    assert abs(mi.conditional_mutual_information(P, x=1, y=2, z=0) - whole) <= EXACT


# --- section 8: invariance and coarsening ----------------------------------------------------
def test_permutation_invariance_and_coarsening():
    P = np.array([[0.30, 0.05, 0.00], [0.10, 0.25, 0.05], [0.00, 0.05, 0.20]])
    assert close(mi.mutual_information(P), "S8 original MI")
    assert close(mi.mutual_information(P[[2, 0, 1], :]), "S8 original MI")
    coarse = np.vstack([P[:2].sum(axis=0), P[2:].sum(axis=0)])
    assert close(mi.mutual_information(coarse), "S8 coarse MI")


# --- section 9: data processing on a binary Markov chain -------------------------------------
def test_data_processing_oracles():
    bsc = lambda e: np.array([[1 - e, e], [e, 1 - e]])  # noqa: E731
    P = np.einsum("x,xt,ty->xty", [0.5, 0.5], bsc(0.15), bsc(0.20))
    assert close(mi.mutual_information(P, 0, 1), "S9 DPI I(X;T) = log2-h2(0.15)")
    assert close(mi.mutual_information(P, 0, 2), "S9 DPI I(X;Y) = log2-h2(0.29)")
    assert abs(mi.mutual_information(P, 0, 2) - mi.bsc_mutual_information(0.29)) <= EXACT


# --- sections 11-13: channels, Gaussians, Fano -----------------------------------------------
@pytest.mark.parametrize("eps", ["0.1", "0.25", "0.49"])
def test_bsc(eps):
    assert close(mi.bsc_mutual_information(float(eps)), f"S11/Ex5 BSC I at eps={eps}")


def test_bsc_noiseless_is_exactly_log2():
    assert mi.bsc_mutual_information(0.0) == LOG2
    assert mi.bsc_mutual_information(0.0, base=2) == 1.0


@pytest.mark.parametrize("rho", ["0.6", "0.7", "0.8"])
def test_gaussian(rho):
    assert close(mi.gaussian_mutual_information(float(rho)), f"Gaussian MI rho={rho}")
    assert close(mi.gaussian_mutual_information(-float(rho)), f"Gaussian MI rho={rho}")


def test_gaussian_pairs_of_the_theory_notebook():
    linear = [[1.0, 2.0], [2.0, 4.09]]  # Y = 2X + 0.3N
    assert close(
        mi.gaussian_mutual_information_cov(linear, 1), "S1 linear pair Y=2X+0.3N true MI = 0.5 log(4.09/0.09)"
    )
    dependent = [[1.0, 1.0], [1.0, 1.25]]  # Y = X + 0.5N
    assert close(
        mi.gaussian_mutual_information_cov(dependent, 1), "S15 dependent pair Y=X+0.5N true MI = 0.5 log 5"
    )


def test_fano_symmetric_channel_is_the_equality_case():
    M, p_correct = 4, 0.7
    W = np.full((M, M), (1 - p_correct) / (M - 1))
    np.fill_diagonal(W, p_correct)
    P = W / M  # uniform label, axes (label, observation)
    assert close(mi.mutual_information(P), "S13 Fano I(Y;X)")
    h_cond = mi.conditional_entropy(P, x=0, given=1)
    assert close(h_cond, "S13 Fano H(Y|X)")
    assert abs(mi.fano_bound(0.3, M) - h_cond) <= EXACT
    assert abs(mi.fano_min_error(h_cond, M) - 0.3) <= 1e-9


# --- section 18: information bottleneck representations --------------------------------------
@pytest.mark.parametrize(
    ("name", "t_of_x", "i_xt", "i_ty"),
    [
        ("identity", [0, 1, 2, 3], math.log(4), LOG2),
        ("useful bit", [0, 0, 1, 1], LOG2, LOG2),
        ("nuisance bit", [0, 1, 0, 1], LOG2, 0.0),
    ],
)
def test_bottleneck_representations(name, t_of_x, i_xt, i_ty):
    x = np.arange(4)  # X = (useful, nuisance) coded 0..3, uniform; Y = useful bit
    P = mi.joint_table(x, np.asarray(t_of_x), x // 2)  # axes (x, t, y), each x once
    assert abs(mi.mutual_information(P, 0, 1) - i_xt) <= EXACT, name
    assert abs(mi.mutual_information(P, 1, 2) - i_ty) <= EXACT, name


# --- section 22 / exercise 8: BALD ------------------------------------------------------------
def test_bald_candidates():
    assert mi.bald_score([0.5, 0.5]) == 0.0
    assert close(mi.bald_score([0.75, 0.25]), "S22/Ex8 BALD moderate")
    assert close(mi.bald_score([0.95, 0.05]), "S22/Ex8 BALD very informative")


# --- exercises 9 and 10 ------------------------------------------------------------------------
def test_bsc_capacity_and_off_optimum_input():
    W = [[0.85, 0.15], [0.15, 0.85]]
    capacity, p = mi.channel_capacity(W)
    assert close(capacity, "Ex9 capacity (nats) log2-h2(0.15)")
    assert close(mi.channel_capacity(W, base=2)[0], "Ex9 capacity (bits)")
    assert np.allclose(p, [0.5, 0.5], atol=1e-12, rtol=0)
    assert close(mi.bsc_mutual_information(0.15, p1=0.45), "Ex9 MI at grid point 0.45 (= at 0.55)")
    assert close(mi.channel_mutual_information([0.45, 0.55], W), "Ex9 MI at grid point 0.45 (= at 0.55)")


def test_infonce_on_the_exercise_similarity_matrices():
    weak = np.array([[1.0, 0.8, 0.2], [0.7, 1.0, 0.5], [0.1, 0.4, 1.0]])
    assert close(mi.infonce_lower_bound(weak), "Ex10 weak bound log3 - L")
    assert close(mi.infonce_lower_bound(weak + 1.5 * np.eye(3)), "Ex10 strong bound log3 - L")
