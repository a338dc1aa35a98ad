"""Helpers of the packaging suite: a copy of the repository, the wheel built from it, bare virtual
environments that hold only that wheel and what it needs, and theory notebooks executed in them.

Everything is built with the uv pinned in requirements.lock (``.venv/bin/uv``), and every package
is installed at the lock's version (the lock is passed as constraints), so a run installs from
uv's cache what ``make setup`` already downloaded.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
UV = REPO / ".venv" / "bin" / "uv"
ARTIFACTS = REPO / "artifacts" / "packaging"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The course's three import packages: what the wheel ships, and nothing else.
PACKAGES = ("mi_helpers", "mi_course", "mi_exercises")
CELL_TIMEOUT_S = 300
# Deterministic kernels, as `make notebooks` runs them (mk/notebooks.mk's NB_ENV).
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
# What a kernel must not inherit from the test's own environment: a path that could bring the
# clone's packages back, the clone's venv, a backend that would swallow the figures.
KERNEL_ENV_DROPPED = ("PYTHONPATH", "VIRTUAL_ENV", "MPLBACKEND", "PYTHONSTARTUP", "PYTHONHOME")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*==[^\s;\\]+)\s*(;\s*[^\\]+?)?\s*\\?\s*$")


def project() -> dict:
    """The ``[project]`` table of pyproject.toml."""
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run ``cmd``; on failure, raise with its whole output (a failing build names its cause)."""
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n"
                             f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
    return proc


def copy_of_repository(dest: Path) -> Path:
    """The repository's tracked (and new, not ignored) files, as a fresh clone would hold them
    (mk/pythons.mk makes its copies the same way): no .venv, no build output, no caches."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO)
    dest.mkdir(parents=True)
    archive = dest.parent / f"{dest.name}.tar"
    with tarfile.open(archive, "w") as tar:
        for name in filter(None, listed.stdout.split("\0")):
            if (REPO / name).is_file():  # a deleted file is still listed until it is committed
                tar.add(REPO / name, arcname=name)
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    archive.unlink()
    return dest


def build_wheel(source: Path, out: Path) -> Path:
    """Build the course's wheel from ``source`` with the lock's setuptools (no build isolation,
    so nothing is fetched to build it); return its path."""
    python = REPO / ".venv" / "bin" / "python"
    run([str(UV), "build", "--wheel", "--no-build-isolation", "--python", str(python),
         "--out-dir", str(out), str(source)], cwd=source)
    wheels = sorted(out.glob("*.whl"))
    assert len(wheels) == 1, f"expected one wheel, got {wheels}"
    return wheels[0]


def lock_constraints(path: Path) -> Path:
    """requirements.lock as a constraints file (pins and markers, no hashes): whatever an install
    brings in comes at the lock's version."""
    lines = []
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            lines.append(match[1] + (f" {match[2]}" if match[2] else ""))
    assert len(lines) > 50, "requirements.lock holds no pins"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def base_python() -> str:
    """The interpreter the bare environments are made from: WHEEL_PYTHON if set, else the one the
    course's .venv was built from (Debian's 3.11 in CI)."""
    chosen = os.environ.get("WHEEL_PYTHON") or getattr(sys, "_base_executable", sys.executable)
    assert Path(chosen).exists(), f"no interpreter at {chosen}"
    return chosen


def uv_env() -> dict[str, str]:
    """uv's environment: never download an interpreter, never read the repository's config."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(UV_PYTHON_DOWNLOADS="never", UV_NO_CONFIG="1")
    return env


def make_venv(path: Path, python: str, *, with_pip: bool = False) -> Path:
    """A bare virtual environment at ``path`` (with pip only if asked); its interpreter."""
    cmd = [str(UV), "venv", "-q", "--python", python, str(path)]
    run([*cmd, "--seed"] if with_pip else cmd, cwd=path.parent, env=uv_env())
    return path / "bin" / "python"


def install(python: Path, requirements: list[str], constraints: Path) -> float:
    """Install ``requirements`` into the environment of ``python`` at the lock's versions; the
    seconds it took."""
    start = time.perf_counter()
    run([str(UV), "pip", "install", "-q", "--python", str(python), "-c", str(constraints), *requirements],
        cwd=python.parents[2], env=uv_env())
    return time.perf_counter() - start


def distributions(python: Path) -> dict[str, str]:
    """Canonical name -> version of every distribution installed in ``python``'s environment."""
    code = ("import importlib.metadata as m, json, re; print(json.dumps({re.sub(r'[-_.]+', '-', "
            "d.metadata['Name']).lower(): d.version for d in m.distributions()}))")
    return json.loads(run([str(python), "-I", "-c", code], cwd=python.parents[2]).stdout)


def kernel_environment(venv: Path) -> dict[str, str]:
    """The environment a kernel of ``venv`` runs in: the test's, less anything that could reach
    the clone, plus the deterministic settings of `make notebooks`."""
    env = {k: v for k, v in os.environ.items() if k not in KERNEL_ENV_DROPPED}
    env.update(KERNEL_ENV)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


@dataclass
class Kernel:
    """A kernel running the interpreter of a bare environment, in a working folder of its own."""

    manager: KernelManager

    def run(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """Execute every cell of ``nb`` in this kernel (raises on the first failing cell), then
        shut the kernel down and close its channels."""
        client = NotebookClient(nb, km=self.manager, timeout=CELL_TIMEOUT_S, record_timing=False,
                                coalesce_streams=True, allow_errors=False, shutdown_kernel="immediate")
        client.execute(cleanup_kc=True)
        return nb

    def stop(self) -> None:
        """Shut the kernel down if it still runs (a run that failed before it started)."""
        if self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)


def start_kernel(venv: Path, workdir: Path, spec_dir: Path,
                 extra_env: dict[str, str] | None = None) -> Kernel:
    """Start ipykernel from ``venv`` in ``workdir``, through a kernelspec of its own."""
    kernel_dir = spec_dir / "kernels" / "bare-wheel"
    kernel_dir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [str(venv / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)", "language": "python"}
    (kernel_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    specs = KernelSpecManager(kernel_dirs=[str(spec_dir / "kernels")])
    manager = KernelManager(kernel_name="bare-wheel", kernel_spec_manager=specs)
    env = kernel_environment(venv)
    env.update(extra_env or {})
    manager.start_kernel(cwd=str(workdir), env=env)
    return Kernel(manager)


def text_outputs(nb: nbformat.NotebookNode) -> list[list[str]]:
    """Per code cell, what it printed and displayed as text (streams, text/plain, errors); figures
    compared by their text only (``<Figure size … with 2 Axes>``)."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts = []
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                texts.append(f"{out.name}: {out.text}")
            elif out.output_type in ("execute_result", "display_data"):
                texts.append(f"{out.output_type}: {out.get('data', {}).get('text/plain', '')}")
            elif out.output_type == "error":
                texts.append(f"error: {out.ename}: {out.evalue}")
        found.append(texts)
    return found


def cleared(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with every output and execution count removed."""
    fresh = nbformat.from_dict(nb)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return fresh


def record(line: str) -> None:
    """Append a measured figure to artifacts/packaging/summary.txt (printed by `make test-packaging`)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "summary.txt").open("a", encoding="utf-8") as f:
        f.write(line.rstrip() + "\n")
