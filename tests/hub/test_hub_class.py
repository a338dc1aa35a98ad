"""A class on a real JupyterHub, end to end, in Chromium.

JupyterHub runs the repository's deploy/jupyterhub_config.py unchanged (plus tests/hub/hub_overlay.py:
ports, state, proxy, PAM), on 127.0.0.1, with real Unix accounts: three students, an instructor and
the grader account that runs the Formgrader service; the gradebook is in PostgreSQL. The term (the
``term`` fixture, run once):

1. the grader puts the assignment in the gradebook (``nbgrader generate_assignment``) and in the
   exchange (``make exchange-release``), while the hub starts;
2. each student (in parallel, a browser each) logs in, sees the course in the Assignment List,
   fetches, works (complete, partial, untouched), presses Validate and submits;
3. a student writes an entry under another student's name into the exchange's inbound; the grader
   collects (refusing it), autogrades, generates and returns feedback (``make collect autograde``,
   then ``make feedback return-feedback``, as its own Unix user, in its clone of the course);
4. meanwhile the instructor opens the Formgrader service and sees the submissions with their
   scores (a student was refused there in step 2);
5. each student, in the tab kept open since step 2, refreshes the Assignment List and fetches their
   feedback;
6. the same class goes through a second term on the same hub with ngshare as the exchange, and a
   student tries to submit as another there (tests/hub/ngshare_term.py);
7. the hub stops, and every process it started is gone; the database stops; the accounts are removed.

The tests below check what the term saw. Measurements (hub start, spawn time and memory per user
server, each step, the whole cycle) go to artifacts/hub/measurements.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from e2e_support import ASSIGNMENT, BIN, CHROMIUM, chromium, is_grade_test, nbgrader_meta, read_nb
from exchange_cycle import work_on
from hub_support import (
    ARTIFACTS,
    COURSE_DIR,
    COURSE_ID,
    GRADER,
    NGSHARE_ACCOUNT,
    REPO,
    Account,
    Hub,
    account_exists,
    as_user,
    course_hub,
    make_as_grader,
    release_assignment,
    rss_kib,
)
from lab_ui import menu
from ngshare_term import FORGER, VICTIM, NgshareTerm, run_ngshare_term

pytestmark = pytest.mark.slow

WORK = {"mihub-ada": "complete", "mihub-bo": "partial", "mihub-cy": "untouched"}
STUDENTS = tuple(WORK)
INSTRUCTOR = "mihub-prof"


def _preflight() -> str | None:
    if os.geteuid() != 0:
        return "the hub test creates Unix accounts and runs JupyterHub with PAM: run it as root (CI does)"
    for tool in ("useradd", "userdel", "chpasswd", "runuser", "npm"):
        if not shutil.which(tool):
            return f"{tool} is missing"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: run `make chromium`"
    return None


@dataclass
class Term:
    accounts: dict[str, Account]
    course: Path
    measurements: dict = field(default_factory=dict)
    seen: dict = field(default_factory=dict)  # what the browser showed, per step and user
    feedback: dict[str, list[Path]] = field(default_factory=dict)  # fetched feedback, copied out
    left_running: list[int] = field(default_factory=list)
    accounts_left: list[str] = field(default_factory=list)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # student -> grade_id -> score
    forged_entry: str = ""  # the folder exchange entry a student wrote under another's name
    ngshare: NgshareTerm | None = None  # the second scenario: the term through ngshare
    ngshare_scores: dict[str, dict[str, float]] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# In the browser


def login(context, hub: Hub, account: Account, then: str = ""):
    """A fresh session: the hub's login form, then ``then`` (a path on the hub) or, by default, the
    user's JupyterLab (already spawned; without ``then`` the hub would spawn a server)."""
    context.clear_cookies()
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login" + (f"?next={quote(then)}" if then else ""))
    page.fill("#username_input", account.name)
    page.fill("#password_input", account.password)
    page.click("#login_submit")
    target = re.escape(then) if then else rf"/user/{re.escape(account.name)}/lab|/hub/home"
    page.wait_for_url(re.compile(target), timeout=120_000)
    return page


