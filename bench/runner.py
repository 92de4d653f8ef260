"""`python -m bench`: run the cases, each in a fresh child process, and report.

Every case runs in its own Python process (`python -m bench --child NAME`), so one case's
imports, caches, Qt application and memory do not colour the next one's figures. The parent
collects each child's metrics, prints them as they come, writes the JSON, and for a full run of
every case rewrites `bench/RESULTS.md`.

Exit status: 0 when every selected case ran (PASS or MISS; with --strict a MISS counts as a
failure), 1 when a case could not run or crashed (ERROR), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from bench import machine
from bench.harness import CASES, BenchError, Context, Metric, fmt

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
RESULTS_MD = ROOT / "bench" / "RESULTS.md"
SCALES = ("full", "quick", "smoke")
# Wall-clock allowance for one case, by scale; a case over it is killed and reported as ERROR.
CASE_TIMEOUT_S = {"full": 1800, "quick": 170, "smoke": 120}


def load_cases() -> None:
    """Import every case module (each registers itself in CASES)."""
    import bench.cases  # noqa: F401


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure LEA Desktop's speed promises, each against its floor (the same work "
        "with the bare library), alternating runs on this machine.",
    )
    p.add_argument(
        "--quick", action="store_true", help="fewer repetitions and smaller data (labelled quick)"
    )
    p.add_argument(
        "--smoke", action="store_true", help=argparse.SUPPRESS
    )  # tiny sizes, for the test suite
    p.add_argument(
        "--only", action="append", metavar="NAME", help="run only this case (repeatable, or a,b)"
    )
    p.add_argument(
        "--json",
        metavar="FILE",
        type=Path,
        help="write the results here (default bench/results/latest.json)",
    )
    p.add_argument("--list", action="store_true", help="list the cases and exit")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target is missed, too")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated data (default 1)")
    p.add_argument("--child", metavar="NAME", help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_cases()
    scale = "smoke" if args.smoke else "quick" if args.quick else "full"
    if args.child:
        return run_child(args.child, scale, args.seed, args.out)
    if args.list:
        for c in CASES.values():
            print(f"{c.name:14} {c.title}" + (f"  [floor: {c.floor}]" if c.floor else ""))
        return 0
    names = [n.strip() for item in (args.only or []) for n in item.split(",") if n.strip()]
    unknown = [n for n in names if n not in CASES]
    if unknown:
        print(
            f"bench: unknown case {', '.join(unknown)}; known: {', '.join(CASES)}", file=sys.stderr
        )
        return 2
    selected = names or list(CASES)
    return run_parent(selected, scale, args)


# --- parent ----------------------------------------------------------------------------------


def run_parent(selected: list[str], scale: str, args: argparse.Namespace) -> int:
    info = machine.describe()
    started = dt.datetime.now(dt.UTC)
    label = {
        "full": "full run",
        "quick": "QUICK run (smaller data, fewer rounds)",
        "smoke": "SMOKE run",
    }[scale]
    print(f"LEA Desktop benchmarks: {label}, {started:%Y-%m-%d %H:%M} UTC", flush=True)
    print(f"  {machine.one_line(info)}; load {info['load_at_start']}", flush=True)
    results = []
    for name in selected:
        results.append(run_one(name, scale, args.seed))
        print_case(results[-1])
    report = {
        "date": started.isoformat(timespec="seconds"),
        "scale": scale,
        "seed": args.seed,
        "machine": info,
        "cases": results,
    }
    out = args.json or RESULTS_DIR / ("latest.json" if scale == "full" else f"latest-{scale}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults: {out}")
    if scale == "full" and selected == list(CASES) and args.json is None:
        RESULTS_MD.write_text(results_markdown(report), encoding="utf-8")
        print(f"table:   {RESULTS_MD}")
    errors = [r["name"] for r in results if r["status"] == "ERROR"]
    misses = [r["name"] for r in results if r["status"] == "MISS"]
    summary = (
        f"{len(results) - len(errors) - len(misses)} pass, {len(misses)} miss, {len(errors)} error"
    )
    print(f"summary: {summary}" + (f" (could not run: {', '.join(errors)})" if errors else ""))
    if errors:
        return 1
    return 1 if (args.strict and misses) else 0


def run_one(name: str, scale: str, seed: int) -> dict[str, Any]:
    """Run one case in a child process and return its result record."""
    c = CASES[name]
    print(f"\n== {name}: {c.title}", flush=True)
    if c.floor:
        print(f"   floor: {c.floor}", flush=True)
    record: dict[str, Any] = {
        "name": name,
        "title": c.title,
        "floor": c.floor,
        "metrics": [],
        "notes": [],
    }
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryDirectory(prefix="lea-bench-out-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [
            sys.executable,
            "-m",
            "bench",
            "--child",
            name,
            "--out",
            str(out),
            "--seed",
            str(seed),
        ]
        if scale != "full":
            cmd.append(f"--{scale}")
        start = time.monotonic()
        try:
            proc = subprocess.run(
                cmd, cwd=ROOT, env=env, timeout=CASE_TIMEOUT_S[scale], check=False
            )
            code: int | None = proc.returncode
        except subprocess.TimeoutExpired:
            code = None
        record["seconds"] = round(time.monotonic() - start, 1)
        data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    record["notes"] = data.get("notes", [])
    if code is None:
        record.update(status="ERROR", error=f"did not finish within {CASE_TIMEOUT_S[scale]} s")
    elif data.get("error") or code != 0 or "metrics" not in data:
        record.update(
            status="ERROR", error=data.get("error") or f"the case process exited with status {code}"
        )
    else:
        record["metrics"] = data["metrics"]
        passed = all(m["status"] == "PASS" for m in data["metrics"])
        record["status"] = "PASS" if passed else "MISS"
    return record


def _stats_text(s: dict[str, Any] | None, unit: str) -> str:
    if not s:
        return "—"
    return f"{fmt(s['median'], unit)} ({_num(s['min'])}–{_num(s['max'])})"


def _num(value: float) -> str:
    return fmt(value, "").strip()


def print_case(record: dict[str, Any]) -> None:
    if record["status"] == "ERROR":
        print(f"   ERROR: {record['error']}", flush=True)
        return
    rows = [
        (
            "metric",
            "app median (min–max)",
            "floor median (min–max)",
            "ratio/judged",
            "target",
            "result",
        )
    ]
    for m in record["metrics"]:
        rows.append(
            (
                m["label"],
                _stats_text(m["app"], m["unit"]),
                _stats_text(m["floor"], m["unit"]),
                f"{m['ratio']:.2f}×" if m["ratio"] is not None else (m.get("judged") or "—"),
                m["target"],
                m["status"],
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("   " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    for m in record["metrics"]:
        if m.get("detail"):
            print(f"   · {m['label']}: {m['detail']}")
    print(f"   ({record['seconds']} s)", flush=True)


def results_markdown(report: dict[str, Any]) -> str:
    """`bench/RESULTS.md`: the machine, the date and one table row per metric."""
    m = report["machine"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`); do not edit by hand. Each promise is measured",
        "against its *floor* — the same work done with the bare library and no app logic — in the",
        "same run on the same machine, alternating app and floor runs (A B A B …). On a shared,",
        "noisy machine absolute times drift; the ratio measured side by side is the figure to read.",
        "",
        f"- Date: {report['date']} (UTC); data seed {report['seed']}",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, load at start "
        f"{' / '.join(str(x) for x in m['load_at_start'])}",
        f"- Software: {m['os']}, Python {m['python']}, PySide6 {m['pyside6']}, SQLite {m['sqlite']}, "
        f"reportlab {m['reportlab']}; commit `{m['commit']}`"
        + (" with uncommitted changes in lea_desktop/" if m.get("uncommitted_changes") else ""),
        "",
        "| benchmark | metric | app median (min–max) | floor median (min–max) | ratio (or judged figure) | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in report["cases"]:
        if r["status"] == "ERROR":
            lines.append(
                f"| {r['name']}: {r['title']} | — | — | — | — | — | **ERROR**: {r['error']} |"
            )
            continue
        for i, metric in enumerate(r["metrics"]):
            first = f"{r['name']}: {r['title']}" if i == 0 else ""
            ratio = (
                f"{metric['ratio']:.2f}×"
                if metric["ratio"] is not None
                else (metric.get("judged") or "—")
            )
            result = metric["status"] if metric["status"] == "PASS" else f"**{metric['status']}**"
            lines.append(
                f"| {first} | {metric['label']} | {_stats_text(metric['app'], metric['unit'])} | "
                f"{_stats_text(metric['floor'], metric['unit'])} | {ratio} | {metric['target']} | {result} |"
            )
    lines += ["", "## Floors and notes", ""]
    for r in report["cases"]:
        bits = [f"floor: {r['floor']}"] if r["floor"] else ["no floor (absolute target)"]
        bits += [d for d in (x.get("detail") for x in r["metrics"]) if d]
        bits += r.get("notes", [])
        lines.append(f"- **{r['name']}** — " + "; ".join(bits) + ".")
    return "\n".join(lines) + "\n"


# --- child -----------------------------------------------------------------------------------


def run_child(name: str, scale: str, seed: int, out: Path | None) -> int:
    """Run one case in this process and write its metrics (or its error) to `out` as JSON."""
    if name not in CASES or out is None:
        print(f"bench: bad child invocation {name!r}", file=sys.stderr)
        return 2
    result: dict[str, Any] = {}
    code = 0
    with tempfile.TemporaryDirectory(prefix=f"lea-bench-{name}-") as tmp:
        ctx = Context(quick=scale != "full", workdir=Path(tmp), seed=seed, smoke=scale == "smoke")
        if scale != "full":
            ctx.note(f"{scale} scale: smaller data and fewer rounds than the full run")
        try:
            metrics: list[Metric] = CASES[name].run(ctx)
            if not metrics:
                raise BenchError("the case measured nothing")
            result["metrics"] = [m.to_json() for m in metrics]
        except BenchError as exc:
            result["error"] = str(exc)
            print(f"    cannot run: {exc}", file=sys.stderr)
            code = 3
        except Exception as exc:
            traceback.print_exc()
            result["error"] = f"crashed: {type(exc).__name__}: {exc}"
            code = 4
        result["notes"] = ctx.notes
    out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return code
