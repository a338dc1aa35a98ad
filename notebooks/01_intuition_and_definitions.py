# %% [markdown]
# # Mutual information 1 · Intuition and exact definitions
#
# *Theory notebook 1 of 5 of the course* Mutual information for machine learning.
# Sections 1–4 of 23.
#
# Mutual information asks one question: **how much does knowing one variable tell us about
# another?** This notebook builds the answer from the ground up, first on pictures of samples,
# then on small probability tables where every number can be checked by hand.
#
# **Learning objectives.** After this notebook you can
#
# 1. explain why a correlation of zero does not mean independence, and what mutual information
#    (MI) measures instead;
# 2. compute entropies and $I(X;Y)$ from a joint table, and read them as a reduction of uncertainty;
# 3. state and verify that $I(X;Y)$ is the Kullback–Leibler divergence from the joint law to the
#    product of its marginals;
# 4. use pointwise mutual information (PMI) to score single pairs of outcomes, and recover MI as
#    its average.
#
# **How to read the checks.** Every claim is tested by a line of code that prints `✓ …` when it
# holds and stops the notebook with an `AssertionError` when it does not. Exact identities are
# checked to about $10^{-12}$; claims about random samples use tolerances derived from how much
# the estimate varies from sample to sample. All quantities are in **nats** (natural logarithm)
# unless a line says bits.

# %% [markdown]
# ## Setup
#
# Everything numerical comes from the course package `mi_helpers`; its submodule
# the course package `mi_course` holds the randomized experiments, so the test suite can repeat each
# of them over many seeds. `SEED` fixes every random draw: each cell that samples makes its own
# generator from it, so the cells give the same numbers in any order.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import mi_helpers as mi
from mi_course import check, check_close
from mi_course import definitions as sim
from mi_course.plotting import (
    COLORS,
    course_subplots,
    plot_estimates_with_truth,
    plot_information_bars,
    plot_joint_table,
    use_course_style,
)

use_course_style()
SEED = 2024
LOG2 = math.log(2.0)
print(f"Setup done: course figure style on, SEED = {SEED}.")

# %% [markdown]
# ## 1. Shared information, not just correlation
#
# The correlation coefficient $\rho_{XY}$ measures how well a *straight line* describes the
# relation between $X$ and $Y$. Mutual information measures *any* statistical dependence: it is
# zero exactly when $X$ and $Y$ are independent, and it does not care about the shape of the
# relation.
#
# Two pairs built on the same $X \sim \mathcal{N}(0,1)$, with independent noise $N \sim \mathcal{N}(0,1)$:
#
# * linear: $Y = 2X + 0.3N$, a Gaussian pair with
#   $I(X;Y) = \tfrac12 \log\frac{4.09}{0.09} \approx 1.908$ nats;
# * nonlinear: $Y = X^2 + 0.2N$. Here $\operatorname{Cov}(X, Y) = \mathbb{E}[X^3] = 0$, so the
#   correlation is exactly zero, yet $Y$ pins $|X|$ down closely: $I(X;Y) \approx 1.439$ nats
#   (computed by numerical integration of the density of $Y$).
#
# We estimate MI from 5000 samples with two estimators met again in Section 15: a
# 30 × 30 histogram (plug-in) and the Kraskov–Stögbauer–Grassberger nearest-neighbour estimator
# (KSG). Each estimate is printed next to the true value.

# %%
rng = np.random.default_rng([SEED, 1])
demo = sim.dependence_demo(5000, rng, bins=30)
truth = {"linear": sim.LINEAR_PAIR_MI, "nonlinear": sim.NONLINEAR_PAIR_MI}

print("pair        correlation   histogram MI   KSG MI   true MI   (nats)")
print(
    f"linear      {demo.corr_linear:11.4f}   {demo.hist_linear:12.4f}   {demo.ksg_linear:6.4f}"
    f"   {truth['linear']:7.4f}"
)
print(
    f"nonlinear   {demo.corr_nonlinear:11.4f}   {demo.hist_nonlinear:12.4f}   {demo.ksg_nonlinear:6.4f}"
    f"   {truth['nonlinear']:7.4f}"
)

