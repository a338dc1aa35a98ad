"""The hostile class: submissions that attack the grader instead of solving the exercises.

Every one does no work (its functions return 0.0 or raise), so every one must score 0, and none may
change anything outside its own sandbox: the other students' grades, the gradebook, the course
files, the grader's HOME and venv, the processes left after grading. Each technique is one that
earned full marks, or broke other students' grading, before the sandbox (issue 8), plus a few more.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import stat
from pathlib import Path

from mi_exercises.spec import CHECKS
from tests.exercises.synthetic import COURSE, MANUAL_CELLS, Notebook, Scenario, _stub_everything, find

#: A process whose command line holds this must not exist once grading is over.
LINGER_MARK = "987.654321"
#: Files no kernel may create or change (relative to the course root, except the HOME one).
PLANTED = ("planted_by_kernel.txt", "tools/grading/planted.py")


def _zero(release: Notebook, prelude: str) -> Notebook:
    """Every function returns 0.0; ``prelude`` runs first (course paths filled in)."""
    course = str(COURSE["root"])
    return _stub_everything(release, lambda gid: "return 0.0", prelude.replace("{COURSE}", course))


TRANSFORMER = """
def _rewrite(lines):
    if any("grader.check" in line for line in lines):
        return ['print("✓ all checks passed")\\n']
    return lines
get_ipython().input_transformers_post.append(_rewrite)
"""

CUSTOM_EXC = """
get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: print("✓ passed"))
"""

SETTRACE = """
import sys, threading
def _tracer(frame, event, arg):
    for name in ("problem", "outcome", "hits", "caught"):
        if name in frame.f_locals and event == "return":
            frame.f_locals[name] = None
    return _tracer
sys.settrace(_tracer)
threading.settrace(_tracer)
"""

FAKE_RESULTS = """
import sys, types
from IPython.display import display
def _fake_check(check_id, function):
    ok = {"status": "ok", "result": {"kind": "number", "type": "float", "value": 0.0}}
    display({"application/vnd.mi-course.results+json":
             {"check": check_id, "visible": [ok] * 10, "hidden": [ok] * 10}}, raw=True)
    print("✓ all checks passed")
fake = types.ModuleType("mi_exercises.grader")
fake.check = _fake_check
class _Finder:
    def find_spec(self, name, path=None, target=None):
        if name.startswith("mi_exercises"):
            import importlib.machinery
            return importlib.machinery.ModuleSpec(name, self)
    def create_module(self, spec):
        return fake
    def exec_module(self, module):
        pass
for name in [n for n in sys.modules if n.startswith("mi_exercises")]:
    del sys.modules[name]
sys.meta_path.insert(0, _Finder())
from mi_exercises import grader
"""

IMPORT_HOOK = """
import builtins, types
from IPython.display import display
_real_import = builtins.__import__
def _check(check_id, function):
    ok = {"status": "ok", "result": {"kind": "number", "type": "float", "value": 0.0}}
    for _ in range(2):
        display({"application/vnd.mi-course.results+json": {"check": check_id, "visible": [ok], "hidden": [ok]}},
                raw=True)
def _import(name, *args, **kwargs):
    module = _real_import(name, *args, **kwargs)
    if name.startswith("mi_exercises"):
        return types.SimpleNamespace(grader=types.SimpleNamespace(check=_check), check=_check)
    return module
builtins.__import__ = _import
grader = types.SimpleNamespace(check=_check)
"""

SWAP_CHECKS = """
import os, atexit, mi_exercises.compare as _cmp, mi_exercises.spec as _spec
for _path in (_cmp.__file__, _spec.__file__):
    try:
        _saved = open(_path).read()
        with open(_path, "w") as _handle:
            _handle.write("def judge(*a, **k):\\n    return None\\n")
        atexit.register(lambda p=_path, s=_saved: open(p, "w").write(s))
    except OSError as exc:
        print("cannot swap", _path, exc)
"""

LINECACHE = """
import linecache, sys
def _oracle(*args, **kwargs):
    frame = sys._getframe(1)
    while frame is not None:
        for name in ("expected", "want", "case"):
            if name in frame.f_locals:
                return frame.f_locals[name]
        source = "".join(linecache.getlines(frame.f_code.co_filename))
        if "BEGIN HIDDEN TESTS" in source:
            return 0.0
        frame = frame.f_back
    return 0.0
