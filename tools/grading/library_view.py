"""The grading copy of ``mi_helpers``: the library without the functions the exercises ask for.

While the course grades, a kernel imports this copy instead of the real package (the sandbox binds
it over the package's folder, see :mod:`tools.grading.sandbox`). It is generated from the real
source, outside any kernel, into a folder the grader owns, and it differs from the source in three
ways:

- every function of :data:`mi_exercises.grader.WITHHELD` (what some exercise asks students to write:
  ``entropy``, ``mutual_information``, ``kl_divergence``, ``channel_capacity``, ``bald_score``...)
  is left out, with its source: neither the code nor its text is on disk in the sandbox;
- so is every *private* helper that only they use (``_plogp``, ``_Table``, ``_divergences``,
  ``_log_mean_exp``...: each one computes part of an answer), and every public function that would
  reach a withheld one (none today: :func:`build_view` withholds such a function too and says so);
- each module answers a withheld name with :class:`WithheldHelper` (an ``ImportError`` whose
  message says which exercise asks for it), wherever it is reached: ``mi.entropy``,
  ``from mi_helpers import entropy``, ``mi_helpers.discrete.entropy``.

Nothing in a kernel can bring a withheld function back: there is no code to call, rename, or re-read.
What stays (``binary_entropy``, ``joint_table``, ``fano_bound``, ``fano_min_error``, the Gaussian
closed forms, ``ConvergenceError`` and the input checks of ``mi_helpers.validation``) is listed in
docs/instructors.md with why none of it hands out an answer.
"""

from __future__ import annotations

import ast
import compileall
import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mi_exercises.grader import WITHHELD
from mi_exercises.spec import FORBIDDEN

PACKAGE = "mi_helpers"
HOOK_MODULE = "_withheld"
COMPLETE = ".complete"  # written last: a view folder without it is an interrupted build


class ViewError(RuntimeError):
    """The grading copy of the library cannot be built as required."""


@dataclass
class _Module:
    """One module of the package, parsed, with what the view keeps of it."""

    name: str  # dotted, e.g. "mi_helpers.discrete"
    path: Path  # relative to the package folder
    tree: ast.Module
    defs: dict[str, ast.stmt] = field(default_factory=dict)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> (module, name)
    kept: set[str] = field(default_factory=set)


def package_folder(package: str = PACKAGE) -> Path:
    """The real package's folder (found without importing it)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ViewError(f"{package} is not installed as a package")
    locations = list(spec.submodule_search_locations)
    if len(locations) != 1:
        raise ViewError(f"{package} spans several folders ({locations}): cannot build its grading copy")
    return Path(locations[0]).resolve()


def _reasons(withheld: frozenset[str]) -> dict[str, str]:
    """name -> why it is withheld, in words ("Exercises 1 and 3 ask you to compute this yourself")."""
    out = {}
    for name in sorted(withheld):
        numbers = sorted(int(ex[2:]) for ex, names in FORBIDDEN.items() if name in names)
        if not numbers:
            out[name] = "an exercise asks you to compute this yourself"
        elif len(numbers) == 1:
            out[name] = f"Exercise {numbers[0]} asks you to compute this yourself"
        else:
            listed = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
            out[name] = f"Exercises {listed} ask you to compute this yourself"
    return out


def _module_name(package: str, relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([package, *parts])


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _parse(package: str, folder: Path) -> dict[str, _Module]:
    modules: dict[str, _Module] = {}
    for path in sorted(folder.rglob("*.py")):
        relative = path.relative_to(folder)
        if "__pycache__" in relative.parts:
            continue
        name = _module_name(package, relative)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))
        module = _Module(name, relative, tree)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                module.defs[node.name] = node
            elif isinstance(node, ast.ImportFrom) and node.level:
                source = _resolve(name, relative.name == "__init__.py", node.level, node.module)
                for alias in node.names:
                    module.imports[alias.asname or alias.name] = (source, alias.name)
        modules[name] = module
    return modules


def _names_in(node: ast.AST) -> set[str]:
    """Every identifier a statement mentions (an over-approximation of what it uses)."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _other_statements(module: _Module) -> list[ast.stmt]:
    """Module-level statements that are neither definitions, relative imports nor ``__all__``."""
    out = []
    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            continue
        if _is_all(node) or _is_docstring(module.tree, node):
            continue
        out.append(node)
    return out


def _is_all(node: ast.stmt) -> bool:
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
    )


