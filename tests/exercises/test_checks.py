"""The checking code, in-process: encoding of results, the judge, the student-side check, the claims."""

from __future__ import annotations

import collections
import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from mi_exercises import claims, grader
from mi_exercises.compare import judge
from mi_exercises.encoding import decode_input, encode_input, encode_result
from mi_exercises.spec import CHECKS


def ok(value):
    return {"status": "ok", "result": encode_result(value)}


def test_numbers_of_every_honest_type_are_accepted():
    for value in (0.5, np.float64(0.5), np.float32(0.5), 1):
        assert judge("number", ok(value), float(value), tol=1e-7, what="x") is None


def test_the_hint_comes_first_and_units_only_where_they_mean_something():
    message = judge(
        "number",
        ok(0.19274475702175753 / math.log(2)),
        0.19274475702175753,
        tol=1e-12,
        what="I of the table",
        unit="nats",
    )
    assert message.startswith("Are you in bits?")
    unitless = judge("number", ok(0.5), 0.8, tol=1e-12, what="r", unit="")
    assert "nats" not in unitless and "bits" not in unitless and "  " not in unitless


def test_hidden_messages_never_show_the_expected_value():
    message = judge("number", ok(0.1), 0.123456789, tol=1e-12, what="an unseen table", hidden=True)
    assert "0.123" not in message and "expected value is not shown" in message


def test_objects_that_claim_equality_are_described_by_what_they_store():
    class Liar(float):
        def __eq__(self, other):
            return True

        def __float__(self):
            return 0.25

    class Blob:
        def __eq__(self, other):
            return True

    assert judge("number", ok(Liar(0.0)), 0.25, tol=1e-12, what="x").startswith("Return float(...)")
    assert judge("number", ok(Blob()), 0.25, tol=1e-12, what="x").startswith("Return float(...)")


def test_tuple_subclasses_and_numpy_bools_are_accepted():
    Terms = collections.namedtuple("Terms", "a b c")
    assert judge("triple", ok(Terms(0.1, 0.2, 0.3)), (0.1, 0.2, 0.3), tol=1e-12, what="t") is None
    claims.claim(np.bool_(True), "a numpy bool is a boolean")
    claims.claim_between("a numpy float", np.float64(0.5), 0.0, 1.0)
    with pytest.raises(AssertionError, match="too big"):
        claims.claim(np.bool_(False), "too big")


def test_arrays_are_checked_for_type_and_shape():
    assert judge("array", ok(np.zeros((2, 2))), ([0.0] * 4, (2, 2)), tol=0, what="P") is None
    assert "shape" in judge("array", ok(np.zeros(4)), ([0.0] * 4, (2, 2)), tol=0, what="P")
    assert judge("array", ok([0.0, 1.0]), ([0.0, 1.0], (2,)), tol=0, what="p") is None


def test_inputs_round_trip_through_json():
    value = {"a": np.arange(6.0).reshape(2, 3), "b": [math.inf, 1.0]}
    back = decode_input(encode_input(value))
    assert np.array_equal(back["a"], value["a"]) and back["b"] == [math.inf, 1.0]


def test_run_case_reports_warnings_exceptions_and_missing_work():
    assert grader.run_case(lambda: np.log(0.0), (), {}, "ex1")["status"] == "warning"
    assert grader.run_case(lambda: 1 / 0, (), {}, "ex1")["detail"].startswith("ZeroDivisionError")
    assert grader.run_case(None, (), {}, "ex1")["status"] == "not_callable"

    def todo():
        raise NotImplementedError()

    assert grader.run_case(todo, (), {}, "ex1")["status"] == "not_implemented"


def test_forbidden_helpers_are_seen_however_called_even_from_a_thread():
    import mi_helpers
    from mi_helpers import entropy as renamed

    def via_thread(p):
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(mi_helpers.entropy, p).result()

    for function in (lambda p: renamed(p), lambda p: mi_helpers.entropy(p), via_thread):
        outcome = grader.run_case(function, ([0.5, 0.5],), {}, "ex1")
        assert outcome["status"] == "forbidden" and "mi_helpers.entropy" in outcome["detail"]
    # every exercise: while grading, a withheld helper is missing whichever exercise reaches it
    assert grader.run_case(lambda p: mi_helpers.entropy(p), ([0.5, 0.5],), {}, "ex8")["status"] == "forbidden"
    assert grader.run_case(lambda p: mi_helpers.binary_entropy(p), (0.5,), {}, "ex5")["status"] == "ok"


def test_the_student_side_check_passes_the_reference_and_explains_a_failure(capsys):
    from tools.grading import reference

    grader.check("ex1_entropy", reference.entropy_nats)
    assert "✓ H of [0.5, 0.5]" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="^Are you in bits"):
        grader.check("ex1_entropy", lambda p: reference.entropy_nats(p) / math.log(2))


def test_visible_expected_values_agree_with_the_reference():
    """The numbers students see were computed independently of the grader's reference code."""
    from tools.grading import reference

    for check in CHECKS.values():
        for case in check.visible:
            outcome = ok(reference.REFERENCES[check.function](*case.args, **case.kwargs))
            assert (
                judge(
                    case.kind or check.kind, outcome, case.expected, tol=max(check.tol, 1e-12), what=case.what
                )
                is None
            ), (check.id, case.what)


def test_the_grader_decides_every_test_cell_and_trusts_no_printed_pass():
    """DecideVerdicts replaces every autograded cell's outputs: a forged pass or an unknown cell fails."""
    from nbformat import v4

    from tools.grading.nbgrader_plugins import RESULTS_MIME, DecideVerdicts

    def grade_cell(gid, outputs):
        cell = v4.new_code_cell("...", outputs=outputs)
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": gid, "points": 1}
        return cell

    ok_zero = {"status": "ok", "result": {"kind": "number", "type": "float", "value": 0.0}}
    forged = v4.new_output(
        "display_data",
        data={RESULTS_MIME: {"check": "ex1_entropy", "visible": [ok_zero] * 2, "hidden": [ok_zero] * 4}},
    )
    printed = v4.new_output("stream", name="stdout", text="✓ all checks passed\n")
    nb = v4.new_notebook(
        cells=[grade_cell("ex1_entropy", [forged, printed]), grade_cell("custom_test", [printed])]
    )
    nb, _ = DecideVerdicts().preprocess(nb, {})
    for cell in nb.cells:
        assert [o.output_type for o in cell.outputs] == ["error"], cell.metadata["nbgrader"]["grade_id"]
