"""The intake (tools/grading/intake.py): hostile names, links, FIFOs, devices and sizes in submitted/.

Each test builds a small course folder (the course's config, solutions and release; no grading) and
checks what the intake leaves for nbgrader, what it moved aside (unread), and what the grades
report says about it.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import nbformat
import pytest

from tests.exercises.synthetic import ASSIGNMENT, NOTEBOOK, copy_course, read_nb, solved
from tools.grading import intake, report

NB = f"{NOTEBOOK}.ipynb"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return copy_course(tmp_path / "course")


def release_bytes(course: Path) -> bytes:
    return (course / "exercises" / ASSIGNMENT / NB).read_bytes()


def complete(course: Path) -> str:
    release = read_nb(course / "exercises" / ASSIGNMENT / NB)
    return json.dumps(solved(release, read_nb(course / "solutions" / ASSIGNMENT / NB)))


def folder(course: Path, student: str) -> Path:
    path = course / "submitted" / student / ASSIGNMENT
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_intake(course: Path) -> tuple[list[str], list[intake.Refusal]]:
    """The intake in a thread with a deadline: opening a FIFO would block it forever."""
    out: list = []
    worker = threading.Thread(
        target=lambda: out.append(intake.check_submitted(course, ASSIGNMENT)), daemon=True
    )
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the intake blocked: it opened a FIFO or a device"
    return out[0]


@pytest.mark.parametrize(
    "name",
    ["ada", "m1", "a.b_c-d", "A" * 64, "7seas"],
)
def test_valid_ids(name):
    assert intake.valid_student_id(name)


@pytest.mark.parametrize(
    "name",
    [
        "m1\nref2",
        "m1\n",
        "\nm1",
        "a/b",
        "..",
        "a..b",
        ".hidden",
        "",
        "A" * 65,
        "a b",
        "a+b",
        "<b>",
        "é",
        "-x",
        "m1\r",
    ],
)
def test_invalid_ids(name):
    """No newline (a trailing one included: ``$`` would accept it), no ``/``, no ``..``, bounded length."""
    assert not intake.valid_student_id(name)


def test_shown_is_one_inert_line():
    text = intake.shown("m1\nref2`<script>")
    assert "\n" not in text and text.count("`") == 2 and "\\n" in text


def test_a_clean_submission_is_kept_and_reserialised(course):
    path = folder(course, "ada") / NB
    path.write_text(complete(course), encoding="utf-8")
    students, refusals = run_intake(course)
    assert students == ["ada"] and refusals == []
    nb = nbformat.read(path, as_version=4)
    assert path.read_text(encoding="utf-8") == nbformat.writes(nb)
    assert not (course / intake.LOG).exists()


def test_invalid_ids_are_refused_whole_and_reported(course):
    for name in ("ada", "m1\nref2", "x..y"):
        (folder(course, name) / NB).write_text(complete(course), encoding="utf-8")
    students, refusals = run_intake(course)
    assert students == ["ada"]
    assert sorted(r.student for r in refusals) == ["m1\nref2", "x..y"]
    assert sorted(os.listdir(course / "submitted")) == ["ada"]
    text, rows = report.build_report(course, ASSIGNMENT)
    assert [r.student for r in rows] == ["ada"]
    assert "`m1\\nref2`" in text and "`x..y`" in text and "m1\nref2" not in text
    assert "Refused at intake" in text


def test_links_fifos_devices_and_hard_links_are_never_followed(course, tmp_path):
    solutions = course / "solutions" / ASSIGNMENT / NB
    os.symlink(solutions, folder(course, "link") / NB)
    shadow = folder(course, "shadow")
    os.symlink("/etc/shadow", shadow / NB)
    os.symlink("/etc", shadow / "etc")
    (shadow / "notes").mkdir()
    os.symlink("/etc/passwd", shadow / "notes" / "passwd.txt")
    victim = tmp_path / "victim_home.ipynb"
    victim.write_text(complete(course), encoding="utf-8")
    os.link(victim, folder(course, "hard") / NB)
    fifo = folder(course, "fifo")
    os.mkfifo(fifo / NB)
    device = True
    try:
        os.mknod(fifo / "zero.bin", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    except OSError:
        device = False
    os.symlink(course / "submitted" / "hard", course / "submitted" / "alias")  # a student folder link
    students, refusals = run_intake(course)
    assert students == ["fifo", "hard", "link", "shadow"]
    why = {r.item: r.reason for r in refusals}
    assert "symbolic link" in why[f"submitted/link/{ASSIGNMENT}/{NB}"]
    assert "symbolic link" in why[f"submitted/shadow/{ASSIGNMENT}/etc"]
    assert "symbolic link" in why[f"submitted/shadow/{ASSIGNMENT}/notes/passwd.txt"]
    assert "hard link" in why[f"submitted/hard/{ASSIGNMENT}/{NB}"]
    assert "FIFO" in why[f"submitted/fifo/{ASSIGNMENT}/{NB}"]
    assert "symbolic link" in why["submitted/alias"]
    if device:
        assert "device" in why[f"submitted/fifo/{ASSIGNMENT}/zero.bin"]
    for student in students:
        kept = folder(course, student) / NB
        # the refused notebook is replaced by the release: graded, 0 points, and the report says why
        assert not kept.is_symlink() and kept.read_bytes() == release_bytes(course), student
        assert f"submitted/{student}/{ASSIGNMENT}/{NB}" in why
        assert "graded as the unanswered release notebook" in why[f"submitted/{student}/{ASSIGNMENT}/{NB}"]
        for path in (course / "submitted" / student).rglob("*"):
            st = path.lstat()
            assert stat.S_ISDIR(st.st_mode) or (stat.S_ISREG(st.st_mode) and st.st_nlink == 1), path
    # what was refused is kept aside as it was (the links themselves, the FIFO), never a copy
    aside = {r.kept: r for r in refusals}
    for kept, r in aside.items():
        st = (course / kept).lstat()
        assert not stat.S_ISREG(st.st_mode) or st.st_nlink > 1, (kept, r)
    assert victim.read_text(encoding="utf-8") == complete(course)
    text, _rows = report.build_report(course, ASSIGNMENT)
    for student in students:
        block = text.split(f"- **{student}**", 1)[1].split("\n- **", 1)[0]
        assert "refused at autograde intake" in block, student
    assert "alias" in text


def test_sizes_and_nesting_are_bounded(course, monkeypatch):
    big = folder(course, "big") / NB
    with big.open("wb") as handle:  # sparse: the intake must refuse it by its size, unread
        handle.truncate(intake.MAX_FILE_BYTES + 1)
    deep = folder(course, "deep") / NB
    deep.write_text('{"cells": ' + "[" * 200 + "]" * 200 + "}", encoding="utf-8")
    many = folder(course, "many")
    (many / NB).write_text(complete(course), encoding="utf-8")
    for i in range(5):
        (many / f"data{i}.bin").write_bytes(b"x" * 400)
    corrupt = folder(course, "corrupt") / NB
    corrupt.write_text('{"cells": [', encoding="utf-8")
    monkeypatch.setattr(intake, "MAX_SUBMISSION_BYTES", len(complete(course).encode()) + 1000)
    students, refusals = run_intake(course)
    why = {r.item: r.reason for r in refusals}
    assert "too large" in why[f"submitted/big/{ASSIGNMENT}/{NB}"]
    assert "nested deeper" in why[f"submitted/deep/{ASSIGNMENT}/{NB}"]
    beyond = [
        item for item, reason in why.items() if item.startswith("submitted/many/") and "beyond" in reason
    ]
    assert len(beyond) == 3  # 2 x 400 bytes fit beside the notebook, the next 3 do not
    assert (folder(course, "big") / NB).read_bytes() == release_bytes(course)
    assert (folder(course, "deep") / NB).read_bytes() == release_bytes(course)
    assert corrupt.read_text(encoding="utf-8") == '{"cells": ['  # left for nbgrader: reported as corrupt
    assert f"submitted/corrupt/{ASSIGNMENT}/{NB}" not in why


def test_the_log_survives_a_second_run(course):
    os.symlink("/etc/shadow", folder(course, "shadow") / NB)
    run_intake(course)
    students, refusals = run_intake(course)
    assert students == ["shadow"] and refusals == []
    per_student, _invalid = intake.report_issues(course)
    assert len(per_student["shadow"]) == 1 and "symbolic link" in per_student["shadow"][0]


def test_reserialise_refuses_deep_json_without_recursing():
    assert intake.reserialise(b"[" * 100_000 + b"]" * 100_000).startswith("refused: JSON nested")
    assert intake.reserialise(b"not json") == "corrupt"
    assert intake.reserialise(b'{"cells": 3}') == "corrupt"