def _is_docstring(tree: ast.Module, node: ast.stmt) -> bool:
    return (
        bool(tree.body)
        and node is tree.body[0]
        and isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def select(modules: dict[str, _Module], withheld: frozenset[str]) -> dict[str, str]:
    """Fill each module's ``kept`` set; returns the public functions withheld *because they reach*
    a withheld one (name -> what they reach), which the caller must report."""
    blocked: dict[tuple[str, str], str] = {}  # (module, name) -> why
    for module in modules.values():
        for name in module.defs:
            if name in withheld:
                blocked[(module.name, name)] = "asked for"
    reached: dict[str, str] = {}
    while True:
        changed = False
        wanted: dict[str, set[str]] = {m: set() for m in modules}
        for module in modules.values():
            roots = {n for n in module.defs if not n.startswith("_") and (module.name, n) not in blocked}
            for node in _other_statements(module):
                roots |= _names_in(node)
            wanted[module.name] |= roots
        # closure of references, within a module and across relative imports
        done: set[tuple[str, str]] = set()
        stack = [(m, n) for m, names in wanted.items() for n in names]
        while stack:
            key = stack.pop()
            if key in done:
                continue
            done.add(key)
            mod_name, name = key
            module = modules.get(mod_name)
            if module is None:
                continue
            if name in module.imports:
                stack.append(module.imports[name])
            elif name in module.defs:
                for used in _names_in(module.defs[name]) - {name}:
                    if used in module.defs or used in module.imports:
                        stack.append((mod_name, used))
        # a kept public definition that reaches a blocked one is blocked too
        for mod_name, name in sorted(done):
            module = modules.get(mod_name)
            if module is None or name not in module.defs or (mod_name, name) in blocked:
                continue
            hits = _reaches_blocked(modules, mod_name, name, blocked)
            if hits:
                blocked[(mod_name, name)] = f"reaches {hits}"
                if not name.startswith("_"):
                    reached[name] = hits
                changed = True
        if not changed:
            break
    for module in modules.values():
        module.kept = {
            name for name in module.defs if (module.name, name) in done and (module.name, name) not in blocked
        }
    return reached


def _reaches_blocked(
    modules: dict[str, _Module], mod_name: str, name: str, blocked: dict[tuple[str, str], str]
) -> str | None:
    seen: set[tuple[str, str]] = set()
    stack = [(mod_name, name)]
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        module = modules.get(key[0])
        if module is None:
            continue
        if key != (mod_name, name) and key in blocked:
            return f"{key[0]}.{key[1]}"
        if key[1] in module.imports:
            stack.append(module.imports[key[1]])
        elif key[1] in module.defs:
            for used in _names_in(module.defs[key[1]]) - {key[1]}:
                if used in module.defs or used in module.imports:
                    stack.append((key[0], used))
    return None


def _defined(module: _Module, modules: dict[str, _Module]) -> set[str]:
    """Names the view of ``module`` binds at its top level."""
    names = set(module.kept)
    for alias, (source, original) in module.imports.items():
        if _import_survives(modules, source, original):
            names.add(alias)
    for node in _other_statements(module):
        for target in ast.walk(node):
            if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store):
                names.add(target.id)
            elif isinstance(target, ast.alias):
                names.add((target.asname or target.name).split(".")[0])
    return names


def _import_survives(modules: dict[str, _Module], source: str, original: str) -> bool:
    target = modules.get(source)
    if target is None:
        return f"{source}.{original}" in modules  # importing a submodule
    if original in target.defs:
        return original in target.kept
    if original in target.imports:
        return _import_survives(modules, *target.imports[original])
    return True  # a module-level constant of the target


def _render(module: _Module, modules: dict[str, _Module], package: str, withheld: frozenset[str]) -> str:
    defined = _defined(module, modules)
    body: list[ast.stmt] = []
    removed = sorted(n for n in module.defs if n not in module.kept)
    note = (
        f"Grading copy of {module.name}, generated by tools/grading/library_view.py.\n\n"
        "Left out (with their source): " + (", ".join(removed) if removed else "nothing") + "."
    )
    body.append(ast.Expr(ast.Constant(note)))
    for node in module.tree.body:
        if _is_docstring(module.tree, node):
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name in module.kept:
                body.append(node)
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            source = _resolve(module.name, module.path.name == "__init__.py", node.level, node.module)
            names = [a for a in node.names if _import_survives(modules, source, a.name)]
            if names:
                body.append(ast.ImportFrom(node.module, names, node.level))
            continue
        if _is_all(node):
            value = node.value  # type: ignore[attr-defined]
            entries = [
                e for e in getattr(value, "elts", []) if isinstance(e, ast.Constant) and e.value in defined
            ]
            body.append(ast.Assign([ast.Name("__all__", ast.Store())], ast.List(entries, ast.Load())))
            continue
        body.append(node)
    hook = ast.parse(
        f"from {package}.{HOOK_MODULE} import withheld_attribute as _withheld_attribute\n\n"
        "def __getattr__(name):\n"
        "    return _withheld_attribute(__name__, name)\n"
    ).body
    # after ``from __future__`` imports, which must come first
    position = next(
        (
            i + 1
            for i in range(len(body) - 1, -1, -1)
            if isinstance(body[i], ast.ImportFrom) and body[i].module == "__future__"
        ),  # type: ignore[attr-defined]
        1,
    )
    body[position:position] = hook
    tree = ast.Module(body, type_ignores=[])
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


