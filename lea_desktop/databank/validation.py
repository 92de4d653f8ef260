"""The databank's validation workers: a record batch prepared on another core.

Preparing a batch (decoding its JSON, checking each record's shape, hashing it, validating its
answers with email-validator and phonenumbers, making its row) is most of the CPU a batch costs
and holds the interpreter lock. `lea-databank serve` owns a small pool of worker processes for
as long as it serves; each batch's body goes to one of them (bytes: nothing to encode) while the
server's own process goes on reading requests and storing the batch prepared before. What comes
back is the same as preparing in the server, `repo.prepare_body` on the same `forms/`: a
named tuple and a row of strings per record, cheap to send (~1.5 us a record, where sending
parsed records back would cost ~13). `formkit/batch.py`'s pool (a CSV import) lives for one
import and takes answer sets in file order; this one lives as long as the server and takes
whole request bodies as they come: the same kind of pool (spawn), not the same code.

When the pool cannot start, the server validates in its own process and says so in its log.
When a worker dies (killed, out of memory), the batch it held is checked in the server's
process, and a new pool is started in the background: always, however often workers die, but
after a pause that doubles with each death in a row (`RESTART_PAUSE` up to `MAX_RESTART_PAUSE`)
so that something killing every worker cannot keep the server busy starting them. A batch the
worker refuses or fails on (an exception, not a death) is answered from it: the pool stays.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from lea_desktop.databank import repo

log = logging.getLogger("lea_desktop.databank")

RESTART_PAUSE = 0.5  # seconds before a new pool starts after a worker died; doubled each time
MAX_RESTART_PAUSE = 60.0
HEALTHY_AFTER = 300.0  # seconds a pool ran without a death: the next pause is short again
# Bodies smaller than this (about 8 records) are prepared in the server's process: the round
# trip to a worker (~250 us) costs more than their validation.
SMALL_BODY = 8_000
START_TIMEOUT = 120  # seconds for the workers to start and load the forms


def default_workers() -> int:
    """Worker processes by default: one per core but one, which the server's own process needs
    for HTTP, JSON and storing (none on a one-core machine; at most 4)."""
    return max(0, min((os.cpu_count() or 1) - 1, 4))


def _worker_start() -> None:
    """Runs first in each worker process."""
    # Ctrl+C reaches the whole process group: the server stops its workers itself, in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A server killed outright (SIGKILL, out of memory) cannot stop its workers: each one leaves
    # as soon as the server is gone, never lingering on its own.
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()
    os._exit(0)


def _warm() -> int:
    """Load the forms and validators in a worker; its process id, after a pause so that each
    worker gets one of these calls."""
    repo.warm_up()
    # What is loaded now lives as long as the worker: out of the garbage collector's sight, as
    # in the server (`app._settle_heap`); a batch's own objects are still collected.
    gc.collect()
    gc.freeze()
    time.sleep(0.1)
    return os.getpid()


class ValidationPool:
    """Worker processes preparing record batches, started with the app and stopped with it.

    `workers=0`: no processes; `running` stays False and the caller validates itself."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.restarts = 0  # pools started after a worker died
        self._pause = RESTART_PAUSE
        self._started_at = 0.0
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._stop = threading.Event()
        self._restarting: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._pool is not None

    def start(self) -> None:
        """Start the workers and wait until each has loaded the forms; on failure, log it and
        leave validation to the server's own process."""
        if self.workers < 1:
            return
        pool: ProcessPoolExecutor | None = None
        try:
            # "spawn": a fresh interpreter per worker, nothing copied from the server's threads
            # (or its frozen heap). Bounded memory: a worker holds the forms and one batch.
            pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_worker_start,
            )
            # Start and warm every worker now (imports, forms), not on the first laptop's batch.
            seen: set[int] = set()
            deadline = time.monotonic() + START_TIMEOUT
            while len(seen) < self.workers:
                if time.monotonic() > deadline:
                    raise TimeoutError
                warm = [pool.submit(_warm) for _ in range(self.workers)]
                seen.update(future.result(timeout=START_TIMEOUT) for future in warm)
        except Exception as exc:  # any failure means "validate in the server process"
            log.warning(
                "validating answers in the server process: worker processes unavailable (%s)",
                type(exc).__name__,
            )
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            return
        with self._lock:
            if not self._closed:
                self._pool, pool = pool, None
                self._started_at = time.monotonic()
        if pool is not None:  # the server stopped meanwhile
            pool.shutdown(wait=True, cancel_futures=True)
            return
        log.info("validating answers in %d worker process(es)", self.workers)

    def wants(self, body: bytes) -> bool:
        """Whether `prepare` should take this body: the pool runs and the body is not small."""
        return self._pool is not None and len(body) >= SMALL_BODY

    async def prepare(self, body: bytes, max_batch: int) -> repo.PreparedBatch | None:
        """`repo.prepare_body(body, max_batch)` in a worker (its `BatchRefused` raised here);
        None when the pool is not running or broke on the way (the caller then prepares the
        batch in its own process)."""
        pool = self._pool
        if pool is None:
            return None
        try:
            future = pool.submit(repo.prepare_body, body, max_batch)
        except (BrokenProcessPool, RuntimeError) as exc:
            # RuntimeError: submitted while the pool is shutting down with the server.
            self._broken(pool, exc)
            return None
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool as exc:  # a worker died; an exception it raised comes as is
            self._broken(pool, exc)
            return None

    def _broken(self, pool: ProcessPoolExecutor, exc: BaseException) -> None:
        """A worker died: drop the pool, and start a new one in the background, after a pause
        (the server validates in its own process meanwhile)."""
        with self._lock:
            if self._pool is not pool or self._closed:
                return  # another batch saw it first, or the server is stopping
            self._pool = None
            if time.monotonic() - self._started_at > HEALTHY_AFTER:
                self._pause = RESTART_PAUSE
            pause, self._pause = self._pause, min(self._pause * 2, MAX_RESTART_PAUSE)
            self.restarts += 1
            self._restarting = threading.Thread(
                target=self._restart, args=(pause,), name="validation-restart", daemon=True
            )
        pool.shutdown(wait=False, cancel_futures=True)
        log.warning(
            "a validation worker stopped (%s); validating in the server process until new "
            "workers have started (in %.1f s)",
            type(exc).__name__,
            pause,
        )
        self._restarting.start()

    def _restart(self, pause: float) -> None:
        if not self._stop.wait(pause):  # the server may stop during the pause
            self.start()

    def close(self) -> None:
        """Stop the workers and wait for them: no process outlives the server."""
        with self._lock:
            self._closed = True
            pool, self._pool = self._pool, None
            restarting = self._restarting
        self._stop.set()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if restarting is not None:
            restarting.join()  # a pool started meanwhile is stopped by `start` itself
