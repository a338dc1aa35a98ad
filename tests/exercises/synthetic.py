"""Synthetic submissions of the mutual-information assignment, for tests and the benchmark.

A submission starts from the *release* notebook (what students receive) and gets the reference
code of the solutions notebook pasted into its answer cells, then a scenario changes it: a
plausible wrong answer, tampering with locked cells, a cheat, a fault, or hostile code
(``hostile.py``). ``SCENARIOS`` lists them with the grade cells each one must lose;
``tests/exercises`` grades them all in one ``make autograde`` run and compares.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import inspect
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENT = "mutual_information"
NOTEBOOK = "mutual_information"
MANUAL_CELLS = ("ex2_written", "ex6_written")

Notebook = dict[str, Any]


# ---- the course and its notebooks ------------------------------------------------------------
def copy_course(dest: Path, repo: Path = REPO) -> Path:
    """Copy what nbgrader needs (config, solutions, exercises, the plugins) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(repo / "nbgrader_config.py", dest / "nbgrader_config.py")
    for folder in ("solutions", "exercises"):
        shutil.copytree(
            repo / folder, dest / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        )
    (dest / "tools").mkdir(exist_ok=True)
    shutil.copytree(
        repo / "tools" / "grading", dest / "tools" / "grading", ignore=shutil.ignore_patterns("__pycache__")
    )
    return dest


def nbgrader_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for nbgrader subprocesses: the venv first on PATH (nbgrader runs `alembic`)."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    env.setdefault("USER", "instructor")
    env["PYTHONWARNINGS"] = "ignore"  # nbgrader's own SQLAlchemy warnings are noise here
    if extra:
        env.update(extra)
    return env


