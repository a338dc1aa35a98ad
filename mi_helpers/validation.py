"""Input validation shared by every public function of :mod:`mi_helpers`.

Each check raises :class:`ValueError` with a message that names the problem and the
offending value, so a student who passes a bad table learns what is wrong with it.
Nothing here warns: numpy's floating-point warnings are never triggered on valid input.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_array",
    "as_base",
    "as_channel",
    "as_correlation",
    "as_pmf",
    "as_positive_int",
    "as_probability",
    "as_samples",
    "check_entries",
    "check_same_length",
    "check_total",
    "resolve_axes",
    "sum_tolerance",
]

_EPS = float(np.finfo(float).eps)

Axes = int | Sequence[int]


def sum_tolerance(size: int) -> float:
    """Largest ``|total - 1|`` accepted for a pmf with ``size`` entries.

    Each entry may carry a relative rounding error of one ulp and the summation adds
    at most one more per term, so the total of ``size`` rounded entries can drift by
    about ``2 * size * eps``; we allow eight times that. For a 2000 x 2000 table that
    is 1.4e-8, for a 2 x 2 table 1.4e-14.

    Examples
    --------
    >>> sum_tolerance(4)
    1.4210854715202004e-14
    """
    return 16.0 * max(int(size), 1) * _EPS


def _fmt_index(index: tuple[int, ...]) -> str:
    return str(index[0]) if len(index) == 1 else str(tuple(int(i) for i in index))


def as_array(values: ArrayLike, name: str) -> NDArray[np.float64]:
    """Convert ``values`` to a non-empty C-contiguous float64 array (scalars stay 0-d), or raise.

    Examples
    --------
    >>> as_array([1, 2], "x")
    array([1., 2.])
    >>> as_array([], "x")
    Traceback (most recent call last):
    ...
    ValueError: x is empty (shape (0,)); it needs at least one entry
    """
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers; got {values!r}") from exc
    if not arr.flags.c_contiguous:
        arr = np.ascontiguousarray(arr)
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape}); it needs at least one entry")
    return arr


def check_entries(arr: NDArray[np.float64], name: str) -> None:
    """Raise if ``arr`` holds NaN, an infinity or a negative entry (first offender named).

    Examples
    --------
    >>> check_entries(np.array([0.5, -0.1, 0.6]), "p")
    Traceback (most recent call last):
    ...
    ValueError: p has a negative entry -0.1 at index 1; probabilities and counts must be >= 0
    """
    nan = np.isnan(arr)
    if nan.any():
        index = np.unravel_index(int(np.argmax(nan)), arr.shape)
        raise ValueError(f"{name} contains NaN at index {_fmt_index(index)}")
    inf = np.isinf(arr)
    if inf.any():
        index = np.unravel_index(int(np.argmax(inf)), arr.shape)
        raise ValueError(f"{name} contains {float(arr[index])} at index {_fmt_index(index)}")
    neg = arr < 0
    if neg.any():
        index = np.unravel_index(int(np.argmax(neg)), arr.shape)
        raise ValueError(
            f"{name} has a negative entry {float(arr[index])!r} at index {_fmt_index(index)}; "
            "probabilities and counts must be >= 0"
        )


def check_total(total: float, size: int, name: str, normalize: bool) -> None:
    """Raise unless ``total`` is 1 within :func:`sum_tolerance` (or > 0 when normalizing)."""
    if normalize:
        if not total > 0:
            raise ValueError(f"{name} sums to {total!r}; normalize=True needs a positive total")
        return
    tol = sum_tolerance(size)
    if not abs(total - 1.0) <= tol:
        raise ValueError(
            f"{name} sums to {total:.15g}, not 1 (tolerance {tol:.1e}); "
            "pass normalize=True to treat it as counts"
        )


def as_pmf(p: ArrayLike, name: str = "p", normalize: bool = False) -> NDArray[np.float64]:
    """Validate a probability table of any shape and return it as floats summing to 1.

    Parameters
    ----------
    p : array_like
        Non-negative entries summing to 1, or any non-negative counts if ``normalize``.
    name : str
        How error messages refer to ``p``.
    normalize : bool
        Divide by the total instead of requiring it to be 1.

    Examples
    --------
    >>> as_pmf([3, 1], normalize=True)
    array([0.75, 0.25])
    >>> as_pmf([0.5, 0.6])
    Traceback (most recent call last):
    ...
    ValueError: p sums to 1.1, not 1 (tolerance 7.1e-15); pass normalize=True to treat it as counts
    """
    arr = as_array(p, name)
    check_entries(arr, name)
    total = float(arr.sum())
    check_total(total, arr.size, name, normalize)
    return arr / total if normalize else arr


def as_probability(p: ArrayLike, name: str = "p") -> NDArray[np.float64]:
    """Validate probabilities in the closed interval [0, 1] (any shape, scalars allowed).

    Examples
    --------
    >>> as_probability(0.25, "eps")
    array(0.25)
    >>> as_probability(1.5, "eps")
    Traceback (most recent call last):
    ...
    ValueError: eps must lie in [0, 1]; got 1.5
    """
    arr = as_array(p, name)
    bad = ~((arr >= 0) & (arr <= 1))  # NaN fails both comparisons
    if bad.any():
        raise ValueError(
            f"{name} must lie in [0, 1]; got {float(arr[np.unravel_index(int(np.argmax(bad)), arr.shape)])!r}"
        )
    return arr


def as_correlation(rho: ArrayLike, name: str = "rho") -> NDArray[np.float64]:
    """Validate correlation coefficients in the open interval (-1, 1).

    Examples
    --------
    >>> as_correlation(1.0)
    Traceback (most recent call last):
    ...
    ValueError: rho must lie in the open interval (-1, 1); got 1.0 (|rho| = 1 means infinite information)
    """
    arr = as_array(rho, name)
    bad = ~(np.abs(arr) < 1)
    if bad.any():
        value = float(arr[np.unravel_index(int(np.argmax(bad)), arr.shape)])
        raise ValueError(
            f"{name} must lie in the open interval (-1, 1); got {value!r} "
            f"(|{name}| = 1 means infinite information)"
        )
    return arr


def as_channel(W: ArrayLike, name: str = "W") -> NDArray[np.float64]:
    """Validate a channel matrix: 2-D, rows W[x, :] = p(y | x) each summing to 1.

    Examples
    --------
    >>> as_channel([[0.9, 0.1], [0.2, 0.7]])
    Traceback (most recent call last):
    ...
    ValueError: W is not row-stochastic: row 1 sums to 0.8999999999999999, not 1 (each row is p(y | x))
    """
    arr = as_array(W, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D channel matrix W[x, y] = p(y | x); got shape {arr.shape}")
    check_entries(arr, name)
    rows = arr.sum(axis=1)
    tol = sum_tolerance(arr.shape[1])
    bad = np.abs(rows - 1.0) > tol
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(
            f"{name} is not row-stochastic: row {i} sums to {float(rows[i])!r}, not 1 (each row is p(y | x))"
        )
    return arr


def as_samples(values: ArrayLike, name: str) -> NDArray[np.float64]:
    """Validate continuous samples: finite, shape (n,) or (n, d); returned as (n, d).

    Examples
    --------
    >>> as_samples([1.0, 2.0, 3.0], "x").shape
    (3, 1)
    """
    arr = as_array(values, name)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must have shape (n,) or (n, d); got shape {arr.shape}")
    finite = np.isfinite(arr)
    if not finite.all():
        index = np.unravel_index(int(np.argmax(~finite)), arr.shape)
        raise ValueError(
            f"{name} contains {float(arr[index])} at index {_fmt_index(index)}; samples must be finite"
        )
    return arr


def check_same_length(**arrays: NDArray) -> int:
    """Raise unless every array has the same first dimension; return it.

    Examples
    --------
    >>> check_same_length(x=np.zeros(3), y=np.zeros(4))
    Traceback (most recent call last):
    ...
    ValueError: sample lengths differ: x has 3, y has 4
    """
    lengths = {key: len(value) for key, value in arrays.items()}
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"{key} has {n}" for key, n in lengths.items())
        raise ValueError(f"sample lengths differ: {listed}")
    return next(iter(lengths.values()))


def as_positive_int(value: object, name: str, minimum: int = 1) -> int:
    """Validate an integer ``>= minimum`` (booleans refused).

    Examples
    --------
    >>> as_positive_int(3, "k")
    3
    >>> as_positive_int(0, "k")
    Traceback (most recent call last):
    ...
    ValueError: k must be an integer >= 1; got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def as_base(base: float | None) -> float:
    """Natural log of the logarithm base (1.0 for nats when ``base`` is None).

    Examples
    --------
    >>> as_base(None), round(as_base(2), 6)
    (1.0, 0.693147)
    >>> as_base(1)
    Traceback (most recent call last):
    ...
    ValueError: base must be a positive number other than 1 (None means nats); got 1
    """
    if base is None:
        return 1.0
    if (
        isinstance(base, bool)
        or not isinstance(base, numbers.Real)
        or not base > 0
        or base == 1
        or not math.isfinite(base)
    ):
        raise ValueError(f"base must be a positive number other than 1 (None means nats); got {base!r}")
    return math.log(base)


