# %% [markdown]
# # Mutual information 5 · Applications in modern machine learning
#
# *Theory notebook 5 of 7 of the course* Mutual information for machine learning.
# Sections 18–23 and 28.
#
# The same few quantities from Notebooks 1–4 reappear all over machine learning: as a design
# objective for representations (the information bottleneck), as a criterion for choosing
# features, as the quantity contrastive and multimodal models bound, and as the value of a label
# in active learning. Each section below reduces one application to a small exact or simulated
# example and checks what it claims.
#
# **Learning objectives.** After this notebook you can
#
# 1. place representations on the information plane and explain the bottleneck trade-off;
# 2. rank features by information gain, tell real relevance from plug-in noise, and select
#    features with conditional MI when some of them are redundant;
# 3. read a contrastive loss as the InfoNCE bound $\log N - L$, with its $\log N$ ceiling;
# 4. compute the symmetric CLIP objective from a similarity matrix and see the role of temperature;
# 5. compute the BALD score and separate epistemic from aleatoric uncertainty;
# 6. verify the chapter's main identities on a fresh random distribution.
#
# Previous: [Notebook 4 · Estimation and bounds](04_estimation_and_bounds.ipynb). All quantities in nats.

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

import mi_helpers as mi
from mi_course import applications as apps
from mi_course import check, check_exceeds, check_within_noise
from mi_course.identities import random_joint_tables
from mi_course.plotting import (
    COLORS,
    course_subplots,
    plot_band,
    plot_estimates_with_truth,
    plot_information_bars,
    plot_information_plane,
    plot_joint_table,
    reference_line,
    use_course_style,
)

use_course_style()
SEED = 2024
LOG2 = math.log(2.0)
print(f"Setup done: course figure style on, SEED = {SEED}.")

# %% [markdown]
# ## 18. The information bottleneck: compression against relevance
#
# A representation $T$ of an input $X$ is computed from $X$ alone, so $Y \to X \to T$ is a Markov
# chain and $I(T;Y) \le I(X;Y)$. The **information bottleneck** looks for the $T$ that keeps as
# much *relevance* $I(T;Y)$ as possible while paying as little *compression cost* $I(X;T)$ as
# possible, by minimising
#
# $$
# \mathcal{L}_\beta(T) = I(X;T) - \beta\, I(T;Y), \qquad \beta > 0 .
# $$
#
# Toy example: $X = (u, v)$ is two fair independent bits (4 equally likely states) and the label
# is $Y = u$; the bit $v$ is a nuisance. Every deterministic representation is a partition of
# the 4 states (there are 15). A noisy copy of $u$, flipped with probability $\varepsilon$, traces
# the frontier between them.

# %%
states = np.array([(u, v) for u in (0, 1) for v in (0, 1)])  # X = 0..3 <-> (u, v)
label = states[:, 0]  # Y = u
p_x = np.full(4, 0.25)


def encoder_table(q_t_given_x: np.ndarray) -> np.ndarray:
    """Joint table p(x, t, y) of an encoder q(t | x) (y = u is a function of x)."""
    p_xt = p_x[:, None] * q_t_given_x
    table = np.zeros((4, q_t_given_x.shape[1], 2))
    table[np.arange(4), :, label] = p_xt
    return table


def plane_point(table: np.ndarray) -> tuple[float, float]:
    """(I(X;T), I(T;Y)) of a joint table with axes (x, t, y)."""
    return mi.mutual_information(table, x=0, y=1), mi.mutual_information(
        table, x=1, y=2
    )


# every partition of the 4 states, as a "restricted growth" labelling
# (the first state in block 0, ...)
partitions = [
    labels
    for labels in itertools.product(range(4), repeat=4)
    if all(labels[i] <= max(labels[:i], default=-1) + 1 for i in range(4))
]
deterministic = {
    labels: plane_point(encoder_table(np.eye(4)[list(labels)])) for labels in partitions
}
named = {
    "identity": (0, 1, 2, 3),
    "useful bit u": (0, 0, 1, 1),
    "nuisance bit v": (0, 1, 0, 1),
    "constant": (0, 0, 0, 0),
}
for name, labels in named.items():
    i_xt, i_ty = deterministic[labels]
    print(f"{name:>15}: I(X;T) = {i_xt:.6f}, I(T;Y) = {i_ty:.6f} nats")
print(f"{len(partitions)} deterministic representations in all")

# %%
beta = 2.0
lagrangian = {
    labels: i_xt - beta * i_ty for labels, (i_xt, i_ty) in deterministic.items()
}
best = min(lagrangian, key=lagrangian.get)
check(
    len(partitions) == 15 and best == named["useful bit u"],
    f"of the 15 partitions (the Bell number B4), the useful bit alone minimises "
    f"I(X;T) - {beta:g} I(T;Y)",
)
check(
    all(i_ty <= LOG2 + 1e-12 for _, i_ty in deterministic.values()),
    "data processing: no representation knows more about Y than X does (log 2)",
)

