"""A term through ngshare on the test hub, and a student who tries to submit as another.

ngshare runs as a service of the hub (deploy/ngshare/jupyterhub_ngshare.py, loaded unchanged by the
overlay); nbgrader talks to it through ngshare-exchange once deploy/ngshare/nbgrader_config.py is
on its config path. This second scenario of the course runs on the same hub after the folder
exchange's term, from the command line, with the environment a terminal in each server has (read
from the running server: its JupyterHub token, user name and config path):

1. the course service's token (ngshare's admin) creates the course in ngshare and enrols the class;
   the grader releases the assignment through it (``make exchange-release``);
2. two students fetch, work (partial, complete) and submit; then a third, the forger, submits their
   own untouched copy with ``JUPYTERHUB_USER``, ``USER`` and ``LOGNAME`` set to a victim's name, and
   calls ngshare's API with their own token for the victim's submission, the class's submission
   list and the victim's feedback;
3. the grader collects through ngshare (``nbgrader collect --update``), autogrades, makes the
   feedback and returns it through ngshare (``make autograde FORCE=1 feedback return-feedback``);
4. each student fetches their feedback; the forger, still posing as the victim, tries too.
"""

from __future__ import annotations

import json
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from e2e_support import ASSIGNMENT, REPO, read_nb
from exchange_cycle import work_on
from hub_support import COURSE_DIR, COURSE_ID, Account, CourseHub, as_user, make_as_grader

WORK = {"mihub-ada": "partial", "mihub-bo": "complete"}
FORGER, VICTIM = "mihub-cy", "mihub-bo"
# What a terminal in the server inherits from it and nbgrader needs (the rest is the account's own).
SERVER_KEYS = ("PATH", "LANG", "JUPYTER_CONFIG_PATH", "NBGRADER_EXCHANGE")


def student_command(acct: Account, nbgrader: str, *args: str) -> list[str]:
    """``nbgrader <args> --course <id>`` with a submission cache of this scenario's own. The
    students' default cache holds the folder exchange term's submissions of the same course, and
    ngshare-exchange's fetch_feedback stops at the first cached timestamp ngshare does not know."""
    cache = acct.home / "ngshare-term" / ".nbgrader_cache"
    return [nbgrader, *args, "--course", COURSE_ID, f"--Exchange.cache={cache}"]


@dataclass
class NgshareTerm:
    steps_seconds: dict[str, float] = field(default_factory=dict)
    listening: list[str] = field(default_factory=list)  # addresses ngshare's port is bound to
    forged_submit: dict = field(default_factory=dict)  # exit code and output of the forger's submit
    forger_api: dict[str, int] = field(default_factory=dict)  # request -> HTTP status
    submissions: dict[str, int] = field(default_factory=dict)  # student -> submissions ngshare holds
    feedback: dict[str, list[Path]] = field(default_factory=dict)  # student -> fetched pages (copies)
    graded_feedback: dict[str, bytes] = field(default_factory=dict)  # student -> the grader's page
    forger_fetched: list[bytes] = field(default_factory=list)  # pages the forger got posing as the victim
    forger_fetch_output: str = ""
    #: attempt -> (HTTP status, JSON answer) of the forger's attempts made without a valid token
    anonymous_api: dict[str, tuple[int, dict]] = field(default_factory=dict)


def terminal_env(ch: CourseHub, key: str) -> dict[str, str]:
    """The environment of a terminal in a running server or service (``key`` of ``hub.pids``), with
    nbgrader switched to ngshare (:meth:`CourseHub.ngshare_env`)."""
    server = ch.hub.environ_of(key)
    env = {k: v for k, v in server.items() if k.startswith("JUPYTERHUB_") or k in SERVER_KEYS}
    return ch.ngshare_env(env)


