# %% [markdown]
# # Mutual information 2 · Identities and structural theorems
#
# *Theory notebook 2 of 7 of the course* Mutual information for machine learning.
# Sections 5–10.
#
# Mutual information is useful because it obeys a small set of exact rules: it can be
# conditioned, it adds up along a chain rule, it ignores relabelling, and it can only shrink
# when data is processed. This notebook states each rule, checks it to about $10^{-12}$ on exact
# probability tables, and shows it in a figure.
#
# **Learning objectives.** After this notebook you can
#
# 1. compute conditional mutual information and give examples where conditioning removes or
#    creates dependence;
# 2. use symmetry, non-negativity and the bound $I(X;Y) \le \min\{H(X), H(Y)\}$;
# 3. split the information of several variables with the chain rule;
# 4. explain why bijections preserve MI and coarse-graining can only lose it;
# 5. apply the data-processing inequality to a Markov chain $X \to T \to Y$;
# 6. recognise synergy (XOR) and measure multivariate dependence with the total correlation.
#
# Previous: [Notebook 1 · Intuition and definitions](01_intuition_and_definitions.ipynb).
# All quantities are in nats unless a line says bits.

# %% [markdown]
# ## Setup

# %%
# The course's packages: `make setup` installs them in a clone. Anywhere else
# (Colab, a notebook downloaded from the course's site) this cell installs them,
# or says how. MI_COURSE_PACKAGES names another requirement to install instead.
import importlib.util
import os
import subprocess
import sys

COURSE_PACKAGES = "git+https://github.com/mi-course/mutual-information@v1.0.0"
if importlib.util.find_spec("mi_course") is None:
    wanted = os.environ.get("MI_COURSE_PACKAGES", "")
    on_colab = "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ
    if wanted or on_colab:
        pip = [sys.executable, "-m", "pip", "install", "-q"]
        subprocess.run([*pip, wanted or COURSE_PACKAGES], check=True)
        importlib.invalidate_caches()
    else:
        raise ModuleNotFoundError(
            "The course's packages are missing: run  "
            f'%pip install "{COURSE_PACKAGES}"  and then this cell again.'
        )

import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

import mi_helpers as mi
from mi_course import check, check_close
from mi_course.identities import random_joint_tables
from mi_course.plotting import (
    COLORS,
    PALETTE,
    course_subplots,
    reference_line,
    use_course_style,
)

use_course_style()
SEED = 2024
LOG2 = math.log(2.0)
print(f"Setup done: course figure style on, SEED = {SEED}.")


# %% [markdown]
# Most examples below are built on fair bits and binary symmetric channels (a bit that is flipped
# with probability $\varepsilon$). The joint tables of bits are built exactly, by multiplying the
# factors of their law with `np.einsum` or by indexing with every combination of bit values.


# %%
def bsc(eps: float) -> np.ndarray:
    """W[x, y] = p(y | x) of a binary symmetric channel with flip probability eps."""
    return np.array([[1 - eps, eps], [eps, 1 - eps]])


# %% [markdown]
# ## 5. Conditional mutual information
#
# The conditional mutual information
#
# $$
# I(X;Y\mid Z) = H(X\mid Z) - H(X\mid Y,Z) = \sum_z p(z)\, I(X;Y\mid Z=z)
# $$
#
# is the dependence between $X$ and $Y$ that remains once $Z$ is known. Conditioning can go
# both ways:
#
# * **common cause.** $Z$ is a fair bit; $X$ copies it with flip probability 0.1 and $Y$ with flip
#   probability 0.2. $X$ and $Y$ are dependent only through $Z$: they agree with probability
#   $0.9 \cdot 0.8 + 0.1 \cdot 0.2 = 0.74$, so $I(X;Y) = \log 2 - h(0.26)$, but
#   $I(X;Y\mid Z) = 0$. (Here $h(q) = -q\log q - (1-q)\log(1-q)$ is the binary entropy.)
# * **synergy (collider).** $X$ and $Y$ are independent fair bits and $Z = X \oplus Y$. Then
#   $I(X;Y) = 0$, but once $Z$ is known, $Y$ determines $X$: $I(X;Y\mid Z) = \log 2$.

