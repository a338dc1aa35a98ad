"""`make lab` as a student meets it, in Chromium: the start page open, the file browser showing the
course (notebooks/ and exercises/, never solutions/, tests/ or tools/), no Formgrader or Create
Assignment, no "Jupyter news" toast; and `make lab ROLE=instructor`, which still has Formgrader.

Each Lab is started by the Makefile's own recipe (``make lab LAB_ARGS=…`` with a free port and a
token), in an environment whose user-level Jupyter folders are fresh and empty, so that what the
Lab shows comes from the repository's configuration and nothing else. The servers are stopped by
their process group."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from e2e_support import REPO, free_port, isolated_env
from lab_ui import dismiss_toasts

pytestmark = pytest.mark.slow

START_PAGE = "notebooks/00_start_here.md"
# How long the page is watched for a news toast after the Lab has loaded (JupyterLab asks at start).
TOAST_WATCH_S = 6.0


class MadeLab:
    """A ``make lab`` run on a free loopback port, stopped by its process group."""

    def __init__(self, role: str, home: Path, log: Path) -> None:
        self.role, self.log_path = role, log
        self.env = isolated_env(home, {"USER": f"lab-{role}", "LOGNAME": f"lab-{role}"})
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> MadeLab:
        args = (f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={self.port} "
                f"--ServerApp.port_retries=0 --IdentityProvider.token={self.token}")
        self._log = log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(REPO), "lab", f"ROLE={self.role}", f"LAB_ARGS={args}"],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log_path.read_text()[-2000:]
                raise RuntimeError(f"make lab exited {self.proc.returncode}: {tail}")
            try:
                self.get("/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise TimeoutError(f"make lab ROLE={self.role} did not answer in {timeout} s; see {self.log_path}")

    def get(self, path: str) -> tuple[int, bytes]:
        req = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, b""

    def stop(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        finally:
            self._log.close()
        self.proc = None


@contextmanager
def made_lab(role: str, tmp: Path, artifacts: Path) -> Iterator[MadeLab]:
    lab = MadeLab(role, tmp / f"home-{role}", artifacts / f"make-lab-{role}.log")
    try:
        yield lab.start()
    finally:
        lab.stop()


@pytest.fixture(scope="module")
def lab_browser(browser) -> Iterator[object]:
    """The suite's one Chromium (Playwright's sync API allows one per process): the made Labs
    listen on ports of their own, so their tabs share no cookie or storage with the suite's Lab."""
    yield browser


def open_lab(browser, lab: MadeLab, path: str = "/"):
    """A tab on the Lab as ``make lab`` opens it (its default URL), logged in by the token."""
    page = browser.new_page()
    page.goto(f"{lab.url}{path}?token={lab.token}")
    page.locator("#jp-main-statusbar").wait_for(timeout=90_000)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^File$")).wait_for(timeout=90_000)
    return page


def menu_labels(page, top: str) -> list[str]:
    """The item labels of menu ``top`` ([] if the menu bar has no such menu); the menu is closed after."""
    item = page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(top)}$"))
    if not item.count():
        return []
    item.click()
    menu = page.locator(".lm-Menu:not(.lm-mod-hidden)").first
    menu.wait_for()
    labels = [t.strip() for t in menu.locator(".lm-Menu-itemLabel").all_inner_texts()]
    page.keyboard.press("Escape")
    return labels


def root_listing(page) -> list[str]:
    """The file browser's names at the root of the Lab (after clicking the home breadcrumb; the start
    page's folder, where a student's Lab opens, is left once its start page is no longer listed)."""
    page.locator(".jp-BreadCrumbs-home").first.click()
    page.wait_for_function("""() => {
      const names = [...document.querySelectorAll('.jp-DirListing-item .jp-DirListing-itemText')]
        .map(e => e.textContent.trim());
      return names.length > 0 && !names.includes('00_start_here.md');
    }""")
    names = page.locator(".jp-DirListing-item .jp-DirListing-itemText").all_inner_texts()
    return sorted(t.strip() for t in names)


def news_toasts(page) -> list[str]:
    """Texts of the notification toasts on the page that ask about or bring Jupyter news."""
    texts = page.locator(".Toastify__toast").all_inner_texts()
    return [t for t in texts if re.search(r"news|update", t, re.IGNORECASE)]


def test_a_students_lab_opens_the_start_page_shows_the_course_and_hides_the_instructor_pages(
        lab_browser, tmp_path, artifacts):
    with made_lab("student", tmp_path, artifacts) as lab:
        page = open_lab(lab_browser, lab)
        try:
            # The start page, rendered (Markdown Preview), not the Markdown source in an editor.
            assert page.url.split("?")[0].endswith(f"/lab/tree/{START_PAGE}"), page.url
            preview = page.locator(".jp-RenderedMarkdown h1", has_text="Start here")
            preview.wait_for(timeout=60_000)
            assert page.locator(".lm-TabBar-tab.lm-mod-current", has_text="00_start_here.md").count() == 1
            assert page.locator(".jp-FileEditor:visible").count() == 0
            # No news prompt: watch the page for a while, as JupyterLab asks soon after it loads.
            deadline = time.monotonic() + TOAST_WATCH_S
            while time.monotonic() < deadline:
                assert not news_toasts(page), news_toasts(page)
                time.sleep(0.25)
            status, body = lab.get("/lab/api/settings/@jupyterlab/apputils-extension:notification")
            news = json.loads(body)["schema"]["properties"]["fetchNews"]
            assert status == 200 and news["default"] == "false", news
            page.screenshot(path=artifacts / "student-lab-start-page.png")

            assert root_listing(page) == ["exercises", "notebooks"]
            for hidden in ("solutions", "tests", "tools", "solutions/mutual_information"):
                assert lab.get(f"/api/contents/{hidden}")[0] == 404, hidden
            assert lab.get("/api/contents/exercises/mutual_information")[0] == 200
            page.screenshot(path=artifacts / "student-lab-file-browser.png")

            labels = menu_labels(page, "Nbgrader")
            assert not [x for x in labels if re.search(r"formgrader|create assignment", x, re.I)], labels
            assert page.locator("text=/Create Assignment/i").count() == 0
            assert lab.get("/formgrader")[0] == 404, "the Formgrader server extension answers a student"
        finally:
            dismiss_toasts(page)
            page.close()


def test_the_instructors_lab_still_has_the_formgrader(lab_browser, tmp_path, artifacts):
    with made_lab("instructor", tmp_path, artifacts) as lab:
        page = open_lab(lab_browser, lab, "/lab")
        try:
            labels = menu_labels(page, "Nbgrader")
            assert "Formgrader" in labels, labels
            assert {"solutions", "tests", "tools", "notebooks", "exercises"} <= set(root_listing(page))
            assert not news_toasts(page)
            assert lab.get("/formgrader")[0] == 200
            page.screenshot(path=artifacts / "instructor-lab.png")
        finally:
            page.close()


def dry_run(*args: str) -> str:
    """What ``make -n`` would run, as if bubblewrap were missing and we were root (apt-get's case)."""
    return subprocess.run(["make", "-n", "--no-print-directory", "-C", str(REPO), *args, "BWRAP_FOUND="],
                          capture_output=True, text=True, check=True).stdout


def test_studying_installs_nothing_with_apt_but_grading_does():
    """The student's path (`make setup`, `make lab`) never runs apt-get, even with bubblewrap missing;
    the grading targets still install it (the check can tell the two apart)."""
    for target in ("setup", "lab"):
        assert "apt-get" not in dry_run(target), target
    assert "apt-get" in dry_run("autograde") and "bubblewrap" in dry_run("autograde")
