# %% [markdown]
# # Mutual information 4 · Estimation and variational lower bounds
#
# *Theory notebook 4 of 5 of the course* Mutual information for machine learning.
# Sections 14–17 of 23.
#
# In machine learning we almost never know $p(x,y)$: we have samples. This notebook shows why
# estimating MI from samples is hard, compares two classical estimators against known true
# values, and then turns to the *variational lower bounds* (InfoNCE, Donsker–Varadhan) that
# contrastive learning and MINE optimise. Every estimate is printed next to the value it
# estimates.
#
# **Learning objectives.** After this notebook you can
#
# 1. explain the two opposite biases of the histogram (plug-in) estimator: too few bins lose
#    information, too many invent it;
# 2. compare the histogram and KSG estimators as the sample size grows;
# 3. compute the InfoNCE bound, explain why it can never exceed $\log K$, and why a badly scaled
#    critic makes it *worse* with more negatives;
# 4. compute the Donsker–Varadhan bound for a simple critic in closed form, and read a Monte-Carlo
#    estimate of it critically.
#
# Previous: [Notebook 3 · Channels and limits](03_channels_and_limits.ipynb). All quantities in nats.
#
# **About the checks on random numbers.** A claim about an estimate allows a deviation of
# $z$ standard errors, where $z$ = `simultaneous_z(...)` is chosen so that all claims of a
# cell hold together with probability at least 99.99 % when the claim is true (a normal or, when
# the standard error comes from few repeats, a Student-$t$ quantile). The test suite re-runs each
# randomized cell's function with 50 other seeds and requires every claim to hold for all of them.

# %% [markdown]
# ## Setup

# %%
import math

import matplotlib.pyplot as plt
import numpy as np

import mi_helpers as mi
from mi_course import check, check_between, check_close
from mi_course import estimation as sim
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
from mi_course.sampling import simultaneous_z

use_course_style()
SEED = 2024
RHO = 0.6
TRUE_MI = mi.gaussian_mutual_information(RHO)  # 0.2231 nats, the target of Sections 14 and 15
print(
    f"Setup done: course figure style on, SEED = {SEED}; test pair rho = {RHO}, true MI = {TRUE_MI:.6f} nats."
)

# %% [markdown]
# ## 14. Why estimation is hard
#
# The plug-in estimator bins both variables and computes the MI of the table of counts. Two
# errors pull in opposite directions:
#
# * **discretisation** ($b$ bins per axis, infinite data): binning is a deterministic map, so by the
#   data-processing inequality the binned MI is *below* $I(X;Y)$; few bins lose a lot.
# * **finite samples**: with $b^2$ cells and $n$ points, chance fluctuations of the counts look
#   like dependence. To first order the plug-in MI is inflated by about $(b-1)^2/(2n)$ nats.
#
# Below: a Gaussian pair with $\rho = 0.6$ (true MI 0.2231 nats), three sample sizes, six bin
# counts, 20 independent data sets for each sample size (bands: ±2 standard errors of the mean).

# %%
rng = np.random.default_rng([SEED, 14])
sizes_14 = [300, 1000, 5000]
bins_14 = [4, 8, 12, 20, 35, 50]
grid = sim.histogram_bias_grid(RHO, sizes_14, bins_14, repeats=20, rng=rng)
mean, se = grid.mean["histogram"], grid.stderr("histogram")
print(f"true MI {TRUE_MI:.4f} nats; mean histogram estimate over 20 data sets:")
print("     n  " + "".join(f"{b:>8d} bins" for b in bins_14))
for i, n in enumerate(sizes_14):
    print(f"{n:6d}  " + "".join(f"{v:13.4f}" for v in mean[i]))

