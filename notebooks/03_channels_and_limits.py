# %% [markdown]
# # Mutual information 3 · Channels, capacity and prediction limits
#
# *Theory notebook 3 of 5 of the course* Mutual information for machine learning.
# Sections 11–13 of 23.
#
# Mutual information was born in communication theory: how many nats per use can a noisy
# channel carry? The same mathematics bounds what any predictor can achieve: if a feature carries
# little information about a label, no classifier can be accurate.
#
# **Learning objectives.** After this notebook you can
#
# 1. compute $I(X;Y)$ for an input law sent through a channel $p(y\mid x)$, and find the capacity
#    $C = \max_{p_X} I(X;Y)$ with the Blahut–Arimoto algorithm, including for a channel whose best
#    input is *not* uniform;
# 2. use the closed form $I = -\tfrac12\log(1-\rho^2)$ for Gaussian pairs and its multivariate
#    version, and compare estimators against it;
# 3. state Fano's inequality, recognise its equality case, and turn it into a lower bound on the
#    error of any classifier.
#
# Previous: [Notebook 2 · Identities and theorems](02_identities_and_theorems.ipynb).
# Quantities are in nats unless a line says bits (1 bit $= \log 2 \approx 0.693$ nats).

# %% [markdown]
# ## Setup

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import mi_helpers as mi
from mi_course import check, check_close
from mi_course import estimation as sim
from mi_course.plotting import COLORS, course_subplots, reference_line, use_course_style

use_course_style()
SEED = 2024
LOG2 = math.log(2.0)
print(f"Setup done: course figure style on, SEED = {SEED}.")

# %% [markdown]
# ## 11. Channel mutual information and capacity
#
# A discrete memoryless channel is a matrix $W[x, y] = p(y\mid x)$. Sending inputs with law $p_X$
# gives the joint law $p_X(x)\,W[x,y]$ and hence
#
# $$
# I(X;Y) = \sum_x p_X(x)\, D_{\mathrm{KL}}\big(W(\cdot\mid x)\,\|\,p_X W\big), \qquad
# C = \max_{p_X} I(X;Y).
# $$
#
# The **binary symmetric channel** BSC($\varepsilon$) flips a bit with probability $\varepsilon$.
# With a uniform input, $I(X;Y) = \log 2 - h(\varepsilon)$ nats, which is the familiar
# $1 - h_2(\varepsilon)$ *bits* (with $h_2$ the binary entropy in bits). At $\varepsilon = 0$ the
# channel is perfect and carries one bit; at $\varepsilon = 1/2$ the output is pure noise.

# %%
for eps, oracle in [(0.0, LOG2), (0.1, 0.368064207168), (0.25, 0.130812035941), (0.49, 0.000200013335467)]:
    nats = mi.bsc_mutual_information(eps)
    bits = mi.bsc_mutual_information(eps, base=2)
    print(f"eps = {eps:4.2f}: I(X;Y) = {nats:.12f} nats = {bits:.6f} bits")
    check_close(f"BSC({eps}) with uniform input (oracle)", nats, oracle)
    check_close(f"BSC({eps}): nats / log 2 = bits", nats / LOG2, bits, unit="bits")

# %%
eps_grid = np.linspace(0.0, 1.0, 201)
fig, ax = course_subplots(1, width=7.0, height=3.6)
ax.plot(
    eps_grid, mi.bsc_mutual_information(eps_grid), color=COLORS["exact"], label="uniform input (capacity)"
)
for p1, style in [(0.2, "--"), (0.05, ":")]:
    ax.plot(
        eps_grid,
        mi.bsc_mutual_information(eps_grid, p1=p1),
        color=COLORS["alternative"],
        linestyle=style,
        label=f"input $P(X=1) = {p1}$",
    )
reference_line(ax, LOG2, r"$\log 2$ = 1 bit", role="ceiling")
ax.set_xlabel(r"flip probability $\varepsilon$")
ax.set_ylabel("$I(X;Y)$ (nats)")
bits_axis = ax.secondary_yaxis("right", functions=(lambda v: v / LOG2, lambda v: v * LOG2))
bits_axis.set_ylabel("bits")
ax.set_title("Binary symmetric channel")
ax.legend(loc="center", bbox_to_anchor=(0.5, 0.62), fontsize=8.5)
plt.show()

