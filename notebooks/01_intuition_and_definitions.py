# %% [markdown]
# # Mutual information 1 · Intuition and exact definitions
#
# *Theory notebook 1 of 7 of the course* Mutual information for machine learning.
# Sections 0–4.
#
# Mutual information asks one question: **how much does knowing one variable tell us about
# another?** This notebook builds the answer from the ground up: first the continuous
# definitions that the examples rely on, then pictures of samples, then small probability
# tables where every number can be checked by hand.
#
# **Learning objectives.** After this notebook you can
#
# 1. define differential entropy and continuous MI, compute them for Gaussians, and explain why
#    MI survives an invertible change of variables while differential entropy does not;
# 2. explain why a correlation of zero does not mean independence, and what mutual information
#    (MI) measures instead;
# 3. compute entropies and $I(X;Y)$ from a joint table, and read them as a reduction of
#    uncertainty;
# 4. state, prove and verify that $I(X;Y)$ is the Kullback–Leibler divergence from the joint
#    law to the product of its marginals, hence never negative;
# 5. use pointwise mutual information (PMI) to score single pairs of outcomes, and recover MI
#    as its average.
#
# **How to read the checks.** A claim is tested by a line that prints `✓ …` when it holds and
# stops the notebook with an `AssertionError` when it does not. Exact identities are checked to
# about $10^{-12}$; a claim about random samples allows the estimate's own sampling noise, and
# the course's test suite repeats it with 50 other seeds. All quantities are in **nats**
# (natural logarithm) unless a line says bits.

# %% [markdown]
# ## Setup
#
# The numerics come from the course package `mi_helpers` (entropy, MI, estimators); figure
# style, figure helpers and the worded checks come from `mi_course`. `SEED` fixes every random
# draw: each cell that samples makes its own generator from it, so the cells give the same
# numbers in any order.

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
from mi_course.definitions import DEPENDENCE_DEMO_SD, NONLINEAR_PAIR_MI
from mi_course.plotting import (
    COLORS,
    course_subplots,
    plot_estimates_with_truth,
    plot_information_bars,
    plot_joint_table,
    reference_line,
    use_course_style,
)

use_course_style()
SEED = 2024
LOG2 = math.log(2.0)
print(f"Setup done: course figure style on, SEED = {SEED}.")

# %% [markdown]
# ## 0. Differential entropy and continuous mutual information
#
# For a continuous variable with density $p$, the **differential entropy** is
#
# $$
# h(X) = -\int p(x)\log p(x)\,dx .
# $$
#
# It looks like the discrete $H$, but it is not a count of nats: it can be negative, and it
# changes under a change of units. For $X \sim \mathcal{N}(\mu, \sigma^2)$,
# $h(X) = \tfrac12\log(2\pi e\sigma^2)$, which is negative once $\sigma < 1/\sqrt{2\pi e}$. A
# scaling $Y = aX + b$ shifts it: $h(aX + b) = h(X) + \log\lvert a\rvert$.
#
# Mutual information of continuous variables is defined exactly as in the discrete case, with
# densities,
#
# $$
# I(X;Y) = h(Y) - h(Y\mid X) = \iint p(x,y)\log\frac{p(x,y)}{p(x)\,p(y)}\,dx\,dy
#        = D_{\mathrm{KL}}\big(p_{XY}\,\|\,p_X p_Y\big),
# $$
#
# where the **KL divergence between densities** is $D_{\mathrm{KL}}(p\|q) = \int p\log(p/q)$.
# Unlike $h$, MI is a genuine amount of information: an invertible map $g$ changes $h(Y)$ and
# $h(Y\mid X)$ by the same $\mathbb{E}\log\lvert g'(Y)\rvert$, so $I(X; g(Y)) = I(X;Y)$.
#
# Example: $Y = X + \sigma N$ with $X, N$ independent standard normals. Then
# $h(Y) = \tfrac12\log(2\pi e(1+\sigma^2))$, $h(Y\mid X) = h(\sigma N) = \tfrac12\log(2\pi e\sigma^2)$
# and $I(X;Y) = \tfrac12\log(1 + 1/\sigma^2)$. First the integral itself, on a grid:


