"""Support for the end-to-end suites: a course copy, a JupyterLab server, nbgrader runs, Chromium.

Nothing here writes into the repository except screenshots and logs under ``artifacts/e2e/``
(ignored by git). Every server and browser this module starts is stopped by its own PID or
handle; nothing is killed by name.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
# The course under test. CI and `make test-e2e` use the repository itself; a developer can point
# the suites at another checkout (or a hand-made miniature course) with E2E_COURSE_ROOT.
COURSE = Path(os.environ.get("E2E_COURSE_ROOT", REPO)).resolve()
# Tools come from the interpreter running the tests (the project's .venv under make). nbgrader
# shells out to `alembic` by name, so this directory must also be first on PATH.
BIN = Path(sys.executable).parent
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", REPO / "artifacts" / "e2e")).resolve()
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
ASSIGNMENT = os.environ.get("E2E_ASSIGNMENT", "mutual_information")

# What a course copy holds: the student- and instructor-facing content, never generated state.
# tools/: the course's nbgrader_config.py imports its grading plugins from tools.grading.
COURSE_CONTENT = ("notebooks", "solutions", "exercises", "nbgrader_config.py", "tools")
GENERATED = shutil.ignore_patterns(
    ".ipynb_checkpoints", "__pycache__", "gradebook.db*", "submitted", "autograded", "feedback",
    "release", "source", ".jupyter_runtime",
)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Every page the browser tests open is still, as a screenshot is: CSS animations end at once and
# transitions take no time. An animation that never ends (CodeMirror's blinking cursor,
# JupyterLab's busy indicator) otherwise has the headless browser draw a frame 60 times a second
# for as long as the page is open. Measured on one JupyterLab tab over 20 s, side by side: the
# browser's CPU falls by a third while a kernel runs (2.3 -> 1.5 CPU-s) and by half when the tab
# is idle (0.72 -> 0.33 CPU-s). The animations still run once and their events still fire
# (duration 1 ms, one iteration), so nothing waiting for an animationend hangs.
STILL_PAGES_JS = r"""
(() => {
  const css = '*, *::before, *::after { animation-duration: 1ms !important; '
    + 'animation-delay: 0s !important; animation-iteration-count: 1 !important; '
    + 'transition-duration: 0s !important; transition-delay: 0s !important; }';
  const add = () => {
    if (document.getElementById('e2e-still-pages')) return;
    const style = document.createElement('style');
    style.id = 'e2e-still-pages';
    style.textContent = css;
    (document.head || document.documentElement).appendChild(style);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', add);
  else add();
})();
"""


# ---------------------------------------------------------------------------------------------
# The course, read from its files


def theory_notebooks(root: Path = COURSE) -> list[Path]:
    return sorted((root / "notebooks").glob("*.ipynb"))


def release_notebooks(root: Path = COURSE) -> list[Path]:
    return sorted((root / "exercises" / ASSIGNMENT).glob("*.ipynb"))


def read_nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def figure_count(nb: nbformat.NotebookNode) -> int:
    """Images the notebook's own (committed) outputs hold: one per image output."""
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") in ("display_data", "execute_result")
        and any(mime.startswith("image/") for mime in out.get("data", {}))
    )


def runnable_code_cells(nb: nbformat.NotebookNode) -> int:
    """Code cells JupyterLab gives an execution count when run (it skips blank ones)."""
    return sum(1 for cell in nb.cells if cell.cell_type == "code" and cell.source.strip())


def has_math(nb: nbformat.NotebookNode) -> bool:
    return any(cell.cell_type == "markdown" and "$" in cell.source for cell in nb.cells)


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_code_solution(cell) -> bool:
    return cell.cell_type == "code" and bool(nbgrader_meta(cell).get("solution"))


