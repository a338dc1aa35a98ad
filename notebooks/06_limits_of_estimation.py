# %% [markdown]
# # Mutual information 6 · The limits of estimation
#
# *Theory notebook 6 of 7 of the course* Mutual information for machine learning.
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
# DV's logarithm of an average is not. With the optimal critic the unbiasedness is exact: write
# $r = p(x,y)/(p(x)p(y))$; the estimate is $1 + \overline{\log r}_{\,p} - \overline{r}_{\,q}$,
# and $\mathbb{E}_p[\log r] = I$, $\mathbb{E}_q[r] = 1$, so its expectation is $I$ for every
# batch size. The price is variance. One product sample's ratio has variance
# $\mathbb{E}_q[r^2] - 1 = \mathbb{E}_p[r] - 1 \ge e^{\mathbb{E}_p[\log r]} - 1 = e^{I} - 1$
# (Jensen): that lower bound holds for every distribution (Song and Ermon 2020 prove it for
# this whole family of estimators). For the Gaussian pairs used here the variance is exactly
# $e^{2I} - 1$ (a Gaussian integral), and Poole et al. (2019) show the same exponential growth
# in experiments. InfoNCE trades the other way: low variance, but capped at $\log K$.
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
# Over 200 batches at each true MI from 0.5 to 6 nats. Beside each sample sd, NWJ's exact sd:
# the $K$ joint terms have variance $\operatorname{Var}_p[\log r] = \rho^2$, the $K$ shifted
# product terms $e^{2I} - 1$, and every covariance between them vanishes (each pair of terms
# has a variable the other lacks, and averaging $r$ over it gives 1), so
# $\operatorname{sd} = \sqrt{(\rho^2 + e^{2I} - 1)/K}$.

