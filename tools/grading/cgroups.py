"""One control group per grading sandbox: a memory budget, a process budget and a CPU weight for the
whole sandbox, not per process.

Why: ``RLIMIT_AS`` bounds each process, so three children of one kernel held 1.2 GiB each at once
(3.6 GiB against the 2 GiB a notebook may use), and 128 of them could push the machine into its OOM
killer; where scheduler autogroups are off, 128 busy processes outweigh the kernel graded beside
them. In a cgroup, the sandbox's processes share one memory limit (swap included where the
controller counts it, so nothing goes to swap instead), one ``pids`` limit and one CPU weight, the
same for every sandbox.

Where: cgroup v1 (one hierarchy per controller, ``/sys/fs/cgroup/memory`` ...), the sandbox's group
is a child of the grader's own group in each hierarchy, so any limit above the grader still holds.
cgroup v2 (unified, ``/sys/fs/cgroup/cgroup.controllers``) forbids processes in a group whose
controllers are handed down, so the groups go under ``MI_SANDBOX_CGROUP`` (an empty group delegated
to the grader, e.g. a systemd unit's ``Delegate=yes`` subgroup), or under the root group when the
grader runs there. Elsewhere (an ordinary grader account, a read-only cgroupfs) :func:`unavailable`
says why and grading keeps the per-process rlimits alone.

The launcher joins the group before anything of the student runs: :func:`join_command` is a
``/bin/sh`` that writes its own pid into each ``cgroup.procs`` and then ``exec``\\ s bubblewrap (the
same process, so every descendant starts inside). :meth:`SandboxCgroup.remove` kills whatever is
left in the group (``cgroup.kill`` on v2) and removes it, however the kernel ended.
"""

from __future__ import annotations

import errno
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
PARENT_ENV = "MI_SANDBOX_CGROUP"
PREFIX = "mi-sandbox-"
#: the v1 controllers a sandbox group needs (memory and pids), and the one it uses when present
V1_REQUIRED = ("memory", "pids")
V1_OPTIONAL = ("cpu",)
V2_CONTROLLERS = ("memory", "pids", "cpu")
#: every sandbox gets the default weight: the same share as any other sandbox (and as one process
#: of the grader's own group on v1)
V1_CPU_SHARES = 1024
V2_CPU_WEIGHT = 100

#: ``sh -c JOIN mi-cgroup-join PROCS... -- COMMAND...``: joins each group, then becomes COMMAND
JOIN = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'


@dataclass(frozen=True)
class Layout:
    """Where sandbox groups are made: ``version`` 1 or 2 and the parent folder of each controller
    (v2: one folder, under the key ``"unified"``)."""

    version: int
    parents: dict[str, Path]


def _own_groups(text: str | None = None) -> dict[str, str]:
    """``/proc/self/cgroup``: controller (``""`` for v2) -> this process's group path."""
    text = Path("/proc/self/cgroup").read_text() if text is None else text
    groups: dict[str, str] = {}
    for line in text.splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            groups[name] = path
    return groups


def _v1_mounts(text: str | None = None) -> dict[str, tuple[Path, str]]:
    """cgroup v1 mounts from ``/proc/self/mountinfo``: controller -> (mount point, its root)."""
    text = Path("/proc/self/mountinfo").read_text() if text is None else text
    mounts: dict[str, tuple[Path, str]] = {}
    for line in text.splitlines():
        fields = line.split()
        if "-" not in fields:
            continue
        sep = fields.index("-")
        if fields[sep + 1] != "cgroup":
            continue
        for option in fields[sep + 3].split(","):
            mounts.setdefault(option, (Path(fields[4]), fields[3]))
    return mounts


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK)


def detect(root: Path = ROOT) -> Layout | str:
    """The layout sandbox groups use here, or why there is none (a sentence).

    Returns
    -------
    Layout or str
        The parents to create groups in, or the reason the sandbox keeps only its rlimits.
    """
    if os.geteuid() != 0:
        return "the grader is not root, so it cannot make control groups"
    try:
        own = _own_groups()
    except OSError as exc:
        return f"/proc/self/cgroup is unreadable ({exc})"
    if (root / "cgroup.controllers").exists():
        return _detect_v2(root, own)
    mounts = _v1_mounts()
    parents: dict[str, Path] = {}
    for name in V1_REQUIRED + V1_OPTIONAL:
        if name not in mounts or name not in own:
            continue
        point, mount_root = mounts[name]
        path = own[name]
        if mount_root != "/" and not path.startswith(mount_root):
            continue
        relative = path[len(mount_root) :] if mount_root != "/" else path
        folder = point / relative.lstrip("/")
        if _writable(folder):
            parents[name] = folder
    missing = [name for name in V1_REQUIRED if name not in parents]
    if missing:
        return f"no writable cgroup v1 hierarchy for {', '.join(missing)}"
    return Layout(1, parents)


