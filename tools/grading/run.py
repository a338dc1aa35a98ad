"""The instructor's grading commands, behind ``make release | autograde | feedback | grades``.

Each runs *one* nbgrader command over the whole class (nbgrader's start-up costs seconds, so one
command per student would be slow), streams its log to ``autograded/<command>.log`` and prints
one progress line per student. A submission that nbgrader cannot grade (corrupt, renamed) is
reported and the rest of the class is graded; ``make grades`` lists every such case.

Usage: ``python -m tools.grading.run {release,autograde,feedback,grades} [options]``
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tools.grading import report

ASSIGNMENT = report.ASSIGNMENT
_STUDENT = re.compile(r"(?:Sanitizing|Converting notebook) .*?/(?:submitted|autograded)/([^/]+)/")
_FAILED = re.compile(r"error processing assignment '[^']+' for student '([^']+)'")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("USER", "instructor")
    env.setdefault("PYTHONWARNINGS", "ignore")  # SQLAlchemy warnings from nbgrader's gradebook
    return env


def stream(
    course: Path, args: list[str], log_name: str, total: int, verb: str
) -> tuple[int, list[str], float]:
    """Run nbgrader, log everything, print ``[i/N] verb student`` as each student starts."""
    log_dir = course / "autograded"
    log_dir.mkdir(exist_ok=True)
    log_path = log_dir / log_name
    exe = str(Path(sys.executable).parent / "nbgrader")
    started = time.perf_counter()
    seen: list[str] = []
    failed: list[str] = []
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [exe, *args], cwd=course, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            match = _STUDENT.search(line)
            if match and match.group(1) not in seen:
                seen.append(match.group(1))
                elapsed = time.perf_counter() - started
                print(f"[{len(seen):>3}/{total}] {verb} {match.group(1)}  ({elapsed:5.1f} s)", flush=True)
            bad = _FAILED.search(line)
            if bad and bad.group(1) not in failed:
                failed.append(bad.group(1))
                print(
                    f"        ! {bad.group(1)}: nbgrader could not {verb.rstrip('ing')} this submission",
                    flush=True,
                )
        code = proc.wait()
    return code, failed, time.perf_counter() - started


def _students(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def cmd_release(course: Path, assignment: str) -> int:
    exe = str(Path(sys.executable).parent / "nbgrader")
    proc = subprocess.run(
        [exe, "generate_assignment", assignment, "--force"],
        cwd=course,
        env=_env(),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, sep="\n")
        return proc.returncode
    print(f"released exercises/{assignment}/ from solutions/{assignment}/")
    # The release must fail every test and the solutions must pass them all.
    from tools.grading.validate import validate_assignment

    problems = validate_assignment(course, assignment)
    for problem in problems:
        print("  !", problem)
    if problems:
        return 1
    print("validated: every test passes on the solutions and fails on the release")
    return 0


def cmd_autograde(course: Path, assignment: str, force: bool) -> int:
    students = _students(course / "submitted")
    if not students:
        print("submitted/ is empty: put each student's work in submitted/<student>/" + assignment + "/")
        return 1
    args = ["autograde", assignment] + (["--force"] if force else [])
    print(f"autograding {len(students)} submissions of {assignment} (log: autograded/autograde.log)")
    code, failed, seconds = stream(course, args, "autograde.log", len(students), "grading")
    print(f"done in {seconds:.1f} s ({seconds / max(len(students), 1):.2f} s per submission)")
    if failed or code != 0:
        print(
            f"{len(failed)} submission(s) could not be graded: {', '.join(failed) or 'see the log'}; "
            "`make grades` lists them with the reason. The rest of the class is graded."
        )
    return 0


def cmd_feedback(course: Path, assignment: str) -> int:
    students = _students(course / "autograded")
    code, failed, seconds = stream(
        course, ["generate_feedback", assignment, "--force"], "feedback.log", len(students), "feedback for"
    )
    print(f"feedback in feedback/<student>/{assignment}/ ({seconds:.1f} s)")
    if failed:
        print(f"no feedback for: {', '.join(failed)}")
    return 0 if code == 0 or failed else code


def cmd_grades(course: Path, assignment: str, csv: Path, out: Path) -> int:
    exe = str(Path(sys.executable).parent / "nbgrader")
    proc = subprocess.run(
        [exe, "export", "--to", str(csv)], cwd=course, env=_env(), capture_output=True, text=True
    )
    if proc.returncode != 0:
        print(proc.stdout, proc.stderr, sep="\n")
        return proc.returncode
    print(f"grades exported to {csv}")
    return report.main(["--course", str(course), "--assignment", assignment, "--out", str(out)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["release", "autograde", "feedback", "grades"])
    parser.add_argument("--course", type=Path, default=Path.cwd())
    parser.add_argument("--assignment", default=ASSIGNMENT)
    parser.add_argument("--force", action="store_true", help="autograde again students already graded")
    parser.add_argument("--csv", type=Path, default=Path("grades.csv"))
    parser.add_argument("--out", type=Path, default=Path("grades_report.md"))
    args = parser.parse_args(argv)
    course = args.course.resolve()
    if args.command == "release":
        return cmd_release(course, args.assignment)
    if args.command == "autograde":
        return cmd_autograde(course, args.assignment, args.force)
    if args.command == "feedback":
        return cmd_feedback(course, args.assignment)
    return cmd_grades(course, args.assignment, args.csv, args.out)


if __name__ == "__main__":
    sys.exit(main())
