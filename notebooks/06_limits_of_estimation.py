# %% [markdown]
# # Mutual information 6 · The limits of estimation
#
# *Theory notebook 6 of 6 of the course* Mutual information for machine learning.
# Sections 24–27.
#
# Notebook 4 built the histogram and KSG estimators and the InfoNCE and Donsker–Varadhan
# bounds, and checked them on scalar Gaussian pairs, where the truth is known. Notebook 5 used
# them in machine learning. This notebook takes them to where they break, as the true
# information grows and as the dimension grows, and shows what no estimator can do. Every
# estimate is printed next to the value it estimates.
#
# **Learning objectives.** After this notebook you can
#
# 1. compare NWJ, DV and InfoNCE for bias and variance as the true MI grows;
# 2. state the $\log n$ limit of any high-confidence lower bound, and see InfoNCE meet it;
# 3. see KSG fall behind the truth in high dimension;
# 4. train a small MINE critic by gradient ascent and report its estimate on held-out data.
#
# Previous: [Notebook 5 · Applications in ML](05_applications_in_ml.ipynb); the estimators and
# bounds themselves are in [Notebook 4](04_estimation_and_bounds.ipynb) (Sections 15–17). All
# quantities in nats. A claim about an estimate allows the estimate's own sampling noise (4.5
# standard errors, inside `check_within_noise` and `check_exceeds`); the test suite repeats
# every such claim with 50 other seeds.

# %% [markdown]
# ## Setup
#
# The Gaussian pair of Notebook 4 ($\rho = 0.6$), and the best value its one-parameter critics
# $T_a(x,y) = a\,xy$ reach in the Donsker–Varadhan bound (Section 17), which MINE must beat in
# Section 27.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import mi_helpers as mi
from mi_course import check, check_close, check_exceeds, check_within_noise
from mi_course import estimation as est
from mi_course.plotting import COLORS, course_subplots, reference_line, use_course_style

use_course_style()
SEED = 2024
RHO = 0.6
TRUE_MI = mi.gaussian_mutual_information(RHO)  # 0.2231 nats: Section 27
dv_max = est.dv_closed_form(est.dv_optimal_scale(RHO), RHO)  # DV(a*) of Section 17
print(
    f"Setup done: SEED = {SEED}; test pair rho = {RHO}, true MI = {TRUE_MI:.6f} nats, "
    f"DV(a*) = {dv_max:.6f} nats."
)

# %% [markdown]
# ## 24. NWJ beside DV and InfoNCE: bias and variance as the information grows
#
# A third bound, from Nguyen, Wainwright and Jordan (2010), replaces DV's logarithm by its
# tangent line:
#
# $$
# I(X;Y) \ge I_{\mathrm{NWJ}} = \mathbb{E}_{p(x,y)}[T] - e^{-1}\,\mathbb{E}_{p(x)p(y)}\big[e^{T}\big],
# $$
#
# tight for $T = 1 + \log p(x,y)/(p(x)p(y))$. Since $\log u \le u/e$, NWJ is never above DV
# for the same critic; but it is an *average*, so its Monte-Carlo estimate is unbiased, while
# DV's logarithm of an average is not. The price is variance: the product-sample average of
# $e^{T}$, with $e^{T}$ near $p/q$, has a variance that grows roughly like $e^{I}$ (Poole et al.
# 2019; McAllester and Stratos 2020). InfoNCE trades the other way: low variance, but capped
# at $\log K$.
#
# In one batch of $K = 64$ pairs, with the optimal critic for all three: NWJ and DV take the
# $K$ pairs as joint samples and the shifted pairs $(x_i, y_{i+1})$ as product samples;
# InfoNCE uses the full $K \times K$ score matrix.

