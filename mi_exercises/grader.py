"""``check(check_id, function)``: what a test cell of the assignment runs.

In JupyterLab it runs the visible examples and prints a ✓ line for each, or raises
``AssertionError`` with a message that starts with the hint. While the course autogrades, the
grader sets ``MI_EXERCISES_INPUTS`` to a JSON file of hidden inputs inside the sandbox; ``check``
then calls the function on every input and only *reports* the results (a display output of MIME
type :data:`RESULTS_MIME`). Nothing printed here decides a grade: the grader compares the results
with values it computes in its own process.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import warnings
from typing import Any

from mi_exercises.assignments import CHECKS, FORBIDDEN
from mi_exercises.compare import judge
from mi_exercises.encoding import decode_input, encode_result
from mi_exercises.spec import Case, Check

RESULTS_MIME = "application/vnd.mi-course.results+json"
INPUTS_ENV = "MI_EXERCISES_INPUTS"

__all__ = ["INPUTS_ENV", "RESULTS_MIME", "WITHHELD", "check", "run_case"]


#: The mi_helpers functions that some exercise asks students to write. While the course grades they
#: are not in the kernel's mi_helpers at all (tools/grading/library_view.py): that, not the check
#: below, is why calling one earns nothing. The check is the advice students get in JupyterLab,
#: where the whole library is installed: a test cell that reaches one of these fails there too,
#: in *every* exercise, as it would while grading.
WITHHELD: frozenset[str] = frozenset(name for names in FORBIDDEN.values() for name in names)


def _forbidden_codes() -> dict[tuple[str, str], str]:
    """(file name, function name) of each withheld mi_helpers function this kernel can call."""
    import mi_helpers

    found = {}
    for name in sorted(WITHHELD):
        # the namespace itself: the grading copy answers a withheld name with an ImportError
        code = getattr(vars(mi_helpers).get(name), "__code__", None)
        if code is not None:
            found[(code.co_filename, code.co_name)] = name
    return found


def _withheld_name(exc: BaseException) -> str | None:
    """The helper's name if ``exc`` is the grading copy's answer to a withheld name."""
    helper = getattr(exc, "helper", None)
    if isinstance(exc, ImportError) and type(exc).__name__ == "WithheldHelper" and isinstance(helper, str):
        return helper
    return None


def run_case(function: Any, args: tuple, kwargs: dict, exercise: str) -> dict[str, Any]:
    """Call ``function(*args, **kwargs)``; the outcome as plain data (status, result or detail).

    ``exercise`` is kept for callers; every exercise watches the same :data:`WITHHELD` functions.
    """
    if not callable(function):
        return {"status": "not_callable", "detail": f"got {type(function).__name__}"}
    banned = _forbidden_codes()
    hits: list[str] = []

    def profiler(frame: Any, event: str, _arg: Any) -> None:
        if event == "call":
            code = frame.f_code
            helper = banned.get((code.co_filename, code.co_name))
            if helper is not None and helper not in hits:
                hits.append(helper)

    outcome: dict[str, Any]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        previous = sys.getprofile()
        if banned:  # nothing to watch in the grading copy: the withheld functions are not there
            sys.setprofile(profiler)
            threading.setprofile(profiler)  # threads the function starts are watched too
        try:
            result = function(*args, **kwargs)
        except NotImplementedError:
            outcome = {"status": "not_implemented"}
        except Exception as exc:  # the student's bug, reported as a failed case
            withheld = _withheld_name(exc)
            if withheld is not None and withheld not in hits:
                hits.append(withheld)
            outcome = {"status": "raised", "detail": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            outcome = {"status": "ok", "result": None, "_value": result}
        finally:
            if banned:
                threading.setprofile(None)  # type: ignore[arg-type]
                sys.setprofile(previous)
    if hits:
        return {"status": "forbidden", "detail": ", ".join(f"mi_helpers.{h}" for h in hits)}
    if caught:
        first = caught[0]
        return {"status": "warning", "detail": f"{first.category.__name__}: {first.message}"[:300]}
    if outcome["status"] == "ok":
        try:
            outcome = {"status": "ok", "result": encode_result(outcome["_value"])}
        except Exception as exc:  # an object that cannot even be described
            outcome = {"status": "ok", "result": {"kind": "other", "type": type(exc).__name__}}
    return outcome


_INPUTS: dict[str, Any] = {}


def _hidden_inputs(check_id: str) -> list[dict[str, Any]] | None:
    """This check's hidden inputs while grading (the file is read once per kernel), else None."""
    path = os.environ.get(INPUTS_ENV)
    if not path:
        return None
    if path not in _INPUTS:
        with open(path, encoding="utf-8") as handle:
            _INPUTS[path] = json.load(handle)
    return _INPUTS[path].get(check_id, [])


def _success_line(spec: Check, case: Case, outcome: dict[str, Any]) -> str:
    result = outcome["result"]
    if result.get("kind") == "number":
        return f"✓ {case.what}: {float(result['value']):.10g} {spec.unit}".rstrip()
    return f"✓ {case.what}"


def check(check_id: str, function: Any) -> None:
    """Run the check ``check_id`` (of any assignment of the course) on the student's ``function``."""
    spec = CHECKS[check_id]
    hidden = _hidden_inputs(check_id)
    visible = [run_case(function, case.args, case.kwargs, spec.exercise) for case in spec.visible]
    if hidden is not None:  # grading: report, decide nothing
        from IPython.display import display

        results = [
            run_case(
                function,
                tuple(decode_input(item["args"])),
                decode_input(item.get("kwargs", {})),
                spec.exercise,
            )
            for item in hidden
        ]
        display({RESULTS_MIME: {"check": check_id, "visible": visible, "hidden": results}}, raw=True)
        print(f"{len(visible) + len(results)} results sent to the grader")
        return
    for case, outcome in zip(spec.visible, visible, strict=True):
        problem = judge(
            case.kind or spec.kind,
            outcome,
            case.expected,
            tol=spec.tol,
            what=case.what,
            unit=spec.unit,
            function=spec.function,
            limits=spec.limits,
        )
        if problem:
            raise AssertionError(problem) from None
        print(_success_line(spec, case, outcome))
    print(f"✓ {spec.function}: the visible examples pass; the grader also tries unseen inputs")