eps_path = np.linspace(0.0, 0.5, 26)
noisy = np.array(
    [
        plane_point(
            encoder_table(
                np.stack(
                    [1 - label - (1 - 2 * label) * e, label + (1 - 2 * label) * e],
                    axis=1,
                )
            )
        )
        for e in eps_path
    ]
)
check(
    bool(np.max(np.abs(noisy[:, 0] - noisy[:, 1])) <= 1e-12)
    and bool(
        np.max(np.abs(noisy[:, 1] - (LOG2 - mi.binary_entropy(eps_path)))) <= 1e-12
    ),
    "noisy copies of u sit on the frontier: I(T;Y) = I(X;T) = log 2 - h(eps)",
)

# %%
fig, ax = course_subplots(1, width=7.5, height=4.4)
points = np.array(list(deterministic.values()))
frontier_x = np.array([0.0, LOG2, math.log(4)])
ax.plot(
    frontier_x,
    np.minimum(frontier_x, LOG2),
    color=COLORS["exact"],
    linewidth=2.5,
    zorder=2,
    label="bottleneck frontier (best relevance for a given cost)",
)
ax.plot(
    noisy[:, 0],
    noisy[:, 1],
    color=COLORS["alternative"],
    linestyle="none",
    marker=".",
    markersize=7,
    zorder=3,
    label="noisy copy of $u$ (flip 0 to 1/2)",
)
names_by_labels = {labels: name for name, labels in named.items()}
plot_information_plane(
    ax,
    points[:, 0],
    points[:, 1],
    h_x=math.log(4),
    i_xy=LOG2,
    label="deterministic partitions of $X$ (15)",
)
for labels, (i_xt, i_ty) in deterministic.items():
    if labels in names_by_labels:
        ax.annotate(
            names_by_labels[labels],
            (i_xt, i_ty),
            textcoords="offset points",
            xytext=(7, -12),
            fontsize=9,
        )
ax.set_xlim(-0.05, 1.55)
ax.set_ylim(-0.05, 0.95)
ax.set_title("Information plane of the toy bottleneck")
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# The useful bit sits at the frontier's corner: it keeps all the relevance at half the cost of the
# identity. Points left of the corner must give up relevance (noisy copies); points to its right
# pay for nuisance information that does not help predict $Y$.

# %% [markdown]
# ## 19. Information gain and feature selection
#
# A decision tree splits on the feature with the largest **information gain**
# $H(Y) - H(Y\mid X_j) = I(X_j;Y)$. With samples we use the plug-in estimate, which needs care:
# even an irrelevant feature shows a small positive MI. Under independence, $2n\,\hat I$ is
# approximately $\chi^2$ with $(|X|-1)(|Y|-1)$ degrees of freedom (the G-test), which gives a
# threshold for "no evidence of relevance". For a relevant feature the plug-in estimate has
# standard error $\approx \operatorname{sd}[\operatorname{pmi}(X,Y)]/\sqrt n$.
#
# Here $Y$ is a fair bit and each binary feature $X_j$ is $Y$ flipped with probability
# $\varepsilon_j$, so $I(X_j;Y) = \log 2 - h(\varepsilon_j)$; the feature with $\varepsilon = 0.5$
# is pure noise. $n = 4000$ samples, tabulated by `mi.joint_table` (a `bincount`).

# %%
flips = [0.05, 0.1, 0.2, 0.3, 0.5]
rel = apps.feature_relevance(flips, 4000, np.random.default_rng([SEED, 19]))
threshold = apps.independence_threshold(rel.n, (2, 2))
print(" flip   true I(X;Y)   plug-in   s.e.")
for f, est, err, tru in zip(
    rel.flips, rel.estimate, rel.stderr, rel.truth, strict=True
):
    print(f"{f:5.2f}   {tru:11.6f}   {est:7.4f}   {err:6.4f}")
print(f"independence threshold (chi-square, alpha = 0.0001): {threshold:.6f} nats")

# %%
relevant = rel.truth > 0
check_within_noise(
    "every relevant feature's plug-in estimate agrees with its true MI",
    rel.estimate[relevant],
    rel.truth[relevant],
    rel.stderr[relevant],
)
check(
    bool(rel.estimate[~relevant][0] <= threshold < rel.estimate[relevant].min()),
    "the noise feature stays below the independence threshold, the relevant ones above",
)
check(
    list(np.argsort(-rel.estimate)) == list(np.argsort(-rel.truth)),
    "the estimates rank the features correctly",
)

