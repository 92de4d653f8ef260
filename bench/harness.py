"""The measuring machinery: cases, alternating app/floor runs, statistics and verdicts.

A *case* is one speed promise. It measures the app doing the work (A) and, where the promise is
a ratio, the *floor* (B): the same work with the bare library and no app logic, in the same
process on the same machine, alternating A B A B … so that drift in machine load hits both
alike. Each case returns `Metric`s: median, min and max of A and of B, the median of the paired
ratios A/B, the target and PASS or MISS.

A case that cannot run raises `BenchError` with a sentence saying why; the runner reports it as
ERROR and exits non-zero. Nothing is ever estimated or filled in.
"""

from __future__ import annotations

import gc
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


class BenchError(RuntimeError):
    """The case cannot run (missing product code, a server that did not start …): say why."""


@dataclass(frozen=True)
class Stats:
    """Median, min and max of a list of samples (in the metric's unit)."""

    median: float
    min: float
    max: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Stats:
        if not values:
            raise BenchError("no samples were measured")
        return cls(statistics.median(values), min(values), max(values), len(values))


@dataclass
class Metric:
    """One measured figure of a case and its verdict."""

    label: str
    unit: str  # "ms", "s", "MB", "records/s"
    app: Stats
    floor: Stats | None
    ratio: float | None  # median of paired app/floor ratios (None: no floor)
    target: str  # as a person reads it: "≤ 3× floor", "< 30 ms"
    passed: bool
    detail: str = ""
    judged: str = ""  # for a metric without a floor: the figure the target judged ("p99 12 ms")

    @property
    def status(self) -> str:
        return "PASS" if self.passed else "MISS"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Metric:
        data = dict(data)
        data.pop("status", None)
        data["app"] = Stats(**data["app"])
        data["floor"] = Stats(**data["floor"]) if data["floor"] else None
        return cls(**data)


@dataclass
class Context:
    """What a case is given: quick or full, a scratch folder, the data seed, a logger."""

    quick: bool
    workdir: Path
    seed: int = 1
    smoke: bool = (
        False  # tiny sizes: proves the harness runs (the test suite), figures mean nothing
    )
    notes: list[str] = field(default_factory=list)

    def size(self, full: int, quick: int, smoke: int | None = None) -> int:
        """The full figure, the smaller quick one, or a tiny smoke one (default quick // 10)."""
        if self.smoke:
            return smoke if smoke is not None else max(1, quick // 10)
        return quick if self.quick else full

    def log(self, message: str) -> None:
        print(f"    {message}", file=sys.stderr, flush=True)

    def note(self, message: str) -> None:
        """A remark printed and stored with the case (e.g. the scale used in quick mode)."""
        self.notes.append(message)
        self.log(message)


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    floor: str  # what the floor is, in words ("" when the target is absolute)
    run: Callable[[Context], list[Metric]]
    order: int


CASES: dict[str, Case] = {}


def case(
    name: str, title: str, floor: str = "", *, order: int
) -> Callable[[Callable[[Context], list[Metric]]], Any]:
    """Register a benchmark case under `name` (the `--only` name); `order` places it in runs
    and reports (lower first)."""

    def register(fn: Callable[[Context], list[Metric]]) -> Callable[[Context], list[Metric]]:
        if name in CASES:
            raise ValueError(f"duplicate case {name}")
        CASES[name] = Case(name, title, floor, fn, order)
        ordered = sorted(CASES.values(), key=lambda c: c.order)
        CASES.clear()
        CASES.update((c.name, c) for c in ordered)
        return fn

    return register


# --- timing ----------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> float:
    """Seconds `fn()` takes (after a garbage collection, so one run's garbage is not the next's)."""
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternate(
    app: Callable[[int], Any],
    floor: Callable[[int], Any],
    rounds: int,
    *,
    warmup: int = 1,
) -> tuple[list[Any], list[Any]]:
    """Run app(i), floor(i), app(i+1), floor(i+1) … and return both result lists.

    Each callable gets the round number and returns its measurement (seconds, or a list of
    per-operation seconds, or a rate). The first `warmup` rounds are run but not returned
    (imports, caches, the first fsync of a new file).
    """
    apps: list[Any] = []
    floors: list[Any] = []
    for i in range(warmup + rounds):
        a = app(i)
        b = floor(i)
        if i >= warmup:
            apps.append(a)
            floors.append(b)
    return apps, floors


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100), nearest-rank: a value that was really measured."""
    if not values:
        raise BenchError("no samples were measured")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def paired(
    label: str,
    unit: str,
    app: Sequence[float],
    floor: Sequence[float],
    *,
    max_ratio: float | None = None,
    min_ratio: float | None = None,
    max_value: float | None = None,
    detail: str = "",
) -> Metric:
    """A metric with a floor: ratio = median of app[i]/floor[i] over the alternating pairs.

    `max_ratio` (time-like: app may be at most so many times the floor), `min_ratio` (rate-like:
    app must reach at least that share of the floor's rate) and `max_value` (an absolute bound
    on the app's median) may be combined; all given must hold for PASS.
    """
    if len(app) != len(floor):
        raise BenchError(f"{label}: {len(app)} app samples but {len(floor)} floor samples")
    if any(b <= 0 for b in floor):
        raise BenchError(f"{label}: the floor measured zero; the case is too small to time")
    ratios = [a / b for a, b in zip(app, floor, strict=True)]
    ratio = statistics.median(ratios)
    app_stats = Stats.of(app)
    checks: list[tuple[str, bool]] = []
    if max_ratio is not None:
        checks.append((f"≤ {max_ratio:g}× floor", ratio <= max_ratio))
    if min_ratio is not None:
        checks.append((f"≥ {min_ratio:g}× floor", ratio >= min_ratio))
    if max_value is not None:
        checks.append((f"< {fmt(max_value, unit)}", app_stats.median < max_value))
    return Metric(
        label=label,
        unit=unit,
        app=app_stats,
        floor=Stats.of(floor),
        ratio=ratio,
        target=", ".join(c[0] for c in checks),
        passed=all(c[1] for c in checks),
        detail=detail,
    )


def absolute(
    label: str,
    unit: str,
    samples: Sequence[float],
    *,
    below: float,
    stat: str = "median",
    detail: str = "",
) -> Metric:
    """A metric without a floor: `stat` of the samples ("median", "max" or a percentile such as
    "p99") must be below `below`; the judged figure is shown where a ratio would be."""
    stats = Stats.of(samples)
    value = percentile(samples, float(stat[1:])) if stat.startswith("p") else getattr(stats, stat)
    target = ("" if stat == "median" else f"{stat} ") + f"< {fmt(below, unit)}"
    return Metric(
        label,
        unit,
        stats,
        None,
        None,
        target,
        value < below,
        detail,
        judged=f"{stat} {fmt(value, unit)}",
    )


def fmt(value: float, unit: str) -> str:
    """A figure with a sensible number of digits for its size."""
    if unit == "records/s":
        return f"{value:,.0f} {unit}"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}"
