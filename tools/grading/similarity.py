"""Code copied from the course library: student code compared with the mi_helpers functions.

Where an exercise asks students to write a function that ``mi_helpers`` already holds, calling the
library earns nothing (the check sees it); *pasting its source* in would. This compares, outside
any kernel, the syntax trees of the definitions (functions and classes) in a student's code cells
with those of each library function the exercises forbid, together with the library definitions
it uses (its private helpers, classes and their helpers, transitively). Both sides are normalised
so that what a copier changes cheaply does not count: every identifier (the function's name, its
arguments, local and global names) becomes one placeholder, docstrings, annotations and comments
go, and the layout is gone with the source text. What is left is the sequence of node types,
operators, attribute names and constants. A library function counts as copied when the student's
code holds at least :data:`SHARE` of the runs of :data:`GRAM` consecutive tokens of that library
code (runs, so reordering the definitions or the statements between them does not hide it) and
the library code is long enough for such a match to mean something (:data:`MIN_TOKENS`).

>>> definitions("def mine(a): return sum(a)") == definitions("def yours(b):  return sum(b)  # renamed")
True
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from functools import cache

#: Length of the runs of normalised tokens compared.
GRAM = 6
#: Share of a library function's runs that a submission must hold to count as a copy. The honest
#: reference solutions hold at most 11 % of any (tests/exercises/test_similarity.py); a renamed,
#: reformatted copy holds all of them.
SHARE = 0.6
#: Library code shorter than this many tokens is not compared (short code coincides honestly).
MIN_TOKENS = 60


@dataclass(frozen=True)
class Copy:
    """A library function that a submission holds most of."""

    helper: str
    share: float


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


class _Tokens(ast.NodeVisitor):
    """Node types, operators, attributes and constants in order; every identifier one placeholder."""

    def __init__(self) -> None:
        self.tokens: list[str] = []

    def _name(self, _identifier: str) -> str:
        return "ID"

    def generic_visit(self, node: ast.AST) -> None:
        self.tokens.append(type(node).__name__)
        super().generic_visit(node)

    def _body(self, body: list[ast.stmt]) -> None:
        for statement in body[1:] if body and _is_docstring(body[0]) else body:
            self.visit(statement)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.tokens += ["def", self._name(node.name)]
        self.visit(node.args)
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._body(node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.tokens += ["class", self._name(node.name)]
        self._body(node.body)

    def visit_arg(self, node: ast.arg) -> None:  # annotations dropped
        self.tokens += ["arg", self._name(node.arg)]

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.tokens.append("Assign")
            self.visit(node.target)
            self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> None:
        self.tokens.append(self._name(node.id))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.visit(node.value)
        self.tokens.append(f".{node.attr}")

    def visit_Constant(self, node: ast.Constant) -> None:
        self.tokens.append(f"={node.value!r}"[:40])

    def visit_Expr(self, node: ast.Expr) -> None:
        if not _is_docstring(node):
            self.generic_visit(node)

    def visit_keyword(self, node: ast.keyword) -> None:
        self.tokens.append(f"kw:{node.arg}")
        self.visit(node.value)


def _tokens(node: ast.AST) -> tuple[str, ...]:
    visitor = _Tokens()
    visitor.visit(node)
    return tuple(visitor.tokens)


DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def definitions(source: str) -> list[tuple[str, ...]]:
    """The normalised tokens of each top-level function or class in ``source`` ([] if it does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    try:
        return [_tokens(node) for node in tree.body if isinstance(node, DEFINITIONS)]
    except RecursionError:
        return []


def _closure(obj: object) -> list[object]:
    """``obj`` and the mi_helpers functions and classes it names, transitively, in a fixed order."""
    seen: list[object] = []
    todo = [obj]
    while todo:
        item = todo.pop(0)
        if item in seen:
            continue
        seen.append(item)
        module = inspect.getmodule(item)
        tree = ast.parse(inspect.getsource(item))
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and module is not None:
                target = getattr(module, node.id, None)
                if (
                    (inspect.isfunction(target) or inspect.isclass(target))
                    and str(getattr(target, "__module__", "")).startswith("mi_helpers")
                    and target not in seen
                ):
                    todo.append(target)
    return seen


@cache
def library_functions() -> dict[str, list[tuple[str, ...]]]:
    """Each forbidden mi_helpers function: the tokens of its definition and of those it uses."""
    import mi_helpers
    from mi_exercises.assignments import FORBIDDEN  # every assignment's

    out = {}
    for name in sorted({helper for helpers in FORBIDDEN.values() for helper in helpers}):
        obj = getattr(mi_helpers, name, None)
        if obj is not None:
            out[name] = [definitions(inspect.getsource(item))[0] for item in _closure(inspect.unwrap(obj))]
    return out


def _grams(defs: list[tuple[str, ...]]) -> set[tuple[str, ...]]:
    return {d[i : i + GRAM] for d in defs for i in range(len(d) - GRAM + 1)}


def share(library: list[tuple[str, ...]], student: list[tuple[str, ...]]) -> float:
    """The share of the library code's runs of :data:`GRAM` tokens that the student's code holds."""
    wanted = _grams(library)
    return len(wanted & _grams(student)) / len(wanted) if wanted else 0.0


def copies(sources: list[str]) -> list[Copy]:
    """The library functions that the code cells ``sources`` hold most of (see the module docstring)."""
    student = [d for source in sources for d in definitions(source)]
    found = []
    for helper, library in library_functions().items():
        if sum(len(d) for d in library) < MIN_TOKENS:
            continue
        fraction = share(library, student)
        if fraction >= SHARE:
            found.append(Copy(helper, fraction))
    return found


__all__ = ["GRAM", "MIN_TOKENS", "SHARE", "Copy", "copies", "definitions", "library_functions", "share"]