def nbgrader(
    course: Path, *args: str, env: dict[str, str] | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` in ``course`` and return the completed process (output captured)."""
    exe = str(Path(sys.executable).parent / "nbgrader")
    proc = subprocess.run([exe, *args], cwd=course, env=nbgrader_env(env), capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def read_nb(path: Path) -> Notebook:
    return json.loads(path.read_text(encoding="utf-8"))


def grade_id(cell: dict[str, Any]) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def student_code(solutions: Notebook) -> dict[str, str]:
    """The reference answer of every solution cell, without nbgrader's solution markers."""
    answers = {}
    for cell in solutions["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            source = "".join(cell["source"])
            lines = [
                line
                for line in source.split("\n")
                if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line
            ]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def solved(
    release: Notebook, solutions: Notebook, edits: dict[str, Callable[[str], str]] | None = None
) -> Notebook:
    """The release notebook with the reference answers filled in, ``edits[grade_id]`` applied."""
    answers = student_code(solutions)
    nb = copy.deepcopy(release)
    for cell in nb["cells"]:
        gid = grade_id(cell)
        if gid in answers:
            text = answers[gid]
            if edits and gid in edits:
                text = edits[gid](text)
            cell["source"] = text
    return nb


def replace(old: str, new: str) -> Callable[[str], str]:
    """An edit that replaces ``old`` by ``new`` and insists that ``old`` was there."""

    def edit(text: str) -> str:
        if old not in text:
            raise ValueError(f"scenario edit: {old!r} not found")
        return text.replace(old, new)

    return edit


def find(nb: Notebook, gid: str) -> int:
    for index, cell in enumerate(nb["cells"]):
        if grade_id(cell) == gid:
            return index
    raise KeyError(gid)


def code_cell(source: str) -> dict[str, Any]:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


# ---- scenarios -------------------------------------------------------------------------------
@dataclass
class Scenario:
    """One synthetic student: how to build the submission and which grade cells it must lose."""

    name: str
    about: str
    build: Callable[[Notebook, Notebook], Notebook | bytes | tuple[str, Notebook]]
    lose: tuple[str, ...] = ()
    lose_all: bool = False  # every grade cell scores 0 (manual cells included)
    graded: bool = True  # False: no autograded notebook is expected (corrupt, renamed)
    attention: tuple[str, ...] = field(default_factory=tuple)  # words the grades report must show
    files: dict[str, str] = field(default_factory=dict)  # other files submitted beside the notebook


def _with_release_stub(release: Notebook, _solutions: Notebook) -> Notebook:
    return copy.deepcopy(release)


def _tamper_edit_locked(release: Notebook, solutions: Notebook) -> Notebook:
    nb = solved(release, solutions, {"ex1_solution": replace("np.log(", "np.log2(")})
    for gid in ("ex1_entropy", "ex1_mi", "ex1_symmetry"):
        nb["cells"][find(nb, gid)]["source"] = 'print("all tests passed")'
    return nb


def _tamper_delete(release: Notebook, solutions: Notebook) -> Notebook:
    nb = solved(
        release, solutions, {"ex9_solution": replace("if upper - lower <= tol:", "if upper - lower <= 1e-4:")}
    )
    for gid in ("ex9_capacity", "ex3_kl"):
        del nb["cells"][find(nb, gid)]
    return nb


def _tamper_duplicate_split(release: Notebook, solutions: Notebook) -> Notebook:
    nb = solved(release, solutions)
    test = find(nb, "ex5_uniform")
    nb["cells"].insert(test, copy.deepcopy(nb["cells"][test]))  # a copy above, same grade_id
    sol = find(nb, "ex1_solution")
    cell = nb["cells"][sol]
    text = cell["source"]
    cut = text.index("def mutual_information_from_table")
    first, second = copy.deepcopy(cell), copy.deepcopy(cell)
    first["source"], second["source"] = text[:cut], text[cut:]
    nb["cells"][sol : sol + 1] = [first, second]
    return nb


def _tamper_strip_metadata(release: Notebook, solutions: Notebook) -> Notebook:
    nb = solved(release, solutions)
    for gid in ("ex7_value", "ex8_solution", "ex2_written"):
        cell = nb["cells"][find(nb, gid)]
        cell["metadata"] = {}
    return nb


def _tamper_delete_solution_and_test(release: Notebook, solutions: Notebook) -> Notebook:
    nb = solved(release, solutions)
    for gid in ("ex10_solution", "ex10_loss"):
        del nb["cells"][find(nb, gid)]
    return nb


_CHEAT_ISCLOSE = """
import math
import numpy as np
np.isclose = lambda *a, **k: True
np.allclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
math.isclose = lambda *a, **k: True
"""

_FAKE_GRADER = """
import types
grader = types.SimpleNamespace(check=lambda *a, **k: print("✓ all tests passed"))
"""


_LIAR = """
class Liar(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __le__(self, other): return True
    def __ge__(self, other): return True
    def __lt__(self, other): return True
    def __gt__(self, other): return True
    def __sub__(self, other): return 0.0
    def __rsub__(self, other): return 0.0
    def __abs__(self): return 0.0
    def __float__(self): return 0.0
    def __hash__(self): return 0
    __array_priority__ = 1000
class Blob:
    def __eq__(self, other): return True
    def __float__(self): return 0.0
    def __sub__(self, other): return 0.0
    def __rsub__(self, other): return 0.0
    def __le__(self, other): return True
    def __ge__(self, other): return True
    def __abs__(self): return 0.0
    def __getitem__(self, i): return Liar(0.0)
    def __len__(self): return 2
"""


def _stub_everything(release: Notebook, body_for: Callable[[str], str], prelude: str) -> Notebook:
    """Every solution cell defines its functions with the given one-line body; ``prelude`` goes first."""
    nb = copy.deepcopy(release)
    first = True
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            text = "".join(cell["source"])
            lines = []
            for line in text.split("\n"):
                if line.strip() == "raise NotImplementedError()":
                    lines.append(line.replace("raise NotImplementedError()", body_for(meta["grade_id"])))
                elif line.strip() == "# YOUR CODE HERE":
                    continue
                else:
                    lines.append(line)
            cell["source"] = (prelude + "\n" if first else "") + "\n".join(lines)
            first = False
    return nb


def _cheat_isclose(release: Notebook, _solutions: Notebook) -> Notebook:
    return _stub_everything(release, lambda gid: "return 0.0", _CHEAT_ISCLOSE)


def _cheat_names(release: Notebook, _solutions: Notebook) -> Notebook:
    return _stub_everything(release, lambda gid: "return 0.0", _FAKE_GRADER)


def _cheat_eq(release: Notebook, _solutions: Notebook) -> Notebook:
    def body(gid: str) -> str:
        return "return Blob()" if gid in ("ex4_solution", "ex9_solution") else "return Liar(0.0)"

    return _stub_everything(release, body, _LIAR)


def _cheat_helpers(release: Notebook, solutions: Notebook) -> Notebook:
    """Correct answers obtained by calling the mi_helpers functions the statements forbid."""
    edits = {
        "ex1_solution": lambda _text: (
            "from mi_helpers import entropy as _entropy, mutual_information as _mi\n\n"
            "def entropy_nats(p):\n    return _entropy(np.asarray(p, dtype=float).ravel())\n\n"
            "def mutual_information_from_table(P):\n    return _mi(P)\n"
        ),
        "ex8_solution": lambda text: text.replace(
            "    def h(p):",
            "    import mi_helpers.active_learning as al\n    return al.bald_score([p0, p1])\n    def h(p):",
        ),
        "ex9_solution": lambda text: text.replace(
            "    W = np.asarray(W, dtype=float)\n    p = np.full(W.shape[0], 1.0 / W.shape[0])",
            "    import mi_helpers as helpers\n    return helpers.channel_capacity(W)\n"
            "    p = np.full(W.shape[0], 1.0 / W.shape[0])",
        ),
    }
    return solved(release, solutions, edits)


def visible_answers(release_dir: Path, solutions: Notebook, release: Notebook) -> dict[str, dict[str, Any]]:
    """Run the release's (visible) tests in-process on the reference answers, recording every call.

    Returns, per function name, a table from the repr of its arguments to its result: what a
    student who hard-codes the visible answers would know.
    """
    answers = student_code(solutions)
    setup = next("".join(c["source"]) for c in release["cells"] if grade_id(c) == "setup")
    namespace: dict[str, Any] = {"__name__": "__main__"}
    table: dict[str, dict[str, Any]] = {}
    old_cwd, old_env = Path.cwd(), os.environ.get("NBGRADER_EXECUTION")
    old_modules = dict(sys.modules)  # the setup cell may import modules: leave no trace
    os.environ["NBGRADER_EXECUTION"] = "autograde"  # no figures
    try:
        os.chdir(release_dir)
        with contextlib.redirect_stdout(io.StringIO()):
            exec(setup, namespace)
            for source in answers.values():
                if not source.lstrip().startswith(("**", "YOUR")) and "def " in source:
                    exec(source, namespace)
            for name in [
                n for n, v in namespace.items() if callable(v) and getattr(v, "__module__", "") == "__main__"
            ]:
                table[name] = {}
                namespace[name] = _recorder(namespace[name], table[name])
            for cell in release["cells"]:
                meta = cell["metadata"].get("nbgrader", {})
                if meta.get("grade") and cell["cell_type"] == "code":
                    exec("".join(cell["source"]), namespace)
    finally:
        for name in [n for n in sys.modules if n not in old_modules or sys.modules[n] is not old_modules[n]]:
            if name.startswith("mi_helpers"):
                del sys.modules[name]
        sys.modules.update({n: m for n, m in old_modules.items() if n.startswith("mi_helpers")})
        os.chdir(old_cwd)
        if old_env is None:
            os.environ.pop("NBGRADER_EXECUTION", None)
        else:
            os.environ["NBGRADER_EXECUTION"] = old_env
    return {name: calls for name, calls in table.items() if calls}


_KEY_SOURCE = """
def _key(args, kwargs):
    import numpy
    def simple(v):
        if isinstance(v, numpy.ndarray):
            return ("array", v.shape, v.tolist())
        if isinstance(v, (list, tuple)):
            return ("seq", [simple(x) for x in v])
        return ("value", repr(v))
    return repr((simple(list(args)), sorted((k, simple(v)) for k, v in kwargs.items())))
"""
_key_namespace: dict[str, Any] = {}
exec(_KEY_SOURCE, _key_namespace)
_key = _key_namespace["_key"]


def _recorder(fn: Callable[..., Any], calls: dict[str, Any]) -> Callable[..., Any]:
    signature = inspect.signature(fn)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        calls[_key(list(bound.arguments.values()), {})] = result
        return result

    wrapper.__name__ = fn.__name__
    return wrapper


def hardcoded(release: Notebook, table: dict[str, dict[str, Any]]) -> Notebook:
    """A submission whose functions only know the answers to the visible tests' inputs."""
    blob = base64.b64encode(pickle.dumps(table)).decode()
    prelude = (
        "import base64, pickle\n" + _KEY_SOURCE + f"_ANSWERS = pickle.loads(base64.b64decode({blob!r}))\n"
        "def _lookup(name, args, kwargs):\n"
        "    return _ANSWERS.get(name, {}).get(_key(args, kwargs), 0.0)\n"
    )
    nb = copy.deepcopy(release)
    first = True
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if not (meta.get("solution") and cell["cell_type"] == "code"):
            continue
        out = []
        current = None
        for line in "".join(cell["source"]).split("\n"):
            if line.startswith("def "):
                current = line[4 : line.index("(")]
            if line.strip() == "# YOUR CODE HERE":
                continue
            if line.strip() == "raise NotImplementedError()":
                indent = line[: len(line) - len(line.lstrip())]
                out.append(f"{indent}return _lookup({current!r}, _args(locals()), {{}})")
                continue
            out.append(line)
        cell["source"] = (
            prelude + "def _args(names):\n    return list(names.values())\n" if first else ""
        ) + "\n".join(out)
        first = False
    return nb


def _fault_loop(release: Notebook, solutions: Notebook) -> Notebook:
    """Ex5 hangs for a biased input: only the cell that tries one is cut by the timeout."""
    hang = "    while np.any(np.asarray(p1) != 0.5):\n        pass\n    eps = np.asarray(eps, dtype=float)"
    return solved(
        release, solutions, {"ex5_solution": replace("    eps = np.asarray(eps, dtype=float)", hang)}
    )


def _fault_corrupt(release: Notebook, solutions: Notebook) -> bytes:
    text = json.dumps(solved(release, solutions), indent=1).encode()
    return text[: len(text) // 2]  # the upload stopped half-way


def _fault_renamed(release: Notebook, solutions: Notebook) -> tuple[str, Notebook]:
    return (f"{NOTEBOOK}-Copy1.ipynb", solved(release, solutions))


def _wrong(gid: str, old: str, new: str) -> Callable[[Notebook, Notebook], Notebook]:
    return lambda release, solutions: solved(release, solutions, {gid: replace(old, new)})


def _fair_ex6(text: str) -> str:
    start = text.index("def histogram_bias")
    return text[:start] + (
        "def histogram_bias(rho, n, bins, repeats, seed):\n"
        "    rng = np.random.default_rng(seed)\n"
        "    truth = -0.5 * math.log1p(-rho * rho)\n"
        "    scale = math.sqrt(1 - rho**2)\n\n"
        "    def one_error():\n"
        "        x = rng.standard_normal(n)\n"
        "        return histogram_mi(x, rho * x + scale * rng.standard_normal(n), bins) - truth\n\n"
        "    return np.array([one_error() for _ in range(repeats)])\n"
    )


def _fair_ex9(text: str) -> str:
    start = text.index("def blahut_arimoto")
    return text[:start] + (
        "def blahut_arimoto(W, tol=1e-12, max_iter=100_000):\n"
        "    from scipy.special import rel_entr\n\n"
        "    W = np.asarray(W, dtype=float)\n"
        "    p = np.ones(len(W)) / len(W)\n"
        "    steps = 0\n"
        "    while steps < max_iter:\n"
        "        D = rel_entr(W, p @ W).sum(axis=1)\n"
        "        current = float(np.dot(p, D))\n"
        "        if D.max() - current <= tol:\n"
        "            return current, p\n"
        "        weights = p * np.exp(D - D.max())\n"
        "        p = weights / weights.sum()\n"
        "        steps += 1\n"
        "    raise RuntimeError('no certified capacity')\n"
    )


ALL_AUTO = "ALL_AUTO"

SCENARIOS: list[Scenario] = [
    Scenario("solution", "the reference solutions", lambda r, s: solved(r, s)),
    Scenario("release", "the release notebook as handed out", _with_release_stub, lose_all=True),
    # plausible wrong answers: each loses its own exercise's cells only
    Scenario(
        "wrong_ex1_bits",
        "Ex1 in bits (np.log2)",
        _wrong("ex1_solution", "np.log(", "np.log2("),
        lose=("ex1_entropy", "ex1_mi", "ex1_symmetry"),
    ),
    Scenario(
        "wrong_ex1_swapped",
        "Ex1 with the marginals swapped in the outer product",
        _wrong("ex1_solution", "product = p_x * p_y", "product = np.outer(P.sum(axis=0), P.sum(axis=1))"),
        lose=("ex1_mi", "ex1_symmetry"),
    ),
    Scenario(
        "wrong_ex2_cov",
        "Ex2 returns the covariance, not the correlation",
        _wrong(
            "ex2_solution",
            "return float(np.sum(dx * dy) / np.sqrt(np.sum(dx * dx) * np.sum(dy * dy)))",
            "return float(np.mean(dx * dy))",
        ),
        lose=("ex2_correlation",),
    ),
    Scenario(
        "wrong_ex3_noinf",
        "Ex3 forgets that q = 0 < p makes the divergence infinite",
        _wrong("ex3_solution", "    if np.any(q[support] == 0):\n        return math.inf\n", ""),
        lose=("ex3_kl",),
    ),
    Scenario(
        "wrong_ex4_nocond",
        "Ex4 computes I(Z;Y) instead of I(Z;Y|X)",
        _wrong(
            "ex4_solution",
            "conditional_mi_from_table(np.transpose(P, (1, 2, 0)))",
            "conditional_mi_from_table(P.sum(axis=0)[:, :, None])",
        ),
        lose=("ex4_chain",),
    ),
    Scenario(
        "wrong_ex5_bits",
        "Ex5 in bits",
        _wrong("ex5_solution", "result = h(out_one) - h(eps)", "result = (h(out_one) - h(eps)) / np.log(2)"),
        lose=("ex5_uniform", "ex5_input"),
    ),
    Scenario(
        "wrong_ex6_sign",
        "Ex6 computes truth - estimate",
        _wrong(
            "ex6_solution",
            "biases[r] = histogram_mi(x, y, bins) - truth",
            "biases[r] = truth - histogram_mi(x, y, bins)",
        ),
        lose=("ex6_bias", "ex6_claims"),
    ),
    Scenario(
        "wrong_ex7_naive",
        "Ex7 without logsumexp (exp of raw scores)",
        _wrong("ex7_solution", "top = S.max(axis=1, keepdims=True)", "top = np.zeros((K, 1))"),
        lose=("ex7_stable",),
    ),
    Scenario(
        "wrong_ex8_weights",
        "Ex8 ignores the posterior weights",
        _wrong("ex8_solution", "if weights is None else np.asarray(weights, dtype=float)", ""),
        lose=("ex8_weights",),
    ),
    Scenario(
        "wrong_ex9_early",
        "Ex9 stops Blahut–Arimoto at a gap of 1e-4",
        _wrong("ex9_solution", "if upper - lower <= tol:", "if upper - lower <= 1e-4:"),
        lose=("ex9_capacity",),
    ),
    Scenario(
        "wrong_ex9_change",
        "Ex9 stops when I changes by less than tol (the statement forbids it)",
        _wrong(
            "ex9_solution",
            "        if upper - lower <= tol:\n            return lower, p\n",
            "        if _ > 0 and abs(lower - previous) <= tol:\n            return lower, p\n"
            "        previous = lower\n",
        ),
        lose=("ex9_capacity",),
    ),
    Scenario(
        "wrong_ex9_ignores_tol",
        "Ex9 ignores tol and always iterates to 1e-13",
        _wrong("ex9_solution", "if upper - lower <= tol:", "if upper - lower <= 1e-13:"),
        lose=("ex9_capacity",),
    ),
    Scenario(
        "wrong_ex9_input_change",
        "Ex9 stops when the input barely changes and returns the new input (the statement forbids it)",
        _wrong(
            "ex9_solution",
            "        if upper - lower <= tol:\n            return lower, p\n"
            "        p = p * np.exp(D - upper)\n        p = p / p.sum()\n",
            "        new = p * np.exp(D - upper)\n        new = new / new.sum()\n"
            "        if np.max(np.abs(new - p)) <= tol:\n            return channel_mi(new, W), new\n"
            "        p = new\n",
        ),
        lose=("ex9_capacity",),
    ),
    Scenario(
        "wrong_ex9_input_change_old",
        "Ex9 stops when the input barely changes and returns the input before the change",
        _wrong(
            "ex9_solution",
            "        if upper - lower <= tol:\n            return lower, p\n"
            "        p = p * np.exp(D - upper)\n        p = p / p.sum()\n",
            "        new = p * np.exp(D - upper)\n        new = new / new.sum()\n"
            "        if np.max(np.abs(new - p)) <= tol:\n            return lower, p\n        p = new\n",
        ),
        lose=("ex9_capacity",),
    ),
    Scenario(
        "wrong_ex6_rng_in_loop",
        "Ex6 re-creates the generator inside the loop: every repeat is the same sample",
        _wrong(
            "ex6_solution",
            "    for r in range(repeats):\n",
            "    for r in range(repeats):\n        rng = np.random.default_rng(seed)\n",
        ),
        lose=("ex6_bias", "ex6_claims"),
    ),
    Scenario(
        "wrong_ex6_constant",
        "Ex6 returns constants read off the public intervals, no sampling at all",
        _wrong(
            "ex6_solution",
            "    rng = np.random.default_rng(seed)\n",
            "    return np.full(repeats, -0.03 if bins <= 8 else (0.02 if n >= 20000 else 0.25))\n",
        ),
        lose=("ex6_bias", "ex6_claims"),
    ),
    Scenario(
        "fair_ex6_seeded_repeats",
        "Ex6 seeds a fresh generator for each repeat from (seed, r): independent repeats, other draws",
        _wrong(
            "ex6_solution",
            "    for r in range(repeats):\n",
            "    for r in range(repeats):\n        rng = np.random.default_rng([seed, r])\n",
        ),
        lose=("ex6_bias",),
    ),
    Scenario(
        "fair_idioms",
        "correct Ex6 and Ex9 in other idioms (a closure and a comprehension; scipy's rel_entr, a while loop)",
        lambda r, s: solved(r, s, {"ex6_solution": _fair_ex6, "ex9_solution": _fair_ex9}),
    ),
    Scenario(
        "wrong_ex1_zerolog",
        "Ex1 with a 0 log 0 bug (nan and a warning on empty cells): one bug, the cells that test it",
        lambda r, s: solved(
            r,
            s,
            {
                "ex1_solution": lambda t: replace("cells = P > 0", "cells = P >= 0")(
                    replace("    p = p[p > 0]  # 0 log 0 = 0: empty cells contribute nothing\n", "")(t)
                )
            },
        ),
        lose=("ex1_entropy", "ex1_mi"),
    ),
    Scenario(
        "fair_namedtuple",
        "Ex4 returns a namedtuple and Ex10 a numpy float: both are accepted",
        lambda r, s: solved(
            r,
            s,
            {
                "ex4_solution": replace(
                    "    return i_xz_y, i_x_y, i_z_y_given_x",
                    "    import collections\n    Terms = collections.namedtuple('Terms', 'joint first second')\n"
                    "    return Terms(i_xz_y, i_x_y, i_z_y_given_x)",
                ),
                "ex10_solution": replace(
                    "    return float(np.mean(log_sum_exp - np.diag(Z)))",
                    "    return np.mean(log_sum_exp - np.diag(Z))",
                ),
            },
        ),
    ),
    Scenario(
        "wrong_ex10_bits",
        "Ex10's row-wise loss in bits; the symmetric loss built on it fails too, and says why",
        _wrong(
            "ex10_solution",
            "top[:, 0] + np.log(np.sum(np.exp(Z - top), axis=1))",
            "top[:, 0] + np.log2(np.sum(np.exp(Z - top), axis=1))",
        ),
        lose=("ex10_loss", "ex10_symmetric"),
    ),
    Scenario(
        "wrong_ex10_rows",
        "Ex10's symmetric loss uses the rows twice",
        _wrong("ex10_solution", "info_nce_loss(S.T, temperature)", "info_nce_loss(S, temperature)"),
        lose=("ex10_symmetric",),
    ),
    # tampering
    Scenario(
        "tamper_edit_locked",
        "Ex1 in bits, its three test cells replaced by print('all tests passed')",
        _tamper_edit_locked,
        lose=("ex1_entropy", "ex1_mi", "ex1_symmetry"),
        attention=("edited locked",),
    ),
    Scenario(
        "tamper_delete_tests",
        "test cells ex3_kl and ex9_capacity deleted, Ex9 stops early",
        _tamper_delete,
        lose=("ex9_capacity",),
        attention=("missing cells",),
    ),
    Scenario(
        "tamper_duplicate_split",
        "a test cell duplicated with its grade_id, a solution cell split in two",
        _tamper_duplicate_split,
        attention=("duplicated",),
    ),
    Scenario(
        "tamper_strip_metadata",
        "nbgrader metadata stripped from a test, a solution and an answer cell",
        _tamper_strip_metadata,
        attention=("missing cells",),
    ),
    Scenario(
        "tamper_delete_solution_and_test",
        "Ex10's solution cell and its first test cell deleted",
        _tamper_delete_solution_and_test,
        lose=("ex10_loss", "ex10_symmetric", "ex10_retrieval"),
        attention=("missing cells",),
    ),
    # cheats: none gains a point
    Scenario(
        "cheat_isclose",
        "np.isclose, np.allclose, math.isclose rebound to always True",
        _cheat_isclose,
        lose_all=True,
        attention=("grading machinery",),
    ),
    Scenario(
        "cheat_names",
        "open, exec and check-helper names rebound to fakes",
        _cheat_names,
        lose_all=True,
        attention=("grading machinery",),
    ),
    Scenario("cheat_eq", "answers whose __eq__ is always true, float subclasses", _cheat_eq, lose_all=True),
    Scenario(
        "cheat_helpers",
        "Ex1, Ex8, Ex9 answered by calling the forbidden mi_helpers functions",
        _cheat_helpers,
        lose=("ex1_entropy", "ex1_mi", "ex1_symmetry", "ex8_binary", "ex9_capacity"),
        attention=("forbidden helpers",),
    ),
    Scenario(
        "cheat_hardcoded",
        "every function only knows the visible tests' answers",
        _with_release_stub,
        lose_all=True,
    ),
    # faults: reported, and the rest of the class is graded
    Scenario(
        "fault_loop",
        "an infinite loop in Ex5 (biased inputs)",
        _fault_loop,
        lose=("ex5_input",),
        attention=("timed out",),
    ),
    Scenario(
        "fault_corrupt",
        "a truncated notebook file",
        _fault_corrupt,
        lose_all=True,
        graded=False,
        attention=("corrupt",),
    ),
    Scenario(
        "fault_renamed",
        "the notebook saved under another name",
        _fault_renamed,
        lose_all=True,
        graded=False,
        attention=("renamed",),
    ),
]


def write_submission(course: Path, student: str, content: Notebook | bytes | tuple[str, Notebook]) -> Path:
    """Put one student's submission where ``nbgrader autograde`` looks for it."""
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path = folder / f"{NOTEBOOK}.ipynb"
        path.write_bytes(content)
    elif isinstance(content, tuple):
        path = folder / content[0]
        path.write_text(json.dumps(content[1], indent=1), encoding="utf-8")
    else:
        path = folder / f"{NOTEBOOK}.ipynb"
        path.write_text(json.dumps(content, indent=1), encoding="utf-8")
    return path


COURSE: dict[str, Path] = {}  # the course being built: hostile payloads aim at its real paths


def build_class(course: Path, scenarios: list[Scenario] = SCENARIOS) -> dict[str, Scenario]:
    """Write every scenario's submission into ``course/submitted``; returns student name -> scenario."""
    COURSE["root"] = course.resolve()
    release_dir = course / "exercises" / ASSIGNMENT
    release = read_nb(release_dir / f"{NOTEBOOK}.ipynb")
    solutions = read_nb(course / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    students = {}
    for scenario in scenarios:
        if scenario.name == "cheat_hardcoded":
            content: Any = hardcoded(release, visible_answers(release_dir, solutions, release))
        else:
            content = scenario.build(release, solutions)
        folder = write_submission(course, scenario.name, content).parent
        for filename, text in scenario.files.items():
            (folder / filename).parent.mkdir(parents=True, exist_ok=True)
            (folder / filename).write_text(text, encoding="utf-8")
        students[scenario.name] = scenario
    return students


def read_scores(course: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """student -> grade cell -> {"score", "max", "manual"} from the course's gradebook."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook

        out: dict[str, dict[str, dict[str, Any]]] = {}
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            for sub in gb.assignment_submissions(ASSIGNMENT):
                cells = {}
                for nb in sub.notebooks:
                    for grade in nb.grades:
                        cells[grade.name] = {
                            "score": grade.score,
                            "max": grade.max_score,
                            "manual": bool(grade.needs_manual_grade),
                        }
                out[sub.student.id] = cells
    return out