# %%
def log_gaussian(x: np.ndarray, sd: float) -> np.ndarray:
    """log of the N(0, sd^2) density, exact even where the density underflows to 0."""
    return -0.5 * (x / sd) ** 2 - math.log(sd * math.sqrt(2 * math.pi))


def gaussian_density(x: np.ndarray, sd: float) -> np.ndarray:
    return np.exp(log_gaussian(x, sd))


grid = np.linspace(-12.0, 12.0, 24_001)
dx = grid[1] - grid[0]
h_numeric = {}
for sd in (0.1, 1.0, 3.0):
    p = gaussian_density(grid, sd)
    h_numeric[sd] = -np.sum(p * log_gaussian(grid, sd)) * dx  # -∫ p log p (Riemann sum)
    h_exact = 0.5 * math.log(2 * math.pi * math.e * sd**2)
    print(
        f"sd = {sd:3.1f}: -∫ p log p = {h_numeric[sd]:+.10f}, "
        f"1/2 log(2πe sd²) = {h_exact:+.10f}"
    )

# the density form of the KL, between N(0, 1) and N(1, 2²), against its closed form
p = gaussian_density(grid, 1.0)
kl_numeric = np.sum(p * (log_gaussian(grid, 1.0) - log_gaussian(grid - 1.0, 2.0))) * dx
kl_exact = math.log(2.0) + (1.0 + 1.0) / (2 * 4.0) - 0.5
print(f"KL(N(0,1) || N(1,4)) = {kl_numeric:.10f} (closed form {kl_exact:.10f})")

sigma = 0.5
h_y = 0.5 * math.log(2 * math.pi * math.e * (1 + sigma**2))
h_y_given_x = 0.5 * math.log(2 * math.pi * math.e * sigma**2)
print(f"Y = X + {sigma} N: I = h(Y) - h(Y|X) = {h_y - h_y_given_x:.10f} nats")

# %%
check_close(
    "h of N(0, 0.1²) by integration = 1/2 log(2πe 0.01), a NEGATIVE number",
    h_numeric[0.1],
    0.5 * math.log(2 * math.pi * math.e * 0.01),
    tol=1e-9,
)
check_close(
    "the density form of the KL matches its closed form", kl_numeric, kl_exact, tol=1e-9
)

# %% [markdown]
# Now the invariance, on samples. Rescaling $Y$ by 3 adds $\log 3$ to both differential
# entropies; the exponential map $e^Y$ changes them by $\mathbb{E}\log\lvert g'(Y)\rvert =
# \mathbb{E}[Y]$ and makes the relation with $X$ nonlinear. The KSG estimator (Section 15) should see
# about the same information in all three versions of $Y$ (an estimator is not exactly
# invariant under a nonlinear map: it sees the bent scatter). The figure also sweeps the noise: **MI falls
# as the noise grows**, from $\tfrac12\log 101 \approx 2.31$ nats at $\sigma = 0.1$ to
# $\tfrac12\log(10/9) \approx 0.053$ nats at $\sigma = 3$.

# %%
rng = np.random.default_rng([SEED, 0])
n = 2000
x = rng.standard_normal(n)
y = x + sigma * rng.standard_normal(n)
true_i = 0.5 * math.log(1 + 1 / sigma**2)
versions = {"Y": y, "3Y + 1": 3 * y + 1, "exp(Y)": np.exp(y)}
ksg = {name: mi.ksg_mutual_information(x, v) for name, v in versions.items()}
for name, value in ksg.items():
    print(f"KSG estimate of I(X; {name:>6}) = {value:.4f} nats (true {true_i:.4f})")
