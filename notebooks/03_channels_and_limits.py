# %% [markdown]
# # Mutual information 3 · Channels, capacity and prediction limits
#
# *Theory notebook 3 of 7 of the course* Mutual information for machine learning.
# Sections 11–13.
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

import mi_helpers as mi
from mi_course import check, check_close
from mi_course.estimation import gaussian_estimates_vs_rho
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
for eps in (0.0, 0.1, 0.25, 0.49):
    nats = mi.bsc_mutual_information(eps)
    bits = mi.bsc_mutual_information(eps, base=2)
    print(f"eps = {eps:4.2f}: I(X;Y) = {nats:.12f} nats = {bits:.6f} bits")
check_close(
    "BSC(0.1), uniform input: log 2 - h(0.1) nats is 1 - h2(0.1) bits",
    mi.bsc_mutual_information(0.1) / LOG2,
    1 - mi.binary_entropy(0.1, base=2),
    unit="bits",
)

# %%
eps_grid = np.linspace(0.0, 1.0, 201)
fig, ax = course_subplots(1, width=7.0, height=3.6)
ax.plot(
    eps_grid,
    mi.bsc_mutual_information(eps_grid),
    color=COLORS["exact"],
    label="uniform input (capacity)",
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
bits_axis = ax.secondary_yaxis(
    "right", functions=(lambda v: v / LOG2, lambda v: v * LOG2)
)
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
# The **Blahut–Arimoto algorithm** finds the maximiser. For an input law $p$ with output law
# $q = pW$, write $D_x = D_{\mathrm{KL}}(W(\cdot\mid x)\,\|\,q)$, how much input $x$ is worth
# under the current $q$. Then $I(p) = \sum_x p(x) D_x \le C \le \max_x D_x$: every input law
# certifies an interval around the capacity. The textbook update reweights each input by its
# worth, $p(x) \leftarrow p(x)\,e^{D_x} / Z$; in ten lines of numpy:


# %%
def divergences(W: np.ndarray, q: np.ndarray) -> np.ndarray:
    """D_x = KL(W(.|x) || q) for every input x (0 log 0 = 0)."""
    ratio = np.where(W > 0, W, 1.0) / np.where(W > 0, q, 1.0)
    return np.sum(W * np.log(ratio), axis=1)


def blahut_arimoto(W: np.ndarray, iterations: int) -> tuple[np.ndarray, list[float]]:
    p = np.full(W.shape[0], 1.0 / W.shape[0])  # start from the uniform input
    gaps = []
    for _ in range(iterations):
        d = divergences(W, p @ W)
        gaps.append(float(d.max() - p @ d))  # certified: C lies in [I(p), max_x D_x]
        p = p * np.exp(d)
        p /= p.sum()
    return p, gaps


Z = np.array([[1.0, 0.0], [0.5, 0.5]])  # Z-channel: a 1 is read as 0 half of the time
p_ba, gaps = blahut_arimoto(Z, 60)
C_ba = mi.channel_mutual_information(p_ba, Z)
for k in (0, 5, 20, 59):
    print(f"iteration {k + 1:2d}: certified gap max D - I = {gaps[k]:.2e} nats")
print(f"plain Blahut–Arimoto: C = {C_ba / LOG2:.10f} bits at P(X=1) = {p_ba[1]:.10f}")

# %% [markdown]
# The plain loop converges, but only linearly, and on a channel whose rows are nearly
# identical it crawls. Below, two of four inputs of a 3-output channel differ by 0.01 in
# two of their three probabilities:

# %%
W_close = np.array(
    [[0.6, 0.3, 0.1], [0.59, 0.31, 0.10], [0.1, 0.3, 0.6], [0.3, 0.4, 0.3]]
)
_, gaps_close = blahut_arimoto(W_close, 2000)
for k in (9, 99, 999, 1999):
    print(f"iteration {k + 1:4d}: certified gap {gaps_close[k]:.1e} nats")
C_close = mi.channel_capacity(W_close)[0]  # certified to 1e-12
print(f"mi.channel_capacity: C = {C_close:.12f} nats (gap <= 1e-12)")

# %% [markdown]
# `mi.channel_capacity` therefore runs the same update with two additions, and stops only on
# the certified gap $\max_x D_x - I(p) \le 10^{-12}$: **steps that grow**
# ($p(x) \propto p(x)\,e^{sD_x}$ with $s$ doubled while $I$ keeps increasing, back to $s = 1$
# when it does not), and after each step a **pair exchange**, moving the best amount of mass
# between two inputs chosen by their second-order gain (as SMO solvers do for SVMs). At the
# optimum every input in use has the same worth $D_x = C$.

# %%
channels = {
    "BSC(0.1)": np.array([[0.9, 0.1], [0.1, 0.9]]),
    "Z-channel(0.5)": np.array([[1.0, 0.0], [0.5, 0.5]]),
    "BEC(0.3)": np.array([[0.7, 0.3, 0.0], [0.0, 0.3, 0.7]]),  # outputs 0, erased, 1
}
capacity = {}
for name, W in channels.items():
    C, p_star = mi.channel_capacity(W)
    per_input = np.array([mi.kl_divergence(row, p_star @ W) for row in W])
    print(
        f"{name:>15}: C = {C:.10f} nats = {C / LOG2:.10f} bits "
        f"at P(X=1) = {p_star[1]:.10f}; "
        f"D(W(.|x) || p*W) = {np.array2string(per_input, precision=10)}"
    )
    capacity[name] = (C, p_star, per_input)

# %%
check(
    all(np.max(np.abs(d - C)) <= 1e-10 for C, _, d in capacity.values()),
    "on all three channels every input has the same worth D_x = C at the optimum",
)
C_z, p_z, _ = capacity["Z-channel(0.5)"]
check(
    abs(C_z / LOG2 - math.log2(1.25)) <= 1e-12
    and abs(p_z[1] - 0.4) <= 1e-9
    and abs(C_ba - C_z) <= 1e-9
    and gaps_close[-1] > 1e-8,
    "Z-channel: C = log2(1.25) bits at P(X=1) = 0.4, not 0.5; the plain loop agrees "
    "(but on near-identical rows it is still uncertified after 2000 steps)",
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
    C, p_star, _ = capacity[name]
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
#
# <details>
# <summary><b>Try it yourself:</b> derive the mutual information of a standard Gaussian pair.
# (Click for a worked solution.)</summary>
#
# **To show:** $I(X;Y) = -\tfrac12\log(1-\rho^2)$ for standard normals with correlation $\rho$.
#
# Write $Y = \rho X + \sqrt{1-\rho^2}\,N$ with $N \sim \mathcal{N}(0,1)$ independent of $X$.
# Given $X = x$, $Y$ is Gaussian with variance $1-\rho^2$, so by Section 0 of Notebook 1
# $h(Y\mid X) = \tfrac12\log\big(2\pi e(1-\rho^2)\big)$, whatever $x$ is. Marginally
# $Y \sim \mathcal{N}(0,1)$, so $h(Y) = \tfrac12\log(2\pi e)$. Subtracting,
#
# $$
# I(X;Y) = h(Y) - h(Y\mid X) = \tfrac12\log(2\pi e) - \tfrac12\log\big(2\pi e(1-\rho^2)\big)
#        = -\tfrac12\log(1-\rho^2).
# $$
#
# For vectors the same steps give $\tfrac12\log\big(\lvert\Sigma_Y\rvert /
# \lvert\Sigma_{Y\mid X}\rvert\big)$ with $\Sigma_{Y\mid X} = \Sigma_Y -
# \Sigma_{YX}\Sigma_X^{-1}\Sigma_{XY}$, which is the log-determinant formula above.
#
# </details>

# %%
for rho in (0.6, 0.8, 0.99):
    print(f"rho = {rho}: I = {mi.gaussian_mutual_information(rho):.12f} nats")
rng = np.random.default_rng([SEED, 12])
A = rng.standard_normal((5, 5))
cov = A @ A.T + 0.5 * np.eye(5)  # a random covariance of (X1, X2, Y1, Y2, Y3)
S_x, S_y, S_xy = cov[:2, :2], cov[2:, 2:], cov[:2, 2:]
whiten_x = np.linalg.inv(np.linalg.cholesky(S_x))
whiten_y = np.linalg.inv(np.linalg.cholesky(S_y))
canonical = np.linalg.svd(whiten_x @ S_xy @ whiten_y.T, compute_uv=False)
print(f"canonical correlations of a random 2 + 3 dim. Gaussian: {canonical.round(6)}")
check_close(
    "multivariate: log-determinants = -1/2 sum log(1 - r_i^2)",
    mi.gaussian_mutual_information_cov(cov, 2),
    float(-0.5 * np.sum(np.log1p(-(canonical**2)))),
)

# %% [markdown]
# How close do sample-based estimators get, for a *scalar* pair? Below, for six correlations,
# five data sets of $n = 2000$ pairs each go through the 30 × 30 histogram estimator and through
# KSG. The histogram *invents* information for an independent pair ($\rho = 0$): with 900
# cells for 2000 points, random fluctuations of the counts look like dependence. KSG is closer
# to the curve at every $\rho$ here; in ten dimensions it is not (Section 26, Notebook 6). Error
# bars are ±2 standard errors over the five data sets.

# %%
rng = np.random.default_rng([SEED, 120])
rhos = np.array([0.0, 0.3, 0.5, 0.7, 0.8, 0.9])
gauss_sweep = gaussian_estimates_vs_rho(rhos, n=2000, repeats=5, rng=rng, bins=30)
true_gauss = mi.gaussian_mutual_information(rhos)
print(" rho   true MI   histogram    KSG   (nats, mean of 5 data sets)")
for i, rho in enumerate(rhos):
    print(
        f"{rho:4.1f}   {true_gauss[i]:7.4f}   "
        f"{gauss_sweep.mean['histogram'][i]:9.4f}   "
        f"{gauss_sweep.mean['ksg'][i]:6.4f}"
    )
hist_error = np.abs(gauss_sweep.mean["histogram"] - true_gauss)
ksg_error = np.abs(gauss_sweep.mean["ksg"] - true_gauss)
check(
    bool(np.all(ksg_error < hist_error)),
    "scalar pairs: KSG is closer to the true value than the histogram at every rho",
)
check(
    bool(gauss_sweep.mean["histogram"][0] > 10 * gauss_sweep.stderr("histogram")[0]),
    f"the histogram reports {gauss_sweep.mean['histogram'][0]:.3f} nats for an "
    "independent "
    "pair (more than 10 s.e. above 0)",
)

# %%
rho_grid = np.linspace(0.0, 0.95, 191)
fig, ax = course_subplots(1, width=7.5, height=3.8)
ax.plot(
    rho_grid,
    mi.gaussian_mutual_information(rho_grid),
    color=COLORS["exact"],
    label=r"closed form $-\frac{1}{2}\log(1-\rho^2)$",
)
for name, role, shift in [
    ("histogram", "contrast", -0.012),
    ("ksg", "estimate", 0.012),
]:
    ax.errorbar(
        rhos + shift,
        gauss_sweep.mean[name],
        yerr=2 * gauss_sweep.stderr(name),
        fmt="o",
        markersize=5,
        color=COLORS[role],
        capsize=3,
        label=("30×30 histogram" if name == "histogram" else "KSG (k = 3)")
        + ", n = 2000",
    )
ax.set_xlabel(r"correlation $\rho$")
ax.set_ylabel("$I(X;Y)$ (nats)")
ax.set_xlim(-0.03, 0.97)
ax.set_ylim(0, 1.2)
ax.set_title("Gaussian MI: closed form and two estimators")
ax.legend(loc="upper left", fontsize=8.5)
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
# <details>
# <summary><b>Try it yourself:</b> prove Fano's inequality. (Click for a worked
# solution.)</summary>
#
# Let $E = 1$ if $\hat X \ne X$ and $0$ otherwise, so $P(E = 1) = P_e$. Expand
# $H(E, X\mid \hat X)$ with the chain rule in two orders:
#
# $$
# H(X\mid\hat X) + \underbrace{H(E\mid X,\hat X)}_{=\,0}
#   = \underbrace{H(E\mid\hat X)}_{\le\, h(P_e)} + H(X\mid E,\hat X).
# $$
#
# $E$ is a function of $(X, \hat X)$, hence the zero; conditioning cannot increase entropy,
# hence $H(E\mid\hat X) \le H(E) = h(P_e)$. For the last term: if $E = 0$, then $X = \hat X$ and
# nothing is uncertain; if $E = 1$, $X$ is one of the $M - 1$ other classes, so its entropy is at
# most $\log(M-1)$. Hence $H(X\mid E,\hat X) \le P_e\log(M-1)$ and
# $H(X\mid\hat X) \le h(P_e) + P_e\log(M-1)$. Finally $\hat X$ is computed from $Y$, so by data
# processing $I(X;\hat X) \le I(X;Y)$, i.e. $H(X\mid Y) \le H(X\mid\hat X)$.
#
# </details>
#
# The seed example: $M = 4$ equally likely classes, correct with probability 0.7.

# %%
M = 4
p_label = np.full(M, 1.0 / M)


def symmetric_channel(p_error: float) -> np.ndarray:
    """M-ary symmetric channel: right with probability 1 - p_error, else uniformly."""
    return np.full((M, M), p_error / (M - 1)) + (
        1 - p_error - p_error / (M - 1)
    ) * np.eye(M)


def shift_channel(p_error: float) -> np.ndarray:
    """Every error goes to the next class: x -> x + 1 (mod M), probability p_error."""
    return (1 - p_error) * np.eye(M) + p_error * np.roll(np.eye(M), 1, axis=1)


joint = p_label[:, None] * symmetric_channel(0.3)  # p(x, y)
H_X = mi.entropy(p_label)
I_XY = mi.mutual_information(joint)
H_X_given_Y = mi.conditional_entropy(joint, x=0, given=1)
print(
    f"H(X) = {H_X:.12f}, I(X;Y) = {I_XY:.12f}, H(X|Y) = {H_X_given_Y:.12f}, "
    f"Fano bound at P_e = 0.3: {mi.fano_bound(0.3, M):.12f} nats"
)

# %%
p_errors = np.linspace(0.0, 0.75, 31)
h_symmetric = np.array(
    [
        mi.conditional_entropy(p_label[:, None] * symmetric_channel(pe))
        for pe in p_errors
    ]
)
# The shift channel is swept up to P_e = 1/2 only: beyond, "predict Y" is no longer
# its best decoder.
pe_shift = p_errors[p_errors <= 0.5]
h_shift = np.array(
    [mi.conditional_entropy(p_label[:, None] * shift_channel(pe)) for pe in pe_shift]
)
fano = mi.fano_bound(p_errors, M)
fano_shift = mi.fano_bound(pe_shift, M)
check(
    bool(np.max(np.abs(h_symmetric - fano)) <= 1e-12),
    "symmetric channel: H(X|Y) EQUALS the Fano bound at all 31 error rates (0.3 too)",
)
check(
    bool(np.all((fano_shift - h_shift)[1:] > 0.01)),
    "shift channel: strictly below the bound whenever P_e > 0",
)
min_error = mi.fano_min_error(h_shift, M)
check(
    bool(np.all(min_error <= pe_shift + 1e-12)),
    "the error Fano predicts from H(X|Y) never exceeds the actual error",
)

# %%
fig, axes = course_subplots(2, width=10.5, height=3.9)
pe_fine = np.linspace(0.0, 1.0, 401)
axes[0].plot(
    pe_fine,
    mi.fano_bound(pe_fine, M),
    color=COLORS["bound"],
    label=r"Fano bound $h(P_e)+P_e\log 3$",
)
axes[0].plot(
    p_errors,
    h_symmetric,
    "o",
    markersize=5,
    color=COLORS["exact"],
    label="symmetric channel (equality)",
)
axes[0].plot(
    pe_shift,
    h_shift,
    "s",
    markersize=4,
    color=COLORS["contrast"],
    label="shift channel (strict)",
)
reference_line(axes[0], math.log(M), r"$H(X) = \log 4$", role="ceiling")
axes[0].plot(
    0.3,
    H_X_given_Y,
    marker="*",
    markersize=16,
    color="black",
    linestyle="none",
    label="example, $P_e = 0.3$",
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
    math.log(M) - h_shift,
    pe_shift,
    "s",
    markersize=4,
    color=COLORS["contrast"],
    label="shift channel",
)
reference_line(axes[1], 0.75, "chance level 3/4", role="ceiling")
axes[1].set_xlabel("information $I(X;Y)$ the observation carries (nats)")
axes[1].set_ylabel("error probability $P_e$")
axes[1].set_title("Little information forces errors")
axes[1].set_ylim(0, 0.9)
axes[1].legend(loc="upper right", fontsize=8)
plt.show()

# %% [markdown]
# Read the right panel as a limit for machine learning. The example's observation carries
# $I = 0.4458$ nats about a balanced 4-class label, and Fano's floor there is exactly its error
# 0.300 (the equality case). The floor moves with the information, whatever the model: below,
# the floor at the example's 0.4458 nats, at 0.45 and at 0.30 nats. Stronger models cannot
# beat Fano; only more informative features can.

# %%
for info in (I_XY, 0.45, 0.30):
    floor = mi.fano_min_error(math.log(M) - info, M)
    print(f"I(X;Y) = {info:.4f} nats: no classifier has error below {floor:.4f}")

# %% [markdown]
# ## Further reading
#
# * Cover and Thomas, *Elements of Information Theory* (2nd ed.): Chapter 7 (channel capacity,
#   the BSC, BEC and symmetric channels) and §10.8 (the Blahut–Arimoto algorithm) for
#   Section 11; Chapters 8 and 9 (differential entropy, the Gaussian channel) for Section 12;
#   §2.10 (Fano's inequality) for Section 13.
# * MacKay, *Information Theory, Inference, and Learning Algorithms*: Chapters 9 and 10
#   (communication over a noisy channel, the noisy-channel coding theorem) and Chapter 11
#   (the Gaussian channel).
# * R. E. Blahut, "Computation of channel capacity and rate-distortion functions", and S.
#   Arimoto, "An algorithm for computing the capacity of arbitrary discrete memoryless
#   channels", both *IEEE Trans. Inf. Theory* 18, 1972.
# * R. M. Fano, *Transmission of Information*, MIT Press, 1961: the inequality of Section 13.

# %% [markdown]
# ## Summary
#
# * $I(X;Y)$ of a channel depends on the input law; capacity maximises it. Blahut–Arimoto finds the
#   maximiser with a certified gap, and the best input is not always uniform (Z-channel:
#   $p^* = 0.4$, $C = \log_2 1.25$ bits) (Section 11).
# * Gaussian pairs have $I = -\tfrac12\log(1-\rho^2)$, or a log-determinant formula for vectors;
#   the known value exposes the histogram's bias; for scalar pairs KSG comes much closer
#   (Section 12), in high dimension it does not (Section 26).
# * Fano: $H(X\mid Y) \le h(P_e) + P_e\log(M-1)$, with equality for the symmetric channel; low
#   information forces a high error for every classifier (Section 13).
#
# **Previous:** [Notebook 2 · Identities and theorems](02_identities_and_theorems.ipynb).
# **Next:** [Notebook 4 · Estimation and bounds](04_estimation_and_bounds.ipynb) (estimators,
# InfoNCE, Donsker–Varadhan).
# **Practice:** the exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