# %%
p_z = np.array([0.5, 0.5])
common_cause = np.einsum("z,zx,zy->xyz", p_z, bsc(0.1), bsc(0.2))  # axes (x, y, z)

xor = np.zeros((2, 2, 2))
x_vals, y_vals = np.meshgrid([0, 1], [0, 1], indexing="ij")
xor[x_vals, y_vals, x_vals ^ y_vals] = 0.25  # axes (x, y, z) with z = x xor y

examples = {"common cause": common_cause, "XOR (synergy)": xor}
for name, table in examples.items():
    print(
        f"{name:>14}: I(X;Y) = {mi.mutual_information(table, x=0, y=1):.6f}, "
        f"I(X;Y|Z) = {mi.conditional_mutual_information(table, x=0, y=1, z=2):.6f} nats"
    )

# %%
check_close(
    "common cause: I(X;Y) = log 2 - h(0.26), yet I(X;Y|Z) = 0",
    mi.mutual_information(common_cause, 0, 1)
    + mi.conditional_mutual_information(common_cause, 0, 1, 2),
    LOG2 - mi.binary_entropy(0.26),
)
check_close(
    "XOR: I(X;Y) = 0, yet I(X;Y|Z) = log 2",
    mi.conditional_mutual_information(xor, 0, 1, 2) - mi.mutual_information(xor, 0, 1),
    LOG2,
)
per_z = [
    mi.mutual_information(common_cause[:, :, z] / common_cause[:, :, z].sum())
    for z in (0, 1)
]
check_close(
    "common cause: I(X;Y|Z) = sum_z p(z) I(X;Y|Z=z)",
    mi.conditional_mutual_information(common_cause, 0, 1, 2),
    float(p_z @ per_z),
)

# %%
fig, ax = course_subplots(1, width=7.0, height=3.6)
positions = np.arange(len(examples))
unconditional = [mi.mutual_information(t, 0, 1) for t in examples.values()]
conditional = [mi.conditional_mutual_information(t, 0, 1, 2) for t in examples.values()]
ax.bar(
    positions - 0.18,
    unconditional,
    width=0.36,
    color=COLORS["estimate"],
    label="$I(X;Y)$",
)
ax.bar(
    positions + 0.18,
    conditional,
    width=0.36,
    color=COLORS["bound"],
    label=r"$I(X;Y\mid Z)$",
)
for pos, (u, c) in enumerate(zip(unconditional, conditional, strict=True)):
    ax.text(pos - 0.18, u + 0.01, f"{u:.3f}", ha="center", va="bottom", fontsize=9)
    ax.text(pos + 0.18, c + 0.01, f"{c:.3f}", ha="center", va="bottom", fontsize=9)
reference_line(ax, LOG2, r"$\log 2$ = one bit", role="ceiling")
ax.set_xticks(
    positions, ["common cause\n(conditioning removes)", "XOR\n(conditioning creates)"]
)
ax.set_ylabel("nats")
ax.set_ylim(0, 0.85)
ax.set_title("Conditioning on $Z$ can remove or create dependence")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# ## 6. Symmetry, non-negativity and bounds
#
# From $I(X;Y) = D_{\mathrm{KL}}(p_{XY}\,\|\,p_X p_Y)$ and $I(X;Y) = H(X) - H(X\mid Y)$ follow
#
# $$
# I(X;Y) = I(Y;X), \qquad 0 \le I(X;Y) \le \min\{H(X), H(Y)\},
# $$
#
# and, equivalently, *conditioning never increases entropy on average*: $H(X\mid Y) \le H(X)$.
# We test this on 300 random $4 \times 5$ tables. The tables are deliberately **not square and not
# symmetric**: on a symmetric table a bug that swaps the two marginals would go unnoticed.
# Symmetry is checked through two different routes, $H(X) - H(X\mid Y)$ and $H(Y) - H(Y\mid X)$.
# The tables range from nearly deterministic (MI close to its ceiling) to nearly independent.

# %%
rng = np.random.default_rng([SEED, 6])
tables = random_joint_tables(300, (4, 5), rng)
H_X = np.array([mi.entropy(t.sum(axis=1)) for t in tables])
H_Y = np.array([mi.entropy(t.sum(axis=0)) for t in tables])
H_X_given_Y = np.array([mi.conditional_entropy(t, x=0, given=1) for t in tables])
H_Y_given_X = np.array([mi.conditional_entropy(t, x=1, given=0) for t in tables])
H_XY = np.array([mi.entropy(t) for t in tables])
I_XY = np.array([mi.mutual_information(t, x=0, y=1) for t in tables])
I_YX = np.array([mi.mutual_information(t, x=1, y=0) for t in tables])