# %%
z = simultaneous_z(n_claims=3, dof=grid.repeats - 1)
col35, col4 = bins_14.index(35), bins_14.index(4)
check(
    bool(mean[0, col35] - TRUE_MI > z * se[0, col35]),
    f"n = 300, 35 bins: the estimate is biased upwards by {mean[0, col35] - TRUE_MI:.3f} nats "
    f"(> {z:.1f} s.e.)",
)
check(
    bool(mean[0, col35] - mean[2, col35] > z * math.hypot(se[0, col35], se[2, col35])),
    "35 bins: the upward bias shrinks as n grows from 300 to 5000",
)
check(
    bool(TRUE_MI - mean[2, col4] > z * se[2, col4]),
    f"n = 5000, 4 bins: the estimate is below the truth by {TRUE_MI - mean[2, col4]:.3f} nats "
    "(discretisation loss)",
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
# The **KSG estimator** (Kraskov, Stögbauer and Grassberger, 2004) avoids bins. For each point it
# finds the distance to its $k$-th nearest neighbour in the joint space and counts how many points
# fall within that distance in each marginal space; the digamma function $\psi$ turns the counts
# into an estimate,
#
# $$
# \hat I_{\mathrm{KSG}} = \psi(k) + \psi(n) - \frac1n\sum_{i=1}^n \big[\psi(n_{x,i}+1) + \psi(n_{y,i}+1)\big].
# $$
#
# The **Miller–Madow** correction subtracts the first-order finite-sample bias of each plug-in
# entropy. Below, both against the histogram with 10, 20 and 40 bins, for $n$ from 250 to 4000
# (10 data sets each).

# %%
rng = np.random.default_rng([SEED, 15])
sizes_15 = [250, 500, 1000, 2000, 4000]
sweep = sim.estimator_bias_vs_n(RHO, sizes_15, repeats=10, rng=rng, bins=(10, 20, 40))
print("     n   " + "".join(f"{name:>17}" for name in sweep.mean))
for i, n in enumerate(sizes_15):
    print(f"{n:6d}   " + "".join(f"{sweep.mean[name][i]:17.4f}" for name in sweep.mean))
print(f"true MI {TRUE_MI:.4f} nats")

# %%
z = simultaneous_z(n_claims=len(sizes_15) + 1, dof=sweep.repeats - 1)
ksg_bias = sweep.mean["ksg"] - TRUE_MI
hist_bias = sweep.mean["histogram 20"] - TRUE_MI
check(
    bool(np.all(np.abs(ksg_bias) <= z * sweep.stderr("ksg"))),
    f"KSG: no bias detectable at any n (all within {z:.1f} s.e.; "
    f"largest |bias| {np.abs(ksg_bias).max():.4f})",
)
check(
    bool(
        hist_bias[0] - hist_bias[-1]
        > z * math.hypot(sweep.stderr("histogram 20")[0], sweep.stderr("histogram 20")[-1])
    ),
    f"20-bin histogram: bias falls from {hist_bias[0]:+.3f} at n = 250 to {hist_bias[-1]:+.3f} at n = 4000",
)
check(
    bool(np.all(np.abs(ksg_bias[:3]) < np.abs(hist_bias[:3]))),
    "KSG is closer to the truth than the 20-bin histogram for n <= 1000",
)
check(
    bool(np.all(sweep.mean["miller-madow 20"] < sweep.mean["histogram 20"])),
    "Miller–Madow lowers the upward bias of the 20-bin plug-in estimate",
)

# %%
fig, ax = course_subplots(1, width=8.0, height=4.2)
for b, colour in zip((10, 20, 40), (PALETTE[4], PALETTE[1], PALETTE[3]), strict=True):
    plot_band(ax, sizes_15, sweep.mean[f"histogram {b}"], f"histogram, {b} bins", color=colour)
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
# An estimator should at least tell a dependent pair from an independent one. Take
# $Y = X + 0.5N$, a Gaussian pair with $I = \tfrac12\log 5 \approx 0.8047$ nats, and an
# independent pair ($I = 0$), $n = 4000$, 10 data sets each. Both estimators separate them, but
# only KSG puts the independent pair near zero; the 25-bin histogram reports a spurious
# dependence, the size of its finite-sample bias.

# %%
rng = np.random.default_rng([SEED, 150])
rho_dep = 1 / math.sqrt(1.25)  # corr(X, X + 0.5 N)
pair = sim.gaussian_estimates_vs_rho([rho_dep, 0.0], n=4000, repeats=10, rng=rng, bins=25)
true_pair = np.array([0.5 * math.log(5.0), 0.0])
check_close(
    "the dependent pair's true MI is 1/2 log 5", mi.gaussian_mutual_information(rho_dep), true_pair[0]
)
z = simultaneous_z(n_claims=3, dof=pair.repeats - 1)
for name in ("histogram", "ksg"):
    print(
        f"{name:>9}: dependent {pair.mean[name][0]:.4f} (true {true_pair[0]:.4f}), "
        f"independent {pair.mean[name][1]:.4f} (true 0)"
    )
check(
    bool(np.all(pair.mean["histogram"][0] - pair.mean["histogram"][1] > 0.5)),
    "both estimators separate the pairs by more than 0.5 nats (histogram)",
)
check(
    bool(np.all(pair.mean["ksg"][0] - pair.mean["ksg"][1] > 0.5)),
    "both estimators separate the pairs by more than 0.5 nats (KSG)",
)
check(
    bool(abs(pair.mean["ksg"][1]) <= z * pair.stderr("ksg")[1]),
    "KSG: the independent pair is within noise of 0",
)
check(
    bool(pair.mean["histogram"][1] > z * pair.stderr("histogram")[1]),
    "histogram: the independent pair shows spurious dependence",
)

# %%
fig, ax = course_subplots(1, width=7.0, height=3.8)
plot_estimates_with_truth(
    ax,
    ["histogram\n$Y = X + 0.5N$", "KSG\n$Y = X + 0.5N$", "histogram\nindependent", "KSG\nindependent"],
    [pair.mean["histogram"][0], pair.mean["ksg"][0], pair.mean["histogram"][1], pair.mean["ksg"][1]],
    [true_pair[0], true_pair[0], 0.0, 0.0],
    errors=2
    * np.array(
        [
            pair.stderr("histogram")[0],
            pair.stderr("ksg")[0],
            pair.stderr("histogram")[1],
            pair.stderr("ksg")[1],
        ]
    ),
    unit="estimate of $I(X;Y)$ (nats)",
    estimate_label="mean of 10 estimates ± 2 s.e.",
)
ax.set_ylim(-0.05, 1.1)
ax.set_title("Dependent versus independent, n = 4000")
plt.show()

# %% [markdown]
# ## 16. Variational lower bounds and InfoNCE
#
# Contrastive learning does not estimate MI; it maximises a **lower bound**. Take a batch of $K$
# pairs $(x_i, y_i)$ drawn from $p(x,y)$ and a *critic* $f(x,y)$ that scores how well $y$ matches
# $x$. For anchor $x_i$ the positive is $y_i$; the other $K-1$ values $y_j$ of the batch were drawn
# independently of $x_i$ and serve as its negatives. InfoNCE is
#
# $$
# I_{\mathrm{NCE}} = \log K - \frac1K\sum_{i=1}^K \Big[\log\sum_{j=1}^K e^{f(x_i,y_j)} - f(x_i,y_i)\Big]
# \;\le\; I(X;Y).
# $$
#
# Each bracket is a cross-entropy, which is $\ge 0$, so **$I_{\mathrm{NCE}} \le \log K$ whatever the
# critic**: with $K$ candidates one can never certify more than $\log K$ nats. The bound is tight
# only for the optimal critic $f^*(x,y) = \log p(y\mid x)/p(y)$ (up to a term in $x$ alone) as
# $K \to \infty$. For a standard Gaussian pair with correlation $\rho$ that critic is
#
# $$
# f^*(x,y) = \frac{\rho\,xy - \rho^2 y^2/2}{1-\rho^2}.
# $$
#
# Below, $\rho = 0.8$ (true MI 0.5108 nats) and $2^{14}$ pairs for each $K$, cut into $2^{14}/K$
# independent batches. The sum over $j$ is computed with a stable log-sum-exp. The reference
# points are population values (Monte Carlo with $4\times10^7$ anchors).

# %%
rho_16 = 0.8
true_16 = mi.gaussian_mutual_information(rho_16)
Ks = [2, 4, 8, 16, 32, 64, 128]
population = {4: 0.3548, 8: 0.4276, 16: 0.4669, 32: 0.4877, 64: 0.4988}  # course oracle, +-1e-4
good = sim.infonce_vs_batch_size(
    rho_16, Ks, sim.optimal_gaussian_critic(rho_16), np.random.default_rng([SEED, 16])
)
print(f"optimal critic, true MI {true_16:.4f} nats")
print("    K   log K   InfoNCE   s.e.    population")
for K, value, err in zip(Ks, good.value, good.stderr, strict=True):
    print(
        f"{K:5d}  {math.log(K):6.3f}  {value:8.4f}  {err:6.4f}   "
        + (f"{population[K]:.4f}" if K in population else "   -")
    )

# %%
z = simultaneous_z(n_claims=2 * len(Ks) + 1)
check(
    bool(good.value[Ks.index(64)] > good.value[Ks.index(4)]),
    "more negatives tighten the bound: K = 64 beats K = 4",
)
check(bool(np.all(good.value <= np.log(Ks))), "the bound never exceeds log K")
check(
    bool(np.all(good.value <= true_16 + z * good.stderr)),
    f"the bound stays below the true MI (within {z:.1f} s.e.)",
)
for K in population:
    i = Ks.index(K)
    check_close(
        f"K = {K}: matches the population value",
        good.value[i],
        population[K],
        tol=z * good.stderr[i] + 1e-4,
        digits=4,
    )

# %% [markdown]
# **A cautionary critic.** The seed of this course used $f(x,y) = xy/0.2$: the right *shape*, but
# five times too sharp. A badly scaled critic is still a valid lower bound, just a useless one, and
# here it gets *worse* with more negatives: every extra negative adds to the log-sum-exp a term
# $e^{xy/0.2}$ that is occasionally huge. As $K \to \infty$ this critic's bound tends to
# $a\rho - a^2/2 = -8.5$ nats for $a = 5$. Without log-sum-exp, a temperature of 0.01 would even
# overflow to $-\infty$; with it, the value is finite (and very negative).

# %%
naive = sim.infonce_vs_batch_size(rho_16, Ks, sim.bilinear_critic(0.2), np.random.default_rng([SEED, 160]))
population_naive = {4: -0.4495, 8: -0.9063, 16: -1.4258, 32: -1.9535, 64: -2.4561}  # course oracle, +-1e-4
print("    K   naive critic   s.e.    population")
for K, value, err in zip(Ks, naive.value, naive.stderr, strict=True):
    print(
        f"{K:5d}  {value:12.4f}  {err:6.4f}   "
        + (f"{population_naive[K]:.4f}" if K in population_naive else "    -")
    )
z = simultaneous_z(n_claims=len(population_naive) + 1)
check(
    bool(naive.value[Ks.index(64)] < naive.value[Ks.index(4)]),
    "the mis-scaled critic gets WORSE with more negatives",
)
for K in population_naive:
    i = Ks.index(K)
    check_close(
        f"naive critic, K = {K}: matches the population value",
        naive.value[i],
        population_naive[K],
        tol=z * naive.stderr[i] + 1e-4,
        digits=4,
    )
cold = sim.infonce_vs_batch_size(rho_16, [16], sim.bilinear_critic(0.01), np.random.default_rng([SEED, 161]))
check(
    bool(np.isfinite(cold.value[0])),
    f"temperature 0.01 stays finite with log-sum-exp: {cold.value[0]:.1f} nats",
)

# %%
fig, axes = course_subplots(2, width=10.5, height=4.0)
for ax, curve, title, pop in [
    (axes[0], good, "optimal critic $f^*$: rises toward $I$, capped by $\\log K$", population),
    (axes[1], naive, "mis-scaled critic $xy/0.2$: falls with $K$", population_naive),
]:
    role = "bound" if curve is good else "contrast"
    plot_band(ax, Ks, curve.value, "InfoNCE (± 2 s.e.)", spread=2 * curve.stderr, role=role)
    ax.plot(
        list(pop),
        list(pop.values()),
        "D",
        markersize=7,
        markerfacecolor="none",
        color="black",
        label="population value",
    )
    ax.plot(Ks, np.log(Ks), color=COLORS["ceiling"], linestyle=":", label=r"$\log K$")
    reference_line(ax, true_16, f"true $I(X;Y)$ = {true_16:.3f}")
    log_ticks(ax, Ks, base=2)
    ax.set_xlabel("batch size $K$ (1 positive + $K-1$ negatives)")
    ax.set_ylabel("nats")
    ax.set_title(title, fontsize=10.5)
axes[0].set_ylim(0, 1.5)
axes[0].legend(loc="upper left", fontsize=8.5)
axes[1].set_ylim(-3.0, 1.2)
axes[1].legend(loc="lower left", fontsize=8.5)
plt.show()

# %% [markdown]
# ## 17. A Donsker–Varadhan / MINE-style view
#
# The Donsker–Varadhan representation of the KL divergence gives, for *any* critic $T$,
#
# $$
# I(X;Y) \ge \mathbb{E}_{p(x,y)}[T] - \log \mathbb{E}_{p(x)p(y)}\big[e^{T}\big],
# $$
#
# with equality for $T = \log p(x,y)/(p(x)p(y))$. MINE maximises the right side over a neural
# network $T$. To see what happens exactly, take the one-parameter family $T_a(x,y) = a\,xy$ on
# the Gaussian pair with $\rho = 0.6$. Both expectations are known in closed form
# ($\mathbb{E}[e^{aXY'}] = (1-a^2)^{-1/2}$ for independent standard normals, when $|a| < 1$):
#
# $$
# \mathrm{DV}(a) = a\rho + \tfrac12\log\left(1-a^2\right), \qquad
# a^* = \frac{\sqrt{1+4\rho^2}-1}{2\rho}.
# $$
#
# The best critic of this family reaches $\mathrm{DV}(a^*) = 0.1572$ nats, 0.0659 below the true
# 0.2231: a critic family that cannot represent the log density ratio leaves a gap, however
# much data there is.

# %%
rho_17 = 0.6
true_17 = mi.gaussian_mutual_information(rho_17)
a_star = sim.dv_optimal_scale(rho_17)
dv_max = sim.dv_closed_form(a_star, rho_17)
check_close("maximiser a* (oracle 0.468374945984)", a_star, 0.468374945984, tol=1e-11, unit="")
check_close("best DV value of the family (oracle 0.157194710877)", dv_max, 0.157194710877, tol=1e-11)
check_close("gap to the true MI (oracle 0.0659488404374)", true_17 - dv_max, 0.0659488404374, tol=1e-11)
check_close("DV(0.5) in closed form (oracle 0.156158963774)", sim.dv_closed_form(0.5, rho_17), 0.156158963774)
check_close(
    "DV(0.9) in closed form (oracle -0.290365603411)", sim.dv_closed_form(0.9, rho_17), -0.290365603411
)
a_fine = np.linspace(-0.999, 0.999, 2001)
check(bool(np.max(sim.dv_closed_form(a_fine, rho_17)) <= dv_max + 1e-15), "no a on a fine grid beats a*")

# %% [markdown]
# The Monte-Carlo estimate replaces both expectations by averages over $n = 12\,000$ joint pairs
# and $n$ independent product pairs. Its variance involves $\mathbb{E}[e^{2T}]$, which is finite
# only for $|a| < 1/2$: beyond, single samples dominate the average and the estimate is erratic
# (at $|a| \ge 1$ its true value is $-\infty$). So the sampled curve is computed on
# $|a| \le 0.45$, with a delta-method standard error at each point; the grey crosses outside are
# the same estimator where it cannot be trusted.

# %%
a_grid = np.linspace(-0.45, 0.45, 19)
dv_curve = sim.dv_sample_curve(a_grid, rho_17, 12_000, np.random.default_rng([SEED, 17]))
a_outer = np.concatenate([np.linspace(-0.95, -0.5, 10), np.linspace(0.5, 0.95, 10)])
dv_outer = sim.dv_sample_curve(a_outer, rho_17, 12_000, np.random.default_rng([SEED, 17])).value
best = int(np.argmax(dv_curve.value))
z = simultaneous_z(n_claims=len(a_grid) + 1)
deviation = np.abs(dv_curve.value - sim.dv_closed_form(a_grid, rho_17))
check(
    bool(np.all(deviation <= z * dv_curve.stderr + 1e-12)),
    f"the sampled curve follows the closed form within {z:.1f} s.e. at all {len(a_grid)} points",
)
check(
    bool(dv_curve.value[best] < true_17),
    f"sampled maximum {dv_curve.value[best]:.4f} at a = {a_grid[best]:.2f} "
    f"is below the true MI {true_17:.4f}",
)
print(f"sampled maximum {dv_curve.value[best]:.4f} vs the family's true best {dv_max:.4f} nats")

# %% [markdown]
# Maximising a *noisy* objective over a grid picks up the noise: the sampled maximum can land
# above the family's true best value $\mathrm{DV}(a^*)$. Over 100 independent data sets it does
# so about half the time. The Monte-Carlo "bound" is an estimate, not a certificate; here it never
# reaches the true MI, because the gap of 0.066 nats is several standard errors wide.

# %%
maxima = sim.dv_sample_maxima(a_grid, rho_17, 12_000, 100, np.random.default_rng([SEED, 170]))
share_above = float(np.mean(maxima > dv_max))
print(
    f"sampled maxima over 100 data sets: mean {maxima.mean():.4f}, sd {maxima.std(ddof=1):.4f}; "
    f"share above DV(a*): {share_above:.2f}"
)
check(bool(np.all(maxima < true_17)), "none of the 100 sampled maxima reaches the true MI")
# a binomial share near 1/2 over 100 data sets has sd 0.05; 0.3 and 0.7 are 4 sd away
check_between("share of data sets whose sampled maximum exceeds DV(a*)", share_above, 0.3, 0.7, unit="")

# %%
fig, axes = course_subplots(2, width=10.5, height=4.0, gridspec_kw={"width_ratios": [1.5, 1]})
ax = axes[0]
shade_region(ax, -1.0, -0.5, r"$|a| \geq 1/2$: infinite variance")
shade_region(ax, 0.5, 1.0, "_nolegend_")
a_plot = np.linspace(-0.99, 0.99, 397)
ax.plot(
    a_plot, sim.dv_closed_form(a_plot, rho_17), color=COLORS["exact"], label=r"closed form $\mathrm{DV}(a)$"
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
ax.plot(a_outer, dv_outer, "x", color="0.45", label="Monte Carlo where it is unreliable")
reference_line(ax, true_17, f"true $I(X;Y)$ = {true_17:.4f}")
reference_line(ax, dv_max, rf"best of the family $\mathrm{{DV}}(a^*)$ = {dv_max:.4f}", role="bound")
ax.set_xlim(-1, 1)
ax.set_ylim(-0.8, 0.35)
ax.set_xlabel("critic scale $a$ in $T_a(x,y) = a\\,xy$")
ax.set_ylabel("DV lower bound (nats)")
ax.set_title("DV bound of a one-parameter critic")
ax.legend(loc="lower center", fontsize=8)

axes[1].hist(maxima, bins=15, color=COLORS["estimate"], alpha=0.75, label="sampled maximum, 100 data sets")
reference_line(axes[1], dv_max, r"$\mathrm{DV}(a^*)$", role="bound", vertical=True)
reference_line(axes[1], true_17, "true $I(X;Y)$", vertical=True)
axes[1].set_xlabel("largest sampled DV value on the grid (nats)")
axes[1].set_ylabel("number of data sets")
axes[1].set_title("Grid search on noise: optimistic", fontsize=10.5)
axes[1].legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# ## Summary
#
# * Histogram estimates lose information through coarse bins and invent it through sparse cells;
#   the bin count can move the answer in either direction (Section 14).
# * KSG tracks the true value far better at moderate $n$; Miller–Madow only partly fixes the
#   histogram, and only KSG puts an independent pair near zero (Section 15).
# * InfoNCE never exceeds $\log K$; with a good critic it rises toward $I$ as $K$ grows, with a
#   mis-scaled critic it falls. Always compute it with log-sum-exp (Section 16).
# * Donsker–Varadhan with a restricted critic family leaves a gap ($\mathrm{DV}(a^*) < I$); its
#   Monte-Carlo estimate is noisy, optimistic when maximised, and unusable where
#   $\mathbb{E}[e^{2T}] = \infty$ (Section 17).
#
# **Previous:** [Notebook 3 · Channels and limits](03_channels_and_limits.ipynb).
# **Next:** [Notebook 5 · Applications in ML](05_applications_in_ml.ipynb) (bottleneck, feature
# selection, contrastive learning, CLIP, BALD).
# **Practice:** the exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