# %%
fig, ax = course_subplots(1, width=7.5, height=3.9)
plot_estimates_with_truth(
    ax,
    [f"flip {f:g}" for f in flips],
    rel.estimate,
    rel.truth,
    errors=2 * rel.stderr,
    unit="information gain $I(X_j;Y)$ (nats, log scale)",
    estimate_label="plug-in estimate ± 2 s.e., n = 4000",
)
ax.set_yscale("log")
ax.set_ylim(1e-7, 3)
reference_line(
    ax, threshold, "independence threshold ($\\chi^2$, 0.01 %)", role="ceiling"
)
reference_line(ax, LOG2, "$H(Y) = \\log 2$: a perfect feature", role="bound")
ax.annotate(
    f"noise feature: {rel.estimate[-1]:.1e}\n(true value 0)",
    (len(flips) - 1, max(rel.estimate[-1], 2e-7)),
    xytext=(-95, 40),
    textcoords="offset points",
    fontsize=8.5,
    arrowprops={"arrowstyle": "->", "color": "0.3"},
)
ax.set_title("Ranking binary features by information gain")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=8, ncols=2)
plt.show()

# %% [markdown]
# One caution from Section 10: information gain scores features *one at a time*. Two features in
# an XOR relation each score zero, yet together they determine the label. Greedy MI ranking
# misses such synergy.

# %% [markdown]
# ## 28. Feature selection with conditional mutual information
#
# Ranking by $I(X_j;Y)$ also fails the other way: two features that carry the *same*
# information both score high, and picking both wastes a slot. Greedy selection by
# **conditional** MI asks instead what a candidate adds to the features already chosen,
# $I(X_j; Y \mid X_S)$, and the selected set's value is $I(X_S;Y)$ by the chain rule
# (Section 7). Two cheap approximations are common: **mRMR** (Peng, Long and Ding 2005) scores
# $I(X_j;Y) - \frac{1}{|S|}\sum_{s\in S} I(X_j;X_s)$, relevance minus redundancy, and **JMI**
# (Yang and Moody 1999) scores $\sum_{s\in S} I(X_j,X_s;Y)$.
#
# A label $Y$ (a fair bit) and four features, with an exact joint law of all five bits:
# $X_1 = Y$ flipped with probability 0.1; $X_2 = X_1$ flipped with probability 0.05 (a
# near-copy of $X_1$); $X_3 = Y$ flipped with probability 0.2, with its own noise; $X_4$ pure
# noise.


# %%
def flip(eps: float) -> np.ndarray:
    """p(b | a) for b = a flipped with probability eps."""
    return np.array([[1 - eps, eps], [eps, 1 - eps]])


# axes (y, x1, x2, x3, x4): p(y) p(x1|y) p(x2|x1) p(x3|y) p(x4)
law = np.einsum(
    "y,ya,ab,yc,d->yabcd",
    [0.5, 0.5],
    flip(0.1),
    flip(0.05),
    flip(0.2),
    [0.5, 0.5],
)
features = [1, 2, 3, 4]
relevance = {j: mi.mutual_information(law, x=j, y=0) for j in features}


def greedy(score, k: int = 2) -> list[int]:
    """Pick k features, each maximising score(j, chosen)."""
    chosen: list[int] = []
    for _ in range(k):
        rest = [j for j in features if j not in chosen]
        chosen.append(max(rest, key=lambda j: score(j, chosen)))
    return chosen


def cmi(j, chosen):
    if not chosen:
        return relevance[j]
    return mi.conditional_mutual_information(law, x=j, y=0, z=tuple(chosen))


def mrmr(j, chosen):
    redundancy = [mi.mutual_information(law, x=j, y=s) for s in chosen]
    return relevance[j] - (float(np.mean(redundancy)) if chosen else 0.0)


def jmi(j, chosen):
    if not chosen:
        return relevance[j]
    return sum(mi.mutual_information(law, x=(j, s), y=0) for s in chosen)


by_relevance = sorted(features, key=relevance.get, reverse=True)[:2]
picks = {
    "MI ranking": by_relevance,
    "greedy CMI": greedy(cmi),
    "mRMR": greedy(mrmr),
    "JMI": greedy(jmi),
}


print(f"X1: I(X1;Y) = {relevance[1]:.4f} nats")
for j in features[1:]:
    added = mi.conditional_mutual_information(law, x=j, y=0, z=1)
    print(f"X{j}: I(X{j};Y) = {relevance[j]:.4f}, I(X{j};Y|X1) = {added:.4f} nats")
for name, chosen in picks.items():
    value = mi.mutual_information(law, x=tuple(chosen), y=0)
    print(f"{name:>10}: picks X{chosen[0]}, X{chosen[1]}: I(X_S;Y) = {value:.4f} nats")

# %%
value = {n: mi.mutual_information(law, x=tuple(c), y=0) for n, c in picks.items()}
check(
    picks["MI ranking"] == [1, 2]
    and picks["greedy CMI"] == [1, 3]
    and value["greedy CMI"] > value["MI ranking"] + 0.02,
    "MI ranking takes the near-copy X2; conditional MI takes X3 and keeps "
    f"{value['greedy CMI'] - value['MI ranking']:.3f} nats more about Y",
)
check(
    picks["mRMR"] == picks["JMI"] == [1, 3]
    and mi.conditional_mutual_information(law, x=2, y=0, z=1) <= 1e-12,
    "mRMR and JMI choose as conditional MI does; X2 adds exactly 0 once X1 is known "
    "(Y -> X1 -> X2 is a Markov chain)",
)

