"""mi_helpers: the shared numerics of the course *Mutual information for machine learning*.

Information quantities are in nats unless ``base`` is given (``base=2`` for bits), scalar
results are Python floats, and every function raises ``ValueError`` naming the problem on
bad input while never warning on valid input. The package holds the numerics only: the
notebooks' experiments, figures and checks live in the course package ``mi_course``, and no
module here imports it (or matplotlib, or seaborn).

Importing the package loads numpy only: each function imports the part of scipy it needs on
first use, so a fresh kernel (nbgrader starts one per submission) pays for what it calls.

Examples
--------
>>> import mi_helpers as mi
>>> round(mi.mutual_information([[0.4, 0.1], [0.1, 0.4]]), 6)
0.192745
"""

from .active_learning import bald_score
from .channels import ConvergenceError, bsc_mutual_information, channel_capacity, channel_mutual_information
from .discrete import (
    binary_entropy,
    conditional_entropy,
    conditional_mutual_information,
    entropy,
    joint_table,
    kl_divergence,
    mutual_information,
    pointwise_mutual_information,
    total_correlation,
)
from .estimators import histogram_mutual_information, ksg_mutual_information
from .fano import fano_bound, fano_min_error
from .gaussian import gaussian_mutual_information, gaussian_mutual_information_cov
from .resampling import BootstrapInterval, PermutationTest, bootstrap_interval, permutation_test
from .variational import dv_lower_bound, infonce_lower_bound, nwj_lower_bound

__version__ = "0.1.0"

__all__ = [
    "BootstrapInterval",
    "ConvergenceError",
    "PermutationTest",
    "bald_score",
    "binary_entropy",
    "bootstrap_interval",
    "bsc_mutual_information",
    "channel_capacity",
    "channel_mutual_information",
    "conditional_entropy",
    "conditional_mutual_information",
    "dv_lower_bound",
    "entropy",
    "fano_bound",
    "fano_min_error",
    "gaussian_mutual_information",
    "gaussian_mutual_information_cov",
    "histogram_mutual_information",
    "infonce_lower_bound",
    "joint_table",
    "kl_divergence",
    "ksg_mutual_information",
    "mutual_information",
    "nwj_lower_bound",
    "permutation_test",
    "pointwise_mutual_information",
    "total_correlation",
]