spread = max(ksg.values()) - min(ksg.values())
check(
    bool(spread < 0.1),
    f"the three estimates agree to {spread:.3f} nats, while h(3Y + 1) - h(Y) = log 3 "
    f"= {math.log(3):.2f} nats",
)

sigmas = np.array([0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0])
rng = np.random.default_rng([SEED, 100])
noise = rng.standard_normal((sigmas.size, n))
ksg_sweep = np.array(
    [
        mi.ksg_mutual_information(x, x + s * e)
        for s, e in zip(sigmas, noise, strict=True)
    ]
)

# %%
fig, axes = course_subplots(2, width=10.5, height=3.8)
sd_grid = np.geomspace(0.05, 4.0, 200)
axes[0].plot(
    sd_grid,
    0.5 * np.log(2 * math.pi * math.e * sd_grid**2),
    color=COLORS["exact"],
    label=r"$h(\mathcal{N}(0,\sigma^2)) = \frac{1}{2}\log(2\pi e\sigma^2)$",
)
axes[0].axhline(0.0, color="0.3", linewidth=0.8)
reference_line(
    axes[0],
    1 / math.sqrt(2 * math.pi * math.e),
    r"$\sigma = 1/\sqrt{2\pi e}$: $h = 0$",
    role="ceiling",
    vertical=True,
)
axes[0].set_xscale("log")
axes[0].set_xlabel(r"standard deviation $\sigma$ (log scale)")
axes[0].set_ylabel("nats")
axes[0].set_title("Differential entropy can be negative")
axes[0].legend(loc="upper left", fontsize=8.5)

s_fine = np.geomspace(0.08, 3.5, 200)
axes[1].plot(
    s_fine,
    0.5 * np.log1p(1 / s_fine**2),
    color=COLORS["exact"],
    label=r"$I(X;X+\sigma N) = \frac{1}{2}\log(1+1/\sigma^2)$",
)
axes[1].plot(
    sigmas,
    ksg_sweep,
    "o",
    color=COLORS["estimate"],
    label=f"KSG estimate, n = {n}",
)
axes[1].set_xscale("log")
axes[1].set_xlabel(r"noise $\sigma$ (log scale)")
axes[1].set_ylabel("$I(X;Y)$ (nats)")
axes[1].set_title("MI falls as the noise grows")
axes[1].legend(loc="upper right", fontsize=8.5)
plt.show()

# %% [markdown]
# ## 1. Shared information, not just correlation
#
# The correlation coefficient $\rho_{XY}$ measures how well a *straight line* describes the
# relation between $X$ and $Y$. Mutual information measures *any* statistical dependence: it is
# zero exactly when $X$ and $Y$ are independent, and it does not care about the shape of the
# relation.
#
# Two pairs built on the same $X \sim \mathcal{N}(0,1)$, with independent noise
# $N \sim \mathcal{N}(0,1)$:
#
# * linear: $Y = 2X + 0.3N$, a Gaussian pair, so by Section 0
#   $I(X;Y) = h(Y) - h(0.3N) = \tfrac12 \log\frac{4.09}{0.09} \approx 1.908$ nats;
# * nonlinear: $Y = X^2 + 0.2N$. Here $\operatorname{Cov}(X, Y) = \mathbb{E}[X^3] = 0$, so the
#   correlation is exactly zero, yet $Y$ pins $|X|$ down closely.
#
# Here is all of the data:

# %%
rng = np.random.default_rng([SEED, 1])
n = 5000
x = rng.standard_normal(n)
y_linear = 2.0 * x + 0.3 * rng.standard_normal(n)
y_nonlinear = x**2 + 0.2 * rng.standard_normal(n)

# %% [markdown]
# The nonlinear pair's true MI is again $h(Y) - h(Y\mid X)$, with $h(Y\mid X) = h(0.2N)$. The
# density of $Y$ has no closed form, but it is a one-dimensional integral,
# $p_Y(y) = \int \varphi(x)\,\varphi_{0.2}(y - x^2)\,dx$, which a grid computes to about
# $10^{-10}$ (by symmetry, only $x \ge 0$ is needed, with twice the weight):