# %%
fig, axes = course_subplots(
    2, width=10.5, height=3.8, gridspec_kw={"width_ratios": [1.4, 1]}
)
positions = np.arange(len(features))
added = [
    relevance[1] if j == 1 else mi.conditional_mutual_information(law, x=j, y=0, z=1)
    for j in features
]
axes[0].bar(
    positions - 0.2,
    [relevance[j] for j in features],
    width=0.4,
    color=COLORS["estimate"],
    label="$I(X_j;Y)$: ranking score",
)
axes[0].bar(
    positions + 0.2,
    added,
    width=0.4,
    color=COLORS["exact"],
    label="$I(X_j;Y\\mid X_1)$: what $X_j$ adds to $X_1$",
)
axes[0].set_xticks(positions, [f"$X_{j}$" for j in features])
axes[0].set_ylabel("nats")
axes[0].set_ylim(0, 0.5)
axes[0].set_title("Redundant X2 scores high alone, adds little", fontsize=10.5)
axes[0].legend(loc="upper right", fontsize=8.5)
names = list(picks)
axes[1].bar(
    range(len(names)),
    [value[n] for n in names],
    width=0.6,
    color=[COLORS["contrast"]] + [COLORS["exact"]] * 3,
)
for i, n in enumerate(names):
    axes[1].text(
        i, value[n] + 0.01, f"X{picks[n][0]}, X{picks[n][1]}", ha="center", fontsize=8.5
    )
reference_line(
    axes[1],
    mi.mutual_information(law, x=(1, 2, 3, 4), y=0),
    "all four features",
    role="ceiling",
)
axes[1].set_xticks(range(len(names)), [n.replace(" ", "\n") for n in names])
axes[1].set_ylabel("$I(X_S;Y)$ of the two picked (nats)")
axes[1].set_ylim(0, 0.6)
axes[1].set_title("Value of the selected pair", fontsize=10.5)
axes[1].legend(loc="upper left", fontsize=8.5)
plt.show()

# %% [markdown]
# ## 20. Contrastive learning of two views (InfoNCE in self-supervised learning)
#
# In contrastive self-supervised learning, two augmented *views* of the same example should be
# recognisable among the views of other examples (SimCLR-style; contrastive *predictive*
# coding, which names InfoNCE, applies the same loss to predicting future elements of a
# sequence, and is not shown here). With a batch of $N$ pairs and cosine similarity divided by a
# temperature $\tau$ as critic, the contrastive (InfoNCE) loss $L$ gives the bound
#
# $$
# I(V_1;V_2) \;\ge\; \log N - \mathbb{E}[L],
# $$
#
# where the expectation is over batches drawn from the joint law of the views: a single batch,
# or a hand-made score matrix, can give $\log N - L$ above the true MI. Minimising the loss
# maximises a lower bound on the information the two views share, and every batch's value is
# at most $\log N$ (Section 16). Below: 16-dimensional latent vectors, two noisy
# unit-norm views each, $N = 64$, $\tau = 0.1$, and 16 batches per noise level. Before
# normalisation, each view pair shares $-\tfrac{16}{2}\log(1-r^2)$ nats with
# $r = 1/(1+\sigma^2)$; normalisation can only lower that (data processing).

# %%
noises = np.array([0.1, 0.2, 0.4, 0.7, 1.0, 1.5, 2.0, 3.0])
N_BATCH, DIM, TAU = 64, 16, 0.1
views, accuracy = apps.contrastive_bound_vs_noise(
    noises, N_BATCH, DIM, TAU, 16, np.random.default_rng([SEED, 20])
)
shared = np.array([apps.view_mutual_information(DIM, s) for s in noises])
print(f"log N = {math.log(N_BATCH):.4f} nats")
print(" noise   bound log N - L   s.e.   top-1 retrieval   I(views) before normalising")
for s, b, e, acc, info in zip(
    noises, views.value, views.stderr, accuracy, shared, strict=True
):
    print(f"{s:5.1f}   {b:15.4f}   {e:5.3f}   {acc:15.3f}   {info:12.3f}")

# %%
check(
    bool(views.value[0] > 0.95 * math.log(N_BATCH))
    and bool(shared[0] > 5 * math.log(N_BATCH)),
    f"low noise: the bound saturates near log N; the views share "
    f"{shared[0] / math.log(N_BATCH):.1f} times log N (more than 5)",
)
check_exceeds(
    "noisier views share less: the bound falls from the lowest to the highest noise",
    views.value[0],
    views.value[-1],
    math.hypot(views.stderr[0], views.stderr[-1]),
)
check(
    bool(views.value[-1] < 0),
    "at high noise a fixed temperature of 0.1 is too sharp: the bound is negative "
    "(valid, but useless)",
)

