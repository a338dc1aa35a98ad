"""Checks that print a readable line when a claim holds and raise when it does not.

The notebooks state each claim through these, so a wrong number fails CI instead of
printing "FAIL" and carrying on.
"""

from __future__ import annotations

import math

__all__ = ["check", "check_between", "check_close"]


def _as_float(value: object, name: str) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a real number; got {value!r}") from exc


def check(condition: bool, claim: str) -> None:
    """Print ``✓ claim`` if ``condition`` is true, else raise ``AssertionError``.

    Examples
    --------
    >>> check(1 + 1 == 2, "arithmetic still works")
    ✓ arithmetic still works
    >>> check(False, "pigs fly")
    Traceback (most recent call last):
    ...
    AssertionError: ✗ pigs fly
    """
    if not isinstance(condition, bool) and type(condition).__name__ != "bool_":
        raise TypeError(f"check() needs a boolean condition; got {type(condition).__name__}")
    if not condition:
        raise AssertionError(f"✗ {claim}")
    print(f"✓ {claim}")


def check_close(
    claim: str,
    value: float,
    expected: float,
    tol: float = 1e-12,
    unit: str = "nats",
    digits: int = 6,
) -> None:
    """Print ``✓ claim: value`` if ``|value - expected| <= tol``, else raise.

    Parameters
    ----------
    claim : str
        What is being checked, in words.
    value, expected : float
        The computed number and its exact (or population) value.
    tol : float
        Absolute tolerance: near 1e-12 for exact identities, derived from the
        estimator's spread for randomized ones.
    unit : str
        Printed after the numbers ("nats", "bits", or "" for none).
    digits : int
        Decimals shown.

    Examples
    --------
    >>> check_close("I(X;Y) = log 2 - h(0.2)", 0.1927447570217573, 0.192744757022)
    ✓ I(X;Y) = log 2 - h(0.2): 0.192745 nats (expected 0.192745, tolerance 1e-12)
    >>> check_close("pi", 3.0, math.pi, tol=0.1, unit="")
    Traceback (most recent call last):
    ...
    AssertionError: ✗ pi: 3.000000 differs from 3.141593 by 0.142 > tolerance 0.1
    """
    v = _as_float(value, "value")
    e = _as_float(expected, "expected")
    suffix = f" {unit}" if unit else ""
    diff = abs(v - e)
    if not diff <= tol:  # NaN fails
        raise AssertionError(
            f"✗ {claim}: {v:.{digits}f}{suffix} differs from {e:.{digits}f} by {diff:.3g} > tolerance {tol:g}"
        )
    print(f"✓ {claim}: {v:.{digits}f}{suffix} (expected {e:.{digits}f}, tolerance {tol:g})")


def check_between(
    claim: str,
    value: float,
    low: float = -math.inf,
    high: float = math.inf,
    unit: str = "nats",
    digits: int = 6,
) -> None:
    """Print ``✓ claim`` if ``low <= value <= high``, else raise ``AssertionError``.

    Examples
    --------
    >>> check_between("bound below log K", 0.35, high=math.log(4))
    ✓ bound below log K: 0.350000 nats in [-inf, 1.386294]
    """
    v = _as_float(value, "value")
    lo = _as_float(low, "low")
    hi = _as_float(high, "high")
    suffix = f" {unit}" if unit else ""
    interval = f"[{lo:.{digits}f}, {hi:.{digits}f}]"
    if not lo <= v <= hi:
        raise AssertionError(f"✗ {claim}: {v:.{digits}f}{suffix} is outside {interval}")
    print(f"✓ {claim}: {v:.{digits}f}{suffix} in {interval}")
