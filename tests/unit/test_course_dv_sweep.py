"""The DV sweep of §17 (mi_course.estimation): its fast path on an even grid gives the values of
one shifted logsumexp per critic scale, and it falls back to those where the fast path could lose
precision."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mi_course import estimation
from mi_course.estimation import logsumexp
from mi_helpers import dv_lower_bound


def one_scale_at_a_time(a, joint_products, product_products):
    n = product_products.shape[1]
    mean_joint = joint_products.mean(axis=1)
    columns = [s * mean_joint - (logsumexp(s * product_products, axis=1) - math.log(n)) for s in a]
    return np.stack(columns, axis=1)


def products(seed: int, rows: int = 4, n: int = 3000, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((rows, n))
    y = 0.6 * x + 0.8 * rng.standard_normal((rows, n))
    return x * y, scale * rng.standard_normal((rows, n)) * rng.standard_normal((rows, n))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), lo=st.floats(-0.9, 0.0), width=st.floats(0.05, 0.9),
       points=st.integers(2, 25))
def test_an_even_grid_gives_the_values_of_one_logsumexp_per_scale(seed, lo, width, points):
    a = np.linspace(lo, lo + width, points)
    joint, product = products(seed)
    assert np.allclose(estimation._dv_values(a, joint, product), one_scale_at_a_time(a, joint, product),
                       rtol=0, atol=1e-12)


def test_an_uneven_grid_takes_one_logsumexp_per_scale():
    a = np.array([-0.3, 0.1, 0.2, 0.45])
    joint, product = products(1)
    assert np.array_equal(estimation._dv_values(a, joint, product), one_scale_at_a_time(a, joint, product))


@pytest.mark.parametrize("scale", [1.0, 400.0])
def test_the_sweep_agrees_with_dv_lower_bound_where_exponentials_would_overflow(scale):
    """With product values in the hundreds, exp(s q) overflows at s = 2: the sweep must not."""
    a = np.linspace(-2.0, 2.0, 9)
    joint, product = products(2, rows=2, n=500, scale=scale)
    values = estimation._dv_values(a, joint, product)
    assert np.isfinite(values).all()
    for row in range(2):
        for k, s in enumerate(a):
            assert values[row, k] == pytest.approx(dv_lower_bound(s * joint[row], s * product[row]), abs=1e-9)