# %%
x_half = np.linspace(0.0, 7.0, 1401)
weights = np.full(x_half.size, x_half[1])  # trapezoid weights
weights[[0, -1]] /= 2
y_grid = np.linspace(-1.5, 49.5, 2041)
p_y = gaussian_density(y_grid[:, None] - x_half**2, 0.2) @ (
    2 * gaussian_density(x_half, 1.0) * weights
)
h_y_nonlinear = -np.sum(p_y * np.log(np.maximum(p_y, 1e-300))) * (y_grid[1] - y_grid[0])
truth = {
    "linear": 0.5 * math.log(4.09 / 0.09),
    "nonlinear": h_y_nonlinear - 0.5 * math.log(2 * math.pi * math.e * 0.04),
}
print(f"nonlinear pair: h(Y) - h(0.2 N) = {truth['nonlinear']:.10f} nats")
check_close(
    "the integral gives the course's oracle 1.439076312",
    truth["nonlinear"],
    NONLINEAR_PAIR_MI,
    tol=1e-9,
)

# %% [markdown]
# We estimate MI from the 5000 samples with two estimators met again in Sections 14 and 15: a
# 30 × 30 histogram (plug-in) and the Kraskov–Stögbauer–Grassberger nearest-neighbour
# estimator (KSG). Each estimate is printed next to the true value.

# %%
pairs = {"linear": y_linear, "nonlinear": y_nonlinear}
corr = {name: float(np.corrcoef(x, y)[0, 1]) for name, y in pairs.items()}
hist = {
    name: mi.histogram_mutual_information(x, y, bins=30) for name, y in pairs.items()
}
ksg = {name: mi.ksg_mutual_information(x, y) for name, y in pairs.items()}
print("pair        correlation   histogram MI   KSG MI   true MI   (nats)")
for name in pairs:
    print(
        f"{name:<10}  {corr[name]:+11.4f}   {hist[name]:12.4f}   {ksg[name]:6.4f}"
        f"   {truth[name]:7.4f}"
    )

# %% [markdown]
# What to notice, as two checks. (At this $n$ the sample correlation of the nonlinear pair
# scatters by about 0.03 around 0, and the histogram estimate by about 0.04 around its mean;
# the thresholds below are far outside that noise.)

# %%
check(
    abs(corr["nonlinear"]) < 0.15 and ksg["nonlinear"] > 1.2,
    f"correlation {corr['nonlinear']:+.3f} sees nothing; KSG sees "
    f"{ksg['nonlinear']:.2f} nats of shared information",
)
check(
    truth["nonlinear"] - hist["nonlinear"] > 0.1,
    f"the 30-bin histogram misses {truth['nonlinear'] - hist['nonlinear']:.2f} nats "
    "of it (coarse bins blur the thin parabola)",
)

# %%
fig, axes = course_subplots(3, width=11.0, height=3.6)
shown = slice(0, 1000)  # a thousand points are enough to see the shape
for ax, name, colour in [
    (axes[0], "linear", COLORS["estimate"]),
    (axes[1], "nonlinear", COLORS["contrast"]),
]:
    ax.scatter(
        x[shown], pairs[name][shown], s=6, alpha=0.35, color=colour, rasterized=True
    )
    ax.set_title(
        f"{name}: corr = {corr[name]:+.3f}, true MI = {truth[name]:.3f} nats",
        fontsize=10,
    )
    ax.set_xlabel("$X$")
    ax.set_ylabel("$Y$")
