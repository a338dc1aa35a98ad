"""`make collect` against students who attack the folder exchange (tools/grading/collect.py).

Two throwaway Unix accounts (created with useradd, removed afterwards) submit through nbgrader's
own exchange code, each in a process running as their own uid: the victim hands in complete work;
the attacker hands in their own, then submits *as the victim* with a later timestamp
(``CourseDirectory.student_id``, exactly what nbgrader's exchange lets any student do), then writes
an entry of their own holding a link to the solutions, a link to /etc/shadow, a FIFO and a hard
link to the victim's file, and one under an invalid id. ``make collect`` must collect the victim's
own work, refuse every attack, read nothing it refuses, and say so.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import stat
import subprocess
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from e2e_support import ASSIGNMENT, copy_course, read_nb, strip_solution_markers
from exchange_cycle import course_id, make

from tools.grading import collect, intake, report

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0 or shutil.which("useradd") is None, reason="needs root and useradd"),
]
NB = "mutual_information.ipynb"
FORGED_MARK = "FORGED BY THE ATTACKER"


@dataclass
class Exchange:
    base: Path
    course: Path
    root: Path
    inbound: Path
    victim: pwd.struct_passwd
    attacker: pwd.struct_passwd
    log: Path
    output: str = ""


def _account(name: str, home: Path) -> pwd.struct_passwd:
    subprocess.run(["useradd", "-M", "-N", "-d", str(home), "-s", "/usr/sbin/nologin", name], check=True)
    home.mkdir(parents=True)
    entry = pwd.getpwnam(name)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    return entry


def as_user(account: pwd.struct_passwd, step: Callable[[], None]) -> None:
    """Run ``step`` in a child process with the account's uid and gid (the kernel checks every write)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.setgroups([])
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
            os.environ["HOME"] = account.pw_dir
            step()
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, f"a step as {account.pw_name} failed"


