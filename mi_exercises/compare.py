"""Judge one encoded result against an expected value: plain float arithmetic, no trust in the result.

The same code runs in the student's kernel (visible examples, for the ✓ lines and Validate) and in
the grader's own process (every example, hidden ones included, for the grade). A message starts with
the hint, since nbgrader's Validate dialog shows only about the first 90 characters.

>>> judge("number", {"status": "ok", "result": {"kind": "number", "type": "float", "value": 0.5}},
...       0.5, tol=1e-12, what="H", unit="nats") is None
True
>>> judge("number", {"status": "ok", "result": {"kind": "number", "type": "float", "value": 1.0}},
...       0.6931471805599453, tol=1e-12, what="H of [0.5, 0.5]", unit="nats")[:40]
'Are you in bits? The course uses nats (n'
"""

from __future__ import annotations

import math
from typing import Any

from mi_exercises.encoding import result_number, result_values

NUMBER_TYPES = ("float", "int", "float64", "float32")
_LOG2 = math.log(2.0)


def _fmt(value: float, unit: str) -> str:
    return f"{value:.12g} {unit}".rstrip()


def _status_problem(case: dict[str, Any], function: str, what: str) -> str | None:
    status = case.get("status")
    detail = case.get("detail", "")
    if status == "ok":
        return None
    if status == "not_implemented":
        return f"{function} is not implemented yet: it still raises NotImplementedError"
    if status == "not_callable":
        return f"define {function} in the exercise's solution cell and run that cell ({detail})"
    if status == "raised":
        return f"{function} raised {detail} on {what}"
    if status == "warning":
        return (
            f"Handle the case explicitly: {function} warned on {what} ({detail}). A warning goes to stderr; "
            "for 0 log 0 use a mask, np.where or scipy.special.xlogy, for large scores a logsumexp"
        )
    if status == "forbidden":
        return (
            f"Compute it yourself: {function} called {detail} on {what}; mi_helpers is for the 'try it' "
            "cells of this exercise"
        )
    return f"{function} gave no result on {what}"


def _as_number(result: dict[str, Any], what: str) -> tuple[float | None, str | None]:
    if result.get("kind") == "number" and result.get("type") in NUMBER_TYPES:
        return result_number(result), None
    kind = result.get("type", "?")
    return None, f"Return float(...): {what} should be a number (a float), got an object of type {kind}"


def _close(value: float, expected: float, tol: float) -> bool:
    if expected in (math.inf, -math.inf) or value in (math.inf, -math.inf):
        return value == expected
    diff = value - expected
    return diff <= tol and -diff <= tol


def _number_problem(
    value: float, expected: float, tol: float, what: str, unit: str, hidden: bool
) -> str | None:
    if value != value:
        return f"Look for 0/0 or 0 * log 0 in your code: {what} is nan"
    if _close(value, expected, tol):
        return None
    if hidden:
        return f"Wrong value on {what} (a hidden test: its expected value is not shown)"
    hint = ""
    if math.isfinite(expected) and math.isfinite(value) and expected != 0.0:
        if unit == "nats" and abs(value * _LOG2 - expected) <= max(tol, 1e-9 * abs(expected)):
            hint = "Are you in bits? The course uses nats (np.log, not np.log2). "
        elif abs(value + expected) <= tol:
            hint = "The sign is flipped. "
    return f"{hint}{what}: got {_fmt(value, unit)}, expected {_fmt(expected, unit)} (tolerance {tol:g})"


def _limits_problem(value: float, limits: tuple[float, float, str], tol: float, what: str) -> str | None:
    low, high, why = limits
    if value == value and (value < low - tol or value > high + tol):
        return f"It cannot be {value:.12g} on {what}: {why}"
    return None


def _array(
    result: dict[str, Any], shape: tuple[int, ...], what: str
) -> tuple[list[float] | None, str | None]:
    kind = result.get("kind")
    if kind == "array":
        if tuple(result["shape"]) != tuple(shape):
            return (
                None,
                f"Check the shape: {what} should have shape {tuple(shape)}, got {tuple(result['shape'])}",
            )
        return result_values(result), None
    if kind in ("list", "tuple") and len(shape) == 1 and len(result["items"]) == shape[0]:
        values = []
        for item in result["items"]:
            value, problem = _as_number(item, what)
            if problem:
                return None, problem
            values.append(value)
        return values, None
    return (
        None,
        f"Return a numpy array: {what} should be an array of shape {tuple(shape)}, got {result.get('type')}",
    )


