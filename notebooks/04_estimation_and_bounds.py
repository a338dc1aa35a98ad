# %% [markdown]
# # Mutual information 4 · Estimation and variational lower bounds
#
# *Theory notebook 4 of 7 of the course* Mutual information for machine learning.
# Sections 14–17.
#
# In machine learning we almost never know $p(x,y)$: we have samples. This notebook shows why
# estimating MI from samples is hard, builds two classical estimators from scratch and compares
# them against known true values, then turns to the *variational lower bounds* (InfoNCE and
# Donsker–Varadhan) that contrastive learning and MINE optimise. Every estimate is printed next
# to the value it estimates. Notebook 6 takes the same estimators to where they break.
#
# **Learning objectives.** After this notebook you can
#
# 1. write the histogram (plug-in) and KSG estimators yourself, and explain the two opposite
#    biases of the histogram: too few bins lose information, too many invent it;
# 2. compute the InfoNCE bound from a score matrix with a stable log-sum-exp, prove that it
#    never exceeds $\log K$, and explain why a badly scaled critic makes it *worse* with more
#    negatives;
# 3. derive the Donsker–Varadhan bound, compute it for a simple critic in closed form, and read
#    a Monte-Carlo estimate of it critically.
#
# Previous: [Notebook 3 · Channels and limits](03_channels_and_limits.ipynb). All quantities in
# nats. A claim about an estimate allows the estimate's own sampling noise (4.5 standard
# errors, inside `check_within_noise` and `check_exceeds`); the test suite repeats every such
# claim with 50 other seeds.

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

import math

import matplotlib.pyplot as plt
import numpy as np
from scipy.special import digamma

import mi_helpers as mi
from mi_course import (
    check,
    check_between,
    check_close,
    check_exceeds,
    check_within_noise,
)
from mi_course import estimation as est
from mi_course.plotting import (
    COLORS,
    PALETTE,
    course_subplots,
    log_ticks,
    plot_band,
    plot_estimates_with_truth,
    reference_line,
    shade_region,
    use_course_style,
)

use_course_style()
SEED = 2024
RHO = 0.6
TRUE_MI = mi.gaussian_mutual_information(RHO)  # 0.2231 nats: Sections 14, 15, 17
print(
    f"Setup done: SEED = {SEED}; test pair rho = {RHO}, true MI = {TRUE_MI:.6f} nats."
)

# %% [markdown]
# ## 14. Why estimation is hard
#
# The plug-in estimator bins both variables and computes the MI of the table of counts. Two
# errors pull in opposite directions:
#
# * **discretisation** ($b$ bins per axis, infinite data): binning is a deterministic map, so
#   by the data-processing inequality the binned MI is *below* $I(X;Y)$; few bins lose a lot.
# * **finite samples**: with $b^2$ cells and $n$ points, chance fluctuations of the counts look
#   like dependence, and the estimate is inflated.
#
# The whole estimator is a 2-D histogram and the discrete MI of Notebook 1, on a sample of the
# Gaussian pair with $\rho = 0.6$ drawn in two lines:


# %%
def histogram_mi(x: np.ndarray, y: np.ndarray, bins: int) -> float:
    """Plug-in MI of the b x b histogram of (x, y), equal-width bins over the range."""
    counts, _, _ = np.histogram2d(x, y, bins=bins)
    p = counts / counts.sum()
    p_x, p_y = p.sum(axis=1, keepdims=True), p.sum(axis=0, keepdims=True)
    filled = p > 0  # empty cells contribute 0 log 0 = 0
    return float(np.sum(p[filled] * np.log(p[filled] / (p_x * p_y)[filled])))


rng = np.random.default_rng([SEED, 140])
x = rng.standard_normal(300)
y = RHO * x + math.sqrt(1 - RHO**2) * rng.standard_normal(300)
for bins in (4, 35):
    print(
        f"n = 300, {bins:2d} bins: plug-in {histogram_mi(x, y, bins):.4f} nats "
        f"(true {TRUE_MI:.4f})"
    )
check_close(
    "the ten-line estimator agrees with mi.histogram_mutual_information",
    histogram_mi(x, y, 35),
    mi.histogram_mutual_information(x, y, bins=35),
)

# %% [markdown]
# One sample proves little. The library call below repeats the experiment: three sample sizes,
# six bin counts, 20 independent data sets for each sample size (bands: ±2 standard errors of
# the mean).

