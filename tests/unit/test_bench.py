"""The benchmark harness (bench/) works: data it generates is valid, a case that cannot run is
reported as an error (never a figure), and `python -m bench` runs a case end to end.

No timing is asserted here: the figures belong to `make bench`, on a quiet machine.
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def bench_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))


def test_generated_followers_pass_the_form_and_follow_table_1() -> None:
    """Generated rows validate, have unique e-mails, repeat for a seed and follow the seed's spread."""
    from bench.data import TABLE_1, followers
    from lea_desktop.formkit import load_form, validate

    form = load_form()
    rows = followers(3000, seed=7)
    assert rows == followers(3000, seed=7)
    assert rows != followers(3000, seed=8)
    assert all(set(r) == set(form.field_ids()) for r in rows)
    bad = [(r, validate(form, r).errors) for r in rows if not validate(form, r).ok]
    assert not bad, bad[:2]
    assert len({r["email"].casefold() for r in rows}) == len(rows)
    by_country = collections.Counter(r["country"] for r in rows)
    assert by_country.most_common(1)[0][0] == "FI"  # 88 of 282 in Table 1
    assert set(by_country) <= set(TABLE_1)
    share_fi = by_country["FI"] / len(rows)
    assert 0.27 < share_fi < 0.36, share_fi
    assert all(r["types"] for r in rows)


def test_generated_csv_imports_cleanly(store, event, tmp_path: Path) -> None:
    """`bench.data.write_csv` writes what the importer reads: every row saved, none rejected."""
    from bench.data import followers, write_csv
    from lea_desktop.formkit import load_form
    from lea_desktop.usecases.csv_import import import_csv

    form = load_form()
    path = write_csv(tmp_path / "f.csv", followers(200, seed=3), form=form)
    report = import_csv(store, path, form=form, event_id=event.id)
    assert (report.saved, report.rejected) == (200, 0)


def test_statistics_and_verdicts() -> None:
    """Percentiles are measured values; ratios are paired medians; targets decide PASS/MISS."""
    from bench.harness import BenchError, absolute, paired, percentile

    assert percentile([5, 1, 4, 2, 3], 50) == 3
    assert percentile(list(range(1, 101)), 99) == 99
    m = paired("x", "ms", [2.0, 3.0, 9.0], [1.0, 1.0, 1.0], max_ratio=3)
    assert m.ratio == 3.0 and m.passed and m.app.max == 9.0
    assert not paired("x", "ms", [4.0], [1.0], max_ratio=3).passed
    assert paired("r", "records/s", [60.0], [100.0], min_ratio=0.5).passed
    assert not absolute("y", "ms", [10, 20, 40], below=30, stat="p99").passed
    assert absolute("y", "ms", [10, 20, 40], below=30).passed  # median
    with pytest.raises(BenchError):
        paired("z", "ms", [1.0], [0.0], max_ratio=2)


def test_a_case_that_cannot_run_is_an_error_not_a_figure(tmp_path: Path) -> None:
    """A case raising BenchError yields an error record and a non-zero status, no metrics."""
    from bench import runner
    from bench.harness import CASES, BenchError, case

    @case("_broken_for_test", "a case whose product code is missing", order=999)
    def broken(ctx):
        raise BenchError("lea_desktop.something has no render function")

    try:
        out = tmp_path / "child.json"
        code = runner.run_child("_broken_for_test", "smoke", 1, out)
        data = json.loads(out.read_text())
    finally:
        CASES.pop("_broken_for_test")
    assert code != 0
    assert "metrics" not in data
    assert data["error"] == "lea_desktop.something has no render function"


def test_python_m_bench_runs_a_case_end_to_end(tmp_path: Path) -> None:
    """`python -m bench --only save --smoke --json F` exits 0 and writes measured metrics."""
    out = tmp_path / "r.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "save", "--smoke", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    assert report["scale"] == "smoke"
    (result,) = report["cases"]
    assert result["name"] == "save" and result["status"] in ("PASS", "MISS")
    labels = [m["label"] for m in result["metrics"]]
    assert labels == ["p50 per save", "p99 per save"]
    for m in result["metrics"]:
        assert m["app"]["median"] > 0 and m["floor"]["median"] > 0 and m["ratio"] > 0
    assert "save" in done.stdout and "summary:" in done.stdout


def test_unknown_case_is_a_usage_error() -> None:
    """Asking for a case that does not exist names the known ones and exits 2."""
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "nope"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "unknown case nope" in done.stderr and "save" in done.stderr


def test_the_sign_up_load_case_runs_and_counts_every_record(tmp_path: Path) -> None:
    """`python -m bench --only join_load --smoke`: visitors sign up on a real databank and on
    the floor; the case counts the records (one per confirmed address) and reports a p95."""
    out = tmp_path / "r.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "join_load", "--smoke", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (result,) = json.loads(out.read_text())["cases"]
    assert result["name"] == "join_load" and result["status"] in ("PASS", "MISS")
    (metric,) = result["metrics"]
    assert metric["label"].startswith("p95 per request")
    assert metric["app"]["median"] > 0 and metric["floor"]["median"] > 0
    assert "none doubled" in metric["detail"]
    assert "each confirmed address exactly once" in done.stdout + done.stderr
