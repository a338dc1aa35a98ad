"""Inputs and results as plain JSON, the only thing that crosses the grading sandbox's wall.

Inputs go in (:func:`encode_input`, :func:`decode_input`): numbers, nested lists and numpy arrays.
Results come out (:func:`encode_result`): a tagged description of what a student's function
returned, built from the stored values only (a float subclass or an object that claims to be equal
to everything is described by its type and stored value, never by what its methods answer).

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
