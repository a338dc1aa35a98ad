"""Validate an assignment with nbgrader's Validator: solutions pass every test, the release fails all.

``nbgrader validate`` prints its verdict and always exits 0, so scripts use
:class:`nbgrader.validator.Validator` directly: ``validate()`` returns ``{}`` on success and a dict
naming the failing (or, with ``invert=True``, the passing) cells otherwise.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path


def _validator(invert: bool):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.validator import Validator
        from traitlets.config import Config

    config = Config()
    config.Validator.invert = invert
    config.Execute.timeout = 120
    return Validator(config=config)


def _first_line(item: dict) -> str:
    return item.get("source", "").strip().split("\n")[0][:100]


def validate_assignment(course: Path, assignment: str) -> list[str]:
    """Problems found (empty when the solutions pass everything and the release fails everything)."""
    problems = []
    for path in sorted((course / "solutions" / assignment).glob("*.ipynb")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = _validator(invert=False).validate(str(path))
        for kind, items in result.items():
            problems += [f"solutions/{path.name}: {kind} cell: {_first_line(i)}" for i in items]
    for path in sorted((course / "exercises" / assignment).glob("*.ipynb")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = _validator(invert=True).validate(str(path))
        for kind, items in result.items():
            problems += [
                f"exercises/{path.name}: a test {kind} on the release: {_first_line(i)}" for i in items
            ]
    return problems


if __name__ == "__main__":
    course = Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()
    found = validate_assignment(course.resolve(), sys.argv[2] if len(sys.argv) > 2 else "mutual_information")
    print("\n".join(found) or "ok: the solutions pass every test and the release fails every test")
    sys.exit(1 if found else 0)
