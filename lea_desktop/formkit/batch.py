"""Validating many answer sets at once, on every core (a 100,000-row import).

Validation is pure Python (email-validator, phonenumbers) and holds the interpreter lock, so a
thread cannot speed it up; separate processes can. `validate_rows` hands chunks of rows to a small
pool of worker processes and yields the results in the input's order, a few chunks ahead, so the
caller builds and stores rows while the workers check the next ones. Small inputs, a form that is
not one of `forms/*.toml`, or a machine where worker processes cannot start are validated in this
process instead, with the same results.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any

from lea_desktop.formkit.loader import load_form
from lea_desktop.formkit.model import Form
from lea_desktop.formkit.validate import validate

log = logging.getLogger("lea_desktop.formkit.batch")

CHUNK = 2000
AHEAD = 4  # chunks in flight: enough to keep the workers busy, bounded memory

# (line number, answers) in; (line number, cleaned answers or None, errors) out.
Row = tuple[int, dict[str, Any]]
Checked = tuple[int, dict[str, Any] | None, dict[str, str]]


def _check(form: Form, rows: list[Row]) -> list[Checked]:
    out: list[Checked] = []
    for number, answers in rows:
        result = validate(form, answers)
        out.append((number, result.cleaned if result.ok else None, result.errors))
    return out


def _check_chunk(form_id: str, rows: list[Row]) -> list[Checked]:
    """Runs in a worker process: the form is loaded there from `forms/` by its id."""
    return _check(load_form(form_id), rows)


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    it = iter(rows)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _workers() -> int:
    return min(4, os.cpu_count() or 1)


def validate_rows(
    form: Form, rows: Iterable[Row], *, parallel: bool | None = None
) -> Iterator[Checked]:
    """Validate `(line, answers)` pairs, yielding `(line, cleaned or None, errors)` in order.

    `parallel=None` decides by itself: worker processes once the input proves longer than one
    chunk, on a machine with more than one core, for a form loaded from `forms/`.
    """
    chunks = _chunks(rows)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if parallel is None:
        parallel = second is not None and _workers() > 1 and _is_shipped(form)
    pending = [first] if second is None else [first, second]
    if not parallel:
        for chunk in (*pending, *chunks):
            yield from _check(form, chunk)
        return
    yield from _in_pool(form, pending, chunks)


def _is_shipped(form: Form) -> bool:
    try:
        return load_form(form.id) == form
    except (OSError, KeyError, ValueError):
        return False


def _in_pool(
    form: Form, pending: list[list[Row]], chunks: Iterator[list[Row]]
) -> Iterator[Checked]:
    # "spawn": a fresh interpreter per worker. Forking a process that runs Qt and SQLite threads
    # (the GUI imports on a worker thread) can copy a held lock into the child.
    context = multiprocessing.get_context("spawn")
    try:
        pool = ProcessPoolExecutor(max_workers=_workers(), mp_context=context)
    except (OSError, ValueError, NotImplementedError) as exc:
        log.warning(
            "validating in this process: worker processes unavailable (%s)", type(exc).__name__
        )
        for chunk in (*pending, *chunks):
            yield from _check(form, chunk)
        return
    in_flight: deque[tuple[list[Row], Future[list[Checked]]]] = deque()
    broken = False
    try:
        for chunk in _chain(pending, chunks):
            if not broken:
                try:
                    in_flight.append((chunk, pool.submit(_check_chunk, form.id, chunk)))
                except BrokenProcessPool:
                    broken = True
                    log.warning("validation workers stopped; checking the rest in this process")
            if broken:
                while in_flight:  # keep the input's order
                    yield from _result(form, *in_flight.popleft())
                yield from _check(form, chunk)
            elif len(in_flight) >= AHEAD:
                yield from _result(form, *in_flight.popleft())
        while in_flight:
            yield from _result(form, *in_flight.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chain(first: list[list[Row]], rest: Iterator[list[Row]]) -> Iterator[list[Row]]:
    yield from first
    yield from rest


def _result(form: Form, chunk: list[Row], future: Future[list[Checked]]) -> list[Checked]:
    """A chunk's results; if the worker died (killed, out of memory), check it here instead."""
    try:
        return future.result()
    except BrokenProcessPool:
        log.warning("a validation worker stopped; checking its rows in this process")
        return _check(form, chunk)