# %% [markdown]
# The capacity is a **maximum over input laws**. For the BSC symmetry makes the uniform input
# optimal, so the curve above is already the capacity. That is not true in general. In the
# **Z-channel** a 0 always arrives intact, but a 1 is read as 0 half of the time. Sending 1s is
# risky, so the best input sends *fewer* of them: $p^*(X=1) = 0.4$ and
# $C = \log_2 1.25 \approx 0.3219$ bits. For a Z-channel that flips a 1 with probability $p$,
# $C = \log_2\big(1 + (1-p)\,p^{p/(1-p)}\big)$ bits.
#
# `mi.channel_capacity` runs the Blahut–Arimoto algorithm. For any input law $p$ it knows
# $I(p) \le C \le \max_x D_{\mathrm{KL}}(W(\cdot\mid x)\,\|\,pW)$, so it stops when that
# *certified* gap is below $10^{-12}$ nats. At the optimum every input in use has the same
# divergence $D_{\mathrm{KL}}(W(\cdot\mid x)\,\|\,p^*W) = C$ (no input is worth more than another).

# %%
channels = {
    "BSC(0.1)": np.array([[0.9, 0.1], [0.1, 0.9]]),
    "Z-channel(0.5)": np.array([[1.0, 0.0], [0.5, 0.5]]),
    "BEC(0.3)": np.array([[0.7, 0.3, 0.0], [0.0, 0.3, 0.7]]),  # outputs 0, erased, 1
}
capacity = {}
for name, W in channels.items():
    C, p_star = mi.channel_capacity(W)
    capacity[name] = (C, p_star)
    per_input = np.array([mi.kl_divergence(row, p_star @ W) for row in W])
    print(
        f"{name:>15}: C = {C:.10f} nats = {C / LOG2:.10f} bits at P(X=1) = {p_star[1]:.10f}; "
        f"D(W(.|x) || p*W) = {np.array2string(per_input, precision=10)}"
    )
    check(
        bool(np.max(np.abs(per_input - C)) <= 1e-10), f"{name}: every input has divergence C at the optimum"
    )

# %%
Z = channels["Z-channel(0.5)"]
check_close("BSC(0.1): C = log 2 - h(0.1)", capacity["BSC(0.1)"][0], LOG2 - mi.binary_entropy(0.1))
check_close("BSC(0.1): the best input is uniform", capacity["BSC(0.1)"][1][1], 0.5, tol=1e-9, unit="")
check_close(
    "Z-channel(0.5): C = log2(1.25) bits", capacity["Z-channel(0.5)"][0] / LOG2, math.log2(1.25), unit="bits"
)
check_close(
    "Z-channel(0.5): best input P(X=1) = 0.4, not 0.5",
    capacity["Z-channel(0.5)"][1][1],
    0.4,
    tol=1e-9,
    unit="",
)
check_close("BEC(0.3): C = (1 - 0.3) log 2", capacity["BEC(0.3)"][0], 0.7 * LOG2)
p_flip = 0.1
z_closed_form = math.log2(1 + (1 - p_flip) * p_flip ** (p_flip / (1 - p_flip)))
check_close(
    "Z-channel(0.1): Blahut–Arimoto = closed form",
    mi.channel_capacity([[1, 0], [p_flip, 1 - p_flip]], base=2)[0],
    z_closed_form,
    unit="bits",
)
check_close(
    "Z-channel(0.1): closed form (oracle 0.7628483 bits)", z_closed_form, 0.7628483, tol=5e-8, unit="bits"
)
q, eps = 4, 0.2
W_q = np.full((q, q), eps / (q - 1)) + (1 - eps - eps / (q - 1)) * np.eye(q)
check_close(
    "4-ary symmetric channel (eps = 0.2): C = log2 4 - h2(0.2) - 0.2 log2 3",
    mi.channel_capacity(W_q, base=2)[0],
    2 - mi.binary_entropy(eps, base=2) - eps * math.log2(3),
    unit="bits",
)
check(
    mi.channel_mutual_information([0.5, 0.5], Z) < capacity["Z-channel(0.5)"][0] - 1e-3,
    "on the Z-channel the uniform input falls short of capacity",
)