def is_grade_test(cell) -> bool:
    """An autograded test cell: graded, not an answer."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def autograded_points(nb: nbformat.NotebookNode) -> float:
    return sum(float(nbgrader_meta(c).get("points", 0)) for c in nb.cells if is_grade_test(c))


def cells_by_grade_id(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {nbgrader_meta(c)["grade_id"]: c for c in nb.cells if nbgrader_meta(c).get("grade_id")}


def solution_source(release_path: Path) -> nbformat.NotebookNode:
    """The instructor's notebook a released notebook was generated from."""
    src = COURSE / "solutions" / ASSIGNMENT / release_path.name
    assert src.exists(), f"{release_path.name} has no source notebook at {src}"
    return read_nb(src)


def strip_solution_markers(source: str) -> str:
    """The reference answer as a student would type it: the solution with nbgrader's markers removed."""
    lines = [ln for ln in source.splitlines() if ln.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
    return "\n".join(lines)


def hidden_test_lines(nb: nbformat.NotebookNode, min_len: int = 12) -> set[str]:
    """Distinctive lines inside ``### BEGIN/END HIDDEN TESTS`` blocks.

    Lines that also occur outside a hidden block anywhere in the notebook are dropped (they are
    not secret), and so are short or punctuation-only lines that would match by accident.
    """
    hidden: set[str] = set()
    visible: set[str] = set()
    for cell in nb.cells:
        inside = False
        for line in cell.source.splitlines():
            s = line.strip()
            if s == "### BEGIN HIDDEN TESTS":
                inside = True
                continue
            if s == "### END HIDDEN TESTS":
                inside = False
                continue
            (hidden if inside else visible).add(s)
    return {s for s in hidden - visible if len(s) >= min_len and re.search(r"[A-Za-z0-9]", s)}


# ---------------------------------------------------------------------------------------------
# A temporary copy of the course, and an environment that does not see the user's config


def copy_course(dst: Path, root: Path = COURSE) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in COURSE_CONTENT:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=GENERATED)
        elif src.exists():
            shutil.copy2(src, dst / name)
    return dst


def isolated_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """os.environ with every user-level Jupyter/IPython/matplotlib location moved under ``home``.

    MPLBACKEND is dropped so that kernels draw inline figures (make exports Agg for the unit tests).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "IPYTHON", "MPL"))}
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "jupyter_config"),
        ("JUPYTER_DATA_DIR", "jupyter_data"),
        ("JUPYTER_RUNTIME_DIR", "jupyter_runtime"),
        ("JUPYTERLAB_SETTINGS_DIR", "lab_settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "lab_workspaces"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "matplotlib"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONHASHSEED"] = "0"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # debugpy's frozen-modules note goes to stderr
    env.pop("PYTHONWARNINGS", None)
    if extra:
        env.update(extra)
    return env


def write_nbgrader_site_config(env: Mapping[str, str], **traits: object) -> Path:
    """A user-level nbgrader_config.py (as /etc/jupyter's would be on a hub) setting ``traits``.

    ``traits`` maps ``"Exchange.root"``-style names to values.
    """
    path = Path(env["JUPYTER_CONFIG_DIR"]) / "nbgrader_config.py"
    lines = ["c = get_config()  # noqa: F821"]
    lines += [f"c.{name} = {value!r}" for name, value in traits.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


# ---------------------------------------------------------------------------------------------
# nbgrader as a subprocess, the way an instructor or a student runs it


@dataclass
class Run:
    args: list[str]
    returncode: int
    output: str
    seconds: float


def nbgrader(*args: str, cwd: Path, env: Mapping[str, str], user: str | None = None,
             check: bool = True, log: Path | None = None) -> Run:
    """Run ``nbgrader *args`` in ``cwd``; ``user`` sets USER (and LOGNAME), as a student's login would."""
    run_env = dict(env)
    if user is not None:
        run_env["USER"] = run_env["LOGNAME"] = user
    cmd = [str(BIN / "nbgrader"), *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600)
    run = Run(cmd, proc.returncode, proc.stdout, time.perf_counter() - t0)
    if log is not None:
        with log.open("a") as fh:
            fh.write(f"$ USER={user or run_env.get('USER', '')} {' '.join(args)}   (cwd {cwd}, "
                     f"{run.seconds:.1f} s, exit {run.returncode})\n{run.output}\n")
    if check and proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} exited {proc.returncode}:\n{proc.stdout[-4000:]}")
    return run