check(
    bool(np.max(np.abs((H_X - H_X_given_Y) - (H_Y - H_Y_given_X))) <= 1e-12),
    "symmetry: H(X) - H(X|Y) = H(Y) - H(Y|X) on all 300 tables (to 1e-12)",
)
# mutual_information never returns a negative number (it clamps rounding at 0), so test
# the lower bound on an unclamped route: three separately computed entropies.
via_entropies = H_X + H_Y - H_XY
check(
    bool(
        via_entropies.min() >= -1e-12 and np.max(I_XY - np.minimum(H_X, H_Y)) <= 1e-12
    ),
    "0 <= H(X) + H(Y) - H(X,Y) and I(X;Y) <= min(H(X), H(Y)) on all 300 tables",
)
print(
    "largest I(X;Y) / min(H(X), H(Y)) among the tables: "
    f"{np.max(I_XY / np.minimum(H_X, H_Y)):.3f}"
)
print(
    "smallest I(X;Y) / min(H(X), H(Y)) among the tables: "
    f"{np.min(I_XY / np.minimum(H_X, H_Y)):.3f}"
)

# %%
fig, axes = course_subplots(2, width=10.0, height=4.0)
ceiling = np.minimum(H_X, H_Y)
top = math.log(4.0) * 1.05
axes[0].scatter(
    ceiling,
    I_XY,
    s=14,
    alpha=0.6,
    color=COLORS["estimate"],
    label="random $4\\times5$ tables",
)
axes[0].plot(
    [0, top],
    [0, top],
    color=COLORS["ceiling"],
    linestyle=":",
    label=r"$I = \min\{H(X),H(Y)\}$",
)
axes[0].set_xlabel(r"$\min\{H(X), H(Y)\}$ (nats)")
axes[0].set_ylabel("$I(X;Y)$ (nats)")
axes[0].set_title("MI never exceeds the smaller entropy")
axes[1].scatter(
    H_X,
    H_X_given_Y,
    s=14,
    alpha=0.6,
    color=COLORS["alternative"],
    label="random $4\\times5$ tables",
)
axes[1].plot(
    [0, top],
    [0, top],
    color=COLORS["ceiling"],
    linestyle=":",
    label=r"$H(X\mid Y) = H(X)$",
)
axes[1].set_xlabel("$H(X)$ (nats)")
axes[1].set_ylabel(r"$H(X\mid Y)$ (nats)")
axes[1].set_title("Conditioning never increases entropy")
for ax in axes:
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_aspect("equal")
    ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# ## 7. Chain rule
#
# Information about $Y$ carried by a pair $(X, Z)$ splits into what $X$ carries alone and what $Z$
# adds once $X$ is known:
#
# $$
# I(X,Z;Y) = I(X;Y) + I(Z;Y\mid X) = I(Z;Y) + I(X;Y\mid Z).
# $$
#
# This is an identity, true for *every* distribution, including the empirical distribution of a
# sample, so it must hold to rounding error, never "approximately". Two examples:
#
# * **parity**: $X, Z$ independent fair bits, $Y = X \oplus Z$ flipped with probability 0.2. Neither
#   input alone says anything about $Y$ ($I(X;Y) = 0$), together they carry $\log 2 - h(0.2)$.
# * **OR gate** (not degenerate): $X$ a bit with $P(X=1) = 0.3$, $Z$ a copy of $X$ flipped with
#   probability 0.3, $Y = X \lor Z$ flipped with probability 0.1. Every term is positive.
#
# The OR example is also sampled (200 000 draws, tabulated by `mi.joint_table`, a `bincount`):
# the identity holds exactly on the empirical table too.

# %%
parity = np.zeros((2, 2, 2))  # axes (x, z, y)
x_vals, z_vals = np.meshgrid([0, 1], [0, 1], indexing="ij")
parity[x_vals, z_vals, x_vals ^ z_vals] = 0.25 * 0.8
parity[x_vals, z_vals, 1 - (x_vals ^ z_vals)] = 0.25 * 0.2

