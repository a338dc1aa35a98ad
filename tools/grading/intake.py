"""The intake: what a student hands in is checked here, once, before any grading tool reads it.

A submission is hostile data. Before ``make autograde`` (and for every entry ``make collect`` copies
from the exchange, see :mod:`tools.grading.collect`) each ``submitted/<student>/<assignment>/``
folder goes through these rules; whatever breaks one is *refused*: moved out of ``submitted/`` into
``refused/`` (renamed, never opened), logged in ``refused/intake.json`` (the grades report lists
every entry), printed by the command, and never seen by nbgrader. Nothing refused stops the other
students from being graded.

- **Student ids** must match :data:`STUDENT_ID` (a letter or digit, then up to 63 letters, digits,
  ``.``, ``_`` or ``-``; no ``..``): no newline, no ``/``, no ``+``, no space, no markup. A folder
  with any other name is refused whole; that student is in no gradebook.
- **Only regular files and folders.** A symbolic link, a device, a FIFO or a socket is refused and
  never followed; so is a regular file with more than one name (``st_nlink > 1``, a hard link: its
  content may be someone else's).
- **Sizes are bounded**: :data:`MAX_FILE_BYTES` per file, :data:`MAX_SUBMISSION_BYTES` and
  :data:`MAX_ENTRIES` per submission, :data:`MAX_FOLDER_DEPTH` levels of folders.
- **Notebooks are parsed and re-serialised**: a notebook of the release is read as JSON (nesting at
  most :data:`MAX_JSON_DEPTH` levels), through nbformat, and written back in nbformat's own form. A
  file that is not JSON at all stays where it is: nbgrader cannot grade it and the report names it
  "corrupt", as before.

A refused *notebook* of the release is replaced by the release notebook itself, unanswered: the
student is graded, scores 0 on every cell, and the report says why.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

#: A student id: what ``submitted/<student>`` and an exchange entry's first field may be.
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
MAX_FILE_BYTES = 16 * 1024**2
MAX_SUBMISSION_BYTES = 64 * 1024**2
MAX_ENTRIES = 256
MAX_FOLDER_DEPTH = 8
MAX_JSON_DEPTH = 64
#: Cells a notebook may hold (the release has 67). Every cell costs the grader's own processes
#: time (autograde, feedback, report) even unexecuted: 40 000 markdown cells took one submission
#: from about 8 s to a minute in each of the three.
MAX_CELLS = 2000
LOG = Path("refused") / "intake.json"
#: Added to the reason of a refused notebook that the release notebook replaced.
BLANKED = "; graded as the unanswered release notebook (0 points)"


@dataclass(frozen=True)
class Refusal:
    """One thing refused at intake: whose, which item (relative to the course), why, where it went."""

    student: str
    item: str
    reason: str
    stage: str = "autograde"
    kept: str = ""

    def line(self) -> str:
        """One line for a terminal or a Markdown list (every student-chosen string escaped)."""
        where = f"; kept in {shown(self.kept)}" if self.kept else ""
        where = where or ("; left in the exchange" if self.stage == "collect" else "")
        return f"{shown(self.item)}: {self.reason}{where}"


def valid_student_id(name: str) -> bool:
    """Whether ``name`` is an acceptable student id (see :data:`STUDENT_ID`).

    Parameters
    ----------
    name : str
        A folder name or the first field of an exchange entry.

    Returns
    -------
    bool
        True only for a full match of :data:`STUDENT_ID` with no ``..`` in it.
    """
    return isinstance(name, str) and STUDENT_ID.fullmatch(name) is not None and ".." not in name


def shown(text: str, limit: int = 120) -> str:
    """``text`` as inert ASCII inside a Markdown code span: newlines, controls and backticks escaped."""
    escaped = ascii(str(text))[1:-1].replace("`", "\\x60")
    if len(escaped) > limit:
        escaped = escaped[:limit] + "..."
    return f"`{escaped}`"


def file_problem(st: os.stat_result) -> str | None:
    """Why a file with this ``lstat`` cannot be taken in, or None if it can.

    Parameters
    ----------
    st : os.stat_result
        The result of ``os.lstat`` (links not followed) or of ``os.fstat`` on an opened file.

    Returns
    -------
    str or None
        A short reason (symbolic link, FIFO, device, socket, hard link, too large), or None for a
        folder or for a regular file with one name within :data:`MAX_FILE_BYTES`.
    """
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link (never followed)"
    if stat.S_ISFIFO(mode):
        return "a FIFO (never opened)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device (never opened)"
    if stat.S_ISSOCK(mode):
        return "a socket (never opened)"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if st.st_nlink > 1:
        return f"a hard link ({st.st_nlink} names for one file: its content may be someone else's)"
    if st.st_size > MAX_FILE_BYTES:
        return f"too large ({st.st_size} bytes; at most {MAX_FILE_BYTES})"
    return None


def json_depth(value: object) -> int:
    """The nesting depth of parsed JSON (a scalar is 0), computed without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def reserialise(data: bytes) -> bytes | str:
    """A notebook's bytes parsed (bounded) and written again by nbformat; or why it cannot be.

    Returns
    -------
    bytes or str
        The new bytes, ``"corrupt"`` when the data is not a notebook at all (left to nbgrader,
        whose failure the report already names), or a reason string starting with "refused: ".
    """
    import warnings

    import nbformat

    if len(data) > MAX_FILE_BYTES:
        return f"refused: too large ({len(data)} bytes; at most {MAX_FILE_BYTES})"
    try:
        parsed = json.loads(data.decode("utf-8"))
    except RecursionError:
        return f"refused: JSON nested deeper than {MAX_JSON_DEPTH} levels"
    except (UnicodeDecodeError, ValueError):
        return "corrupt"
    if json_depth(parsed) > MAX_JSON_DEPTH:
        return f"refused: JSON nested deeper than {MAX_JSON_DEPTH} levels"
    if not isinstance(parsed, dict) or not isinstance(parsed.get("cells", []), list):
        return "corrupt"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(parsed), as_version=4)
            if len(nb.cells) > MAX_CELLS:
                return f"refused: more than {MAX_CELLS} cells ({len(nb.cells)})"
            return nbformat.writes(nb).encode("utf-8")
    except Exception:  # nbformat's own errors for a JSON that is no notebook
        return "corrupt"