# %% [markdown]
# The checks below use the spread of each estimate. The sample correlation of the nonlinear
# pair has standard error about $2.7/\sqrt{n}$ (computed from the data by the delta method), so
# "zero correlation" means "within 4 standard errors of 0". The standard deviations of the MI
# estimates at $n = 5000$ were measured over 200 seeds (`sim.DEPENDENCE_DEMO_SD`); a claim about
# an estimate allows 4 of them.

# %%
sd = sim.DEPENDENCE_DEMO_SD
check(
    abs(demo.corr_nonlinear) <= 4 * demo.corr_nonlinear_se,
    f"nonlinear pair: correlation {demo.corr_nonlinear:+.4f} is within 4 s.e. "
    f"({4 * demo.corr_nonlinear_se:.4f}) of zero",
)
check_close(
    "nonlinear pair: KSG agrees with the true MI",
    demo.ksg_nonlinear,
    truth["nonlinear"],
    tol=4 * sd["ksg_nonlinear"],
    digits=4,
)
check_close(
    "linear pair: KSG agrees with the true MI",
    demo.ksg_linear,
    truth["linear"],
    tol=4 * sd["ksg_linear"],
    digits=4,
)
check(
    demo.hist_nonlinear < truth["nonlinear"] - 4 * sd["hist_nonlinear"],
    "the 30-bin histogram underestimates the nonlinear pair's MI by more than 4 sd: "
    "coarse bins blur the thin parabola",
)
check(
    demo.ksg_nonlinear > 20 * abs(demo.corr_nonlinear),
    "MI sees the nonlinear dependence that correlation misses",
)

# %%
fig, axes = course_subplots(3, width=11.0, height=3.6)
shown = slice(0, 1000)  # a thousand points are enough to see the shape
for ax, y, name, colour in [
    (axes[0], demo.y_linear, "linear", COLORS["estimate"]),
    (axes[1], demo.y_nonlinear, "nonlinear", COLORS["contrast"]),
]:
    corr = demo.corr_linear if name == "linear" else demo.corr_nonlinear
    ax.scatter(demo.x[shown], y[shown], s=6, alpha=0.35, color=colour, rasterized=True)
    ax.set_title(f"{name}: corr = {corr:+.3f}, true MI = {truth[name]:.3f} nats", fontsize=10)
    ax.set_xlabel("$X$")
    ax.set_ylabel("$Y$")
plot_estimates_with_truth(
    axes[2],
    ["hist.\nlinear", "KSG\nlinear", "hist.\nnonlin.", "KSG\nnonlin."],
    [demo.hist_linear, demo.ksg_linear, demo.hist_nonlinear, demo.ksg_nonlinear],
    [truth["linear"], truth["linear"], truth["nonlinear"], truth["nonlinear"]],
    errors=[2 * sd["hist_linear"], 2 * sd["ksg_linear"], 2 * sd["hist_nonlinear"], 2 * sd["ksg_nonlinear"]],
    unit="$I(X;Y)$ estimate (nats)",
    estimate_label="estimate ± 2 sd",
)
axes[2].set_title("MI estimates beside the truth", fontsize=10)
axes[2].set_ylim(0, 2.6)
plt.show()

# %% [markdown]
# The nonlinear pair has no correlation but more than 1.4 nats of shared information. Note also
# that *estimating* MI is not trivial: the histogram misses a sizeable part of it. We come back
# to this in Block 4.

