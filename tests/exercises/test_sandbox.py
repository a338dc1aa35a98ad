"""Probes of the grading sandbox: code in a sandboxed kernel tries to get out and must fail.

Each probe is a cell run by the course's own ``SandboxedExecute`` (as ``make autograde`` runs it)
in a kernel under bubblewrap; the cell prints what it managed to do and the test checks the grader's
side of the story as well (files, processes, sockets).
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
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
        "env": "import os\n"
        "print(sorted(k for k in os.environ if 'GRADING_SEED' in k or k.startswith('JPY')))",
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
            "import os\nif os.fork() == 0:\n    try:\n        os.setsid()\n"
            "    except OSError:\n        pass\n"
            "    if os.fork() == 0:\n"
            "        os.execv('/bin/sleep', ['sleep', '876.54321'])\n    os._exit(0)\nprint('forked')"
        ),
    }
    texts = run_cells(tmp, list(cells.values()))
    return dict(zip(cells, texts, strict=True))


def test_runs_as_an_unprivileged_user_in_its_own_pid_namespace(probes):
    uid, euid, pid, ppid = (int(v) for v in probes["whoami"].split())
    assert uid != 0 and euid != 0
    assert uid in sandbox.uid_range() if os.geteuid() == 0 else uid == os.getuid()
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


# ---- the library's grading copy: what an exercise asks for is not in the sandbox ----------------
#: Ways to reach a withheld mi_helpers function from a kernel. Each prints "GOT ..." when it obtained
#: one that works, else "NONE ...": unsandboxed every one gets it (the control below), sandboxed none.
LIBRARY_ATTACKS = {
    "profile_off": (
        "import sys, threading\n"
        "getattr(sys, 'setpro' + 'file')(None); threading.setprofile(None)\n"
        "import mi_helpers as mi\n"
        "try:\n    print('GOT', mi.entropy([0.5, 0.5]))\n"
        "except Exception as exc:\n    print('NONE', type(exc).__name__, exc)\n"
    ),
    "code_replace": (
        "import mi_helpers as mi\n"
        "try:\n"
        "    f = mi.mutual_information\n"
        "    f.__code__ = f.__code__.replace(co_name='mine', co_filename='<mine>')\n"
        "    print('GOT', f([[0.5, 0.0], [0.0, 0.5]]))\n"
        "except Exception as exc:\n    print('NONE', type(exc).__name__, exc)\n"
    ),
    "submodule": (
        "got = []\n"
        "for mod, name in [('discrete', 'entropy'), ('discrete', '_plogp'), ('discrete', '_Table'),\n"
        "                  ('channels', '_divergences'), ('channels', 'channel_capacity'),\n"
        "                  ('variational', '_log_mean_exp'), ('active_learning', 'bald_score')]:\n"
        "    try:\n"
        "        module = __import__('mi_helpers.' + mod, fromlist=[name])\n"
        "        getattr(module, name)\n"
        "        got.append(mod + '.' + name)\n"
        "    except Exception:\n        pass\n"
        "print('GOT' if got else 'NONE', got)\n"
    ),
    "source_on_disk": (
        "import os, sys, importlib.util, marshal, types\n"
        "import mi_helpers\n"
        "roots = list(mi_helpers.__path__) + [{repo!r} + '/mi_helpers', {repo!r}, sys.prefix]\n"
        "names = {{'discrete.py', 'channels.py', 'estimators.py', 'variational.py', 'active_learning.py'}}\n"
        "found = []\n"
        "for root in roots:\n"
        "    for folder, dirs, files in os.walk(root):\n"
        "        for file in files:\n"
        "            path = os.path.join(folder, file)\n"
        "            try:\n"
        "                if file in names:\n"
        "                    if 'def entropy(p' in open(path, encoding='utf-8').read():\n"
        "                        found.append(path)\n"
        "                elif file.endswith('.pyc') and 'mi_helpers' in folder.split(os.sep)[-2:]:\n"
        "                    code = marshal.loads(open(path, 'rb').read()[16:])\n"
        "                    if any(getattr(c, 'co_name', '') == 'entropy' for c in code.co_consts):\n"
        "                        found.append(path)\n"
        "            except (OSError, ValueError, EOFError, UnicodeDecodeError):\n"
        "                pass\n"
        "        if len(found) > 3:\n            break\n"
        "for path in found:\n"
        "    try:\n"
        "        spec = importlib.util.spec_from_file_location('mi_helpers._stolen', path)\n"
        "        stolen = importlib.util.module_from_spec(spec)\n"
        "        spec.loader.exec_module(stolen)\n"
        "        print('GOT', stolen.entropy([0.5, 0.5]), path)\n"
        "        break\n"
        "    except Exception as exc:\n        continue\n"
        "else:\n    print('NONE', found)\n"
    ),
    "importlib": (
        "import importlib, importlib.metadata, importlib.util, pkgutil, sys\n"
        "import mi_helpers\n"
        "def works(module):\n"
        "    try:\n        return module.__dict__['entropy']([0.5, 0.5]) > 0\n"
        "    except Exception:\n        return False\n"
        "tries = {{}}\n"
        "try:\n    tries['reload'] = works(importlib.reload(mi_helpers))\n"
        "except Exception:\n    tries['reload'] = False\n"
        "for name in [n for n in sys.modules if n.startswith('mi_helpers')]:\n    del sys.modules[name]\n"
        "sys.path.insert(0, {repo!r})\n"
        "try:\n    tries['sys.path'] = works(importlib.import_module('mi_helpers'))\n"
        "except Exception:\n    tries['sys.path'] = False\n"
        "origins = [importlib.util.find_spec('mi_helpers.discrete').origin]\n"
        "for origin in origins + [{repo!r} + '/mi_helpers/discrete.py']:\n"
        "    try:\n"
        "        spec = importlib.util.spec_from_file_location('mi_helpers.fresh', origin)\n"
        "        fresh = importlib.util.module_from_spec(spec)\n"
        "        spec.loader.exec_module(fresh)\n"
        "        tries[origin] = works(fresh)\n"
        "    except Exception:\n        tries[origin] = False\n"
        "try:\n"
        "    for entry in importlib.metadata.files('mi_helpers') or []:\n"
        "        text = entry.read_text() or ''\n"
        "        for line in text.splitlines():\n"
        "            if 'MAPPING' in line and '{{' in line:\n"
        "                folder = eval(line.split('=', 1)[1])['mi_helpers']\n"
        "                spec = importlib.util.spec_from_file_location(\n"
        "                    'mi_helpers', folder + '/__init__.py', submodule_search_locations=[folder])\n"
        "                for name in [n for n in sys.modules if n.startswith('mi_helpers')]:\n"
        "                    del sys.modules[name]\n"
        "                package = importlib.util.module_from_spec(spec)\n"
        "                sys.modules['mi_helpers'] = package\n"
        "                spec.loader.exec_module(package)\n"
        "                tries['editable MAPPING'] = works(package)\n"
        "except Exception:\n    tries['editable MAPPING'] = False\n"
        "for info in pkgutil.walk_packages(sys.modules['mi_helpers'].__path__, 'mi_helpers.'):\n"
        "    try:\n        tries[info.name] = works(importlib.import_module(info.name))\n"
        "    except Exception:\n        tries[info.name] = False\n"
        "got = [k for k, v in tries.items() if v]\n"
        "print('GOT' if got else 'NONE', got, len(tries))\n"
    ),
    "mi_course": (
        "try:\n    import mi_course\n    print('GOT', mi_course.__file__)\n"
        "except ImportError as exc:\n    print('NONE', type(exc).__name__)\n"
    ),
}


@pytest.fixture(scope="module")
def library_probes(tmp_path_factory) -> dict[str, str]:
    """Every library attack in one sandboxed notebook (as `make autograde` runs it)."""
    tmp = tmp_path_factory.mktemp("library")
    sources = [code.format(repo=str(REPO)) for code in LIBRARY_ATTACKS.values()]
    kept = (
        "import mi_helpers as mi\n"
        "print(round(mi.binary_entropy(0.2), 12), round(mi.fano_bound(0.3, 4), 12),"
        " round(mi.gaussian_mutual_information(0.6), 12), mi.joint_table([0, 1]).tolist())"
    )
    texts = run_cells(tmp, [*sources, kept], timeout=60)
    return dict(zip([*LIBRARY_ATTACKS, "kept"], texts, strict=True))


@pytest.mark.parametrize("attack", sorted(LIBRARY_ATTACKS))
def test_no_attack_reaches_a_withheld_helper_in_the_sandbox(library_probes, attack):
    """setprofile off, a renamed __code__, submodules, the source on disk, importlib: nothing there."""
    assert library_probes[attack].startswith("NONE"), library_probes[attack]


@pytest.mark.parametrize("attack", sorted(set(LIBRARY_ATTACKS) - {"mi_course"}))
def test_every_library_attack_works_without_the_grading_copy(tmp_path, attack):
    """The control: run unsandboxed with the real mi_helpers, each attack does get the function."""
    proc = subprocess.run(
        [sys.executable, "-c", LIBRARY_ATTACKS[attack].format(repo=str(REPO))],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.startswith("GOT"), proc.stdout + proc.stderr


def test_the_helpers_an_exercise_may_use_still_work_in_the_sandbox(library_probes):
    assert library_probes["kept"].split() == [
        "0.500402423538",
        "0.940447988655",
        "0.223143551314",
        "[0.5,",
        "0.5]",
    ], library_probes["kept"]


def test_a_withheld_helper_says_which_exercise_asks_for_it(tmp_path):
    """Its error names the exercises; the check turns it into "forbidden" (the report's word)."""
    texts = run_cells(
        tmp_path,
        [
            "from mi_helpers import kl_divergence",
            "import mi_helpers as mi\nfrom mi_exercises import grader\n"
            "print(grader.run_case(lambda p: mi.bald_score(p), ([0.5, 0.5],), {}, 'ex8'))",
        ],
    )
    assert "WithheldHelper" in texts[0] and "Exercises 1 and 3" in texts[0], texts[0]
    assert "called mi_helpers.kl_divergence" in texts[0]  # what the grades report looks for
    assert "'status': 'forbidden'" in texts[1] and "mi_helpers.bald_score" in texts[1], texts[1]


def test_the_grading_copy_holds_exactly_the_reviewed_names(tmp_path):
    """Any change to what the copy keeps (a new helper, a helper shared with a withheld function)
    fails here until someone has checked that it hands out no answer (docs/instructors.md)."""
    from tools.grading import library_view

    out, reached = library_view.build_view(tmp_path / "view")
    assert reached == {}
    kept = {}
    for path in sorted(out.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        kept[path.stem] = sorted(
            n.name
            for n in tree.body
            if isinstance(n, ast.FunctionDef | ast.ClassDef) and n.name != "__getattr__"
        )
    assert kept == {
        "__init__": [],
        "_withheld": ["WithheldHelper", "withheld_attribute"],
        "active_learning": [],
        "channels": ["ConvergenceError"],
        "discrete": ["_as_codes", "binary_entropy", "joint_table"],
        "estimators": [],
        "fano": ["fano_bound", "fano_min_error"],
        "gaussian": ["gaussian_mutual_information", "gaussian_mutual_information_cov"],
        # The second assignment asks for the bootstrap interval and the permutation test: only
        # their result types stay.
        "resampling": ["BootstrapInterval", "PermutationTest"],
        "validation": [
            "_fmt_index",
            "_is_integer",
            "as_array",
            "as_base",
            "as_channel",
            "as_correlation",
            "as_pmf",
            "as_positive_int",
            "as_probability",
            "as_samples",
            "check_entries",
            "check_same_length",
            "check_total",
            "resolve_axes",
            "sum_tolerance",
        ],
        "variational": [],
    }
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.py"))
    for name in ("entropy", "mutual_information", "channel_capacity", "_plogp", "_divergences"):
        assert f"def {name}(" not in text


def test_a_public_function_that_reaches_a_withheld_one_is_withheld_too(tmp_path):
    """A helper built on a withheld function would hand out its answer: it goes as well, named."""
    from tools.grading import library_view

    package = tmp_path / "src" / "toy"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "from .core import entropy, helper, safe\n__all__ = ['entropy', 'helper', 'safe']\n"
    )
    (package / "core.py").write_text(
        "def _shared(p):\n    return p\n\n"
        "def entropy(p):\n    return _shared(p) * 2\n\n"
        "def helper(p):\n    return entropy(p) + 1\n\n"
        "def safe(p):\n    return _shared(p)\n"
    )
    out, reached = library_view.build_view(tmp_path / "view", package, "toy", frozenset({"entropy"}))
    assert reached == {"helper": "toy.core.entropy"}
    core = (out / "core.py").read_text()
    assert "def safe(" in core and "def _shared(" in core
    assert "def entropy(" not in core and "def helper(" not in core
    assert "__all__ = ['safe']" in (out / "__init__.py").read_text()


def test_the_grading_copy_is_built_once_and_reused(tmp_path):
    from tools.grading import library_view

    first = library_view.ensure_view(tmp_path)
    assert library_view.ensure_view(tmp_path) == first
    assert len([p for p in tmp_path.iterdir() if not p.name.startswith(".")]) == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".building")]