def release_notebooks(course: Path, assignment: str) -> dict[str, Path]:
    """Notebook file name -> the release notebook (``exercises/<assignment>/``)."""
    folder = course / "exercises" / assignment
    return {p.name: p for p in sorted(folder.glob("*.ipynb"))} if folder.is_dir() else {}


def quarantine_key(student: str) -> str:
    """The folder under ``refused/`` for a student's refused items (a digest for an invalid id)."""
    if valid_student_id(student):
        return student
    return "invalid-id-" + hashlib.sha256(student.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _quarantine(course: Path, path: Path, student: str) -> str:
    """Move ``path`` (not followed) under ``refused/``; the new place, relative to the course."""
    relative = path.relative_to(course / "submitted")
    parts = [
        quarantine_key(student),
        *(quarantine_key(p) if not valid_student_id(p) else p for p in relative.parts[1:]),
    ]
    target = course / "refused" / time.strftime("%Y%m%dT%H%M%S") / Path(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    while os.path.lexists(target):
        n += 1
        target = target.with_name(f"{target.name}.{n}")
    os.rename(path, target)
    return str(target.relative_to(course))


def record(course: Path, refusals: list[Refusal]) -> None:
    """Add ``refusals`` to ``refused/intake.json`` (kept across runs; delete ``refused/`` to forget)."""
    if not refusals:
        return
    log = course / LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    entries = read_log(course)
    known = {(e.student, e.item, e.reason, e.stage) for e in entries}
    entries += [r for r in refusals if (r.student, r.item, r.reason, r.stage) not in known]
    scratch = log.with_suffix(".tmp")
    scratch.write_text(json.dumps([asdict(e) for e in entries], indent=1), encoding="utf-8")
    os.replace(scratch, log)


def read_log(course: Path) -> list[Refusal]:
    """Every refusal logged in ``refused/intake.json`` (empty when there is none or it is unreadable)."""
    try:
        data = json.loads((course / LOG).read_text(encoding="utf-8"))
        return [
            Refusal(**{k: str(e[k]) for k in ("student", "item", "reason", "stage", "kept")}) for e in data
        ]
    except (OSError, ValueError, TypeError, KeyError):
        return []


def blank_notebook(course: Path, assignment: str, name: str, into: Path) -> bool:
    """Put the unanswered release notebook ``name`` into the folder ``into``; False if there is none."""
    release = release_notebooks(course, assignment).get(name)
    if release is None:
        return False
    into.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(release, into / name)
    return True


def check_submitted(
    course: Path, assignment: str, stage: str = "autograde"
) -> tuple[list[str], list[Refusal]]:
    """Apply the intake rules to every folder of ``submitted/``; the students left and what was refused.

    Parameters
    ----------
    course : Path
        The course root (``submitted/``, ``exercises/`` and ``refused/`` live there).
    assignment : str
        The assignment whose folders are checked.
    stage : str
        Which command runs the intake (recorded with each refusal).

    Returns
    -------
    students : list of str
        The valid student ids whose folder is a real folder, sorted.
    refusals : list of Refusal
        Everything refused, also added to ``refused/intake.json``.
    """
    submitted = course / "submitted"
    refusals: list[Refusal] = []
    students: list[str] = []
    if not submitted.is_dir():
        return students, refusals
    for entry in sorted(os.scandir(submitted), key=lambda e: e.name):
        path = Path(entry.path)
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISREG(st.st_mode) and valid_student_id(entry.name):
            continue  # a stray file of the grader's in submitted/: no student folder, nothing graded
        item = f"submitted/{entry.name}"
        if not valid_student_id(entry.name):
            why = (
                "the student id does not match "
                + STUDENT_ID.pattern
                + " (no '..'): the whole folder is refused"
            )
            refusals.append(Refusal(entry.name, item, why, stage, _quarantine(course, path, entry.name)))
            continue
        if not stat.S_ISDIR(st.st_mode):
            why = f"the student folder is {file_problem(st) or 'not a folder'}"
            refusals.append(Refusal(entry.name, item, why, stage, _quarantine(course, path, entry.name)))
            continue
        students.append(entry.name)
        refusals += check_student(course, assignment, entry.name, stage)
    record(course, refusals)
    return students, refusals


def check_student(course: Path, assignment: str, student: str, stage: str = "autograde") -> list[Refusal]:
    """The intake rules on one ``submitted/<student>/<assignment>/``; what was refused (not yet logged)."""
    refusals: list[Refusal] = []
    top = course / "submitted" / student
    folder = top / assignment
    releases = release_notebooks(course, assignment)
    for entry in sorted(os.scandir(top), key=lambda e: e.name):  # other assignments' folders: only links
        st = entry.stat(follow_symlinks=False)
        problem = file_problem(st)
        if problem and entry.name != assignment:
            item = f"submitted/{student}/{entry.name}"
            refusals.append(
                Refusal(student, item, problem, stage, _quarantine(course, Path(entry.path), student))
            )
    if not os.path.lexists(folder):
        return refusals
    if not stat.S_ISDIR(os.lstat(folder).st_mode):
        item = f"submitted/{student}/{assignment}"
        problem = file_problem(os.lstat(folder)) or "not a folder"
        refusals.append(
            Refusal(
                student,
                item,
                f"the submission folder is {problem}",
                stage,
                _quarantine(course, folder, student),
            )
        )
        for name in releases:
            blank_notebook(course, assignment, name, folder)
        return refusals
    budget = {"bytes": 0, "entries": 0}
    _check_tree(course, student, folder, 0, budget, refusals, stage, first=set(releases))
    for name in releases:
        path = folder / name
        if not path.exists():
            if any(r.item == f"submitted/{student}/{assignment}/{name}" for r in refusals):
                blank_notebook(course, assignment, name, folder)
            continue
        result = reserialise(path.read_bytes())
        if isinstance(result, bytes):
            scratch = path.with_name(f".{name}.intake")
            scratch.write_bytes(result)
            os.replace(scratch, path)
        elif result != "corrupt":
            item = f"submitted/{student}/{assignment}/{name}"
            refusals.append(
                Refusal(
                    student, item, result.removeprefix("refused: "), stage, _quarantine(course, path, student)
                )
            )
            blank_notebook(course, assignment, name, folder)
    return [
        replace(r, reason=r.reason + BLANKED)
        if Path(r.item).name in releases
        and (folder / Path(r.item).name).is_file()
        and Path(r.item).parent == Path("submitted", student, assignment)
        else r
        for r in refusals
    ]


def _check_tree(
    course: Path,
    student: str,
    folder: Path,
    depth: int,
    budget: dict[str, int],
    refusals: list[Refusal],
    stage: str,
    first: set[str] | frozenset[str] = frozenset(),
) -> None:
    # the release's notebooks are counted first: files beside them cannot push them over the budget
    for entry in sorted(os.scandir(folder), key=lambda e: (e.name not in first, e.name)):
        path = Path(entry.path)
        item = str(path.relative_to(course))
        st = entry.stat(follow_symlinks=False)
        budget["entries"] += 1
        problem = file_problem(st)
        if problem is None and budget["entries"] > MAX_ENTRIES:
            problem = f"beyond the {MAX_ENTRIES} files and folders a submission may hold"
        if problem is None and any(ord(c) < 32 or ord(c) == 127 for c in entry.name):
            problem = "a name with control characters (never shown raw)"
        if problem is None and stat.S_ISDIR(st.st_mode) and depth + 1 > MAX_FOLDER_DEPTH:
            problem = f"folders nested deeper than {MAX_FOLDER_DEPTH} levels"
        if problem is None and stat.S_ISREG(st.st_mode):
            if budget["bytes"] + st.st_size > MAX_SUBMISSION_BYTES:
                problem = f"beyond the {MAX_SUBMISSION_BYTES} bytes a submission may hold"
            else:
                budget["bytes"] += st.st_size
        if problem is not None:
            refusals.append(Refusal(student, item, problem, stage, _quarantine(course, path, student)))
        elif stat.S_ISDIR(st.st_mode):
            _check_tree(course, student, path, depth + 1, budget, refusals, stage)


def report_issues(course: Path) -> tuple[dict[str, list[str]], list[str]]:
    """What the grades report says about the intake log.

    Returns
    -------
    per_student : dict
        Valid student id -> one "refused at intake" issue per refused item.
    invalid : list of str
        One line per folder refused for its id (the id escaped), for a section of its own.
    """
    per_student: dict[str, list[str]] = {}
    invalid: list[str] = []
    for r in read_log(course):
        if valid_student_id(r.student):
            per_student.setdefault(r.student, []).append(f"refused at {r.stage} intake: {r.line()}")
        else:
            invalid.append(f"- {shown(r.student)} (refused at {r.stage} intake): {r.line()}")
    return per_student, invalid
