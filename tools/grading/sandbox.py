"""The grading sandbox: every kernel that autograding starts runs under bubblewrap.

Inside the sandbox a kernel sees the system and the Python environment read-only (``/usr``, ``/etc``,
the interpreter, the venv and the two packages it imports), a private copy of the student's
notebooks (writable), a private ``/tmp`` and ``HOME``, and the folder of its ZeroMQ ``ipc`` sockets.
It does not see the course root, ``solutions/``, the gradebook, other submissions, ``tools/`` or
the config. It has its own PID, network, IPC and UTS namespaces and its own session, dies with the
grader (``--die-with-parent``; the PID namespace takes every process it started with it), runs as an
unprivileged uid (as root: uid 65534 through ``setpriv``; otherwise the grader's own uid in a user
namespace) and has resource limits (:class:`Limits`, applied with ``prlimit``).

:class:`SandboxedKernelManager` is the jupyter_client kernel manager that launches it; nbgrader's
Execute preprocessor gets it through ``tools.grading.nbgrader_plugins.SandboxedExecute``.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

NOBODY = 65534
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
    address_space: int = 2 * 1024**3
    processes: int = 128
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


def _package_dirs() -> list[str]:
    dirs = []
    for name in ("mi_helpers", "mi_exercises"):
        spec = importlib.util.find_spec(name)
        if spec and spec.submodule_search_locations:
            dirs += [str(Path(p).resolve()) for p in spec.submodule_search_locations]
    return dirs


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


def wrap(command: list[str], *, work: Path, conn: Path, inputs: Path | None, limits: Limits) -> list[str]:
    """``command`` as it runs in the sandbox (bwrap, then prlimit, then setpriv when root)."""
    bwrap = bwrap_path()
    if bwrap is None:
        raise RuntimeError(INSTALL_HINT)
    root = os.geteuid() == 0
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
    args += _ancestors(readonly)
    for path in readonly:
        args += ["--ro-bind", path, path]
    args += _links()
    # Jupyter and nbgrader configuration (a site config may hold a gradebook's db_url) stays hidden.
    for hidden in ("/etc/jupyter", "/usr/local/etc/jupyter", f"{sys.prefix}/etc/jupyter"):
        if os.path.isdir(hidden):
            args += ["--tmpfs", hidden]
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += _ancestors([str(conn)])
    args += ["--bind", str(work), WORK, "--bind", str(conn), str(conn)]
    if inputs is not None:
        args += [*_ancestors([INPUTS]), "--ro-bind", str(inputs), INPUTS]
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": HOME,
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
    args += ["--chdir", WORK, "--"]
    # RLIMIT_NPROC counts every task of the real uid: as an ordinary grader account, its own processes
    # count too, so the sandbox gets ``processes`` on top of what the account already runs.
    nproc = limits.processes if root else limits.processes + _tasks_of(os.getuid())
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
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            "--no-new-privs",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--",
        ]
    return args + command


def prepare_folder(path: Path) -> None:
    """Make a folder the sandboxed uid can write (as root, hand it to uid 65534)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        os.chown(path, NOBODY, NOBODY)
        for child in path.rglob("*"):
            os.chown(child, NOBODY, NOBODY)


class SandboxedKernelManager(AsyncKernelManager):
    """Start the kernel under :func:`wrap` with ipc transport; the sandbox comes from the class.

    ``SandboxedExecute`` makes a subclass per notebook with the attributes ``sandbox_work``,
    ``sandbox_conn``, ``sandbox_inputs`` and ``sandbox_limits`` set.
    """

    sandbox_work: Path
    sandbox_conn: Path
    sandbox_inputs: Path | None = None
    sandbox_limits: Limits = Limits()

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
        return wrap(
            command,
            work=self.sandbox_work,
            conn=self.sandbox_conn,
            inputs=self.sandbox_inputs,
            limits=self.sandbox_limits,
        )

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if os.geteuid() == 0:
            os.chown(self.connection_file, NOBODY, NOBODY)
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
