"""Entropy, mutual information and their relatives for a discrete joint pmf.

Every function takes the *joint* table only, as an N-D array with one axis per variable,
and derives the marginals it needs inside; nobody can pass marginals that do not match the
joint. Axis arguments accept an axis or a tuple of axes, so ``mutual_information(P, x=(0, 1),
y=2)`` is I((X, Z); Y) with no reshaping; axes not mentioned are marginalised out.

All quantities are in nats unless ``base`` is given (``base=2`` for bits), scalar results are
Python floats, and zeros in a table are handled exactly (0 log 0 = 0) without warnings.
``normalize=True`` accepts counts instead of probabilities.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import (
    as_array,
    as_base,
    as_pmf,
    as_probability,
    check_entries,
    check_same_length,
    check_total,
    resolve_axes,
)

__all__ = [
    "binary_entropy",
    "conditional_entropy",
    "conditional_mutual_information",
    "entropy",
    "joint_table",
    "kl_divergence",
    "mutual_information",
    "pointwise_mutual_information",
    "total_correlation",
]

Axes = int | Sequence[int]

# Entries are processed in blocks of about this many values, so that the block, its
# logarithm and the partial sums stay in cache and the table is read from memory once.
_BLOCK = 1 << 16
_TINY = float(np.finfo(float).tiny)


def _scan(arr: NDArray) -> tuple[float, float, NDArray, NDArray]:
    """One pass over ``arr``: its minimum, sum(a log a), and its two cheapest marginals.

    Returns ``(minimum, plogp, axis0, rest)`` where ``axis0`` sums over every axis but 0 and
    ``rest`` sums over axis 0. Zeros contribute exactly 0 to ``plogp``: in a block holding a
    zero the logarithm is taken of ``a + tiny`` (see :func:`_plogp`), and 0 * log(tiny) = 0.
    Integer tables (counts) are converted to floats one cached block at a time, never copied
    whole.
    """
    view = arr.reshape(arr.shape[0], -1) if arr.ndim > 1 else arr.reshape(-1, 1)
    if arr.size <= _BLOCK:
        return _scan_small(view, arr.shape)
    n_rows, n_cols = view.shape
    rows_per_block = max(1, _BLOCK // n_cols)
    buffer = np.empty((min(rows_per_block, n_rows), n_cols))
    floats = np.empty_like(buffer) if view.dtype != np.float64 else None
    ones_cols = np.ones(n_cols)
    ones_rows = np.ones(buffer.shape[0])
    axis0 = np.empty(n_rows)
    rest = np.zeros(n_cols)
    minimum = math.inf
    plogp = 0.0
    with np.errstate(all="ignore"):  # only invalid input can trigger these; it is reported below
        for start in range(0, n_rows, rows_per_block):
            block = view[start : start + rows_per_block]
            if floats is not None:
                block = np.copyto(floats[: block.shape[0]], block) or floats[: block.shape[0]]
            logs = buffer[: block.shape[0]]
            block_min = float(block.min())
            if block_min > 0:
                np.log(block, out=logs)
            else:
                np.add(block, _TINY, out=logs)
                np.log(logs, out=logs)
            minimum = min(minimum, block_min) if not math.isnan(block_min) else math.nan
            plogp += float(np.vdot(block, logs))
            np.dot(block, ones_cols, out=axis0[start : start + block.shape[0]])
            rest += ones_rows[: block.shape[0]] @ block
    return minimum, plogp, axis0, rest.reshape(arr.shape[1:])


def _scan_small(view: NDArray, shape: tuple[int, ...]) -> tuple[float, float, NDArray, NDArray]:
    """:func:`_scan` for a table that fits in cache: the same results, less bookkeeping."""
    values = view if view.dtype == np.float64 else view.astype(np.float64)
    minimum = float(values.min())
    if not minimum >= 0:  # NaN, -inf or a negative entry: the caller reports it
        return minimum, math.nan, values.sum(axis=1), values.sum(axis=0).reshape(shape[1:])
    plogp = _plogp(values, positive=minimum > 0)
    # matrix-vector products with ones: the marginals at BLAS speed
    axis0 = values @ np.ones(values.shape[1])
    rest = np.ones(values.shape[0]) @ values
    return minimum, plogp, axis0, rest.reshape(shape[1:])


def _plogp(values: NDArray[np.float64], positive: bool = False) -> float:
    """sum(a log a) of non-negative values, zeros contributing exactly 0.

    Logarithms are taken of ``a + tiny`` (tiny = 2.2e-308, the smallest normal double): a zero
    then contributes 0 * log(tiny) = 0, and any a >= 2^-969 (about 1e-292) is left unchanged
    by the addition, so only cells below that move, by less than 1e-290 nats in total. One
    addition is cheaper than a ``maximum`` or a mask. ``positive`` says no entry is 0, which
    saves even that pass.
    """
    if positive:
        logs = np.log(values)
    else:
        logs = np.add(values, _TINY)
        np.log(logs, out=logs)
    return float(np.vdot(values, logs))


class _Table:
    """A validated joint table, kept unnormalised, with what one scan learned about it."""

    __slots__ = ("axis0", "plogp", "rest", "total", "values")

    def __init__(self, values: NDArray, total: float, plogp: float, axis0: NDArray, rest: NDArray) -> None:
        self.values = values
        self.total = total
        self.plogp = plogp
        self.axis0 = axis0
        self.rest = rest

    @classmethod
    def of(cls, P: ArrayLike, name: str, normalize: bool) -> _Table:
        values = np.asarray(P)
        if values.dtype.kind not in "fiu" or values.dtype.itemsize != 8 or values.size == 0:
            values = as_array(values, name)  # converts to float64 or raises (empty, not numeric)
        elif not values.flags.c_contiguous:  # float64 or 64-bit counts are scanned as they are
            values = np.ascontiguousarray(values)
        minimum, plogp, axis0, rest = _scan(values)
        total = float(axis0.sum())
        if not minimum >= 0 or not math.isfinite(total):
            check_entries(values, name)
            raise ValueError(f"{name} is too large: its total overflows ({total})")
        check_total(total, values.size, name, normalize)
        return cls(values, total, plogp, axis0, rest)

    def marginal(self, axes: tuple[int, ...]) -> NDArray[np.float64]:
        """Unnormalised marginal over ``axes`` (kept in increasing axis order)."""
        if axes == (0,):
            return self.axis0
        drop = tuple(a for a in range(self.values.ndim) if a not in axes)
        if 0 not in axes:
            inner = tuple(a - 1 for a in drop if a != 0)
            return self.rest.sum(axis=inner) if inner else self.rest
        return self.values.sum(axis=drop)

    def entropies(self, *groups: tuple[int, ...]) -> list[float]:
        """Entropies in nats of the variables on each group of axes: log T - sum(m log m) / T.

        The marginals that fit in cache share one logarithm pass.
        """
        plogps: list[float | None] = [None] * len(groups)
        small: list[tuple[int, NDArray]] = []
        for k, axes in enumerate(groups):
            if len(axes) == self.values.ndim:
                plogps[k] = self.plogp
                continue
            marginal = self.marginal(tuple(sorted(axes))).ravel()
            if marginal.size > _BLOCK:
                plogps[k] = _scan(np.ascontiguousarray(marginal))[1]
            else:
                small.append((k, marginal))
        if small:
            stacked = np.concatenate([m for _, m in small]) if len(small) > 1 else small[0][1]
            logs = np.add(stacked, _TINY)
            np.log(logs, out=logs)
            start = 0
            for k, m in small:
                plogps[k] = float(np.vdot(m, logs[start : start + m.size]))
                start += m.size
        log_total = math.log(self.total)
        return [max(log_total - plogp / self.total, 0.0) for plogp in plogps]  # type: ignore[operator]


def _all_axes(ndim: int) -> tuple[int, ...]:
    return tuple(range(ndim))


def entropy(p: ArrayLike, base: float | None = None, normalize: bool = False) -> float:
    """Joint entropy H(p) = -sum p log p of a pmf of any shape.

    Parameters
    ----------
    p : array_like
        Probabilities (any shape; a table is the joint pmf of its axes).
    base : float, optional
        Logarithm base; None gives nats, 2 gives bits.
    normalize : bool
        Treat ``p`` as counts and divide by their total.

    Returns
    -------
    float
        The entropy, >= 0; exactly 0 for a point mass.

    Raises
    ------
    ValueError
        Empty input, NaN or infinite entries, negative entries, or a total that is not 1.

    Examples
    --------
    >>> entropy([0.5, 0.5], base=2)
    1.0
    >>> round(entropy([[0.4, 0.1], [0.1, 0.4]]), 10)
    1.1935496041
    >>> entropy([3, 0, 1], normalize=True) == entropy([0.75, 0.0, 0.25])
    True
    """
    table = _Table.of(p, "p", normalize)
    return table.entropies(_all_axes(table.values.ndim))[0] / as_base(base)


def conditional_entropy(
    P: ArrayLike,
    x: Axes = 0,
    given: Axes = 1,
    base: float | None = None,
    normalize: bool = False,
) -> float:
    """Conditional entropy H(X | G) = H(X, G) - H(G) from a joint table.

    Parameters
    ----------
    P : array_like
        Joint pmf, one axis per variable.
    x, given : int or tuple of int
        Axes of X and of the conditioning variable(s); other axes are marginalised.
    base : float, optional
        Logarithm base; None gives nats.
    normalize : bool
        Treat ``P`` as counts.

    Returns
    -------
    float
        H(X | G) >= 0.

    Examples
    --------
    >>> P = [[0.4, 0.1], [0.1, 0.4]]
    >>> round(conditional_entropy(P, x=0, given=1), 10)  # h(0.2)
    0.5004024235
    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])  # X is a function of Y
    0.0
    """
    table = _Table.of(P, "P", normalize)
    axes = resolve_axes(table.values.ndim, {"x": x, "given": given})
    h_joint, h_given = table.entropies(axes["x"] + axes["given"], axes["given"])
    return max(h_joint - h_given, 0.0) / as_base(base)


def mutual_information(
    P: ArrayLike,
    x: Axes = 0,
    y: Axes = 1,
    base: float | None = None,
    normalize: bool = False,
) -> float:
    """Mutual information I(X; Y) = H(X) + H(Y) - H(X, Y) from a joint table.

    Parameters
    ----------
    P : array_like
        Joint pmf, one axis per variable.
    x, y : int or tuple of int
        Axes of X and of Y; a tuple groups several variables into one. Axes in neither
        are marginalised out.
    base : float, optional
        Logarithm base; None gives nats, 2 gives bits.
    normalize : bool
        Treat ``P`` as counts (a contingency table).

    Returns
    -------
    float
        I(X; Y), between 0 and min(H(X), H(Y)).

    Notes
    -----
    Equal to the KL divergence from the joint to the product of its marginals,
    D(p_XY || p_X p_Y); computed here through entropies, which needs one logarithm per
    cell of the table.

    Examples
    --------
    >>> P = [[0.4, 0.1], [0.1, 0.4]]
    >>> round(mutual_information(P), 12)  # log 2 - h(0.2)
    0.192744757022
    >>> round(mutual_information(P, base=2), 6)
    0.278072
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> mutual_information(xor, x=0, y=2), round(mutual_information(xor, x=(0, 1), y=2), 12)
    (0.0, 0.69314718056)
    """
    if type(P) is np.ndarray and P.ndim == 2 and {x, y} == {0, 1}:
        fast = _small_matrix_information(P, normalize)
        if fast is not None:
            return fast / as_base(base)
    table = _Table.of(P, "P", normalize)
    axes = resolve_axes(table.values.ndim, {"x": x, "y": y})
    h_x, h_y, h_xy = table.entropies(axes["x"], axes["y"], axes["x"] + axes["y"])
    return max(h_x + h_y - h_xy, 0.0) / as_base(base)


def _small_matrix_information(P: NDArray, normalize: bool) -> float | None:
    """I(X; Y) in nats of a small valid 2-D float table, with one logarithm pass; else None.

    The common call (a small table of probabilities) is dominated by per-call overhead, so
    this path does the same arithmetic as the general one in fewer numpy calls:
    I = log T + (sum p log p - sum r log r - sum c log c) / T over cells, rows and columns.
    Anything unusual (other dtypes, large or invalid tables) returns None and takes the
    general path, which also produces the error messages.
    """
    if P.dtype != np.float64 or not 0 < P.size <= _BLOCK or not P.flags.c_contiguous:
        return None
    if not float(P.min()) >= 0:
        return None
    rows = P @ np.ones(P.shape[1])
    cols = np.ones(P.shape[0]) @ P
    total = float(rows.sum())
    if not math.isfinite(total):
        return None
    check_total(total, P.size, "P", normalize)
    logs = np.concatenate((P.ravel(), rows, cols))
    np.add(logs, _TINY, out=logs)
    np.log(logs, out=logs)
    n, r = P.size, rows.size
    plogp = float(np.vdot(P, logs[:n])) - float(rows @ logs[n : n + r]) - float(cols @ logs[n + r :])
    return max(math.log(total) + plogp / total, 0.0)


def conditional_mutual_information(
    P: ArrayLike,
    x: Axes = 0,
    y: Axes = 1,
    z: Axes = 2,
    base: float | None = None,
    normalize: bool = False,
) -> float:
    """Conditional mutual information I(X; Y | Z) = H(X,Z) + H(Y,Z) - H(X,Y,Z) - H(Z).

    Parameters
    ----------
    P : array_like
        Joint pmf with at least three axes.
    x, y, z : int or tuple of int
        Axes of X, Y and the conditioning variable(s) Z; other axes are marginalised.
    base : float, optional
        Logarithm base; None gives nats.
    normalize : bool
        Treat ``P`` as counts.

    Returns
    -------
    float
        I(X; Y | Z) >= 0.

    Examples
    --------
    XOR: X and Y are independent, but given Z = X xor Y each determines the other.

    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> mutual_information(xor, 0, 1), conditional_mutual_information(xor, 0, 1, 2, base=2)
    (0.0, 1.0)
    """
    table = _Table.of(P, "P", normalize)
    axes = resolve_axes(table.values.ndim, {"x": x, "y": y, "z": z})
    xa, ya, za = axes["x"], axes["y"], axes["z"]
    h_xz, h_yz, h_xyz, h_z = table.entropies(xa + za, ya + za, xa + ya + za, za)
    return max(h_xz + h_yz - h_xyz - h_z, 0.0) / as_base(base)


def total_correlation(P: ArrayLike, base: float | None = None, normalize: bool = False) -> float:
    """Total correlation TC = sum_i H(X_i) - H(X_1, ..., X_n) over all axes of ``P``.

    Parameters
    ----------
    P : array_like
        Joint pmf, one axis per variable (any number of axes).
    base : float, optional
        Logarithm base; None gives nats.
    normalize : bool
        Treat ``P`` as counts.

    Returns
    -------
    float
        TC >= 0; it is I(X; Y) for two axes and 0 exactly when the axes are independent.

    Examples
    --------
    >>> xor = np.zeros((2, 2, 2))
    >>> for a in (0, 1):
    ...     for b in (0, 1):
    ...         xor[a, b, a ^ b] = 0.25
    >>> round(total_correlation(xor, base=2), 12)  # 3 bits of marginals, 2 bits jointly
    1.0
    """
    table = _Table.of(P, "P", normalize)
    ndim = table.values.ndim
    *singles, h_all = table.entropies(*((a,) for a in range(ndim)), _all_axes(ndim))
    return max(sum(singles) - h_all, 0.0) / as_base(base)


def pointwise_mutual_information(
    P: ArrayLike,
    x: Axes = 0,
    y: Axes = 1,
    base: float | None = None,
    normalize: bool = False,
) -> NDArray[np.float64]:
    """Pointwise mutual information pmi(x, y) = log p(x, y) / (p(x) p(y)) for every cell.

    Parameters
    ----------
    P : array_like
        Joint pmf, one axis per variable.
    x, y : int or tuple of int
        Axes of X and of Y; other axes are marginalised.
    base : float, optional
        Logarithm base; None gives nats.
    normalize : bool
        Treat ``P`` as counts.

    Returns
    -------
    ndarray
        Shape: the axes of X followed by the axes of Y. ``-inf`` where p(x, y) = 0.
        Its expectation under p(x, y) is I(X; Y).

    Examples
    --------
    >>> pmi = pointwise_mutual_information([[0.4, 0.1], [0.1, 0.4]], base=2)
    >>> pmi.round(6)
    array([[ 0.678072, -1.321928],
           [-1.321928,  0.678072]])
    >>> pointwise_mutual_information([[0.5, 0.0], [0.0, 0.5]])[0, 1]
    np.float64(-inf)
    """
    table = _Table.of(P, "P", normalize)
    axes = resolve_axes(table.values.ndim, {"x": x, "y": y})
    xa, ya = axes["x"], axes["y"]
    kept = sorted(xa + ya)
    joint = table.marginal(tuple(kept)) if len(kept) < table.values.ndim else table.values
    joint = np.transpose(joint, [kept.index(a) for a in xa + ya])
    n_x = len(xa)
    y_positions = tuple(range(n_x, joint.ndim))
    x_positions = tuple(range(n_x))
    p_x = joint.sum(axis=y_positions, keepdims=True)
    p_y = joint.sum(axis=x_positions, keepdims=True)
    out = np.full(joint.shape, -np.inf)
    support = joint > 0
    # p(x, y) > 0 implies p(x) > 0 and p(y) > 0, so every logarithm below is finite.
    denom = np.broadcast_to(p_x * p_y, joint.shape)
    out[support] = np.log(joint[support] * table.total / denom[support])
    return out / as_base(base)


def kl_divergence(
    p: ArrayLike,
    q: ArrayLike,
    base: float | None = None,
    normalize: bool = False,
) -> float:
    """Kullback–Leibler divergence D(p || q) = sum p log(p / q).

    Parameters
    ----------
    p, q : array_like
        Two pmfs of the same shape.
    base : float, optional
        Logarithm base; None gives nats.
    normalize : bool
        Treat both as counts.

    Returns
    -------
    float
        D(p || q) >= 0; ``inf`` when q puts zero mass where p does not.

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1], base=2), 6)
    0.736966
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    >>> kl_divergence([1.0, 0.0], [0.5, 0.5], base=2)
    1.0
    """
    from scipy.special import rel_entr

    p_arr = as_pmf(p, "p", normalize)
    q_arr = as_pmf(q, "q", normalize)
    if p_arr.shape != q_arr.shape:
        raise ValueError(f"p and q must have the same shape; got {p_arr.shape} and {q_arr.shape}")
    divergence = float(rel_entr(p_arr, q_arr).sum())
    return max(divergence, 0.0) / as_base(base)


def binary_entropy(p: ArrayLike, base: float | None = None) -> float | NDArray[np.float64]:
    """Binary entropy h(p) = -p log p - (1 - p) log(1 - p), elementwise.

    Parameters
    ----------
    p : float or array_like
        Probabilities in [0, 1].
    base : float, optional
        Logarithm base; None gives nats.

    Returns
    -------
    float or ndarray
        A float for a scalar ``p``, else an array of the same shape; exactly 0 at 0 and 1.

    Examples
    --------
    >>> binary_entropy(0.5, base=2)
    1.0
    >>> binary_entropy([0.0, 1.0])
    array([0., 0.])
    >>> round(binary_entropy(0.2), 12)
    0.500402423538
    """
    from scipy.special import xlogy

    arr = as_probability(p, "p")
    h = 0.0 - (xlogy(arr, arr) + xlogy(1.0 - arr, 1.0 - arr))
    h = h / as_base(base)
    return float(h) if h.ndim == 0 else h


def joint_table(*samples: ArrayLike, levels: Sequence[int] | None = None) -> NDArray[np.float64]:
    """Empirical joint pmf of integer-coded samples, by counting with ``np.bincount``.

    Parameters
    ----------
    *samples : array_like of int
        One 1-D array per variable, all of the same length, with values 0, 1, 2, ...
    levels : sequence of int, optional
        Number of levels of each variable; by default the largest value seen plus one.

    Returns
    -------
    ndarray
        Array of shape ``levels`` whose entry ``[a, b, ...]`` is the fraction of samples
        equal to ``(a, b, ...)``.

    Examples
    --------
    >>> joint_table([0, 0, 1, 1], [0, 1, 1, 1])
    array([[0.25, 0.25],
           [0.  , 0.5 ]])
    >>> joint_table([0, 1], levels=[3])
    array([0.5, 0.5, 0. ])
    """
    if not samples:
        raise ValueError("joint_table needs at least one array of samples")
    codes = [_as_codes(s, f"sample {i}") for i, s in enumerate(samples)]
    n = check_same_length(**{f"sample {i}": c for i, c in enumerate(codes)})
    if levels is None:
        dims = tuple(int(c.max()) + 1 for c in codes)
    else:
        levels = tuple(levels)
        if len(levels) != len(codes):
            raise ValueError(f"levels has {len(levels)} entries for {len(codes)} sample arrays")
        dims = []
        for i, (c, level) in enumerate(zip(codes, levels, strict=True)):
            if isinstance(level, bool) or not isinstance(level, int | np.integer) or level < 1:
                raise ValueError(f"levels[{i}] must be a positive integer; got {level!r}")
            top = int(c.max())
            if top >= level:
                raise ValueError(f"sample {i} has value {top}, outside its {level} levels 0..{level - 1}")
            dims.append(int(level))
        dims = tuple(dims)
    # Row-major cell index, built in place (the codes were checked against ``dims`` above).
    flat = codes[0].astype(np.intp, copy=True)
    for code, dim in zip(codes[1:], dims[1:], strict=True):
        flat *= dim
        flat += code
    counts = np.bincount(flat, minlength=math.prod(dims))
    return counts.reshape(dims) / n


def _as_codes(sample: ArrayLike, name: str) -> NDArray[np.intp]:
    """Validate one array of integer codes (non-negative integers, 1-D, non-empty)."""
    arr = np.asarray(sample)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D; got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if arr.dtype == bool:
        return arr.astype(np.intp)
    if not np.issubdtype(arr.dtype, np.integer):
        values = as_array(arr, name)
        whole = np.isfinite(values) & (values == np.round(values))
        if not whole.all():
            bad = float(values[int(np.argmax(~whole))])
            raise ValueError(f"{name} must hold integer codes 0, 1, 2, ...; got {bad!r}")
        arr = values
    low = int(arr.min())
    if low < 0:
        raise ValueError(f"{name} has a negative code {low}; codes must be 0, 1, 2, ...")
    return arr.astype(np.intp, copy=False)