# %%
rng = np.random.default_rng([SEED, 14])
sizes_14 = [300, 1000, 5000]
bins_14 = [4, 8, 12, 20, 35, 50]
grid = est.histogram_bias_grid(RHO, sizes_14, bins_14, repeats=20, rng=rng)
mean, se = grid.mean["histogram"], grid.stderr("histogram")
print(f"true MI {TRUE_MI:.4f} nats; mean histogram estimate over 20 data sets:")
print("     n  " + "".join(f"{b:>8d} bins" for b in bins_14))
for i, n in enumerate(sizes_14):
    print(f"{n:6d}  " + "".join(f"{v:13.4f}" for v in mean[i]))

col35, col4 = bins_14.index(35), bins_14.index(4)
check_exceeds(
    "n = 300, 35 bins: the estimate is ABOVE the truth (information invented)",
    mean[0, col35],
    TRUE_MI,
    se[0, col35],
)
check_exceeds(
    "n = 5000, 4 bins: the truth is above the estimate (lost in coarse bins)",
    TRUE_MI,
    mean[2, col4],
    se[2, col4],
)

# %%
fig, ax = course_subplots(1, width=7.5, height=4.0)
for i, n in enumerate(sizes_14):
    plot_band(ax, bins_14, mean[i], f"n = {n}", spread=2 * se[i], color=PALETTE[i])
reference_line(ax, TRUE_MI, f"true MI = {TRUE_MI:.4f} nats")
log_ticks(ax, bins_14)
ax.set_xlabel("bins per axis $b$ (log scale)")
ax.set_ylabel("histogram estimate of $I(X;Y)$ (nats)")
ax.set_title("Same data-generating process, very different estimates")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# There is no bin count that is right for every $n$: the estimate crosses the truth at a
# different $b$ for each sample size, so "choosing the bins" is really choosing the answer.

# %% [markdown]
# ## 15. Classical estimators against the truth
#
# The **KSG estimator** (Kraskov, Stögbauer and Grassberger, 2004) avoids bins. For each point
# $i$ it finds the distance $\varepsilon_i$ to its $k$-th nearest neighbour in the joint space
# (max-norm), and counts the points $n_{x,i}$ and $n_{y,i}$ strictly within $\varepsilon_i$ in
# each marginal space; the digamma function $\psi$ turns the counts into an estimate,
#
# $$
# \hat I_{\mathrm{KSG}} = \psi(k) + \psi(n)
#   - \frac1n\sum_{i=1}^n \big[\psi(n_{x,i}+1) + \psi(n_{y,i}+1)\big].
# $$
#
# Dense marginal neighbourhoods (large $n_x$, $n_y$) around a tight joint neighbourhood mean
# dependence. On a small sample, with all pairwise distances (fine for $n = 200$; the library
# uses KD-trees):


# %%
def ksg_by_hand(x: np.ndarray, y: np.ndarray, k: int = 3):
    """KSG estimate (algorithm 1) and its ingredients, from n x n distance matrices."""
    x, y = x / x.std(), y / y.std()  # unit scale per variable, as mi_helpers does
    dist_x = np.abs(x[:, None] - x[None, :])
    dist_y = np.abs(y[:, None] - y[None, :])
    joint = np.maximum(dist_x, dist_y)  # max-norm distance in the joint space
    np.fill_diagonal(joint, np.inf)  # a point is not its own neighbour
    eps = np.sort(joint, axis=1)[:, k - 1]  # distance to the k-th neighbour
    n_x = np.sum(dist_x < eps[:, None], axis=1) - 1  # strictly closer, minus itself
    n_y = np.sum(dist_y < eps[:, None], axis=1) - 1
    estimate = (
        digamma(k) + digamma(x.size) - np.mean(digamma(n_x + 1) + digamma(n_y + 1))
    )
    return float(estimate), eps, n_x, n_y


rng = np.random.default_rng([SEED, 151])
x = rng.standard_normal(200)
y = RHO * x + math.sqrt(1 - RHO**2) * rng.standard_normal(200)
ksg_200, eps, n_x, n_y = ksg_by_hand(x, y)
print("  i      x       y     eps_i   n_x  n_y")
for i in range(5):
    print(f"{i:3d}  {x[i]:+.3f}  {y[i]:+.3f}  {eps[i]:.4f}  {n_x[i]:4d} {n_y[i]:4d}")
print(f"KSG on n = 200: {ksg_200:.4f} nats (true {TRUE_MI:.4f})")
check_close(
    "the distance-matrix KSG agrees with mi.ksg_mutual_information",
    ksg_200,
    mi.ksg_mutual_information(x, y),
)

# %% [markdown]
# The **Miller–Madow** correction removes the first-order finite-sample bias of each
# plug-in entropy, which is too low by $(m-1)/(2n)$ for $m$ occupied cells. Below, KSG and Miller–Madow against the
# histogram with 10, 20 and 40 bins, for $n$ from 250 to 4000 (10 data sets each).