# %%
p1_grid = np.linspace(0.0, 1.0, 401)
fig, ax = course_subplots(1, width=7.5, height=3.8)
styles = {
    "BSC(0.1)": COLORS["exact"],
    "Z-channel(0.5)": COLORS["contrast"],
    "BEC(0.3)": COLORS["alternative"],
}
for name, W in channels.items():
    curve = [mi.channel_mutual_information([1 - p1, p1], W, base=2) for p1 in p1_grid]
    C, p_star = capacity[name]
    ax.plot(p1_grid, curve, color=styles[name], label=name)
    ax.plot(
        p_star[1],
        C / LOG2,
        marker="*",
        markersize=15,
        color=styles[name],
        markeredgecolor="white",
        linestyle="none",
    )
    ax.annotate(
        f"C = {C / LOG2:.4f} bits\nat {p_star[1]:.2f}",
        (p_star[1], C / LOG2),
        textcoords="offset points",
        xytext=(8, 4),
        fontsize=8.5,
        color=styles[name],
    )
reference_line(ax, 0.5, "uniform input", role="ceiling", vertical=True)
ax.set_xlabel("input law $P(X = 1)$")
ax.set_ylabel("$I(X;Y)$ (bits)")
ax.set_ylim(0, 0.85)
ax.set_title("Capacity = the top of each curve (stars: Blahut–Arimoto)")
ax.legend(loc="upper left", fontsize=8.5)
plt.show()

# %% [markdown]
# ## 12. Gaussian mutual information
#
# For a jointly Gaussian pair with correlation $\rho$ there is a closed form,
#
# $$
# I(X;Y) = -\tfrac12 \log\left(1-\rho^2\right),
# $$
#
# which grows without bound as $|\rho| \to 1$ (a continuous $X$ can carry infinitely many nats
# when $Y$ is noiseless). For Gaussian vectors $(X, Y)$ with covariance blocks $\Sigma_X$,
# $\Sigma_Y$ and joint covariance $\Sigma$,
#
# $$
# I(X;Y) = \tfrac12\left[\log\lvert\Sigma_X\rvert + \log\lvert\Sigma_Y\rvert - \log\lvert\Sigma\rvert\right]
#        = -\tfrac12 \sum_i \log\left(1 - r_i^2\right),
# $$
#
# where the $r_i$ are the canonical correlations. Gaussian pairs are the standard test bed for
# estimators because the true value is known exactly.

# %%
for rho, oracle in [(0.6, 0.223143551314), (0.7, 0.336672276632), (0.8, 0.510825623766)]:
    value = mi.gaussian_mutual_information(rho)
    check_close(f"rho = {rho}: -1/2 log(1 - rho^2) (oracle)", value, oracle)
    check_close(
        f"rho = {rho}: log-determinant formula agrees",
        mi.gaussian_mutual_information_cov([[1.0, rho], [rho, 1.0]], 1),
        value,
    )

rng = np.random.default_rng([SEED, 12])
A = rng.standard_normal((5, 5))
cov = A @ A.T + 0.5 * np.eye(5)  # a random covariance of (X1, X2, Y1, Y2, Y3)
S_x, S_y, S_xy = cov[:2, :2], cov[2:, 2:], cov[:2, 2:]
whiten_x = np.linalg.inv(np.linalg.cholesky(S_x))
whiten_y = np.linalg.inv(np.linalg.cholesky(S_y))
canonical = np.linalg.svd(whiten_x @ S_xy @ whiten_y.T, compute_uv=False)
print(f"canonical correlations of a random 2 + 3 dimensional Gaussian: {np.round(canonical, 6).tolist()}")
check_close(
    "multivariate: log-determinants = -1/2 sum log(1 - r_i^2)",
    mi.gaussian_mutual_information_cov(cov, 2),
    float(-0.5 * np.sum(np.log1p(-(canonical**2)))),
)

# %% [markdown]
# How close do sample-based estimators get? Below, for six correlations, five data sets of
# $n = 2000$ pairs each go through the 30 × 30 histogram estimator and through KSG. The histogram
# *invents* about 0.15 nats of information for an independent pair ($\rho = 0$): with 900 cells
# for 2000 points, random fluctuations of the counts look like dependence. KSG stays close to the
# curve. Error bars are ±2 standard errors over the five data sets.

# %%
rng = np.random.default_rng([SEED, 120])
rhos = np.array([0.0, 0.3, 0.5, 0.7, 0.8, 0.9])
gauss_sweep = sim.gaussian_estimates_vs_rho(rhos, n=2000, repeats=5, rng=rng, bins=30)
true_gauss = mi.gaussian_mutual_information(rhos)
print(" rho   true MI   histogram    KSG   (nats, mean of 5 data sets)")
for i, rho in enumerate(rhos):
    print(
        f"{rho:4.1f}   {true_gauss[i]:7.4f}   {gauss_sweep.mean['histogram'][i]:9.4f}   "
        f"{gauss_sweep.mean['ksg'][i]:6.4f}"
    )
