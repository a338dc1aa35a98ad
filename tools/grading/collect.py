"""``make collect``: each student's latest submission from nbgrader's folder exchange, through the intake.

nbgrader's own ``collect`` copies inbound entries with links followed, as the grader, and takes the
student's name from the entry's name (``<student>+<assignment>+<timestamp>[+<random>]``), which any
student can write: it only logs a warning when the owner differs. This command replaces it:

- **Names**: an entry's name must be ``<student>+<assignment>+<timestamp>`` with an optional random
  fourth field; the student id must pass :func:`tools.grading.intake.valid_student_id` and the
  timestamp must parse. Entries of other assignments are left alone.
- **Ownership** (``--owners``, default ``auto``): when the student id is a Unix account on this
  host, the entry and everything in it must be owned by that account's uid, or the entry is refused
  (a student writing ``victim+assignment+<later timestamp>`` is refused and the victim's own latest
  entry is collected). When the id is no account, ``auto`` accepts the entry only if it is owned by
  the uid running the collect (every account shares one uid, as in Kubernetes pods: nothing can be
  told apart, and the command says so) and refuses it otherwise; ``require`` refuses every entry
  it cannot check; ``off`` checks nothing.
- **Copying**: every folder and file is opened relative to its parent's descriptor with
  ``O_NOFOLLOW`` and checked again on the open descriptor (same inode, a regular file with one
  name, the right owner, within the size bounds): a link, a FIFO, a device, a socket or a hard link
  is refused, never followed, opened or copied. A refused notebook of the release is replaced by
  the unanswered release notebook (0 points).
- Then the intake's notebook rules run on the collected folder (parsed, bounded, re-serialised).
- **Time**: the timestamp in an entry's name is the student's to write; ``timestamp.txt`` (what
  nbgrader's late penalty reads) gets the later of it and the last status change (``st_ctime``) of
  the entry and its files, and a name more than :data:`BACKDATE_SLACK_SECONDS` earlier is reported
  as *backdated* (the entry is still collected). Restoring an exchange from a backup resets those
  change times: collect before you move it.

Everything refused is printed, logged in ``refused/intake.json`` and listed in ``grades_report.md``;
nothing refused stops another student's entry from being collected. A student's submission in
``submitted/`` is replaced only by a newer accepted entry.

Usage: ``python -m tools.grading.collect [--course DIR] [--assignment ID] [--exchange ROOT]
[--owners auto|require|off]``
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import stat
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from tools.grading import intake, report

OWNER_MODES = ("auto", "require", "off")
_NOFOLLOW = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


@dataclass
class Entry:
    """One accepted inbound entry."""

    name: str
    student: str
    timestamp: datetime
    stamp: str  # the timestamp as written in the entry's name
    owner: int | None  # the uid every file in it must have (None: not checked)


def account_name(uid: int) -> str:
    """The account name of ``uid``, or ``uid <n>`` when it has none."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def expected_owner(
    student: str, entry_uid: int, mode: str, collector_uid: int
) -> tuple[int | None, str | None]:
    """Whose files an entry naming ``student`` must hold, or why it is refused.

    Parameters
    ----------
    student : str
        The student id the entry's name claims.
    entry_uid : int
        The owner of the entry folder (``lstat``).
    mode : {"auto", "require", "off"}
        The ownership policy (see the module's docstring).
    collector_uid : int
        The uid running the collect.

    Returns
    -------
    owner : int or None
        The uid every file of the entry must be owned by; None when ownership is not checked.
    reason : str or None
        Why the entry is refused; None when it is accepted.
    """
    if mode == "off":
        return None, None
    try:
        account = pwd.getpwnam(student)
    except KeyError:
        account = None
    if account is not None:
        if entry_uid != account.pw_uid:
            writer = f"{account_name(entry_uid)} (uid {entry_uid})"
            return None, f"written by {writer}, not by {student} (uid {account.pw_uid})"
        return account.pw_uid, None
    if mode == "require":
        return None, f"{student} is no account on this host: who wrote the entry cannot be checked"
    if entry_uid != collector_uid:
        return None, (
            f"{student} is no account on this host and the entry was written by {account_name(entry_uid)}"
        )
    return None, None