def open_lab(page, hub: Hub, user: str) -> None:
    page.goto(f"{hub.url}/user/{user}/lab?reset")
    page.locator("#jp-main-statusbar").wait_for(timeout=120_000)
    page.locator(".lm-MenuBar-item", has_text="Nbgrader").wait_for(timeout=60_000)


def news_prompt_shown(page, seconds: float = 3.0) -> bool:
    """Whether JupyterLab asks about Jupyter news (it asks at start-up unless told not to)."""
    try:
        page.locator(".Toastify__toast", has_text="Jupyter news").wait_for(timeout=seconds * 1000)
        return True
    except Exception:
        return False


def page_config(page) -> dict:
    return page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent)")


def open_assignment_list(page):
    menu(page, "Nbgrader", "Assignment List")
    panel = page.locator(".nbgrader-assignment-list, #nbgrader-assignment-list").first
    panel.wait_for(timeout=60_000)
    return panel


def wait_list(page, name: str, rows: int, timeout: float = 90):
    """The rows of one list of the Assignment List panel (released, fetched, submitted)."""
    loc = page.locator(f"#{name}_assignments_list > .list_item")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if loc.count() >= rows and not page.locator(f"#{name}_assignments_list_loading").is_visible():
            return loc
        time.sleep(0.25)
    raise TimeoutError(f"the {name} list did not show {rows} row(s) within {timeout} s")


def click_and_wait_list(page, button, name: str, rows: int, timeout: float = 120):
    button.click()
    return wait_list(page, name, rows, timeout)


def validate_in_list(page) -> dict:
    """Expand the fetched assignment, press the notebook's Validate; return what the dialog says."""
    page.locator(f'#fetched_assignments_list a:text("{ASSIGNMENT}")').first.click()
    nb_row = page.locator(
        "#fetched_assignments_list .collapse.in .list_item", has=page.locator('button:text("Validate")')
    ).first
    nb_row.wait_for(timeout=30_000)
    nb_row.locator('button:text("Validate")').click()
    dialog = page.locator(".jp-Dialog", has_text="Validation Results")
    dialog.wait_for(timeout=240_000)
    message = dialog.locator("#validation-message")
    classes = message.get_attribute("class") or ""
    result = {
        "success": "validation-success" in classes,
        "failed_cells": dialog.get_by_text("The following cell failed:").count(),
        "text": message.inner_text()[:300],
    }
    dialog.locator(".jp-Dialog-button").first.click()
    return result


def formgrader_status(page, url: str) -> int:
    response = page.goto(url)
    return response.status if response is not None else 0


# ---------------------------------------------------------------------------------------------
# The term


def fetched_folder(account: Account) -> Path:
    """Where the Assignment List puts the assignment: <home>/<course>/<assignment>, because the
    hub's site config sets Exchange.path_includes_course."""
    return account.home / COURSE_ID / ASSIGNMENT