# %%
rng = np.random.default_rng([SEED, 15])
sizes_15 = [250, 500, 1000, 2000, 4000]
sweep = est.estimator_bias_vs_n(RHO, sizes_15, repeats=10, rng=rng, bins=(10, 20, 40))
print("     n   " + "".join(f"{name:>17}" for name in sweep.mean))
for i, n in enumerate(sizes_15):
    print(f"{n:6d}   " + "".join(f"{sweep.mean[name][i]:17.4f}" for name in sweep.mean))
print(f"true MI {TRUE_MI:.4f} nats")
ksg_bias = sweep.mean["ksg"] - TRUE_MI
hist_bias = sweep.mean["histogram 20"] - TRUE_MI
mm_bias = sweep.mean["miller-madow 20"] - TRUE_MI
check(
    bool(np.all(np.abs(ksg_bias[:3]) < np.abs(hist_bias[:3])) and mm_bias[0] > 0.1),
    "KSG beats the 20-bin histogram for n <= 1000; Miller–Madow only partly helps: "
    "at "
    f"n = 250 it still overestimates by {mm_bias[0]:.2f} nats",
)

# %%
fig, ax = course_subplots(1, width=8.0, height=4.2)
for b, colour in zip((10, 20, 40), (PALETTE[4], PALETTE[1], PALETTE[3]), strict=True):
    plot_band(
        ax, sizes_15, sweep.mean[f"histogram {b}"], f"histogram, {b} bins", color=colour
    )
plot_band(
    ax,
    sizes_15,
    sweep.mean["miller-madow 20"],
    "Miller–Madow, 20 bins",
    color=PALETTE[1],
    linestyle="--",
    marker="s",
)
plot_band(
    ax,
    sizes_15,
    sweep.mean["ksg"],
    "KSG, k = 3 (± 2 s.e.)",
    spread=2 * sweep.stderr("ksg"),
    color=COLORS["estimate"],
)
reference_line(ax, TRUE_MI, f"true MI = {TRUE_MI:.4f} nats")
log_ticks(ax, sizes_15)
ax.set_xlabel("sample size $n$ (log scale)")
ax.set_ylabel("estimate of $I(X;Y)$ (nats)")
ax.set_ylim(0, 1.45)
ax.set_title("Bias against sample size: histogram vs KSG")
ax.legend(loc="upper right", fontsize=8.5)
plt.show()

# %% [markdown]
# KSG is close here, not exact: its bias is small next to its spread in one data set, and the
# test suite measures it with 500 data sets. An estimator should also tell a dependent pair
# from an independent one. Take $Y = X + 0.5N$, a Gaussian pair with
# $I = \tfrac12\log 5 \approx 0.8047$ nats, and an independent pair ($I = 0$), $n = 4000$, 10
# data sets each, and three estimators on the same data: the 25-bin histogram, the same
# histogram with the Miller–Madow correction, and KSG.

# %%
rng = np.random.default_rng([SEED, 150])
rho_dep = 1 / math.sqrt(1.25)  # corr(X, X + 0.5 N)
pair = est.gaussian_estimates_vs_rho(
    [rho_dep, 0.0], n=4000, repeats=10, rng=rng, bins=25
)
true_pair = np.array([mi.gaussian_mutual_information(rho_dep), 0.0])
for name in ("histogram", "miller-madow", "ksg"):
    print(
        f"{name:>12}: dependent {pair.mean[name][0]:.4f} (true {true_pair[0]:.4f}), "
        f"independent {pair.mean[name][1]:.4f} ± {pair.stderr(name)[1]:.4f} (true 0)"
    )
check_within_noise(
    "KSG on the independent pair: within noise of 0",
    pair.mean["ksg"][1],
    0.0,
    pair.stderr("ksg")[1],
)
check_exceeds(
    "Miller–Madow on the independent pair: still a spurious dependence "
    "(the plain histogram's, printed above, is larger)",
    pair.mean["miller-madow"][1],
    0.0,
    pair.stderr("miller-madow")[1],
)

# %%
fig, ax = course_subplots(1, width=7.0, height=3.8)
labels = ["histogram\n$Y = X + 0.5N$", "KSG\n$Y = X + 0.5N$"]
labels += ["histogram\nindependent", "KSG\nindependent"]
plot_estimates_with_truth(
    ax,
    labels,
    [pair.mean[m][i] for i in (0, 1) for m in ("histogram", "ksg")],
    [true_pair[0], true_pair[0], 0.0, 0.0],
    errors=[2 * pair.stderr(m)[i] for i in (0, 1) for m in ("histogram", "ksg")],
    unit="estimate of $I(X;Y)$ (nats)",
    estimate_label="mean of 10 estimates ± 2 s.e.",
)
ax.set_ylim(-0.05, 1.1)
ax.set_title("Dependent versus independent, n = 4000")
plt.show()

