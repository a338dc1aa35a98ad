"""Build the theory notebooks: jupytext percent sources -> executed .ipynb files in notebooks/.

Usage (what ``make notebooks`` runs)::

    .venv/bin/python tools/notebooks/build.py            # all six, in order
    .venv/bin/python tools/notebooks/build.py 03 04      # only those whose name starts so
    .venv/bin/python tools/notebooks/build.py --check    # exit 1 naming every stale notebook

Each source ``notebooks/NN_name.py`` sits beside the notebook it builds and is a jupytext
"percent" file (``# %% [markdown]`` cells whose lines are comments, ``# %%`` code cells), paired
with the ``.ipynb`` by ``notebooks/jupytext.toml``, so JupyterLab opens it as a notebook. The
build reads it with jupytext, gives the cells stable ids, executes them head-less in a fresh
kernel from ``notebooks/`` (so relative links and paths work), refuses any cell that raises or
writes to stderr, and stores in the notebook's metadata a hash of everything the outputs depend
on (see :func:`input_hash`). ``tests/notebooks`` recomputes that hash to prove that a committed
notebook was produced by this build from the current code.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "notebooks"
SRC_DIR = OUT_DIR  # each source is paired with its notebook
#: The packages the notebooks import from this repository: their code is part of the input hash.
PACKAGE_DIRS = (ROOT / "mi_helpers", ROOT / "mi_course")
PAIRING = OUT_DIR / "jupytext.toml"
SOURCE_FORMAT = "py:percent"
METADATA_KEY = "mi_course"
KERNEL_NAME = "python3"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
CELL_TIMEOUT_S = 300


def sources() -> list[Path]:
    """The notebook sources, in course order."""
    return sorted(SRC_DIR.glob("[0-9][0-9]_*.py"))


def notebook_path(source: Path) -> Path:
    """Where the notebook built from ``source`` lives."""
    return OUT_DIR / f"{source.stem}.ipynb"


def parse_cells(text: str) -> list[tuple[str, str]]:
    """Split a jupytext percent source into ``(cell_type, source)`` pairs (jupytext's own reader).

    Before the switch to jupytext, this reader was checked once to give exactly the cells of
    the course's former hand-rolled percent parser on the five sources of the time.
    """
    nb = jupytext.reads(text, fmt=SOURCE_FORMAT)
    return [(cell.cell_type, cell.source) for cell in nb.cells if cell.source.strip()]


def input_hash(source: Path) -> str:
    """SHA-256 of everything a notebook's outputs depend on, apart from the installed packages.

    That is: this build script, the pairing configuration, the notebook's source, and every
    module of ``mi_helpers`` and ``mi_course`` (path and content, in sorted order). Changing any
    of them makes the committed notebook stale until ``make notebooks`` runs again.
    """
    digest = hashlib.sha256()
    modules = sorted(path for package in PACKAGE_DIRS for path in package.glob("*.py"))
    files = [Path(__file__).resolve(), PAIRING, source, *modules]
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def make_notebook(source: Path) -> nbformat.NotebookNode:
    """An unexecuted notebook from a source file, with deterministic cell ids."""
    nb = nbformat.v4.new_notebook()
    prefix = source.stem[:2]
    for index, (kind, body) in enumerate(parse_cells(source.read_text())):
        cell = nbformat.v4.new_markdown_cell(body) if kind == "markdown" else nbformat.v4.new_code_cell(body)
        cell.id = f"nb{prefix}-{index:03d}"
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def stderr_outputs(nb: nbformat.NotebookNode) -> list[str]:
    """Descriptions of every output written to stderr or raised, cell by cell."""
    problems = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append(f"cell {index} wrote to stderr: {output.get('text', '')[:300]!r}")
            if output.get("output_type") == "error":
                problems.append(f"cell {index} raised {output.get('ename')}: {output.get('evalue')}")
    return problems


def execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel whose working directory is ``notebooks/``."""
    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT_S,
        record_timing=False,
        coalesce_streams=True,  # one stream output per name: ipykernel may split prints at random points
        resources={"metadata": {"path": str(OUT_DIR)}},
    )
    client.execute()
    return nb


def build(source: Path) -> float:
    """Build one notebook; return the seconds it took. Raise if a cell fails or writes to stderr."""
    start = time.perf_counter()
    nb = make_notebook(source)
    execute(nb)
    problems = stderr_outputs(nb)
    if problems:
        raise RuntimeError(f"{source.name}:\n  " + "\n  ".join(problems))
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata[METADATA_KEY] = {
        "built_by": "make notebooks (tools/notebooks/build.py)",
        "source": source.relative_to(ROOT).as_posix(),
        "input_sha256": input_hash(source),
    }
    nbformat.validate(nb)
    nbformat.write(nb, notebook_path(source))
    return time.perf_counter() - start


def stale_notebooks() -> list[str]:
    """Why each committed notebook is stale (missing, or built from other inputs); empty if none is.

    The same definition as ``tests/notebooks``: the stored input hash must be that of the
    current sources, and the cells must be those the source produces. Executes nothing.
    """
    problems = []
    for source in sources():
        path = notebook_path(source)
        if not path.exists():
            problems.append(f"{path.relative_to(ROOT)} is missing: run `make notebooks`")
            continue
        nb = nbformat.read(path, as_version=4)
        if nb.metadata.get(METADATA_KEY, {}).get("input_sha256") != input_hash(source):
            problems.append(f"{path.relative_to(ROOT)} is stale: run `make notebooks`")
        elif [(c.cell_type, c.source) for c in nb.cells] != [
            (c.cell_type, c.source) for c in make_notebook(source).cells
        ]:
            problems.append(f"{path.relative_to(ROOT)} was edited by hand: run `make notebooks`")
    return problems


def deterministic_environment() -> None:
    """Settings that make a kernel's output the same on every run and machine of this kind."""
    os.environ["PYTHONHASHSEED"] = "0"
    # The inline backend must draw the figures; an inherited MPLBACKEND=Agg would swallow them.
    os.environ.pop("MPLBACKEND", None)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="build only the sources whose name starts with these")
    parser.add_argument("--check", action="store_true", help="execute nothing; exit 1 if a notebook is stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_notebooks()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    deterministic_environment()
    chosen = [s for s in sources() if not args.only or any(s.name.startswith(p) for p in args.only)]
    if not chosen:
        print("no notebook source matches", args.only, file=sys.stderr)
        return 1
    for source in chosen:
        seconds = build(source)
        print(f"built {notebook_path(source).relative_to(ROOT)} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