# %%
infos = np.array([0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
bounds = est.bounds_vs_information(infos, 64, 200, np.random.default_rng([SEED, 24]))
rho2 = 1 - np.exp(-2 * infos)
nwj_sd_exact = np.sqrt((rho2 + np.exp(2 * infos) - 1) / 64)
print("true I   " + "".join(f"{name:>20}" for name in bounds.mean) + "   NWJ exact sd")
print("         " + "   mean ± sample sd" * 3)
for i, value in enumerate(infos):
    cells = "".join(
        f"{bounds.mean[m][i]:11.3f} ± {bounds.sd[m][i]:7.3f}" for m in bounds.mean
    )
    print(f"{value:6.1f}   {cells}   {nwj_sd_exact[i]:10.3f}")
sd_nwj, sd_nce = bounds.sd["nwj"], bounds.sd["infonce"]
check(
    bool(
        sd_nwj[-1] > 5 * sd_nwj[0]
        and sd_nwj[-1] < 0.25 * nwj_sd_exact[-1]
        and sd_nce[2] > sd_nce[0]
        and sd_nce[-1] < sd_nce[2]
    ),
    f"NWJ's sample sd grows with I ({sd_nwj[0]:.2f} at 0.5 nats, "
    f"{sd_nwj[-1]:.2f} at 6), "
    f"yet at I = 6 it is {sd_nwj[-1] / nwj_sd_exact[-1]:.0%} of the exact "
    f"{nwj_sd_exact[-1]:.1f}: no error bar; InfoNCE's rises from {sd_nce[0]:.3f} to "
    f"{sd_nce[2]:.3f} (I = 2), then falls to {sd_nce[-1]:.3f} (I = 6) under the cap",
)
mean_dv, mean_nce = bounds.mean["dv"][-1], bounds.mean["infonce"][-1]
check(
    bool(mean_dv > 2 * infos[-1] and mean_nce <= math.log(64)),
    f"at I = 6, DV's mean is {mean_dv:.0f} nats, far above the truth; InfoNCE's is "
    f"{mean_nce:.3f}, under log 64 = {math.log(64):.2f} like every batch: biased low",
)

# %% [markdown]
# So the NWJ row of the table cannot show that NWJ is unbiased at large $I$, and its sample sd
# is no error bar: at $I = 6$ the variance sits in rare batches with a huge ratio. Twenty
# thousand batches of the same kind, in a few lines:

# %%
rng = np.random.default_rng([SEED, 241])
rho6 = math.sqrt(1 - math.exp(-2 * 6.0))
x = rng.standard_normal((20_000, 64))
y = rho6 * x + math.sqrt(1 - rho6**2) * rng.standard_normal((20_000, 64))
t_joint = est.gaussian_log_ratio(x, y, rho6)
t_product = est.gaussian_log_ratio(x, np.roll(y, 1, axis=1), rho6)
nwj6 = 1 + t_joint.mean(axis=1) - np.exp(t_product).mean(axis=1)
share_above = float(np.mean(nwj6 > 6.0))
print(
    f"I = 6, 20 000 batches of 64: median NWJ {np.median(nwj6):.3f}, share above I "
    f"{share_above:.3f}, smallest {nwj6.min():.0f}, largest {nwj6.max():.2f}; "
    f"sample sd {nwj6.std(ddof=1):.1f} (exact {nwj_sd_exact[-1]:.1f})"
)
se_exact = nwj_sd_exact[-1] / math.sqrt(nwj6.size)
print(
    f"mean of the 20 000 batches {nwj6.mean():.3f}; its s.e. from the exact sd "
    f"{se_exact:.3f}, from the sample sd {nwj6.std(ddof=1) / math.sqrt(nwj6.size):.3f}"
)
check(
    bool(share_above > 0.5 and np.median(nwj6) > 6.0 and nwj6.min() < -20),
    f"most batches land above I = 6 (share {share_above:.2f}); "
    "the rare batch with a huge "
    f"product ratio lands far below (smallest {nwj6.min():.0f}): a heavy lower tail",
)

# %% [markdown]
# Typical batches never see a large ratio $r$ among their product pairs, so their average
# $\overline{r}_{\,q}$ is below its expectation 1 and the estimate lands above $I$; the rare
# batch that does see one lands far below. The expectation is $I$ exactly (the derivation
# above), and the mean of the 20 000 batches agrees with it within the standard error that the
# exact sd gives (printed above). The batches cannot say so on their own: their sample sd is a
# small fraction of the exact one, so an error bar computed from them would be far too narrow.
# The certificate is the derivation; the batches are consistent with it.

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
        label=f"{name.upper() if name != 'infonce' else 'InfoNCE'} (mean ± sample sd)",
    )
    axes[1].plot(infos, bounds.sd[name], "o-", color=colour, label=name)
axes[1].plot(infos, nwj_sd_exact, "--", color=COLORS["estimate"], label="nwj exact")
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
axes[1].set_title("Spread: NWJ's exact sd grows like $e^{I}$", fontsize=10.5)
axes[1].legend(
    [name.upper() if name != "infonce" else "InfoNCE" for name in styles]
    + ["NWJ exact sd"],
    loc="upper left",
    fontsize=8.5,
)
plt.show()

# %% [markdown]
# Solid lines: sample sd over 200 batches, which for NWJ and DV understate a heavy-tailed
# spread; dashed: NWJ's exact sd. InfoNCE's sample sd rises from 0.5 to 2 nats and then falls
# as the $\log K$ cap takes over. DV's mean at large $I$ is far *above* the truth (the table
# and the ✓ line):
# the log of a heavy-tailed average is usually too small, so its negative makes the estimate
# optimistic. A "lower bound" estimated from samples is not a lower bound.

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
    "the optimal critic's bound stays within 1 nat below log n at every n shown, "
    "and at "
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
ax.set_title("InfoNCE from n samples cannot exceed log n")
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
    f"on this data set KSG is within 0.1 nats in one dimension but reports "
    f"{ksg_dims[-1]:.2f} of {true_dims[-1]:.2f} nats in ten",
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
ax.set_title("KSG falls behind as the dimension grows (one data set per d)")
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
# Section 17 (Notebook 4) closes. Steps are clipped to length 0.1, a safeguard that this
# notebook does not test by running without it: when a minibatch's $e^{T}$ spikes far above the
# lagging moving average, that step's gradient is large, and an unclipped step could throw
# $\theta$ far away. Twenty independent runs at once:


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
        # the minibatch objective at the current theta, before the step
        curve[step] = (f_p @ theta[:, :, None])[..., 0].mean(axis=1) - np.log(
            e_q.mean(axis=1)
        )
        moving = 0.99 * moving + 0.01 * e_q.mean(axis=1)
        gradient = (
            f_p.mean(axis=1) - (e_q[..., None] * f_q).mean(axis=1) / moving[:, None]
        )
        norm = np.linalg.norm(gradient, axis=1, keepdims=True)
        theta += 0.1 * gradient / np.maximum(1.0, norm)  # steps of length <= 0.1
    return theta, curve


theta, curve = train_mine(np.random.default_rng([SEED, 27]), runs=20)
best = np.array([RHO, -(RHO**2) / 2, -(RHO**2) / 2]) / (1 - RHO**2)
print(f"learned theta (mean of 20 runs): {theta.mean(axis=0).round(3)}")
print(f"the true log ratio's theta:      {best.round(3)}")

# %% [markdown]
# The training curve is the minibatch DV objective at the parameters of each step, before the
# step, on the minibatch that step then fits to. The estimate to
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
# * With the optimal critic NWJ is exactly unbiased, but its variance grows like $e^{2I}$ for
#   the Gaussian pairs (at least like $e^{I}$ for any law), so 200 batches cannot show the
#   unbiasedness at large $I$; DV is biased upward on samples; InfoNCE has low variance but
#   saturates at $\log K$ (Section 24).
# * No lower bound from $n$ samples certifies more than $O(\log n)$; with the whole sample as
#   one batch, InfoNCE stays within 1 nat below $\log n$ for the sizes shown
#   ($n \le 2048$, below $e^{I} \approx 4000$); for $n$ beyond about $e^{I+1}$ it cannot,
#   since its expectation is at most $I$ (Section 25).
# * At $n = 2000$, in ten dimensions KSG reports less than half of the true MI, on the
#   notebook's data set and on each of the 50 data sets of the test suite (Section 26).
# * A trained critic that can represent the log density ratio closes DV's gap: MINE's held-out
#   estimate is within noise of the truth (Section 27).
#
# **Previous:** [Notebook 5 · Applications in ML](05_applications_in_ml.ipynb).
# **Next:** [Notebook 7 · Estimation in practice](07_estimation_in_practice.ipynb).
# **Start again:** [Notebook 1 · Intuition and definitions](01_intuition_and_definitions.ipynb).
# **Practice:** the ten exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