hist_error = np.abs(gauss_sweep.mean["histogram"] - true_gauss)
ksg_error = np.abs(gauss_sweep.mean["ksg"] - true_gauss)
check(bool(np.all(ksg_error < hist_error)), "KSG is closer to the true value than the histogram at every rho")
check(
    bool(gauss_sweep.mean["histogram"][0] > 10 * gauss_sweep.stderr("histogram")[0]),
    "the histogram reports dependence for an independent pair (more than 10 s.e. above 0)",
)

# %%
rho_grid = np.linspace(-0.95, 0.95, 381)
fig, ax = course_subplots(1, width=7.5, height=3.8)
ax.plot(
    rho_grid,
    mi.gaussian_mutual_information(rho_grid),
    color=COLORS["exact"],
    label=r"closed form $-\frac{1}{2}\log(1-\rho^2)$",
)
for name, role, shift in [("histogram", "contrast", -0.012), ("ksg", "estimate", 0.012)]:
    ax.errorbar(
        rhos + shift,
        gauss_sweep.mean[name],
        yerr=2 * gauss_sweep.stderr(name),
        fmt="o",
        markersize=5,
        color=COLORS[role],
        capsize=3,
        label=f"{'30×30 histogram' if name == 'histogram' else 'KSG (k = 3)'}, n = 2000",
    )
ax.set_xlabel(r"correlation $\rho$")
ax.set_ylabel("$I(X;Y)$ (nats)")
ax.set_ylim(0, 1.7)
ax.set_title("Gaussian MI: closed form and two estimators")
ax.legend(loc="upper center", fontsize=8.5)
plt.show()

# %% [markdown]
# ## 13. Fano's inequality and prediction limits
#
# Let $X$ be a label with $M$ classes, $Y$ an observation, and $\hat X(Y)$ *any* classifier with
# error probability $P_e = P(\hat X \ne X)$. Fano's inequality says
#
# $$
# H(X\mid Y) \le h(P_e) + P_e \log(M-1).
# $$
#
# The right side increases with $P_e$ (up to $P_e = (M-1)/M$), so little information (large
# $H(X\mid Y) = H(X) - I(X;Y)$) forces a large error. **The bound is tight**: for the $M$-ary
# symmetric channel (correct with probability $1-P_e$, otherwise uniformly wrong) and the decoder
# $\hat X = Y$, the two sides are *equal*. Errors that are not spread evenly leave less
# uncertainty than Fano allows for, and those channels sit strictly below the bound.
#
# The seed example: $M = 4$ equally likely classes, correct with probability 0.7.

# %%
M = 4
p_label = np.full(M, 1.0 / M)


def symmetric_channel(p_error: float) -> np.ndarray:
    """M-ary symmetric channel: correct with probability 1 - p_error, else uniformly wrong."""
    return np.full((M, M), p_error / (M - 1)) + (1 - p_error - p_error / (M - 1)) * np.eye(M)


def shift_channel(p_error: float) -> np.ndarray:
    """Every error goes to the next class: x -> x + 1 (mod M) with probability p_error."""
    return (1 - p_error) * np.eye(M) + p_error * np.roll(np.eye(M), 1, axis=1)


joint = p_label[:, None] * symmetric_channel(0.3)  # p(x, y)
H_X = mi.entropy(p_label)
I_XY = mi.mutual_information(joint)
H_X_given_Y = mi.conditional_entropy(joint, x=0, given=1)
print(
    f"H(X) = {H_X:.12f}, I(X;Y) = {I_XY:.12f}, H(X|Y) = {H_X_given_Y:.12f}, "
    f"Fano bound at P_e = 0.3: {mi.fano_bound(0.3, M):.12f} nats"
)
check_close("H(X) = log 4", H_X, math.log(4))
check_close("I(X;Y) (oracle 0.445846372465)", I_XY, 0.445846372465)
check_close(
    "symmetric channel: H(X|Y) EQUALS the Fano bound (the equality case)", H_X_given_Y, mi.fano_bound(0.3, M)
)
check_close("Fano bound h(0.3) + 0.3 log 3 (oracle 0.940447988655)", mi.fano_bound(0.3, M), 0.940447988655)