# %% [markdown]
# ## 2. Discrete mutual information and uncertainty reduction
#
# For discrete variables with joint law $p(x,y)$, the **entropy** of $X$ is the average
# surprise $H(X) = -\sum_x p(x)\log p(x)$, and the **conditional entropy**
# $H(X\mid Y) = -\sum_{x,y} p(x,y)\log p(x\mid y)$ is what remains uncertain about $X$ once
# $Y$ is known. Mutual information is the uncertainty removed:
#
# $$
# I(X;Y) = H(X) - H(X\mid Y) = H(X) + H(Y) - H(X,Y).
# $$
#
# Take two fair bits that agree 80 % of the time:
# $p = \begin{bmatrix}0.40 & 0.10 \\ 0.10 & 0.40\end{bmatrix}$ (rows are $x$, columns $y$).
# Each bit alone carries $\log 2$ nats; given the other, the remaining uncertainty is that of a
# coin with bias 0.2, so $I(X;Y) = \log 2 - h(0.2)$ where $h(q) = -q\log q - (1-q)\log(1-q)$.

# %%
P = np.array([[0.40, 0.10], [0.10, 0.40]])
H_x = mi.entropy(P.sum(axis=1))
H_y = mi.entropy(P.sum(axis=0))
H_xy = mi.entropy(P)
H_x_given_y = mi.conditional_entropy(P, x=0, given=1)
I_xy = mi.mutual_information(P)

print(f"H(X)   = {H_x:.12f} nats")
print(f"H(Y)   = {H_y:.12f} nats")
print(f"H(X,Y) = {H_xy:.12f} nats")
print(f"H(X|Y) = {H_x_given_y:.12f} nats")
print(f"I(X;Y) = {I_xy:.12f} nats = {mi.mutual_information(P, base=2):.6f} bits")

# %%
check_close("H(X) = log 2", H_x, LOG2)
check_close("H(X,Y) (oracle 1.1935496041)", H_xy, 1.1935496041, tol=1e-10)
check_close("I(X;Y) = log 2 - h(0.2), by the binary-entropy formula", I_xy, LOG2 - mi.binary_entropy(0.2))
check_close("I(X;Y) = H(X) - H(X|Y)", I_xy, H_x - H_x_given_y)
check_close("I(X;Y) = H(X) + H(Y) - H(X,Y)", I_xy, H_x + H_y - H_xy)
check_close("I(X;Y) (oracle 0.192744757022)", I_xy, 0.192744757022)

# %%
fig, axes = course_subplots(2, width=10.0, height=3.4, gridspec_kw={"width_ratios": [1, 1.7]})
plot_joint_table(P, ax=axes[0], row_labels=["0", "1"], col_labels=["0", "1"], title="joint law $p(x,y)$")
plot_information_bars(axes[1], H_x, H_y, I_xy, unit="nats", title="where the entropy goes")
plt.show()

# %% [markdown]
# The bar chart is the "information diagram": the $\log 2$ nats of $X$ split into what $Y$ tells
# about it (green, $I$) and what stays unknown (blue, $H(X\mid Y)$). The joint entropy counts the
# shared part once.

# %% [markdown]
# ## 3. Mutual information as a KL divergence
#
# If $X$ and $Y$ were independent, their joint law would be the product $p_X p_Y$ of its
# marginals. Mutual information measures how far the real joint law is from that product, in the
# Kullback–Leibler sense:
#
# $$
# I(X;Y) = D_{\mathrm{KL}}\big(p_{XY}\,\|\,p_X p_Y\big) = \sum_{x,y} p(x,y)\log\frac{p(x,y)}{p(x)\,p(y)} .
# $$
#
# This is why $I(X;Y) \ge 0$, with equality exactly at independence. To check the identity
# *without* using the KL formula on both sides, we compute the divergence with
# `mi.kl_divergence` and compare it with the entropy route $H(X) + H(Y) - H(X,Y)$ built from
# three separate `mi.entropy` calls, on the table above and on an asymmetric $3 \times 4$ table.