# %% [markdown]
# All three separate the dependent pair from the independent one, but only KSG puts the
# independent pair within noise of zero: the 25-bin histogram reports a spurious dependence,
# the size of its finite-sample bias, and Miller–Madow removes part of it, not all (the
# printed means and the ✓ lines above; the test suite repeats both with 50 other seeds).

# %% [markdown]
# ## 16. Variational lower bounds and InfoNCE
#
# Contrastive learning does not estimate MI; it maximises a **lower bound**. Take a batch of $K$
# pairs $(x_i, y_i)$ drawn from $p(x,y)$ and a *critic* $f(x,y)$ that scores how well $y$ matches
# $x$. For anchor $x_i$ the positive is $y_i$; the other $K-1$ values $y_j$ of the batch were
# drawn independently of $x_i$ and serve as its negatives. InfoNCE is
#
# $$
# I_{\mathrm{NCE}} = \log K - \frac1K\sum_{i=1}^K
#   \Big[\log\sum_{j=1}^K e^{f(x_i,y_j)} - f(x_i,y_i)\Big],
# \qquad \mathbb{E}\big[I_{\mathrm{NCE}}\big] \le I(X;Y),
# $$
#
# the expectation being over batches drawn from $p(x,y)$. The bound is tight only for the
# optimal critic $f^*(x,y) = \log p(y\mid x)/p(y)$ (up to a term in $x$ alone) as
# $K \to \infty$. For a standard Gaussian pair with correlation $\rho$ that critic is
#
# $$
# f^*(x,y) = \frac{\rho\,xy - \rho^2 y^2/2}{1-\rho^2}.
# $$
#
# <details>
# <summary><b>Try it yourself:</b> show that InfoNCE never exceeds the log of the batch size, for
# every critic and every batch. (Click for a worked solution.)</summary>
#
# **To show:** $I_{\mathrm{NCE}} \le \log K$.
#
# Each bracket is $-\log$ of a softmax probability,
#
# $$
# \log\sum_{j=1}^K e^{f(x_i,y_j)} - f(x_i,y_i)
#   = -\log\frac{e^{f(x_i,y_i)}}{\sum_j e^{f(x_i,y_j)}} \ge 0,
# $$
#
# because the fraction is at most 1 (its numerator is one of the terms of its denominator).
# The average of non-negative brackets is non-negative, so $I_{\mathrm{NCE}} \le \log K$, with
# equality only if every positive takes all the softmax mass. With $K$ candidates one can never
# certify more than $\log K$ nats, however informative the data. (That $\mathbb{E} I_{\mathrm{NCE}}
# \le I$ takes more work: see van den Oord et al. 2018, or Poole et al. 2019, §2.3.)
#
# </details>
#
# From a $K \times K$ score matrix (row $i$: anchor $x_i$ against every $y_j$), in five lines,
# with the log-sum-exp computed stably (subtract each row's maximum before exponentiating):


# %%
def infonce(scores: np.ndarray) -> float:
    """log K - mean_i [logsumexp_j scores[i, j] - scores[i, i]]."""
    top = scores.max(axis=1)
    logsumexp = top + np.log(np.exp(scores - top[:, None]).sum(axis=1))
    return math.log(scores.shape[0]) - float(np.mean(logsumexp - np.diag(scores)))


rho_16 = 0.8
rng = np.random.default_rng([SEED, 162])
x = rng.standard_normal(8)
y = rho_16 * x + math.sqrt(1 - rho_16**2) * rng.standard_normal(8)
S = (rho_16 * x[:, None] * y[None, :] - rho_16**2 * y[None, :] ** 2 / 2) / (
    1 - rho_16**2
)
print("scores f*(x_i, y_j), first four rows and columns:\n", S[:4, :4].round(2))
true_8 = mi.gaussian_mutual_information(rho_16)
print(
    f"InfoNCE of this batch of K = 8: {infonce(S):.4f} nats "
    f"(log 8 = {math.log(8):.4f}; true I = {true_8:.4f}: a single batch)"
)
print(f"at temperature 0.01 (scores x 100): {infonce(100 * S):.1f} nats, finite")
check_close(
    "the five-line InfoNCE agrees with mi.infonce_lower_bound, at temperature 0.01 too",
    infonce(S) + infonce(100 * S),
    mi.infonce_lower_bound(S) + mi.infonce_lower_bound(100 * S),
)