# %%
fig, axes = course_subplots(2, width=10.5, height=3.9)
plot_band(
    axes[0],
    noises,
    views.value,
    "InfoNCE bound $\\log N - L$ (± 2 s.e.)",
    spread=2 * views.stderr,
    role="bound",
)
axes[0].plot(
    noises,
    np.minimum(shared, math.log(N_BATCH)),
    color=COLORS["truth"],
    linestyle="--",
    label=r"$\min(\log N,\ I(\mathrm{views}))$",
)
reference_line(
    axes[0], math.log(N_BATCH), f"$\\log N$ = {math.log(N_BATCH):.2f}", role="ceiling"
)
axes[0].axhline(0.0, color="0.3", linewidth=0.8)
axes[0].set_xlabel("view noise $\\sigma$")
axes[0].set_ylabel("nats")
axes[0].set_title(f"Contrastive bound, N = {N_BATCH}, $\\tau$ = {TAU}")
axes[0].legend(loc="lower left", fontsize=8.5)
plot_band(
    axes[1], noises, accuracy, "top-1 retrieval of the matching view", role="estimate"
)
reference_line(axes[1], 1 / N_BATCH, "chance 1/N", role="ceiling")
axes[1].set_xlabel("view noise $\\sigma$")
axes[1].set_ylabel("accuracy")
axes[1].set_ylim(0, 1.05)
axes[1].set_title("Matching views get harder to find")
axes[1].legend(loc="upper right", fontsize=8.5)
plt.show()

# %% [markdown]
# ## 21. CLIP-style multimodal alignment
#
# CLIP trains an image encoder and a text encoder so that matched image–caption pairs have high
# cosine similarity. With a batch of $N$ pairs and similarity matrix $S_{ij} = \langle u_i, v_j\rangle$,
# its loss is the average of two InfoNCE losses, images→texts (rows of $S/\tau$) and texts→images
# (columns):
#
# $$
# L_{\mathrm{CLIP}} = \tfrac12\big(L_{\mathrm{img}\to\mathrm{txt}} + L_{\mathrm{txt}\to\mathrm{img}}\big),
# \qquad \log N - \mathbb{E}\big[L_{\mathrm{img}\to\mathrm{txt}}\big] \le I(\mathrm{image};\mathrm{text}),
# $$
#
# the expectation over batches of matched pairs; one batch's $\log N - L$ can exceed it
# (Section 20).
#
# The temperature $\tau$ is learned. Too large, and all scores look alike (the bound tends to 0);
# too small, and one confident mistake costs a lot. Toy embeddings: 32 pairs built from shared
# 20-dimensional semantic vectors plus modality noise of standard deviation 0.8, enough for some
# captions to be matched with the wrong image.

# %%
image, text = apps.clip_embeddings(32, 20, 0.8, np.random.default_rng([SEED, 21]))
S = image @ text.T
N_CLIP = S.shape[0]
taus = np.geomspace(0.01, 10.0, 31)
img_to_txt = np.array([mi.infonce_lower_bound(S / t) for t in taus])
txt_to_img = np.array([mi.infonce_lower_bound(S.T / t) for t in taus])
clip_bound = 0.5 * (img_to_txt + txt_to_img)  # = log N - L_CLIP
best_tau = taus[int(np.argmax(clip_bound))]
retrieval_i2t = float(np.mean(S.argmax(axis=1) == np.arange(N_CLIP)))
retrieval_t2i = float(np.mean(S.argmax(axis=0) == np.arange(N_CLIP)))
print(f"retrieval image->text {retrieval_i2t:.3f}, text->image {retrieval_t2i:.3f}")
print(f"best temperature {best_tau:.3f}: symmetric bound {clip_bound.max():.4f} nats")
print(f"log N = {math.log(N_CLIP):.4f} nats")

# %%
best_index = int(np.argmax(clip_bound))
check(
    0 < best_index < taus.size - 1 and img_to_txt[-1] < 0.1,
    f"the best temperature is interior: tau = 0.01 costs "
    f"{clip_bound.max() - clip_bound[0]:.2f} nats, tau = 10 collapses the bound to "
    f"{img_to_txt[-1]:.3f}",
)
check(
    bool(np.mean(np.diag(S)) > np.mean(S[~np.eye(N_CLIP, dtype=bool)]) + 0.4),
    "matched pairs are far more similar than mismatched ones (mean cosine gap > 0.4)",
)

