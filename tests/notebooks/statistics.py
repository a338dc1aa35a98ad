"""Statistics of the multi-seed claim tests: how many standard errors a claim may deviate.

This is CI plumbing, not course content: the notebooks state each claim with a fixed allowance
(`mi_course.NOISE_Z` standard errors, inside `check_within_noise`); the tests that repeat the
claims over 50 seeds use the Bonferroni/Student-t quantiles below.
"""

from __future__ import annotations

from scipy import stats


def simultaneous_z(n_claims: int = 1, alpha: float = 1e-4, dof: int | None = None) -> float:
    """How many standard errors a randomized claim may deviate, for ``n_claims`` claims at once.

    The two-sided quantile 1 - alpha / (2 n_claims) (Bonferroni) of the normal law, or of
    Student's t with ``dof`` degrees of freedom when the standard error itself is estimated
    from few repeats. With the default alpha = 1e-4, all the claims hold together on at least
    99.99 % of seeds when the estimate is unbiased and the standard error is right, so a test
    that repeats them over 50 seeds fails by chance with probability below 0.5 %.

    Parameters
    ----------
    n_claims : int
        Number of claims checked together; alpha is split evenly among them (Bonferroni).
    alpha : float
        Probability, over seeds, that at least one of the claims fails by chance.
    dof : int, optional
        Degrees of freedom of Student's t (number of repeats - 1 when the standard error is
        estimated from them); None uses the normal law.

    Returns
    -------
    float
        The quantile 1 - alpha / (2 n_claims) of N(0, 1), or of t(dof): the allowed deviation
        in standard errors.

    Examples
    --------
    >>> round(simultaneous_z(), 3)  # one claim, normal
    3.891
    >>> round(simultaneous_z(5, dof=9), 3)  # five claims, s.e. from 10 repeats
    8.102
    """
    q = 1.0 - alpha / (2.0 * n_claims)
    return float(stats.norm.ppf(q) if dof is None else stats.t.ppf(q, dof))
