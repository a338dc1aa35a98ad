"""A course on a real JupyterHub on this machine: accounts, a readable environment, the proxy, the hub.

Used by tests/hub (the cycle a class goes through, in a browser) and by ``make hub`` (the same hub,
left running for an instructor to try). Everything listens on 127.0.0.1 only. What this module
creates it removes: the Unix accounts (with their homes), the temporary folders, and every process
(the hub, the proxy, the Formgrader service, the users' servers and their kernels), each stopped by
its PID. The one thing kept between runs is the course environment under ``HUB_ENV_ROOT``, keyed by
the hash of what it is built from, so that a second run does not rebuild it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from e2e_support import COURSE_CONTENT, GENERATED, REPO, free_port

COURSE_ID = "mutual-information"
GRADER = f"grader-{COURSE_ID}"
# The course directory the deploy config names (the grader account's clone of the repository).
COURSE_DIR = Path(f"/home/{GRADER}/{COURSE_ID}")
DEPLOY = REPO / "deploy"
OVERLAY = Path(__file__).with_name("hub_overlay.py")
# Readable by every account (never under /root, mode 700), reused between runs.
HUB_ENV_ROOT = Path(os.environ.get("HUB_ENV_ROOT", "/opt/mi-course-hub"))
# Debian's own interpreter: world-readable, unlike a pyenv build under root's home.
HUB_PYTHON = os.environ.get("HUB_PYTHON", "/usr/bin/python3")
PROXY = REPO / "tools" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
# ngshare's nbgrader client, locked apart without dependencies (deploy/ngshare/requirements-exchange.in),
# and ngshare itself, in an environment of its own (deploy/ngshare/requirements-service.in)
NGSHARE_EXCHANGE_LOCK = DEPLOY / "ngshare" / "requirements-exchange.lock"
NGSHARE_SERVICE_LOCK = DEPLOY / "ngshare" / "requirements-service.lock"
# The account ngshare runs as (deploy/ngshare/jupyterhub_ngshare.py), made and removed like the others.
NGSHARE_ACCOUNT = "mihub-ngshare"
# Accounts this module creates carry this comment: only those are ever removed.
MARK = "mi-course hub test (temporary)"
ARTIFACTS = Path(os.environ.get("HUB_ARTIFACTS", REPO / "artifacts" / "hub")).resolve()


# ---------------------------------------------------------------------------------------------
# Commands


def run(cmd: list[str], log: Path | None = None, check: bool = True, **kw) -> subprocess.CompletedProcess:
    """Run ``cmd``; its output goes to ``log`` (appended) and, on failure, into the exception."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if log is not None:
        with log.open("a") as fh:
            fh.write(f"$ {' '.join(cmd)}   ({time.perf_counter() - t0:.1f} s, exit {proc.returncode})\n")
            fh.write(proc.stdout + "\n")
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-4000:]}")
    return proc


# ---------------------------------------------------------------------------------------------
# The course environment, where every account can read it


def course_packages() -> list[str]:
    """The packages pyproject.toml installs (mi_helpers and the course's own)."""
    return tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]


def env_key() -> str:
    """Hash of everything the environment is built from: the lock, the packages, the lab overrides."""
    h = hashlib.sha256()
    files = [
        REPO / "requirements.lock",
        NGSHARE_EXCHANGE_LOCK,
        NGSHARE_SERVICE_LOCK,
        REPO / "pyproject.toml",
        DEPLOY / "lab" / "overrides.json",
    ]
    for package in course_packages():
        files += sorted((REPO / package).rglob("*.py"))
    for path in files:
        h.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(HUB_PYTHON.encode())
    return h.hexdigest()[:16]


