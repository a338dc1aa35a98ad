"""Experiments of notebook 5 (applications in ML): features, contrastive views, CLIP, BALD (§19–22)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit, gammaincinv

from mi_helpers import (
    binary_entropy,
    gaussian_mutual_information,
    infonce_lower_bound,
    joint_table,
    mutual_information,
)

from .sampling import BoundCurve

__all__ = [
    "FeatureRelevance",
    "clip_embeddings",
    "contrastive_bound_vs_noise",
    "contrastive_views",
    "feature_relevance",
    "independence_threshold",
    "logistic_posterior_predictions",
    "plugin_mi_standard_error",
    "view_mutual_information",
]


def plugin_mi_standard_error(P: ArrayLike) -> float:
    """Standard error (times sqrt(n)) of the plug-in MI of a table: sd of the pointwise MI.

    The plug-in estimate is an average of pmi(x_i, y_i) over the n samples, so to first
    order its standard deviation is sd_p[pmi] / sqrt(n); divide the result by sqrt(n).

    Parameters
    ----------
    P : array_like, shape (a, b)
        Joint pmf p(x, y) (non-negative, summing to 1; it is not renormalised), usually the
        empirical table of the n samples. Zero cells are left out.

    Returns
    -------
    float
        The standard deviation of pmi(X, Y) = log p(x, y) / (p(x) p(y)) under ``P``, in nats.

    Examples
    --------
    >>> round(plugin_mi_standard_error([[0.45, 0.05], [0.05, 0.45]]), 6)  # BSC(0.1), uniform input
    0.659167
    """
    table = np.asarray(P, dtype=float)
    p_x = table.sum(axis=1, keepdims=True)
    p_y = table.sum(axis=0, keepdims=True)
    support = table > 0
    pmi = np.log(table[support] / (p_x * p_y)[support])
    weights = table[support]
    mean = float(weights @ pmi)
    return math.sqrt(max(float(weights @ (pmi - mean) ** 2), 0.0))


def independence_threshold(n: int, shape: tuple[int, int] = (2, 2), alpha: float = 1e-4) -> float:
    """Largest plug-in MI an independent pair shows with probability 1 - alpha (in nats).

    Under independence, 2 n times the plug-in MI of an a x b table is asymptotically
    chi-square with (a - 1)(b - 1) degrees of freedom (it is the G-test statistic), so its
    1 - alpha quantile divided by 2n is the threshold. The default alpha = 1e-4 keeps a 50-seed
    repetition of the claim "an irrelevant feature stays below it" from failing by chance.

    Parameters
    ----------
    n : int
        Number of samples behind the plug-in estimate.
    shape : (int, int)
        Shape (a, b) of the joint table, i.e. the numbers of values of X and of Y.
    alpha : float
        Probability that an independent pair exceeds the threshold.

    Returns
    -------
    float
        The 1 - alpha quantile of chi-square with (a - 1)(b - 1) degrees of freedom, divided
        by 2n, in nats.

    Examples
    --------
    >>> round(independence_threshold(4000), 6)  # chi2(1) quantile 15.14 / 8000
    0.001892
    """
    dof = (shape[0] - 1) * (shape[1] - 1)
    # chi2(dof).ppf(q) = 2 P^{-1}(dof / 2, q), what scipy.stats computes, without importing
    # scipy.stats (a second of a notebook's start).
    return float(2.0 * gammaincinv(dof / 2.0, 1.0 - alpha)) / (2.0 * n)


@dataclass(frozen=True)
class FeatureRelevance:
    """Plug-in I(X_j; Y) of each feature, its standard error and its true value (nats)."""

    flips: NDArray[np.float64]
    estimate: NDArray[np.float64]
    stderr: NDArray[np.float64]
    truth: NDArray[np.float64]
    n: int


def feature_relevance(flips: Sequence[float], n: int, rng: np.random.Generator) -> FeatureRelevance:
    """Binary label Y ~ Bern(1/2) and features X_j = Y xor Bern(flips[j]); plug-in I(X_j; Y).

    Parameters
    ----------
    flips : sequence of float
        Noise of each feature; flip 0.5 makes a feature independent of Y.
    n : int
        Number of samples.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    FeatureRelevance
        Estimates from :func:`mi_helpers.joint_table` (a bincount) and
        :func:`mi_helpers.mutual_information`; truths log 2 - h(flip).

    Examples
    --------
    >>> rel = feature_relevance([0.1, 0.5], 4000, np.random.default_rng(0))
    >>> bool(rel.estimate[0] > rel.estimate[1]), round(float(rel.truth[0]), 6)
    (True, 0.368064)
    """
    f = np.asarray(flips, dtype=float)
    y = rng.integers(0, 2, size=n)
    noise = rng.random((f.size, n)) < f[:, None]
    features = y[None, :] ^ noise
    tables = [joint_table(feature, y, levels=[2, 2]) for feature in features]
    estimate = np.array([mutual_information(t) for t in tables])
    stderr = np.array([plugin_mi_standard_error(t) for t in tables]) / math.sqrt(n)
    truth = math.log(2.0) - np.asarray(binary_entropy(f))
    return FeatureRelevance(f, estimate, stderr, truth, n)


def contrastive_views(
    n: int, dim: int, noise: float, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Two noisy, unit-normalised views of the same ``n`` latent vectors in ``dim`` dimensions.

    Each latent is N(0, I); each view adds independent N(0, noise^2 I) and is normalised to
    length 1, so ``view1 @ view2.T`` holds cosine similarities.

    Parameters
    ----------
    n : int
        Number of latent vectors (rows of each view).
    dim : int
        Dimension of the latents and of the views.
    noise : float
        Standard deviation of each view's noise per coordinate (the latent's is 1).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    view1, view2 : ndarray, shape (n, dim)
        Unit-norm views; row i of each comes from the same latent vector.

    Examples
    --------
    >>> v1, v2 = contrastive_views(4, 3, 0.1, np.random.default_rng(0))
    >>> v1.shape, bool(np.allclose(np.linalg.norm(v2, axis=1), 1.0))
    ((4, 3), True)
    """
    latent = rng.standard_normal((n, dim))
    views = latent[None] + noise * rng.standard_normal((2, n, dim))
    views /= np.linalg.norm(views, axis=2, keepdims=True)
    return views[0], views[1]


