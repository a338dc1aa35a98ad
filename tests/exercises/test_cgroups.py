"""The sandbox's control group (``tools/grading/cgroups.py``): one memory budget, one process budget
and one CPU weight for all the processes of a sandbox together.

The red team's finding: ``RLIMIT_AS`` bounds each process, so three children of one kernel held
1.2 GiB each at once. Here with gentler numbers (a 512 MiB budget, three children of 300 MiB).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.exercises.test_sandbox import run_cells
from tools.grading import cgroups, nbgrader_plugins, sandbox

MiB = 1024**2
pytestmark = [
    pytest.mark.skipif(sandbox.bwrap_path() is None, reason=sandbox.INSTALL_HINT),
    pytest.mark.skipif(cgroups.unavailable() is not None, reason=f"no cgroups: {cgroups.unavailable()}"),
]

#: a child that touches 300 MiB (every page written) and holds it for a while
CHILD = 'block = b"\\x01" * (300 * 1024**2)\nimport time\ntime.sleep(3)'
#: a cell (or script) starting three such children at once; it prints their exit codes
THREE_CHILDREN = (
    "import subprocess, sys\n"
    f"children = [subprocess.Popen([sys.executable, '-c', {CHILD!r}]) for _ in range(3)]\n"
    "print(sorted(c.wait() for c in children))"
)


def test_three_children_together_are_stopped_by_the_sandbox_budget(tmp_path):
    """300 MiB each, 512 MiB for the sandbox: the OOM killer of its group stops one (or the kernel)."""
    (text,) = run_cells(tmp_path, [THREE_CHILDREN], timeout=60, memory_bytes=512 * MiB)
    assert "-9" in text or "DeadKernelError" in text, text


def test_the_control_three_children_fit_in_the_default_budget(tmp_path):
    """The same cell under the 2 GiB default: all three hold their 300 MiB (so the test above can fail)."""
    (text,) = run_cells(tmp_path, [THREE_CHILDREN], timeout=60)
    assert text.strip() == "[0, 0, 0]", text


HOLD = r"""
import pathlib, sys, time
block = b"\x02" * (int(sys.argv[1]) * 1024**2)
pathlib.Path(sys.argv[2]).touch()
deadline = time.monotonic() + 60
while not pathlib.Path(sys.argv[3]).exists() and time.monotonic() < deadline:
    time.sleep(0.05)
print("intact" if block.count(2) == len(block) else "changed")
"""

FORK = r"""
import os, sys, time
count = 0
try:
    for _ in range(int(sys.argv[1])):
        if os.fork() == 0:
            time.sleep(10)
            os._exit(0)
        count += 1
except OSError as exc:
    print("stopped after", count, type(exc).__name__)
else:
    print("forked", count)
