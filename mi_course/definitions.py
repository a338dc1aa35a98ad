"""Reference values of notebook 1 (intuition and definitions): the two pairs of Section 1.

The notebook itself shows how the data are drawn and estimated; these are the true values and
the measured spreads it compares with.
"""

from __future__ import annotations

import math

__all__ = [
    "DEPENDENCE_DEMO_SD",
    "LINEAR_PAIR_MI",
    "NONLINEAR_PAIR_MI",
]


#: I(X; Y) for X ~ N(0, 1), Y = 2X + 0.3N: Gaussian, so 1/2 log(Var Y / Var(0.3N)) = 1/2 log(4.09/0.09).
LINEAR_PAIR_MI = 0.5 * math.log(4.09 / 0.09)


#: I(X; Y) for X ~ N(0, 1), Y = X^2 + 0.2N, N ~ N(0, 1): h(Y) - h(0.2N) by numerical quadrature
#: of the density of Y (course oracle, 10 significant digits).
NONLINEAR_PAIR_MI = 1.439076312


#: Standard deviation of each estimate of notebook 1, Section 1, at n = 5000 (30 bins, KSG k = 3),
#: measured over 200 seeds: the error bars of its figure. The test suite re-measures them over
#: 50 seeds and fails if they have grown.
DEPENDENCE_DEMO_SD = {
    "hist_linear": 0.022,
    "hist_nonlinear": 0.040,
    "ksg_linear": 0.017,
    "ksg_nonlinear": 0.020,
}