def student_term(hub: Hub, acct: Account, work: str, shots: Path, keep: Path,
                 submitted: threading.Event, returned: threading.Event) -> tuple[dict, list[Path]]:
    """One student's term, in a browser of their own kept open throughout, as a student keeps a tab
    open: log in, Assignment List, fetch, work, Validate, submit, try the Formgrader (their own
    server's and the course's); then, once the grader has returned the feedback (``returned``),
    refresh the Assignment List and fetch the feedback. Returns what the browser showed and copies
    of the feedback files the student got."""
    seen: dict = {}
    with chromium() as context:
        page = login(context, hub, acct)
        open_lab(page, hub, acct.name)
        seen["disabled_plugins"] = sorted(page_config(page).get("disabledExtensions", []))
        open_assignment_list(page)
        released = wait_list(page, "released", 1)
        seen["released"] = [
            (r.locator(".item_name").inner_text().strip(), r.locator(".item_course").inner_text().strip())
            for r in released.all()
        ]
        fetched = click_and_wait_list(page, released.first.locator(".item_status button"), "fetched", 1)
        mine = fetched_folder(acct)
        seen["fetched"] = sorted(p.name for p in mine.glob("*.ipynb"))
        # the student's work goes into their copy (as if typed; the file stays theirs)
        for nb_path in sorted(mine.glob("*.ipynb")):
            src = read_nb(REPO / "solutions" / ASSIGNMENT / nb_path.name)
            solved, _cut = work_on(nb_path, src, work)
            os.chown(nb_path, acct.uid, acct.uid)
            seen.setdefault("answers_filled", {})[nb_path.stem] = len(solved)
        seen["validate"] = validate_in_list(page)
        seen["server_rss_mib"] = round(rss_kib(hub.pids[f"server:{acct.name}"]) / 1024, 1)
        submit = fetched.first.locator('.item_status button:text("Submit")')
        seen["submitted_rows"] = click_and_wait_list(page, submit, "submitted", 1).count()
        page.screenshot(path=shots / f"assignment-list-{acct.name}.png")
        # JupyterLab asks about news shortly after start-up; this page has been open for a while
        seen["news_prompt"] = news_prompt_shown(page, seconds=0.5)
        # Formgrader is not theirs: not in their own server, and the hub refuses them the service
        probe = context.new_page()
        seen["own_formgrader_status"] = formgrader_status(probe, f"{hub.url}/user/{acct.name}/formgrader")
        seen["service_status"] = formgrader_status(probe, f"{hub.url}/services/{COURSE_ID}/formgrader")
        probe.close()
        submitted.set()

        # the grader collects, grades and returns feedback meanwhile; the tab stays open
        returned.wait()
        if not returned.feedback_is_out:  # the term failed before the feedback went out
            return seen, []
        folder = fetched_folder(acct) / "feedback"
        page.locator("#refresh_assignments_list").click()
        submitted_rows = wait_list(page, "submitted", 1)
        submitted_rows.first.locator('.item_status button:text("Fetch Feedback")').click()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not list(folder.glob("*/*.html")):
            time.sleep(0.25)
    keep.mkdir(parents=True, exist_ok=True)
    copies = []
    for f in sorted(folder.glob("*/*.html")):
        shutil.copy2(f, keep / f.name)
        copies.append(keep / f.name)
    return seen, copies


class FeedbackReturned(threading.Event):
    """Set when the students may look for their feedback; ``feedback_is_out`` says whether the
    grader returned it (False: the term failed, and the students close their browsers)."""

    feedback_is_out = False


FOLDER_FORGER, FOLDER_VICTIM = "mihub-cy", "mihub-ada"


def forge_folder_entry(exchange: Path, forger: Account, victim: str, log: Path) -> str:
    """``forger`` writes ``<victim>+<assignment>+<a later timestamp>`` into the folder exchange's
    inbound, holding the forger's own (untouched) notebook, as nbgrader's folder exchange lets any
    student do; returns the entry's name."""
    name = f"{victim}+{ASSIGNMENT}+2099-01-01 00:00:00.000000 UTC"
    entry = exchange / COURSE_ID / "inbound" / name
    notebook = fetched_folder(forger) / f"{ASSIGNMENT}.ipynb"
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    as_user(forger, ["mkdir", str(entry)], env, log, cwd=forger.home)
    as_user(forger, ["cp", str(notebook), str(entry / notebook.name)], env, log, cwd=forger.home)
    return name


