"""Checks for the notebook's "try it" cells: a claim that fails raises, one that holds prints ✓.

They accept numpy booleans and numbers (``np.bool_``, ``np.float64``) as well as Python ones.

>>> claim_close("log 4 = 2 log 2", 2 * 0.6931471805599453, 1.3862943611198906)
✓ log 4 = 2 log 2: 1.38629436112 (expected 1.38629436112)
>>> import numpy as np
>>> claim(np.bool_(True), "numpy booleans are accepted")
✓ numpy booleans are accepted
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["claim", "claim_between", "claim_close"]


def _truth(condition: Any) -> bool:
    if isinstance(condition, bool | np.bool_):
        return bool(condition)
    raise TypeError(f"needs a boolean condition (True/False or a numpy bool); got {type(condition).__name__}")


def claim(condition: Any, message: str) -> None:
    """Raise ``AssertionError(message)`` unless ``condition`` is true."""
    if not _truth(condition):
        raise AssertionError(message)
    print(f"✓ {message}")


def claim_close(message: str, value: Any, expected: Any, tol: float = 1e-10, unit: str = "") -> None:
    """Raise unless ``|value - expected| <= tol`` (infinite values must be equal); ``unit`` is printed."""
    v, e = float(value), float(expected)
    ok = v == e if math.isinf(e) else abs(v - e) <= tol
    if not ok:
        raise AssertionError(f"{message}: got {v:.12g} {unit}, expected {e:.12g} {unit} (tolerance {tol:g})")
    shown = f"{v:.12g} {unit}".rstrip()
    print(f"✓ {message}: {shown} (expected {e:.12g})")


def claim_between(message: str, value: Any, low: float | None = None, high: float | None = None) -> None:
    """Raise unless ``low <= value <= high`` (a missing end is unbounded)."""
    v = float(value)
    if v != v or (low is not None and v < low) or (high is not None and v > high):
        raise AssertionError(f"{message}: got {v:.6g}, expected within [{low}, {high}]")
    print(f"✓ {message}: {v:.6g} in [{'-inf' if low is None else low}, {'inf' if high is None else high}]")