def _detect_v2(root: Path, own: dict[str, str]) -> Layout | str:
    configured = os.environ.get(PARENT_ENV)
    if configured:
        parent = Path(configured) if configured.startswith(str(root)) else root / configured.lstrip("/")
    elif own.get("", "").strip() == "/":
        parent = root
    else:
        return (
            f"cgroup v2: the grader's group {own.get('', '?')} holds processes; set {PARENT_ENV} to an "
            "empty group delegated to the grader"
        )
    if not _writable(parent):
        return f"cgroup v2: {parent} is not writable"
    try:
        available = set((parent / "cgroup.controllers").read_text().split())
        wanted = [name for name in V2_CONTROLLERS if name in available]
        if "memory" not in wanted or "pids" not in wanted:
            return f"cgroup v2: {parent} offers no memory or pids controller"
        (parent / "cgroup.subtree_control").write_text(" ".join(f"+{name}" for name in wanted))
    except OSError as exc:
        return f"cgroup v2: cannot hand the controllers down in {parent} ({exc.strerror})"
    return Layout(2, {"unified": parent})


_LAYOUT: list[Layout | str] = []


def layout() -> Layout | str:
    """:func:`detect`, once per process."""
    if not _LAYOUT:
        _LAYOUT.append(detect())
    return _LAYOUT[0]


def unavailable() -> str | None:
    """Why sandboxes get no control group here (None when they do)."""
    found = layout()
    return found if isinstance(found, str) else None


class SandboxCgroup:
    """The control group of one sandbox, made with its limits; :meth:`remove` when the sandbox ends.

    Parameters
    ----------
    name
        Unique while the sandbox runs (the grader uses its uid lease: ``mi-sandbox-<uid>``). A group
        of that name left by a grader that died is emptied and made afresh.
    memory_bytes
        The memory of every process of the sandbox together (swap included where counted).
    processes
        Tasks (processes and threads) of the sandbox together, bubblewrap's own included.
    where
        The layout (default: :func:`layout`).
    """

    def __init__(self, name: str, *, memory_bytes: int, processes: int, where: Layout | None = None) -> None:
        found = where or layout()
        if isinstance(found, str):
            raise RuntimeError(f"no control group for the sandbox: {found}")
        self.layout = found
        self.folders = [parent / name for parent in found.parents.values()]
        for folder in self.folders:
            if folder.exists():
                _empty_and_remove(folder, found.version)
            folder.mkdir(mode=0o755)
        try:
            self._configure(memory_bytes, processes)
        except BaseException:
            self.remove()
            raise

    def _configure(self, memory_bytes: int, processes: int) -> None:
        if self.layout.version == 2:
            (folder,) = self.folders
            _write(folder / "memory.max", memory_bytes)
            _write(folder / "memory.swap.max", 0, optional=True)
            _write(folder / "pids.max", processes)
            _write(folder / "cpu.weight", V2_CPU_WEIGHT, optional=True)
            return
        for controller, folder in zip(self.layout.parents, self.folders, strict=True):
            if controller == "memory":
                _write(folder / "memory.limit_in_bytes", memory_bytes)
                # memory + swap no larger than memory: the sandbox cannot swap (where swap is counted)
                _write(folder / "memory.memsw.limit_in_bytes", memory_bytes, optional=True)
                _write(folder / "memory.swappiness", 0, optional=True)
            elif controller == "pids":
                _write(folder / "pids.max", processes)
            elif controller == "cpu":
                _write(folder / "cpu.shares", V1_CPU_SHARES)

    @property
    def procs(self) -> list[Path]:
        """The ``cgroup.procs`` files the launcher writes its pid into."""
        return [folder / "cgroup.procs" for folder in self.folders]

    def file(self, name: str) -> Path:
        """The group's control file ``name`` (e.g. ``memory.max_usage_in_bytes``), in its hierarchy."""
        for folder in self.folders:
            if (folder / name).exists():
                return folder / name
        raise FileNotFoundError(name)

    def oom_kills(self) -> int:
        """Processes the group's OOM killer has killed so far."""
        name = "memory.events" if self.layout.version == 2 else "memory.oom_control"
        for line in self.file(name).read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def pids(self) -> set[int]:
        """Processes in the group now."""
        found: set[int] = set()
        for path in self.procs:
            try:
                found |= {int(p) for p in path.read_text().split()}
            except FileNotFoundError:
                continue
        return found

    def remove(self, timeout: float = 10.0) -> None:
        """Kill every process left in the group, then remove it (idempotent)."""
        for folder in self.folders:
            if folder.exists():
                _empty_and_remove(folder, self.layout.version, timeout)


def join_command(procs: list[Path]) -> list[str]:
    """A prefix that puts the launched process in the groups owning ``procs`` before it execs."""
    return ["/bin/sh", "-c", JOIN, "mi-cgroup-join", *(str(p) for p in procs), "--"]


def _write(path: Path, value: int, optional: bool = False) -> None:
    try:
        path.write_text(str(value))
    except FileNotFoundError:
        if not optional:
            raise
    except OSError as exc:
        if not optional or exc.errno not in (errno.EINVAL, errno.EACCES, errno.EPERM):
            raise


def _empty_and_remove(folder: Path, version: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    kill = folder / "cgroup.kill"
    while True:
        if version == 2 and kill.exists():
            try:
                kill.write_text("1")
            except OSError:
                pass
        try:
            pids = [int(p) for p in (folder / "cgroup.procs").read_text().split()]
        except FileNotFoundError:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            folder.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError as exc:
            if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                raise RuntimeError(f"cannot remove the sandbox's control group {folder}: {exc}") from exc
        time.sleep(0.02)
