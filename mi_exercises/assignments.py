"""The course's assignments and their checks, by assignment id (the folder under solutions/).

Each assignment keeps its checks in a module of its own (:mod:`mi_exercises.spec` for
``mutual_information``, :mod:`mi_exercises.spec_practice` for ``estimation_in_practice``); check ids
are unique across the course, so a test cell's id names its assignment too.
"""

from __future__ import annotations

from mi_exercises import spec, spec_practice
from mi_exercises.spec import Check

#: assignment id -> its checks (test cell id -> check)
ASSIGNMENT_CHECKS: dict[str, dict[str, Check]] = {
    "mutual_information": spec.CHECKS,
    "estimation_in_practice": spec_practice.CHECKS,
}

#: every check of the course
CHECKS: dict[str, Check] = {}
#: exercise id -> the mi_helpers functions it asks students to write themselves
FORBIDDEN: dict[str, tuple[str, ...]] = {**spec.FORBIDDEN, **spec_practice.FORBIDDEN}
for _checks in ASSIGNMENT_CHECKS.values():
    _clash = set(CHECKS) & set(_checks)
    if _clash:  # pragma: no cover - a course authoring error, caught at import
        raise ValueError(f"check ids used by two assignments: {sorted(_clash)}")
    CHECKS.update(_checks)


def checks_of(assignment: str) -> dict[str, Check]:
    """The checks of ``assignment`` (empty for an id the course does not know)."""
    return ASSIGNMENT_CHECKS.get(assignment, {})


__all__ = ["ASSIGNMENT_CHECKS", "CHECKS", "FORBIDDEN", "checks_of"]