# %% [markdown]
# Now the sweep over $K$, with $2^{14}$ pairs for each $K$ cut into $2^{14}/K$ independent
# batches. At $\rho = 0.8$ (true MI 0.5108 nats) the reference points are population values
# $\mathbb{E}[I_{\mathrm{NCE}}]$, computed once by `est.infonce_population` with $8\times10^6$
# independent anchors per $K$ and quoted with that Monte Carlo's standard error (the test suite
# recomputes them with other anchors). At $\rho = 0.999$ (3.108 nats) the data carry more than
# $\log K$ for $K \le 16$: the bound is pinned just under $\log K$ at $K = 2$, but already
# falls well short of $\log K$ at $K = 16$, where $I > \log 16$ too (both gaps printed below):
# $\log K$ is a ceiling, not a prediction.

# %%
Ks = [2, 4, 8, 16, 32, 64, 128]
# population value and Monte-Carlo s.e.: est.infonce_population, 8e6 anchors per K
population = {
    4: (0.35487, 0.00021),
    8: (0.42711, 0.00024),
    16: (0.46696, 0.00026),
    32: (0.48798, 0.00027),
    64: (0.49922, 0.00027),
}
curves = {
    rho: est.infonce_vs_batch_size(
        rho, Ks, est.optimal_gaussian_critic(rho), np.random.default_rng([SEED, tag])
    )
    for rho, tag in [(0.8, 16), (0.999, 163)]
}
true_16 = {rho: mi.gaussian_mutual_information(rho) for rho in curves}
print("    K   log K   rho = 0.8 (population)   rho = 0.999")
for i, K in enumerate(Ks):
    ref = f"({population[K][0]:.4f})" if K in population else "        "
    print(
        f"{K:5d}  {math.log(K):6.3f}   {curves[0.8].value[i]:8.4f} {ref}"
        f"       {curves[0.999].value[i]:8.4f}"
    )
print(f"true MI: {true_16[0.8]:.4f} and {true_16[0.999]:.4f} nats")
i64 = Ks.index(64)
check_within_noise(
    f"rho = 0.8, K = 64: the bound matches its population value "
    f"{population[64][0]:.4f}",
    curves[0.8].value[i64],
    population[64][0],
    math.hypot(curves[0.8].stderr[i64], population[64][1]),
)
high = curves[0.999].value
i16 = Ks.index(16)
check(
    bool(
        math.log(2) - high[0] < 0.05
        and math.log(16) - high[i16] > 0.3
        and true_16[0.999] - high[-1] > 0.1
    ),
    f"rho = 0.999: {math.log(2) - high[0]:.3f} under log 2 at K = 2, but "
    f"{math.log(16) - high[i16]:.2f} under log 16 at K = 16 "
    f"(I = {true_16[0.999]:.2f}), "
    f"and still {true_16[0.999] - high[-1]:.2f} nats short of I at K = 128",
)

# %% [markdown]
# **A cautionary critic.** The seed of this course used $f(x,y) = xy/0.2$: a multiple of $xy$,
# like the optimal critic, but far too sharp: within the family $f = a\,xy$ the large-$K$ limit
# below, $a\rho - a^2/2$, is best at $a = \rho = 0.8$, and this critic has $a = 5$. A badly scaled critic still gives a valid lower bound, just a
# useless one, and here it gets *worse* with more negatives: every extra negative adds to the
# log-sum-exp a term $e^{xy/0.2}$ that is occasionally huge. As $K \to \infty$ this critic's
# bound tends to $a\rho - a^2/2 = -8.5$ nats for $a = 5$.

# %%
naive = est.infonce_vs_batch_size(
    rho_16, Ks, est.bilinear_critic(0.2), np.random.default_rng([SEED, 160])
)
population_naive = {  # est.infonce_population, 8e6 anchors per K: value, s.e.
    4: (-0.44852, 0.00081),
    8: (-0.90342, 0.00099),
    16: (-1.42703, 0.00112),
    32: (-1.95163, 0.00122),
    64: (-2.45589, 0.00132),
}
for K, value, err in zip(Ks, naive.value, naive.stderr, strict=True):
    ref = f"{population_naive[K][0]:.4f}" if K in population_naive else "   -"
    print(f"K = {K:3d}: naive critic {value:8.4f} ± {err:.4f} (population {ref})")
check_exceeds(
    "the mis-scaled critic gets WORSE with more negatives: K = 4 beats K = 64",
    naive.value[Ks.index(4)],
    naive.value[i64],
    math.hypot(naive.stderr[Ks.index(4)], naive.stderr[i64]),
)