def wait_all_set(events: dict[str, threading.Event], futures: dict, timeout: float) -> None:
    """Wait until every student has set their event; a student whose thread failed raises here."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for s, fut in futures.items():
            if fut.done() and not events[s].is_set():
                fut.result()  # raises what went wrong in that student's browser
                raise RuntimeError(f"{s}'s browser stopped before submitting")
        if all(e.is_set() for e in events.values()):
            return
        time.sleep(0.25)
    raise TimeoutError(f"not every student submitted within {timeout} s")


def instructor_opens_formgrader(hub: Hub, acct: Account, shots: Path) -> dict:
    """The instructor logs in and opens the course's Formgrader service (its own page)."""
    with chromium() as context:
        page = login(context, hub, acct, then=f"/services/{COURSE_ID}/formgrader")
        response = page.goto(f"{hub.url}/services/{COURSE_ID}/formgrader")
        status = response.status if response is not None else 0
        csp = (response.headers.get("content-security-policy", "") if response is not None else "")
        row = page.locator("#main-table tr", has=page.locator("td.name", has_text=ASSIGNMENT))
        row.wait_for(timeout=120_000)
        fg = {
            "status": status,
            "csp": csp,
            "exchange_warning": page.locator("#warning-exchange").count(),
            "assignment_status": row.locator("td.status").inner_text().strip(),
            "submissions": row.locator("td.num-submissions").inner_text().strip(),
        }
        page.screenshot(path=shots / "formgrader-assignments.png")
        row.locator("td.num-submissions a").click()
        rows = page.locator("#main-table tr", has=page.locator("td.student-id"))
        rows.nth(len(STUDENTS) - 1).wait_for(timeout=60_000)
        fg["scores"] = {
            r.locator("td.student-id").inner_text().strip(): r.locator("td.score").inner_text().strip()
            for r in rows.all()
        }
        page.screenshot(path=shots / "formgrader-submissions.png")
        # the service's own JupyterLab (the grader's): nothing of nbgrader hidden or locked there
        page.goto(f"{hub.url}/services/{COURSE_ID}/lab")
        page.locator("#jupyter-config-data").wait_for(state="attached", timeout=120_000)
        config = page_config(page)
        fg["service_lab_disabled"] = sorted(config.get("disabledExtensions", []))
        fg["service_lab_locked"] = sorted(config.get("lockedExtensions", []) or [])
    return fg