or_gate = np.zeros((2, 2, 2))  # axes (x, z, y)
p_xz = np.array([0.7, 0.3])[:, None] * bsc(0.3)  # p(x, z) = p(x) p(z | x)
or_out = np.array([[0, 1], [1, 1]])  # x or z
or_gate[x_vals, z_vals, or_out] = p_xz * 0.9
or_gate[x_vals, z_vals, 1 - or_out] = p_xz * 0.1

rng = np.random.default_rng([SEED, 7])
n = 200_000
x_s = (rng.random(n) < 0.3).astype(int)
z_s = x_s ^ (rng.random(n) < 0.3)
y_s = (x_s | z_s) ^ (rng.random(n) < 0.1)
or_sampled = mi.joint_table(x_s, z_s, y_s, levels=[2, 2, 2])


def chain_terms(table: np.ndarray) -> dict[str, float]:
    """The terms of both orderings of the chain rule for a table with axes (x, z, y)."""
    return {
        "I(X,Z;Y)": mi.mutual_information(table, x=(0, 1), y=2),
        "I(X;Y)": mi.mutual_information(table, x=0, y=2),
        "I(Z;Y|X)": mi.conditional_mutual_information(table, x=1, y=2, z=0),
        "I(Z;Y)": mi.mutual_information(table, x=1, y=2),
        "I(X;Y|Z)": mi.conditional_mutual_information(table, x=0, y=2, z=1),
    }


chains = {
    "parity": chain_terms(parity),
    "OR gate": chain_terms(or_gate),
    "OR gate, sampled": chain_terms(or_sampled),
}
for name, t in chains.items():
    print(f"{name:>16}: " + ", ".join(f"{k} = {v:.6f}" for k, v in t.items()))

# %%
worst = max(
    abs(t["I(X,Z;Y)"] - t["I(X;Y)"] - t["I(Z;Y|X)"])
    + abs(t["I(X,Z;Y)"] - t["I(Z;Y)"] - t["I(X;Y|Z)"])
    for t in chains.values()
)
check(
    worst <= 1e-12,
    "both orderings of the chain rule hold on all three tables, the sampled one too "
    f"(largest residual {worst:.1e})",
)
check(
    min(chains["OR gate"].values()) > 0.01 and abs(chains["parity"]["I(X;Y)"]) <= 1e-12,
    "OR gate: every term is positive; parity: the first input alone tells nothing",
)

# %%
fig, axes = course_subplots(2, width=10.0, height=3.8, sharey=True)
for ax, name in zip(axes, ["parity", "OR gate"], strict=True):
    t = chains[name]
    ax.bar(0, t["I(X;Y)"], color=PALETTE[0], width=0.6, label="first input alone")
    ax.bar(
        0,
        t["I(Z;Y|X)"],
        bottom=t["I(X;Y)"],
        color=PALETTE[2],
        width=0.6,
        label="added by the second",
    )
    ax.bar(1, t["I(Z;Y)"], color=PALETTE[0], width=0.6)
    ax.bar(1, t["I(X;Y|Z)"], bottom=t["I(Z;Y)"], color=PALETTE[2], width=0.6)
    ax.bar(2, t["I(X,Z;Y)"], color=PALETTE[4], width=0.6, label="$I(X,Z;Y)$")
    reference_line(ax, t["I(X,Z;Y)"], "total $I(X,Z;Y)$", role="truth")
    ax.set_xticks(
        [0, 1, 2],
        [
            "$I(X;Y)$\n$+\\,I(Z;Y\\mid X)$",
            "$I(Z;Y)$\n$+\\,I(X;Y\\mid Z)$",
            "$I(X,Z;Y)$",
        ],
    )
    ax.set_title(f"chain rule: {name}")
axes[0].set_ylabel("nats")
axes[0].set_ylim(0, 0.45)
fig.legend(
    *axes[0].get_legend_handles_labels(),
    loc="upper center",
    ncols=4,
    fontsize=8.5,
    bbox_to_anchor=(0.5, 1.06),
    frameon=False,
)
plt.show()

