"""Sync of 10,000 queued records to a databank on loopback, and the GUI's longest stall meanwhile.

App (A): a laptop store that synced once before (its directory of the consortium's followers
current) with 10,000 followers waiting in the outbox, its main window shown, and
`sync.engine.push_all` run the way the GUI runs background work (`ui.workers.run_in_background`,
a pool thread with its own database connection) against the real databank (`lea-databank serve`,
uvicorn subprocess on 127.0.0.1, SQLite file): health check, batches of the app's default size,
each answer checked and applied to the outbox. Floor (B): the same JSON batch bodies, made from
the same records beforehand, posted with a bare `httpx.Client` from the same kind of pool thread
to a bare FastAPI endpoint that inserts them (`bench/floor_databank.py`, uvicorn subprocess).
When the main window has the GUI's sync controller, the app's run is that controller's own
background sync ("Sync now": `usecases.syncing.sync_once`, whose push is `push_all`'s); otherwise
`push_all` on the GUI's worker helper.

Rate = records / seconds from the start of the background task to its result on the GUI thread;
target: the app's rate ≥ 0.5× the floor's. While each runs, a 2 ms timer on the GUI thread
records when it fires; the longest gap between two ticks is that sync's event-loop stall; the
median over the rounds must be < 50 ms.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.cases import gui
from bench.cases.common import new_home, open_store, populate
from bench.harness import BenchError, Context, Metric, absolute, case, paired

ROOT = Path(__file__).resolve().parents[2]
STALL_MS = 50.0
TICK_MS = 2
DEADLINE_S = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A uvicorn subprocess on 127.0.0.1, waited for until it answers `health_path`."""

    def __init__(self, args: list[str], health_path: str, env: dict[str, str], log: Path) -> None:
        import httpx

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "ab") as fh:
            self.proc = subprocess.Popen(
                [sys.executable, *[a.replace("{port}", str(self.port)) for a in args]],
                cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{args[1]} exited at start: {log.read_text()[-500:]}")
            try:
                if httpx.get(self.url + health_path, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise BenchError(f"{args[1]} did not answer on {self.url}{health_path} within 60 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def _run_in_gui(start_work: Any) -> tuple[Any, float, float, float]:
    """Start background work with `start_work(done, failed)` while the GUI's event loop runs;
    return (result, seconds to the result on the GUI thread, longest gap between timer ticks,
    longest full garbage collection meanwhile)."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    box: dict[str, Any] = {}

    def done(result: Any) -> None:
        box["result"] = result
        box["end"] = time.perf_counter()
        loop.quit()

    def failed(error: BaseException) -> None:
        box["error"] = error
        loop.quit()

    # Full garbage collections hold the GIL whichever thread runs them: record them, so the
    # report can say how much of the stall they explain.
    collections: list[float] = []

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                on_gc.started = time.perf_counter()  # type: ignore[attr-defined]
            else:
                collections.append(time.perf_counter() - on_gc.started)  # type: ignore[attr-defined]

    timer.start()
    start = time.perf_counter()
    ticks.append(start)
    gc.callbacks.append(on_gc)
    try:
        start_work(done, failed)
        guard = QTimer(singleShot=True, interval=DEADLINE_S * 1000)
        guard.timeout.connect(lambda: failed(TimeoutError(f"no result within {DEADLINE_S} s")))
        guard.start()
        loop.exec()
        guard.stop()
    finally:
        gc.callbacks.remove(on_gc)
    timer.stop()
    if "error" in box:
        raise BenchError(
            f"the background work failed: {type(box['error']).__name__}: {box['error']}"
        )
    ticks.append(box["end"])
    stall = max(b - a for a, b in itertools.pairwise(ticks))
    return box["result"], box["end"] - start, stall, max(collections, default=0.0)


def _floor_bodies(store: Any, batch_size: int) -> list[str]:
    """The JSON bodies the app sends for the queued registrations, made once, not timed.

    Kept as JSON text: 10,000 records as dicts would be ~300,000 objects the garbage collector
    walks during the app's sync, a stall the app itself would not have. The floor decodes each
    body and httpx encodes it again, as the app reads records from SQLite and encodes them."""
    from lea_desktop.storage import sync_queue
    from lea_desktop.sync import protocol
    from lea_desktop.sync.engine import _wire_record

    device = store.device_id
    bodies, after = [], 0
    while rows := sync_queue.next_batch(
        store.db, "registration", after_seq=after, limit=batch_size
    ):
        after = rows[-1].seq
        wire = [_wire_record(r.data or {}, device) for r in rows if r.data is not None]
        bodies.append(json.dumps(protocol.record_batch(device, wire), ensure_ascii=False))
    return bodies


@case(
    "sync",
    "sync of 10,000 queued records to a local databank over loopback (the GUI's sync, sync.engine)",
    floor="httpx posting the same JSON batches to a bare FastAPI endpoint that inserts them (uvicorn)",
    order=60,
)
def run(ctx: Context) -> list[Metric]:
    # Tokens go to the data home's private file, never to this machine's keyring.
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    try:
        from lea_desktop.sync import credentials
        from lea_desktop.sync.client import DatabankClient, SyncLimits
        from lea_desktop.sync.engine import push_all
        from lea_desktop.usecases.syncing import sync_once
    except ImportError as exc:
        raise BenchError(f"the sync engine cannot be imported: {exc}") from exc
    import httpx

    from lea_desktop.storage import settings
    from lea_desktop.ui.workers import run_in_background

    n = ctx.size(10_000, 10_000, smoke=300)
    rounds = ctx.size(4, 1, smoke=1)
    limits = SyncLimits(deadline=600)
    env = dict(os.environ, BENCH_FLOOR_DB=str(ctx.workdir / "floor-databank.sqlite"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    bank_db = str(ctx.workdir / "databank.sqlite")

    def new_token(name: str) -> str:
        """A token of its own for each round's laptop: a token speaks for one device id."""
        made = subprocess.run(
            [sys.executable, "-m", "lea_desktop.databank", "token", "create", name, "--db", bank_db],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if made.returncode != 0 or not made.stdout.strip():
            raise BenchError(f"lea-databank token create failed: {made.stderr.strip()[-300:]}")
        return made.stdout.strip().splitlines()[-1].strip()

    bank = Server(
        ["-m", "lea_desktop.databank", "serve", "--db", bank_db, "--port", "{port}", "--log-level", "warning"],
        "/api/v1/health", env, ctx.workdir / "databank.log",
    )  # fmt: skip
    try:
        floor_server = Server(
            ["-m", "uvicorn", "bench.floor_databank:app", "--port", "{port}", "--log-level", "warning"],
            "/health", env, ctx.workdir / "floor.log",
        )  # fmt: skip
    except BenchError:
        bank.stop()
        raise
    app = gui.application()
    apps: list[float] = []
    floors: list[float] = []
    how = ""
    stalls: list[float] = []
    floor_stalls: list[float] = []
    gc_pauses: list[float] = []
    try:
        for i in range(rounds + 1):  # round 0 warms both servers and the client; not kept
            store, event = open_store(new_home(ctx.workdir, f"laptop{i}"))
            settings.set_value(store.db, "databank.url", bank.url)
            token = new_token(f"bench-laptop-{i}")
            credentials.save_token(store.home, token)
            # The laptop synced once before the fair (untimed): its directory holds the
            # earlier rounds' followers, as a laptop in use holds the consortium's. The first
            # pull of a large directory is the `directory` case's to measure.
            before = sync_once(store, DatabankClient(bank.url, token, limits=limits))
            if not before.complete:
                raise BenchError(f"the sync before the fair failed: {before.summary()}")
            populate(store, event.id, n, seed=ctx.seed + i)
            bodies = _floor_bodies(store, limits.batch_size)
            window = gui.main_window(store)
            controller = getattr(window.context, "sync", None)
            if controller is not None:
                # The GUI's own background sync, started as "Sync now" starts it. Its timers
                # (first sync 5 s after start, then every minute) are stopped so that no
                # automatic cycle runs during the floor's turn.
                for name in ("timer", "_soon"):
                    t = getattr(controller, name, None)
                    if t is not None:
                        t.stop()

                def start_app(done: Any, failed: Any, controller: Any = controller) -> None:
                    controller.finished.connect(done)
                    task = controller.sync_now()
                    if task is None:
                        failed(BenchError("the GUI's sync controller did not start a sync"))
                    else:
                        task.failed.connect(failed)

                how = "the GUI's background sync (SyncController.sync_now → usecases.syncing.sync_once)"
            else:

                def start_app(
                    done: Any,
                    failed: Any,
                    window: Any = window,
                    store: Any = store,
                    token: str = token,
                ) -> None:
                    def op(job: Any) -> Any:
                        return push_all(job.store, DatabankClient(bank.url, token, limits=limits))

                    run_in_background(window, op, done, failed, store=store, label="bench sync")

                how = "sync.engine.push_all on the GUI's worker helper (no sync controller found)"
            ctx.log(
                f"round {i}: {len(gc.get_objects()):,} objects tracked by the GC before the sync"
            )
            report, seconds, stall, app_gc = _run_in_gui(start_app)
            if controller is not None:
                controller.finished.disconnect()
            if report.accepted != n or report.pending or report.rejected:
                raise BenchError(f"the sync did not deliver all {n:,} records: {report.summary()}")

            def floor_op(job: Any, bodies: list = bodies) -> int:
                sent = 0
                with httpx.Client(base_url=floor_server.url, timeout=60) as client:
                    for body in bodies:
                        answer = client.post("/batch", json=json.loads(body))
                        answer.raise_for_status()
                        sent += sum(o["status"] == "accepted" for o in answer.json()["outcomes"])
                return sent

            def start_floor(
                done: Any, failed: Any, window: Any = window, op: Any = floor_op
            ) -> None:
                run_in_background(window, op, done, failed, label="bench floor")

            sent, floor_seconds, floor_stall, _gc = _run_in_gui(start_floor)
            if sent != n:
                raise BenchError(f"the floor delivered {sent} of {n} records")
            window.close()
            app.processEvents()
            store.close()
            if i:
                apps.append(n / seconds)
                floors.append(n / floor_seconds)
                stalls.append(stall * 1000)
                floor_stalls.append(floor_stall * 1000)
                gc_pauses.append(app_gc * 1000)
            ctx.log(
                f"round {i}: app {n / seconds:,.0f} records/s, floor {n / floor_seconds:,.0f} records/s"
            )
    finally:
        bank.stop()
        floor_server.stop()
    return [
        paired(
            f"{n:,} records",
            "records/s",
            apps,
            floors,
            min_ratio=0.5,
            detail=f"app: {how}; {rounds} rounds after a warm-up round",
        ),
        absolute(
            "longest GUI event-loop stall during the sync",
            "ms",
            stalls,
            below=STALL_MS,
            stat="median",  # of each sync's longest stall: the machine is shared, one sync is noisy
            detail=(
                f"{TICK_MS} ms timer on the GUI thread; the same stall while the floor's bare "
                f"httpx client ran in the same kind of thread: median "
                f"{statistics.median(floor_stalls):.1f} ms, max {max(floor_stalls):.1f} ms; longest "
                f"full garbage collection during the app's sync (it holds the GIL): median "
                f"{statistics.median(gc_pauses):.1f} ms, max {max(gc_pauses):.1f} ms"
            ),
        ),
    ]