plot_estimates_with_truth(
    axes[2],
    ["hist.\nlinear", "KSG\nlinear", "hist.\nnonlin.", "KSG\nnonlin."],
    [hist["linear"], ksg["linear"], hist["nonlinear"], ksg["nonlinear"]],
    [truth["linear"], truth["linear"], truth["nonlinear"], truth["nonlinear"]],
    errors=[
        2 * DEPENDENCE_DEMO_SD[k]
        for k in ("hist_linear", "ksg_linear", "hist_nonlinear", "ksg_nonlinear")
    ],
    unit="$I(X;Y)$ estimate (nats)",
    estimate_label="estimate ± 2 sd",
)
axes[2].set_title("MI estimates beside the truth", fontsize=10)
axes[2].set_ylim(0, 2.6)
plt.show()

# %% [markdown]
# The nonlinear pair has no correlation but more than 1.4 nats of shared information. Note
# also that *estimating* MI is not trivial: the histogram misses a sizeable part of it. We come
# back to estimation, and to where KSG fails too, in Sections 14, 15 and 26.

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
# First from the definitions, in plain numpy, then with the library:

# %%
P = np.array([[0.40, 0.10], [0.10, 0.40]])
p_x, p_y = P.sum(axis=1), P.sum(axis=0)
H_x_by_hand = -np.sum(p_x * np.log(p_x))
H_xy_by_hand = -np.sum(P * np.log(P))
H_x_given_y_by_hand = -np.sum(P * np.log(P / p_y))  # p(x | y) = p(x, y) / p(y)
I_by_hand = H_x_by_hand - H_x_given_y_by_hand

I_xy = mi.mutual_information(P)
H_x, H_y, H_xy = mi.entropy(p_x), mi.entropy(p_y), mi.entropy(P)
print(f"H(X) = {H_x_by_hand:.12f}, H(X,Y) = {H_xy_by_hand:.12f}")
print(f"H(X|Y) = {H_x_given_y_by_hand:.12f} nats")
print(f"I(X;Y) = {I_by_hand:.12f} nats = {mi.mutual_information(P, base=2):.6f} bits")

# %%
check_close(
    "by hand: I(X;Y) = log 2 - h(0.2)", I_by_hand, LOG2 - mi.binary_entropy(0.2)
)
check_close("mi.mutual_information agrees with the hand computation", I_xy, I_by_hand)

# %%
fig, axes = course_subplots(
    2, width=10.0, height=3.4, gridspec_kw={"width_ratios": [1, 1.7]}
)
plot_joint_table(
    P,
    ax=axes[0],
    row_labels=["0", "1"],
    col_labels=["0", "1"],
    title="joint law $p(x,y)$",
)
plot_information_bars(
    axes[1], H_x, H_y, I_xy, unit="nats", title="where the entropy goes"
)
plt.show()

# %% [markdown]
# The bar chart is the "information diagram": the $\log 2$ nats of $X$ split into what $Y$
# tells about it (green, $I$) and what stays unknown (blue, $H(X\mid Y)$). The joint entropy
# counts the shared part once.

# %% [markdown]
# ## 3. Mutual information as a KL divergence
#
# If $X$ and $Y$ were independent, their joint law would be the product $p_X p_Y$ of its
# marginals. Mutual information measures how far the real joint law is from that product, in
# the Kullback–Leibler sense:
#
# $$
# I(X;Y) = D_{\mathrm{KL}}\big(p_{XY}\,\|\,p_X p_Y\big)
#        = \sum_{x,y} p(x,y)\log\frac{p(x,y)}{p(x)\,p(y)} .
# $$
#
# To check the identity *without* using the KL formula on both sides, we compute the divergence
# with `mi.kl_divergence` and compare it with the entropy route $H(X) + H(Y) - H(X,Y)$ built
# from three separate `mi.entropy` calls, on an asymmetric $3 \times 4$ table.
#
# <details>
# <summary><b>Try it yourself:</b> prove that mutual information is never negative, and zero
# only at independence. (Click for a worked solution.)</summary>
#
# **To show:** $I(X;Y) \ge 0$, with equality only when $p(x,y) = p(x)p(y)$ for every pair.
#
# Write $I = -\sum_{x,y} p(x,y)\log\frac{p(x)p(y)}{p(x,y)}$. The logarithm is concave, so by
# Jensen's inequality, over the pairs with $p(x,y) > 0$,
#
# $$
# -I = \sum p(x,y)\log\frac{p(x)p(y)}{p(x,y)} \le \log\sum p(x,y)\frac{p(x)p(y)}{p(x,y)}
#    \le \log\sum_{x,y} p(x)p(y) = \log 1 = 0 .
# $$
#
# Jensen's inequality is an equality only when $p(x)p(y)/p(x,y)$ is the same constant $c$
# wherever $p(x,y) > 0$; summing $p(x)p(y) = c\,p(x,y)$ over those pairs and using the second
# inequality forces $c = 1$, i.e. $p(x,y) = p(x)p(y)$: independence. The same argument shows
# $D_{\mathrm{KL}}(p\|q) \ge 0$ for any two laws (Gibbs' inequality, Cover & Thomas Thm 2.6.3).
#
# </details>