def submit(exchange: Exchange, account: pwd.struct_passwd, as_student: str) -> None:
    """nbgrader's own Submit, as the Assignment List panel runs it, from ``account``'s home."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory
    from traitlets.config import Config

    cfg = Config()
    home = Path(account.pw_dir)
    cfg.Exchange.root = str(exchange.root)
    cfg.Exchange.assignment_dir = str(home)
    cfg.Exchange.cache = str(home / "cache")
    cfg.CourseDirectory.root = str(home)
    cfg.CourseDirectory.course_id = course_id(exchange.course)
    cfg.CourseDirectory.assignment_id = ASSIGNMENT
    cfg.CourseDirectory.student_id = as_student
    app = ExchangeFactory(config=cfg).Submit(
        coursedir=CourseDirectory(config=cfg), authenticator=Authenticator(config=cfg), config=cfg
    )
    as_user(account, app.start)
    time.sleep(1.1)  # nbgrader's timestamps: the next submission is strictly later


def complete_notebook(course: Path) -> nbformat.NotebookNode:
    nb = read_nb(course / "exercises" / ASSIGNMENT / NB)
    answers = {
        c.metadata.get("nbgrader", {}).get("grade_id"): c
        for c in read_nb(course / "solutions" / ASSIGNMENT / NB).cells
    }
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and gid in answers:
            cell.source = strip_solution_markers(answers[gid].source)
    return nb


def same_notebook(path: Path, nb: nbformat.NotebookNode) -> bool:
    return [c.source for c in read_nb(path).cells] == [c.source for c in nb.cells]


@pytest.fixture(scope="module")
def exchange() -> Iterator[Exchange]:
    base = Path(tempfile.mkdtemp(prefix="mi-exchange-", dir="/tmp"))
    base.chmod(0o755)
    tag = secrets.token_hex(3)
    names = (f"mivic{tag}", f"miatk{tag}")
    made: list[str] = []
    try:
        course = copy_course(base / "course")
        root = base / "exchange"
        cid = course_id(course)
        inbound = root / cid / "inbound"
        inbound.mkdir(parents=True)
        (root / cid).chmod(0o755)
        root.chmod(0o777)  # nbgrader checks that the root is writable by everyone
        inbound.chmod(0o733)  # nbgrader's inbound: students write, only the instructor lists
        shutil.copytree(course / "exercises" / ASSIGNMENT, root / cid / "outbound" / ASSIGNMENT)
        for folder in (root / cid / "outbound", root / cid / "outbound" / ASSIGNMENT):
            folder.chmod(0o755)
        victim = _account(names[0], base / "homes" / names[0])
        made.append(names[0])
        attacker = _account(names[1], base / "homes" / names[1])
        made.append(names[1])
        yield Exchange(base, course, root, inbound, victim, attacker, base / "make.log")
    finally:
        for name in made:
            subprocess.run(["userdel", name], check=False)
        shutil.rmtree(base, ignore_errors=True)


def _work(exchange: Exchange, account: pwd.struct_passwd, nb: nbformat.NotebookNode) -> None:
    folder = Path(account.pw_dir) / ASSIGNMENT
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / NB)
    for path in (folder, folder / NB):
        os.chown(path, account.pw_uid, account.pw_gid)


@pytest.fixture(scope="module")
def collected(exchange: Exchange) -> Exchange:
    victim, attacker = exchange.victim, exchange.attacker
    complete = complete_notebook(exchange.course)
    _work(exchange, victim, complete)
    submit(exchange, victim, victim.pw_name)
    blank = read_nb(exchange.course / "exercises" / ASSIGNMENT / NB)
    _work(exchange, attacker, blank)
    submit(exchange, attacker, attacker.pw_name)
    forged = read_nb(exchange.course / "exercises" / ASSIGNMENT / NB)
    forged.cells.insert(0, nbformat.v4.new_markdown_cell(FORGED_MARK))
    _work(exchange, attacker, forged)
    submit(exchange, attacker, victim.pw_name)  # as the victim, later than the victim's own entry

    stamp = time.strftime("%Y-%m-%d %H:%M:%S.000000 UTC", time.gmtime(time.time() + 5))
    links = exchange.inbound / f"{attacker.pw_name}+{ASSIGNMENT}+{stamp}+links"
    victim_file = Path(victim.pw_dir) / ASSIGNMENT / NB

    def write_links() -> None:
        links.mkdir()
        os.symlink(exchange.course / "solutions" / ASSIGNMENT / NB, links / NB)
        os.symlink("/etc/shadow", links / "shadow.txt")
        os.symlink("/etc", links / "etc")
        os.mkfifo(links / "pipe")
        (links / "timestamp.txt").write_text(stamp)
        (exchange.inbound / f"x..y+{ASSIGNMENT}+{stamp}").mkdir()

    as_user(attacker, write_links)
    # The kernel refuses the attacker a hard link to the victim's file (protected_hardlinks); where
    # every account is one uid it would not: made here as root, as such a student could.
    os.link(victim_file, links / "victims.ipynb")
    env = {**os.environ, "COLLECT_OWNERS": "auto"}
    exchange.log.write_text("")
    make("collect", exchange.course, env, exchange.root, exchange.log)
    exchange.output = exchange.log.read_text()
    return exchange


def test_a_student_cannot_submit_as_another(collected):
    victim, attacker = collected.victim, collected.attacker
    mine = collected.course / "submitted" / victim.pw_name / ASSIGNMENT / NB
    assert same_notebook(mine, complete_notebook(collected.course)), "the victim's own work was not collected"
    assert FORGED_MARK not in mine.read_text()
    assert (
        f"written by {attacker.pw_name} (uid {attacker.pw_uid}), not by {victim.pw_name}" in collected.output
    )
    text, _rows = report.build_report(collected.course, ASSIGNMENT)
    block = text.split(f"- **{victim.pw_name}**", 1)[1].split("\n- **", 1)[0]
    assert "refused at collect intake" in block and f"written by {attacker.pw_name}" in block


def test_collect_follows_no_link_and_opens_no_fifo(collected):
    attacker = collected.attacker.pw_name
    folder = collected.course / "submitted" / attacker / ASSIGNMENT
    release = read_nb(collected.course / "exercises" / ASSIGNMENT / NB)
    assert same_notebook(folder / NB, release)  # the linked notebook: the unanswered release, 0 points
    assert sorted(p.name for p in folder.iterdir()) == [NB, "timestamp.txt"]
    shadow = Path("/etc/shadow").read_text().splitlines()[0]
    for path in (collected.course / "submitted").rglob("*"):
        st = path.lstat()
        assert stat.S_ISDIR(st.st_mode) or (stat.S_ISREG(st.st_mode) and st.st_nlink == 1), path
        if stat.S_ISREG(st.st_mode):
            assert shadow not in path.read_text(errors="replace"), path
    for name in (NB, "shadow.txt", "etc", "pipe", "victims.ipynb"):
        assert f"+links/{name}`: " in collected.output, name
    assert "hard link" in collected.output and "FIFO" in collected.output
    assert "`x..y`" in collected.output
    text, _rows = report.build_report(collected.course, ASSIGNMENT)
    assert "`x..y`" in text and "Refused at intake" in text
    block = text.split(f"- **{attacker}**", 1)[1].split("\n- **", 1)[0]
    assert "symbolic link" in block and "graded as the unanswered release notebook" in block


def test_a_second_collect_changes_nothing(collected):
    before = {p: p.read_bytes() for p in (collected.course / "submitted").rglob("*") if p.is_file()}
    make("collect", collected.course, dict(os.environ), collected.root, collected.log)
    after = {p: p.read_bytes() for p in (collected.course / "submitted").rglob("*") if p.is_file()}
    assert before == after
    assert len(intake.read_log(collected.course)) == len(
        {(r.student, r.item) for r in intake.read_log(collected.course)}
    )


def test_the_ownership_policy(collected):
    """An id that is no account: accepted when everything is one uid (warned), refused when written
    by a real account; ``require`` refuses what it cannot check; a real account must own its entry."""
    me, victim, attacker = os.geteuid(), collected.victim, collected.attacker
    assert collect.expected_owner("ada", me, "auto", me) == (None, None)
    owner, why = collect.expected_owner("ada", attacker.pw_uid, "auto", me)
    assert owner is None and attacker.pw_name in why
    assert collect.expected_owner("ada", me, "require", me)[1]
    assert collect.expected_owner(victim.pw_name, victim.pw_uid, "auto", me) == (victim.pw_uid, None)
    assert collect.expected_owner(victim.pw_name, me, "auto", me)[1]
    assert collect.expected_owner(victim.pw_name, attacker.pw_uid, "off", me) == (None, None)
