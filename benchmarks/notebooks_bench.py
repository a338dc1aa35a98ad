"""How long the theory notebooks take to execute head-less, against the kernel-start floor.

Run by ``make bench-notebooks`` (part of ``make bench``); writes ``benchmarks/NOTEBOOKS.md``.

For each round, an empty notebook (one ``pass`` cell) and then each theory notebook is executed
in a fresh kernel with nbclient, exactly as ``make notebooks`` executes it; the empty notebook's
time is the floor (kernel start, connection, shutdown) that any notebook pays. The table reports
the median over the rounds and the time above the floor, against the course's targets: each
notebook at most 10 s above the floor, and the whole series in strict nbval at most 90 s (timed
once at the end, as ``make nbval-notebooks`` runs it).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
REPORT = ROOT / "benchmarks" / "NOTEBOOKS.md"
PER_NOTEBOOK_TARGET_S = 10.0
SERIES_NBVAL_TARGET_S = 90.0


def empty_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("pass"))
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    return nb


def time_execution(nb: nbformat.NotebookNode) -> float:
    """Seconds to start a kernel, run every cell and shut the kernel down."""
    start = time.perf_counter()
    NotebookClient(
        nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(NOTEBOOK_DIR)}}
    ).execute()
    return time.perf_counter() - start


def time_nbval() -> tuple[float, bool]:
    """Wall time of the strict nbval run of the whole series, and whether it passed."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        "tests/notebooks/sanitize.cfg",
        "-p",
        "no:cacheprovider",
        "-W",
        "ignore::DeprecationWarning",
        "notebooks/",
    ]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="executions of each notebook (median reported)")
    parser.add_argument("--no-nbval", action="store_true", help="skip the timing of the strict nbval run")
    args = parser.parse_args(argv)
    os.environ.pop("MPLBACKEND", None)
    os.environ["PYTHONHASHSEED"] = "0"

    paths = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    load_before = os.getloadavg()[0]
    times: dict[str, list[float]] = {"(empty notebook)": []}
    times.update({p.stem: [] for p in paths})
    for round_index in range(args.rounds):
        times["(empty notebook)"].append(time_execution(empty_notebook()))
        for path in paths:
            times[path.stem].append(time_execution(nbformat.read(path, as_version=4)))
        print(f"round {round_index + 1}/{args.rounds} done", flush=True)

    floor = statistics.median(times["(empty notebook)"])
    load_after = os.getloadavg()[0]
    lines = [
        "# Theory notebooks: execution time",
        "",
        "Written by `make bench-notebooks` (`benchmarks/notebooks_bench.py`). Each notebook is executed",
        "head-less in a fresh kernel with nbclient, as `make notebooks` does; the empty notebook gives the",
        f"kernel-start floor. Median of {args.rounds} rounds on this machine "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}); "
        "other jobs may share the cores: the 1-minute load average was "
        f"{load_before:.1f} at the start and {load_after:.1f} at the end. On a loaded machine compare",
        "the ratios (÷ floor), measured side by side in the same rounds, not the seconds.",
        "",
        "| notebook | median (s) | above floor (s) | ÷ floor | min–max (s) | target ≤ 10 s above floor |",
        "|---|---:|---:|---:|---:|---|",
    ]
    all_ok = True
    for name, values in times.items():
        median = statistics.median(values)
        above = median - floor
        ok = name.startswith("(") or above <= PER_NOTEBOOK_TARGET_S
        all_ok &= ok
        verdict = "floor" if name.startswith("(") else ("met" if ok else "**missed**")
        lines.append(
            f"| {name} | {median:.2f} | {above:.2f} | {median / floor:.1f} | "
            f"{min(values):.2f}–{max(values):.2f} | {verdict} |"
        )
    total = sum(statistics.median(v) for k, v in times.items() if not k.startswith("("))
    lines += [
        "",
        f"Sum over the {len(paths)} notebooks: {total:.1f} s "
        f"({total - len(paths) * floor:.1f} s above the floors).",
    ]
    if not args.no_nbval:
        seconds, passed = time_nbval()
        ok = passed and seconds <= SERIES_NBVAL_TARGET_S
        all_ok &= ok
        lines += [
            "",
            f"Strict nbval of the whole series (`make nbval-notebooks`): {seconds:.1f} s, "
            f"{'passed' if passed else 'FAILED'}; target ≤ {SERIES_NBVAL_TARGET_S:.0f} s: "
            f"{'met' if ok else '**missed**'}.",
        ]
    REPORT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