# %%
P_asym = np.array(
    [[0.20, 0.05, 0.10, 0.05], [0.02, 0.18, 0.03, 0.07], [0.08, 0.02, 0.05, 0.15]]
)
product = np.outer(P_asym.sum(axis=1), P_asym.sum(axis=0))
kl = mi.kl_divergence(P_asym, product)
via_entropies = (
    mi.entropy(P_asym.sum(axis=1)) + mi.entropy(P_asym.sum(axis=0)) - mi.entropy(P_asym)
)
print(f"KL(p_XY || p_X p_Y) = {kl:.12f}, H(X)+H(Y)-H(X,Y) = {via_entropies:.12f}")
check_close("KL to the product of marginals = H(X) + H(Y) - H(X,Y)", kl, via_entropies)

# %% [markdown]
# The product of the *true* marginals is the closest product law. For any other product
# $q_X q_Y$ the divergence splits into three non-negative parts,
#
# $$
# D_{\mathrm{KL}}(p_{XY}\,\|\,q_X q_Y)
#   = I(X;Y) + D_{\mathrm{KL}}(p_X\|q_X) + D_{\mathrm{KL}}(p_Y\|q_Y),
# $$
#
# so $I(X;Y) = \min_{q_X, q_Y} D_{\mathrm{KL}}(p_{XY}\,\|\,q_X q_Y)$. The figure scans all
# product laws of two bits, $q_X = \mathrm{Bern}(a)$ and $q_Y = \mathrm{Bern}(b)$, for an
# asymmetric $2 \times 2$ joint law.

# %%
P_bits = np.array([[0.30, 0.25], [0.05, 0.40]])
p_x, p_y = P_bits.sum(axis=1), P_bits.sum(axis=0)
I_bits = mi.mutual_information(P_bits)
grid_ab = np.linspace(0.02, 0.98, 49)
# one divergence per grid point: a 49 x 49 scan of product laws, no loop over samples
divergence = np.array(
    [
        [mi.kl_divergence(P_bits, np.outer([1 - a, a], [1 - b, b])) for a in grid_ab]
        for b in grid_ab
    ]
)
a_test, b_test = 0.3, 0.8
q_x, q_y = np.array([1 - a_test, a_test]), np.array([1 - b_test, b_test])
split = I_bits + mi.kl_divergence(p_x, q_x) + mi.kl_divergence(p_y, q_y)
check_close(
    "D(p || q_X q_Y) = I + D(p_X || q_X) + D(p_Y || q_Y) at a = 0.3, b = 0.8",
    mi.kl_divergence(P_bits, np.outer(q_x, q_y)),
    split,
)
print(f"I(X;Y) = {I_bits:.6f} nats; closest grid point: {divergence.min():.6f} nats")

