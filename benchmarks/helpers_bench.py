"""mi_helpers against its peers, measured side by side; writes benchmarks/RESULTS.md.

Run with ``make bench-helpers`` (part of ``make bench``). The machine is shared and noisy, so
absolute times are not evidence: every comparison runs its contenders interleaved, round after
round in rotating order, and reports the median over rounds of the per-round *ratio*.

Contenders on joint tables (the same table for everyone):

- ``mi_helpers``: ``mutual_information(P)`` on the pmf, validation included;
- ``mi_helpers (counts)``: ``mutual_information(C, normalize=True)`` on the integer counts;
- ``rel_entr``: the scipy route, marginals then ``rel_entr(P, outer(p_x, p_y)).sum()``, no validation;
- ``sklearn``: ``mutual_info_score(contingency=C)`` on the counts;
- ``dit``: ``dit.shannon.mutual_information`` on a prebuilt distribution (building it not timed);
- ``floor``: one ``np.log`` over the table, the least work of one logarithm per cell.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import mi_helpers as mi

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "benchmarks" / "RESULTS.md"


# --- timing ---------------------------------------------------------------------------------------
def calibrate(fn: Callable[[], object], min_seconds: float) -> int:
    """Calls per sample so that one sample lasts at least ``min_seconds``."""
    start = time.perf_counter()
    fn()
    single = max(time.perf_counter() - start, 1e-7)
    return max(1, math.ceil(min_seconds / single))


def interleaved(
    contenders: dict[str, Callable[[], object]], rounds: int, min_seconds: float
) -> dict[str, list[float]]:
    """Seconds per call of every contender in every round, contenders run in rotating order."""
    numbers = {name: calibrate(fn, min_seconds) for name, fn in contenders.items()}
    names = list(contenders)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            fn, number = contenders[name], numbers[name]
            start = time.perf_counter()
            for _ in range(number):
                fn()
            times[name].append((time.perf_counter() - start) / number)
    return times


def median_ratio(times: dict[str, list[float]], a: str, b: str) -> float:
    """Median over rounds of time(a) / time(b): < 1 means ``a`` is faster."""
    return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


@dataclass
class Verdict:
    claim: str
    value: str
    met: bool


@dataclass
class Report:
    sections: list[str] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)

    def check(self, claim: str, value: str, met: bool) -> None:
        self.verdicts.append(Verdict(claim, value, met))


# --- inputs ---------------------------------------------------------------------------------------
def count_table(n: int, seed: int = 0) -> np.ndarray:
    """An n x n contingency table with a diagonal trend and some zero cells."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 100, (n, n))
    counts[np.arange(n), np.arange(n)] += 200
    return counts.astype(np.int64)


# --- sections -------------------------------------------------------------------------------------
def bench_tables(report: Report, sizes: list[int], rounds: int, min_seconds: float, dit_max: int) -> None:
    import dit
    from scipy.special import rel_entr
    from sklearn.metrics import mutual_info_score

    rows = []
    for n in sizes:
        C = count_table(n)
        P = C / C.sum()

        def scipy_route(P=P):
            return float(rel_entr(P, np.outer(P.sum(axis=1), P.sum(axis=0))).sum())

        def floor(P=P):
            with np.errstate(divide="ignore"):
                return np.log(P)

        contenders: dict[str, Callable[[], object]] = {
            "mi_helpers": lambda P=P: mi.mutual_information(P),
            "mi_helpers (counts)": lambda C=C: mi.mutual_information(C, normalize=True),
            "rel_entr": scipy_route,
            "sklearn": lambda C=C: mutual_info_score(None, None, contingency=C),
            "floor": floor,
        }
        if n <= dit_max:
            d = dit.Distribution.from_ndarray(P)
            contenders["dit"] = lambda d=d: dit.shannon.mutual_information(d, [0], [1])
        # every contender computes the same number before any of it is timed
        reference = mi.mutual_information(P)
        assert abs(scipy_route() - reference) < 1e-10
        assert abs(mutual_info_score(None, None, contingency=C) - reference) < 1e-10
        if "dit" in contenders:
            assert abs(contenders["dit"]() * math.log(2) - reference) < 1e-10

        times = interleaved(contenders, rounds, min_seconds)
        med = {name: statistics.median(ts) for name, ts in times.items()}
        peers = [p for p in ("rel_entr", "sklearn") if p in times]
        fastest = min(peers, key=lambda p: med[p])
        row = {
            "size": f"{n}×{n}",
            "mi_helpers": fmt_time(med["mi_helpers"]),
            "counts": fmt_time(med["mi_helpers (counts)"]),
            "rel_entr": f"{median_ratio(times, 'mi_helpers', 'rel_entr'):.3f}",
            "sklearn": f"{median_ratio(times, 'mi_helpers (counts)', 'sklearn'):.3f}",
            "floor": f"{median_ratio(times, 'mi_helpers', 'floor'):.2f}",
            "floor_counts": f"{median_ratio(times, 'mi_helpers (counts)', 'floor'):.2f}",
            "dit": f"{1 / median_ratio(times, 'mi_helpers', 'dit'):.0f}×" if "dit" in times else "–",
        }
        rows.append(row)
        if n >= 500:
            vs_fastest = median_ratio(times, "mi_helpers", fastest)
            report.check(
                f"{n}×{n}: no slower than the fastest peer ({fastest})",
                f"{vs_fastest:.3f}",
                vs_fastest <= 1.0,
            )
            vs_floor = median_ratio(times, "mi_helpers", "floor")
            report.check(f"{n}×{n}: within 2× of one np.log pass", f"{vs_floor:.2f}", vs_floor <= 2.0)
        if "dit" in times:
            speedup = 1 / median_ratio(times, "mi_helpers", "dit")
            report.check(f"{n}×{n}: at least 20× faster than dit", f"{speedup:.0f}×", speedup >= 20)

    lines = [
        "## Mutual information of a joint table",
        "",
        "Time per call (median over rounds) and median per-round ratios. A ratio below 1 means",
        "mi_helpers is faster; `floor` is one `np.log` over the table. The pmf route is compared with",
        "`rel_entr` (same pmf input), the counts route with sklearn (same count input).",
        "",
        "| table | mi_helpers (pmf) | mi_helpers (counts) | ÷ rel_entr | counts ÷ sklearn "
        "| ÷ floor | counts ÷ floor | faster than dit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['size']} | {r['mi_helpers']} | {r['counts']} | {r['rel_entr']} | {r['sklearn']} "
            f"| {r['floor']} | {r['floor_counts']} | {r['dit']} |"
        )
    report.sections.append("\n".join(lines))


