"""The grades report: which submissions need an instructor's attention, and why.

``nbgrader export`` writes a corrupt, renamed or timed-out submission as a plain 0.0, and says
nothing about restored test cells or answers waiting for a manual grade. This report reads the
course folder (``submitted/``, ``autograded/``, the release notebook and the gradebook) and lists
every submission that needs a look, with the reason:

- corrupt: a submitted notebook that is not valid JSON / nbformat;
- renamed: the expected notebook is missing but another ``.ipynb`` was handed in;
- missing: nothing was handed in for the assignment;
- not graded: submitted, but autograde produced nothing (see the autograde log);
- timed out: a cell was interrupted by the cell timeout (``Execute.timeout``);
- stopped by the sandbox: the kernel died or hit a limit (CPU, memory, processes, output, wall clock);
- extra files: files handed in beside the notebooks (never given to the kernel: a submission is its
  notebooks);
- outputs dropped: kernel output outside the fixed shape of ``tools.grading.outputs`` (metadata,
  MIME types, widget state, display updates, oversized messages) was dropped before saving;
- markup in answers: a written answer holds a script or an event handler (feedback removes it);
- missing cells: grade cells deleted or stripped of their nbgrader metadata (put back at autograde);
- edited locked cells: a locked cell whose source differs from the release (restored at autograde);
- duplicated cells: several cells carry the same grade_id (the last one was graded);
- forbidden helpers: a test caught a call into the mi_helpers function the exercise asks for;
- touches the grading machinery: answer code that rebinds checks or builtins, or inspects frames;
- copied from mi_helpers: answer code that holds most of a library function the exercises forbid,
  names, layout and docstrings aside (``tools/grading/similarity.py``);
- manual grading pending: written answers not graded yet;
- refused at intake: links, FIFOs, devices, hard links, oversized files and invalid student ids
  that ``tools/grading/intake.py`` kept out of grading (``refused/intake.json``).

Usage: ``python -m tools.grading.report [--course DIR] [--assignment ID] [--out FILE]``
(``make grades`` runs it after ``nbgrader export``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.grading import intake

ASSIGNMENT = "mutual_information"
TIMEOUT_ERRORS = {"CellTimeoutError", "KeyboardInterrupt"}
SANDBOX_ERRORS = {"DeadKernelError", "GradingStopped", "OutputLimit"}
MARKUP = re.compile(r"<\s*script|\bon[a-z]+\s*=|javascript:", re.I)
# Answer code that has no business in a solution of these exercises.
SUSPICIOUS = [
    (re.compile(r"\b(np|numpy|math)\.(isclose|allclose)\s*="), "rebinds a comparison function"),
    (re.compile(r"\bnp\.testing\.\w+\s*="), "rebinds numpy.testing"),
    (re.compile(r"^\s*def\s+(open|exec|compile|print|__import__)\s*\(", re.M), "redefines a builtin"),
    (
        re.compile(r"^\s*(open|exec|compile|importlib|_ck|_test|_u|_spec|__builtins__)\s*=", re.M),
        "rebinds a name the tests use",
    ),
    (re.compile(r"\bimportlib\.(util|machinery)\.\w+\s*="), "patches importlib"),
    (re.compile(r"\bbuiltins\b"), "touches builtins"),
    (re.compile(r"\bsys\.(setprofile|settrace|_getframe|modules)\b"), "touches the interpreter"),
    (re.compile(r"\b(set_custom_exc|showtraceback|get_ipython)\b"), "touches IPython's error display"),
    (re.compile(r"\bexercise_checks\b"), "touches the checks file"),
    (re.compile(r"\binspect\.(stack|currentframe)|\bf_back\b|\bf_locals\b"), "inspects the caller"),
    (re.compile(r"\bmi_exercises\b|\bgrader\s*=|vnd\.mi-course"), "touches the checking code"),
    (
        re.compile(r"\bos\.(fork|kill|killpg|setsid|exec\w*)\b|\bsubprocess\b|\bsignal\."),
        "starts or signals processes",
    ),
    (
        re.compile(r"\bsolutions/|gradebook|nbgrader_config|\.pth\b|\.ipython\b|/root\b|tools/grading"),
        "reaches for course or grader files",
    ),
    (re.compile(r"\bbytearray\s*\(\s*\d|\*\s*1024\s*\*\*\s*[23]"), "allocates huge amounts"),
]


@dataclass
class Submission:
    student: str
    score: float | None = None
    max_score: float | None = None
    issues: list[str] = field(default_factory=list)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        import nbformat

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.read(str(path), as_version=4)
        return json.loads(nbformat.writes(nb))
    except Exception:
        return None


def _names(output: dict[str, Any]) -> set[str]:
    """Error names of an output, including one the grader's verdict quotes ("... (CellTimeoutError: ...)")."""
    names = {output.get("ename", "")}
    names.update(
        re.findall(r"\b([A-Z][A-Za-z]+(?:Error|Interrupt|Stopped|Limit))\b", output.get("evalue", ""))
    )
    return names