# %%
fig, axes = course_subplots(
    2, width=11.0, height=4.2, gridspec_kw={"width_ratios": [1, 1.2]}
)
fig.get_layout_engine().set(wspace=0.12)  # room between the colour bar and the curves
plot_joint_table(
    S,
    ax=axes[0],
    fmt="",
    cmap="viridis",
    xlabel="text $j$",
    ylabel="image $i$",
    title="cosine similarity $S_{ij}$",
    colorbar_label="cosine similarity",
)
axes[0].set_xticks([])
axes[0].set_yticks([])
axes[1].plot(
    taus,
    img_to_txt,
    color=COLORS["bound"],
    marker="^",
    markevery=3,
    label="image → text",
)
axes[1].plot(
    taus,
    txt_to_img,
    color=COLORS["alternative"],
    linestyle="--",
    marker="v",
    markevery=(1, 3),
    label="text → image",
)
axes[1].plot(
    taus,
    clip_bound,
    color=COLORS["exact"],
    linewidth=2.5,
    label="symmetric CLIP: $\\log N - L_{\\mathrm{CLIP}}$",
)
reference_line(
    axes[1], math.log(N_CLIP), f"$\\log N$ = {math.log(N_CLIP):.2f}", role="ceiling"
)
reference_line(
    axes[1], best_tau, f"best $\\tau$ = {best_tau:.2f}", role="truth", vertical=True
)
inset = axes[1].inset_axes([0.6, 0.5, 0.37, 0.3])
inset.plot(taus, img_to_txt - txt_to_img, color="0.25", linewidth=1.2)
inset.axhline(0.0, color="0.6", linewidth=0.8)
inset.set_xscale("log")
inset.set_title("image→text minus text→image", fontsize=7.5)
inset.tick_params(labelsize=7)
axes[1].set_xscale("log")
axes[1].set_xlabel("temperature $\\tau$ (log scale)")
axes[1].set_ylabel("InfoNCE bound (nats)")
axes[1].set_title("The temperature matters")
axes[1].legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncols=2, fontsize=8.5)
plt.show()

# %% [markdown]
# ## 22. Active learning and Bayesian experimental design
#
# Which unlabelled input $x$ should we ask an expert to label? BALD (Bayesian active learning by
# disagreement) picks the $x$ whose label $Y$ would tell us most about the model parameters
# $\Theta$:
#
# $$
# \mathrm{BALD}(x) = I(Y;\Theta\mid x) = H\big[\mathbb{E}_\Theta\, p(y\mid x,\Theta)\big]
#   - \mathbb{E}_\Theta\, H\big[p(y\mid x,\Theta)\big].
# $$
#
# The first term is the total predictive uncertainty, the second the part that would remain even
# if we knew $\Theta$ (aleatoric noise). Their difference is the *disagreement* between models
# (epistemic uncertainty), and it is at most $\log(\text{number of classes})$.
#
# First, the seed's example: two equally likely models $\theta_0, \theta_1$ and three candidates
# with $P(Y=1\mid\theta_0), P(Y=1\mid\theta_1)$ = (0.5, 0.5), (0.75, 0.25) and (0.95, 0.05).

# %%
candidates = {
    "uninformative": [0.50, 0.50],
    "moderate": [0.75, 0.25],
    "very informative": [0.95, 0.05],
}
oracle_bald = {
    "uninformative": 0.0,
    "moderate": 0.130812035941,
    "very informative": 0.494631937214,
}
scores = {name: mi.bald_score(p) for name, p in candidates.items()}
for name, p in candidates.items():
    print(f"{name:>16}: P(Y=1 | theta) = {p}, BALD = {scores[name]:.12f} nats")
check(
    max(
        abs(scores[n] - (LOG2 - mi.binary_entropy(p[0]))) for n, p in candidates.items()
    )
    <= 1e-12
    and abs(scores["very informative"] - oracle_bald["very informative"]) <= 1e-12,
    "two opposite models: BALD = log 2 - h(P(Y=1|theta_0)) for all three candidates",
)

# %% [markdown]
# Now a 1-D logistic model $p(y=1\mid x, b) = \sigma(3(x - b))$ whose decision boundary $b$ is
# uncertain, $b \sim \mathcal{N}(0, 1)$, represented by 2000 posterior samples. Far from the
# boundary all models agree; near it they disagree most.

# %%
xs = np.linspace(-4.0, 4.0, 161)
probs = apps.logistic_posterior_predictions(xs, 2000, np.random.default_rng([SEED, 22]))
bald_curve = np.array([mi.bald_score(probs[:, j]) for j in range(xs.size)])
predictive = np.array([mi.entropy([1 - m, m]) for m in probs.mean(axis=0)])
expected = np.array([np.mean(mi.binary_entropy(probs[:, j])) for j in range(xs.size)])
check(
    bool(np.max(np.abs(bald_curve - (predictive - expected))) <= 1e-12),
    "BALD = predictive entropy - expected entropy at all 161 candidates",
)
best_x = xs[int(np.argmax(bald_curve))]
far = np.abs(xs) >= 3.5
check(
    abs(best_x) < 1.0 and bool(bald_curve[far].max() < 0.05),
    f"the most informative query lies near the uncertain boundary (x = {best_x:+.2f}); "
    f"far from it (|x| >= 3.5) BALD is below 0.05 nats: the models agree",
)
print(f"best query x = {best_x:+.2f}, BALD = {bald_curve.max():.4f} nats")