def _array_problem(
    values: list[float], expected: list[float], tol: float, what: str, unit: str, hidden: bool
) -> str | None:
    for index, (value, want) in enumerate(zip(values, expected, strict=True)):
        if value != value:
            return f"Look for 0/0 or 0 * log 0 in your code: entry {index} of {what} is nan"
        if not _close(value, want, tol):
            if hidden:
                return f"Entry {index} is wrong on {what} (a hidden test: its expected value is not shown)"
            got, wanted = _fmt(value, unit), _fmt(want, unit)
            return f"{what}: entry {index} is {got}, expected {wanted} (tolerance {tol:g})"
    return None


def _tuple_items(
    result: dict[str, Any], n: int, what: str, shape_words: str
) -> tuple[list | None, str | None]:
    if result.get("kind") != "tuple" or len(result["items"]) != n:
        return (
            None,
            f"Return a tuple {shape_words}: {what} should be a tuple of {n} items, got {result.get('type')}",
        )
    return result["items"], None


def _spread_problem(values: list[float], mean: float, bounds: Any, what: str, hidden: bool) -> str | None:
    """Whether the repeats vary as independent samples do: their sample variance within ``bounds``."""
    low, high = bounds
    if len(values) < 2:
        return None  # one repeat has no spread to judge
    variance = sum((v - mean) * (v - mean) for v in values) / (len(values) - 1)
    if low <= variance <= high:
        return None
    if variance < low:
        why = (
            "Draw every repeat from the one generator made once, before the loop: the repeats on "
            f"{what} are {'identical' if variance == 0 else 'far too alike'} for independent samples"
        )
    else:
        why = f"The repeats on {what} vary far more than independent samples do"
    if hidden:
        return f"{why} (a hidden test)"
    return f"{why} (sample variance {variance:.3g}, expected within [{low:.3g}, {high:.3g}])"


def judge(
    kind: str,
    case: dict[str, Any],
    expected: Any,
    *,
    tol: float,
    what: str,
    unit: str = "nats",
    hidden: bool = False,
    function: str = "your function",
    limits: tuple[float, float, str] | None = None,
) -> str | None:
    """``None`` when the case passes, otherwise the message saying what is wrong (hint first).

    ``limits`` is ``(low, high, why)`` for a number that cannot lie outside ``[low, high]``: such a
    value is reported with ``why`` (it gives nothing away, so hidden cases say it too).
    """
    problem = _status_problem(case, function, what)
    if problem:
        return problem
    result = case["result"]
    if kind == "number":
        value, problem = _as_number(result, what)
        if problem is None and limits is not None:
            problem = _limits_problem(value, limits, tol, what)
        return problem or _number_problem(value, expected, tol, what, unit, hidden)
    if kind == "array":
        flat, shape = expected
        values, problem = _array(result, tuple(shape), what)
        return problem or _array_problem(values, flat, tol, what, unit, hidden)
    if kind == "triple":
        items, problem = _tuple_items(result, 3, what, "(a, b, c)")
        if problem:
            return problem
        for index, (item, want) in enumerate(zip(items, expected, strict=True)):
            value, problem = _as_number(item, f"term {index + 1} of {what}")
            problem = problem or _number_problem(
                value, want, tol, f"term {index + 1} of {what}", unit, hidden
            )
            if problem:
                return problem
        return None
    if kind in ("capacity", "first_certified"):
        capacity, best = expected
        items, problem = _tuple_items(result, 2, what, "(C, p)")
        if problem:
            return problem
        value, problem = _as_number(items[0], f"the capacity of {what}")
        problem = problem or _number_problem(value, capacity, tol, f"the capacity of {what}", unit, hidden)
        if problem is None and best is not None:
            p_tol = tol if kind == "first_certified" else 1e-5
            values, problem = _array(items[1], (len(best),), f"the input pmf of {what}")
            problem = problem or _array_problem(values, best, p_tol, f"the input pmf of {what}", "", hidden)
        if problem and kind == "first_certified":
            return (
                f"Stop at the first iterate whose certified gap is <= tol, as the statement says. {problem}"
            )
        return problem
    if kind == "mean_between":
        (low, high), shape = expected[0], expected[1]
        values, problem = _array(result, tuple(shape), what)
        if problem:
            return problem
        mean = sum(values) / len(values)
        if mean != mean or not low <= mean <= high:
            if hidden:
                return f"The mean bias on {what} has the wrong sign or size (a hidden test)"
            return f"{what}: the mean bias should lie in [{low:g}, {high:g}] nats, got {mean:+.4f}"
        if len(expected) > 2:
            return _spread_problem(values, mean, expected[2], what, hidden)
        return None
    raise ValueError(f"unknown kind of check: {kind!r}")