# %%
fig, axes = course_subplots(2, width=10.5, height=4.0)
ax = axes[0]
for rho, role in [(0.8, "bound"), (0.999, "alternative")]:
    plot_band(
        ax,
        Ks,
        curves[rho].value,
        f"InfoNCE, $\\rho$ = {rho} (± 2 s.e.)",
        spread=2 * curves[rho].stderr,
        role=role,
    )
    ax.axhline(true_16[rho], color=COLORS[role], linestyle="--", linewidth=1.2)
ax.plot(
    list(population),
    [value for value, _ in population.values()],
    "D",
    markersize=7,
    markerfacecolor="none",
    color="black",
    label="population value ($\\rho$ = 0.8)",
)
ax.plot(Ks, np.log(Ks), color=COLORS["ceiling"], linestyle=":", label=r"$\log K$")
ax.plot([], [], color="0.3", linestyle="--", linewidth=1.2, label="true $I(X;Y)$")
ax.set_ylim(0, 5.2)
ax.set_title("optimal critic: capped by $\\log K$ until $K \\gg e^{I}$", fontsize=10.5)
ax.legend(loc="upper left", fontsize=8)
ax = axes[1]
plot_band(
    ax, Ks, naive.value, "InfoNCE (± 2 s.e.)", spread=2 * naive.stderr, role="contrast"
)
ax.plot(
    list(population_naive),
    [value for value, _ in population_naive.values()],
    "D",
    markersize=7,
    markerfacecolor="none",
    color="black",
    label="population value",
)
reference_line(ax, true_16[0.8], f"true $I(X;Y)$ = {true_16[0.8]:.3f}")
ax.set_ylim(-3.0, 1.2)
ax.set_title("mis-scaled critic $xy/0.2$, $\\rho$ = 0.8: falls with $K$", fontsize=10.5)
ax.legend(loc="lower left", fontsize=8.5)
for ax in axes:
    log_ticks(ax, Ks, base=2)
    ax.set_xlabel("batch size $K$ (1 positive + $K-1$ negatives)")
    ax.set_ylabel("nats")
plt.show()

# %% [markdown]
# ## 17. The Donsker–Varadhan bound
#
# The Donsker–Varadhan representation of the KL divergence gives, for *any* critic $T$,
#
# $$
# I(X;Y) \ge \mathbb{E}_{p(x,y)}[T] - \log \mathbb{E}_{p(x)p(y)}\big[e^{T}\big],
# $$
#
# with equality for $T = \log p(x,y)/(p(x)p(y))$ (plus any constant). MINE (Section 27,
# Notebook 6) maximises the right side over a parametrised critic.
#
# <details>
# <summary><b>Try it yourself:</b> prove the Donsker–Varadhan bound. (Click for a worked
# solution.)</summary>
#
# Write $p = p_{XY}$, $q = p_X p_Y$, and define the tilted law
# $g(x,y) = q(x,y)\,e^{T(x,y)} / \mathbb{E}_q[e^T]$, a probability density. Then
#
# $$
# \mathbb{E}_p[T] - \log\mathbb{E}_q[e^T] = \mathbb{E}_p\Big[\log\frac{g}{q}\Big]
#   = \mathbb{E}_p\Big[\log\frac{p}{q}\Big] - \mathbb{E}_p\Big[\log\frac{p}{g}\Big]
#   = I(X;Y) - D_{\mathrm{KL}}(p\,\|\,g) \le I(X;Y),
# $$
#
# since a KL divergence is non-negative (Notebook 1, Section 3). Equality holds exactly when
# $g = p$, i.e. $e^T \propto p/q$. The gap of any critic is the divergence between the joint law
# and the law that critic implies.
#
# </details>
#
# On samples, both expectations become averages, the second computed stably:


# %%
def dv_bound(t_joint: np.ndarray, t_product: np.ndarray) -> float:
    """mean T on joint samples - log mean e^T on product samples (stable)."""
    top = t_product.max()
    return float(t_joint.mean() - (top + np.log(np.mean(np.exp(t_product - top)))))


rng = np.random.default_rng([SEED, 171])
x = rng.standard_normal(12_000)
y = RHO * x + math.sqrt(1 - RHO**2) * rng.standard_normal(12_000)
x_product, y_product = rng.standard_normal((2, 12_000))  # independent: p(x) p(y)
a = 0.4  # the critic T(x, y) = a x y
dv_a = dv_bound(a * x * y, a * x_product * y_product)
print(
    f"DV estimate with T = {a} xy: {dv_a:.4f} "
    f"(its population value, the closed form below: {est.dv_closed_form(a, RHO):.4f})"
)
check_close(
    "the three-line DV estimate agrees with mi.dv_lower_bound",
    dv_bound(a * x * y, a * x_product * y_product),
    mi.dv_lower_bound(a * x * y, a * x_product * y_product),
)