# %% [markdown]
# ## 8. Deterministic functions and invariance
#
# Relabelling the values of $X$ (any bijection $g$) changes nothing about what $X$ says about
# $Y$: $I(g(X);Y) = I(X;Y)$. A *non*-invertible map merges values and can only lose
# information: $I(f(X);Y) \le I(X;Y)$, a special case of the data-processing inequality of
# Section 9. On the $3 \times 3$ table below we try **all** of them that keep three or two
# values: the $3! \cdot 3! - 1 = 35$ relabellings of rows and columns other than the identity,
# and the 6 ways to merge two values (3 pairs of rows, 3 pairs of columns).

# %%
P = np.array([[0.30, 0.05, 0.00], [0.10, 0.25, 0.05], [0.00, 0.05, 0.20]])
I_original = mi.mutual_information(P)
orders = list(itertools.permutations(range(3)))
relabelled = [
    mi.mutual_information(P[np.ix_(rows, cols)])
    for rows in orders
    for cols in orders
    if (rows, cols) != ((0, 1, 2), (0, 1, 2))
]


def merge_rows(table: np.ndarray, i: int, j: int) -> np.ndarray:
    """The table of f(X), where f sends values i and j of X to one value."""
    keep = [r for r in range(table.shape[0]) if r not in (i, j)]
    return np.vstack([table[i] + table[j], table[keep]])


pairs = list(itertools.combinations(range(3), 2))
merged = {
    f"merge x{i},x{j}": mi.mutual_information(merge_rows(P, i, j)) for i, j in pairs
}
merged |= {
    f"merge y{i},y{j}": mi.mutual_information(merge_rows(P.T, i, j).T) for i, j in pairs
}
print(f"original: I = {I_original:.12f} nats")
print(
    f"{len(relabelled)} relabellings: I from {min(relabelled):.12f} "
    f"to {max(relabelled):.12f}"
)
for name, value in merged.items():
    print(f"{name}: I = {value:.12f} nats (loses {I_original - value:.6f})")

# %%
check(
    len(relabelled) == 35 and max(abs(v - I_original) for v in relabelled) <= 1e-12,
    "all 35 relabellings of rows and columns keep I(X;Y) (to 1e-12)",
)
check(
    len(merged) == 6 and all(v < I_original - 1e-3 for v in merged.values()),
    "all 6 merges of two values lose information on this table",
)

# %%
fig, ax = course_subplots(1, width=9.0, height=3.8)
names = ["original", "35 relabellings\n(max, min)", *merged]
values = [I_original, max(relabelled), *merged.values()]
colours = [COLORS["exact"]] * 2 + [COLORS["contrast"]] * len(merged)
ax.bar(range(len(names)), values, color=colours, width=0.65)
ax.plot([1], [min(relabelled)], "_", color="black", markersize=30)
reference_line(ax, I_original, "$I(X;Y)$ of the original table", role="truth")
handles, _ = ax.get_legend_handles_labels()
handles += [
    Patch(color=COLORS["exact"], label="bijection: MI unchanged"),
    Patch(color=COLORS["contrast"], label="merge two values: MI drops"),
]
ax.set_xticks(
    range(len(names)),
    [n.replace(" ", "\n", 1) if n.startswith("merge") else n for n in names],
    fontsize=8.5,
)
ax.set_ylabel("$I(X;Y)$ (nats)")
ax.set_ylim(0, 0.75)
ax.set_title("Relabelling keeps information; coarse-graining loses it")
ax.legend(handles=handles, loc="upper right", ncols=3, fontsize=8.5)
plt.show()

# %% [markdown]
# ## 9. Data-processing inequality
#
# If $Y$ is computed from $T$ alone, which itself depends on $X$ (a Markov chain $X \to T \to Y$,
# i.e. $I(X;Y\mid T) = 0$), then no processing of $T$ can create information about $X$:
#
# $$
# I(X;Y) \le I(X;T).
# $$
#
# Example: a fair bit $X$ goes through a binary symmetric channel with flip probability 0.15 to
# give $T$, and $T$ through a second one with flip probability 0.2 to give $Y$. Two flips in a
# row compose into one flip with probability $0.15 \cdot 0.8 + 0.85 \cdot 0.2 = 0.29$. The whole
# joint law is exact, so no sampling is needed.