def ngshare_request(
    ch: CourseHub, token: str, method: str, path: str, data: dict | None = None
) -> tuple[int, dict]:
    """(HTTP status, JSON answer) of one call to ngshare's API, through the hub's proxy."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(
        f"{ch.hub.url}/services/ngshare{path}", data=body, method=method,
        headers={"Authorization": f"token {token}"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        try:
            return err.code, json.loads(err.read() or b"{}")
        except ValueError:
            return err.code, {}


def wait_ngshare(ch: CourseHub, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{ch.hub.url}/services/ngshare/healthz", timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise TimeoutError(f"ngshare did not answer within {timeout} s; see {ch.hub.log_path}")


def listening_addresses(port: int) -> list[str]:
    """The local addresses with a TCP socket listening on ``port`` (IPv4 and IPv6, from /proc)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def hand_in(ch: CourseHub, acct: Account, work: str, log: Path, forge_as: str = "") -> dict:
    """One student fetches the assignment through ngshare, works on it and submits it; with
    ``forge_as``, the submission is made claiming that name in every variable nbgrader reads."""
    nbgrader = str(ch.venv / "bin" / "nbgrader")
    env = terminal_env(ch, f"server:{acct.name}")
    folder = acct.home / "ngshare-term"
    folder.mkdir(exist_ok=True)
    shutil.chown(folder, acct.uid, acct.uid)
    as_user(acct, student_command(acct, nbgrader, "fetch_assignment", ASSIGNMENT), env, log, cwd=folder)
    fetched = sorted((folder / COURSE_ID / ASSIGNMENT).glob("*.ipynb"))
    assert fetched, f"{acct.name} fetched nothing through ngshare"
    for nb_path in fetched:
        work_on(nb_path, read_nb(REPO / "solutions" / ASSIGNMENT / nb_path.name), work)
        shutil.chown(nb_path, acct.uid, acct.uid)
    submit = student_command(acct, nbgrader, "submit", ASSIGNMENT)
    if not forge_as:
        as_user(acct, submit, env, log, cwd=folder)
        return {}
    forged = {**env, "JUPYTERHUB_USER": forge_as}
    cmd = ["env", f"USER={forge_as}", f"LOGNAME={forge_as}", *submit]  # after as_user's own USER
    proc = as_user(acct, cmd, forged, log, cwd=folder, check=False)
    return {"returncode": proc.returncode, "output": proc.stdout[-2000:]}


def fetch_feedback(ch: CourseHub, acct: Account, log: Path, forge_as: str = "") -> tuple[list[Path], str]:
    nbgrader = str(ch.venv / "bin" / "nbgrader")
    env = terminal_env(ch, f"server:{acct.name}")
    cmd = student_command(acct, nbgrader, "fetch_feedback", ASSIGNMENT)
    if forge_as:
        env["JUPYTERHUB_USER"] = forge_as
        cmd = ["env", f"USER={forge_as}", f"LOGNAME={forge_as}", *cmd]
    proc = as_user(acct, cmd, env, log, cwd=acct.home / "ngshare-term", check=not forge_as)
    pages = sorted((acct.home / "ngshare-term" / COURSE_ID / ASSIGNMENT / "feedback").glob("*/*.html"))
    return pages, proc.stdout[-2000:]