# %%
fig, axes = course_subplots(
    2, width=10.5, height=3.9, gridspec_kw={"width_ratios": [1, 1.6]}
)
names = list(candidates)
axes[0].bar(range(3), [scores[n] for n in names], color=COLORS["estimate"], width=0.6)
for i, n in enumerate(names):
    axes[0].text(
        i, scores[n] + 0.01, f"{scores[n]:.3f}", ha="center", va="bottom", fontsize=9
    )
reference_line(
    axes[0], LOG2, r"$\log 2$ = most a binary label can tell", role="ceiling"
)
axes[0].set_xticks(range(3), [n.replace(" ", "\n") for n in names])
axes[0].set_ylabel("BALD $I(Y;\\Theta\\mid x)$ (nats)")
axes[0].set_ylim(0, 0.8)
axes[0].set_title("Two-model example")
axes[0].legend(loc="upper left", fontsize=8.5)
axes[1].plot(
    xs,
    predictive,
    color=COLORS["truth"],
    label="predictive entropy $H[\\mathbb{E}_\\Theta p]$",
)
axes[1].plot(
    xs,
    expected,
    color=COLORS["alternative"],
    linestyle="--",
    label="expected entropy (aleatoric)",
)
axes[1].fill_between(
    xs,
    expected,
    predictive,
    color=COLORS["bound"],
    alpha=0.35,
    label="gap = BALD (epistemic)",
)
reference_line(axes[1], LOG2, r"$\log 2$", role="ceiling")
reference_line(axes[1], best_x, "best query", role="estimate", vertical=True)
axes[1].set_xlabel("candidate input $x$")
axes[1].set_ylabel("nats")
axes[1].set_ylim(0, 0.85)
axes[1].set_title("Uncertain boundary: where models disagree")
axes[1].legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# ## 23. Summary checks
#
# To close, the chapter's main identities on a *fresh random* distribution, each through routes
# that do not share code: entropies, conditional entropies, the KL divergence, PMI, the chain
# rule and the Markov property (exact to $10^{-12}$), then the bounds $0 \le I \le \min H$,
# data processing and Fano on a random three-stage chain.

# %%
rng = np.random.default_rng([SEED, 23])
P = random_joint_tables(1, (3, 4), rng, concentrations=(1.0,))[0]
P3 = random_joint_tables(1, (3, 8), rng, concentrations=(1.0,))[0].reshape(
    3, 4, 2
)  # axes (x, z, y)
channel_1 = rng.dirichlet(np.ones(3), size=3)  # X -> T
channel_2 = rng.dirichlet(np.ones(3), size=3)  # T -> Y
markov = np.einsum("x,xt,ty->xty", np.full(3, 1 / 3), channel_1, channel_2)

H_X, H_Y, H_XY = mi.entropy(P.sum(axis=1)), mi.entropy(P.sum(axis=0)), mi.entropy(P)
I_xy = mi.mutual_information(P)
identities = {
    "I = H(X) + H(Y) - H(X,Y)": (I_xy, H_X + H_Y - H_XY),
    "I = KL(p_XY || p_X p_Y)": (
        mi.kl_divergence(P, np.outer(P.sum(axis=1), P.sum(axis=0))),
        H_X + H_Y - H_XY,
    ),
    "I = H(X) - H(X|Y)": (I_xy, H_X - mi.conditional_entropy(P, x=0, given=1)),
    "I(X;Y) = I(Y;X)": (I_xy, mi.mutual_information(P, x=1, y=0)),
    "I = E[pmi]": (I_xy, float(np.sum(P * mi.pointwise_mutual_information(P)))),
    "chain rule": (
        mi.mutual_information(P3, x=(0, 1), y=2),
        mi.mutual_information(P3, x=0, y=2)
        + mi.conditional_mutual_information(P3, x=1, y=2, z=0),
    ),
    "Markov: I(X;Y|T) = 0": (
        mi.conditional_mutual_information(markov, x=0, y=2, z=1),
        0.0,
    ),
}
residuals = {claim: abs(lhs - rhs) for claim, (lhs, rhs) in identities.items()}
for claim, (lhs, rhs) in identities.items():
    print(f"{claim:>26}: {lhs:.12f} = {rhs:.12f}")
check(
    max(residuals.values()) <= 1e-12,
    f"all {len(identities)} identities hold (largest residual "
    f"{max(residuals.values()):.1e} nats)",
)
# the lower end on an unclamped route (mutual_information never returns a negative)
check(
    -1e-12 <= H_X + H_Y - H_XY and I_xy <= min(H_X, H_Y),
    f"0 <= I = {I_xy:.6f} <= min(H(X), H(Y)) = {min(H_X, H_Y):.6f}",
)
joint_xy = markov.sum(axis=1)
map_error = 1.0 - float(
    joint_xy.max(axis=0).sum()
)  # error of the best guess of X from Y
fano_floor = mi.fano_min_error(mi.conditional_entropy(joint_xy, x=0, given=1), 3)
I_XT_chain = mi.mutual_information(markov, x=0, y=1)
I_XY_chain = mi.mutual_information(markov, x=0, y=2)
check(
    I_XY_chain <= I_XT_chain and fano_floor <= map_error + 1e-12,
    f"random chain: I(X;Y) = {I_XY_chain:.4f} <= I(X;T) = {I_XT_chain:.4f}; the MAP "
    f"error {map_error:.4f} is above Fano's floor {fano_floor:.4f}",
)