def view_mutual_information(dim: int, noise: float) -> float:
    """I(view1; view2) before normalisation: -dim/2 log(1 - r^2) with r = 1 / (1 + noise^2).

    Normalising a view is a deterministic map, so by the data-processing inequality the
    normalised views share at most this much information.

    Parameters
    ----------
    dim : int
        Dimension of the views; the coordinates are independent, so the MI is ``dim`` times
        that of one coordinate pair.
    noise : float
        Standard deviation of each view's noise, as in :func:`contrastive_views`; must be
        nonzero (noise 0 makes r = 1 and the information infinite, which raises ValueError).

    Returns
    -------
    float
        I(view1; view2) of the unnormalised views, in nats.

    Examples
    --------
    >>> round(view_mutual_information(1, 1.0), 6)  # r = 1/2
    0.143841
    """
    r = 1.0 / (1.0 + noise * noise)
    return dim * gaussian_mutual_information(r)


def contrastive_bound_vs_noise(
    noises: Sequence[float],
    n: int,
    dim: int,
    temperature: float,
    n_batches: int,
    rng: np.random.Generator,
) -> tuple[BoundCurve, NDArray[np.float64]]:
    """InfoNCE bound log N - L of cosine-similarity critics for views of growing noise.

    Parameters
    ----------
    noises : sequence of float
        View noise levels swept.
    n : int
        Batch size N (each view1 row is matched with one view2 row among N).
    dim : int
        Embedding dimension.
    temperature : float
        Scores are cosine similarity / temperature.
    n_batches : int
        Independent batches per noise level (>= 2).
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    curve : BoundCurve
        Mean bound per noise level and its standard error over batches; every value <= log N.
    accuracy : ndarray
        Mean top-1 retrieval accuracy (view1 -> view2) per noise level.

    Examples
    --------
    >>> curve, acc = contrastive_bound_vs_noise([0.2, 2.0], 32, 8, 0.1, 4, np.random.default_rng(0))
    >>> bool(curve.value[0] > curve.value[1]), bool(np.all(curve.value <= np.log(32)))
    (True, True)
    """
    values, errors, accuracy = [], [], []
    for noise in noises:
        bounds, hits = [], []
        for _ in range(n_batches):
            v1, v2 = contrastive_views(n, dim, noise, rng)
            similarity = v1 @ v2.T
            bounds.append(infonce_lower_bound(similarity / temperature))
            hits.append(float(np.mean(similarity.argmax(axis=1) == np.arange(n))))
        values.append(float(np.mean(bounds)))
        errors.append(float(np.std(bounds, ddof=1) / math.sqrt(n_batches)))
        accuracy.append(float(np.mean(hits)))
    curve = BoundCurve(np.asarray(noises, dtype=float), np.asarray(values), np.asarray(errors))
    return curve, np.asarray(accuracy)


