# %% [markdown]
# # Mutual information 5 · Applications in modern machine learning
#
# *Theory notebook 5 of 5 of the course* Mutual information for machine learning.
# Sections 18–23 of 23.
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
# 2. rank features by information gain and tell real relevance from plug-in noise;
# 3. read a contrastive loss as the InfoNCE bound $\log N - L$, with its $\log N$ ceiling;
# 4. compute the symmetric CLIP objective from a similarity matrix and see the role of temperature;
# 5. compute the BALD score and separate epistemic from aleatoric uncertainty;
# 6. verify the chapter's main identities on a fresh random distribution.
#
# Previous: [Notebook 4 · Estimation and bounds](04_estimation_and_bounds.ipynb). All quantities in nats.

# %% [markdown]
# ## Setup

# %%
import itertools
import math

import matplotlib.pyplot as plt
import numpy as np

import mi_helpers as mi
from mi_course import applications as sim
from mi_course import check, check_between, check_close
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
from mi_course.sampling import simultaneous_z

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
    """Joint table p(x, t, y) of an encoder q(t | x) on the toy problem (y = u is a function of x)."""
    p_xt = p_x[:, None] * q_t_given_x
    table = np.zeros((4, q_t_given_x.shape[1], 2))
    table[np.arange(4), :, label] = p_xt
    return table


def plane_point(table: np.ndarray) -> tuple[float, float]:
    """(I(X;T), I(T;Y)) of a joint table with axes (x, t, y)."""
    return mi.mutual_information(table, x=0, y=1), mi.mutual_information(table, x=1, y=2)


# every partition of the 4 states, as a "restricted growth" labelling (first state in block 0, ...)
partitions = [
    labels
    for labels in itertools.product(range(4), repeat=4)
    if all(labels[i] <= max(labels[:i], default=-1) + 1 for i in range(4))
]
deterministic = {labels: plane_point(encoder_table(np.eye(4)[list(labels)])) for labels in partitions}
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
check(len(partitions) == 15, "there are 15 partitions of 4 states (the Bell number B4)")
check_close("identity: I(X;T) = log 4", deterministic[named["identity"]][0], math.log(4))
check_close("identity: I(T;Y) = log 2", deterministic[named["identity"]][1], LOG2)
check_close("useful bit: I(X;T) = log 2", deterministic[named["useful bit u"]][0], LOG2)
check_close(
    "useful bit: I(T;Y) = log 2 (nothing relevant lost)", deterministic[named["useful bit u"]][1], LOG2
)
check_close("nuisance bit: I(T;Y) = 0", deterministic[named["nuisance bit v"]][1], 0.0)
check(
    all(i_ty <= LOG2 + 1e-12 for _, i_ty in deterministic.values()),
    "data processing: no representation knows more about Y than X does (log 2)",
)
beta = 2.0
lagrangian = {labels: i_xt - beta * i_ty for labels, (i_xt, i_ty) in deterministic.items()}
best = min(lagrangian, key=lagrangian.get)
check(best == named["useful bit u"], f"at beta = {beta}, the bottleneck optimum is the useful bit alone")

