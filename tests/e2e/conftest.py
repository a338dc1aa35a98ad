"""Fixtures of the end-to-end suites: one course copy, one term through the exchange, one
JupyterLab server and one Chromium per session. A test that works in JupyterLab gets the session's
JupyterLab tab (``lab_page``: JupyterLab loaded once, what the test opened closed after it), any
other test a fresh tab (``page``); either way the test fails if the page logged a console error.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from e2e_support import (
    ARTIFACTS,
    ASSIGNMENT,
    JupyterLab,
    chromium,
    copy_course,
    fresh_artifacts,
    isolated_env,
    lab_settings,
    write_nbgrader_site_config,
)
from exchange_cycle import Term, run_term
from lab_ui import close_all_tabs, load_lab

# Console errors a page may log without the course being broken. Each entry says why.
CONSOLE_ALLOW = [
    # (none needed so far: the news/update probes that would fail on a closed network are
    # switched off in e2e_support.lab_settings instead of being allowed here)
]


def pytest_collection_modifyitems(config, items):
    """Tests that need the finished term run last, so that the term (run in the background from the
    first browser test on) overlaps the other browser tests instead of being waited for."""
    e2e = Path(__file__).parent
    needs_term = [i for i in items if e2e in i.path.parents and "term" in i.fixturenames]
    if needs_term:
        rest = [i for i in items if i not in needs_term]
        items[:] = rest + needs_term


@pytest.fixture(scope="session")
def artifacts() -> Path:
    return fresh_artifacts(ARTIFACTS)


@pytest.fixture(scope="session")
def summary(artifacts):
    """What the suites saw (figures per notebook, failures Validate reported, grades, timings),
    written to artifacts/e2e/summary.json at the end of the session."""
    data: dict = {}
    yield data
    (artifacts / "summary.json").write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


@pytest.fixture(scope="session")
def e2e_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def exchange_root(e2e_tmp) -> Path:
    root = e2e_tmp / "exchange"
    root.mkdir()
    root.chmod(0o777)
    return root


@pytest.fixture(scope="session")
def instructor_env(e2e_tmp, exchange_root) -> dict[str, str]:
    """The instructor's (and the server's) environment: isolated config, the exchange configured
    site-wide as a hub's /etc/jupyter/nbgrader_config.py would."""
    env = isolated_env(e2e_tmp / "instructor-home", {
        "USER": "instructor", "LOGNAME": "instructor",
        # The course's nbgrader_config.py takes the exchange from NBGRADER_EXCHANGE (and, read
        # from the working directory, it overrides the site config below).
        "NBGRADER_EXCHANGE": str(exchange_root),
    })
    write_nbgrader_site_config(env, **{"Exchange.root": str(exchange_root)})
    lab_settings(env)
    return env


@pytest.fixture(scope="session")
def course(e2e_tmp) -> Path:
    """A temporary copy of the course: everything that writes (nbgrader, JupyterLab) writes here."""
    return copy_course(e2e_tmp / "course")


@pytest.fixture(scope="session")
def term_future(request, course, instructor_env, exchange_root, e2e_tmp, artifacts, student_copy):
    """A whole term of one assignment through nbgrader's real exchange (see exchange_cycle.py),
    started in a background thread as soon as the session needs a server: it is mostly waiting on
    nbgrader subprocesses, so it overlaps the browser tests instead of adding to them.

    It starts after ``student_copy``: generate_assignment rewrites exercises/ in the course copy.
    """
    wanted = any("term" in item.fixturenames for item in request.session.items)
    if not wanted:
        yield None
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="term")
    try:
        yield pool.submit(run_term, course, instructor_env, exchange_root, e2e_tmp / "students",
                          artifacts / "exchange-cycle.log")
    finally:
        pool.shutdown(wait=True)


@pytest.fixture(scope="session")
def term(term_future) -> Term:
    return term_future.result(timeout=900)


@pytest.fixture(scope="session")
def lab(course, instructor_env, artifacts, term_future) -> Iterator[JupyterLab]:
    server = JupyterLab(course, instructor_env, artifacts / "jupyter-server.log")
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(lab) -> Iterator[object]:
    with chromium() as context:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=lab.url)
        # Log in once: the token sets the session cookie for every later page.
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(f"{lab.url}/api/status?token={lab.token}")
        page.close()
        yield context


class Console:
    """Errors a page reports: console.error messages and uncaught exceptions, from every frame."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def on_console(self, msg) -> None:
        if msg.type == "error":
            loc = msg.location or {}
            where = f"{loc.get('url', '')}:{loc.get('lineNumber', '')}"
            self.errors.append(f"console.error: {msg.text} ({where})")

    def on_pageerror(self, exc) -> None:
        self.errors.append(f"uncaught: {exc}")

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(re.search(p, e) for p, _why in CONSOLE_ALLOW)]


def _listen(pg) -> Console:
    console = Console()
    pg.on("console", console.on_console)
    pg.on("pageerror", console.on_pageerror)
    pg.console_log = console  # for tests that want to look at it
    return console


def _fail_on_console_errors(console: Console, request) -> None:
    bad = console.unexpected()
    if bad:
        pytest.fail(f"{request.node.name}: the page logged {len(bad)} console error(s):\n" + "\n".join(bad))


@pytest.fixture
def page(browser, lab, request):
    """A fresh tab; the test fails if the page logged an error to its console."""
    pg = browser.new_page()
    console = _listen(pg)
    try:
        yield pg
    finally:
        pg.close()
        lab.shutdown_kernels()
    _fail_on_console_errors(console, request)


@pytest.fixture(scope="session")
def lab_tab(browser, lab):
    """One tab with JupyterLab loaded, kept for the session, as a student keeps theirs open."""
    pg = browser.new_page()
    _listen(pg)
    load_lab(pg, lab)
    try:
        yield pg
    finally:
        pg.close()


@pytest.fixture
def lab_page(lab_tab, lab, request):
    """The session's JupyterLab tab for one test: afterwards every document the test opened is
    closed (unsaved changes discarded) and the kernels are shut down; the test fails if the page
    logged an error to its console meanwhile."""
    console = lab_tab.console_log
    console.errors.clear()
    try:
        yield lab_tab
    finally:
        close_all_tabs(lab_tab, lab)
        lab.shutdown_kernels()
    _fail_on_console_errors(console, request)


@pytest.fixture
def shot(artifacts):
    """shot(page, "name") saves artifacts/e2e/name.png and returns its path."""

    def take(pg, name: str, full_page: bool = False, locator=None) -> Path:
        path = artifacts / f"{name}.png"
        if locator is not None:
            locator.screenshot(path=path)
        else:
            pg.screenshot(path=path, full_page=full_page)
        return path

    return take


@pytest.fixture(scope="session")
def student_copy(course) -> Path:
    """The released assignment as one student has it (a clone, or what fetch_assignment gives):
    a folder of its own, so that the browser test never edits the course's release."""
    dst = course / "student_work" / ASSIGNMENT
    shutil.copytree(course / "exercises" / ASSIGNMENT, dst)
    return dst