# %%
p_x = np.array([0.5, 0.5])
W1, W2 = bsc(0.15), bsc(0.2)
chain = np.einsum("x,xt,ty->xty", p_x, W1, W2)  # axes (x, t, y)
I_XT = mi.mutual_information(chain, x=0, y=1)
I_XY_chain = mi.mutual_information(chain, x=0, y=2)
print(f"I(X;T) = {I_XT:.12f} nats, I(X;Y) = {I_XY_chain:.12f} nats")

check_close(
    "Markov chain: I(X;Y|T) = 0",
    mi.conditional_mutual_information(chain, x=0, y=2, z=1),
    0.0,
)
check_close(
    "the two flips compose into one with probability 0.29: I(X;Y) = log 2 - h(0.29)",
    I_XY_chain,
    LOG2 - mi.binary_entropy(0.29),
)

# %% [markdown]
# The figure follows one bit through a longer chain of identical noisy copies (flip 0.15 at each
# stage): the information about $X$ falls at every stage and never comes back. The two-stage
# chain above is marked for comparison.

# %%
stages = np.arange(0, 11)
info_along_chain = np.array(
    [mi.channel_mutual_information(p_x, np.linalg.matrix_power(W1, k)) for k in stages]
)
check(
    bool(np.all(np.diff(info_along_chain) < 0)) and I_XY_chain < I_XT,
    "data processing: information about X strictly decreases at every stage",
)

fig, ax = course_subplots(1, width=7.0, height=3.8)
ax.plot(
    stages,
    info_along_chain,
    marker="o",
    color=COLORS["exact"],
    label=r"$I(X;T_k)$, BSC(0.15) at every stage",
)
ax.plot(
    [1, 2],
    [I_XT, I_XY_chain],
    marker="s",
    markersize=8,
    linestyle="--",
    color=COLORS["bound"],
    label=r"example: $X \to T$ (0.15) $\to Y$ (0.2)",
)
reference_line(ax, LOG2, r"$H(X) = \log 2$", role="ceiling")
ax.set_xlabel("number of processing stages $k$")
ax.set_ylabel("information about $X$ (nats)")
ax.set_ylim(0, 0.75)
ax.set_title("Data processing can only lose information")
ax.legend(loc="center right")
plt.show()

# %% [markdown]
# ## 10. Synergy and total correlation
#
# Pairwise MI can miss structure that only exists among three or more variables. In XOR,
# $Y = X \oplus Z$ with independent fair bits $X, Z$: each input alone is independent of $Y$, yet
# together they determine it. The **total correlation** (multi-information)
#
# $$
# \mathrm{TC}(X_1,\dots,X_n) = \sum_{i=1}^n H(X_i) - H(X_1,\dots,X_n)
#   = D_{\mathrm{KL}}\Big(p_{X_1\cdots X_n}\,\|\,\prod_i p_{X_i}\Big)
# $$
#
# measures all dependence at once. For XOR, three bits of marginal entropy meet two bits of joint
# entropy: $\mathrm{TC} = \log 2$. Compare a **copy** triple $X = Z = Y$, where everything is
# redundant: pairwise MI is already $\log 2$ and $\mathrm{TC} = 2\log 2$. The difference
# $I(X;Y\mid Z) - I(X;Y)$ (the co-information with the sign flipped) is $+\log 2$ for synergy and
# $-\log 2$ for redundancy.

# %%
xor_xzy = np.zeros((2, 2, 2))  # axes (x, z, y)
xor_xzy[x_vals, z_vals, x_vals ^ z_vals] = 0.25
copy_xzy = np.zeros((2, 2, 2))
copy_xzy[0, 0, 0] = copy_xzy[1, 1, 1] = 0.5


def synergy_profile(table: np.ndarray) -> dict[str, float]:
    """Pairwise, joint and total dependence of a table with axes (x, z, y)."""
    return {
        "I(X;Y)": mi.mutual_information(table, x=0, y=2),
        "I(Z;Y)": mi.mutual_information(table, x=1, y=2),
        "I(X,Z;Y)": mi.mutual_information(table, x=(0, 1), y=2),
        "TC": mi.total_correlation(table),
        "I(X;Y|Z) - I(X;Y)": mi.conditional_mutual_information(table, x=0, y=2, z=1)
        - mi.mutual_information(table, x=0, y=2),
    }