eps_path = np.linspace(0.0, 0.5, 26)
noisy = np.array(
    [
        plane_point(
            encoder_table(np.stack([1 - label - (1 - 2 * label) * e, label + (1 - 2 * label) * e], axis=1))
        )
        for e in eps_path
    ]
)
check(
    bool(np.max(np.abs(noisy[:, 0] - noisy[:, 1])) <= 1e-12),
    "noisy copies of u sit on the frontier I(T;Y) = I(X;T)",
)
check(
    bool(np.max(np.abs(noisy[:, 1] - (LOG2 - mi.binary_entropy(eps_path)))) <= 1e-12),
    "noisy copy of u with flip eps: I(T;Y) = log 2 - h(eps)",
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
            names_by_labels[labels], (i_xt, i_ty), textcoords="offset points", xytext=(7, -12), fontsize=9
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
rel = sim.feature_relevance(flips, 4000, np.random.default_rng([SEED, 19]))
threshold = sim.independence_threshold(rel.n, (2, 2))
print(" flip   true I(X;Y)   plug-in   s.e.")
for f, est, err, tru in zip(rel.flips, rel.estimate, rel.stderr, rel.truth, strict=True):
    print(f"{f:5.2f}   {tru:11.6f}   {est:7.4f}   {err:6.4f}")
print(f"independence threshold (chi-square, alpha = 0.0001): {threshold:.6f} nats")

# %%
relevant = rel.truth > 0
z = simultaneous_z(n_claims=int(relevant.sum()))
check_close(
    "seed's x_good (flip 0.1): true I = log 2 - h(0.1) (oracle 0.368064207168)", rel.truth[1], 0.368064207168
)
check(
    bool(np.all(np.abs(rel.estimate - rel.truth)[relevant] <= z * rel.stderr[relevant])),
    f"every relevant feature's estimate is within {z:.1f} s.e. of its true MI",
)
check(
    bool(rel.estimate[~relevant][0] <= threshold), "the noise feature stays below the independence threshold"
)
check(bool(np.all(rel.estimate[relevant] > threshold)), "every relevant feature is above the threshold")
check(
    list(np.argsort(-rel.estimate)) == list(np.argsort(-rel.truth)),
    "the estimates rank the features correctly",
)

# %%
fig, ax = course_subplots(1, width=7.5, height=3.8)
plot_estimates_with_truth(
    ax,
    [f"flip {f:g}" for f in flips],
    rel.estimate,
    rel.truth,
    errors=2 * rel.stderr,
    unit="information gain $I(X_j;Y)$ (nats)",
    estimate_label="plug-in estimate ± 2 s.e., n = 4000",
)
reference_line(ax, threshold, "independence threshold ($\\chi^2$, 0.01 %)", role="ceiling")
reference_line(ax, LOG2, "$H(Y) = \\log 2$: a perfect feature", role="bound")
ax.set_ylim(0, 0.8)
ax.set_title("Ranking binary features by information gain")
ax.legend(loc="upper right", fontsize=8.5)
plt.show()

# %% [markdown]
# One caution from Section 10: information gain scores features *one at a time*. Two features in
# an XOR relation each score zero, yet together they determine the label. Greedy MI ranking
# misses such synergy.

# %% [markdown]
# ## 20. Contrastive predictive coding and self-supervised learning
#
# In contrastive self-supervised learning, two augmented *views* of the same example should be
# recognisable among the views of other examples. With a batch of $N$ pairs and cosine
# similarity divided by a temperature $\tau$ as critic, the contrastive (InfoNCE) loss $L$ gives
# the bound
#
# $$
# I(V_1;V_2) \;\ge\; \log N - L .
# $$
#
# Minimising the loss maximises a lower bound on the information the two views share, and that
# bound can never exceed $\log N$ (Section 16). Below: 16-dimensional latent vectors, two noisy
# unit-norm views each, $N = 64$, $\tau = 0.1$, and 16 batches per noise level. Before
# normalisation, each view pair shares $-\tfrac{16}{2}\log(1-r^2)$ nats with
# $r = 1/(1+\sigma^2)$; normalisation can only lower that (data processing).

# %%
noises = np.array([0.1, 0.2, 0.4, 0.7, 1.0, 1.5, 2.0, 3.0])
N_BATCH, DIM, TAU = 64, 16, 0.1
views, accuracy = sim.contrastive_bound_vs_noise(
    noises, N_BATCH, DIM, TAU, 16, np.random.default_rng([SEED, 20])
)
shared = np.array([sim.view_mutual_information(DIM, s) for s in noises])
print(f"log N = {math.log(N_BATCH):.4f} nats")
print(" noise   bound log N - L   s.e.   top-1 retrieval   I(views) before normalising")
for s, b, e, acc, info in zip(noises, views.value, views.stderr, accuracy, shared, strict=True):
    print(f"{s:5.1f}   {b:15.4f}   {e:5.3f}   {acc:15.3f}   {info:12.3f}")

# %%
z = simultaneous_z(n_claims=1)
check(bool(np.all(views.value <= math.log(N_BATCH))), "the contrastive bound never exceeds log N")
check(
    bool(views.value[0] > 0.95 * math.log(N_BATCH)) and bool(shared[0] > 5 * math.log(N_BATCH)),
    "low noise: the bound saturates near log N although the views share over 5 times more (s.e. ~0.001)",
)
check(
    bool(views.value[0] - views.value[-1] > z * math.hypot(views.stderr[0], views.stderr[-1])),
    "noisier views share less: the bound falls as the noise grows",
)
check(
    bool(views.value[-1] < 0),
    "at high noise a fixed temperature of 0.1 is too sharp: the bound is negative (valid, but useless)",
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
reference_line(axes[0], math.log(N_BATCH), f"$\\log N$ = {math.log(N_BATCH):.2f}", role="ceiling")
axes[0].axhline(0.0, color="0.3", linewidth=0.8)
axes[0].set_xlabel("view noise $\\sigma$")
axes[0].set_ylabel("nats")
axes[0].set_title(f"Contrastive bound, N = {N_BATCH}, $\\tau$ = {TAU}")
axes[0].legend(loc="lower left", fontsize=8.5)
plot_band(axes[1], noises, accuracy, "top-1 retrieval of the matching view", role="estimate")
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
# \qquad \log N - L_{\mathrm{img}\to\mathrm{txt}} \le I(\mathrm{image};\mathrm{text}).
# $$
#
# The temperature $\tau$ is learned. Too large, and all scores look alike (the bound tends to 0);
# too small, and one confident mistake costs a lot. Toy embeddings: 32 pairs built from shared
# 20-dimensional semantic vectors plus modality noise of standard deviation 0.8, enough for some
# captions to be matched with the wrong image.

# %%
image, text = sim.clip_embeddings(32, 20, 0.8, np.random.default_rng([SEED, 21]))
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
check(
    bool(np.all(img_to_txt <= math.log(N_CLIP)) and np.all(txt_to_img <= math.log(N_CLIP))),
    "both directions stay below log N at every temperature",
)
check(bool(np.max(np.abs(img_to_txt - txt_to_img)) > 1e-3), "the two directions differ: S is not symmetric")
check_between("very high temperature (tau = 10): the bound collapses toward 0", img_to_txt[-1], 0.0, 0.1)
best_index = int(np.argmax(clip_bound))
check(
    0 < best_index < taus.size - 1,
    f"the best temperature is interior: tau = 0.01 costs {clip_bound.max() - clip_bound[0]:.2f} nats, "
    f"tau = 10 costs {clip_bound.max() - clip_bound[-1]:.2f} nats",
)
check(
    bool(np.mean(np.diag(S)) > np.mean(S[~np.eye(N_CLIP, dtype=bool)]) + 0.4),
    "matched pairs are far more similar than mismatched ones (mean cosine gap > 0.4)",
)

# %%
fig, axes = course_subplots(2, width=10.5, height=4.2, gridspec_kw={"width_ratios": [1, 1.2]})
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
axes[1].plot(taus, img_to_txt, color=COLORS["bound"], label="image → text")
axes[1].plot(taus, txt_to_img, color=COLORS["alternative"], linestyle="--", label="text → image")
axes[1].plot(
    taus,
    clip_bound,
    color=COLORS["exact"],
    linewidth=2.5,
    label="symmetric CLIP: $\\log N - L_{\\mathrm{CLIP}}$",
)
reference_line(axes[1], math.log(N_CLIP), f"$\\log N$ = {math.log(N_CLIP):.2f}", role="ceiling")
reference_line(axes[1], best_tau, f"best $\\tau$ = {best_tau:.2f}", role="truth", vertical=True)
axes[1].set_xscale("log")
axes[1].set_xlabel("temperature $\\tau$ (log scale)")
axes[1].set_ylabel("InfoNCE bound (nats)")
axes[1].set_title("The temperature matters")
axes[1].legend(loc="center right", fontsize=8.5)
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
candidates = {"uninformative": [0.50, 0.50], "moderate": [0.75, 0.25], "very informative": [0.95, 0.05]}
oracle_bald = {"uninformative": 0.0, "moderate": 0.130812035941, "very informative": 0.494631937214}
scores = {name: mi.bald_score(p) for name, p in candidates.items()}
for name, p in candidates.items():
    print(f"{name:>16}: P(Y=1 | theta) = {p}, BALD = {scores[name]:.12f} nats")
    check_close(f"{name}: BALD (oracle)", scores[name], oracle_bald[name])
    check_close(
        f"{name}: BALD = log 2 - h(P(Y=1|theta_0)) for two opposite models",
        scores[name],
        LOG2 - mi.binary_entropy(p[0]),
    )

# %% [markdown]
# Now a 1-D logistic model $p(y=1\mid x, b) = \sigma(3(x - b))$ whose decision boundary $b$ is
# uncertain, $b \sim \mathcal{N}(0, 1)$, represented by 2000 posterior samples. Far from the
# boundary all models agree; near it they disagree most.

# %%
xs = np.linspace(-4.0, 4.0, 161)
probs = sim.logistic_posterior_predictions(xs, 2000, np.random.default_rng([SEED, 22]))
bald_curve = np.array([mi.bald_score(probs[:, j]) for j in range(xs.size)])
predictive = np.array([mi.entropy([1 - m, m]) for m in probs.mean(axis=0)])
expected = np.array([np.mean(mi.binary_entropy(probs[:, j])) for j in range(xs.size)])
check(
    bool(np.max(np.abs(bald_curve - (predictive - expected))) <= 1e-12),
    "BALD = predictive entropy - expected entropy at all 161 candidates",
)
check(bool(np.all(bald_curve <= LOG2)), "BALD never exceeds log 2 for a binary label")
best_x = xs[int(np.argmax(bald_curve))]
check_between(
    "the most informative query lies near the uncertain boundary (|x| < 1)", best_x, -1.0, 1.0, unit=""
)
print(f"best query x = {best_x:+.2f}, BALD = {bald_curve.max():.4f} nats")

# %%
fig, axes = course_subplots(2, width=10.5, height=3.9, gridspec_kw={"width_ratios": [1, 1.6]})
names = list(candidates)
axes[0].bar(range(3), [scores[n] for n in names], color=COLORS["estimate"], width=0.6)
for i, n in enumerate(names):
    axes[0].text(i, scores[n] + 0.01, f"{scores[n]:.3f}", ha="center", va="bottom", fontsize=9)
reference_line(axes[0], LOG2, r"$\log 2$ = most a binary label can tell", role="ceiling")
axes[0].set_xticks(range(3), [n.replace(" ", "\n") for n in names])
axes[0].set_ylabel("BALD $I(Y;\\Theta\\mid x)$ (nats)")
axes[0].set_ylim(0, 0.8)
axes[0].set_title("Two-model example")
axes[0].legend(loc="upper left", fontsize=8.5)
axes[1].plot(xs, predictive, color=COLORS["truth"], label="predictive entropy $H[\\mathbb{E}_\\Theta p]$")
axes[1].plot(xs, expected, color=COLORS["alternative"], linestyle="--", label="expected entropy (aleatoric)")
axes[1].fill_between(
    xs, expected, predictive, color=COLORS["bound"], alpha=0.35, label="gap = BALD (epistemic)"
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
# rule, data processing and Fano. Every check is exact to $10^{-12}$.

# %%
rng = np.random.default_rng([SEED, 23])
P = random_joint_tables(1, (3, 4), rng, concentrations=(1.0,))[0]
P3 = random_joint_tables(1, (3, 8), rng, concentrations=(1.0,))[0].reshape(3, 4, 2)  # axes (x, z, y)
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
        mi.mutual_information(P3, x=0, y=2) + mi.conditional_mutual_information(P3, x=1, y=2, z=0),
    ),
    "Markov: I(X;Y|T) = 0": (mi.conditional_mutual_information(markov, x=0, y=2, z=1), 0.0),
}
residuals = {}
for claim, (lhs, rhs) in identities.items():
    check_close(claim, lhs, rhs)
    residuals[claim] = abs(lhs - rhs)
# the lower end on an unclamped route (mutual_information itself never returns a negative)
check(
    -1e-12 <= H_X + H_Y - H_XY and I_xy <= min(H_X, H_Y),
    f"0 <= I = {I_xy:.6f} <= min(H(X), H(Y)) = {min(H_X, H_Y):.6f}",
)
check(
    mi.mutual_information(markov, x=0, y=2) <= mi.mutual_information(markov, x=0, y=1),
    "data processing on the random chain: I(X;Y) <= I(X;T)",
)
joint_xy = markov.sum(axis=1)
map_error = 1.0 - float(joint_xy.max(axis=0).sum())  # error of the best guess of X from Y
check(
    mi.conditional_entropy(joint_xy, x=0, given=1) <= mi.fano_bound(map_error, 3) + 1e-12,
    f"Fano on the random chain: H(X|Y) <= h(P_e) + P_e log 2 with MAP error {map_error:.4f}",
)
print(f"largest residual: {max(residuals.values()):.2e} nats")

# %%
fig, axes = course_subplots(2, width=10.5, height=3.8, gridspec_kw={"width_ratios": [1.3, 1]})
plot_information_bars(axes[0], H_X, H_Y, I_xy, unit="nats", title="the random $3\\times4$ table")
floor = 1e-18
shown = [max(r, floor) for r in residuals.values()]
axes[1].barh(range(len(shown)), shown, color=COLORS["exact"], height=0.6)
reference_line(axes[1], 1e-12, "tolerance $10^{-12}$", role="ceiling", vertical=True)
axes[1].set_xscale("log")
axes[1].set_xlim(floor / 3, 1e-10)
axes[1].set_yticks(range(len(shown)), list(residuals), fontsize=8.5)
axes[1].invert_yaxis()
axes[1].set_xlabel(f"|left - right| (nats; exact zeros drawn at {floor:.0e})")
axes[1].set_title("Every identity holds to rounding", fontsize=10.5)
axes[1].legend(loc="lower right", fontsize=8.5)
plt.show()

# %% [markdown]
# ## Summary
#
# * The information bottleneck trades compression $I(X;T)$ against relevance $I(T;Y) \le I(X;Y)$;
#   minimal sufficient representations sit at the corner of the frontier (Section 18).
# * Information gain ranks features; a $\chi^2$ threshold separates relevance from plug-in noise
#   (Section 19).
# * Contrastive losses give $I \ge \log N - L$, capped by $\log N$ (Section 20); CLIP averages two
#   directions and depends strongly on the temperature (Section 21).
# * BALD is the mutual information between a label and the model: the epistemic part of the
#   predictive uncertainty (Section 22).
# * The identities of the whole chapter hold to rounding error on a random distribution (Section 23).
#
# **Previous:** [Notebook 4 · Estimation and bounds](04_estimation_and_bounds.ipynb).
# **Start again:** [Notebook 1 · Intuition and definitions](01_intuition_and_definitions.ipynb).
# **Practice:** the ten exercises in [`exercises/mutual_information/`](../exercises/mutual_information/).