_PLAIN_NAME = re.compile(r"[A-Za-z0-9_. /-]{1,120}")


def _named(text: Any) -> str:
    """A file name or grade id from a submission, as the report may show it: a plain name as it is,
    anything else (markup, newlines, terminal escapes, an HTML comment) escaped in a code span."""
    text = str(text)
    return text if _PLAIN_NAME.fullmatch(text) else intake.shown(text)


def _terminal(text: str) -> str:
    """``text`` with every control character escaped, for a line printed to the instructor's terminal."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _nbgrader(cell: dict[str, Any]) -> dict[str, Any]:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def release_cells(course: Path, assignment: str) -> dict[str, dict[str, dict[str, Any]]]:
    """notebook name -> grade_id -> release cell."""
    out = {}
    for path in sorted((course / "exercises" / assignment).glob("*.ipynb")):
        nb = _read_json(path)
        if nb is not None:
            out[path.stem] = {
                _nbgrader(c)["grade_id"]: c for c in nb["cells"] if _nbgrader(c).get("grade_id")
            }
    return out


def default_gradebook_url(course: Path) -> str:
    """nbgrader's default gradebook: ``gradebook.db`` in the course root."""
    return f"sqlite:///{course / 'gradebook.db'}"


def nbgrader_config(course: Path):
    """The configuration nbgrader itself would load for ``course`` (a traitlets ``Config``).

    nbgrader reads ``nbgrader_config.py`` from every Jupyter config folder (``/etc/jupyter``,
    ``~/.jupyter``, ``JUPYTER_CONFIG_PATH``) and then from the course root, which wins; a class on
    JupyterHub sets a PostgreSQL ``db_url`` in the grader's ``~/.jupyter``.
    """
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config.loader import Config, PyFileConfigLoader

    merged = Config()
    for folder in [*reversed(jupyter_config_path()), str(course)]:  # lowest priority first
        if (Path(folder) / "nbgrader_config.py").is_file():
            merged.merge(PyFileConfigLoader("nbgrader_config.py", path=folder).load_config())
    return merged


def gradebook_url(course: Path) -> str:
    """The gradebook nbgrader itself would use for ``course`` (see :func:`nbgrader_config`);
    without a ``db_url`` anywhere, :func:`default_gradebook_url`."""
    merged = nbgrader_config(course)
    url = merged.CourseDirectory.get("db_url") if "CourseDirectory" in merged else None
    return str(url) if url else default_gradebook_url(course)


def gradebook_scores(course: Path, assignment: str) -> dict[str, dict[str, Any]]:
    """student -> {"score", "max_score", "manual": [cells], "graded": bool} from the gradebook."""
    url = gradebook_url(course)
    if url == default_gradebook_url(course) and not (course / "gradebook.db").exists():
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from nbgrader.api import Gradebook, MissingEntry

        result: dict[str, dict[str, Any]] = {}
        with Gradebook(url) as gb:
            try:
                submissions = gb.assignment_submissions(assignment)
            except MissingEntry:
                return {}
            for sub in submissions:
                manual = [g.name for nb in sub.notebooks for g in nb.grades if g.needs_manual_grade]
                result[sub.student.id] = {
                    "score": float(sub.score),
                    "max_score": float(sub.max_score),
                    "manual": manual,
                }
    return result


