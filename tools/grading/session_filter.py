"""A seccomp filter that keeps every process of a sandbox in the session bubblewrap made for it.

Why: Linux's scheduler (with ``CONFIG_SCHED_AUTOGROUP``, on by default in the common distribution
kernels; ``/proc/sys/kernel/sched_autogroup_enabled``) shares the CPU fairly between *sessions*, not
processes. Bubblewrap's ``--new-session`` gives each sandbox one session, so a sandbox's 128
processes together get one share. But a student's kernel could call ``setsid()`` in each child it
forks: every child is then a session (an autogroup) of its own, and 40 spinning children took
about 7/8 of the CPU from the kernel graded beside it (a fixed loop ran 6 to 8 times slower),
enough to push another student's cells past their timeout. With this filter ``setsid`` fails
with ``EPERM`` inside the sandbox (bubblewrap's own ``setsid`` runs before the filter is loaded).

The filter is a classic BPF program (``struct sock_filter``) checked against the architecture the
system call comes from, so that a 32-bit call (``int 0x80`` on x86-64, or the x32 ABI) cannot go
around it. It is handed to ``bwrap --seccomp FD`` through a pipe by :data:`LOADER` (no file that
anyone else could replace).

Not covered: where autogroups are off (or under a scheduler that shares by process), 128 busy
processes still outweigh one kernel; only a CPU cgroup per sandbox bounds that.
"""

from __future__ import annotations

import platform
import struct

#: ``bwrap --seccomp`` reads the program from this descriptor.
FD = 9

# linux/audit.h
AUDIT_ARCH_X86_64 = 0xC000003E
AUDIT_ARCH_I386 = 0x40000003
AUDIT_ARCH_AARCH64 = 0xC00000B7
AUDIT_ARCH_ARM = 0x40000028
X32_SYSCALL_BIT = 0x40000000
#: ``setsid``'s number on each architecture (asm/unistd*.h).
SETSID = {AUDIT_ARCH_X86_64: 112, AUDIT_ARCH_I386: 66, AUDIT_ARCH_AARCH64: 157, AUDIT_ARCH_ARM: 66}
#: ``platform.machine()`` values whose system calls this filter knows.
MACHINES = frozenset({"x86_64", "amd64", "aarch64", "arm64"})

# linux/filter.h, linux/seccomp.h
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | 1
_NR, _ARCH = 0, 4  # offsets in struct seccomp_data


def program() -> bytes:
    """The filter: ``setsid`` (in every ABI of the known architectures) fails with EPERM.

    Returns
    -------
    bytes
        ``struct sock_filter`` instructions in native byte order, as ``bwrap --seccomp`` reads them.
    """
    code: list[tuple[int, object, object, int]] = [(_LD_W_ABS, 0, 0, _ARCH)]
    arches = list(SETSID)
    for arch in arches:
        code.append((_JEQ_K, f"arch{arch}", 0, arch))
    code.append((_RET_K, 0, 0, _RET_ALLOW))  # an architecture it does not know: nothing to refuse
    labels: dict[str, int] = {}
    for arch in arches:
        labels[f"arch{arch}"] = len(code)
        code.append((_LD_W_ABS, 0, 0, _NR))
        if arch == AUDIT_ARCH_X86_64:
            code.append((_JGE_K, "deny", 0, X32_SYSCALL_BIT))  # the x32 ABI, which has its own setsid
        code.append((_JEQ_K, "deny", 0, SETSID[arch]))
        code.append((_RET_K, 0, 0, _RET_ALLOW))
    labels["deny"] = len(code)
    code.append((_RET_K, 0, 0, _RET_EPERM))
    out = b""
    for index, (op, jt, jf, k) in enumerate(code):
        jt = labels[jt] - index - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - index - 1 if isinstance(jf, str) else jf
        out += struct.pack("=HBBI", op, jt, jf, k)
    return out


#: Run as ``python -I -c LOADER HEX bwrap ARGS...``: puts the program on a pipe at :data:`FD`, then
#: becomes bwrap (same process, so ``--die-with-parent`` and the kernel manager's signals still apply).
LOADER = (
    "import os, sys\n"
    "data = bytes.fromhex(sys.argv[1])\n"
    "read, write = os.pipe()\n"
    "os.write(write, data)\n"
    "os.close(write)\n"
    f"os.dup2(read, {FD})\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def supported(machine: str | None = None) -> bool:
    """Whether this machine's system calls are known to the filter (x86-64 or 64-bit ARM)."""
    return (machine or platform.machine()).lower() in MACHINES