# %%
p_errors = np.linspace(0.0, 0.75, 31)
h_symmetric = np.array([mi.conditional_entropy(p_label[:, None] * symmetric_channel(pe)) for pe in p_errors])
# The shift channel is only swept up to P_e = 1/2: beyond, "predict Y" is no longer its best decoder.
pe_shift = p_errors[p_errors <= 0.5]
h_shift = np.array([mi.conditional_entropy(p_label[:, None] * shift_channel(pe)) for pe in pe_shift])
fano = mi.fano_bound(p_errors, M)
check(bool(np.max(np.abs(h_symmetric - fano)) <= 1e-12), "symmetric channel: equality at all 31 error rates")
fano_shift = mi.fano_bound(pe_shift, M)
check(bool(np.all(h_shift <= fano_shift + 1e-12)), "shift channel: H(X|Y) <= Fano bound at every error rate")
check(bool(np.all((fano_shift - h_shift)[1:] > 0.01)), "shift channel: strictly below the bound when P_e > 0")
min_error = mi.fano_min_error(h_shift, M)
check(
    bool(np.all(min_error <= pe_shift + 1e-12)),
    "the error Fano predicts from H(X|Y) never exceeds the actual error",
)

# %%
fig, axes = course_subplots(2, width=10.5, height=3.9)
pe_fine = np.linspace(0.0, 1.0, 401)
axes[0].plot(
    pe_fine, mi.fano_bound(pe_fine, M), color=COLORS["bound"], label=r"Fano bound $h(P_e)+P_e\log 3$"
)
axes[0].plot(
    p_errors, h_symmetric, "o", markersize=5, color=COLORS["exact"], label="symmetric channel (equality)"
)
axes[0].plot(pe_shift, h_shift, "s", markersize=4, color=COLORS["contrast"], label="shift channel (strict)")
reference_line(axes[0], math.log(M), r"$H(X) = \log 4$", role="ceiling")
axes[0].plot(
    0.3, H_X_given_Y, marker="*", markersize=16, color="black", linestyle="none", label="example, $P_e = 0.3$"
)
axes[0].set_xlabel("error probability $P_e$ of the decoder $\\hat X = Y$")
axes[0].set_ylabel(r"$H(X\mid Y)$ (nats)")
axes[0].set_title("Fano's inequality, and where it is tight")
axes[0].legend(loc="lower right", fontsize=8)

info_grid = np.linspace(0.0, math.log(M), 301)
axes[1].plot(
    info_grid,
    mi.fano_min_error(math.log(M) - info_grid, M),
    color=COLORS["bound"],
    label="smallest error Fano allows",
)
axes[1].plot(
    math.log(M) - h_symmetric,
    p_errors,
    "o",
    markersize=5,
    color=COLORS["exact"],
    label="symmetric channel (achieves it)",
)
axes[1].plot(
    math.log(M) - h_shift, pe_shift, "s", markersize=4, color=COLORS["contrast"], label="shift channel"
)
reference_line(axes[1], 0.75, "chance level 3/4", role="ceiling")
axes[1].set_xlabel("information $I(X;Y)$ the observation carries (nats)")
axes[1].set_ylabel("error probability $P_e$")
axes[1].set_title("Little information forces errors")
axes[1].set_ylim(0, 0.9)
axes[1].legend(loc="upper right", fontsize=8)
plt.show()

# %% [markdown]
# Read the right panel as a limit for machine learning: a feature that carries 0.45 nats about a
# balanced 4-class label cannot support a classifier with error below 0.3, whatever the model.
# Stronger models cannot beat Fano; only more informative features can.

# %% [markdown]
# ## Summary
#
# * $I(X;Y)$ of a channel depends on the input law; capacity maximises it. Blahut–Arimoto finds the
#   maximiser with a certified gap, and the best input is not always uniform (Z-channel:
#   $p^* = 0.4$, $C = \log_2 1.25$ bits) (Section 11).
# * Gaussian pairs have $I = -\tfrac12\log(1-\rho^2)$, or a log-determinant formula for vectors; the
#   known value exposes the histogram's bias, while KSG tracks it (Section 12).
# * Fano: $H(X\mid Y) \le h(P_e) + P_e\log(M-1)$, with equality for the symmetric channel; low
#   information forces a high error for every classifier (Section 13).
#
# **Previous:** [Notebook 2 · Identities and theorems](02_identities_and_theorems.ipynb).
# **Next:** [Notebook 4 · Estimation and bounds](04_estimation_and_bounds.ipynb) (estimators,
# InfoNCE, Donsker–Varadhan).
# **Practice:** the exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
