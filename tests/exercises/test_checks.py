"""The checking code, in-process: encoding of results, the judge, the student-side check, the claims."""

from __future__ import annotations

import collections
import json
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
    with pytest.raises(AssertionError, match=r"^Are you in bits"):
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
        data={
            RESULTS_MIME: {
                "check": "ex1_entropy",
                "visible": [ok_zero] * len(CHECKS["ex1_entropy"].visible),
                "hidden": [ok_zero] * 4,
            }
        },
    )
    printed = v4.new_output("stream", name="stdout", text="✓ all checks passed\n")
    nb = v4.new_notebook(
        cells=[grade_cell("ex1_entropy", [forged, printed]), grade_cell("custom_test", [printed])]
    )
    nb, _ = DecideVerdicts().preprocess(nb, {})
    for cell in nb.cells:
        assert [o.output_type for o in cell.outputs] == ["error"], cell.metadata["nbgrader"]["grade_id"]


# ---- results that do not fit: every one fails its cell with a message, none crashes the grader ----
def _payload(check_id="ex1_entropy", visible=None, hidden=None):
    from tools.grading.hidden import hidden_cases
    from tools.grading.reference import REFERENCES

    spec = CHECKS[check_id]
    cases = hidden_cases(5)[check_id]
    function = REFERENCES[spec.function]
    good_visible = [grader.run_case(function, c.args, c.kwargs, spec.exercise) for c in spec.visible]
    good_hidden = [grader.run_case(function, c.args, c.kwargs, spec.exercise) for c in cases]
    payload = {
        "check": check_id,
        "visible": good_visible if visible is None else visible,
        "hidden": good_hidden if hidden is None else hidden,
    }
    return payload, cases


def _number(value):
    return {"status": "ok", "result": {"kind": "number", "type": "float", "value": value}}


def _nested(depth):
    value = _number(0.5)["result"]
    for _ in range(depth):
        value = {"kind": "tuple", "type": "tuple", "items": [value]}
    return {"status": "ok", "result": value}


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        (_number(10**400), "too large for a float"),
        (_number(-(10**400)), "too large for a float"),
        (_number(True), "of type bool"),
        (_number(float("nan")), "raw non-finite"),
        (_number("1.5"), "string other than"),
        (_number([0.5]), "of type list"),
        (_nested(50), "nested too deeply"),
        ({"status": "ok", "result": {"kind": "number", "type": "x" * 10**6, "value": 0.5}}, "a type"),
        ({"status": "ok", "result": {"kind": "number", "type": "float", "value": 0.5, "extra": 1}}, "keys"),
        ({"status": "ok"}, "carries no result"),
        ({"status": "raised", "detail": "d" * 10**6}, "a detail"),
        ({"status": "passed"}, "unknown status"),
        ({"status": "ok", "result": {"kind": "magic", "type": "float"}}, "no known kind"),
        (
            {
                "status": "ok",
                "result": {"kind": "array", "type": "ndarray", "shape": [2, 2], "values": [0.0]},
            },
            "do not fill its shape",
        ),
        (
            {
                "status": "ok",
                "result": {"kind": "array", "type": "ndarray", "shape": [10**9, 10**9], "values": []},
            },
            "shape",
        ),
        (
            {
                "status": "ok",
                "result": {"kind": "array", "type": "ndarray", "shape": [2.0], "values": [0, 0]},
            },
            "shape",
        ),
        ("not an outcome", "not an object"),
        ({1: 2}, "keys"),
    ],
)
def test_a_result_that_does_not_fit_fails_the_cell_with_a_clear_message(outcome, words):
    from tools.grading.nbgrader_plugins import verdict

    spec = CHECKS["ex1_entropy"]
    payload, cases = _payload(visible=[outcome] + [_number(0.0)] * (len(spec.visible) - 1))
    problem, lines = verdict("ex1_entropy", payload, cases)
    assert problem.startswith("This cell's results are malformed (visible result 1: ") and words in problem
    assert lines == [] and len(problem) < 400


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.update(extra=1),
        lambda p: p.update(check=["ex1_entropy"]),
        lambda p: p.update(hidden=p["hidden"] * 1000),
        lambda p: p.update(visible={"a": 1}),
        lambda p: p.pop("hidden"),
    ],
)
def test_a_payload_of_the_wrong_shape_fails_the_cell(change):
    from tools.grading.nbgrader_plugins import verdict

    payload, cases = _payload()
    assert verdict("ex1_entropy", payload, cases)[0] is None
    change(payload)
    problem, _ = verdict("ex1_entropy", payload, cases)
    assert problem and ("not those of this check" in problem or "incomplete" in problem)


