"""The checks behind the test cells (solutions/mutual_information/exercise_checks.py), in-process."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from tools.grading import synthetic

CHECKS = synthetic.REPO / "solutions" / synthetic.ASSIGNMENT / "exercise_checks.py"


@pytest.fixture()
def ck() -> dict:
    namespace: dict = {}
    exec(Path(CHECKS).read_text(encoding="utf-8"), namespace)
    return namespace


def test_close_accepts_floats_and_numpy_scalars(ck, capsys):
    assert ck["close"]("x", 0.5, 0.5, 1e-12) == 0.5
    assert ck["close"]("x", np.float64(0.25), 0.25, 1e-12) == 0.25
    assert "✓ x" in capsys.readouterr().out


def test_close_names_the_units_and_hints_at_bits(ck):
    with pytest.raises(AssertionError, match=r"expected 0\.19274.*nats.*Are you in bits"):
        ck["close"]("I", 0.192744757022 / math.log(2), 0.192744757022, 1e-12)


def test_hidden_messages_never_show_the_expected_value(ck):
    with pytest.raises(AssertionError) as info:
        ck["close"]("I of an unseen table", 0.1, 0.123456789, 1e-12, hidden=True)
    assert "0.123" not in str(info.value) and "0.1" not in str(info.value).replace("0.1 ", "")


class Liar(float):
    def __eq__(self, other):
        return True

    def __sub__(self, other):
        return 0.0

    def __float__(self):
        return 0.123456789

    __hash__ = float.__hash__


class Blob:
    def __eq__(self, other):
        return True

    def __float__(self):
        return 0.123456789


@pytest.mark.parametrize("liar", [Liar(0.0), Blob(), "0.123456789", [0.123456789], True])
def test_objects_that_claim_equality_are_refused(ck, liar):
    with pytest.raises(AssertionError):
        ck["close"]("x", liar, 0.123456789, 1e-9)


def test_rebinding_numpy_and_math_does_not_help(ck, monkeypatch):
    monkeypatch.setattr(np, "isclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(math, "isclose", lambda *a, **k: True)
    with pytest.raises(AssertionError):
        ck["close"]("x", 0.0, 1.0, 1e-9)
    with pytest.raises(AssertionError):
        ck["close_all"]("x", np.zeros(2), [1.0, 1.0], 1e-9, shape=(2,))


def test_call_reports_warnings_and_exceptions(ck):
    def warns(p):
        return float(np.sum(np.log(np.asarray(p))))

    with pytest.raises(AssertionError, match=r"issued a warning.*stderr"):
        ck["call"](warns, [0.0, 1.0], on="a table with a zero")
    with pytest.raises(AssertionError, match="not implemented yet"):
        ck["call"](lambda: (_ for _ in ()).throw(NotImplementedError()))
    with pytest.raises(AssertionError, match="raised ZeroDivisionError on the example"):
        ck["call"](lambda: 1 / 0)


def test_call_detects_forbidden_helpers_however_imported(ck):
    import mi_helpers
    import mi_helpers as renamed
    from mi_helpers import mutual_information as alias

    table = [[0.4, 0.1], [0.1, 0.4]]
    for fn in (
        lambda P: alias(P),
        lambda P: renamed.mutual_information(P),
        lambda P: mi_helpers.discrete.mutual_information(P),
    ):
        with pytest.raises(AssertionError, match=r"called mi_helpers\.mutual_information"):
            ck["call"](fn, table, exercise="ex1")
    # allowed where the exercise is something else
    assert ck["call"](lambda P: alias(P), table, exercise="ex2") > 0