def run_ngshare_term(ch: CourseHub, log: Path, keep: Path) -> NgshareTerm:
    """The whole term through ngshare (see the module's docstring); what it saw."""
    term = NgshareTerm()
    hub, grader = ch.hub, ch.grader
    python = str(ch.venv / "bin" / "python")
    nbgrader = str(ch.venv / "bin" / "nbgrader")

    def step(name: str, t0: float) -> None:
        term.steps_seconds[name] = round(time.perf_counter() - t0, 1)

    t0 = time.perf_counter()
    wait_ngshare(ch)
    hub.service_pid("ngshare", "service:ngshare")
    port = urllib.parse.urlparse(hub.api("GET", "/services/ngshare")["url"]).port
    term.listening = listening_addresses(port)
    # the grader's commands run with the course service's token, as in a terminal of the service
    grader_env = {**ch.grader_env, **terminal_env(ch, "service")}
    grader_env["PATH"] = ch.grader_env["PATH"]
    service_token = grader_env["JUPYTERHUB_API_TOKEN"]
    roster = ch.base / "ngshare-students.csv"
    roster.write_text(
        "student_id,first_name,last_name,email\n"
        + "".join(f"{s},{s[6:]},Student,{s}@example.org\n" for s in (*WORK, FORGER))
    )
    roster.chmod(0o644)
    course_management = [python, "-m", "ngshare_exchange.course_management"]
    enrol = ["add_students", COURSE_ID, str(roster), "--no-gb"]
    for command in (["create_course", COURSE_ID, COURSE_ID], enrol):
        as_user(grader, [*course_management, *command], grader_env, log, cwd=COURSE_DIR)
    make_as_grader(grader, ["exchange-release"], grader_env, log)
    step("ngshare: course, class and release", t0)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(WORK)) as pool:
        for fut in [pool.submit(hand_in, ch, ch.accounts[s], w, log) for s, w in WORK.items()]:
            fut.result()
    # later than the victim's own submission: if it counted as theirs, it would replace it
    term.forged_submit = hand_in(ch, ch.accounts[FORGER], "untouched", log, forge_as=VICTIM)
    forger_token = hub.environ_of(f"server:{FORGER}")["JUPYTERHUB_API_TOKEN"]
    attempts = {
        "download the victim's submission": ("GET", f"/submission/{COURSE_ID}/{ASSIGNMENT}/{VICTIM}", None),
        "list the class's submissions": ("GET", f"/submissions/{COURSE_ID}/{ASSIGNMENT}", None),
        "list the victim's submissions": ("GET", f"/submissions/{COURSE_ID}/{ASSIGNMENT}/{VICTIM}", None),
        "upload feedback for the victim": (
            "POST",
            f"/feedback/{COURSE_ID}/{ASSIGNMENT}/{VICTIM}",
            {"timestamp": "2030-01-01 00:00:00.000000 UTC", "files": "[]"},
        ),
        "release an assignment": ("POST", f"/assignment/{COURSE_ID}/forged", {"files": "[]"}),
    }
    for what, (method, path, data) in attempts.items():
        term.forger_api[what] = ngshare_request(ch, forger_token, method, path, data)[0]
        # ngshare's handlers read the user from the token and do not refuse a request without
        # one up front: with no token, or one the hub does not know, nothing may come back.
        for label, token in (("no token", ""), ("an unknown token", "0" * 32)):
            term.anonymous_api[f"{what}, {label}"] = ngshare_request(ch, token, method, path, data)
    status, answer = ngshare_request(ch, service_token, "GET", f"/submissions/{COURSE_ID}/{ASSIGNMENT}")
    assert status == 200, (status, answer)
    for record in answer["submissions"]:
        term.submissions[record["student_id"]] = term.submissions.get(record["student_id"], 0) + 1
    step("ngshare: students fetch, work, submit; the forger tries", t0)

    t0 = time.perf_counter()
    as_user(grader, [nbgrader, "collect", ASSIGNMENT, "--update"], grader_env, log, cwd=COURSE_DIR)
    make_as_grader(grader, ["autograde", "FORCE=1", "feedback"], ch.grader_env, log)
    make_as_grader(grader, ["return-feedback"], grader_env, log)
    step("ngshare: grader collects, autogrades, returns feedback", t0)

    t0 = time.perf_counter()
    for s in (*WORK, FORGER):
        page = COURSE_DIR / "feedback" / s / ASSIGNMENT / f"{ASSIGNMENT}.html"
        if page.exists():
            term.graded_feedback[s] = page.read_bytes()
    with ThreadPoolExecutor(max_workers=len(WORK)) as pool:
        fetched = {s: pool.submit(fetch_feedback, ch, ch.accounts[s], log) for s in WORK}
        for s, fut in fetched.items():
            pages, _out = fut.result()
            (keep / s).mkdir(parents=True, exist_ok=True)
            term.feedback[s] = [Path(shutil.copy2(p, keep / s / p.name)) for p in pages]
    pages, term.forger_fetch_output = fetch_feedback(ch, ch.accounts[FORGER], log, forge_as=VICTIM)
    term.forger_fetched = [p.read_bytes() for p in pages]
    step("ngshare: students fetch feedback; the forger tries", t0)
    return term