def _is_integer(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def resolve_axes(ndim: int, groups: dict[str, Axes]) -> dict[str, tuple[int, ...]]:
    """Normalise named axis groups to tuples of non-negative axes; reject overlaps.

    Parameters
    ----------
    ndim : int
        Number of dimensions of the joint table.
    groups : dict
        Role name (``"x"``, ``"y"``, ...) to an axis or a sequence of axes.

    Examples
    --------
    >>> resolve_axes(3, {"x": (0, -1), "y": 1})
    {'x': (0, 2), 'y': (1,)}
    >>> resolve_axes(2, {"x": 0, "y": 0})
    Traceback (most recent call last):
    ...
    ValueError: axis 0 is used twice (in x and in y)
    """
    seen: dict[int, str] = {}
    resolved: dict[str, tuple[int, ...]] = {}
    for role, spec in groups.items():
        if type(spec) is int or _is_integer(spec):
            items = (spec,)
        elif isinstance(spec, Sequence) and not isinstance(spec, str):
            items = tuple(spec)
        else:
            raise ValueError(f"{role} must be an axis or a tuple of axes; got {spec!r}")
        if not items:
            raise ValueError(f"{role} must name at least one axis; got {spec!r}")
        axes = []
        for axis in items:
            if type(axis) is not int and not _is_integer(axis):
                raise ValueError(f"{role} must be an axis or a tuple of axes; got {spec!r}")
            if not -ndim <= axis < ndim:
                raise ValueError(
                    f"axis {axis} (in {role}) is out of range for a table with {ndim} dimension(s)"
                )
            axis = int(axis) % ndim
            if axis in seen:
                where = f"in {seen[axis]} and in {role}" if seen[axis] != role else f"in {role}"
                raise ValueError(f"axis {axis} is used twice ({where})")
            seen[axis] = role
            axes.append(axis)
        resolved[role] = tuple(axes)
    return resolved
