"""Checks that print a readable line when a claim holds and raise when it does not.

The notebooks state each claim through these, so a wrong number fails CI instead of
printing "FAIL" and carrying on. The tolerance logic lives here, not in a student's page:
:func:`check_within_noise` allows a fixed number of standard errors (:data:`NOISE_Z`), and
``tests/notebooks`` repeats every such claim over 50 seeds with the same allowance.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "NOISE_Z",
    "check",
    "check_between",
    "check_close",
    "check_exceeds",
    "check_within_noise",
]

#: Standard errors a randomized claim may deviate in :func:`check_within_noise`. For a normal
#: estimate a true claim fails with probability 2 (1 - Phi(4.5)) = 7e-6 per check.
NOISE_Z = 4.5


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
    >>> check(np.float64(0.3) < 0.5, "numpy comparisons give numpy bools, which are accepted")
    ✓ numpy comparisons give numpy bools, which are accepted
    """
    if not isinstance(condition, bool | np.bool_):
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


def check_within_noise(
    claim: str,
    value: object,
    expected: object,
    stderr: object,
    unit: str = "nats",
    digits: int = 4,
) -> None:
    """Print ``✓`` if ``value`` is within :data:`NOISE_Z` standard errors of ``expected``, else raise.

    Use it for an estimate compared with the exact value it estimates: the allowance is the
    estimate's own sampling noise, so a failure means a bias, not bad luck. Arrays are checked
    elementwise (every element must pass) and the worst element is reported.

    Parameters
    ----------
    claim : str
        What is being checked, in words.
    value, expected : float or array_like
        The estimate(s) and the exact (or population) value(s).
    stderr : float or array_like
        Standard error(s) of ``value`` (non-negative; where it is 0 the value must be exact
        to 1e-12).
    unit : str
        Printed after the numbers.
    digits : int
        Decimals shown.

    Examples
    --------
    >>> check_within_noise("sample mean of a fair die", 3.52, 3.5, stderr=0.02)
    ✓ sample mean of a fair die: 3.5200 nats, 1.0 s.e. from 3.5000
    >>> check_within_noise("three estimates", [1.0, 2.1, 2.9], [1.0, 2.0, 3.0], 0.05, unit="")
    ✓ three estimates: all 3 within noise (largest deviation 2.0 s.e.)
    >>> check_within_noise("biased", 3.9, 3.5, stderr=0.02, unit="")
    Traceback (most recent call last):
    ...
    AssertionError: ✗ biased: 3.9000 is 20.0 s.e. from 3.5000 (allowed 4.5)
    """
    v = np.asarray(value, dtype=float)
    e = np.asarray(expected, dtype=float)
    se = np.asarray(stderr, dtype=float)
    if not np.all(se >= 0):
        raise ValueError(f"stderr must be non-negative; got {stderr!r}")
    deviation = np.abs(v - e)
    # a zero standard error means an exact value (e.g. a critic that is 0): rounding only
    exact = np.where(deviation <= 1e-12, 0.0, np.inf)
    distance = np.divide(deviation, se, out=exact, where=se > 0)
    worst = float(np.nanmax(distance)) if not np.isnan(distance).all() else math.nan
    suffix = f" {unit}" if unit else ""
    if v.ndim == 0 and e.ndim == 0:
        if not worst <= NOISE_Z:  # NaN fails
            raise AssertionError(
                f"✗ {claim}: {float(v):.{digits}f}{suffix} is {worst:.1f} s.e. from "
                f"{float(e):.{digits}f} (allowed {NOISE_Z:g})"
            )
        print(f"✓ {claim}: {float(v):.{digits}f}{suffix}, {worst:.1f} s.e. from {float(e):.{digits}f}")
        return
    if np.isnan(distance).any() or not worst <= NOISE_Z:
        raise AssertionError(
            f"✗ {claim}: the worst of {distance.size} is {worst:.1f} s.e. off (allowed {NOISE_Z:g})"
        )
    print(f"✓ {claim}: all {distance.size} within noise (largest deviation {worst:.1f} s.e.)")


def check_exceeds(claim: str, value: float, reference: float, stderr: float, unit: str = "nats") -> None:
    """Print ``✓`` if ``value`` exceeds ``reference`` by more than :data:`NOISE_Z` standard errors.

    Use it for a claim that an effect is real (a bias, a gain) rather than sampling noise;
    ``stderr`` is the standard error of the difference.

    Parameters
    ----------
    claim : str
        What is being checked, in words.
    value, reference : float
        The two numbers compared (``value`` should be the larger).
    stderr : float
        Standard error of ``value - reference`` (positive).
    unit : str
        Printed after the difference.

    Examples
    --------
    >>> check_exceeds("the coin lands heads more often", 0.62, 0.5, stderr=0.016, unit="")
    ✓ the coin lands heads more often: by 0.1200 (7.5 s.e.)
    >>> check_exceeds("a gain that is noise", 0.51, 0.5, stderr=0.016, unit="")
    Traceback (most recent call last):
    ...
    AssertionError: ✗ a gain that is noise: difference 0.0100 is only 0.6 s.e. (needs > 4.5)
    """
    v = _as_float(value, "value")
    r = _as_float(reference, "reference")
    se = _as_float(stderr, "stderr")
    if not se > 0:
        raise ValueError(f"stderr must be positive; got {se!r}")
    suffix = f" {unit}" if unit else ""
    z = (v - r) / se
    if not z > NOISE_Z:
        raise AssertionError(
            f"✗ {claim}: difference {v - r:.4f}{suffix} is only {z:.1f} s.e. (needs > {NOISE_Z:g})"
        )
    print(f"✓ {claim}: by {v - r:.4f}{suffix} ({z:.1f} s.e.)")