"""


def _boxed(base: Path, name: str, uid: int, group: cgroups.SandboxCgroup, code: str, *argv: str):
    """A sandbox as the kernel manager starts it (joined to ``group`` first) running ``code``."""
    work, conn = base / name / "work", base / name / "conn"
    for path in (work, conn):
        path.mkdir(parents=True)
        os.chown(path, uid, uid)
    args = sandbox.wrap(
        [sys.executable, "-c", code, *(a.replace("{conn}", str(conn)) for a in argv)],
        work=work,
        conn=conn,
        inputs=None,
        limits=sandbox.Limits(),
        uid=uid,
    )
    command = cgroups.join_command(group.procs) + args
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), conn


def test_a_neighbouring_sandbox_keeps_its_memory_while_one_hits_its_budget(tmp_path):
    """A sandbox holds 200 MiB while the one beside it runs three 300-MiB children into its limit."""
    with sandbox.lease_uid() as near, sandbox.lease_uid() as far:
        hog_group = cgroups.SandboxCgroup(f"mi-test-hog-{near.uid}", memory_bytes=512 * MiB, processes=64)
        calm_group = cgroups.SandboxCgroup(f"mi-test-calm-{far.uid}", memory_bytes=512 * MiB, processes=64)
        try:
            done = tmp_path / "calm" / "conn" / "go"
            calm, conn = _boxed(
                tmp_path, "calm", far.uid, calm_group, HOLD, "200", "{conn}/ready", "{conn}/go"
            )
            deadline = time.monotonic() + 60
            while not (conn / "ready").exists():
                assert calm.poll() is None and time.monotonic() < deadline, calm.communicate()
                time.sleep(0.05)
            hog, _ = _boxed(tmp_path, "hog", near.uid, hog_group, THREE_CHILDREN)
            hog_out, hog_err = hog.communicate(timeout=120)
            hog_kills = hog_group.oom_kills()
            calm_kills = calm_group.oom_kills()
            done.touch()
            calm_out, calm_err = calm.communicate(timeout=60)
        finally:
            hog_group.remove()
            calm_group.remove()
    assert "-9" in hog_out or hog.returncode != 0, (hog_out, hog_err)
    assert hog_kills > 0 and calm_kills == 0, (hog_kills, calm_kills)
    assert calm.returncode == 0 and calm_out.strip() == "intact", (calm_out, calm_err)


def test_a_fork_bomb_hits_the_sandbox_pids_limit(tmp_path):
    """16 tasks for the sandbox (its RLIMIT_NPROC is 128): the group stops the forks, and says so."""
    with sandbox.lease_uid() as lease:
        group = cgroups.SandboxCgroup(f"mi-test-fork-{lease.uid}", memory_bytes=512 * MiB, processes=16)
        try:
            proc, _ = _boxed(tmp_path, "fork", lease.uid, group, FORK, "1000")
            out, err = proc.communicate(timeout=60)
            events = group.file("pids.events").read_text()
        finally:
            group.remove()
    assert out.startswith("stopped after") and int(out.split()[2]) < 16, (out, err)
    assert int(events.split()[1]) > 0, events


def _watch(seen: set[str], stop: threading.Event) -> None:
    parents = list(cgroups.layout().parents.values())  # type: ignore[union-attr]
    while not stop.is_set():
        for parent in parents:
            seen |= {p.name for p in parent.glob(f"{cgroups.PREFIX}*")}
        time.sleep(0.02)


@pytest.mark.parametrize(
    "end",
    ["print('done')", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"],
    ids=["exit", "sigkill"],
)
def test_the_group_exists_while_the_kernel_runs_and_is_gone_after(tmp_path, end):
    seen: set[str] = set()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(seen, stop), daemon=True)
    watcher.start()
    try:
        texts = run_cells(tmp_path, ["import os, time\nprint(os.getuid())\ntime.sleep(1)", end])
    finally:
        stop.set()
        watcher.join()
    name = f"{cgroups.PREFIX}{int(texts[0])}"
    assert name in seen
    for parent in cgroups.layout().parents.values():  # type: ignore[union-attr]
        assert not (parent / name).exists()


def test_remove_kills_what_is_left_in_the_group():
    group = cgroups.SandboxCgroup("mi-test-left", memory_bytes=64 * MiB, processes=8)
    proc = subprocess.Popen(
        [*cgroups.join_command(group.procs), "/bin/sh", "-c", "sleep 60 & sleep 60 & wait"]
    )
    try:
        deadline = time.monotonic() + 10
        while len(group.pids()) < 3:
            assert time.monotonic() < deadline, group.pids()
            time.sleep(0.02)
        group.remove()
        assert proc.wait(timeout=10) == -9
        assert not any(folder.exists() for folder in group.folders)
    finally:
        proc.kill()
        group.remove()


def test_every_sandbox_gets_the_same_cpu_weight():
    groups = [cgroups.SandboxCgroup(f"mi-test-cpu-{i}", memory_bytes=64 * MiB, processes=8) for i in range(2)]
    try:
        name = "cpu.shares" if groups[0].layout.version == 1 else "cpu.weight"
        values = {g.file(name).read_text().strip() for g in groups}
        assert values == {str(cgroups.V1_CPU_SHARES if name == "cpu.shares" else cgroups.V2_CPU_WEIGHT)}
    finally:
        for group in groups:
            group.remove()


#: a process that becomes a session (an autogroup) of its own and spins
SPIN = "import os, time\nos.setsid()\nend = time.monotonic() + 8\nwhile time.monotonic() < end:\n    pass"
SPINNERS = (
    "import subprocess, sys\n"
    f"spinners = [subprocess.Popen([sys.executable, '-c', {SPIN!r}]) for _ in range(20)]\n"
    "for s in spinners:\n    s.wait()"
)
#: spins for 3 s of wall time and prints the CPU seconds it got
LOOP = (
    "import time\nend = time.monotonic() + 3\nwhile time.monotonic() < end:\n    pass\n"
    "print(time.process_time())"
)


def _cpu_seconds(pids: set[int]) -> float:
    """CPU time (user + system) the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _share_beside(hog_group: cgroups.SandboxCgroup | None, loop_group: cgroups.SandboxCgroup | None) -> float:
    """CPU a spinning loop gets beside 20 spinners, over the CPU the spinners get meanwhile."""
    join = cgroups.join_command
    hog = subprocess.Popen([*(join(hog_group.procs) if hog_group else []), sys.executable, "-c", SPINNERS])
    try:
        deadline = time.monotonic() + 30
        while len(spinners := _children(hog.pid)) < 20:
            assert hog.poll() is None and time.monotonic() < deadline, spinners
            time.sleep(0.05)
        before = _cpu_seconds(spinners)
        command = [*(join(loop_group.procs) if loop_group else []), sys.executable, "-c", LOOP]
        loop = float(subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout)
        return loop / max(_cpu_seconds(spinners) - before, 1e-3)
    finally:
        for pid in _children(hog.pid):
            os.kill(pid, signal.SIGKILL)
        hog.kill()
        hog.wait(timeout=30)