def parse_name(name: str, assignment: str) -> tuple[str, str] | str | None:
    """``(student, timestamp text)`` of an inbound entry name, None for another assignment, or why not."""
    parts = name.split("+")
    if len(parts) < 3 or parts[1] != assignment:
        if f"+{assignment}+" in name:
            return "the entry name is not <student>+<assignment>+<timestamp>[+<random>]"
        return None
    if len(parts) > 4:
        return "the entry name is not <student>+<assignment>+<timestamp>[+<random>]"
    if not intake.valid_student_id(parts[0]):
        return f"the student id does not match {intake.STUDENT_ID.pattern} (no '..')"
    return parts[0], parts[2]


class Copier:
    """Copies one entry without following anything, refusing what the intake rules refuse."""

    def __init__(self, student: str, owner: int | None, item: str, refusals: list[intake.Refusal]) -> None:
        self.student, self.owner, self.item, self.refusals = student, owner, item, refusals
        self.bytes = 0
        self.entries = 0
        self.changed = 0.0  # the latest st_ctime of anything opened (no unprivileged user can set it)

    def refuse(self, item: str, reason: str) -> None:
        self.refusals.append(intake.Refusal(self.student, item, reason, "collect"))

    def problem(self, st: os.stat_result, name: str) -> str | None:
        problem = intake.file_problem(st)
        if problem is None and self.owner is not None and st.st_uid != self.owner:
            problem = f"owned by {account_name(st.st_uid)}, not by {self.student}"
        if problem is None and any(ord(c) < 32 or ord(c) == 127 for c in name):
            problem = "a name with control characters"
        return problem

    def copy_tree(
        self, dir_fd: int, dest: Path, item: str, depth: int, first: frozenset = frozenset()
    ) -> None:
        """Copy the folder open as ``dir_fd`` into the new folder ``dest`` (``first``: names taken first)."""
        dest.mkdir(parents=True, exist_ok=True)
        try:
            names = sorted(os.listdir(dir_fd), key=lambda n: (n not in first, n))
        except OSError as exc:  # a folder the collecting account may not list
            self.refuse(item or "/", f"could not be listed ({exc.strerror})")
            return
        for name in names:
            here = f"{item}/{name}"
            try:
                st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
            except OSError as exc:
                self.refuse(here, f"could not be read ({exc.strerror})")
                continue
            self.entries += 1
            problem = self.problem(st, name)
            if problem is None and self.entries > intake.MAX_ENTRIES:
                problem = f"beyond the {intake.MAX_ENTRIES} files and folders a submission may hold"
            if problem is None and stat.S_ISDIR(st.st_mode) and depth + 1 > intake.MAX_FOLDER_DEPTH:
                problem = f"folders nested deeper than {intake.MAX_FOLDER_DEPTH} levels"
            if problem is not None:
                self.refuse(here, problem)
                continue
            flags = _NOFOLLOW | (os.O_DIRECTORY if stat.S_ISDIR(st.st_mode) else os.O_NONBLOCK | os.O_NOCTTY)
            try:
                fd = os.open(name, flags, dir_fd=dir_fd)
            except OSError as exc:  # unreadable, swapped for a link (ELOOP) or gone since the stat
                self.refuse(here, f"could not be opened without following links ({exc.strerror})")
                continue
            try:
                opened = os.fstat(fd)
                self.changed = max(self.changed, opened.st_ctime)
                problem = self.problem(opened, name)
                if problem is None and (opened.st_dev, opened.st_ino) != (st.st_dev, st.st_ino):
                    problem = "changed while it was collected"
                if problem is not None:
                    self.refuse(here, problem)
                elif stat.S_ISDIR(opened.st_mode):
                    self.copy_tree(fd, dest / name, here, depth + 1)
                else:
                    self.copy_file(fd, dest / name, here)
            finally:
                os.close(fd)

    def copy_file(self, fd: int, dest: Path, item: str) -> None:
        room = min(intake.MAX_FILE_BYTES, intake.MAX_SUBMISSION_BYTES - self.bytes)
        chunks, size = [], 0
        while chunk := os.read(fd, 1024**2):
            chunks.append(chunk)
            size += len(chunk)
            if size > room:
                self.refuse(item, f"too large (more than {room} bytes left for this submission)")
                return
        self.bytes += size
        dest.write_bytes(b"".join(chunks))


