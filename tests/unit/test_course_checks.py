"""mi_course's worded checks: they print a line when the claim holds and raise when it does not."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mi_course import NOISE_Z, check, check_between, check_close, check_within_noise


def test_check_accepts_python_and_numpy_booleans(capsys):
    check(True, "python bool")
    check(np.bool_(True), "numpy bool")
    check(np.float64(0.2) < 0.5, "numpy comparison")
    check(bool(np.all(np.arange(3) < 3)), "np.all")
    assert capsys.readouterr().out.splitlines() == [
        "✓ python bool",
        "✓ numpy bool",
        "✓ numpy comparison",
        "✓ np.all",
    ]


@pytest.mark.parametrize("false", [False, np.bool_(False), np.float64(1.0) > 2])
def test_check_raises_on_a_false_claim(false):
    with pytest.raises(AssertionError, match="✗ the claim"):
        check(false, "the claim")


@pytest.mark.parametrize("not_a_bool", [1, 0.0, "yes", None, np.array([True]), [True]])
def test_check_refuses_what_is_not_a_boolean(not_a_bool):
    with pytest.raises(TypeError, match="boolean condition"):
        check(not_a_bool, "the claim")


def test_check_close_and_between_fail_on_nan():
    with pytest.raises(AssertionError):
        check_close("nan", math.nan, 0.0, tol=1.0)
    with pytest.raises(AssertionError):
        check_between("nan", math.nan, -1.0, 1.0)


def test_check_within_noise_allows_exactly_noise_z_standard_errors(capsys):
    check_within_noise("at the edge", 1.0 + NOISE_Z * 0.01 * (1 - 1e-9), 1.0, 0.01)
    assert "✓ at the edge" in capsys.readouterr().out
    with pytest.raises(AssertionError, match=r"s\.e\. from"):
        check_within_noise("just beyond", 1.0 + NOISE_Z * 0.01 * (1 + 1e-6), 1.0, 0.01)
    with pytest.raises(AssertionError):
        check_within_noise("nan", math.nan, 1.0, 0.01)
    with pytest.raises(ValueError, match="stderr must be non-negative"):
        check_within_noise("negative noise", 1.0, 1.0, -0.1)
    check_within_noise("no noise, exact", 1.0, 1.0 + 1e-13, 0.0)
    with pytest.raises(AssertionError):
        check_within_noise("no noise, inexact", 1.0, 1.001, 0.0)
    with pytest.raises(AssertionError):
        check_within_noise("arrays", [1.0, 2.0], [1.0, 2.5], [0.01, 0.01])