# ---- parallel sandboxes: a process budget each -------------------------------------------------
#: Fork up to argv[1] children that sleep, say how far it got, touch argv[2], hold them argv[3] s.
SPAWN = """
import os, sys, time
kids = []
try:
    for _ in range(int(sys.argv[1])):
        pid = os.fork()
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        kids.append(pid)
    print("forked", len(kids), flush=True)
except OSError as exc:
    print("stopped after", len(kids), type(exc).__name__, flush=True)
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
"""


def _spawn_in_sandbox(
    folder: Path, uid: int, count: int, hold: float, python: str = sys.executable, **wrap: object
) -> tuple[subprocess.Popen, Path]:
    """A sandbox (as the grader builds it) running SPAWN; its process and the file it touches."""
    work, conn = folder / "work", folder / "conn"
    for path in (work, conn):
        path.mkdir(parents=True)
        os.chmod(path, 0o755)
        if os.geteuid() == 0:
            os.chown(path, uid, uid)
    # the marker goes to the socket folder: the working folder is the sandbox's own tmpfs
    command = [python, "-c", SPAWN, str(count), str(conn / "done"), str(hold)]
    prefix = wrap.pop("prefix", [])
    args = sandbox.wrap(
        command, work=work, conn=conn, inputs=None, limits=sandbox.Limits(processes=16), uid=uid, **wrap
    )
    proc = subprocess.Popen([*prefix, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, conn / "done"


def _hog_and_other(base: Path, hog_uid: int, other_uid: int, **wrap: object) -> tuple[str, str]:
    """One sandbox forks until its budget is gone and holds its children; meanwhile a second one
    forks 8 children. What each printed."""
    hog, hog_full = _spawn_in_sandbox(base / "hog", hog_uid, 1000, 20, **dict(wrap))
    try:
        deadline = time.monotonic() + 60
        while not hog_full.exists():
            assert hog.poll() is None, hog.communicate()
            assert time.monotonic() < deadline, "the first sandbox never filled its budget"
            time.sleep(0.05)
        other, _ = _spawn_in_sandbox(base / "other", other_uid, 8, 0, **dict(wrap))
        other_out, other_err = other.communicate(timeout=60)
    finally:
        hog.kill()
        hog_out, _ = hog.communicate(timeout=30)
    return hog_out.strip(), (other_out + other_err).strip()


root_only = pytest.mark.skipif(os.geteuid() != 0, reason="sandbox uids are handed out when grading as root")


@root_only
def test_parallel_sandboxes_do_not_share_a_process_budget(tmp_path):
    """A fork bomb fills its own sandbox's RLIMIT_NPROC; a sandbox graded beside it still forks."""
    with sandbox.lease_uid() as first, sandbox.lease_uid() as second:
        assert first.uid != second.uid
        assert {first.uid, second.uid} <= set(sandbox.uid_range())
        hog, other = _hog_and_other(tmp_path, first.uid, second.uid)
    assert hog.startswith("stopped after") and int(hog.split()[2]) < 16, hog
    assert other == "forked 8", other


@root_only
def test_the_budget_test_fails_when_two_sandboxes_share_a_uid(tmp_path):
    """The control: with one uid for both (every sandbox was uid 65534 before), the second starves."""
    with sandbox.lease_uid() as shared:
        hog, other = _hog_and_other(tmp_path, shared.uid, shared.uid)
    assert hog.startswith("stopped after"), hog
    assert "forked 8" not in other, other


@root_only
def test_a_uid_is_leased_to_one_sandbox_at_a_time(tmp_path):
    """Leases exclude each other across processes (flock) and are given back on release."""
    folder = tmp_path / "uids"
    uids = range(1_900_000_000, 1_900_000_003)
    with sandbox.lease_uid(uids, folder) as a, sandbox.lease_uid(uids, folder) as b:
        code = (
            "import pathlib, sys; sys.path.insert(0, sys.argv[1]); from tools.grading import sandbox\n"
            "uids = range(1_900_000_000, 1_900_000_003)\n"
            "print(sandbox.lease_uid(uids, pathlib.Path(sys.argv[2])).uid)"
        )
        third = subprocess.run(
            [sys.executable, "-c", code, str(REPO), str(folder)], capture_output=True, text=True, check=True
        )
        assert int(third.stdout) not in (a.uid, b.uid) and len({a.uid, b.uid}) == 2
        with pytest.raises(RuntimeError, match="in use"):
            with sandbox.lease_uid(uids, folder), sandbox.lease_uid(uids, folder):
                pass
    with sandbox.lease_uid(uids, folder) as again:
        assert again.uid == uids[0]


@root_only
def test_a_uid_still_running_processes_is_not_leased(tmp_path):
    """A sandbox's processes die with it, but not always at once: their uid waits until they are gone."""
    uids = range(1_900_000_010, 1_900_000_012)
    sleeper = subprocess.Popen(
        ["setpriv", f"--reuid={uids[0]}", f"--regid={uids[0]}", "--clear-groups", "sleep", "30"]
    )
    try:
        time.sleep(0.3)
        with sandbox.lease_uid(uids, tmp_path / "uids") as lease:
            assert lease.uid == uids[1]
    finally:
        sleeper.kill()
        sleeper.wait()


@root_only
@pytest.mark.skipif(not os.path.exists("/usr/bin/python3"), reason="needs the system interpreter")
def test_as_an_ordinary_account_each_sandbox_counts_its_own_processes(monkeypatch):
    """The non-root path: the grader runs as an ordinary account, each sandbox in a user namespace of
    its own. Linux (5.15+) counts RLIMIT_NPROC per user namespace, so the two budgets are apart too."""
    if not sandbox._nproc_per_namespace():
        pytest.skip("this kernel counts RLIMIT_NPROC per account: parallel sandboxes share it there")
    system = ["/usr", "/etc"] + [
        p
        for p in ("/bin", "/sbin", "/lib", "/lib64", "/lib32")
        if os.path.lexists(p) and not os.path.islink(p)
    ]
    monkeypatch.setattr(sandbox, "_readonly_paths", lambda: system)  # the venv's interpreter is under /root
    with sandbox.lease_uid() as account:  # an unused uid, playing the grader account
        base = Path(tempfile.mkdtemp(prefix="mi-nonroot-", dir="/tmp"))
        try:
            os.chmod(base, 0o755)
            become = ["setpriv", f"--reuid={account.uid}", f"--regid={account.uid}", "--clear-groups", "--"]
            for name in ("hog", "other"):
                (base / name).mkdir()
                os.chown(base / name, account.uid, account.uid)
            hog, other = _hog_and_other(
                base, account.uid, account.uid, python="/usr/bin/python3", as_root=False, prefix=become
            )
        finally:
            shutil.rmtree(base, ignore_errors=True)
    assert hog.startswith("stopped after") and int(hog.split()[2]) < 16, hog
    assert other == "forked 8", other


def _binds(args: list[str]) -> list[tuple[str, str]]:
    return [(args[i + 1], args[i + 2]) for i, a in enumerate(args) if a == "--ro-bind"]


def test_the_real_package_is_never_mounted_beside_its_grading_copy(tmp_path, monkeypatch):
    """Editable install: the copy takes the package's path and the real folder is not bound at all;
    a package inside the venv: the copy is mounted after (on top of) the venv."""
    copy, real = tmp_path / "copy", sandbox._package_dirs(("mi_helpers",))
    wrap = {"work": tmp_path, "conn": tmp_path, "inputs": None, "limits": sandbox.Limits()}
    binds = _binds(sandbox.wrap(["true"], library=copy, uid=sandbox.UID_RANGE[0], as_root=True, **wrap))
    assert real and all((path, path) not in binds and (str(copy), path) in binds for path in real)
    assert (real[0], real[0]) in _binds(sandbox.wrap(["true"], as_root=True, **wrap))  # without a copy
    inside = f"{sys.prefix}/lib/site-packages/mi_helpers"
    original = sandbox._package_dirs
    monkeypatch.setattr(
        sandbox, "_package_dirs", lambda names=("mi_helpers", "mi_exercises"): [inside] + original(names[1:])
    )
    binds = _binds(sandbox.wrap(["true"], library=copy, uid=sandbox.UID_RANGE[0], as_root=True, **wrap))
    assert binds.index((str(copy), inside)) > binds.index((sys.prefix, sys.prefix))