def _children(pid: int) -> set[int]:
    try:
        return {int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def test_many_busy_processes_in_one_group_do_not_outweigh_the_group_beside_it():
    """20 spinners, each its own session (what scheduling per process looks like: no autogroup binds
    them), share one group's weight: a loop in the group beside gets at least a quarter of what
    they get together (measured in CPU time over the same window, so other load on the machine
    weighs on both). Without groups the loop gets about 1/20 (the control below); the sandbox
    itself refuses setsid, so the spinners run unsandboxed here, joined to the group."""
    hog_group = cgroups.SandboxCgroup("mi-test-spin", memory_bytes=256 * MiB, processes=64)
    loop_group = cgroups.SandboxCgroup("mi-test-loop", memory_bytes=256 * MiB, processes=8)
    try:
        share = _share_beside(hog_group, loop_group)
    finally:
        hog_group.remove()
        loop_group.remove()
    assert share > 0.25, share


def test_the_control_without_groups_the_spinners_outweigh_the_loop():
    assert _share_beside(None, None) < 0.25


def test_without_cgroups_grading_goes_on_and_says_so_once(tmp_path, monkeypatch, caplog):
    """A grader that cannot make groups (ordinary account, read-only cgroupfs) keeps the rlimits."""
    monkeypatch.setattr(cgroups, "unavailable", lambda: "a read-only cgroupfs (test)")
    monkeypatch.setattr(nbgrader_plugins, "_CGROUP_NOTED", [])
    seen: set[str] = set()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(seen, stop), daemon=True)
    watcher.start()
    try:
        with caplog.at_level(logging.WARNING):
            texts = []
            for name in ("a", "b"):
                (tmp_path / name).mkdir()
                texts += run_cells(tmp_path / name, ["import os, time\nprint(os.getuid())\ntime.sleep(0.5)"])
    finally:
        stop.set()
        watcher.join()
    assert all(text.strip().isdigit() for text in texts), texts
    assert not seen & {f"{cgroups.PREFIX}{int(text)}" for text in texts}
    notes = [r for r in caplog.records if "no control group" in r.getMessage()]
    assert len(notes) == 1 and "read-only cgroupfs" in notes[0].getMessage()


def test_on_cgroup_v2_the_controllers_are_handed_down_and_the_limits_written(tmp_path, monkeypatch):
    """The v2 path on a stand-in folder (this machine's unified hierarchy carries no controllers):
    which files get which values; the kernel's behaviour itself is not exercised here."""
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    monkeypatch.delenv(cgroups.PARENT_ENV, raising=False)
    found = cgroups._detect_v2(tmp_path, {"": "/"})
    assert found == cgroups.Layout(2, {"unified": tmp_path})
    assert (tmp_path / "cgroup.subtree_control").read_text() == "+memory +pids +cpu"
    assert "holds processes" in str(cgroups._detect_v2(tmp_path, {"": "/system.slice/grading.service"}))
    group = cgroups.SandboxCgroup("mi-sandbox-7", memory_bytes=512 * MiB, processes=16, where=found)
    folder = tmp_path / "mi-sandbox-7"
    values = {name: (folder / name).read_text() for name in ("memory.max", "memory.swap.max", "pids.max")}
    assert values == {"memory.max": str(512 * MiB), "memory.swap.max": "0", "pids.max": "16"}
    assert (folder / "cpu.weight").read_text() == str(cgroups.V2_CPU_WEIGHT)
    assert group.procs == [folder / "cgroup.procs"]


def test_the_launcher_does_not_run_the_command_when_it_cannot_join(tmp_path):
    marker = tmp_path / "ran"
    command = [*cgroups.join_command([tmp_path / "missing" / "cgroup.procs"]), "/bin/touch", str(marker)]
    assert subprocess.run(command, capture_output=True).returncode == 125
    assert not marker.exists()
