"""The grading sandbox: every kernel that autograding starts runs under bubblewrap.

Inside the sandbox a kernel sees the system and the Python environment read-only (``/usr``, ``/etc``,
the interpreter, the venv and the two packages it imports), a private copy of the student's
notebooks (writable), a private ``/tmp`` and ``HOME``, and the folder of its ZeroMQ ``ipc`` sockets.
It does not see the course root, ``solutions/``, the gradebook, other submissions, ``tools/`` or
the config. Its ``mi_helpers`` is the grading copy of :mod:`tools.grading.library_view` (bound over the real
package's folder): the functions the exercises ask for are not in it, nor their source.
It has its own PID, network, IPC and UTS namespaces and its own session, dies with the
grader (``--die-with-parent``; the PID namespace takes every process it started with it), runs as an
unprivileged uid and has resource limits (:class:`Limits`, applied with ``prlimit`` per process and, as
root, by a control group for the whole sandbox: :mod:`tools.grading.cgroups`). As root, every
sandbox gets a uid of its own (:func:`lease_uid`, from :data:`UID_RANGE`, through ``setpriv``), so that
the per-uid process budget (``RLIMIT_NPROC``) of one sandbox is not that of another running at the
same time; as an ordinary account it runs as that account in a user namespace of its own, where
Linux (5.15 and later) counts ``RLIMIT_NPROC`` per namespace, i.e. per sandbox, too.

:class:`SandboxedKernelManager` is the jupyter_client kernel manager that launches it; nbgrader's
Execute preprocessor gets it through ``tools.grading.nbgrader_plugins.SandboxedExecute``.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

from tools.grading import cgroups, library_view, session_filter

NOBODY = 65534
#: uids handed to sandboxes when grading as root, one per sandbox running at a time
#: (``MI_SANDBOX_UIDS=first:count`` overrides). No account may use them: the default block starts at
#: 1879048192 (2^31 - 2^28), just above the container ranges systemd allocates (524288-1879048191).
UID_RANGE = range(1_879_048_192, 1_879_048_192 + 1024)
UIDS_ENV = "MI_SANDBOX_UIDS"
RUNTIME_ENV = "MI_GRADING_RUNTIME"
HOME = "/home/student"
WORK = f"{HOME}/work"
INPUTS = "/run/grading/inputs.json"
INSTALL_HINT = (
    "bubblewrap (bwrap) is not installed, and autograding runs every student's kernel in its sandbox.\n"
    "Install it with:  sudo apt-get install -y bubblewrap   (make setup does this when run as root),\n"
    "or, knowing that student code then runs as you with full access, grade with UNSANDBOXED=1."
)


@dataclass(frozen=True)
class Limits:
    """Per-notebook limits of a sandboxed kernel (the per-cell timeout is nbgrader's)."""

    cpu_seconds: int = 300
    address_space: int = 2 * 1024**3  # each process (RLIMIT_AS)
    memory_bytes: int = 2 * 1024**3  # every process of the sandbox together (its control group)
    processes: int = 128  # RLIMIT_NPROC of its uid, and the pids limit of its control group
    file_size: int = 64 * 1024**2
    open_files: int = 256
    tmpfs_bytes: int = 256 * 1024**2
    output_bytes: int = 4 * 1024**2  # every output of a notebook together
    wall_seconds: int = 600  # the whole notebook

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, overridden by ``MI_SANDBOX_<FIELD>`` environment variables (for tests)."""
        values = {}
        for name in cls.__dataclass_fields__:
            raw = os.environ.get(f"MI_SANDBOX_{name.upper()}")
            if raw:
                values[name] = int(raw)
        return cls(**values)


def bwrap_path() -> str | None:
    """The bubblewrap executable, or None."""
    return shutil.which("bwrap") or (("/usr/bin/bwrap") if os.path.exists("/usr/bin/bwrap") else None)


def _package_dirs(names: tuple[str, ...] = ("mi_helpers", "mi_exercises")) -> list[str]:
    dirs = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            dirs += [str(Path(p).resolve()) for p in spec.submodule_search_locations]
    return dirs


def runtime_dir() -> Path:
    """The grader's own folder for sandbox state (uid leases, the library's grading copy).

    ``MI_GRADING_RUNTIME``, else ``/run/mi-grading`` as root (shared by every grading process of the
    machine), else ``<tmp>/mi-grading-<uid>``. It must be the grader's and writable by nobody else.
    """
    configured = os.environ.get(RUNTIME_ENV)
    if configured:
        folder = Path(configured)
    elif os.geteuid() == 0 and os.path.isdir("/run") and os.access("/run", os.W_OK):
        folder = Path("/run/mi-grading")
    else:
        folder = Path(tempfile.gettempdir()) / f"mi-grading-{os.geteuid()}"
    folder.mkdir(mode=0o700, exist_ok=True, parents=bool(configured))
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise RuntimeError(
            f"{folder} must be a folder of uid {os.geteuid()} that nobody else can write: it holds "
            f"the sandbox's uid leases and the grading copy of mi_helpers (set {RUNTIME_ENV} to another)"
        )
    return folder


_VIEW: dict[str, Path] = {}


def library_copy() -> Path:
    """The grading copy of ``mi_helpers`` (built once, see :mod:`tools.grading.library_view`)."""
    root = runtime_dir() / "library"
    key = str(root)
    if key not in _VIEW or not _VIEW[key].is_dir():
        _VIEW[key] = library_view.ensure_view(root)
    return _VIEW[key]


def uid_range() -> range:
    """The uids :func:`lease_uid` hands out (``MI_SANDBOX_UIDS=first:count``, else :data:`UID_RANGE`)."""
    raw = os.environ.get(UIDS_ENV)
    if not raw:
        return UID_RANGE
    first, _, count = raw.partition(":")
    start, size = int(first), int(count or 1)
    if start < 1000 or size < 1 or start + size > 2**31:
        raise ValueError(f"{UIDS_ENV}={raw!r}: expected first:count, first >= 1000, below 2^31")
    return range(start, start + size)


class UidLease:
    """A uid held by one sandbox: an exclusive ``flock`` on its lease file, released on close.

    The kernel drops a lock with the process, so a grader that dies frees its uids.
    """

    def __init__(self, uid: int, handle: int | None) -> None:
        self.uid = uid
        self._handle = handle

    def release(self) -> None:
        """Give the uid back (idempotent)."""
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None

    def __enter__(self) -> UidLease:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def lease_uid(uids: range | None = None, folder: Path | None = None) -> UidLease:
    """A uid no other sandbox uses now, for a sandbox started as root (else the grader's own uid).

    A uid is taken only if its lease file can be locked and no process of it is left (a sandbox's
    processes die with its PID namespace, but not always before the next sandbox starts).

    Raises
    ------
    RuntimeError
        When every uid of the range is in use.
    """
    if os.geteuid() != 0:
        return UidLease(os.getuid(), None)
    uids = uids if uids is not None else uid_range()
    folder = folder or runtime_dir() / "uids"
    folder.mkdir(mode=0o700, exist_ok=True)
    for uid in uids:
        handle = os.open(folder / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            continue
        if _tasks_of(uid) == 0:
            return UidLease(uid, handle)
        os.close(handle)
    raise RuntimeError(
        f"all {len(uids)} sandbox uids ({uids.start}..{uids.stop - 1}) are in use: "
        f"fewer parallel workers, or a larger range in {UIDS_ENV}=first:count"
    )


def _readonly_paths() -> list[str]:
    paths = ["/usr", "/etc"]
    paths += [
        p
        for p in ("/bin", "/sbin", "/lib", "/lib64", "/lib32")
        if os.path.lexists(p) and not os.path.islink(p)
    ]
    for prefix in (
        sys.prefix,
        Path(sys.prefix).resolve(),
        Path(sys.base_prefix).resolve(),
        Path(sys.executable).resolve().parents[1],
    ):
        if not str(prefix).startswith("/usr/"):
            paths.append(str(prefix))
    paths += _package_dirs()
    unique: list[str] = []
    for path in paths:
        if path not in unique:
            unique.append(path)
    return unique


def _links() -> list[str]:
    """/bin, /lib... are symlinks into /usr on merged-/usr systems: recreate them."""
    args = []
    for path in ("/bin", "/sbin", "/lib", "/lib64", "/lib32"):
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
    return args


def _ancestors(paths: list[str]) -> list[str]:
    """Folders above the bound paths, traversable by the sandbox's uid (bwrap makes them 0700)."""
    args: list[str] = []
    seen = {"/", "/usr", "/etc", "/tmp", "/proc", "/dev"}
    for path in paths:
        for parent in reversed(Path(path).parents):
            text = str(parent)
            if text not in seen and not any(
                text == p or text.startswith(p + "/") for p in paths if p != path
            ):
                seen.add(text)
                args += ["--perms", "0755", "--dir", text]
    return args


def _tasks_of(uid: int) -> int:
    """Tasks (processes and threads) the uid runs now."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                continue
    return count


def wrap(
    command: list[str],
    *,
    work: Path,
    conn: Path,
    inputs: Path | None,
    limits: Limits,
    uid: int = NOBODY,
    library: Path | None = None,
    as_root: bool | None = None,
) -> list[str]:
    """``command`` as it runs in the sandbox (bwrap, then prlimit, then setpriv when root).

    ``uid`` is the sandbox's own uid when root (from :func:`lease_uid`); ``library`` the grading copy
    of ``mi_helpers`` bound over the real package (:func:`library_copy`; None binds the real one);
    ``as_root`` forces one of the two ways of dropping privileges (default: the grader's euid).
    """
    bwrap = bwrap_path()
    if bwrap is None:
        raise RuntimeError(INSTALL_HINT)
    root = os.geteuid() == 0 if as_root is None else as_root
    if root and not 1000 <= uid < 2**31:
        raise ValueError(f"a sandbox uid must be an unprivileged uid, got {uid}")
    args = [
        bwrap,
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--new-session",
        "--die-with-parent",
        "--hostname",
        "grading",
        "--clearenv",
    ]
    if not root:
        args += ["--unshare-user", "--disable-userns"]
    else:
        args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    # The private /tmp and HOME come first: bwrap mounts in order, and the environment itself may
    # live under /tmp (a CI clone, say), so its read-only binds must land on top of them.
    args += ["--perms", "1777", "--size", str(limits.tmpfs_bytes), "--tmpfs", "/tmp"]
    args += ["--perms", "0777", "--size", str(limits.tmpfs_bytes), "--tmpfs", HOME]
    readonly = _readonly_paths()
    real_library = _package_dirs(("mi_helpers",)) if library is not None else []
    args += _ancestors(readonly)
    for path in readonly:
        if path not in real_library:  # the real package is never mounted beside its grading copy
            args += ["--ro-bind", path, path]
    for path in real_library:
        # at the package's own path (on top of the venv's bind if it lives there: later mounts win)
        args += ["--ro-bind", str(library), path]
    args += _links()
    # Jupyter and nbgrader configuration (a site config may hold a gradebook's db_url) stays hidden.
    for hidden in ("/etc/jupyter", "/usr/local/etc/jupyter", f"{sys.prefix}/etc/jupyter"):
        if os.path.isdir(hidden):
            args += ["--tmpfs", hidden]
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += _ancestors([str(conn)])
    # The working folder lives on HOME's tmpfs (so within its size), holding the notebooks read-only:
    # a host folder there would let a kernel fill the grader's disk, file after file.
    args += ["--perms", "0777", "--dir", WORK]
    for item in sorted(work.iterdir()) if work.is_dir() else []:
        if item.is_file() and not item.is_symlink():
            args += ["--ro-bind", str(item), f"{WORK}/{item.name}"]
    args += ["--bind", str(conn), str(conn)]
    if inputs is not None:
        args += [*_ancestors([INPUTS]), "--ro-bind", str(inputs), INPUTS]
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": HOME,
        "USER": "student",  # a sandbox uid has no passwd entry
        "LOGNAME": "student",
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONNOUSERSITE": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    if inputs is not None:
        env["MI_EXERCISES_INPUTS"] = INPUTS
    for key, value in env.items():
        args += ["--setenv", key, value]
    prefix: list[str] = []
    if session_filter.supported():
        # setsid() fails inside: every process stays in this sandbox's one session (one CPU share)
        args += ["--seccomp", str(session_filter.FD)]
        prefix = [sys.executable, "-I", "-c", session_filter.LOADER, session_filter.program().hex()]
    args += ["--chdir", WORK, "--"]
    # RLIMIT_NPROC counts the tasks of the real uid. As root that uid is the sandbox's own. As an
    # ordinary account, Linux 5.15 and later count them per user namespace, i.e. per sandbox (and,
    # at the level above, against the account's own limit); older kernels count every task of the
    # account, so there the sandbox gets ``processes`` on top of what the account already runs.
    nproc = limits.processes if root or _nproc_per_namespace() else limits.processes + _tasks_of(os.getuid())
    args += [
        "prlimit",
        f"--cpu={limits.cpu_seconds}",
        f"--as={limits.address_space}",
        f"--nproc={nproc}",
        f"--fsize={limits.file_size}",
        f"--nofile={limits.open_files}",
        "--core=0",
        "--",
    ]
    if root:
        args += [
            "setpriv",
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--no-new-privs",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--",
        ]
    return prefix + args + command


def _nproc_per_namespace(release: str | None = None) -> bool:
    """Whether this kernel counts RLIMIT_NPROC per user namespace (Linux 5.15, "ucounts")."""
    release = release or os.uname().release
    try:
        major, minor = (int(part) for part in release.split("-")[0].split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= (5, 15)


def prepare_folder(path: Path, uid: int = NOBODY) -> None:
    """Make a folder the sandboxed uid can write (as root, hand it to that uid)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chown(path, uid, uid)
        for child in path.rglob("*"):
            os.chown(child, uid, uid, follow_symlinks=False)


class SandboxedKernelManager(AsyncKernelManager):
    """Start the kernel under :func:`wrap` with ipc transport; the sandbox comes from the class.

    ``SandboxedExecute`` makes a subclass per notebook with the attributes ``sandbox_work``,
    ``sandbox_conn``, ``sandbox_inputs``, ``sandbox_limits``, ``sandbox_uid``, ``sandbox_library``
    and ``sandbox_cgroup`` (the ``cgroup.procs`` files of its control group, empty where there is
    none) set.
    """

    sandbox_work: Path
    sandbox_conn: Path
    sandbox_inputs: Path | None = None
    sandbox_limits: Limits = Limits()
    sandbox_uid: int = NOBODY
    sandbox_library: Path | None = None
    sandbox_cgroup: tuple[Path, ...] = ()

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        self.transport = "ipc"
        self.ip = str(self.sandbox_conn / "kernel")
        self.connection_file = str(self.sandbox_conn / "kernel.json")
        kw.pop("cwd", None)
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        # Not the notebook's kernelspec: always this interpreter; -P keeps the working folder off sys.path.
        command = [
            sys.executable,
            "-P",
            "-m",
            "ipykernel_launcher",
            "-f",
            self.connection_file,
            "--HistoryManager.hist_file=:memory:",
        ]
        # The launcher joins the sandbox's control group, then execs bwrap: nothing runs outside it.
        join = cgroups.join_command(list(self.sandbox_cgroup)) if self.sandbox_cgroup else []
        return join + wrap(
            command,
            work=self.sandbox_work,
            conn=self.sandbox_conn,
            inputs=self.sandbox_inputs,
            limits=self.sandbox_limits,
            uid=self.sandbox_uid,
            library=self.sandbox_library,
        )

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if os.geteuid() == 0:
            os.chown(self.connection_file, self.sandbox_uid, self.sandbox_uid)
        kw["env"] = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        kw["cwd"] = str(self.sandbox_conn)
        kw["stdout"] = subprocess.DEVNULL
        # The kernel's stderr goes to a log file (RLIMIT_FSIZE bounds it); the child keeps its own copy.
        with open(self.sandbox_conn.parent / "kernel.log", "wb") as log:
            kw["stderr"] = log
            await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_interrupt_kernel(self) -> None:
        # A signal to bwrap does not reach the kernel (its own session): ask ipykernel itself, over the
        # control channel, which interrupts its own process group.
        message = self.session.msg("interrupt_request", content={})
        self._connect_control_socket()
        self.session.send(self._control_socket, message)

    interrupt_kernel = _async_interrupt_kernel  # type: ignore[assignment]