def collect(
    course: Path, assignment: str, exchange: Path, owners: str = "auto", collector_uid: int | None = None
) -> tuple[list[str], list[intake.Refusal], list[str]]:
    """Collect the latest accepted entry of every student into ``submitted/``.

    Parameters
    ----------
    course : Path
        The course root.
    assignment : str
        The assignment to collect.
    exchange : Path
        The folder exchange's root (``<root>/<course id>/inbound`` is read).
    owners : {"auto", "require", "off"}
        The ownership policy.
    collector_uid : int, optional
        The uid the ``auto`` policy treats as "everyone" (default: this process's).

    Returns
    -------
    collected : list of str
        Students whose submission was (re)placed in ``submitted/``.
    refusals : list of Refusal
        Everything refused (also logged in ``refused/intake.json``).
    unchecked : list of str
        Students whose entry was accepted without an ownership check.
    """
    from nbgrader.utils import parse_utc

    collector_uid = os.geteuid() if collector_uid is None else collector_uid
    config = report.nbgrader_config(course)
    course_id = str(config.CourseDirectory.get("course_id", "")) if "CourseDirectory" in config else ""
    inbound = exchange / course_id / "inbound"
    if not course_id or not inbound.is_dir():
        raise FileNotFoundError(f"no inbound folder {inbound} (course id {course_id!r})")
    refusals: list[intake.Refusal] = []
    found: dict[str, list[Entry]] = {}
    unchecked: set[str] = set()
    for name in sorted(os.listdir(inbound)):
        parsed = parse_name(name, assignment)
        if parsed is None:
            continue
        item = f"inbound/{name}"
        claimed = name.split("+")[0]
        if isinstance(parsed, str):
            refusals.append(intake.Refusal(claimed, item, parsed, "collect"))
            continue
        student, stamp = parsed
        try:
            st = os.lstat(inbound / name)
        except OSError:
            continue  # gone since the listing
        why = (
            None if stat.S_ISDIR(st.st_mode) else f"the entry is {intake.file_problem(st) or 'not a folder'}"
        )
        owner, reason = (
            expected_owner(student, st.st_uid, owners, collector_uid) if why is None else (None, why)
        )
        try:
            when = parse_utc(stamp)
        except Exception:
            reason = reason or f"the timestamp {stamp!r} does not parse"
        if reason:
            refusals.append(intake.Refusal(student, item, reason, "collect"))
            continue
        if owner is None and owners != "off":
            unchecked.add(student)
        found.setdefault(student, []).append(Entry(name, student, when, stamp, owner))
    collected = []
    for student, entries in sorted(found.items()):
        latest = max(entries, key=lambda e: e.timestamp)
        try:
            taken = _take(course, assignment, inbound, latest, refusals)
        except OSError as exc:  # this student's entry only; the others are still collected
            why = f"could not be collected ({type(exc).__name__}: {exc.strerror})"
            refusals.append(intake.Refusal(student, f"inbound/{latest.name}", why, "collect"))
            taken = False
        if taken:
            collected.append(student)
    intake.record(course, refusals)
    return collected, refusals, sorted(unchecked & set(collected))


#: How long before its files were last changed an entry's name may say it was handed in (nbgrader's
#: submit takes the time, then copies the files: seconds, not minutes).
BACKDATE_SLACK_SECONDS = 120


def handed_in(entry: Entry, changed: float) -> tuple[str, str | None]:
    """The time to record for ``entry`` (its ``timestamp.txt``) and, if it was backdated, why not its own.

    The timestamp in an entry's name is written by the student: one that claims a time long before
    the entry's files last changed (``changed``, the latest ``st_ctime``, which only the kernel
    sets) would hide a late submission from nbgrader's late penalty. The later of the two counts.

    Parameters
    ----------
    entry : Entry
        The accepted entry (its parsed name).
    changed : float
        The latest status-change time (epoch seconds) of the entry folder and everything copied.

    Returns
    -------
    stamp : str
        The entry's own timestamp text, or the change time in nbgrader's format when it is later.
    note : str or None
        Why the entry's own timestamp was not kept (for the report), or None.
    """
    when = entry.timestamp if entry.timestamp.tzinfo else entry.timestamp.replace(tzinfo=UTC)
    if changed - when.timestamp() <= BACKDATE_SLACK_SECONDS:
        return entry.stamp, None
    real = datetime.fromtimestamp(changed, UTC)
    stamp = real.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    note = (
        f"backdated: the entry's name says {intake.shown(entry.stamp)}, its files last changed at "
        f"{stamp}; that later time is recorded (and any late penalty follows from it)"
    )
    return stamp, note