"""

SOLUTIONS = """
import json, pathlib
_answers = ""
for _root in ("../../..", "../..", "..", "{COURSE}"):
    _path = pathlib.Path(_root) / "solutions" / "mutual_information" / "mutual_information.ipynb"
    try:
        _nb = json.loads(_path.read_text())
    except OSError:
        continue
    for _cell in _nb["cells"]:
        if _cell["metadata"].get("nbgrader", {}).get("solution") and _cell["cell_type"] == "code":
            _answers += "".join(_cell["source"]) + "\\n"
_SOLUTIONS_FOUND = bool(_answers)
"""

DETACHED = """
import os, time
if os.fork() == 0:
    try:
        os.setsid()  # refused in the sandbox (tools/grading/session_filter.py); the child goes on
    except OSError:
        pass
    if os.fork() == 0:
        time.sleep(1)
        for _target in ("{COURSE}/gradebook.db", "{COURSE}/planted_by_kernel.txt"):
            try:
                with open(_target, "w") as _handle:
                    _handle.write("overwritten by a detached child")
            except OSError:
                pass
        os.execv("/bin/sleep", ["sleep", "987.654321"])
    os._exit(0)
"""

PLANT = """
import os, pathlib, site, sys
_home_startup = pathlib.Path(os.path.expanduser("~")) / ".ipython/profile_default/startup"
_targets = [
    _home_startup / "00-planted.py",
    pathlib.Path("/root/.ipython/profile_default/startup/00-planted.py"),
    pathlib.Path(sys.prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    / "planted.pth",
    pathlib.Path("{COURSE}") / "tools/grading/planted.py",
]
for _target in _targets:
    try:
        _target.parent.mkdir(parents=True, exist_ok=True)
        _target.write_text("import builtins; builtins.PLANTED = True\\n")
    except OSError as exc:
        print("cannot plant", _target, type(exc).__name__)
"""

CONFIG = """
for _target in ("{COURSE}/nbgrader_config.py", "{COURSE}/tools/grading/report.py",
                "{COURSE}/tools/grading/nbgrader_plugins.py"):
    try:
        with open(_target, "a") as _handle:
            _handle.write("\\nc.GenerateFeedback.preprocessors = []\\n")
    except OSError as exc:
        print("cannot edit", _target, type(exc).__name__)
"""

KILL = """
import os, signal
for _pid in (os.getppid(), 1, -1):
    try:
        os.kill(_pid, signal.SIGKILL)
    except OSError as exc:
        print("cannot kill", _pid, type(exc).__name__)
"""

BOMBS = """
import os, signal, subprocess
try:
    _block = bytearray(3 * 1024**3)
except MemoryError:
    print("no 3 GiB for me")
_children = []
try:
    for _ in range(1000):
        _children.append(subprocess.Popen(["/bin/sleep", "30"]))
except OSError as exc:
    print("fork stopped after", len(_children), type(exc).__name__)
for _child in _children:
    _child.kill()
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
try:
    with open("/tmp/big", "wb") as _handle:
        for _ in range(100):
            _handle.write(b"x" * 1024**2)
except OSError as exc:
    print("file stopped:", type(exc).__name__)
print("y" * (6 * 1024**2))
"""

XSS_ANSWER = (
    "### BEGIN HIDDEN TESTS\n\n"
    "**Answer.** <script>document.title = 'pwned'; fetch('/formgrader/api/grade', {method: 'PUT'});</script>"
    '<img src="x" onerror="document.title=\'pwned\'">'
)


AUTO_CELLS = tuple(CHECKS)


def _xss(release: Notebook, _solutions: Notebook) -> Notebook:
    nb = _zero(release, "")
    for gid in MANUAL_CELLS:
        nb["cells"][find(nb, gid)]["source"] = XSS_ANSWER
    return nb


def _hostile(name: str, about: str, prelude: str, **extra: object) -> Scenario:
    extra.setdefault("attention", ("touches the grading machinery",))
    return Scenario(name, about, lambda release, _solutions: _zero(release, prelude), lose_all=True, **extra)


def _sidecars(release: Notebook, _solutions: Notebook) -> Notebook:
    return copy.deepcopy(release)


PERMISSIVE_GRADER = "def check(check_id, function):\n    print('✓ all checks passed')\n"
SIDECARS = {
    "mi_exercises/__init__.py": "from mi_exercises import grader\n",
    "mi_exercises/grader.py": PERMISSIVE_GRADER,
    "mi_helpers/__init__.py": "raise SystemExit('sidecar mi_helpers imported')\n",
    "ipykernel_launcher.py": "import builtins\nbuiltins.SIDECAR = True\nfrom ipykernel import kernelapp\n"
    "kernelapp.launch_new_instance()\n",
    "sitecustomize.py": "import builtins\nbuiltins.SIDECAR = True\n",
    "__pycache__/exercise_checks.cpython-311.pyc": "not bytecode",
    "nbgrader_config.py": "c = get_config()\nc.GenerateFeedback.preprocessors = []\n",
}

SCENARIOS: list[Scenario] = [
    _hostile("hostile_transformer", "an IPython input transformer rewrites every test cell", TRANSFORMER),
    _hostile("hostile_custom_exc", "set_custom_exc swallows every exception", CUSTOM_EXC),
    _hostile("hostile_settrace", "sys.settrace rewrites the checks' locals", SETTRACE),
    _hostile(
        "hostile_meta_path",
        "a sys.meta_path finder serves a fake mi_exercises reporting 0.0 as ok",
        FAKE_RESULTS,
    ),
    _hostile("hostile_import_hook", "builtins.__import__ hooked; fake results reported twice", IMPORT_HOOK),
    _hostile("hostile_swap_checks", "the checking code overwritten on disk, restored at exit", SWAP_CHECKS),
    _hostile("hostile_linecache", "a frame oracle reads expected values and test source", LINECACHE),
    _hostile(
        "hostile_solutions", "reads solutions/ (relative and absolute paths) to copy the answers", SOLUTIONS
    ),
    Scenario(
        "hostile_sidecars",
        "mi_helpers/, mi_exercises/, ipykernel_launcher.py, sitecustomize.py, "
        "__pycache__ and nbgrader_config.py handed in beside the untouched notebook",
        _sidecars,
        lose_all=True,
        files=SIDECARS,
        attention=("extra files",),
    ),
    _hostile("hostile_detached", "a double-forked child rewrites gradebook.db later and lingers", DETACHED),
    _hostile("hostile_plant", "plants IPython startup files and a .pth in HOME, the venv and tools/", PLANT),
    _hostile("hostile_config", "edits nbgrader_config.py and the grading tools", CONFIG),
    _hostile("hostile_kill", "kills its parent, PID 1 and every process it can signal", KILL),
    _hostile("hostile_bombs", "3 GiB of memory, 1000 processes, a 100 MB file, 6 MB of output", BOMBS),
    Scenario(
        "hostile_xss",
        "a <script> and an onerror handler in its written answers (they wait for a hand grade)",
        _xss,
        lose=tuple(CHECKS),
        attention=("markup in answers",),
    ),
]

# --- issue 19, item 1: kernel output is data of a fixed shape (tools/grading/outputs.py) --------------
PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

IMAGE_METADATA = f"""
from IPython.display import display
_png = "{PNG_1PX}"
for _meta in (
    {{"image/png": {{"height": "1 onerror=fetch('/api/contents/gradebook.db')"}}}},
    {{"image/png": {{"width": "1 onerror=document.title='pwned'"}}}},
    {{"width": "1 onload=document.title='pwned'"}},
    {{"filenames": {{"image/png": "http://127.0.0.1:9/beacon.png"}}}},
):
    display({{"image/png": _png, "text/plain": "a figure"}}, metadata=_meta, raw=True)
display({{"image/jpeg": _png}}, metadata={{"image/jpeg": {{"height": "1 onerror=alert(1)"}}}}, raw=True)
_isolated = {{"text/html": {{"isolated": True}}}}
display({{"text/html": "<b>bold</b>", "text/plain": "bold"}}, metadata=_isolated, raw=True)
"""

DISPLAY_FLOOD = """
from IPython.display import display
_handles = [display({"text/plain": "tiny"}, raw=True, display_id=f"d{_i}") for _i in range(30)]
_big = "u" * (8 * 1024**2)
for _i in range(10):
    _handles[_i % 30].update({"text/plain": _big}, raw=True)
del _big
"""

CLEAR_FLOOD = """
from IPython.display import clear_output
for _i in range(400):
    print("x" * 20_000)
    clear_output(wait=True)
print("the end")
"""

WIDGET_BOMB = """
from ipykernel.comm import Comm
for _i in range(5):
    Comm(target_name="jupyter.widget", data={"state": {"_model_name": "IntModel",
         "_model_module": "@jupyter-widgets/controls", "_model_module_version": "2.0.0",
         "value": "w" * (8 * 1024**2)}, "buffer_paths": []}, metadata={"version": "2.1.0"})
"""

#: The scenarios of this block, for tests/exercises/test_outputs.py (sizes and the report).
OUTPUT_SCENARIOS = (
    "hostile_image_metadata",
    "hostile_display_flood",
    "hostile_clear_flood",
    "hostile_widget_bomb",
)

SCENARIOS += [
    _hostile(
        "hostile_image_metadata",
        "image output metadata carrying onerror/onload attributes, a remote image, an isolated HTML output",
        IMAGE_METADATA,
        attention=("outputs dropped",),
    ),
    _hostile(
        "hostile_display_flood",
        "30 displays with ids, then 8 MiB update_display_data messages",
        DISPLAY_FLOOD,
        attention=("outputs dropped",),
    ),
    _hostile("hostile_clear_flood", "400 prints of 20 kB, each cleared by clear_output (8 MB that never shows)", CLEAR_FLOOD,
             attention=("outputs dropped",)),
    _hostile("hostile_widget_bomb", "comm_open messages with 40 MiB of widget state", WIDGET_BOMB,
             attention=("outputs dropped",)),
]
# --- end of issue 19, item 1 ------------------------------------------------------------------------


def planted_paths() -> list[str]:
    """Files the hostile class tries to create outside its sandbox (none may exist afterwards)."""
    return [str(COURSE["root"] / p) for p in PLANTED] + [
        "/root/.ipython/profile_default/startup/00-planted.py"
    ]


__all__ = ["LINGER_MARK", "SCENARIOS", "XSS_ANSWER", "planted_paths"]


# --- BEGIN intake and exchange attacks (issue 19, items 2-4) ---------------------------------------
# Submissions that attack the files and names around the notebook, not the kernel. Each scenario's
# notebook is first written as the release (build_class), then plant_intake_attacks() turns it into
# a link, a hard link or a FIFO; REFUSED_IDS are folders whose name is no valid student id, each
# holding the complete solutions (44/44 if anything graded them under any name).

#: student -> what its submitted notebook (and what beside it) becomes.
INTAKE_ATTACKS = {
    "hostile_link_solutions": "the notebook is a symbolic link to the solutions notebook",
    "hostile_link_shadow": "the notebook, a file beside it and a folder: symbolic links to /etc/shadow, /etc",
    "hostile_hardlink": "the notebook is a hard link to another student's complete notebook (in their home)",
    "hostile_fifo": "the notebook is a FIFO (whatever opens it waits forever); a /dev/zero device beside it",
}
#: Folder names in submitted/ the intake must refuse whole (never graded, never in the gradebook).
REFUSED_IDS = ("release\nsolution", "x..solutions")
#: Where the hard-linked "other student's" notebook lives (outside submitted/, like a home folder).
VICTIM_HOME = "homes/victim_of_hardlink"


def plant_intake_attacks(course: Path) -> None:
    """Turn the INTAKE_ATTACKS notebooks into links and FIFOs; add the REFUSED_IDS folders."""
    from tests.exercises.synthetic import ASSIGNMENT, NOTEBOOK, read_nb, solved

    release = read_nb(course / "exercises" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    answers = read_nb(course / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    complete = json.dumps(solved(release, answers), indent=1)

    def notebook(student: str) -> Path:
        path = course / "submitted" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
        path.unlink()
        return path

    os.symlink(course / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", notebook("hostile_link_solutions"))
    shadow = notebook("hostile_link_shadow")
    os.symlink("/etc/shadow", shadow)
    (shadow.parent / "notes").mkdir()
    os.symlink("/etc/shadow", shadow.parent / "notes" / "shadow.txt")
    os.symlink("/etc", shadow.parent / "etc")
    home = course / VICTIM_HOME
    home.mkdir(parents=True)
    (home / f"{NOTEBOOK}.ipynb").write_text(complete, encoding="utf-8")
    os.link(home / f"{NOTEBOOK}.ipynb", notebook("hostile_hardlink"))
    fifo = notebook("hostile_fifo")
    os.mkfifo(fifo)
    with contextlib.suppress(OSError):  # creating a device needs CAP_MKNOD
        os.mknod(fifo.parent / "zero.bin", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    for name in REFUSED_IDS:
        folder = course / "submitted" / name / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{NOTEBOOK}.ipynb").write_text(complete, encoding="utf-8")


SCENARIOS += [
    Scenario(name, about, _sidecars, lose_all=True, attention=("refused at autograde intake",))
    for name, about in INTAKE_ATTACKS.items()
]
__all__ += ["INTAKE_ATTACKS", "REFUSED_IDS", "VICTIM_HOME", "plant_intake_attacks"]
# --- END intake and exchange attacks ---------------------------------------------------------------
# ==== issue 19, item 5: library calls earn nothing (helper H4) =====================================
# Each student below hands in the reference solution except for a few functions that return the
# library's answer through a trick that beat the in-kernel check (sys.setprofile switched off, a
# renamed __code__, the source read from disk, importlib pointed at the original package). While
# grading, the functions an exercise asks for are not in the kernel's mi_helpers at all (the grading
# copy, tools/grading/library_view.py), so exactly those cells score 0 and the rest full marks; each
# trick ends at a withheld name, which the report lists under "forbidden helpers".
from tests.exercises.synthetic import replace as _replace  # noqa: E402
from tests.exercises.synthetic import solved as _solved  # noqa: E402

_UNPROFILED_EX1 = '''import sys, threading

import mi_helpers as _mi


def _unwatched():
    getattr(sys, "setpro" + "file")(None)
    getattr(threading, "setpro" + "file")(None)


def entropy_nats(p):
    _unwatched()
    return float(_mi.entropy(np.asarray(p, dtype=float).ravel()))


def mutual_information_from_table(P):
    _unwatched()
    return float(_mi.mutual_information(np.asarray(P, dtype=float)))
'''

_RENAMED = (
    "    import types\n"
    "    import mi_helpers as _mi\n"
    "    _f = _mi.{name}\n"
    "    _code = _f.__code__.replace(co_name='mine', co_filename='<mine>')\n"
    "    _g = types.FunctionType(_code, _f.__globals__, None, _f.__defaults__)\n"
)

_FROM_DISK = '''

def _from_disk(module, name):
    """The function's source, read from wherever the package lives, run under another file name."""
    import importlib.util, os, sys
    roots = list(importlib.util.find_spec("mi_helpers").submodule_search_locations or [])
    roots += [os.path.join(entry or ".", "mi_helpers") for entry in sys.path]
    for root in roots:
        try:
            with open(os.path.join(root, module + ".py"), encoding="utf-8") as handle:
                source = handle.read()
        except OSError:
            continue
        if f"def {name}(" in source:
            namespace = {"__name__": "mi_helpers._mine", "__package__": "mi_helpers"}
            exec(compile(source, "<mine>", "exec"), namespace)
            return namespace[name]
    import mi_helpers
    return getattr(mi_helpers, name)  # last resort


def channel_mi(p_x, W):
    return float(_from_disk("channels", "channel_mutual_information")(p_x, W))
'''

_ORIGINAL_PACKAGE = '''

def _original(name):
    """The package loaded afresh from its original folder (find_spec, the editable install's map)."""
    import importlib, importlib.metadata, importlib.util, sys, threading
    getattr(sys, "setpro" + "file")(None)
    getattr(threading, "setpro" + "file")(None)
    folders = list(importlib.util.find_spec("mi_helpers").submodule_search_locations or [])
    try:
        for entry in importlib.metadata.files("mi_helpers") or []:
            for line in (entry.read_text() or "").splitlines():
                if line.startswith("MAPPING"):
                    folders.append(eval(line.split("=", 1)[1])["mi_helpers"])
    except Exception:
        pass
    for folder in folders:
        spec = importlib.util.spec_from_file_location(
            "_original_mi", folder + "/__init__.py", submodule_search_locations=[folder]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["_original_mi"] = module
        try:
            spec.loader.exec_module(module)
        except Exception:
            continue
        if module.__dict__.get(name) is not None:
            return module.__dict__[name]
    return getattr(importlib.reload(sys.modules["mi_helpers"]), name)


def kl_divergence_nats(p, q):
    return float(_original("kl_divergence")(np.asarray(p, dtype=float), np.asarray(q, dtype=float)))
'''


def _unprofiled(release: Notebook, solutions: Notebook) -> Notebook:
    return _solved(release, solutions, {"ex1_solution": lambda _text: _UNPROFILED_EX1})


def _renamed_code(release: Notebook, solutions: Notebook) -> Notebook:
    bald_doc = (
        '    """BALD score I(Y; Theta | x) in nats for two equally likely models predicting'
        ' P(Y=1) = p0 and p1."""\n'
    )
    loss_doc = (
        '    """Mean over rows i of the cross-entropy of softmax(S[i] / temperature) with target i'
        ' (nats)."""\n'
    )
    return _solved(
        release,
        solutions,
        {
            "ex8_solution": _replace(
                bald_doc, bald_doc + _RENAMED.format(name="bald_score") + "    return _g([p0, p1])\n"
            ),
            "ex10_solution": _replace(
                loss_doc,
                loss_doc
                + _RENAMED.format(name="infonce_lower_bound")
                + "    Z = np.asarray(S, dtype=float) / temperature\n"
                + "    return float(np.log(Z.shape[0]) - _g(Z))\n",
            ),
        },
    )


def _source_from_disk(release: Notebook, solutions: Notebook) -> Notebook:
    def edit(text: str) -> str:
        start, end = text.index("def channel_mi("), text.index("def blahut_arimoto(")
        return text[:start] + _FROM_DISK.strip() + "\n\n\n" + text[end:]

    return _solved(release, solutions, {"ex9_solution": edit})


def _original_package(release: Notebook, solutions: Notebook) -> Notebook:
    def edit(text: str) -> str:
        start, end = text.index("def kl_divergence_nats("), text.index("def mi_as_kl(")
        return text[:start] + _ORIGINAL_PACKAGE.strip() + "\n\n\n" + text[end:]

    return _solved(release, solutions, {"ex3_solution": edit})


LIBRARY_SCENARIOS: list[Scenario] = [
    Scenario(
        "hostile_unprofiled",
        "Ex1 answered by mi_helpers.entropy / mutual_information with sys.setprofile switched off",
        _unprofiled,
        lose=("ex1_entropy", "ex1_mi", "ex1_symmetry"),
        attention=("forbidden helpers",),
    ),
    Scenario(
        "hostile_renamed_code",
        "Ex8 and Ex10 answered by copies of bald_score / infonce_lower_bound with a renamed __code__",
        _renamed_code,
        lose=("ex8_binary", "ex10_loss", "ex10_symmetric"),
        attention=("forbidden helpers",),
    ),
    Scenario(
        "hostile_library_source",
        "Ex9's channel_mi runs mi_helpers' source read from disk under another file name",
        _source_from_disk,
        lose=("ex9_channel_mi",),
        attention=("forbidden helpers",),
    ),
    Scenario(
        "hostile_original_package",
        "Ex3's KL from the package reloaded from its original folder (find_spec, the editable map)",
        _original_package,
        lose=("ex3_kl", "ex3_mi_as_kl"),
        attention=("forbidden helpers",),
    ),
]
SCENARIOS.extend(LIBRARY_SCENARIOS)
__all__ += ["LIBRARY_SCENARIOS"]
# ==== end of issue 19, item 5 (helper H4) ===========================================================