def bench_conditional(report: Report, rounds: int, min_seconds: float) -> None:
    import dit
    from dit.multivariate import coinformation

    P = np.random.default_rng(1).dirichlet(np.ones(8)).reshape(2, 2, 2)
    d = dit.Distribution.from_ndarray(P)
    assert abs(coinformation(d, [[0], [1]], [2]) * math.log(2) - mi.conditional_mutual_information(P)) < 1e-12
    times = interleaved(
        {
            "mi_helpers": lambda: mi.conditional_mutual_information(P),
            "dit": lambda: coinformation(d, [[0], [1]], [2]),
        },
        rounds,
        min_seconds,
    )
    speedup = 1 / median_ratio(times, "mi_helpers", "dit")
    report.check("2×2×2 conditional MI: at least 20× faster than dit", f"{speedup:.0f}×", speedup >= 20)
    report.sections.append(
        "\n".join(
            [
                "## Conditional mutual information, 2×2×2",
                "",
                "| contender | time per call |",
                "|---|---:|",
                "| mi_helpers `conditional_mutual_information` "
                f"| {fmt_time(statistics.median(times['mi_helpers']))} |",
                f"| dit `coinformation(d, [[0], [1]], [2])` | {fmt_time(statistics.median(times['dit']))} |",
                "",
                f"mi_helpers is {speedup:.0f}× faster (median per-round ratio).",
            ]
        )
    )


def bench_memory(report: Report, n: int) -> None:
    C = count_table(n)
    P = C / C.sum()
    lines = [
        "## Peak memory on the largest table",
        "",
        "| call | peak extra memory ÷ table size |",
        "|---|---:|",
    ]
    for label, fn, table in [
        ("`mutual_information(P)`", lambda: mi.mutual_information(P), P),
        ("`mutual_information(C, normalize=True)`", lambda: mi.mutual_information(C, normalize=True), C),
        ("`entropy(P)`", lambda: mi.entropy(P), P),
    ]:
        tracemalloc.start()
        tracemalloc.reset_peak()
        fn()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        ratio = peak / table.nbytes
        lines.append(f"| {label} on {n}×{n} | {ratio:.3f} |")
        report.check(f"{label}: peak memory under 4× the table", f"{ratio:.3f}", ratio < 4)
    lines += [
        "",
        "Measured with `tracemalloc` (numpy reports its buffers to it); the table itself is not counted.",
    ]
    report.sections.append("\n".join(lines))