@pytest.fixture(scope="session")
def term() -> Term:
    why = _preflight()
    if why:
        pytest.skip(why)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(ARTIFACTS / "course", ignore_errors=True)
    shutil.rmtree(ARTIFACTS / "feedback", ignore_errors=True)
    cycle_start = time.perf_counter()
    m: dict = {"spawn_seconds": {}, "server_rss_mib": {}, "steps_seconds": {}}
    result = Term(accounts={}, course=ARTIFACTS / "course", measurements=m)

    def step(name, t0):
        m["steps_seconds"][name] = round(time.perf_counter() - t0, 1)

    pool = ThreadPoolExecutor(max_workers=len(STUDENTS))
    students = ThreadPoolExecutor(max_workers=len(STUDENTS), thread_name_prefix="student")
    returned = FeedbackReturned()
    try:
        with course_hub(STUDENTS, [INSTRUCTOR], ARTIFACTS, not_on_roster="mihub-nobody") as ch:
            m["environment"] = {
                "path": str(ch.venv),
                "built_this_run": ch.env_built,
                "seconds": round(ch.env_seconds, 1),
            }
            result.accounts = ch.accounts
            hub, grader, log = ch.hub, ch.grader, ARTIFACTS / "grader.log"
            # 1. the release, while the hub starts (it needs only the course and the exchange)
            release = pool.submit(release_assignment, grader, ch.grader_env, log, ASSIGNMENT)
            m["hub_start_seconds"] = round(hub.start(), 1)
            result.seen["groups"] = {g["name"]: sorted(g["users"]) for g in hub.api("GET", "/groups")}
            # every student's server at once, as at the start of a class
            spawns = {s: pool.submit(hub.spawn, s) for s in STUDENTS}
            for s, fut in spawns.items():
                m["spawn_seconds"][s] = round(fut.result(), 1)
            m["formgrader_service_ready_seconds"] = round(hub.wait_service(), 1)
            hub.service_pid()
            m["release_seconds"] = round(release.result(), 1)
            m["postgres_start_seconds"] = round(ch.postgres_seconds, 1)

            # 2. the students, each in a browser of their own (kept open until they have their
            # feedback), at the same time
            t0 = time.perf_counter()
            submitted = {s: threading.Event() for s in STUDENTS}
            terms = {
                s: students.submit(student_term, hub, ch.accounts[s], WORK[s], ARTIFACTS,
                                   ARTIFACTS / "feedback" / s, submitted[s], returned)
                for s in STUDENTS
            }
            wait_all_set(submitted, terms, timeout=600)
            step("students: log in, fetch, work, validate, submit (in parallel)", t0)

            # a student writes an entry under another student's name into the folder exchange
            forger = ch.accounts[FOLDER_FORGER]
            result.forged_entry = forge_folder_entry(ch.exchange, forger, FOLDER_VICTIM, log)

            # 3. the grader, as its Unix user, with the course's make targets
            for targets in (["collect", "autograde"], ["feedback", "return-feedback"]):
                if targets[0] == "feedback":
                    # 4. the instructor looks at the graded class while the feedback is made
                    instructor = pool.submit(
                        instructor_opens_formgrader, hub, ch.accounts[INSTRUCTOR], ARTIFACTS
                    )
                t0 = time.perf_counter()
                make_as_grader(grader, targets, ch.grader_env, log)
                step("grader: make " + " ".join(targets), t0)
            t0 = time.perf_counter()
            result.seen["instructor"] = instructor.result()
            step("instructor: Formgrader (waited for, after the feedback)", t0)

            # 5. feedback: each student refreshes the Assignment List in the open tab and fetches it
            t0 = time.perf_counter()
            returned.feedback_is_out = True
            returned.set()
            done = {s: fut.result() for s, fut in terms.items()}
            result.seen["students"] = {s: seen for s, (seen, _files) in done.items()}
            result.feedback = {s: files for s, (_seen, files) in done.items()}
            for s, seen in result.seen["students"].items():
                m["server_rss_mib"][s] = seen["server_rss_mib"]
            step("students: fetch feedback (in parallel)", t0)

            # the grader's course, copied out before the account goes
            for sub in ("feedback", "autograded"):
                shutil.copytree(
                    COURSE_DIR / sub,
                    result.course / sub,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.log"),
                )
            # the gradebook, read before the database goes: PostgreSQL, and no SQLite file beside it
            result.seen["gradebook"] = "postgresql" if ch.postgres else "sqlite"
            result.seen["sqlite_gradebook_written"] = (COURSE_DIR / "gradebook.db").exists()
            result.scores = read_scores(ch.db_url)

            # the second scenario: the same class through ngshare (tests/hub/ngshare_term.py)
            t0 = time.perf_counter()
            shutil.rmtree(ARTIFACTS / "ngshare-feedback", ignore_errors=True)
            result.ngshare = run_ngshare_term(ch, log, ARTIFACTS / "ngshare-feedback")
            result.ngshare_scores = read_scores(ch.db_url)
            m["ngshare_seconds"] = round(time.perf_counter() - t0, 1)
            m["ngshare_steps_seconds"] = result.ngshare.steps_seconds
            m["pids"] = dict(hub.pids)
        m["stop"] = ch.stop
        result.left_running = ch.left_running
        result.accounts_left = ch.accounts_left
    finally:
        returned.set()  # a student still waiting closes their browser
        students.shutdown(wait=True)
        pool.shutdown(wait=True)
        m["cycle_seconds"] = round(time.perf_counter() - cycle_start, 1)
        (ARTIFACTS / "measurements.json").write_text(json.dumps(m, indent=2, sort_keys=True) + "\n")
        if result.ngshare is not None:
            skip = ("forger_fetched", "graded_feedback")
            result.seen["ngshare"] = {k: v for k, v in vars(result.ngshare).items() if k not in skip}
        seen_json = json.dumps(result.seen, indent=2, sort_keys=True, default=str)
        (ARTIFACTS / "seen.json").write_text(seen_json + "\n")
    return result


# ---------------------------------------------------------------------------------------------
# What the term showed


def test_the_hub_uses_the_deploy_groups_and_leaves_out_names_without_accounts(term):
    groups = term.seen["groups"]
    assert groups[f"nbgrader-{COURSE_ID}"] == sorted([*STUDENTS, INSTRUCTOR])
    assert groups[f"formgrade-{COURSE_ID}"] == sorted([INSTRUCTOR, GRADER])


def test_students_see_the_course_without_a_news_prompt_or_grading_tools(term):
    for s in STUDENTS:
        seen = term.seen["students"][s]
        assert seen["released"] == [(ASSIGNMENT, COURSE_ID)], (s, seen["released"])
        assert seen["news_prompt"] is False, f"{s} was asked about Jupyter news"
        assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} <= set(
            seen["disabled_plugins"]
        ), (s, seen["disabled_plugins"])
        assert seen["own_formgrader_status"] == 404, f"{s}'s own server serves Formgrader"
        assert seen["service_status"] == 403, f"the hub let {s} into the course's Formgrader"