HOOK_SOURCE = '''"""Generated by tools/grading/library_view.py: what a withheld name answers while grading."""

REASONS = {reasons!r}


class WithheldHelper(ImportError):
    """A function of {package} that is not available while the course grades."""

    def __init__(self, helper):
        self.helper = helper
        super().__init__(
            # "called mi_helpers." is what the grades report looks for (forbidden helpers)
            f"this notebook called {package}.{{helper}}, which is not available while the course grades: "
            f"{{REASONS[helper]}} (your own functions from earlier exercises may help)",
            name=f"{package}.{{helper}}",
        )


def withheld_attribute(module, name):
    """Module ``__getattr__``: a withheld name raises WithheldHelper, any other AttributeError."""
    if name in REASONS:
        raise WithheldHelper(name)
    raise AttributeError(f"module {{module!r}} has no attribute {{name!r}}")
'''


def fingerprint(folder: Path, withheld: frozenset[str]) -> str:
    """What the view depends on: this generator, the withheld names, the source, the interpreter."""
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    digest.update(repr(sorted(withheld)).encode())
    digest.update(sys.version.encode())
    for path in sorted(folder.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


def build_view(
    dest: Path, source: Path | None = None, package: str = PACKAGE, withheld: frozenset[str] = WITHHELD
) -> tuple[Path, dict[str, str]]:
    """Write the grading copy of ``package`` into ``dest/<package>``.

    Parameters
    ----------
    dest : Path
        An empty or missing folder; it receives ``<package>/`` (sources and bytecode, world-readable).
    source : Path, optional
        The real package folder (default: where ``package`` is installed).
    package : str
        The package's import name.
    withheld : frozenset of str
        Public names to leave out.

    Returns
    -------
    tuple of (Path, dict)
        The view's package folder, and the public functions also withheld because they reach a
        withheld one (name -> what they reach; empty today).
    """
    source = source or package_folder(package)
    modules = _parse(package, source)
    missing = sorted(withheld - {n for m in modules.values() for n in m.defs})
    if missing:
        raise ViewError(f"{package} defines no {', '.join(missing)}: mi_exercises.spec.FORBIDDEN is stale")
    reached = select(modules, withheld)
    out = dest / package
    out.mkdir(parents=True)
    hidden = frozenset(withheld | set(reached))
    for module in modules.values():
        target = out / module.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_render(module, modules, package, hidden), encoding="utf-8")
    reasons = _reasons(frozenset(withheld)) | {n: f"it uses {why}" for n, why in reached.items()}
    (out / f"{HOOK_MODULE}.py").write_text(
        HOOK_SOURCE.format(reasons=reasons, package=package), encoding="utf-8"
    )
    if not compileall.compile_dir(str(out), quiet=1):
        raise ViewError(f"the grading copy of {package} does not compile (see {out})")
    for path in [out, *out.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    return out, reached


def ensure_view(root: Path, package: str = PACKAGE, withheld: frozenset[str] = WITHHELD) -> Path:
    """The view for the current source under ``root`` (built once, then reused by every worker).

    ``root`` must be a folder only the grader can write. A view is built in a scratch folder and
    renamed into place, so concurrent workers never see half a view.
    """
    source = package_folder(package)
    final = root / f"{package}-{fingerprint(source, withheld)}"
    if (final / COMPLETE).is_file():
        return final / package
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        build_view(scratch, source, package, withheld)
        (scratch / COMPLETE).write_text("ok\n", encoding="utf-8")
        os.chmod(scratch, 0o755)
        try:
            scratch.rename(final)
        except OSError:  # another worker won the race: use its view
            if not (final / COMPLETE).is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return final / package


__all__ = ["PACKAGE", "ViewError", "build_view", "ensure_view", "fingerprint", "package_folder", "select"]