# %% [markdown]
# To see what happens exactly, take the one-parameter family $T_a(x,y) = a\,xy$ on the
# Gaussian pair with $\rho = 0.6$. Both expectations are known in closed form
# ($\mathbb{E}[e^{aXY'}] = (1-a^2)^{-1/2}$ for independent standard normals, when $|a| < 1$):
#
# $$
# \mathrm{DV}(a) = a\rho + \tfrac12\log\left(1-a^2\right), \qquad
# a^* = \frac{\sqrt{1+4\rho^2}-1}{2\rho}.
# $$
#
# The Monte-Carlo estimate's variance involves $\mathbb{E}[e^{2T}]$, which is finite only for
# $|a| < 1/2$: beyond, single samples dominate the average and the estimate is erratic (at
# $|a| \ge 1$ the true value is $-\infty$). So the sampled curve ($n = 12\,000$ joint and
# product pairs) is computed on $|a| \le 0.45$, with a delta-method standard error at each
# point; the grey crosses outside are the same estimator where it cannot be trusted.

# %%
rho_17 = RHO
a_star = est.dv_optimal_scale(rho_17)
dv_max = est.dv_closed_form(a_star, rho_17)
print(
    f"a* = {a_star:.6f}; best of the family DV(a*) = {dv_max:.6f} nats, "
    f"{TRUE_MI - dv_max:.6f} below the true MI"
)
a_grid = np.linspace(-0.45, 0.45, 19)
dv_curve = est.dv_sample_curve(
    a_grid, rho_17, 12_000, np.random.default_rng([SEED, 17])
)
a_outer = np.concatenate([np.linspace(-0.95, -0.5, 10), np.linspace(0.5, 0.95, 10)])
dv_outer = est.dv_sample_curve(
    a_outer, rho_17, 12_000, np.random.default_rng([SEED, 17])
).value
check_within_noise(
    "the sampled curve follows the closed form DV(a) at every a in [-0.45, 0.45]",
    dv_curve.value,
    est.dv_closed_form(a_grid, rho_17),
    dv_curve.stderr,
)

# %% [markdown]
# The best critic of this family reaches $\mathrm{DV}(a^*) = 0.1572$ nats, 0.0659 below the
# true 0.2231: a critic family that cannot represent the log density ratio leaves a gap,
# however much data there is. Maximising a *noisy* objective over a grid could pick up the
# noise and land above the family's best value. Over 100 independent data sets of
# $n = 12\,000$ it does not, detectably: the grid maximum scatters around $\mathrm{DV}(a^*)$,
# its mean within noise of it, above it in about half of the data sets (printed below; the
# test suite repeats this with 50 other seeds). The grid stops at $|a| = 0.45$, just short of
# $a^* = 0.468$, so the grid's own best value $\mathrm{DV}(0.45)$ is a little lower (both
# printed below, with their difference); the test suite compares the mean of 5000 grid maxima
# with both, and it is within noise of each. What one data set reports is still off by about
# the printed sd, in either direction: the Monte-Carlo "bound" is an estimate, not a
# certificate.

# %%
maxima = est.dv_sample_maxima(
    a_grid, rho_17, 12_000, 100, np.random.default_rng([SEED, 170])
)
share_above = float(np.mean(maxima > dv_max))
grid_best = float(est.dv_closed_form(a_grid, rho_17).max())
print(
    f"best point of the grid: DV(0.45) = {grid_best:.4f} nats, "
    f"{dv_max - grid_best:.4f} below DV(a*) "
    f"(a* = {a_star:.3f} lies outside |a| <= 0.45)"
)
print(
    f"sampled maxima over 100 data sets: mean {maxima.mean():.4f} "
    f"± {maxima.std(ddof=1) / 10:.4f} (s.e.), sd {maxima.std(ddof=1):.4f}; "
    f"largest {maxima.max():.4f}; DV(a*) = {dv_max:.4f}"
)
check_within_noise(
    "the mean grid maximum is within noise of DV(a*): "
    "no detectable optimism at n = 12 000",
    maxima.mean(),
    dv_max,
    maxima.std(ddof=1) / 10,
)
# a share near 1/2 over 100 data sets has sd 0.05: 0.3 and 0.7 are 4 sd away
check_between(
    "share of data sets whose grid maximum exceeds DV(a*)",
    share_above,
    0.3,
    0.7,
    unit="",
)