def _take(course: Path, assignment: str, inbound: Path, entry: Entry, refusals: list[intake.Refusal]) -> bool:
    """Copy ``entry`` into ``submitted/`` if it is newer than what is there; whether it was."""
    from nbgrader.utils import parse_utc

    dest = course / "submitted" / entry.student / assignment
    stamp_file = dest / "timestamp.txt"
    if stamp_file.is_file() and not stamp_file.is_symlink():
        try:
            if parse_utc(stamp_file.read_text(encoding="utf-8").strip()) >= entry.timestamp:
                return False
        except Exception:
            pass  # an unreadable timestamp: the entry replaces it
    staging = course / ".collect-staging" / entry.student
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    own: list[intake.Refusal] = []
    releases = intake.release_notebooks(course, assignment)
    try:
        fd = os.open(inbound / entry.name, _NOFOLLOW | os.O_DIRECTORY)
    except OSError as exc:  # swapped for a link since it was listed
        refusals.append(
            intake.Refusal(entry.student, f"inbound/{entry.name}", f"changed ({exc.strerror})", "collect")
        )
        return False
    try:
        if entry.owner is not None and os.fstat(fd).st_uid != entry.owner:
            refusals.append(
                intake.Refusal(entry.student, f"inbound/{entry.name}", "changed owner", "collect")
            )
            return False
        copier = Copier(entry.student, entry.owner, f"inbound/{entry.name}", own)
        copier.changed = os.fstat(fd).st_ctime
        copier.copy_tree(fd, staging, "", 0, first=frozenset(releases))
    finally:
        os.close(fd)
    own = [intake.Refusal(r.student, f"inbound/{entry.name}{r.item}", r.reason, r.stage, r.kept) for r in own]
    stamp, backdated = handed_in(entry, copier.changed)
    if backdated:
        kept = f"submitted/{entry.student}/{assignment}"
        own.append(intake.Refusal(entry.student, f"inbound/{entry.name}", backdated, "collect", kept))
    (staging / "timestamp.txt").write_text(stamp, encoding="utf-8")
    for name in releases:
        item = f"inbound/{entry.name}/{name}"
        if any(r.item == item for r in own) and intake.blank_notebook(course, assignment, name, staging):
            own = [replace(r, reason=r.reason + intake.BLANKED) if r.item == item else r for r in own]
    if os.path.lexists(dest):
        shutil.rmtree(dest) if dest.is_dir() and not dest.is_symlink() else os.unlink(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staging, dest)
    shutil.rmtree(course / ".collect-staging", ignore_errors=True)
    refusals += own
    refusals += intake.check_student(course, assignment, entry.student, stage="collect")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--course", type=Path, default=Path.cwd())
    parser.add_argument("--assignment", default=report.ASSIGNMENT)
    parser.add_argument("--exchange", type=Path, help="the exchange root (default: nbgrader's Exchange.root)")
    parser.add_argument("--owners", choices=OWNER_MODES, default=os.environ.get("COLLECT_OWNERS") or "auto")
    args = parser.parse_args(argv)
    course = args.course.resolve()
    exchange = args.exchange
    if exchange is None:
        config = report.nbgrader_config(course)
        exchange = Path(config.Exchange.get("root", "/srv/nbgrader/exchange") if "Exchange" in config else "")
    try:
        collected, refusals, unchecked = collect(course, args.assignment, exchange, args.owners)
    except FileNotFoundError as exc:
        print(f"error: {exc}")
        return 1
    print(
        f"collected {len(collected)} submission(s) of {args.assignment} into submitted/:",
        ", ".join(collected) or "none new",
    )
    if unchecked:
        print(
            f"warning: who wrote the entries of {len(unchecked)} student(s) could not be checked (no "
            "accounts here and every entry is owned by the collecting uid): on a shared uid any student "
            "can submit as any other; use distinct accounts or ngshare (docs/deployment.md)"
        )
    if refusals:
        print(f"the collect intake refused {len(refusals)} item(s) (also listed in grades_report.md):")
    for refusal in refusals:
        print(f"  ! {intake.shown(refusal.student)}: {refusal.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