# %%
fig, axes = course_subplots(
    3, width=11.0, height=3.6, gridspec_kw={"width_ratios": [1.5, 1, 1]}
)
plot_information_bars(
    axes[0], H_X, H_Y, I_xy, unit="nats", title="the random $3\\times4$ table"
)
axes[1].bar(
    [0, 1],
    [I_XT_chain, I_XY_chain],
    color=[COLORS["exact"], COLORS["contrast"]],
    width=0.6,
)
reference_line(axes[1], math.log(3), "$H(X) = \\log 3$", role="ceiling")
axes[1].set_xticks([0, 1], ["$I(X;T)$", "$I(X;Y)$"])
axes[1].set_ylim(0, 1.25)
axes[1].set_ylabel("nats")
axes[1].set_title("data processing", fontsize=10.5)
axes[1].legend(loc="upper right", fontsize=8)
axes[2].bar(
    [0, 1],
    [map_error, fano_floor],
    color=[COLORS["estimate"], COLORS["bound"]],
    width=0.6,
)
reference_line(axes[2], 2 / 3, "chance 2/3", role="ceiling")
axes[2].set_xticks([0, 1], ["MAP error\nof X from Y", "Fano's\nfloor"])
axes[2].set_ylim(0, 0.8)
axes[2].set_ylabel("error probability")
axes[2].set_title("Fano on the random chain", fontsize=10.5)
axes[2].legend(loc="upper right", fontsize=8)
plt.show()

# %% [markdown]
# ## Further reading
#
# * Cover and Thomas, *Elements of Information Theory* (2nd ed.): §2.5 and §2.8 (chain rules,
#   data processing; Sections 18, 23, 28), §2.9 (sufficient statistics, the bottleneck's
#   corner), §10 (rate–distortion, the bottleneck's ancestor), §11.8–11.9 (hypothesis tests
#   and the $\chi^2$ approximation of Section 19).
# * MacKay, *Information Theory, Inference, and Learning Algorithms*: Chapter 8 (dependent
#   variables) and D. J. C. MacKay, "Information-based objective functions for active data
#   selection", *Neural Computation* 4, 1992 (Section 22).
# * N. Tishby, F. C. Pereira and W. Bialek, "The information bottleneck method", 1999
#   (Section 18).
# * H. Peng, F. Long and C. Ding, "Feature selection based on mutual information", *IEEE
#   TPAMI* 27, 2005 (mRMR); H. Yang and J. Moody, "Data visualization and feature selection",
#   NIPS 1999 (JMI); G. Brown, A. Pocock, M.-J. Zhao and M. Luján, "Conditional likelihood
#   maximisation", *JMLR* 13, 2012 (Section 28).
# * T. Chen, S. Kornblith, M. Norouzi and G. Hinton, "A simple framework for contrastive
#   learning of visual representations", ICML 2020; A. van den Oord, Y. Li and O. Vinyals,
#   "Representation learning with contrastive predictive coding", 2018 (Section 20).
# * A. Radford et al., "Learning transferable visual models from natural language
#   supervision", ICML 2021 (CLIP, Section 21).
# * N. Houlsby, F. Huszár, Z. Ghahramani and M. Lengyel, "Bayesian active learning for
#   classification and preference learning", 2011 (BALD, Section 22).

# %% [markdown]
# ## Summary
#
# * The information bottleneck trades compression $I(X;T)$ against relevance $I(T;Y) \le I(X;Y)$;
#   minimal sufficient representations sit at the corner of the frontier (Section 18).
# * Information gain ranks features; a $\chi^2$ threshold separates relevance from plug-in noise
#   (Section 19). On the exact law of Section 28's built example, greedy conditional MI avoids
#   the redundant near-copy that ranking picks, and mRMR and JMI choose as it does there; they
#   are heuristics with known failure cases, and estimating $I(X_j;Y\mid X_S)$ from samples
#   is the hard part (Section 28).
# * Contrastive losses give $I \ge \log N - \mathbb{E}[L]$ over batches from the joint law, each
#   batch capped by $\log N$ (Section 20); CLIP averages two directions and depends strongly on
#   the temperature (Section 21).
# * BALD is the mutual information between a label and the model: the epistemic part of the
#   predictive uncertainty (Section 22).
# * The identities of the whole chapter hold to rounding error on a random distribution, and
#   data processing and Fano on a random chain (Section 23).
#
# **Previous:** [Notebook 4 · Estimation and bounds](04_estimation_and_bounds.ipynb).
# **Next:** [Notebook 6 · The limits of estimation](06_limits_of_estimation.ipynb) (NWJ, the
# $\log n$ limit, KSG in high dimension, MINE).
# **Practice:** the ten exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
