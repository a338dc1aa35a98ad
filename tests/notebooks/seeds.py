"""What the randomized-claim tests share: the seeds, the notebooks' generators, their code.

The claims are split by notebook so that ``make test`` can run the two halves side by side:
``test_randomized_estimation.py`` holds Notebook 4's (the estimators, Sections 14-17),
``test_randomized_claims.py`` every other notebook's.
"""

from __future__ import annotations

import ast
import math

import numpy as np

import mi_course

from .conftest import build

SEEDS = range(50)


def rng(seed: int, tag: int) -> np.random.Generator:
    """The generator the notebook cell `tag` would make if SEED were `seed`."""
    return np.random.default_rng([seed, tag])


NOISE_Z = mi_course.NOISE_Z


def notebook_function(stem: str, name: str, **names):
    """The function ``name`` exactly as a code cell of notebooks/<stem>.py defines it, with
    ``names`` as its globals: the test runs the notebook's own from-scratch code, not a copy."""
    source = (build.SRC_DIR / f"{stem}.py").read_text()
    cell = next(c for kind, c in build.parse_cells(source) if kind == "code" and f"def {name}(" in c)
    definition = next(
        node for node in ast.parse(cell).body if isinstance(node, ast.FunctionDef) and node.name == name
    )
    namespace = {"np": np, "math": math, **names}
    exec(compile(ast.Module([definition], type_ignores=[]), f"{stem}:{name}", "exec"), namespace)
    return namespace[name]