def gradebook(course: Path):
    """The course's gradebook (sqlite, the default db_url), as nbgrader's own API opens it."""
    from unittest import mock

    from nbgrader.api import Gradebook

    # nbgrader runs `alembic` by name when it opens a gradebook.
    with mock.patch.dict(os.environ, {"PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}):
        return Gradebook(f"sqlite:///{course / 'gradebook.db'}")


# ---------------------------------------------------------------------------------------------
# JupyterLab


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lab_settings(env: Mapping[str, str]) -> None:
    """User settings for a quiet, fully rendered JupyterLab.

    - no news/update toast (it would cover the page and the probe is a network request);
    - every cell in the DOM (JupyterLab 4 virtualises long notebooks, so unseen outputs would
      not be counted otherwise).
    """
    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    files = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for rel, value in files.items():
        path = settings / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    # The server side of the same: no news feed or update check (this machine has no internet).
    (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_lab_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        "c.LabApp.news_url = None\n"
        'c.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.NeverCheckForUpdate"\n'
    )


class JupyterLab:
    """``jupyter lab`` from the project's environment on a free loopback port, stopped by PID."""

    def __init__(self, root: Path, env: Mapping[str, str], log: Path):
        self.root, self.env, self.log_path = root, dict(env), log
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> JupyterLab:
        cmd = [
            str(BIN / "jupyter"), "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
            # as `make lab` and the hub's course service run it: Formgrader pages get a strict CSP
            '--ServerApp.jpserver_extensions={"tools.grading.formgrader_csp": True}',
        ]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        # cwd = course root: nbgrader's Validate and Formgrader read ./nbgrader_config.py from it.
        env = {**self.env, "PYTHONPATH": str(self.root)}  # tools.grading.formgrader_csp
        self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited {self.proc.returncode}; see {self.log_path}")
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        self.stop()
        raise TimeoutError(f"jupyter lab did not answer within {timeout} s; see {self.log_path}")

    def api(self, method: str, path: str, timeout: float = 5):
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        try:
            for kernel in self.api("GET", "/api/kernels"):
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=15)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.shutdown_kernels()
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        # Anything the server left in its own session (we started it with start_new_session).
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()
        self.proc = None


# ---------------------------------------------------------------------------------------------
# Chromium through Playwright (never `playwright install`: Debian's chromium)


@contextmanager
def chromium() -> Iterator[object]:
    """A headless persistent Chromium context with a fresh profile; closed on exit."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run `make chromium` (apt-get install -y chromium)")
    profile = tempfile.mkdtemp(prefix="e2e-chromium-")
    pw = sync_playwright().start()
    try:
        context = pw.chromium.launch_persistent_context(
            user_data_dir=profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        try:
            context.set_default_timeout(30_000)
            context.add_init_script(script=STILL_PAGES_JS)
            yield context
        finally:
            # Closing has been seen to hang when several threads each drive a browser (the hub
            # test's students): after CLOSE_SECONDS this browser's processes are killed, which
            # makes close() return.
            watchdog = threading.Timer(CLOSE_SECONDS, _kill_browser, args=(profile,))
            watchdog.daemon = True
            watchdog.start()
            try:
                context.close()
            finally:
                watchdog.cancel()
    finally:
        pw.stop()
        shutil.rmtree(profile, ignore_errors=True)


def fresh_artifacts(folder: Path) -> Path:
    """``folder``, created if needed and emptied of the screenshots of an earlier run."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


CLOSE_SECONDS = 30.0


def _kill_browser(profile: str) -> None:
    """Kill the Chromium processes of one profile (their command line names the profile folder)."""
    subprocess.run(["pkill", "-KILL", "-f", f"--user-data-dir={profile}"], check=False)
