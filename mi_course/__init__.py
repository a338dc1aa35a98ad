"""mi_course: the teaching side of the course, apart from its numerics (which live in mi_helpers).

Organised by notebook:

* :mod:`mi_course.checks`: worded checks that print ``✓ claim`` or raise (every notebook);
* :mod:`mi_course.plotting`: the figure style and the figure helpers (every notebook);
* :mod:`mi_course.sampling`: samples and result containers shared by several experiments;
* :mod:`mi_course.definitions`: notebook 1's experiments (correlation against MI);
* :mod:`mi_course.identities`: notebook 2's random joint tables;
* :mod:`mi_course.estimation`: notebooks 3 and 4 (estimator sweeps, InfoNCE, Donsker–Varadhan);
* :mod:`mi_course.applications`: notebook 5 (features, contrastive views, CLIP, BALD);
* :mod:`mi_course.practice`: notebook 7 (KSG's k, bootstrap coverage, permutation tests, binned
  entropy, feature selection on samples).

Every experiment takes a seeded :class:`numpy.random.Generator`, so ``tests/notebooks`` can repeat
a notebook's claim over many seeds with exactly the code the notebook runs. Importing
``mi_course`` imports nothing heavy: each submodule is imported where it is used.

Examples
--------
>>> from mi_course import check
>>> check(1 < 2, "one is less than two")
✓ one is less than two
"""

from .checks import NOISE_Z, check, check_between, check_close, check_exceeds, check_within_noise

__all__ = ["NOISE_Z", "check", "check_between", "check_close", "check_exceeds", "check_within_noise"]
