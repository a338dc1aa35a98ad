"""Inputs and results as plain JSON, the only thing that crosses the grading sandbox's wall.

Inputs go in (:func:`encode_input`, :func:`decode_input`): numbers, nested lists and numpy arrays.
Results come out (:func:`encode_result`): a tagged description of what a student's function
returned, built from the stored values only (a float subclass or an object that claims to be equal
to everything is described by its type and stored value, never by what its methods answer).
On the grader's side :func:`parse_outcome` and :func:`parse_result` take what a kernel reported
back into exactly those shapes, or raise :class:`MalformedResult` (a number too large for a
float, unknown keys, nesting too deep, names too long, arrays that do not fill their shape).

>>> encode_result(1.5)
{'kind': 'number', 'type': 'float', 'value': 1.5}
>>> decode_input(encode_input({"p": [0.5, float("inf")]}))
{'p': [0.5, inf]}
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

#: At most this many numbers in one encoded result (a result is a small table or a short vector).
MAX_ENTRIES = 100_000

_SPECIAL = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}


def _number(value: float) -> float | str:
    if value != value:
        return "nan"
    if value in (math.inf, -math.inf):
        return "inf" if value > 0 else "-inf"
    return value


def _from_number(value: float | str) -> float:
    return _SPECIAL[value] if isinstance(value, str) else float(value)


def encode_input(value: Any) -> Any:
    """JSON-ready form of an input: arrays and non-finite floats are tagged."""
    if isinstance(value, np.ndarray):
        return {"__array__": [_number(float(v)) for v in value.ravel().tolist()], "shape": list(value.shape)}
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": _number(value)}
    if isinstance(value, (list, tuple)):
        return [encode_input(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode_input(v) for k, v in value.items()}
    return value


def decode_input(value: Any) -> Any:
    """Inverse of :func:`encode_input`."""
    if isinstance(value, dict):
        if "__array__" in value:
            flat = [_from_number(v) for v in value["__array__"]]
            return np.array(flat, dtype=float).reshape(value["shape"])
        if "__float__" in value:
            return _from_number(value["__float__"])
        return {k: decode_input(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_input(v) for v in value]
    return value


def _stored_float(value: Any) -> float:
    """The float a Python float (or subclass) stores, without calling any method it overrides."""
    return float.__float__(value) if isinstance(value, float) else float(value)


def encode_result(value: Any, depth: int = 0) -> dict[str, Any]:
    """A tagged, JSON-ready description of a function's result."""
    cls = type(value)
    name = cls.__name__
    if isinstance(value, (bool, np.bool_)):
        return {"kind": "bool", "type": name, "value": bool(value)}
    if isinstance(value, float):
        return {
            "kind": "number",
            "type": "float" if cls is float else name,
            "value": _number(_stored_float(value)),
        }
    if isinstance(value, int):
        return {"kind": "number", "type": "int" if cls is int else name, "value": float(int.__int__(value))}
    if isinstance(value, np.floating | np.integer):
        return {"kind": "number", "type": name, "value": _number(float(value.item()))}
    if isinstance(value, np.ndarray):
        if value.size > MAX_ENTRIES:
            return {"kind": "other", "type": f"an array of {value.size} entries (too large)"}
        if value.dtype.kind not in "biuf":
            return {"kind": "other", "type": f"an array of dtype {value.dtype}"}
        flat = np.asarray(value, dtype=float).ravel().tolist()
        return {
            "kind": "array",
            "type": name,
            "shape": list(value.shape),
            "values": [_number(v) for v in flat],
        }
    if isinstance(value, tuple | list) and depth < 2 and len(value) <= 16:
        kind = "tuple" if isinstance(value, tuple) else "list"
        return {"kind": kind, "type": name, "items": [encode_result(v, depth + 1) for v in value]}
    return {"kind": "other", "type": name}


def result_values(encoded: dict[str, Any]) -> list[float]:
    """The numbers of an encoded array (non-finite values restored)."""
    return [_from_number(v) for v in encoded["values"]]


def result_number(encoded: dict[str, Any]) -> float:
    """The number of an encoded number."""
    return _from_number(encoded["value"])


# ---- the grader's side: what a kernel reports, parsed into a strict shape ---------------------
#: The statuses :func:`mi_exercises.grader.run_case` reports.
STATUSES = ("ok", "not_implemented", "not_callable", "raised", "warning", "forbidden")
#: Longest ``type`` name and ``detail`` text accepted in a reported outcome.
MAX_NAME, MAX_DETAIL = 200, 1000
#: Deepest nesting of tuples and lists accepted in a reported result (the kernel encodes two).
MAX_DEPTH = 3
MAX_ITEMS = 16
MAX_DIMS = 8