def test_each_student_fetched_validated_and_submitted(term):
    for s in STUDENTS:
        seen = term.seen["students"][s]
        assert seen["fetched"] == [f"{ASSIGNMENT}.ipynb"] and seen["submitted_rows"] >= 1, (s, seen)
        validate = seen["validate"]
        if WORK[s] == "complete":
            assert validate["success"], (s, validate)
        else:
            assert not validate["success"] and validate["failed_cells"] >= 1, (s, validate)
    assert (
        term.seen["students"][STUDENTS[1]]["validate"]["failed_cells"]
        < term.seen["students"][STUDENTS[2]]["validate"]["failed_cells"]
    ), "partial work should fail fewer cells than untouched work"


def read_scores(db_url: str) -> dict[str, dict[str, float]]:
    """student -> grade_id -> score, from the grader's gradebook (nbgrader's own API)."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, float]] = {}
    with mock.patch.dict(os.environ, {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}):
        with Gradebook(db_url) as gb:
            for s in STUDENTS:
                out[s] = {}
                for nb_path in sorted((REPO / "solutions" / ASSIGNMENT).glob("*.ipynb")):
                    for cell in read_nb(nb_path).cells:
                        if is_grade_test(cell):
                            gid = nbgrader_meta(cell)["grade_id"]
                            out[s][gid] = gb.find_grade(gid, nb_path.stem, ASSIGNMENT, s).score
    return out


def scores(term) -> dict[str, dict[str, float]]:
    assert term.scores, "the term read no gradebook"
    return term.scores


def max_points() -> float:
    sources = sorted((REPO / "solutions" / ASSIGNMENT).glob("*.ipynb"))
    return sum(
        float(nbgrader_meta(c)["points"]) for p in sources for c in read_nb(p).cells if is_grade_test(c)
    )


def test_the_gradebook_is_postgresql(term):
    """deploy/: NBGRADER_DB_URL reaches the grader's config and the service; no SQLite file appears."""
    assert term.seen["gradebook"] == "postgresql"
    assert term.seen["sqlite_gradebook_written"] is False


def test_grades_match_the_work(term):
    got = {s: sum(v.values()) for s, v in scores(term).items()}
    complete, partial, untouched = (got[s] for s in STUDENTS)
    assert complete == pytest.approx(max_points()), got
    assert untouched == 0, got
    assert 0 < partial < complete, got


def test_the_instructor_sees_the_submissions_in_formgrader(term):
    fg = term.seen["instructor"]
    assert fg["status"] == 200 and fg["exchange_warning"] == 0, fg
    assert fg["assignment_status"] == "released", fg
    assert fg["submissions"] == str(len(STUDENTS)), fg
    assert not [x for x in fg["service_lab_disabled"] + fg["service_lab_locked"] if "nbgrader" in x], (
        "the grader's own JupyterLab (the service) lost nbgrader's grading plugins",
        fg,
    )
    expected = {s: sum(v.values()) for s, v in scores(term).items()}
    shown = {}
    for sid, text in fg["scores"].items():
        match = re.fullmatch(r"([0-9.]+) / ([0-9.]+)", text)
        assert match, (sid, text)
        shown[sid] = float(match.group(1))
    assert shown == pytest.approx(expected), (shown, expected)


def test_each_student_fetched_only_their_own_feedback(term):
    for s in STUDENTS:
        files = term.feedback[s]
        assert files, f"{s} fetched no feedback"
        for f in files:
            mine = term.course / "feedback" / s / ASSIGNMENT / f.name
            assert f.read_bytes() == mine.read_bytes(), f"{s} received feedback that is not theirs"
    pages = {term.feedback[s][0].read_bytes() for s in STUDENTS}
    assert len(pages) == len(STUDENTS), "two students received the same feedback"


def test_everything_the_hub_started_stopped_and_the_accounts_are_gone(term):
    assert term.left_running == [], f"still running after the hub stopped: {term.left_running}"
    assert term.measurements["stop"]["killed_after_stop"] == [], term.measurements["stop"]
    assert term.accounts_left == []
    assert not [n for n in (*STUDENTS, INSTRUCTOR, GRADER, NGSHARE_ACCOUNT) if account_exists(n)]
    assert not COURSE_DIR.exists()


