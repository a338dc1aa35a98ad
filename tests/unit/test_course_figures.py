"""mi_course.plotting: the course's look is seaborn's, without seaborn on a notebook's path.

Importing seaborn costs a notebook about 1.4 s (pandas and scipy.stats with it), and its heatmap
draws the whole figure once more to check its tick labels; the course writes seaborn's theme out
and draws its joint tables with matplotlib alone. These tests hold both to seaborn itself, so a
seaborn or matplotlib upgrade that makes them drift fails here and says what to update.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from mi_course import plotting


def test_the_course_style_is_seaborns_whitegrid_theme_without_importing_seaborn():
    """Applying the style leaves matplotlib exactly as seaborn.set_theme would, the palette is
    seaborn's colour-blind one, and neither the style, a joint table, nor the course modules a
    notebook imports load seaborn or scipy.stats."""
    script = """
import matplotlib as mpl
import sys
from mi_course import applications, estimation, identities, plotting
plotting.use_course_style()
plotting.plot_joint_table([[0.4, 0.1], [0.1, 0.4]])
heavy = sorted({"seaborn", "pandas", "scipy.stats"} & set(sys.modules))
assert not heavy, f"a notebook's course imports loaded {heavy}"
mpl.rcdefaults()
plotting.use_course_style()
ours = dict(mpl.rcParams)
import seaborn as sns
assert plotting.PALETTE == list(sns.color_palette("colorblind")), "PALETTE is not seaborn's"
mpl.rcdefaults()
sns.set_theme(context="notebook", style="whitegrid", palette=plotting.PALETTE)
mpl.rcParams.update(plotting._RC)
theirs = dict(mpl.rcParams)
differ = sorted(k for k in theirs if ours[k] != theirs[k])
assert not differ, {k: (ours[k], theirs[k]) for k in differ}
"""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]


SIGNED = np.array([[1.5, -1.34, -2.5], [-1.39, 1.37, -1.12], [-2.48, -1.34, 0.43]])
TABLES = {
    "a joint pmf, annotated": (
        np.array([[0.18, 0.01, 0.01], [0.01, 0.15, 0.04], [0.01, 0.03, 0.56]]),
        {"fmt": ".2f", "cmap": "Blues", "center": None, "labels": ["new", "deep", "rare"]},
    ),
    "a signed PMI table on a re-centred diverging map": (
        SIGNED,
        {"fmt": "+.2f", "cmap": "RdBu_r", "center": 0.0, "labels": ["a", "b", "c"]},
    ),
    "a large table, no annotations, default labels": (
        np.random.default_rng(7).uniform(-0.7, 0.8, size=(12, 12)),
        {"fmt": "", "cmap": "viridis", "center": None, "labels": None},
    ),
}


def _pixels(draw) -> np.ndarray:
    with mpl.rc_context():
        plotting.use_course_style()
        fig, ax = plt.subplots(figsize=(6.0, 4.5))
        draw(ax)
        ax.tick_params(axis="y", rotation=0)
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
        plt.close(fig)
    return pixels


@pytest.mark.parametrize("name", list(TABLES))
def test_a_joint_table_is_drawn_with_the_pixels_of_seaborns_heatmap(name):
    sns = pytest.importorskip("seaborn")
    table, options = TABLES[name]
    labels = options["labels"]

    def ours(ax):
        plotting._heatmap(
            ax,
            table,
            fmt=options["fmt"],
            cmap=options["cmap"],
            center=options["center"],
            colorbar_label="$p(x, y)$",
            col_labels=labels,
            row_labels=labels,
        )

    def seaborns(ax):
        # seaborn (as pinned) re-centres a colour map with Colormap.set_bad, which matplotlib
        # now flags as pending deprecation; the course's own drawing must not warn at all.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            sns.heatmap(
                table,
                ax=ax,
                annot=bool(options["fmt"]),
                fmt=options["fmt"],
                cmap=options["cmap"],
                center=options["center"],
                linewidths=0.5,
                linecolor="white",
                square=True,
                cbar_kws={"label": "$p(x, y)$"},
                xticklabels=labels if labels is not None else "auto",
                yticklabels=labels if labels is not None else "auto",
            )

    mine, theirs = _pixels(ours), _pixels(seaborns)
    assert mine.shape == theirs.shape
    differing = int(np.count_nonzero(np.any(mine != theirs, axis=-1)))
    assert differing == 0, f"{differing} pixels differ from seaborn's heatmap"


def test_plot_joint_table_refuses_a_table_that_is_not_two_dimensional():
    with pytest.raises(ValueError, match="2-D table"):
        plotting.plot_joint_table([0.5, 0.5])