# %%
fig, ax = course_subplots(1, width=6.0, height=4.4)
levels = I_bits + np.array([0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6])
filled = ax.contourf(
    grid_ab,
    grid_ab,
    divergence,
    levels=np.append(levels, divergence.max()),
    cmap="viridis_r",
)
ax.contour(grid_ab, grid_ab, divergence, levels=levels, colors="white", linewidths=0.6)
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
# A positive PMI means the pair occurs more often than if the words were independent, a
# negative one less often. PMI is a classic tool for finding collocations in text ("New
# York"). It is not the same as frequency: in the toy co-occurrence table below the most
# *frequent* pair is (rare, event), but the most *associated* pair is (new, york).

# %%
words_x = ["new", "deep", "rare"]
words_y = ["york", "learning", "event"]
P_words = np.array([[0.18, 0.01, 0.01], [0.01, 0.15, 0.04], [0.01, 0.03, 0.56]])
pmi = np.log(P_words / np.outer(P_words.sum(axis=1), P_words.sum(axis=0)))  # by hand
for i, wx in enumerate(words_x):
    print(
        f"{wx:>5}: "
        + "   ".join(f"pmi(·,{wy}) = {pmi[i, j]:+.4f}" for j, wy in enumerate(words_y))
    )
best_pmi = np.unravel_index(int(np.argmax(pmi)), pmi.shape)
most_frequent = np.unravel_index(int(np.argmax(P_words)), P_words.shape)
average_pmi = float(np.sum(P_words * pmi))
print(
    f"highest PMI: ({words_x[best_pmi[0]]}, {words_y[best_pmi[1]]}); "
    f"most frequent: ({words_x[most_frequent[0]]}, {words_y[most_frequent[1]]}); "
    f"E[pmi] = {average_pmi:.6f} nats"
)

# %%
check(
    best_pmi != most_frequent, "the most associated pair is not the most frequent one"
)
check_close(
    "I(X;Y) = E[pmi(X,Y)], although single PMI values are negative",
    average_pmi,
    mi.mutual_information(P_words),
)

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
    ax.add_patch(
        plt.Rectangle(
            (col, row), 1, 1, fill=False, edgecolor=COLORS["contrast"], linewidth=3
        )
    )
plt.show()

# %% [markdown]
# ## Further reading
#
# * T. M. Cover and J. A. Thomas, *Elements of Information Theory* (2nd ed., 2006): Chapter 2
#   (entropy, relative entropy, mutual information, Jensen's and Gibbs' inequalities) for
#   Sections 2–4; Chapter 8 (differential entropy, §8.1–8.6) for Section 0.
# * D. J. C. MacKay, *Information Theory, Inference, and Learning Algorithms* (2003): Chapter 2
#   (entropy and its properties) and Chapter 8 (dependent random variables, the information
#   diagram of Section 2).
# * A. Kraskov, H. Stögbauer and P. Grassberger, "Estimating mutual information", *Phys. Rev.
#   E* 69, 066138 (2004): the KSG estimator of Sections 0 and 1.
# * K. W. Church and P. Hanks, "Word association norms, mutual information, and
#   lexicography", *Computational Linguistics* 16(1), 1990: PMI for collocations (Section 4).

# %% [markdown]
# ## Summary
#
# * Differential entropy $h$ can be negative and depends on units; MI of continuous variables,
#   $h(Y) - h(Y\mid X)$, does not change under invertible maps (Section 0).
# * Correlation sees only linear structure; $I(X;Y)$ is zero exactly at independence and sees
#   any dependence (Section 1).
# * $I(X;Y) = H(X) - H(X\mid Y)$: the uncertainty about $X$ that observing $Y$ removes
#   (Section 2).
# * $I(X;Y) = D_{\mathrm{KL}}(p_{XY}\,\|\,p_X p_Y) \ge 0$, the distance to the closest
#   independent model (Section 3).
# * PMI scores single pairs by association rather than frequency, and MI is its average
#   (Section 4).
#
# **Next:** [Notebook 2 · Identities and theorems](02_identities_and_theorems.ipynb)
# (conditional MI, chain rule, data processing, synergy).
# **Practice:** the exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