def inspect_submission(course: Path, assignment: str, student: str, release: dict[str, Any]) -> list[str]:
    """Every reason why one student's submission needs attention (empty if none)."""
    issues: list[str] = []
    folder = course / "submitted" / student / assignment
    handed_in = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    expected = set(release)
    names = {p.stem for p in handed_in}
    for missing in sorted(expected - names):
        others = sorted(_named(p.name) for p in handed_in if p.stem not in expected)
        if others:
            issues.append(
                f"renamed: expected {missing}.ipynb, got {', '.join(others)} (not graded; rename the file "
                f"and run `nbgrader autograde {assignment} --student {student} --force`)"
            )
        else:
            issues.append(f"missing: no {missing}.ipynb handed in")
    extra = (
        sorted(
            _named(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.suffix != ".ipynb"
        )
        if folder.is_dir()
        else []
    )
    if extra:
        issues.append(f"extra files: {', '.join(extra[:6])} handed in (never given to the kernel)")
    for path in handed_in:
        if path.stem not in expected:
            continue
        nb = _read_json(path)
        if nb is None:
            issues.append(
                f"corrupt: {path.name} is not a readable notebook (not graded; ask for the file again)"
            )
            continue
        issues.extend(_cell_issues(nb, release[path.stem]))
        auto = course / "autograded" / student / assignment / path.name
        if not auto.exists():
            issues.append(f"not graded: autograde produced no {path.name} (see the autograde log)")
            continue
        graded = _read_json(auto)
        dropped = (graded or {}).get("metadata", {}).get("mi_grading", {}).get("dropped", [])
        if dropped:
            issues.append(f"outputs dropped: {'; '.join(map(str, dropped[:4]))} (not saved; review the code)")
        timed_out = sorted(
            {
                _named(_nbgrader(c).get("grade_id") or f"cell {i}")
                for i, c in enumerate(graded["cells"] if graded else [])
                for o in c.get("outputs", [])
                if o.get("output_type") == "error" and _names(o) & TIMEOUT_ERRORS
            }
        )
        if timed_out:
            issues.append(f"timed out: {', '.join(timed_out)} interrupted by the cell timeout")
        stopped = sorted(
            {
                _named(_nbgrader(c).get("grade_id") or f"cell {i}")
                for i, c in enumerate(graded["cells"] if graded else [])
                for o in c.get("outputs", [])
                if o.get("output_type") == "error" and _names(o) & SANDBOX_ERRORS
            }
        )
        if stopped:
            issues.append(
                f"stopped by the sandbox: {', '.join(stopped[:5])}{' ...' if len(stopped) > 5 else ''}"
                " (the kernel died or hit a limit)"
            )
        helpers = sorted(
            {
                _named(_nbgrader(c).get("grade_id") or f"cell {i}")
                for i, c in enumerate(graded["cells"] if graded else [])
                for o in c.get("outputs", [])
                if o.get("output_type") == "error" and "called mi_helpers." in o.get("evalue", "")
            }
        )
        if helpers:
            issues.append(
                f"forbidden helpers: {', '.join(helpers)} called the mi_helpers function they ask for"
            )
    return issues


def _cell_issues(nb: dict[str, Any], release: dict[str, dict[str, Any]]) -> list[str]:
    issues = []
    seen: dict[str, int] = {}
    for cell in nb.get("cells", []):
        gid = _nbgrader(cell).get("grade_id")
        if gid:
            seen[gid] = seen.get(gid, 0) + 1
    graded_ids = [gid for gid, c in release.items() if _nbgrader(c).get("grade")]
    missing = [gid for gid in graded_ids if gid not in seen]
    if missing:
        issues.append(
            f"missing cells: {', '.join(missing)} deleted or stripped of metadata (put back at autograde)"
        )
    duplicated = sorted(_named(gid) for gid, n in seen.items() if n > 1)
    if duplicated:
        issues.append(
            f"duplicated cells: {', '.join(duplicated)} appear more than once (the last one counts)"
        )
    edited = []
    suspicious: list[str] = []
    release_sources = {_source(c).strip() for c in release.values()}
    for cell in nb.get("cells", []):
        meta = _nbgrader(cell)
        gid = meta.get("grade_id")
        if gid in release and meta.get("locked") and _source(cell).strip() != _source(release[gid]).strip():
            edited.append(gid)
        text = _source(cell)
        if cell.get("cell_type") == "code" and not meta.get("locked") and text.strip() not in release_sources:
            for pattern, why in SUSPICIOUS:
                if pattern.search(text) and why not in suspicious:
                    suspicious.append(why)
    markup = [
        _named(_nbgrader(c).get("grade_id") or "a cell")
        for c in nb.get("cells", [])
        if c.get("cell_type") == "markdown" and MARKUP.search(_source(c))
    ]
    if markup:
        issues.append(
            f"markup in answers: {', '.join(markup)} hold a script or an event handler "
            "(removed from feedback; look at the raw notebook)"
        )
    if edited:
        issues.append(f"edited locked cells: {', '.join(edited)} (restored from the release at autograde)")
    if suspicious:
        issues.append(f"touches the grading machinery: {'; '.join(suspicious)} (review the code)")
    issues.extend(_copy_issues(nb, release_sources))
    return issues


def _copy_issues(nb: dict[str, Any], release_sources: set[str]) -> list[str]:
    """ "copied from mi_helpers" when the answer code holds most of a forbidden library function."""
    from tools.grading import similarity

    answers = [
        _source(c)
        for c in nb.get("cells", [])
        if c.get("cell_type") == "code"
        and not _nbgrader(c).get("locked")
        and _source(c).strip() not in release_sources
    ]
    found = similarity.copies(answers)
    if not found:
        return []
    found.sort(key=lambda c: (-c.share, c.helper))
    listed = ", ".join(f"mi_helpers.{c.helper} ({c.share:.0%})" for c in found[:3])
    listed += f" and {len(found) - 3} more" if len(found) > 3 else ""
    return [
        f"copied from mi_helpers: the answers hold most of {listed}, names, layout and docstrings aside "
        "(compare the code with the library; such cells may have passed)"
    ]


def build_report(course: Path, assignment: str = ASSIGNMENT) -> tuple[str, list[Submission]]:
    """The Markdown report and the per-student findings."""
    release = release_cells(course, assignment)
    scores = gradebook_scores(course, assignment)
    submitted = course / "submitted"
    students = sorted({p.name for p in submitted.iterdir() if p.is_dir()} if submitted.is_dir() else set())
    refused, invalid_ids = intake.report_issues(course)
    students = sorted(set(students) | set(scores) | set(refused))
    rows = []
    pending: dict[str, list[str]] = {}
    for student in students:
        sub = Submission(student)
        sub.issues = refused.get(student, []) + inspect_submission(course, assignment, student, release)
        info = scores.get(student)
        graded = not any("not graded" in issue for issue in sub.issues)
        if info and graded:
            sub.score, sub.max_score = info["score"], info["max_score"]
            if info["manual"]:
                pending[student] = info["manual"]
        rows.append(sub)
    attention = [s for s in rows if s.issues]
    lines = [
        f"# Grades report: {assignment}",
        "",
        f"{len(rows)} submissions: {len(attention)} need attention, {len(pending)} wait for manual grading. "
        "Scores are from the gradebook; nbgrader export writes an ungraded submission as 0.0.",
        "",
        "## Needs attention",
        "",
    ]
    if not attention:
        lines.append("Nothing: every submission was graded without incident.")
    for sub in attention:
        lines.append(f"- **{sub.student}** ({_fmt(sub)})")
        lines.extend(f"  - {issue}" for issue in sub.issues)
    if invalid_ids:
        lines += ["", "## Refused at intake: folders whose name is no valid student id (nobody graded)", ""]
        lines += invalid_ids
    lines += ["", "## Manual grading pending", ""]
    if not pending:
        lines.append("Nothing: every written answer is graded.")
    lines += [f"- **{student}**: {', '.join(cells)}" for student, cells in pending.items()]
    lines += [
        "",
        "Grade them in the formgrader (`make lab`, Nbgrader > Manual Grading), then run `make grades` again.",
    ]
    lines += ["", "## Scores", "", "| student | score | max |", "|---|---:|---:|"]
    for sub in rows:
        score = "—" if sub.score is None else f"{sub.score:g}"
        top = "—" if sub.max_score is None else f"{sub.max_score:g}"
        lines.append(f"| {sub.student} | {score} | {top} |")
    return "\n".join(lines) + "\n", rows


def _fmt(sub: Submission) -> str:
    if sub.score is None:
        return "no grade in the gradebook"
    return f"{sub.score:g} / {sub.max_score:g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=Path.cwd())
    parser.add_argument("--assignment", default=ASSIGNMENT)
    parser.add_argument("--out", type=Path, default=Path("grades_report.md"))
    args = parser.parse_args(argv)
    text, rows = build_report(args.course, args.assignment)
    args.out.write_text(text, encoding="utf-8")
    needing = [s for s in rows if s.issues]
    print(f"{len(rows)} submissions, {len(needing)} need attention (report: {args.out})")
    for sub in needing:
        print(
            _terminal(f"  {sub.student}: {sub.issues[0]}")
            + (f" (+{len(sub.issues) - 1} more)" if len(sub.issues) > 1 else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
