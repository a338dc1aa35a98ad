"""The parent-worker protocol (tools/grading/worker.py, tools/grading/run.py): framed JSON both ways.

The old protocol wrote ids one per line and applied each answer to the student the parent had
sent: a folder named ``"m1\\nref2"`` shifted every later answer of that worker. Here a hostile id
stays one message, a real worker refuses it by name, and forged workers (answering for another
student, out of step, with garbage) are stopped without any grade reaching anyone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.exercises.synthetic import ASSIGNMENT, copy_course
from tools.grading import run
from tools.grading import worker as protocol

RECORD = {"first_name": None, "last_name": None, "email": None, "timestamp": None, "notebooks": {}}


def answer(student: object, **changes: object) -> str:
    message = {"student": student, "ok": True, "seconds": 0.5, "error": None, "record": RECORD} | changes
    return json.dumps(message) + "\n"


@pytest.mark.parametrize("student", ["m1\nref2", "m1\n", 'a"b', "x\u2028y", "\\n"])
def test_a_request_is_one_line_whatever_the_id(student):
    line = protocol.request(student)
    assert line.count("\n") == 1 and line.endswith("\n")
    assert json.loads(line) == {"student": student}


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("m1\n", "not JSON"),
        ('{"student": "m1\\nref2"}\n', "not a valid student id"),
        ('{"student": "a..b"}\n', "not a valid student id"),
        ('{"student": "m1", "force": true}\n', "nothing else"),
        ('["m1"]\n', "nothing else"),
        ('{"student": "m1"}', "one line"),
        ('{"student": "' + "a" * 5000 + '"}\n', "one line"),
    ],
)
def test_the_worker_refuses_malformed_requests(line, why):
    with pytest.raises(protocol.ProtocolError, match=why):
        protocol.read_request(line)


def test_a_good_answer_passes():
    assert protocol.checked_answer(answer("m1"), "m1")["record"] == RECORD
    assert protocol.checked_answer(answer("m1", ok=False, record=None, error="x"), "m1")["ok"] is False
    assert protocol.checked_answer(answer("m1", record=None), "m1", task="feedback")["ok"] is True


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (answer("ref2"), "answered for 'ref2'"),
        (answer("m1\nref2"), "answered for"),
        (answer(None), "answered for None"),
        ("garbage\n", "not JSON"),
        ("[1, 2]\n", "not a JSON object"),
        (answer("m1").rstrip("\n"), "cut short"),
        (answer("m1", ok="yes"), "'ok'"),
        (answer("m1", seconds=True), "'seconds'"),
        (answer("m1", record=[1]), "'record'"),
        (answer("m1", record=None), "without the student's record"),
        (answer("m1", grades={"x": 1}), "other fields"),
        (answer("m1", error="y" * protocol.MAX_ANSWER_CHARS), "longer than"),
    ],
)
def test_a_bad_answer_is_a_protocol_error(line, why):
    with pytest.raises(protocol.ProtocolError, match=why):
        protocol.checked_answer(line, "m1")


FORGED = textwrap.dedent(
    """
    import json, sys
    # Honest for the first request, then answers the next one for "victim" (out of step).
    n = 0
    while line := sys.stdin.readline():
        n += 1
        student = json.loads(line)["student"]
        record = {"first_name": None, "last_name": None, "email": None, "timestamp": None,
                  "notebooks": {"nb": {"flagged": False, "late_submission_penalty": None,
                                       "grades": {"cell": [44.0, False]}, "comments": {}}}}
        name = student if n == 1 else "victim"
        sys.stdout.write(json.dumps({"student": name, "ok": True, "seconds": 0.1, "error": None,
                                     "record": record}) + "\\n")
        sys.stdout.flush()
    """
)

NOISY = textwrap.dedent(
    """
    import sys
    while sys.stdin.readline():
        sys.stdout.write("Grading m1... done\\n")  # stray text on stdout, as an old worker might print
        sys.stdout.flush()
    """
)


def serve(
    tmp_path: Path, script: str, students: list[str]
) -> tuple[list[tuple[str, dict]], list[run._Worker]]:
    """``run._serve`` with workers running ``script`` instead of tools.grading.worker."""
    course = tmp_path / "course"
    course.mkdir(exist_ok=True)
    program = tmp_path / "forged_worker.py"
    program.write_text(script, encoding="utf-8")
    handled: list[tuple[str, dict]] = []
    made: list[run._Worker] = []

    def start(index: int) -> run._Worker:
        worker = run._Worker(course, ASSIGNMENT, False, index, {}, program=[sys.executable, str(program)])
        made.append(worker)
        return worker

    run._serve(students, 1, start, lambda student, got: handled.append((student, got)))
    return handled, made


def test_a_worker_answering_for_another_student_is_stopped_and_its_student_failed(tmp_path, capsys):
    handled, made = serve(tmp_path, FORGED, ["ann", "bob", "cat", "dan"])
    by_student = dict(handled)
    assert [s for s, _ in handled] == ["ann", "bob", "cat", "dan"]
    assert all(got["student"] == student for student, got in handled)  # no answer moves to another
    assert by_student["ann"]["ok"] and by_student["cat"]["ok"]  # each on a fresh worker's first request
    for student in ("bob", "dan"):
        assert not by_student[student]["ok"] and by_student[student]["record"] is None
        assert "broke the protocol" in by_student[student]["error"]
        assert "'victim'" in by_student[student]["error"]
    assert "victim" not in by_student
    assert len(made) == 3 and all(w.proc.poll() is not None for w in made[:2])
    assert capsys.readouterr().out.count("broke the protocol and was stopped") == 2


def test_stray_text_on_a_workers_stdout_fails_loudly(tmp_path):
    handled, _made = serve(tmp_path, NOISY, ["m1", "ref2"])
    assert [s for s, _ in handled] == ["m1", "ref2"]
    assert all(not got["ok"] and "not JSON" in got["error"] for _, got in handled)


@pytest.mark.slow
def test_a_real_worker_refuses_a_hostile_id_by_name(tmp_path):
    """The real worker answers a hostile id with a refusal naming exactly that id, and the worker goes
    on: the next (valid) request is answered for its own student."""
    course = copy_course(tmp_path / "course")
    logs = tmp_path / "logs"
    logs.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.grading.worker", "--task", "feedback", "--course", str(course)]
        + ["--assignment", ASSIGNMENT, "--logs", str(logs)],
        cwd=course,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=run._env() | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    try:
        answers = []
        for line in (
            protocol.request("m1\nref2"),
            protocol.request("../x"),
            "ref2\n",
            protocol.request("ref2"),
        ):
            proc.stdin.write(line)
            proc.stdin.flush()
            answers.append(proc.stdout.readline())
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
        proc.stdout.close()
    hostile = protocol.checked_answer(answers[0], "m1\nref2", task="feedback")
    assert not hostile["ok"] and "not a valid student id" in hostile["error"]
    assert not protocol.checked_answer(answers[1], "../x", task="feedback")["ok"]
    with pytest.raises(protocol.ProtocolError):  # an old-style bare line is refused, naming nobody
        protocol.checked_answer(answers[2], "ref2", task="feedback")
    last = protocol.checked_answer(answers[3], "ref2", task="feedback")
    assert last["student"] == "ref2" and not last["ok"]  # nothing to give feedback on, but for ref2
    assert sorted(p.name for p in logs.iterdir()) == ["ref2.feedback.log"]