def test_the_formgrader_pages_carry_a_content_security_policy(term):
    """deploy/jupyterhub_config.py enables tools.grading.formgrader_csp in the course service."""
    directives = dict(
        d.strip().split(" ", 1) for d in term.seen["instructor"]["csp"].split(";") if " " in d.strip()
    )
    assert directives.get("default-src") == "'none'", term.seen["instructor"]["csp"]
    assert directives["script-src"].startswith("'self'") and "unsafe-inline" not in directives["script-src"]
    assert directives["object-src"] == "'none'"


def test_feedback_says_which_written_answers_await_a_hand_grade(term):
    """The complete student wrote both written answers: their feedback says each awaits its grade
    (not 0.0 / 2.0); the untouched student wrote none, and nothing awaits a grade there."""
    complete, untouched = STUDENTS[0], STUDENTS[2]
    assert term.feedback[complete][0].read_text().count("awaiting a hand grade") == 4  # contents + heading
    assert "awaiting a hand grade" not in term.feedback[untouched][0].read_text()


def test_a_student_cannot_submit_as_another_on_the_folder_exchange(term):
    """The forger's entry under the victim's name is refused by ``make collect`` (it is owned by the
    forger's uid), named in its output, and the victim keeps the grade of their own work."""
    log = (ARTIFACTS / "grader.log").read_text()
    refusal = [ln for ln in log.splitlines() if ln.strip().startswith("!") and term.forged_entry in ln]
    assert refusal and f"written by {FOLDER_FORGER}" in refusal[0], refusal
    victim = sum(scores(term)[FOLDER_VICTIM].values())
    assert victim == pytest.approx(max_points()), "the forged (untouched) entry replaced the victim's work"


def ngshare(term) -> NgshareTerm:
    assert term.ngshare is not None, "the ngshare term did not run"
    return term.ngshare


def test_ngshare_runs_as_a_hub_service_on_the_loopback_address_only(term):
    assert ngshare(term).listening == ["0100007F"], ngshare(term).listening  # 127.0.0.1, no other


def test_a_whole_term_through_ngshare(term):
    """Release, fetch, submit, collect, autograde, feedback, fetch feedback, all through ngshare:
    each student's grade is that of the work they did in this term, and each fetched their own page."""
    got = {s: sum(v.values()) for s, v in term.ngshare_scores.items()}
    assert got[VICTIM] == pytest.approx(max_points()), got  # complete this time
    assert 0 < got["mihub-ada"] < max_points(), got  # partial this time (complete in the first term)
    assert got[FORGER] == 0, got  # the forger's own untouched copy, graded as the forger's
    t = ngshare(term)
    for s, pages in t.feedback.items():
        assert pages, f"{s} fetched no feedback through ngshare"
        got = [p.read_bytes() for p in pages]
        assert got == [t.graded_feedback[s]], f"{s} got feedback that is not theirs"


def test_a_student_cannot_submit_as_another_through_ngshare(term):
    """The forger claimed the victim's name in JUPYTERHUB_USER, USER and LOGNAME: ngshare named the
    submission after the forger's token, the victim holds one submission (their own) and keeps its
    grade; with their own token the forger can neither read the victim's work or feedback, nor list
    the class, nor upload feedback or a release."""
    t = ngshare(term)
    # ngshare recorded the forged submission as the forger's, or nbgrader refused it outright
    forged_landed = t.submissions.get(FORGER, 0)
    assert forged_landed == 1 or t.forged_submit["returncode"] != 0, (t.submissions, t.forged_submit)
    expected = {"mihub-ada": 1, VICTIM: 1, **({FORGER: 1} if forged_landed else {})}
    assert t.submissions == expected, t.submissions
    assert t.forger_api and set(t.forger_api.values()) == {403}, t.forger_api
    # Without a valid token ngshare answers with an error and hands out nothing.
    assert len(t.anonymous_api) == 2 * len(t.forger_api), t.anonymous_api
    for what, (status, answer) in t.anonymous_api.items():
        assert status >= 400 and not answer.get("success"), (what, status, answer)
        assert not ({"submissions", "files", "students", "courses"} & set(answer)), (what, answer)
    assert t.graded_feedback[VICTIM] not in t.forger_fetched, t.forger_fetch_output