def clip_embeddings(
    n: int, dim: int, noise: float, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Toy image and text embeddings: a shared semantic vector seen through two noisy encoders.

    Both modalities see the semantic vector through the same random linear map (as if the two
    encoders had already been trained to align), each adds its own N(0, noise^2) and is
    normalised to unit length, so ``image @ text.T`` holds cosine similarities.

    Parameters
    ----------
    n : int
        Number of semantic vectors (image-text pairs).
    dim : int
        Dimension of the semantic vectors and of the embeddings.
    noise : float
        Standard deviation of each modality's own noise per coordinate. The semantic vectors
        are N(0, I) and the shared linear map has N(0, 1/dim) entries.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    image, text : ndarray, shape (n, dim)
        Unit-norm embeddings; row i of each comes from the same semantic vector.

    Examples
    --------
    >>> img, txt = clip_embeddings(16, 20, 0.3, np.random.default_rng(0))
    >>> S = img @ txt.T
    >>> bool(np.mean(np.diag(S)) > np.mean(S))
    True
    """
    semantic = rng.standard_normal((n, dim))
    mixing = rng.standard_normal((dim, dim)) / math.sqrt(dim)
    image = semantic @ mixing + noise * rng.standard_normal((n, dim))
    text = semantic @ mixing + noise * rng.standard_normal((n, dim))
    image /= np.linalg.norm(image, axis=1, keepdims=True)
    text /= np.linalg.norm(text, axis=1, keepdims=True)
    return image, text


def logistic_posterior_predictions(
    candidates: ArrayLike,
    n_samples: int,
    rng: np.random.Generator,
    boundary_mean: float = 0.0,
    boundary_sd: float = 1.0,
    slope: float = 3.0,
) -> NDArray[np.float64]:
    """P(Y = 1 | x, θ_s) of a 1-D logistic model for posterior samples of its boundary.

    The model is p(y = 1 | x, b) = sigmoid(slope (x - b)) with an uncertain boundary
    b ~ N(boundary_mean, boundary_sd^2) standing in for a posterior after a few labels.

    Parameters
    ----------
    candidates : array_like, shape (m,)
        Inputs x at which to predict.
    n_samples : int
        Number of posterior samples of the boundary b.
    rng : numpy.random.Generator
        Source of randomness.
    boundary_mean : float
        Mean of the boundary's posterior.
    boundary_sd : float
        Standard deviation of the boundary's posterior.
    slope : float
        Steepness of the sigmoid (shared by all samples).

    Returns
    -------
    ndarray, shape (n_samples, len(candidates))
        Column j holds the posterior samples' predictions at ``candidates[j]``; pass a
        column to :func:`mi_helpers.bald_score`.

    Examples
    --------
    >>> probs = logistic_posterior_predictions([-5.0, 0.0, 5.0], 200, np.random.default_rng(0))
    >>> probs.shape
    (200, 3)
    """
    x = np.asarray(candidates, dtype=float)
    boundary = boundary_mean + boundary_sd * rng.standard_normal(n_samples)
    return expit(slope * (x[None, :] - boundary[:, None]))