def bench_joint_table(report: Report, n: int, rounds: int) -> None:
    rng = np.random.default_rng(2)
    x = rng.integers(0, 10, n)
    y = (x + rng.integers(0, 3, n)) % 10

    def python_loop():
        table = np.zeros((10, 10))
        for a, b in zip(x.tolist(), y.tolist(), strict=True):
            table[a, b] += 1
        return table / n

    assert np.allclose(python_loop(), mi.joint_table(x, y), rtol=0, atol=1e-15)
    times = interleaved({"joint_table": lambda: mi.joint_table(x, y), "loop": python_loop}, rounds, 0.0)
    speedup = 1 / median_ratio(times, "joint_table", "loop")
    report.check(f"joint_table on {n:.0e} samples: faster than a Python loop", f"{speedup:.0f}×", speedup > 1)
    report.sections.append(
        "\n".join(
            [
                f"## Counting {n:,} paired samples into a 10×10 table",
                "",
                "| contender | time per call |",
                "|---|---:|",
                f"| `joint_table(x, y)` (`bincount`) | {fmt_time(statistics.median(times['joint_table']))} |",
                f"| Python loop over the samples | {fmt_time(statistics.median(times['loop']))} |",
                "",
                f"`joint_table` is {speedup:.0f}× faster (median per-round ratio).",
            ]
        )
    )


def bench_ksg(report: Report, n: int, rounds: int) -> None:
    from sklearn.feature_selection import mutual_info_regression

    rng = np.random.default_rng(3)
    x = rng.standard_normal(n)
    y = 0.6 * x + 0.8 * rng.standard_normal(n)
    ours = mi.ksg_mutual_information(x, y, k=3)
    theirs = mutual_info_regression(x[:, None], y, n_neighbors=3, random_state=0)[0]
    assert abs(ours - theirs) < 1e-9, (ours, theirs)
    times = interleaved(
        {
            "mi_helpers": lambda: mi.ksg_mutual_information(x, y, k=3),
            "sklearn": lambda: mutual_info_regression(x[:, None], y, n_neighbors=3, random_state=0),
        },
        rounds,
        0.0,
    )
    ratio = median_ratio(times, "mi_helpers", "sklearn")
    report.check(f"KSG at n = {n:.0e}: within 1.5× of sklearn's time", f"{ratio:.2f}", ratio <= 1.5)
    report.sections.append(
        "\n".join(
            [
                f"## KSG estimator, n = {n:,}, k = 3",
                "",
                "| contender | time per call |",
                "|---|---:|",
                f"| `ksg_mutual_information(x, y)` | {fmt_time(statistics.median(times['mi_helpers']))} |",
                f"| sklearn `mutual_info_regression` | {fmt_time(statistics.median(times['sklearn']))} |",
                "",
                f"Ratio mi_helpers ÷ sklearn: {ratio:.2f}; both return {ours:.6f} nats on this sample "
                f"(true value {mi.gaussian_mutual_information(0.6):.6f}).",
            ]
        )
    )


# --- report ---------------------------------------------------------------------------------------
def versions() -> str:
    from importlib import metadata

    names = ["numpy", "scipy", "scikit-learn", "dit"]
    return ", ".join(f"{name} {metadata.version(name)}" for name in names)


def write(report: Report, path: Path, rounds: int) -> None:
    verdicts = [
        "## Targets",
        "",
        "| claim | measured | met |",
        "|---|---:|:---:|",
        *[f"| {v.claim} | {v.value} | {'yes' if v.met else '**no**'} |" for v in report.verdicts],
    ]
    header = [
        "# mi_helpers benchmark",
        "",
        "Generated by `make bench-helpers` (`benchmarks/helpers_bench.py`); do not edit by hand.",
        "",
        f"- when: {dt.date.today().isoformat()}; machine: {platform.machine()}, "
        f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}",
        f"- libraries: {versions()}",
        f"- method: contenders interleaved in rotating order, {rounds} rounds, median of per-round ratios",
        "  (the machine is shared, so only ratios measured in the same run are evidence)",
        "",
    ]
    path.write_text("\n".join(header + verdicts) + "\n\n" + "\n\n".join(report.sections) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    parser.add_argument("--output", type=Path, default=REPORT)
    args = parser.parse_args(argv)

    if args.quick:
        sizes, rounds, min_seconds, samples, ksg_n, memory_n = [2, 50], 2, 0.001, 10_000, 500, 200
    else:
        sizes, rounds, min_seconds, samples, ksg_n, memory_n = (
            [2, 50, 500, 2000],
            15,
            0.05,
            1_000_000,
            10_000,
            2000,
        )
    report = Report()
    bench_tables(report, sizes, rounds, min_seconds, dit_max=50)
    bench_conditional(report, rounds, min_seconds)
    bench_memory(report, memory_n)
    bench_joint_table(report, samples, max(2, rounds // 5))
    bench_ksg(report, ksg_n, max(3, rounds // 2))
    write(report, args.output, rounds)
    for v in report.verdicts:
        print(f"{'ok ' if v.met else 'MISSED'} {v.claim}: {v.value}")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