# %%
P_asym = np.array([[0.20, 0.05, 0.10, 0.05], [0.02, 0.18, 0.03, 0.07], [0.08, 0.02, 0.05, 0.15]])
for name, table in [("2x2 table", P), ("3x4 table", P_asym)]:
    product = np.outer(table.sum(axis=1), table.sum(axis=0))
    kl = mi.kl_divergence(table, product)
    via_entropies = mi.entropy(table.sum(axis=1)) + mi.entropy(table.sum(axis=0)) - mi.entropy(table)
    via_conditional = mi.entropy(table.sum(axis=1)) - mi.conditional_entropy(table, x=0, given=1)
    print(f"{name}: KL(p_XY || p_X p_Y) = {kl:.12f}, H(X)+H(Y)-H(X,Y) = {via_entropies:.12f}")
    check_close(f"{name}: KL to the product of marginals = H(X) + H(Y) - H(X,Y)", kl, via_entropies)
    check_close(f"{name}: KL to the product of marginals = H(X) - H(X|Y)", kl, via_conditional)

# %% [markdown]
# The product of the *true* marginals is the closest product law. For any other product
# $q_X q_Y$ the divergence splits into three non-negative parts,
#
# $$
# D_{\mathrm{KL}}(p_{XY}\,\|\,q_X q_Y) = I(X;Y) + D_{\mathrm{KL}}(p_X\|q_X) + D_{\mathrm{KL}}(p_Y\|q_Y),
# $$
#
# so $I(X;Y) = \min_{q_X, q_Y} D_{\mathrm{KL}}(p_{XY}\,\|\,q_X q_Y)$. The figure scans all product
# laws of two bits, $q_X = \mathrm{Bern}(a)$ and $q_Y = \mathrm{Bern}(b)$, for an asymmetric
# $2 \times 2$ joint law.

# %%
P_bits = np.array([[0.30, 0.25], [0.05, 0.40]])
p_x, p_y = P_bits.sum(axis=1), P_bits.sum(axis=0)
I_bits = mi.mutual_information(P_bits)
grid = np.linspace(0.02, 0.98, 49)
# one divergence per grid point (a 49 x 49 scan of product laws, not a loop over samples)
divergence = np.array(
    [[mi.kl_divergence(P_bits, np.outer([1 - a, a], [1 - b, b])) for a in grid] for b in grid]
)

a_test, b_test = 0.3, 0.8
q_x, q_y = np.array([1 - a_test, a_test]), np.array([1 - b_test, b_test])
split = I_bits + mi.kl_divergence(p_x, q_x) + mi.kl_divergence(p_y, q_y)
check_close(
    "D(p || q_X q_Y) = I + D(p_X || q_X) + D(p_Y || q_Y) at a = 0.3, b = 0.8",
    mi.kl_divergence(P_bits, np.outer(q_x, q_y)),
    split,
)
check(bool(divergence.min() >= I_bits - 1e-12), "no product law on the grid is closer than I(X;Y)")
print(f"I(X;Y) = {I_bits:.6f} nats; closest grid point: {divergence.min():.6f} nats")

# %%
fig, ax = course_subplots(1, width=6.0, height=4.4)
levels = I_bits + np.array([0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6])
filled = ax.contourf(grid, grid, divergence, levels=np.append(levels, divergence.max()), cmap="viridis_r")
ax.contour(grid, grid, divergence, levels=levels, colors="white", linewidths=0.6)
fig.colorbar(filled, ax=ax, label=r"$D_{\mathrm{KL}}(p_{XY}\,\|\,q_X q_Y)$ (nats)")
ax.plot(
    p_x[1],
    p_y[1],
    marker="*",
    markersize=16,
    color=COLORS["contrast"],
    linestyle="none",
    label=f"true marginals: minimum = $I(X;Y)$ = {I_bits:.3f} nats",
)
ax.set_xlabel("$a = q_X(1)$")
ax.set_ylabel("$b = q_Y(1)$")
ax.set_title("Divergence from the joint law to every product law")
ax.legend(loc="lower left", fontsize=9)
plt.show()