# %%
fig, axes = course_subplots(
    2, width=10.5, height=4.3, gridspec_kw={"width_ratios": [1.5, 1]}
)
ax = axes[0]
shade_region(ax, -1.0, -0.5, r"$|a| \geq 1/2$: infinite variance")
shade_region(ax, 0.5, 1.0, "_nolegend_")
a_plot = np.linspace(-0.99, 0.99, 397)
ax.plot(
    a_plot,
    est.dv_closed_form(a_plot, rho_17),
    color=COLORS["exact"],
    label=r"closed form $\mathrm{DV}(a)$",
)
ax.errorbar(
    a_grid,
    dv_curve.value,
    yerr=2 * dv_curve.stderr,
    fmt="o",
    markersize=4,
    color=COLORS["estimate"],
    capsize=2,
    label="Monte Carlo, n = 12 000 (± 2 s.e.)",
)
ax.plot(
    a_outer, dv_outer, "x", color="0.45", label="Monte Carlo where it is unreliable"
)
reference_line(ax, TRUE_MI, f"true $I(X;Y)$ = {TRUE_MI:.4f}")
reference_line(
    ax, dv_max, rf"best of the family $\mathrm{{DV}}(a^*)$ = {dv_max:.4f}", role="bound"
)
ax.set_xlim(-1, 1)
ax.set_ylim(-0.8, 0.35)
ax.set_xlabel("critic scale $a$ in $T_a(x,y) = a\\,xy$")
ax.set_ylabel("DV lower bound (nats)")
ax.set_title("DV bound of a one-parameter critic")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=8)

axes[1].hist(
    maxima,
    bins=15,
    color=COLORS["estimate"],
    alpha=0.75,
    label="sampled maximum, 100 data sets",
)
reference_line(axes[1], dv_max, r"$\mathrm{DV}(a^*)$", role="bound", vertical=True)
reference_line(axes[1], TRUE_MI, "true $I(X;Y)$", vertical=True)
axes[1].set_xlabel("largest sampled DV value on the grid (nats)")
axes[1].set_ylabel("number of data sets")
axes[1].set_title("Grid maximum, 100 data sets: scattered around DV(a*)", fontsize=10.5)
axes[1].legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8)
plt.show()

# %% [markdown]
# ## Further reading
#
# * Cover and Thomas, *Elements of Information Theory* (2nd ed.): §2.3 and §8.5 (relative
#   entropy, the quantity every bound here approximates); §11.1 (the method of types, behind
#   the plug-in's bias).
# * MacKay, *Information Theory, Inference, and Learning Algorithms*: Chapter 2 (entropy,
#   relative entropy) and Chapter 8 (mutual information of dependent variables).
# * L. Paninski, "Estimation of entropy and mutual information", *Neural Computation* 15,
#   2003 (Sections 14–15); G. A. Miller, "Note on the bias of information estimates", 1955.
# * A. Kraskov, H. Stögbauer and P. Grassberger, *Phys. Rev. E* 69, 066138, 2004 (KSG,
#   Section 15).
# * A. van den Oord, Y. Li and O. Vinyals, "Representation learning with contrastive
#   predictive coding", 2018 (InfoNCE, Section 16).
# * M. D. Donsker and S. R. S. Varadhan, *Comm. Pure Appl. Math.* 36, 1983 (DV, Section 17).

# %% [markdown]
# ## Summary
#
# * Histogram estimates lose information through coarse bins and invent it through sparse
#   cells; the bin count can move the answer in either direction (Section 14).
# * For scalar pairs KSG is far closer to the truth at moderate $n$; Miller–Madow only partly
#   fixes the histogram, and on an independent pair only KSG is within noise of zero; the
#   histogram and Miller–Madow both report a spurious dependence (Section 15).
# * InfoNCE never exceeds $\log K$; with the optimal critic it rises toward $I$ as $K$ grows,
#   and when $I > \log K$ it can still fall well short of $\log K$ (0.999 pair, $K = 16$); with
#   a mis-scaled critic it falls as $K$ grows. Compute it with log-sum-exp (Section 16).
# * Donsker–Varadhan with a restricted critic family leaves a gap ($\mathrm{DV}(a^*) < I$); its
#   Monte-Carlo estimate is noisy (a grid maximum over one data set scatters around
#   $\mathrm{DV}(a^*)$, with no optimism detectable at $n = 12\,000$), and unusable where
#   $\mathbb{E}[e^{2T}] = \infty$ (Section 17).
#
# **Previous:** [Notebook 3 · Channels and limits](03_channels_and_limits.ipynb).
# **Next:** [Notebook 5 · Applications in ML](05_applications_in_ml.ipynb) (bottleneck, feature
# selection, contrastive learning, CLIP, BALD); the limits of these estimators are
# [Notebook 6](06_limits_of_estimation.ipynb).
# **Practice:** the exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
