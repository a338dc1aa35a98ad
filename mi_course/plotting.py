"""The course's figure style and the figure helpers that notebooks share.

Call :func:`use_course_style` once in a notebook's setup cell; every figure after it uses
the same seaborn theme, colour-blind-safe palette and sizes. Nothing here imports seaborn
(1.4 s of a notebook's start, pandas and scipy.stats included): the theme's settings and the
palette are written out below, and :func:`plot_joint_table` draws seaborn's heatmap with
matplotlib alone; ``tests/unit/test_course_figures.py`` holds both to seaborn itself. The
helpers draw the figures that recur (a joint table with its values, a bound against the
truth it bounds, reference lines for true values and ceilings) so no notebook repeats
styling code."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

__all__ = [
    "COLORS",
    "PALETTE",
    "course_subplots",
    "log_ticks",
    "plot_band",
    "plot_bound_vs_truth",
    "plot_estimates_with_truth",
    "plot_information_bars",
    "plot_information_plane",
    "plot_joint_table",
    "reference_line",
    "shade_region",
    "use_course_style",
]

#: seaborn's colour-blind-safe palette (``seaborn.color_palette("colorblind")``, after Wong),
#: used for every line and bar.
PALETTE = [
    (0.00392156862745098, 0.45098039215686275, 0.6980392156862745),
    (0.8705882352941177, 0.5607843137254902, 0.0196078431372549),
    (0.00784313725490196, 0.6196078431372549, 0.45098039215686275),
    (0.8352941176470589, 0.3686274509803922, 0.0),
    (0.8, 0.47058823529411764, 0.7372549019607844),
    (0.792156862745098, 0.5686274509803921, 0.3803921568627451),
    (0.984313725490196, 0.6862745098039216, 0.8941176470588236),
    (0.5803921568627451, 0.5803921568627451, 0.5803921568627451),
    (0.9254901960784314, 0.8823529411764706, 0.2),
    (0.33725490196078434, 0.7058823529411765, 0.9137254901960784),
]

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

#: What ``seaborn.set_theme(context="notebook", style="whitegrid", palette=PALETTE)`` changes in
#: matplotlib's defaults (seaborn as pinned in requirements.lock), but for its colour map
#: ("rocket", registered by seaborn), which the course's own settings replace with viridis.
SEABORN_THEME = {
    "axes.axisbelow": True,
    "axes.edgecolor": ".8",
    "axes.grid": True,
    "axes.labelcolor": ".15",
    "axes.labelsize": 12.0,
    "axes.linewidth": 1.25,
    "axes.prop_cycle": cycler("color", PALETTE),
    "axes.titlesize": 12.0,
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    "font.size": 12.0,
    "grid.color": ".8",
    "grid.linewidth": 1.0,
    "legend.fontsize": 11.0,
    "legend.title_fontsize": 12.0,
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "text.color": ".15",
    "xtick.bottom": False,
    "xtick.color": ".15",
    "xtick.labelsize": 11.0,
    "xtick.major.size": 6.0,
    "xtick.major.width": 1.25,
    "xtick.minor.size": 4.0,
    "xtick.minor.width": 1.0,
    "ytick.color": ".15",
    "ytick.labelsize": 11.0,
    "ytick.left": False,
    "ytick.major.size": 6.0,
    "ytick.major.width": 1.25,
    "ytick.minor.size": 4.0,
    "ytick.minor.width": 1.0,
}

_RC = {
    "figure.figsize": (7.0, 4.0),
    "figure.dpi": 100,
    "figure.max_open_warning": 0,
    "savefig.dpi": 100,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 12,
    # A title sits at the top of its axes (the course draws no tick labels above an axes). The
    # default (None) re-measures every tick label of the row to place it, at each draw: about
    # a quarter of a figure's render time, for the same pixels.
    "axes.titley": 1.0,
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
    mpl.rcParams.update(SEABORN_THEME)
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
    _heatmap(
        ax,
        table,
        fmt=fmt,
        cmap=cmap,
        center=center,
        colorbar_label=colorbar_label,
        col_labels=col_labels,
        row_labels=row_labels,
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.tick_params(axis="y", rotation=0)
    if title:
        ax.set_title(title)
    return ax


def _recentred(cmap: mpl.colors.Colormap, low: float, high: float, center: float) -> mpl.colors.Colormap:
    """The part of a diverging colour map that ``[low, high]`` spans when ``center`` sits mid-map."""
    half = max(high - center, center - low)
    lo, hi = mpl.colors.Normalize(center - half, center + half)([low, high])
    extremes = {"bad": cmap(np.ma.masked_invalid([np.nan]))[0]}
    if not np.array_equal(cmap(-np.inf), cmap(0)):
        extremes["under"] = cmap(-np.inf)
    if not np.array_equal(cmap(np.inf), cmap(cmap.N - 1)):
        extremes["over"] = cmap(np.inf)
    return mpl.colors.ListedColormap(cmap(np.linspace(lo, hi, 256))).with_extremes(**extremes)


def _relative_luminance(rgba: np.ndarray) -> np.ndarray:
    """W3C relative luminance of each RGBA row."""
    rgb = rgba[:, :3]
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def _heatmap(
    ax: Axes,
    table: np.ndarray,
    fmt: str,
    cmap: str,
    center: float | None,
    colorbar_label: str,
    col_labels: Sequence[str] | None,
    row_labels: Sequence[str] | None,
) -> None:
    """Draw ``table`` as :func:`seaborn.heatmap` draws it with ``square=True`` and white cell
    edges, in matplotlib alone: importing seaborn (pandas and scipy.stats with it) and its
    extra draw of the whole figure cost a notebook about 2 s.
    ``tests/unit/test_course_figures.py`` checks that the pixels are seaborn's."""
    data = np.ma.masked_invalid(table)
    low, high = float(np.nanmin(table)), float(np.nanmax(table))
    colours = mpl.colormaps[cmap]
    if center is not None:
        colours = _recentred(colours, low, high, center)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_aspect("equal")
    mesh = ax.pcolormesh(
        data, cmap=colours, vmin=low, vmax=high, linewidths=0.5, edgecolor="white"
    )
    ax.set(xlim=(0, table.shape[1]), ylim=(0, table.shape[0]))
    ax.invert_yaxis()
    colorbar = ax.get_figure().colorbar(mesh, None, ax, label=colorbar_label)
    colorbar.outline.set_linewidth(0)
    n_rows, n_cols = table.shape
    ax.set(xticks=np.arange(n_cols) + 0.5, yticks=np.arange(n_rows) + 0.5)
    ax.set_xticklabels(list(col_labels) if col_labels is not None else range(n_cols))
    y_labels = ax.set_yticklabels(
        list(row_labels) if row_labels is not None else range(n_rows), rotation="vertical"
    )
    for label in y_labels:
        label.set_verticalalignment("center")
    if not fmt:
        return
    mesh.update_scalarmappable()
    dark = (_relative_luminance(mesh.get_facecolors()) <= 0.408).reshape(table.shape)
    missing = np.ma.getmaskarray(data)
    for (row, col), value in np.ndenumerate(table):
        if not missing[row, col]:
            colour = "w" if dark[row, col] else ".15"
            ax.text(col + 0.5, row + 0.5, format(value, fmt), color=colour, ha="center", va="center")


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
        log_ticks(ax, xs, base=2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(unit)
    ax.legend(loc="best")
    return ax


# ---------------------------------------------------------------------------------------------
# Figure helpers of the theory notebooks (notebooks/01-05).

#: Colours of the three parts of an information diagram: H(X|Y), I(X;Y), H(Y|X).
_DIAGRAM_COLORS = (PALETTE[0], PALETTE[2], PALETTE[1])


def course_subplots(
    ncols: int = 1, nrows: int = 1, height: float = 3.6, width: float | None = None, **kwargs: object
) -> tuple:
    """A figure of ``nrows`` x ``ncols`` panels sized to read well at notebook width.

    Parameters
    ----------
    ncols, nrows : int
        Panels per row and rows.
    height : float
        Height of one row, in inches.
    width : float, optional
        Total width in inches; by default 4.6 per panel, at most 11.
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots` (``sharey=True``, ...).

    Returns
    -------
    fig, axes
        As :func:`matplotlib.pyplot.subplots` returns them.

    Examples
    --------
    >>> fig, axes = course_subplots(2)
    >>> [float(round(v, 1)) for v in fig.get_size_inches()]
    [9.2, 3.6]
    >>> plt.close(fig)
    """
    total_width = width if width is not None else min(4.6 * ncols, 11.0)
    return plt.subplots(nrows, ncols, figsize=(total_width, height * nrows), layout="constrained", **kwargs)


def log_ticks(ax: Axes, values: ArrayLike, base: float = 10, axis: str = "x") -> None:
    """Logarithmic axis with ticks exactly at ``values`` and no cluttering minor labels.

    Parameters
    ----------
    ax : Axes
        The axes to change.
    values : array_like
        The swept values (sample sizes, bin counts, batch sizes) to label.
    base : float
        Base of the logarithmic scale (2 suits K = 4, 8, 16, ...).
    axis : {"x", "y"}
        Which axis.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> ax.plot([250, 1000, 4000], [0.3, 0.25, 0.22])  # doctest: +ELLIPSIS
    [<matplotlib.lines.Line2D object at ...>]
    >>> log_ticks(ax, [250, 1000, 4000])
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['250', '1000', '4000']
    >>> plt.close(fig)
    """
    ticks = np.asarray(values, dtype=float)
    target = ax.xaxis if axis == "x" else ax.yaxis
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log", base=base)
    target.set_major_locator(mpl.ticker.FixedLocator(ticks))
    target.set_major_formatter(mpl.ticker.FixedFormatter([f"{v:g}" for v in ticks]))
    target.set_minor_locator(mpl.ticker.NullLocator())


def plot_band(
    ax: Axes,
    x: ArrayLike,
    values: ArrayLike,
    label: str,
    spread: ArrayLike | None = None,
    role: str = "estimate",
    marker: str | None = "o",
    linestyle: str = "-",
    color: object | None = None,
) -> None:
    """A curve with an optional shaded ±``spread`` band (an estimate and its standard error).

    Parameters
    ----------
    ax : Axes
        Where to draw.
    x, values : array_like
        The curve.
    label : str
        Legend entry of the curve (the band is labelled ``"±1 s.e."`` only if the label
        already mentions it; otherwise it is unlabelled).
    spread : array_like, optional
        Half-width of the band at each ``x``.
    role : str
        Colour role from :data:`COLORS`, unless ``color`` is given.
    marker, linestyle : str
        Matplotlib marker and line style.
    color : colour, optional
        Overrides the role's colour (e.g. one colour per sample size).

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> plot_band(ax, [1, 2, 3], [0.2, 0.3, 0.35], "estimate ± 1 s.e.", spread=[0.05, 0.03, 0.02])
    >>> len(ax.collections), ax.get_lines()[0].get_label()
    (1, 'estimate ± 1 s.e.')
    >>> plt.close(fig)
    """
    colour = COLORS[role] if color is None else color
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(values, dtype=float)
    ax.plot(xs, ys, marker=marker, linestyle=linestyle, color=colour, label=label, zorder=3, markersize=4.5)
    if spread is not None:
        sd = np.broadcast_to(np.asarray(spread, dtype=float), ys.shape)
        ax.fill_between(xs, ys - sd, ys + sd, color=colour, alpha=0.2, linewidth=0, zorder=2)


def shade_region(ax: Axes, start: float, stop: float, label: str, vertical: bool = True) -> None:
    """Grey hatched span marking a region to distrust (e.g. where an estimator's variance is infinite).

    Parameters
    ----------
    ax : Axes
        Where to draw.
    start, stop : float
        Ends of the span, in data coordinates.
    label : str
        Legend entry explaining why the region is suspect.
    vertical : bool
        Span over x (a vertical band) when True, over y otherwise.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> shade_region(ax, 0.5, 1.0, "infinite variance")
    >>> [p.get_label() for p in ax.patches]
    ['infinite variance']
    >>> plt.close(fig)
    """
    span = ax.axvspan if vertical else ax.axhspan
    span(
        start,
        stop,
        facecolor="0.85",
        edgecolor="0.6",
        hatch="//",
        alpha=0.5,
        linewidth=0,
        label=label,
        zorder=0,
    )


def plot_information_bars(
    ax: Axes,
    h_x: float,
    h_y: float,
    mi: float,
    unit: str = "nats",
    names: tuple[str, str] = ("X", "Y"),
    title: str | None = None,
) -> Axes:
    """Information diagram as stacked bars: H(X) = H(X|Y) + I, H(Y) = I + H(Y|X), and H(X,Y).

    Parameters
    ----------
    ax : Axes
        Where to draw.
    h_x, h_y, mi : float
        H(X), H(Y) and I(X;Y) in ``unit``.
    unit : str
        Unit of the axis ("nats" or "bits").
    names : (str, str)
        Names of the two variables in the labels.
    title : str, optional
        Title of the panel.

    Returns
    -------
    Axes

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_information_bars(ax, 0.693, 0.693, 0.193)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['$H(X)$', '$H(Y)$', '$H(X,Y)$']
    >>> plt.close(fig)
    """
    a, b = names
    h_a_given_b = h_x - mi
    h_b_given_a = h_y - mi
    rows = {
        f"$H({a})$": [(0.0, h_a_given_b, 0), (h_a_given_b, mi, 1)],
        f"$H({b})$": [(h_a_given_b, mi, 1), (h_a_given_b + mi, h_b_given_a, 2)],
        f"$H({a},{b})$": [(0.0, h_a_given_b, 0), (h_a_given_b, mi, 1), (h_a_given_b + mi, h_b_given_a, 2)],
    }
    parts = (f"$H({a}\\mid {b})$", f"$I({a};{b})$", f"$H({b}\\mid {a})$")
    labelled: set[int] = set()
    positions = list(range(len(rows)))[::-1]
    for pos, segments in zip(positions, rows.values(), strict=True):
        for start, width, part in segments:
            ax.barh(
                pos,
                width,
                left=start,
                height=0.6,
                color=_DIAGRAM_COLORS[part],
                edgecolor="white",
                label=None if part in labelled else parts[part],
            )
            labelled.add(part)
            if width > 0.06 * (h_x + h_y - mi):
                ax.text(
                    start + width / 2,
                    pos,
                    f"{width:.3f}",
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=9,
                    fontweight="bold",
                )
    ax.set_yticks(positions, list(rows))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel(unit)
    ax.legend(loc="lower right", ncols=3, fontsize=8.5, bbox_to_anchor=(1.0, 1.0), frameon=False)
    if title:
        ax.set_title(title, pad=24)
    ax.grid(axis="y", visible=False)
    return ax


def plot_estimates_with_truth(
    ax: Axes,
    labels: Sequence[str],
    estimates: ArrayLike,
    truths: ArrayLike,
    errors: ArrayLike | None = None,
    unit: str = "nats",
    estimate_label: str = "estimate",
    truth_label: str = "true value",
    role: str = "estimate",
) -> Axes:
    """Bars of estimates (with optional error bars) and the true value of each as a black tick.

    Parameters
    ----------
    ax : Axes
        Where to draw.
    labels : sequence of str
        One label per bar.
    estimates, truths : array_like
        Estimate and true value of each bar.
    errors : array_like, optional
        Error-bar half-widths (e.g. 2 standard errors).
    unit : str
        Label of the value axis.
    estimate_label, truth_label : str
        Legend entries.
    role : str
        Colour role of the bars.

    Returns
    -------
    Axes

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_estimates_with_truth(ax, ["a", "b"], [0.30, 0.10], [0.37, 0.0])
    >>> sorted(ax.get_legend_handles_labels()[1])
    ['estimate', 'true value']
    >>> plt.close(fig)
    """
    est = np.asarray(estimates, dtype=float)
    tru = np.asarray(truths, dtype=float)
    pos = np.arange(est.size)
    ax.bar(pos, est, width=0.6, color=COLORS[role], alpha=0.85, label=estimate_label, zorder=2)
    if errors is not None:
        ax.errorbar(
            pos, est, yerr=np.asarray(errors, dtype=float), fmt="none", ecolor="0.3", capsize=4, zorder=3
        )
    ax.hlines(
        tru,
        pos - 0.38,
        pos + 0.38,
        colors=COLORS["truth"],
        linestyles="--",
        linewidth=2.0,
        label=truth_label,
        zorder=4,
    )
    ax.set_xticks(pos, list(labels))
    ax.set_ylabel(unit)
    ax.legend(loc="best")
    return ax


def plot_information_plane(
    ax: Axes,
    i_xt: ArrayLike,
    i_ty: ArrayLike,
    labels: Sequence[str] | None = None,
    h_x: float | None = None,
    i_xy: float | None = None,
    unit: str = "nats",
    label: str = "representations $T$",
    role: str = "estimate",
) -> Axes:
    """The information plane: compression I(X;T) against relevance I(T;Y), with its ceilings.

    Parameters
    ----------
    ax : Axes
        Where to draw.
    i_xt, i_ty : array_like
        Coordinates of each representation T.
    labels : sequence of str, optional
        Names written next to the points.
    h_x : float, optional
        H(X), the largest possible I(X;T) (vertical dotted line).
    i_xy : float, optional
        I(X;Y), the largest possible I(T;Y) by data processing (horizontal dashed line).
    unit : str
        Unit of both axes.
    label : str
        Legend entry of the points.
    role : str
        Colour role of the points.

    Returns
    -------
    Axes

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = plot_information_plane(ax, [1.386, 0.693], [0.693, 0.693], ["identity", "useful bit"],
    ...                            h_x=1.386, i_xy=0.693)
    >>> ax.get_xlabel()
    'compression $I(X;T)$ (nats)'
    >>> plt.close(fig)
    """
    xs = np.asarray(i_xt, dtype=float)
    ys = np.asarray(i_ty, dtype=float)
    ax.scatter(xs, ys, s=55, color=COLORS[role], edgecolor="white", linewidth=0.8, label=label, zorder=4)
    if labels is not None:
        for xv, yv, text in zip(xs, ys, labels, strict=True):
            ax.annotate(text, (xv, yv), textcoords="offset points", xytext=(6, 5), fontsize=9)
    if i_xy is not None:
        reference_line(ax, i_xy, r"$I(X;Y)$: relevance ceiling (DPI)", role="truth")
    if h_x is not None:
        reference_line(ax, h_x, r"$H(X)$: compression ceiling", role="ceiling", vertical=True)
    ax.set_xlabel(f"compression $I(X;T)$ ({unit})")
    ax.set_ylabel(f"relevance $I(T;Y)$ ({unit})")
    return ax