# %%
rng = np.random.default_rng([SEED, 240])
info, K = 3.0, 64
rho = math.sqrt(1 - math.exp(-2 * info))  # -1/2 log(1 - rho²) = 3 nats
x = rng.standard_normal(K)
y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(K)
t_joint = est.gaussian_log_ratio(x, y, rho)  # log p(x, y) / (p(x) p(y))
t_product = est.gaussian_log_ratio(x, np.roll(y, 1), rho)
scores = est.gaussian_log_ratio(x[:, None], y[None, :], rho)  # K x K
nwj = float(np.mean(1 + t_joint) - np.exp(-1) * np.mean(np.exp(1 + t_product)))
print(
    f"one batch, true I = {info}: NWJ {nwj:.4f}, "
    f"DV {mi.dv_lower_bound(t_joint, t_product):.4f}, "
    f"InfoNCE {mi.infonce_lower_bound(scores):.4f} nats"
)
check_close(
    "NWJ by hand agrees with mi.nwj_lower_bound",
    nwj,
    mi.nwj_lower_bound(1 + t_joint, 1 + t_product),
)

# %% [markdown]
# Over 200 batches at each true MI from 0.5 to 6 nats:

# %%
infos = np.array([0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
bounds = est.bounds_vs_information(infos, 64, 200, np.random.default_rng([SEED, 24]))
print("true I   " + "".join(f"{name:>18}" for name in bounds.mean) + "   (mean ± sd)")
for i, value in enumerate(infos):
    cells = "".join(
        f"{bounds.mean[m][i]:10.3f} ± {bounds.sd[m][i]:5.3f}" for m in bounds.mean
    )
    print(f"{value:6.1f}   {cells}")
check(
    bool(bounds.sd["nwj"][-1] > 5 * bounds.sd["nwj"][0]),
    f"NWJ's spread grows with I: sd {bounds.sd['nwj'][0]:.2f} at 0.5 nats, "
    f"{bounds.sd['nwj'][-1]:.2f} at 6 nats",
)
check_within_noise(
    "NWJ is unbiased even at I = 6 (mean over 200 batches)",
    bounds.mean["nwj"][-1],
    infos[-1],
    bounds.stderr("nwj")[-1],
)
check_exceeds(
    "InfoNCE at I = 6 is biased low: log 64 = 4.16 caps it",
    infos[-1],
    bounds.mean["infonce"][-1],
    bounds.stderr("infonce")[-1],
)

# %%
fig, axes = course_subplots(2, width=10.5, height=4.0)
styles = {
    "nwj": COLORS["estimate"],
    "dv": COLORS["contrast"],
    "infonce": COLORS["bound"],
}
for name, colour in styles.items():
    axes[0].errorbar(
        infos + {"nwj": -0.08, "dv": 0.0, "infonce": 0.08}[name],
        bounds.mean[name],
        yerr=bounds.sd[name],
        fmt="o-",
        color=colour,
        capsize=3,
        label=f"{name.upper() if name != 'infonce' else 'InfoNCE'} (mean ± sd)",
    )
    axes[1].plot(infos, bounds.sd[name], "o-", color=colour, label=name)
axes[0].plot(infos, infos, color=COLORS["truth"], linestyle="--", label="true $I$")
reference_line(axes[0], math.log(64), r"$\log K$, K = 64", role="ceiling")
axes[0].set_ylim(0, 10)
axes[0].set_xlabel("true $I(X;Y)$ (nats)")
axes[0].set_ylabel("estimate (nats)")
axes[0].set_title("Bias: InfoNCE saturates, DV runs away", fontsize=10.5)
axes[0].legend(loc="upper left", fontsize=8)
axes[1].set_yscale("log")
axes[1].set_xlabel("true $I(X;Y)$ (nats)")
axes[1].set_ylabel("sd over batches (nats, log scale)")
axes[1].set_title("Variance: NWJ and DV grow, InfoNCE shrinks", fontsize=10.5)
axes[1].legend(
    [name.upper() if name != "infonce" else "InfoNCE" for name in styles],
    loc="upper left",
    fontsize=8.5,
)
plt.show()

# %% [markdown]
# DV's mean at large $I$ is far *above* the truth: the log of a heavy-tailed average is
# usually too small, so its negative makes the estimate optimistic. A "lower bound" estimated
# from samples is not a lower bound.

# %% [markdown]
# ## 25. What no estimator can certify: the $\log n$ limit
#
# McAllester and Stratos (2020) proved that **any** distribution-free high-confidence lower
# bound on MI computed from $n$ samples is at most $O(\log n)$, whatever the estimator: to
# certify $I$ nats one needs on the order of $e^{I}$ samples. InfoNCE makes this concrete: with
# the whole sample as one batch, it can never exceed $\log n$. Take 10-dimensional Gaussian
# vectors whose coordinates pair up with $\rho = 0.9$: $I = 10 \times 0.830 = 8.30$ nats, and
# even the *optimal* critic certifies at most $\log n$ of it.

# %%
rng = np.random.default_rng([SEED, 25])
sizes_25 = [8, 32, 128, 512, 2048]
true_25 = 10 * mi.gaussian_mutual_information(0.9)
whole_sample = est.infonce_vs_sample_size(sizes_25, 10, 0.9, rng)
for n, value in zip(sizes_25, whole_sample, strict=True):
    print(
        f"n = {n:5d}: InfoNCE {value:.3f}, log n = {math.log(n):.3f} "
        f"(true I {true_25:.2f})"
    )
check(
    bool(np.all(np.log(sizes_25) - whole_sample < 1.0))
    and true_25 - whole_sample[-1] > 1.0,
    "the optimal critic's bound stays within 1 nat below log n at every n, and at "
    f"n = 2048 it certifies {whole_sample[-1]:.2f} of the {true_25:.2f} nats",
)

# %%
fig, ax = course_subplots(1, width=7.0, height=3.8)
n_fine = np.geomspace(4, 2 * 10**4, 100)
ax.plot(
    n_fine, np.log(n_fine), color=COLORS["ceiling"], linestyle=":", label=r"$\log n$"
)
ax.plot(
    sizes_25, whole_sample, "o-", color=COLORS["bound"], label="InfoNCE, whole sample"
)
reference_line(ax, true_25, f"true $I$ = {true_25:.2f} nats")
ax.axvline(math.exp(true_25), color="0.5", linewidth=0.8)
ax.annotate(
    f"$n = e^{{I}} \\approx {math.exp(true_25):,.0f}$",
    (math.exp(true_25), 1.0),
    xytext=(-8, 0),
    textcoords="offset points",
    ha="right",
    fontsize=9,
)
ax.set_xscale("log")
ax.set_ylim(0, 10)
ax.set_xlabel("sample size $n$ (log scale)")
ax.set_ylabel("nats")
ax.set_title("A lower bound from n samples cannot exceed about log n")
ax.legend(loc="upper left", fontsize=8.5)
plt.show()

# %% [markdown]
# ## 26. KSG in high dimension
#
# KSG is no exception. Its counts rely on neighbourhoods that shrink as $n$ grows; in $d$
# dimensions they shrink like $n^{-1/d}$, and when the MI is large the joint neighbourhoods are
# thin slivers that the max-norm boxes overestimate (Gao, Ver Steeg and Galstyan 2015). The
# Gaussian vectors of Section 25, in $d = 1, \dots, 10$ dimensions, $n = 2000$:

# %%
rng = np.random.default_rng([SEED, 26])
dims = [1, 2, 3, 5, 7, 10]
ksg_dims = est.ksg_vs_dimension(dims, 0.9, 2000, rng)
true_dims = np.array(dims) * mi.gaussian_mutual_information(0.9)
for d, value, truth in zip(dims, ksg_dims, true_dims, strict=True):
    print(f"d = {d:2d}: KSG {value:.3f}, true {truth:.3f} nats ({value / truth:.0%})")
check(
    bool(abs(ksg_dims[0] - true_dims[0]) < 0.1 and ksg_dims[-1] < 0.5 * true_dims[-1]),
    f"KSG is close in one dimension but reports {ksg_dims[-1]:.2f} of "
    f"{true_dims[-1]:.2f} nats in ten",
)

# %%
fig, ax = course_subplots(1, width=7.0, height=3.8)
ax.plot(
    dims, true_dims, "s--", color=COLORS["exact"], label="true $I = d \\times 0.830$"
)
ax.plot(dims, ksg_dims, "o-", color=COLORS["estimate"], label="KSG (k = 3), n = 2000")
ax.set_xlabel("dimension $d$ of $X$ and of $Y$")
ax.set_ylabel("$I(X;Y)$ (nats)")
ax.set_ylim(0, 9)
ax.set_title("KSG falls behind as the dimension grows")
ax.legend(loc="upper left", fontsize=8.5)
plt.show()

# %% [markdown]
# ## 27. MINE: training a critic by gradient ascent
#
# MINE (Belghazi et al. 2018) maximises the DV bound over the parameters $\theta$ of a neural
# critic $T_\theta$ by stochastic gradient ascent: each step draws a minibatch of joint pairs,
# makes product pairs by shuffling the $y$'s within it, and follows
#
# $$
# \nabla_\theta\Big(\overline{T_\theta}_{\,p} - \log\overline{e^{T_\theta}}_{\,q}\Big)
#   = \overline{\nabla_\theta T_\theta}_{\,p}
#   - \frac{\overline{e^{T_\theta}\nabla_\theta T_\theta}_{\,q}}{\overline{e^{T_\theta}}_{\,q}},
# $$
#
# where bars are minibatch averages. The denominator makes the minibatch gradient biased; MINE
# replaces it by a moving average over steps. Our critic has three parameters,
# $T_\theta(x,y) = \theta_1 xy + \theta_2 x^2 + \theta_3 y^2$, a family that contains the true
# log density ratio of a Gaussian pair (up to a constant, which DV ignores), so the gap of
# Section 17 (Notebook 4) closes. Steps are clipped to length 0.1: when a minibatch's $e^{T}$ spikes far
# above the lagging moving average, an unclipped step throws $\theta$ far away (without the
# clip, one run in the 1000 of the test suite diverged). Twenty independent runs at once:


# %%
def train_mine(rng: np.random.Generator, runs: int, steps: int = 300, batch: int = 256):
    """DV gradient ascent for T = theta . (xy, x², y²); returns theta, the curves."""
    theta = np.zeros((runs, 3))
    moving = np.ones(runs)  # moving average of the minibatch mean of e^T on q
    curve = np.empty((steps, runs))
    for step in range(steps):
        x = rng.standard_normal((runs, batch))
        y = RHO * x + math.sqrt(1 - RHO**2) * rng.standard_normal((runs, batch))
        y_shuffled = y[:, rng.permutation(batch)]  # product pairs
        f_p = np.stack([x * y, x * x, y * y], axis=-1)
        f_q = np.stack([x * y_shuffled, x * x, y_shuffled**2], axis=-1)
        e_q = np.exp(f_q @ theta[:, :, None])[..., 0]
        moving = 0.99 * moving + 0.01 * e_q.mean(axis=1)
        gradient = (
            f_p.mean(axis=1) - (e_q[..., None] * f_q).mean(axis=1) / moving[:, None]
        )
        norm = np.linalg.norm(gradient, axis=1, keepdims=True)
        theta += 0.1 * gradient / np.maximum(1.0, norm)  # steps of length <= 0.1
        curve[step] = (f_p @ theta[:, :, None])[..., 0].mean(axis=1) - np.log(
            e_q.mean(axis=1)
        )
    return theta, curve


theta, curve = train_mine(np.random.default_rng([SEED, 27]), runs=20)
best = np.array([RHO, -(RHO**2) / 2, -(RHO**2) / 2]) / (1 - RHO**2)
print(f"learned theta (mean of 20 runs): {theta.mean(axis=0).round(3)}")
print(f"the true log ratio's theta:      {best.round(3)}")

# %% [markdown]
# The training objective is evaluated on the minibatches it is fitted to. The estimate to
# report comes from fresh data: $n = 20\,000$ joint and product pairs per run.

# %%
rng = np.random.default_rng([SEED, 271])
x, x_product, y_product, noise = rng.standard_normal((4, 20, 20_000))
y = RHO * x + math.sqrt(1 - RHO**2) * noise
estimates = np.array(
    [
        mi.dv_lower_bound(
            t[0] * x[r] * y[r] + t[1] * x[r] ** 2 + t[2] * y[r] ** 2,
            t[0] * x_product[r] * y_product[r]
            + t[1] * x_product[r] ** 2
            + t[2] * y_product[r] ** 2,
        )
        for r, t in enumerate(theta)
    ]
)
print(
    f"MINE on held-out data: mean {estimates.mean():.4f}, "
    f"sd {estimates.std(ddof=1):.4f} "
    f"over 20 runs (true {TRUE_MI:.4f}; the a·xy family of Section 17 tops out at "
    f"{dv_max:.4f})"
)
check_within_noise(
    "MINE's held-out estimate is within noise of the true MI (mean of 20 runs)",
    estimates.mean(),
    TRUE_MI,
    estimates.std(ddof=1) / math.sqrt(20),
)
check_exceeds(
    "and it beats the best one-parameter critic of Section 17",
    estimates.mean(),
    dv_max,
    estimates.std(ddof=1) / math.sqrt(20),
)

# %%
fig, axes = course_subplots(
    2, width=10.5, height=3.8, gridspec_kw={"width_ratios": [1.6, 1]}
)
steps = np.arange(1, curve.shape[0] + 1)
axes[0].plot(
    steps,
    curve[:, 0],
    color=COLORS["estimate"],
    alpha=0.5,
    linewidth=1,
    label="minibatch DV, one run",
)
axes[0].plot(steps, curve.mean(axis=1), color=COLORS["bound"], label="mean of 20 runs")
reference_line(axes[0], TRUE_MI, f"true $I$ = {TRUE_MI:.4f}")
reference_line(axes[0], dv_max, "best $a\\,xy$ critic (Section 17)", role="ceiling")
axes[0].set_ylim(-0.1, 0.6)
axes[0].set_xlabel("gradient step")
axes[0].set_ylabel("DV objective (nats)")
axes[0].set_title("Training: noisy minibatch objective", fontsize=10.5)
axes[0].legend(loc="upper right", fontsize=8)
axes[1].hist(
    estimates,
    bins=8,
    color=COLORS["estimate"],
    alpha=0.75,
    label="held-out estimate, 20 runs",
)
reference_line(axes[1], TRUE_MI, "true $I$", vertical=True)
axes[1].set_xlabel("MINE estimate (nats)")
axes[1].set_ylabel("runs")
axes[1].set_title("Run-to-run spread", fontsize=10.5)
axes[1].legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# ## Further reading
#
# * Cover and Thomas, *Elements of Information Theory* (2nd ed.), §8.4–8.5 (the differential
#   entropy of a Gaussian vector and the MI of correlated Gaussians: the truth of Sections 25
#   and 26).
# * MacKay, *Information Theory, Inference, and Learning Algorithms*, Chapter 29, §29.2
#   (importance sampling: an average of density ratios over the wrong distribution, whose
#   variance explodes, as NWJ's and DV's do in Section 24).
# * X. Nguyen, M. J. Wainwright and M. I. Jordan, "Estimating divergence functionals and the
#   likelihood ratio by convex risk minimization", *IEEE Trans. Inf. Theory* 56, 2010 (NWJ,
#   Section 24).
# * B. Poole, S. Ozair, A. van den Oord, A. Alemi and G. Tucker, "On variational bounds of
#   mutual information", ICML 2019 (Section 24).
# * D. McAllester and K. Stratos, "Formal limitations on the measurement of mutual
#   information", AISTATS 2020 (Section 25).
# * A. Kraskov, H. Stögbauer and P. Grassberger, *Phys. Rev. E* 69, 066138, 2004 (KSG);
#   S. Gao, G. Ver Steeg and A. Galstyan, "Efficient estimation of mutual information for
#   strongly dependent variables", AISTATS 2015 (Section 26).
# * M. I. Belghazi et al., "Mutual information neural estimation", ICML 2018 (MINE,
#   Section 27).

# %% [markdown]
# ## Summary
#
# * NWJ is unbiased with a variance that grows fast with $I$, DV is biased upward on samples,
#   InfoNCE has low variance but saturates at $\log K$ (Section 24).
# * No lower bound from $n$ samples certifies more than about $\log n$; with the whole sample
#   as one batch, InfoNCE stays within 1 nat below $\log n$ (Section 25).
# * In ten dimensions KSG reports less than half of the true MI (Section 26).
# * A trained critic that can represent the log density ratio closes DV's gap: MINE's held-out
#   estimate is within noise of the truth (Section 27).
#
# **Previous:** [Notebook 5 · Applications in ML](05_applications_in_ml.ipynb).
# **Next:** [Notebook 7 · Estimation in practice](07_estimation_in_practice.ipynb).
# **Start again:** [Notebook 1 · Intuition and definitions](01_intuition_and_definitions.ipynb).
# **Practice:** the ten exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