# %% [markdown]
# ## 4. Pointwise mutual information (PMI)
#
# MI is an average. Its summand, before averaging, scores one pair of outcomes:
#
# $$
# \operatorname{pmi}(x,y) = \log\frac{p(x,y)}{p(x)\,p(y)}, \qquad
# I(X;Y) = \mathbb{E}_{p(x,y)}\big[\operatorname{pmi}(X,Y)\big].
# $$
#
# A positive PMI means the pair occurs more often than if the words were independent, a negative
# one less often. PMI is a classic tool for finding collocations in text ("New York"). It is not
# the same as frequency: in the toy co-occurrence table below the most *frequent* pair is
# (rare, event), but the most *associated* pair is (new, york).

# %%
words_x = ["new", "deep", "rare"]
words_y = ["york", "learning", "event"]
P_words = np.array([[0.18, 0.01, 0.01], [0.01, 0.15, 0.04], [0.01, 0.03, 0.56]])
pmi = mi.pointwise_mutual_information(P_words)
expected_pmi = np.array(
    [
        [1.50407739678, -1.33500106673, -2.50143595174],
        [-1.38629436112, 1.37304913437, -1.11514159062],
        [-2.48490664979, -1.33500106673, 0.425303450328],
    ]
)  # course oracle

for i, wx in enumerate(words_x):
    print(f"{wx:>5}: " + "   ".join(f"pmi(·,{wy}) = {pmi[i, j]:+.6f}" for j, wy in enumerate(words_y)))

best_pmi = np.unravel_index(int(np.argmax(pmi)), pmi.shape)
most_frequent = np.unravel_index(int(np.argmax(P_words)), P_words.shape)
average_pmi = float(np.sum(P_words * pmi))
print(
    f"highest PMI: ({words_x[best_pmi[0]]}, {words_y[best_pmi[1]]}); "
    f"most frequent: ({words_x[most_frequent[0]]}, {words_y[most_frequent[1]]})"
)

# %%
check(bool(np.max(np.abs(pmi - expected_pmi)) <= 1e-10), "all nine PMI values match the oracle to 1e-10")
check(best_pmi != most_frequent, "the most associated pair is not the most frequent one")
check_close("I(X;Y) = E[pmi(X,Y)]", average_pmi, mi.mutual_information(P_words))
check_close("I(X;Y) of the word table (oracle 0.553129157838)", average_pmi, 0.553129157838)
check(bool(pmi.min() < 0 < average_pmi), "single PMI values can be negative; their average, MI, is not")

# %%
fig, axes = course_subplots(2, width=10.0, height=3.8)
plot_joint_table(
    P_words,
    ax=axes[0],
    row_labels=words_x,
    col_labels=words_y,
    xlabel="second word $y$",
    ylabel="first word $x$",
    title="co-occurrence $p(x,y)$ (most frequent outlined)",
)
plot_joint_table(
    pmi,
    ax=axes[1],
    row_labels=words_x,
    col_labels=words_y,
    xlabel="second word $y$",
    ylabel="first word $x$",
    title="PMI (highest outlined)",
    fmt="+.2f",
    cmap="RdBu_r",
    center=0.0,
    colorbar_label="pmi$(x,y)$ (nats)",
)
for ax, (row, col) in [(axes[0], most_frequent), (axes[1], best_pmi)]:
    ax.add_patch(plt.Rectangle((col, row), 1, 1, fill=False, edgecolor=COLORS["contrast"], linewidth=3))
plt.show()

# %% [markdown]
# ## Summary
#
# * Correlation sees only linear structure; $I(X;Y)$ is zero exactly at independence and sees any
#   dependence (Section 1).
# * $I(X;Y) = H(X) - H(X\mid Y)$: the uncertainty about $X$ that observing $Y$ removes (Section 2).
# * $I(X;Y) = D_{\mathrm{KL}}(p_{XY}\,\|\,p_X p_Y)$, the distance to the closest independent model
#   (Section 3).
# * PMI scores single pairs by association rather than frequency, and MI is its average (Section 4).
#
# **Next:** [Notebook 2 · Identities and theorems](02_identities_and_theorems.ipynb) (conditional
# MI, chain rule, data processing, synergy).
# **Practice:** the exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
