"""Library copies: a renamed, reformatted copy of a mi_helpers function is flagged; honest work is not."""

from __future__ import annotations

import ast
import inspect
import json

import pytest

from tests.exercises import synthetic
from tools.grading import report, similarity


class _Rename(ast.NodeTransformer):
    """Every identifier a copier can rename cheaply: names, arguments, functions and classes."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _new(self, name: str) -> str:
        return self.names.setdefault(name, f"my_{len(self.names)}_x")

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self._new(node.id)
        return node

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg, node.annotation = self._new(node.arg), None
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.FunctionDef:
        node.name, node.returns = self._new(node.name), None
        if node.body and similarity._is_docstring(node.body[0]) and len(node.body) > 1:
            node.body = node.body[1:]
        self.generic_visit(node)
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        node.name = self._new(node.name)
        self.generic_visit(node)
        return node


def renamed_copy(helper: str) -> str:
    """The helper and every library definition it uses, renamed, undocumented, reformatted, reordered."""
    import mi_helpers

    items = similarity._closure(inspect.unwrap(getattr(mi_helpers, helper)))
    module = ast.Module(body=[], type_ignores=[])
    for item in reversed(items):
        module.body += ast.parse(inspect.getsource(item)).body
    module = _Rename().visit(module)
    return "import numpy as np\n# my own work\n" + ast.unparse(ast.fix_missing_locations(module))


@pytest.mark.parametrize("helper", ["entropy", "kl_divergence", "channel_capacity", "bald_score"])
def test_a_renamed_reformatted_copy_is_flagged(helper):
    source = renamed_copy(helper)
    assert helper not in source.replace(f"mi_helpers.{helper}", "")  # the name is gone
    found = {c.helper: c.share for c in similarity.copies([source])}
    assert found.get(helper, 0) >= similarity.SHARE, found


def test_a_copy_split_over_cells_is_flagged_too():
    source = renamed_copy("entropy")
    cut = source.index("\ndef ", len(source) // 2) if "\ndef " in source[len(source) // 2 :] else len(source)
    assert "entropy" in {c.helper for c in similarity.copies([source[:cut], source[cut:]])}


def _answers(nb: dict) -> list[str]:
    return [report._source(c) for c in nb["cells"] if c["cell_type"] == "code"]


def test_honest_solutions_and_the_synthetic_correct_variants_are_not_flagged():
    path = f"{synthetic.ASSIGNMENT}/{synthetic.NOTEBOOK}.ipynb"
    release = synthetic.read_nb(synthetic.REPO / "exercises" / path)
    solutions = synthetic.read_nb(synthetic.REPO / "solutions" / path)
    assert similarity.copies(_answers(solutions)) == []
    honest = [
        s for s in synthetic.SCENARIOS if s.name == "solution" or s.name.startswith(("wrong_", "fair_"))
    ]
    assert len(honest) > 10
    highest = 0.0
    for scenario in honest:
        nb = json.loads(json.dumps(scenario.build(release, solutions)))
        assert similarity.copies(_answers(nb)) == [], scenario.name
        student = [d for source in _answers(nb) for d in similarity.definitions(source)]
        for library in similarity.library_functions().values():
            highest = max(highest, similarity.share(library, student))
    assert highest < similarity.SHARE / 3  # far from the threshold


def test_the_report_names_the_reason(tmp_path):
    path = f"{synthetic.ASSIGNMENT}/{synthetic.NOTEBOOK}.ipynb"
    release = synthetic.read_nb(synthetic.REPO / "exercises" / path)
    solutions = synthetic.read_nb(synthetic.REPO / "solutions" / path)
    nb = synthetic.solved(release, solutions)
    nb["cells"][synthetic.find(nb, "ex1_solution")]["source"] = renamed_copy("entropy")
    cells = {synthetic.grade_id(c): c for c in release["cells"] if synthetic.grade_id(c)}
    issues = report._cell_issues(nb, cells)
    assert any(i.startswith("copied from mi_helpers: ") and "mi_helpers.entropy" in i for i in issues), issues
    assert not any("copied" in i for i in report._cell_issues(synthetic.solved(release, solutions), cells))


def test_code_that_does_not_parse_is_no_copy():
    assert similarity.copies(["def broken(:\n", "%timeit x", "(" * 500 + ")" * 500]) == []