def ensure_environment(log: Path) -> tuple[Path, bool]:
    """The course environment for the hub's accounts: a venv from Debian's Python holding exactly
    requirements.lock (uv, hash-checked) and mi_helpers, readable by all. Returns (path, built)."""
    key = env_key()
    HUB_ENV_ROOT.mkdir(parents=True, exist_ok=True)
    HUB_ENV_ROOT.chmod(0o755)
    venv = HUB_ENV_ROOT / f"venv-{key}"
    with (HUB_ENV_ROOT / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two runs at once build it once
        if (venv / ".complete").exists():
            return venv, False
        for old in HUB_ENV_ROOT.glob("venv-*"):  # earlier locks' environments
            shutil.rmtree(old, ignore_errors=True)
        uv = str(Path(sys.executable).parent / "uv")
        py = str(venv / "bin" / "python")
        run([uv, "venv", "-q", "--python", HUB_PYTHON, str(venv)], log)
        # Hard links into uv's cache, as the course's own .venv has them (uv falls back to a copy
        # where it cannot link): a gigabyte is not copied, and a file both environments link
        # is one file, so the bytecode the .venv compiled for it is valid here as well.
        common = ["--python", py, "--link-mode", "hardlink", "--no-deps"]
        run(
            [uv, "pip", "install", "-q", *common, "--require-hashes", "-r", str(REPO / "requirements.lock")],
            log,
        )
        # the course's packages, installed (not editable: the repository may live where others
        # cannot read)
        build = Path(tempfile.mkdtemp(prefix="mi-helpers-build-"))
        try:
            for package in course_packages():
                shutil.copytree(REPO / package, build / package, ignore=shutil.ignore_patterns("__pycache__"))
            shutil.copy2(REPO / "pyproject.toml", build / "pyproject.toml")
            if (REPO / "README.md").exists():
                shutil.copy2(REPO / "README.md", build / "README.md")
            run([uv, "pip", "install", "-q", *common, "--no-build-isolation", str(build)], log)
        finally:
            shutil.rmtree(build, ignore_errors=True)
        # Bytecode, compiled before any account runs: they cannot write into this environment,
        # so without it every server, kernel and nbgrader command would compile from source each
        # time. What the course's .venv has compiled already is shared, the rest compiled here.
        unshared = share_bytecode(venv, log)
        if unshared:
            listing = venv / "unshared-modules.txt"
            listing.write_text("".join(f"{path}\n" for path in unshared))
            run([py, "-m", "compileall", "-q", "-i", str(listing)], log)
        # ngshare-exchange beside the environment, not in it (its jupyter-core cap cannot be met:
        # deploy/ngshare/requirements-exchange.in): hash-checked, without dependencies, put on
        # PYTHONPATH only by the processes that use the ngshare exchange.
        run(
            [uv, "pip", "install", "-q", "--python", py, "--no-deps", "--require-hashes",
             "--target", str(ngshare_exchange_lib(venv)), "-r", str(NGSHARE_EXCHANGE_LOCK)],
            log,
        )
        run([py, "-m", "compileall", "-q", str(ngshare_exchange_lib(venv))], log)
        # ngshare's own environment (SQLAlchemy 1.4: deploy/ngshare/requirements-service.in)
        service = ngshare_venv(venv)
        run([uv, "venv", "-q", "--python", HUB_PYTHON, str(service)], log)
        run(
            [uv, "pip", "install", "-q", "--python", str(service / "bin" / "python"),
             "--link-mode", "hardlink", "--no-deps", "--require-hashes", "-r", str(NGSHARE_SERVICE_LOCK)],
            log,
        )
        run([str(service / "bin" / "python"), "-m", "compileall", "-q", str(site_packages(service))], log)
        settings = venv / "share" / "jupyter" / "lab" / "settings"
        settings.mkdir(parents=True, exist_ok=True)
        shutil.copy2(DEPLOY / "lab" / "overrides.json", settings / "overrides.json")
        run(["chmod", "-R", "a+rX", str(venv)], log)
        (venv / ".complete").write_text(key + "\n")
        return venv, True


def ngshare_exchange_lib(venv: Path) -> Path:
    """Where ngshare-exchange is installed for the hub's accounts (a PYTHONPATH folder)."""
    return venv / "ngshare-exchange"


def ngshare_venv(venv: Path) -> Path:
    """ngshare's own environment, built beside the course environment."""
    return venv / "ngshare-service"


def site_packages(venv: Path) -> Path:
    """The one site-packages folder of a venv."""
    (folder,) = (venv / "lib").glob("python3*/site-packages")
    return folder


def share_bytecode(venv: Path, log: Path) -> list[Path]:
    """Link the course .venv's compiled bytecode into ``venv`` for every module whose source is
    the very same file in both (one inode, hard-linked from uv's cache) and whose bytecode
    suits ``venv``'s interpreter. A bytecode file records its source's size and time, so the
    import system accepts it exactly when it is current. Returns the modules left to compile."""
    target_root = site_packages(venv)
    modules = sorted(target_root.rglob("*.py"))
    ours = Path(sys.prefix)
    if ours == venv or not (ours / "pyvenv.cfg").exists():
        return modules
    tag = run([str(venv / "bin" / "python"), "-c", "import sys; print(sys.implementation.cache_tag)"], log)
    source_root = site_packages(ours)
    unshared = []
    for target in modules:
        relative = target.relative_to(target_root)
        source = source_root / relative
        pyc = source.parent / "__pycache__" / f"{source.stem}.{tag.stdout.strip()}.pyc"
        try:
            if not (os.path.samefile(source, target) and pyc.is_file()):
                unshared.append(target)
                continue
            cache = target.parent / "__pycache__"
            cache.mkdir(exist_ok=True)
            os.link(pyc, cache / pyc.name)
        except OSError:
            unshared.append(target)
    with log.open("a") as fh:
        shared = len(modules) - len(unshared)
        fh.write(f"bytecode shared from the course's .venv: {shared} of {len(modules)} modules\n")
    return unshared


def ensure_proxy(log: Path) -> Path:
    """configurable-http-proxy from npm, exactly as tools/hub/package-lock.json pins it."""
    stamp = PROXY.parents[1] / ".package-lock.json"
    if not (PROXY.exists() and stamp.exists()):
        run(["npm", "ci", "--omit=dev", "--no-audit", "--no-fund"], log, cwd=REPO / "tools" / "hub")
    return PROXY


# ---------------------------------------------------------------------------------------------
# Unix accounts


@dataclass
class Account:
    name: str
    password: str
    uid: int
    home: Path


def account_exists(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def processes_of(uids: Iterable[int]) -> list[int]:
    """PIDs of the live processes (zombies left out) running as any of ``uids`` (read from /proc)."""
    uids, found = set(uids), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    found.append(int(entry.name))
            except FileNotFoundError:
                pass
    return [pid for pid in found if pid_alive(pid)]


def kill_pids(pids: Iterable[int], sig: int = signal.SIGKILL) -> list[int]:
    killed = []
    for pid in pids:
        try:
            os.kill(pid, sig)
            killed.append(pid)
        except ProcessLookupError:
            pass
    return killed


def remove_account(name: str, log: Path | None = None) -> None:
    """Remove an account this module made (its comment says so) with its home; refuse any other."""
    entry = account_exists(name)
    if entry is None:
        return
    if entry.pw_gecos != MARK:
        raise RuntimeError(f"the account {name!r} exists and was not made by this test: not touching it")
    kill_pids(processes_of([entry.pw_uid]))
    time.sleep(0.2)
    run(["userdel", "-r", "-f", name], log, check=False)
    if account_exists(name):
        raise RuntimeError(f"userdel could not remove {name!r}")


def create_account(name: str, log: Path | None = None) -> Account:
    """A fresh account with a random password; an earlier run's leftover of the same name is replaced."""
    remove_account(name, log)
    run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", MARK, name], log)
    password = secrets.token_urlsafe(12)
    run(["chpasswd"], log, input=f"{name}:{password}\n")
    entry = pwd.getpwnam(name)
    return Account(name, password, entry.pw_uid, Path(entry.pw_dir))


def chown_tree(path: Path, account: Account) -> None:
    shutil.chown(path, account.uid, account.uid)
    for p in path.rglob("*"):
        os.lchown(p, account.uid, account.uid)


def as_user(account: Account, cmd: list[str], env: dict[str, str], log: Path, cwd: Path, check: bool = True):
    """Run ``cmd`` as ``account`` (runuser) with exactly ``env`` plus the account's HOME and USER."""
    full = {**env, "HOME": str(account.home), "USER": account.name, "LOGNAME": account.name}
    return run(
        ["runuser", "-u", account.name, "--", "env", "-i", *(f"{k}={v}" for k, v in full.items()), *cmd],
        log,
        check=check,
        cwd=cwd,
    )


# ---------------------------------------------------------------------------------------------
# The hub


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KiB (0 if it is gone)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            continue
        todo.extend(children.get(p, []))
    return total


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone for our purposes (its parent has not reaped it yet)
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@dataclass
class Hub:
    """JupyterHub started from ``venv`` with deploy/jupyterhub_config.py plus tests/hub/hub_overlay.py."""

    venv: Path
    state: Path
    env_extra: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    hub_port: int = field(default_factory=free_port)
    proxy_api_port: int = field(default_factory=free_port)
    service_port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    proc: subprocess.Popen | None = None
    pids: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {
            "PATH": f"{self.venv / 'bin'}:{PROXY.parent}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(self.state),
            "PYTHONHASHSEED": "0",
            "HUB_TEST_STATE": str(self.state),
            "HUB_TEST_PORT": str(self.port),
            "HUB_TEST_HUB_PORT": str(self.hub_port),
            "HUB_TEST_PROXY_API_PORT": str(self.proxy_api_port),
            "HUB_TEST_SERVICE_PORT": str(self.service_port),
            "HUB_TEST_TOKEN": self.token,
            "HUB_TEST_PROXY": str(PROXY),
            "HUB_TEST_DEPLOY_CONFIG": str(DEPLOY / "jupyterhub_config.py"),
        }
        env.update(self.env_extra)
        return env

    def start(self, timeout: float = 120) -> float:
        """Start the hub; return the seconds until its API answered."""
        self.state.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(self.venv / "bin" / "jupyterhub"), "-f", str(OVERLAY)],
            cwd=self.state,
            env=self.environment(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.pids["hub"] = self.proc.pid
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited {self.proc.returncode}; see {self.log_path}")
            try:
                self.api("GET", "/")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        else:
            raise TimeoutError(f"the hub did not answer within {timeout} s; see {self.log_path}")
        seconds = time.perf_counter() - t0
        proxy_pid = self.state / "jupyterhub-proxy.pid"
        if proxy_pid.exists():
            self.pids["proxy"] = int(proxy_pid.read_text().strip())
        return seconds

    def api(self, method: str, path: str, body: dict | None = None, timeout: float = 30):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            f"{self.url}/hub/api{path}",
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def spawn(self, user: str, timeout: float = 240) -> float:
        """Start ``user``'s server through the hub's REST API; return the seconds until it is ready."""
        t0 = time.perf_counter()
        try:
            self.api("POST", f"/users/{user}/server")
        except urllib.error.HTTPError as err:
            if err.code != 202:  # 201: started, 202: pending
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{user}")
            server = (model.get("servers") or {}).get("", {})
            if server.get("ready"):
                pid = (server.get("state") or {}).get("pid")
                if pid:
                    self.pids[f"server:{user}"] = int(pid)
                return time.perf_counter() - t0
            if not server.get("pending") and time.perf_counter() - t0 > 5 and not server:
                raise RuntimeError(f"{user}'s server failed to start; see {self.log_path}")
            time.sleep(0.25)
        raise TimeoutError(f"{user}'s server did not start within {timeout} s")

    def service_pid(self, name: str = COURSE_ID, key: str = "service") -> int:
        model = self.api("GET", f"/services/{name}")
        pid = int(model.get("pid") or 0)
        if pid:
            self.pids[key] = pid
        return pid

    def environ_of(self, key: str) -> dict[str, str]:
        """The environment of a running server or service (``pids`` key), read from /proc: what a
        terminal or a kernel in it starts with (its JupyterHub API token included)."""
        raw = Path(f"/proc/{self.pids[key]}/environ").read_bytes()
        pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
        return {k.decode(): v.decode() for k, v in pairs}

    def wait_service(self, timeout: float = 180) -> float:
        """Wait until the Formgrader service answers on its own port (it starts with the hub)."""
        t0 = time.perf_counter()
        port = self.service_port
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/services/{COURSE_ID}/api", timeout=5)
                return time.perf_counter() - t0
            except urllib.error.HTTPError:
                return time.perf_counter() - t0  # it answers (with its own auth rules)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise TimeoutError(f"the Formgrader service did not answer within {timeout} s; see {self.log_path}")

    def stop(self, users: Iterable[str] = (), timeout: float = 90) -> dict[str, object]:
        """Stop the users' servers (in parallel, through the API), then the hub (SIGTERM), which
        stops the service and the proxy; anything still alive after that is killed by its PID.
        Returns what happened: seconds taken and the PIDs that had to be killed."""
        t0 = time.perf_counter()
        report: dict[str, object] = {}
        if self.proc is not None and self.proc.poll() is None:
            for user in users:
                try:
                    self.api("DELETE", f"/users/{user}/server", timeout=10)
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and any(
                pid_alive(p) for k, p in self.pids.items() if k.startswith("server:")
            ):
                time.sleep(0.25)
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        # Whatever is left of what the hub started (recorded PIDs), then the hub's own session.
        stragglers = [p for k, p in self.pids.items() if k != "hub" and pid_alive(p)]
        report["killed_after_stop"] = kill_pids(stragglers)
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self._log.close()
        report["stop_seconds"] = round(time.perf_counter() - t0, 1)
        report["alive_after_stop"] = [p for p in self.pids.values() if pid_alive(p)]
        return report


def course_copy(dst: Path) -> Path:
    """The grader's clone of the course: the course content, plus what the make targets need."""
    dst.mkdir(parents=True, exist_ok=True)
    for name in (*COURSE_CONTENT, "Makefile", "mk", "requirements.lock", "pyproject.toml"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=GENERATED)
        elif src.exists():
            shutil.copy2(src, dst / name)
    return dst


def make_site_config(folder: Path) -> Path:
    """What /etc/jupyter would hold on a hub, in a folder of its own: deploy/nbgrader_config.py."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(DEPLOY / "nbgrader_config.py", folder / "nbgrader_config.py")
    return folder


# ---------------------------------------------------------------------------------------------
# A whole course on a hub: what the test and `make hub` share


def make_as_grader(grader: Account, targets: list[str], env: dict[str, str], log: Path) -> float:
    """The course's own make targets, as the grader account, in its clone of the course."""
    t0 = time.perf_counter()
    # .venv is the shared environment (a symlink): never let make rebuild it.
    as_user(
        grader, ["make", "--no-print-directory", "-o", ".venv/.installed", *targets], env, log, cwd=COURSE_DIR
    )
    return time.perf_counter() - t0


def release_assignment(grader: Account, env: dict[str, str], log: Path, assignment: str) -> float:
    """The gradebook learns the assignment (nbgrader generate_assignment, the first half of ``make
    release``; the second half, validating solutions and release, is tests/exercises' job), then
    ``make exchange-release`` puts it in the exchange."""
    t0 = time.perf_counter()
    nbgrader = str(COURSE_DIR / ".venv" / "bin" / "nbgrader")
    as_user(grader, [nbgrader, "generate_assignment", assignment, "--force"], env, log, cwd=COURSE_DIR)
    make_as_grader(grader, ["exchange-release"], env, log)
    return time.perf_counter() - t0


@dataclass
class CourseHub:
    """A running hub teaching the course, and what it was made of. After the ``course_hub`` block
    ends, ``stop`` says how the hub stopped, ``left_running`` lists PIDs still alive (should be
    none) and ``accounts_left`` the accounts that could not be removed (should be none)."""

    venv: Path
    env_built: bool
    env_seconds: float
    base: Path
    exchange: Path
    accounts: dict[str, Account]
    grader_env: dict[str, str]
    ngshare_site: Path | None = None  # the Jupyter config folder that switches nbgrader to ngshare
    hub: Hub | None = None
    postgres: Postgres | None = None
    postgres_seconds: float = 0.0
    stop: dict = field(default_factory=dict)
    left_running: list[int] = field(default_factory=list)
    accounts_left: list[str] = field(default_factory=list)

    @property
    def grader(self) -> Account:
        return self.accounts[GRADER]

    @property
    def db_url(self) -> str:
        """The gradebook: PostgreSQL when the hub has one, else the SQLite file in the course."""
        return self.postgres.url if self.postgres else f"sqlite:///{COURSE_DIR / 'gradebook.db'}"

    def ngshare_env(self, env: dict[str, str]) -> dict[str, str]:
        """``env`` for an nbgrader command that goes through ngshare instead of the folder exchange:
        deploy/ngshare/nbgrader_config.py first on the config path, ngshare-exchange importable,
        ngshare reached through the hub's proxy."""
        assert self.ngshare_site is not None and self.hub is not None
        return {
            **env,
            "JUPYTER_CONFIG_PATH": f"{self.ngshare_site}{os.pathsep}{env['JUPYTER_CONFIG_PATH']}",
            "PYTHONPATH": str(ngshare_exchange_lib(self.venv)),
            "NGSHARE_URL": f"{self.hub.url}/services/ngshare",
        }


@contextmanager
def course_hub(
    students: Iterable[str],
    instructors: Iterable[str],
    log_dir: Path,
    not_on_roster: str = "",
    postgres: bool = True,
) -> Iterator[CourseHub]:
    """Accounts, the grader's clone of the course, the exchange, the gradebook's PostgreSQL server
    (``postgres``) and a hub ready to start; all stopped and removed after.

    ``not_on_roster``: a name written into the roster that has no account (the hub must leave it out).
    """
    students, instructors = list(students), list(instructors)
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / "setup.log"
    t0 = time.perf_counter()
    venv, built = ensure_environment(log)
    ensure_proxy(log)
    env_seconds = time.perf_counter() - t0

    base = Path(tempfile.mkdtemp(prefix="mi-course-hub-", dir="/srv"))
    base.chmod(0o755)
    exchange = base / "exchange"
    site = make_site_config(base / "site")
    user_servers = base / "user_servers"
    shutil.copytree(DEPLOY / "user_servers", user_servers)
    roster = base / "students.txt"
    roster.write_text(
        "".join(f"{s}\n" for s in students)
        + (f"{not_on_roster}  # no such account\n" if not_on_roster else "")
    )
    # ngshare (deploy/ngshare): the hub runs it as a service; the exchange config folder and the
    # launcher, where /etc/jupyter/ngshare and /etc/jupyterhub would hold them
    ngshare_site = base / "site-ngshare"
    ngshare_site.mkdir()
    shutil.copy2(DEPLOY / "ngshare" / "nbgrader_config.py", ngshare_site / "nbgrader_config.py")
    shutil.copy2(DEPLOY / "ngshare" / "run_ngshare.py", ngshare_site / "run_ngshare.py")
    run(["chmod", "-R", "a+rX", str(base)], log)
    exchange.mkdir()
    exchange.chmod(0o777)  # nbgrader insists
    grader_env = {
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "NBGRADER_EXCHANGE": str(exchange),
        "JUPYTER_CONFIG_PATH": str(site),
    }
    ch = CourseHub(
        venv=venv,
        env_built=built,
        env_seconds=env_seconds,
        base=base,
        exchange=exchange,
        accounts={},
        grader_env=grader_env,
        ngshare_site=ngshare_site,
    )
    try:
        for name in (*students, *instructors, GRADER, NGSHARE_ACCOUNT):
            ch.accounts[name] = create_account(name, log)
        ngshare_state = base / "ngshare"
        ngshare_state.mkdir(mode=0o700)
        chown_tree(ngshare_state, ch.accounts[NGSHARE_ACCOUNT])
        grader = ch.grader
        course_copy(COURSE_DIR)
        (COURSE_DIR / ".venv").symlink_to(venv)
        (grader.home / ".jupyter").mkdir()
        shutil.copy2(DEPLOY / "grader_nbgrader_config.py", grader.home / ".jupyter" / "nbgrader_config.py")
        chown_tree(grader.home, grader)
        extra: dict[str, str] = {}
        if postgres:
            ch.postgres = Postgres(base / "postgres", log)
            ch.postgres_seconds = ch.postgres.start()
            # deploy/jupyterhub_config.py hands it to the service; the grader's config reads it
            extra["NBGRADER_DB_URL"] = ch.grader_env["NBGRADER_DB_URL"] = ch.postgres.url
        ch.hub = Hub(
            venv=venv,
            state=base / "hub-state",
            log_path=log_dir / "jupyterhub.log",
            env_extra={
                "COURSE_ROSTER": str(roster),
                "COURSE_INSTRUCTORS": " ".join(instructors),
                "NBGRADER_EXCHANGE": str(exchange),
                "COURSE_USER_SERVER_CONFIG": str(user_servers),
                "HUB_TEST_SITE_CONFIG": str(site),
                "HUB_TEST_NGSHARE_CONFIG": str(DEPLOY / "ngshare" / "jupyterhub_ngshare.py"),
                "NGSHARE_USER": NGSHARE_ACCOUNT,
                "NGSHARE_STATE": str(ngshare_state),
                "NGSHARE_PORT": str(free_port()),
                "NGSHARE_LAUNCHER": str(ngshare_site / "run_ngshare.py"),
                "NGSHARE_PYTHON": str(ngshare_venv(venv) / "bin" / "python"),
                **extra,
            },
        )
        yield ch
    finally:
        uids = [a.uid for a in ch.accounts.values()]
        if ch.hub is not None and ch.hub.proc is not None:
            ch.stop = ch.hub.stop(users=students + instructors)
            ch.left_running = list(ch.stop["alive_after_stop"])
        if ch.postgres is not None:
            ch.postgres.stop()
            if pid_alive(ch.postgres.pid):
                ch.left_running.append(ch.postgres.pid)
                kill_pids([ch.postgres.pid])
        ch.left_running += processes_of(uids)
        for name in list(ch.accounts):
            try:
                remove_account(name, log)
            except RuntimeError:
                ch.accounts_left.append(name)
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# PostgreSQL, the gradebook of a class with several graders


def postgres_bin() -> Path | None:
    """Debian's PostgreSQL programs (the newest installed major version), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


@dataclass
class Postgres:
    """A PostgreSQL server of its own: a fresh cluster in ``folder``, run by the ``postgres``
    account, listening on a Unix socket in that folder only (no TCP). One role and database for
    nbgrader, with a password; the superuser logs in by peer authentication only."""

    folder: Path
    log: Path
    database: str = "mutual_information"
    role: str = "nbgrader"
    password: str = field(default_factory=lambda: secrets.token_hex(16))
    pid: int = 0

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://{self.role}:{self.password}@/{self.database}?host={self.folder}"

    def _as_postgres(self, cmd: list[str]) -> None:
        run(["runuser", "-u", "postgres", "--", *cmd], self.log, cwd="/")

    def start(self) -> float:
        bindir = postgres_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed: `make test-hub` installs Debian's postgresql")
        t0 = time.perf_counter()
        self.folder.mkdir(parents=True)
        pg = pwd.getpwnam("postgres")
        os.chown(self.folder, pg.pw_uid, pg.pw_gid)
        self.folder.chmod(0o755)  # the socket must be reachable by the grader account
        self._as_postgres(
            [
                str(bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth-local=peer",
                "--auth-host=reject",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        (self.data / "pg_hba.conf").write_text(
            "# tests/hub: the superuser by peer, nbgrader by password, no TCP at all\n"
            "local all postgres peer\n"
            f"local {self.database} {self.role} scram-sha-256\n"
        )
        self._as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "server.log"),
                "-w",
                "-t",
                "120",
                "-o",
                f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' -c fsync=off",
                "start",
            ]
        )
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        sql = (
            f"CREATE ROLE {self.role} LOGIN PASSWORD '{self.password}'; "
            f"CREATE DATABASE {self.database} OWNER {self.role};"
        )
        for statement in sql.split("; "):
            self._as_postgres(
                [
                    str(bindir / "psql"),
                    "-q",
                    "-h",
                    str(self.folder),
                    "-d",
                    "postgres",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-c",
                    statement.rstrip(";"),
                ]
            )
        return time.perf_counter() - t0

    def stop(self) -> None:
        bindir = postgres_bin()
        if self.pid and pid_alive(self.pid) and bindir is not None:
            self._as_postgres([str(bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])
        # pg_ctl returns once the PID file is gone; the postmaster itself may take a moment more
        deadline = time.monotonic() + 15
        while self.pid and pid_alive(self.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
