"""The course's figure style and the figure helpers that notebooks share.

Call :func:`use_course_style` once in a notebook's setup cell; every figure after it uses
the same seaborn theme, colour-blind-safe palette and sizes. The helpers draw the figures
that recur (a joint table with its values, a bound against the truth it bounds, reference
lines for true values and ceilings) so no notebook repeats styling code.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

__all__ = [
    "COLORS",
    "PALETTE",
    "plot_bound_vs_truth",
    "plot_joint_table",
    "reference_line",
    "use_course_style",
]

#: seaborn's colour-blind-safe palette (Wong's), used for every line and bar.
PALETTE = sns.color_palette("colorblind")

#: The role of each colour, so the same thing has the same colour in every figure.
COLORS = {
    "estimate": PALETTE[0],  # blue: a quantity computed from samples
    "bound": PALETTE[1],  # orange: a lower or upper bound
    "exact": PALETTE[2],  # green: an exact curve
    "contrast": PALETTE[3],  # vermillion: the cautionary example
    "alternative": PALETTE[4],  # purple: a second estimator or setting
    "truth": "0.15",  # near-black dashed line: the true value
    "ceiling": "0.55",  # grey dotted line: a ceiling such as log K or H(X)
}

_RC = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "figure.max_open_warning": 0,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9.5,
    "legend.framealpha": 0.9,
    "lines.linewidth": 2.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": "viridis",
}


def use_course_style() -> None:
    """Apply the course's figure style (seaborn whitegrid, colour-blind palette, sizes).

    Examples
    --------
    >>> use_course_style()
    >>> mpl.rcParams["axes.spines.top"]
    False
    """
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
    mpl.rcParams.update(_RC)


def reference_line(
    ax: Axes,
    value: float,
    label: str,
    role: str = "truth",
    vertical: bool = False,
) -> None:
    """Draw a labelled horizontal (or vertical) reference line: a true value or a ceiling.

    Parameters
    ----------
    ax : Axes
        Where to draw.
    value : float
        Position of the line.
    label : str
        Legend entry, e.g. ``"true I(X;Y)"`` or ``"log K"``.
    role : {"truth", "ceiling", "bound", "exact", "estimate", "contrast", "alternative"}
        Colour and dash style: truth is dashed near-black, ceiling is dotted grey.
    vertical : bool
        Draw at x = value instead of y = value.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> reference_line(ax, np.log(2), "log 2", role="ceiling")
    >>> ax.get_lines()[0].get_linestyle()
    ':'
    >>> plt.close(fig)
    """
    if role not in COLORS:
        raise ValueError(f"role must be one of {sorted(COLORS)}; got {role!r}")
    style = {"truth": "--", "ceiling": ":"}.get(role, "-.")
    draw = ax.axvline if vertical else ax.axhline
    draw(value, color=COLORS[role], linestyle=style, linewidth=1.6, label=label, zorder=1)


def plot_joint_table(
    P: ArrayLike,
    ax: Axes | None = None,
    row_labels: Sequence[str] | None = None,
    col_labels: Sequence[str] | None = None,
    xlabel: str = "$y$",
    ylabel: str = "$x$",
    title: str | None = None,
    fmt: str = ".2f",
    cmap: str = "Blues",
    colorbar_label: str = "$p(x, y)$",
    center: float | None = None,
) -> Axes:
    """Heatmap of a 2-D table with its values written in the cells.

    Parameters
    ----------
    P : array_like, shape (n_x, n_y)
        The table (a joint pmf, a PMI matrix, a similarity matrix, ...). Rows are x.
    ax : Axes, optional
        Where to draw; a new figure by default.
    row_labels, col_labels : sequence of str, optional
        Tick labels for the rows (x) and columns (y).
    xlabel, ylabel, title : str
        Axis labels and title.
    fmt : str
        Format of the cell annotations; ``""`` hides them (for large tables).
    cmap : str
        Colour map; a diverging one with ``center=0`` suits signed tables such as PMI.
    colorbar_label : str
        Label of the colour bar.
    center : float, optional
        Value at the centre of a diverging colour map.

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = plot_joint_table([[0.4, 0.1], [0.1, 0.4]])
    >>> [t.get_text() for t in ax.texts]
    ['0.40', '0.10', '0.10', '0.40']
    >>> plt.close(ax.figure)
    """
    table = np.asarray(P, dtype=float)
    if table.ndim != 2:
        raise ValueError(f"plot_joint_table needs a 2-D table; got shape {table.shape}")
    if ax is None:
        side = min(7.0, 1.2 + 0.9 * max(table.shape))
        _, ax = plt.subplots(figsize=(side + 1.2, side))
    sns.heatmap(
        table,
        ax=ax,
        annot=bool(fmt),
        fmt=fmt,
        cmap=cmap,
        center=center,
        linewidths=0.5,
        linecolor="white",
        square=True,
        cbar_kws={"label": colorbar_label},
        xticklabels=list(col_labels) if col_labels is not None else "auto",
        yticklabels=list(row_labels) if row_labels is not None else "auto",
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="y", rotation=0)
    if title:
        ax.set_title(title)
    return ax


def plot_bound_vs_truth(
    x: ArrayLike,
    values: ArrayLike,
    truth: float | None = None,
    ceiling: ArrayLike | None = None,
    ax: Axes | None = None,
    label: str = "lower bound",
    xlabel: str = "",
    unit: str = "nats",
    spread: ArrayLike | None = None,
    logx: bool = False,
    role: str = "bound",
    truth_label: str = "true $I(X;Y)$",
    ceiling_label: str = r"$\log K$",
) -> Axes:
    """Plot a bound (or estimate) against a parameter, with the truth and a ceiling.

    Parameters
    ----------
    x : array_like
        The parameter swept (batch size K, sample size n, critic scale, ...).
    values : array_like
        The bound or estimate at each ``x``.
    truth : float, optional
        The true value, drawn as a dashed line.
    ceiling : float or array_like, optional
        A ceiling such as log K (a constant or one value per ``x``), drawn dotted.
    ax : Axes, optional
        Where to draw; a new figure by default.
    label, xlabel : str
        Legend entry of ``values`` and the x-axis label.
    unit : str
        Unit of the y axis ("nats" or "bits").
    spread : array_like, optional
        Standard deviation at each ``x``; drawn as a ±1 sd band.
    logx : bool
        Logarithmic x axis (base 2), natural for K = 4, 8, 16, ...
    role : str
        Colour role of the curve (see :data:`COLORS`).
    truth_label, ceiling_label : str
        Legend entries of the reference lines.

    Returns
    -------
    Axes

    Examples
    --------
    >>> K = np.array([4, 8, 16])
    >>> ax = plot_bound_vs_truth(K, [0.35, 0.43, 0.47], truth=0.51, ceiling=np.log(K), logx=True)
    >>> ax.get_ylabel()
    'nats'
    >>> plt.close(ax.figure)
    """
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(values, dtype=float)
    if ax is None:
        _, ax = plt.subplots()
    ax.plot(xs, ys, marker="o", color=COLORS[role], label=label, zorder=3)
    if spread is not None:
        sd = np.asarray(spread, dtype=float)
        ax.fill_between(xs, ys - sd, ys + sd, color=COLORS[role], alpha=0.2, linewidth=0, label="±1 sd")
    if ceiling is not None:
        c = np.broadcast_to(np.asarray(ceiling, dtype=float), xs.shape)
        ax.plot(xs, c, color=COLORS["ceiling"], linestyle=":", linewidth=1.6, label=ceiling_label, zorder=2)
    if truth is not None:
        reference_line(ax, truth, truth_label)
    if logx:
        ax.set_xscale("log", base=2)
        ax.set_xticks(xs, [f"{v:g}" for v in xs])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(unit)
    ax.legend(loc="best")
    return ax