profiles = {"XOR": synergy_profile(xor_xzy), "copy": synergy_profile(copy_xzy)}
for name, prof in profiles.items():
    print(f"{name:>4}: " + ", ".join(f"{k} = {v:+.6f}" for k, v in prof.items()))

# %%
marginals = [xor_xzy.sum(axis=other) for other in [(1, 2), (0, 2), (0, 1)]]
check_close(
    "XOR: TC = KL(joint || product of the three marginals) = log 2",
    mi.kl_divergence(xor_xzy, np.einsum("x,z,y->xzy", *marginals)),
    LOG2,
)
check_close(
    "XOR: pairwise I(X;Y) = I(Z;Y) = 0, jointly I(X,Z;Y) = log 2 (synergy +log 2)",
    profiles["XOR"]["I(X,Z;Y)"] - profiles["XOR"]["I(X;Y)"] - profiles["XOR"]["I(Z;Y)"],
    profiles["XOR"]["I(X;Y|Z) - I(X;Y)"],
)
check_close(
    "copy: TC = 2 log 2 and redundancy I(X;Y|Z) - I(X;Y) = -log 2",
    profiles["copy"]["TC"] + profiles["copy"]["I(X;Y|Z) - I(X;Y)"],
    LOG2,
)

# %%
fig, ax = course_subplots(1, width=8.5, height=3.8)
keys = list(profiles["XOR"])
width = 0.38
styles = [("XOR", COLORS["exact"]), ("copy", COLORS["alternative"])]
for offset, (name, colour) in zip([-width / 2, width / 2], styles, strict=True):
    values = [profiles[name][k] for k in keys]
    ax.bar(np.arange(len(keys)) + offset, values, width=width, color=colour, label=name)
reference_line(ax, LOG2, r"$\pm\log 2$", role="ceiling")
reference_line(ax, -LOG2, "_nolegend_", role="ceiling")
ax.axhline(0.0, color="0.3", linewidth=0.8)
ax.set_xticks(
    range(len(keys)),
    ["$I(X;Y)$", "$I(Z;Y)$", "$I(X,Z;Y)$", "TC", "$I(X;Y\\mid Z)$\n$-\\,I(X;Y)$"],
)
ax.set_ylabel("nats")
ax.set_title("Synergy (XOR) versus redundancy (copy)")
ax.legend(loc="upper left", ncols=2)
plt.show()

# %% [markdown]
# ## Further reading
#
# * Cover and Thomas, *Elements of Information Theory* (2nd ed.): Chapter 2, §2.5 (chain
#   rules), §2.6 (Jensen's inequality and its consequences: non-negativity, conditioning
#   reduces entropy), §2.8 (the data-processing inequality), §2.9 (sufficient statistics).
# * MacKay, *Information Theory, Inference, and Learning Algorithms*: Chapter 8 (dependent
#   random variables, with exercises on conditional MI and the XOR example).
# * S. Watanabe, "Information theoretical analysis of multivariate correlation", *IBM
#   Journal of Research and Development* 4, 1960: total correlation (Section 10).
# * P. L. Williams and R. D. Beer, "Nonnegative decomposition of multivariate information",
#   2010: synergy and redundancy beyond co-information (Section 10).

# %% [markdown]
# ## Summary
#
# * $I(X;Y\mid Z)$ can be smaller (common cause) or larger (synergy) than $I(X;Y)$ (Section 5).
# * $0 \le I(X;Y) = I(Y;X) \le \min\{H(X), H(Y)\}$ (Section 6).
# * The chain rule $I(X,Z;Y) = I(X;Y) + I(Z;Y\mid X)$ holds exactly, for empirical tables too (Section 7).
# * Bijections keep MI; merging values can only lose it (Section 8), and more generally
#   $X \to T \to Y$ implies $I(X;Y) \le I(X;T)$ (Section 9).
# * Pairwise MI can be zero while the variables are jointly dependent; total correlation sees it (Section 10).
#
# **Previous:** [Notebook 1 · Intuition and definitions](01_intuition_and_definitions.ipynb).
# **Next:** [Notebook 3 · Channels and limits](03_channels_and_limits.ipynb) (capacity, Gaussian MI, Fano).
# **Practice:** the exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