class MalformedResult(ValueError):
    """A reported value that does not have the shape :func:`encode_result` gives."""


def _keys(value: Any, required: set[str], optional: set[str] = frozenset(), where: str = "") -> dict:
    if not isinstance(value, dict):
        raise MalformedResult(f"{where or 'a result'} is not an object")
    keys = set(value)
    if not all(isinstance(k, str) for k in keys) or not required <= keys <= required | optional:
        extra = sorted(str(k)[:40] for k in keys - required - optional)
        missing = sorted(required - keys)
        raise MalformedResult(f"{where or 'a result'} has keys {extra or ''} {missing or ''}".strip())
    return value


def _text(value: Any, limit: int, where: str) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise MalformedResult(f"{where} is not a string of at most {limit} characters")
    return value


def _reported_number(value: Any) -> float | str:
    """A JSON number (or the tags "inf", "-inf", "nan") as a float; anything else is malformed."""
    if isinstance(value, str):
        if value in _SPECIAL:
            return value
        raise MalformedResult("a number is a string other than inf, -inf or nan")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedResult(f"a number is of type {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        raise MalformedResult("a number is too large for a float") from None
    if not math.isfinite(number):  # non-finite values travel as tags, never as raw floats
        raise MalformedResult("a number is a raw non-finite float")
    return number


def parse_result(value: Any, depth: int = 0) -> dict[str, Any]:
    """A reported result, checked against the shapes :func:`encode_result` makes, as a fresh dict.

    Raises :class:`MalformedResult` on anything else: unknown kinds or keys, a number that is not
    a float (huge integers included), an array whose values do not fill its shape, nesting deeper
    than :data:`MAX_DEPTH`, over-long names.
    """
    kind = value.get("kind") if isinstance(value, dict) else None
    where = "a result"
    if kind == "number":
        value = _keys(value, {"kind", "type", "value"}, where=where)
        return {
            "kind": kind,
            "type": _text(value["type"], MAX_NAME, "a type"),
            "value": _reported_number(value["value"]),
        }
    if kind == "bool":
        value = _keys(value, {"kind", "type", "value"}, where=where)
        if not isinstance(value["value"], bool):
            raise MalformedResult("a bool result holds no bool")
        return {"kind": kind, "type": _text(value["type"], MAX_NAME, "a type"), "value": value["value"]}
    if kind == "array":
        value = _keys(value, {"kind", "type", "shape", "values"}, where=where)
        shape, values = value["shape"], value["values"]
        if not isinstance(shape, list) or len(shape) > MAX_DIMS:
            raise MalformedResult(f"an array's shape is not a list of at most {MAX_DIMS} sizes")
        size = 1
        for dim in shape:
            if isinstance(dim, bool) or not isinstance(dim, int) or not 0 <= dim <= MAX_ENTRIES:
                raise MalformedResult("an array's shape holds something other than a size")
            size *= dim
            if size > MAX_ENTRIES:
                raise MalformedResult(f"an array has more than {MAX_ENTRIES} entries")
        if not isinstance(values, list) or len(values) != size:
            raise MalformedResult("an array's values do not fill its shape")
        return {
            "kind": kind,
            "type": _text(value["type"], MAX_NAME, "a type"),
            "shape": list(shape),
            "values": [_reported_number(v) for v in values],
        }
    if kind in ("tuple", "list"):
        value = _keys(value, {"kind", "type", "items"}, where=where)
        items = value["items"]
        if depth >= MAX_DEPTH or not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise MalformedResult(f"a {kind} is nested too deeply or holds more than {MAX_ITEMS} items")
        return {
            "kind": kind,
            "type": _text(value["type"], MAX_NAME, "a type"),
            "items": [parse_result(item, depth + 1) for item in items],
        }
    if kind == "other":
        value = _keys(value, {"kind", "type"}, where=where)
        return {"kind": kind, "type": _text(value["type"], MAX_NAME, "a type")}
    raise MalformedResult("a result of no known kind")


def parse_outcome(value: Any) -> dict[str, Any]:
    """One reported case (status, result or detail) in the shape :func:`grader.run_case` gives."""
    value = _keys(value, {"status"}, {"result", "detail"}, where="an outcome")
    status = value["status"]
    if not isinstance(status, str) or status not in STATUSES:
        raise MalformedResult("an outcome has an unknown status")
    out: dict[str, Any] = {"status": status}
    if "detail" in value:
        out["detail"] = _text(value["detail"], MAX_DETAIL, "a detail")
    if status == "ok":
        if "result" not in value:
            raise MalformedResult("an ok outcome carries no result")
        out["result"] = parse_result(value["result"])
    elif "result" in value:
        raise MalformedResult("a failed outcome carries a result")
    return out