def test_decide_verdicts_survives_forged_outputs_of_every_kind():
    """The 10**400 payload of the red team, outputs that are not objects, a grade id that is a list."""
    from nbformat import v4
    from nbformat.notebooknode import from_dict

    from tools.grading.nbgrader_plugins import RESULTS_MIME, DecideVerdicts

    payload, _ = _payload(visible=[_number(10**400)] * len(CHECKS["ex1_entropy"].visible))

    def grade_cell(gid, outputs):
        cell = v4.new_code_cell("...")
        cell.outputs = outputs
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": gid, "points": 1}
        return cell

    cells = [
        grade_cell(
            "ex1_entropy", [from_dict({"output_type": "display_data", "data": {RESULTS_MIME: payload}})]
        ),
        grade_cell("ex1_mi", [from_dict({"output_type": "display_data", "data": [RESULTS_MIME]})]),
        grade_cell("ex3_kl", ["not an output", 7]),
        grade_cell("ex3_mi_as_kl", [from_dict({"output_type": "error", "ename": ["x"], "evalue": 10**400})]),
        grade_cell(["ex1_entropy"], []),
    ]
    nb = v4.new_notebook()
    nb.cells = cells  # no validation: the forged outputs are what a kernel could leave
    nb, _ = DecideVerdicts().preprocess(nb, {})
    for cell in nb.cells:
        assert [o.output_type for o in cell.outputs] == ["error"]
    assert "too large for a float" in nb.cells[0].outputs[0].evalue


def _json_values():
    from hypothesis import strategies as st

    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.integers(min_value=10**300, max_value=10**500)
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=20)
        | st.sampled_from(["inf", "-inf", "nan", "ok", "number", "array", "tuple", "float", "status"])
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=5)
            | st.dictionaries(
                st.sampled_from(
                    ["kind", "type", "value", "values", "shape", "items", "status", "result", "detail"]
                )
                | st.text(max_size=5),
                inner,
                max_size=5,
            )
        ),
        max_leaves=30,
    )


def test_arbitrary_json_never_crashes_the_verdict():
    """Hypothesis throws arbitrary JSON at every level of a payload; the verdict always answers."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tools.grading.nbgrader_plugins import verdict

    payload, cases = _payload("ex9_capacity")

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(junk=_json_values(), where=st.sampled_from(["payload", "visible", "hidden", "result", "items"]))
    def throw(junk, where):
        forged = json.loads(json.dumps(payload))
        if where == "payload":
            forged = junk
        elif where == "visible":
            forged["visible"][0] = junk
        elif where == "hidden":
            forged["hidden"][-1] = junk
        elif where == "result":
            forged["hidden"][0]["result"] = junk
        else:
            forged["hidden"][0]["result"]["items"][0] = junk
        problem, lines = verdict("ex9_capacity", forged, cases)
        assert isinstance(problem, str) and isinstance(lines, list)

    throw()


# ---- what the cell titles announce is met in the visible examples -----------------------------------
def test_the_visible_examples_hold_the_cases_the_titles_announce():
    def has(check_id, predicate):
        return any(predicate(case) for case in CHECKS[check_id].visible)

    assert has("ex1_entropy", lambda c: 0.0 in np.ravel(c.args[0]))  # empty cells included
    assert has("ex3_kl", lambda c: c.expected == math.inf)  # infinite divergence
    assert has("ex3_kl", lambda c: 0.0 in c.args[0])  # empty cells
    assert has("ex9_capacity", lambda c: c.kind == "first_certified" and len(c.args[0]) == 3)
    assert has("ex10_retrieval", lambda c: "tie" in c.what)


def test_the_visible_tolerance_case_catches_every_change_based_stopping_rule():
    from mi_exercises.spec import CHANNEL_3X3
    from tools.grading.hidden import separates_stopping_rules

    assert separates_stopping_rules(np.array(CHANNEL_3X3), (1e-2, 1e-3))
    assert not separates_stopping_rules(np.array([[1.0, 0.0], [0.5, 0.5]]), (1e-3,))  # the old visible case


def test_a_correlation_beyond_one_is_explained():
    spec = CHECKS["ex2_correlation"]
    message = judge("number", ok(1.25), 0.8, tol=1e-12, what="r", unit="", limits=spec.limits)
    assert message.startswith("It cannot be 1.25 on r: a correlation lies in [-1, 1] (Cauchy-Schwarz")
    hidden = judge("number", ok(-3.0), -1.0, tol=1e-12, what="r", unit="", hidden=True, limits=spec.limits)
    assert "cannot be -3" in hidden
    assert judge("number", ok(1.0), 1.0, tol=1e-12, what="r", unit="", limits=spec.limits) is None


def test_repeats_that_are_all_alike_fail_the_spread_check():
    case = CHECKS["ex6_claims"].visible[0]
    same = judge("mean_between", ok(np.full(10, 0.25)), case.expected, tol=0, what="30 bins")
    assert same.startswith("Draw every repeat from the one generator") and "identical" in same
    jitter = judge("mean_between", ok(0.25 + 1e-4 * np.arange(10)), case.expected, tol=0, what="30 bins")
    assert "far too alike" in jitter
    wild = judge("mean_between", ok(0.25 + np.tile([-0.5, 0.5], 5)), case.expected, tol=0, what="30 bins")
    assert "vary far more" in wild
    from tools.grading.reference import histogram_bias

    assert judge("mean_between", ok(histogram_bias(*case.args)), case.expected, tol=0, what="x") is None
