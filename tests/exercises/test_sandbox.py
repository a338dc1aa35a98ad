"""Probes of the grading sandbox: code in a sandboxed kernel tries to get out and must fail.

Each probe is a cell run by the course's own ``SandboxedExecute`` (as ``make autograde`` runs it)
in a kernel under bubblewrap; the cell prints what it managed to do and the test checks the grader's
side of the story as well (files, processes, sockets).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from tests.exercises.synthetic import REPO
from tools.grading import sandbox
from tools.grading.nbgrader_plugins import SandboxedExecute

pytestmark = pytest.mark.skipif(sandbox.bwrap_path() is None, reason=sandbox.INSTALL_HINT)


def run_cells(tmp_path: Path, sources: list[str], timeout: int = 20, **limits: int) -> list[str]:
    """Run ``sources`` as one notebook in the sandbox; each cell's text output (or error) as a string."""
    folder = tmp_path / "submission"
    folder.mkdir(exist_ok=True)
    nb = v4.new_notebook(cells=[v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nbformat.write(nb, folder / "probe.ipynb")
    saved = {k: os.environ.get(k) for k in (f"MI_SANDBOX_{n.upper()}" for n in limits)}
    os.environ.update({f"MI_SANDBOX_{n.upper()}": str(v) for n, v in limits.items()})
    try:
        executor = SandboxedExecute(timeout=timeout)
        nb, _ = executor.preprocess(nb, {"metadata": {"path": str(folder)}})
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    texts = []
    for cell in nb.cells:
        parts = []
        for output in cell.outputs:
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type == "error":
                parts.append(f"{output.ename}: {output.evalue}")
            elif "text/plain" in output.get("data", {}):
                parts.append(output.data["text/plain"])
        texts.append("".join(parts))
    return texts


@pytest.fixture(scope="module")
def listener():
    """A TCP server on the grader's 127.0.0.1 that records whether anything connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.1)
    yield server
    server.close()


@pytest.fixture(scope="module")
def probes(tmp_path_factory, listener) -> dict[str, str]:
    """One sandboxed notebook that tries each escape in turn; cell name -> what it printed."""
    tmp = tmp_path_factory.mktemp("probes")
    (tmp / "submission").mkdir()
    (tmp / "submission" / "ipykernel_launcher.py").write_text("raise SystemExit('sidecar ran')\n")
    (tmp / "submission" / "mi_helpers.py").write_text("raise SystemExit('sidecar imported')\n")
    port = listener.getsockname()[1]
    cells = {
        "whoami": "import os, sys\nprint(os.getuid(), os.geteuid(), os.getpid(), os.getppid())",
        "course_root": f"import os\nprint(sorted(os.listdir({str(REPO)!r})))",
        "solutions": f"open({str(REPO / 'solutions/mutual_information/mutual_information.ipynb')!r})",
        "gradebook_dir": f"open({str(REPO / 'probe-planted.txt')!r}, 'w')",
        "venv": "import sys\nopen(sys.prefix + '/probe-planted.txt', 'w')",
        "package": "import mi_exercises.compare as c\nopen(c.__file__, 'a')",
        "network": f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)",
        "grader_pid": f"import os\nos.kill({os.getpid()}, 0)",
        "proc": "import os\nprint(sorted(p for p in os.listdir('/proc') if p.isdigit()))",
        "workdir": "import os, sys\nprint(os.listdir('.'), '' in sys.path or os.getcwd() in sys.path)",
        "sidecar": "import mi_helpers\nprint(mi_helpers.__file__)",
        "env": "import os\nprint(sorted(k for k in os.environ if 'GRADING_SEED' in k or k.startswith('JPY')))",
        "home": "import os\nprint(os.path.expanduser('~'), os.access(os.path.expanduser('~'), os.W_OK))",
        "config": "import os, sys\nprint([d for d in ('/etc/jupyter', sys.prefix + '/etc/jupyter') "
        "if os.path.isdir(d) and os.listdir(d)])",
        "memory": "b = bytearray(3 * 1024**3)",
        "processes": (
            "import subprocess\nchildren = []\ntry:\n    for _ in range(500):\n"
            "        children.append(subprocess.Popen(['/bin/sleep', '30']))\n"
            "except OSError as exc:\n    print('stopped after', len(children), type(exc).__name__)\n"
            "for c in children:\n    c.kill()\n    c.wait()"
        ),
        "file_size": (
            "import signal\nsignal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "with open('/tmp/big', 'wb') as f:\n    for _ in range(100):\n        f.write(b'x' * 1024**2)"
        ),
        "linger": (
            "import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
            "        os.execv('/bin/sleep', ['sleep', '876.54321'])\n    os._exit(0)\nprint('forked')"
        ),
    }
    texts = run_cells(tmp, list(cells.values()))
    return dict(zip(cells, texts, strict=True))


def test_runs_as_an_unprivileged_user_in_its_own_pid_namespace(probes):
    uid, euid, pid, ppid = (int(v) for v in probes["whoami"].split())
    assert uid != 0 and euid != 0
    assert uid == (sandbox.NOBODY if os.geteuid() == 0 else os.getuid())
    assert pid < 10 and ppid < 10  # the kernel's PIDs are those of a fresh namespace


def test_cannot_read_the_course_root(probes):
    assert set(eval(probes["course_root"])) <= {".venv", "mi_helpers", "mi_exercises"}  # only what it imports
    assert "No such file" in probes["solutions"]


def test_cannot_write_the_course_the_venv_or_the_packages(probes):
    for name in ("gradebook_dir", "venv", "package"):
        assert any(
            w in probes[name] for w in ("Read-only file system", "No such file", "Permission denied")
        ), probes[name]
    assert not (REPO / "probe-planted.txt").exists()
    assert not (Path(sys.prefix) / "probe-planted.txt").exists()


def test_cannot_reach_the_graders_loopback(probes, listener):
    assert "Error" in probes["network"], probes["network"]
    with pytest.raises(TimeoutError):
        listener.accept()


def test_cannot_see_the_grader(probes):
    assert "ProcessLookupError" in probes["grader_pid"]
    assert len(eval(probes["proc"])) <= 6


def test_gets_only_its_notebooks_and_no_grading_secret(probes):
    files, cwd_first = probes["workdir"].rsplit("]", 1)
    assert eval(files + "]") == ["probe.ipynb"]
    assert "site-packages" in probes["sidecar"] or "mi_helpers/__init__.py" in probes["sidecar"]
    assert eval(probes["env"]) == []
    assert eval(probes["config"]) == []  # no Jupyter or nbgrader configuration is visible
    home, writable = probes["home"].split()
    assert home == sandbox.HOME and writable == "True"
    assert cwd_first.strip() == "False"  # the working folder is not on sys.path at all


def test_limits_memory_processes_and_file_size(probes):
    assert "MemoryError" in probes["memory"]
    stopped = probes["processes"]
    assert "stopped after" in stopped and int(stopped.split()[2]) < sandbox.Limits().processes
    assert "File too large" in probes["file_size"], probes["file_size"]


def test_nothing_started_in_the_sandbox_outlives_it(probes):
    assert "forked" in probes["linger"]
    time.sleep(0.5)
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                assert b"876.54321" not in (proc / "cmdline").read_bytes()
            except OSError:
                continue


def test_cpu_seconds_are_limited(tmp_path):
    """A kernel that burns its CPU budget is killed; the next cell says so instead of running."""
    texts = run_cells(tmp_path, ["while True:\n    pass", "print('still alive')"], timeout=30, cpu_seconds=2)
    assert "DeadKernelError" in texts[0] and "still alive" not in texts[1]


def test_the_whole_notebook_has_a_wall_clock_budget(tmp_path):
    """A cell that ignores interrupts cannot hold the grader: the budget stops the notebook."""
    started = time.monotonic()
    texts = run_cells(
        tmp_path,
        [
            "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "while True:\n    time.sleep(0.1)",
            "print('ran')",
        ],
        timeout=2,
        wall_seconds=3,
    )
    assert time.monotonic() - started < 30
    assert texts[1].strip() != "ran" and ("budget" in texts[1] or "DeadKernel" in texts[1])


def test_output_bytes_are_limited(tmp_path):
    texts = run_cells(
        tmp_path,
        ["print('x' * 3_000_000)", "print('y' * 3_000_000)", "print('after')"],
        output_bytes=4_000_000,
    )
    assert len(texts[0]) > 2_000_000 and "OutputLimit" in texts[1] and "after" not in texts[2]
    assert json.dumps(texts).count("y" * 1000) == 0
