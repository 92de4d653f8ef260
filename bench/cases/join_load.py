"""100 visitors signing up at once with the public form, for a minute, on the real databank.

App (A): `lea-databank serve` in its own process on loopback (SQLite file), sending its
confirmation emails to an SMTP server in this process (aiosmtpd). Each of 100 concurrent
visitors, again and again until the minute is over: opens the form (`GET /join`), takes the
minimum fill time (set to 1 s for the bench: `--join-min-seconds 1`) to fill it in, sends it
(`POST /join`, validated with formkit, held with its consent proof and its email queued; the
databank's outbox sends it after the answer), waits for the email and opens its link
(`GET /join/confirm/<token>`: the follower stored). Floor (B): the same visitors and steps against a bare FastAPI app doing the same work
minimally (`bench/floor_join.py`: form parse and one insert; the link in the answer instead of
an email), under the same load in the same run.

Judged: the 95th percentile of the latency of every request (all three kinds), < 300 ms; the
ratio is A's p95 over B's. How long visitors wait for the email after the answer is noted, not
judged (the floor puts the link in its answer). Afterwards the databank's records are counted: every confirmed
sign-up is exactly one record (by email key) and nothing else was stored; a refused or failed
request is an error, not a figure.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.cases.sync import Server, _free_port
from bench.data import followers
from bench.harness import BenchError, Context, Metric, case, paired, percentile

VISITORS = 100
FILL_SECONDS = 1.0  # the minimum fill time the bench's databank asks for; visitors take it
_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
_LINK = re.compile(r"(https?://\S+/join/confirm/\S+)")
_FLOOR_LINK = re.compile(r"href=(/join/confirm/[^>\s]+)")


class Inbox:
    """The SMTP server's handler: each confirmation link, handed to the visitor awaiting it."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: dict[str, asyncio.Future[str]] = {}
        self.lock = threading.Lock()
        self.received = 0

    def expect(self, address: str) -> asyncio.Future[str]:
        future: asyncio.Future[str] = self.loop.create_future()
        with self.lock:
            self.waiting[address.casefold()] = future
        return future

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(("plain",))
        found = _LINK.search(body.get_content() if body is not None else "")
        with self.lock:
            self.received += 1
            future = self.waiting.pop(str(message["To"]).casefold(), None)
        if future is not None:
            link = found.group(1) if found else ""
            self.loop.call_soon_threadsafe(_settle, future, link)
        return "250 OK"


def _settle(future: asyncio.Future[str], link: str) -> None:
    if not future.done():
        future.set_result(link)


@dataclass
class Load:
    """What one load run measured."""

    latencies: dict[str, list[float]] = field(
        default_factory=lambda: {"form": [], "send": [], "confirm": []}
    )
    mail_waits: list[float] = field(default_factory=list)  # answer → link in hand (not judged)
    confirmed: list[str] = field(default_factory=list)  # email addresses
    seconds: float = 0.0

    def all(self) -> list[float]:
        return [t for values in self.latencies.values() for t in values]


def _form_data(answers: dict[str, Any], public: set[str]) -> list[tuple[str, str]]:
    data: list[tuple[str, str]] = []
    for name, value in answers.items():
        if name not in public:
            continue
        if isinstance(value, list):
            data.extend((name, str(v)) for v in value)
        elif isinstance(value, bool):
            if value:
                data.append((name, "yes"))
        else:
            data.append((name, str(value)))
    return data


async def _load(
    url: str,
    visitors: int,
    seconds: float,
    people: list[dict[str, Any]],
    link_for: Callable[[str, str], Awaitable[str]],
    expect: Callable[[str], Any],
    *,
    keep: bool,
) -> Load:
    """`visitors` visitors signing up in a loop for `seconds` (each finishes the sign-up it
    began); `link_for(page, address)` gives the confirmation link after a sent form."""
    import httpx

    from lea_desktop.formkit import load_form

    public = {f.id for f in load_form().public_fields()}
    result = Load()
    deadline = time.monotonic() + seconds
    supply = iter(people)
    # A connection per request: a kept-alive one idle past the server's keep-alive timeout
    # (5 s, while a visitor fills in the form) may be closed just as it is used again, which a
    # browser retries and httpx reports as an error.
    limits = httpx.Limits(max_connections=visitors, max_keepalive_connections=0)

    async def timed(kind: str, call: Awaitable[Any]) -> Any:
        start = time.perf_counter()
        answer = await call
        took = time.perf_counter() - start
        if keep:
            result.latencies[kind].append(took)
        return answer

    async def visitor(client: httpx.AsyncClient) -> None:
        while time.monotonic() < deadline:
            try:
                answers = next(supply)
            except StopIteration:
                raise BenchError("the bench ran out of generated visitors") from None
            address = str(answers["email"])
            page = await timed("form", client.get("/join", params={"lang": "en"}))
            if page.status_code != 200:
                raise BenchError(f"GET /join answered {page.status_code}")
            token = _TOKEN.search(page.text)
            if token is None:
                raise BenchError("the form has no form token")
            await asyncio.sleep(FILL_SECONDS)  # filling it in
            waiting = expect(address)
            data: dict[str, list[str]] = {"form_token": [html.unescape(token.group(1))]}
            data["lang"] = ["en"]
            for name, value in _form_data(answers, public):
                data.setdefault(name, []).append(value)
            sent = await timed("send", client.post("/join", data=data))
            if sent.status_code != 200:
                raise BenchError(f"POST /join answered {sent.status_code}: {sent.text[-300:]}")
            answered = time.perf_counter()
            try:
                link = await asyncio.wait_for(
                    link_for(sent.text, address) if waiting is None else waiting, 120
                )
            except TimeoutError:
                raise BenchError("a confirmation email did not come within 120 s") from None
            if keep:
                result.mail_waits.append(time.perf_counter() - answered)
            if not link:
                raise BenchError("a confirmation email without a link")
            done = await timed("confirm", client.get(link))
            if done.status_code != 200:
                raise BenchError(f"the confirmation link answered {done.status_code}")
            result.confirmed.append(address)

    started = time.monotonic()
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        await asyncio.gather(*(visitor(client) for _ in range(visitors)))
    result.seconds = time.monotonic() - started
    return result


def _no_email(address: str) -> None:
    return None  # the floor puts the link in its answer


def _count_records(path: str) -> tuple[int, dict[str, int]]:
    """(records, {email key: records with it}) in the databank's file."""
    conn = sqlite3.connect(path)
    try:
        total = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
        keys = dict(conn.execute("SELECT email_key, COUNT(*) FROM records GROUP BY email_key"))
        return int(total), {str(k): int(n) for k, n in keys.items()}
    finally:
        conn.close()


@case(
    "join_load",
    "100 visitors signing up with the public form (/join) for a minute, lea-databank serve",
    floor="the same visitors against a bare FastAPI app: form parse + one insert (uvicorn)",
    order=75,
)
def run(ctx: Context) -> list[Metric]:
    import httpx

    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        raise BenchError("aiosmtpd is not installed (pip install -e '.[test]')") from None

    visitors = ctx.size(VISITORS, VISITORS, smoke=5)
    seconds = float(ctx.size(60, 15, smoke=2))
    warmup = float(ctx.size(5, 3, smoke=1))
    ctx.note(
        f"{visitors} visitors for {seconds:.0f} s each on the databank and on the floor "
        f"(after {warmup:.0f} s of warm-up not measured); {FILL_SECONDS:.0f} s to fill the form"
    )
    # At most one sign-up a second per visitor (the fill time): twice that is plenty.
    per_run = {span: int(visitors * (span + 5) * 2) for span in (warmup, seconds)}
    people = followers(per_run[warmup] + per_run[seconds], seed=ctx.seed)
    slices = {warmup: people[: per_run[warmup]], seconds: people[per_run[warmup] :]}
    path = str(ctx.workdir / "databank-join.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)

    loop = asyncio.new_event_loop()
    inbox = Inbox(loop)
    smtp_port = _free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    env = dict(
        os.environ, LEA_DATABANK_DB=path, BENCH_FLOOR_DB=str(ctx.workdir / "floor-join.sqlite")
    )
    servers: list[Server] = []
    try:
        bank = Server(
            ["-m", "lea_desktop.databank", "serve", "--port", "{port}", "--log-level", "warning",
             "--smtp-url", f"smtp://127.0.0.1:{smtp_port}", "--mail-from", "join@bench.example",
             "--public-url", "http://127.0.0.1:{port}", "--join-min-seconds", str(FILL_SECONDS),
             "--join-limit", "1000000"],
            "/api/v1/health", env, ctx.workdir / "databank-join.log",
        )  # fmt: skip
        servers.append(bank)
        floor_server = Server(
            ["-m", "uvicorn", "bench.floor_join:app", "--port", "{port}", "--log-level",
             "warning", "--no-access-log"],
            "/health", env, ctx.workdir / "floor-join.log",
        )  # fmt: skip
        servers.append(floor_server)

        async def app_link(page: str, address: str) -> str:
            raise AssertionError("the app's link comes by email")

        async def floor_link(page: str, address: str) -> str:
            found = _FLOOR_LINK.search(page)
            return found.group(1) if found else ""

        def app_run(keep: bool, span: float) -> Load:
            return loop.run_until_complete(
                _load(bank.url, visitors, span, slices[span], app_link, inbox.expect, keep=keep)
            )

        def floor_run(keep: bool, span: float) -> Load:
            return loop.run_until_complete(
                _load(
                    floor_server.url, visitors, span, slices[span], floor_link, _no_email, keep=keep
                )
            )

        warm = app_run(False, warmup)
        floor_run(False, warmup)
        app = app_run(True, seconds)
        floor = floor_run(True, seconds)
    except (OSError, ValueError, httpx.HTTPError) as error:  # refused, cut, timed out: no figure
        raise BenchError(f"the load could not run: {type(error).__name__}: {error}") from None
    finally:
        for server in servers:
            server.stop()
        smtp.stop()
        loop.close()

    # Nothing lost, nothing duplicated: every confirmed sign-up is exactly one record.
    total, by_key = _count_records(path)
    confirmed = [a.strip().casefold() for a in warm.confirmed + app.confirmed]
    doubles = [k for k, n in by_key.items() if n != 1]
    if doubles:
        raise BenchError(f"{len(doubles)} email addresses have more than one record")
    if len(set(confirmed)) != len(confirmed):
        raise BenchError("the bench confirmed an address twice (its generated data repeats)")
    if total != len(confirmed) or set(confirmed) != set(by_key):
        raise BenchError(f"{total:,} records for {len(confirmed):,} confirmed sign-ups")
    ctx.note(
        f"databank: {len(app.confirmed):,} sign-ups confirmed in {app.seconds:.0f} s "
        f"({len(app.confirmed) / app.seconds:.1f}/s, {len(app.all()):,} requests); "
        f"{total:,} records in all, each confirmed address exactly once; "
        f"floor: {len(floor.confirmed):,} in {floor.seconds:.0f} s"
    )
    for kind in ("form", "send", "confirm"):
        a = percentile(app.latencies[kind], 95) * 1000
        b = percentile(floor.latencies[kind], 95) * 1000
        ctx.note(f"p95 {kind}: {a:.0f} ms (floor {b:.0f} ms)")
    ctx.note(f"p95 wait for the email after the answer: "
             f"{percentile(app.mail_waits, 95) * 1000:.0f} ms (not judged)")  # fmt: skip
    p95 = percentile(app.all(), 95) * 1000
    floor_p95 = percentile(floor.all(), 95) * 1000
    return [
        paired(
            f"p95 per request, {visitors} visitors (form, send, confirm)",
            "ms",
            [p95],
            [floor_p95],
            max_value=300.0,
            detail=f"{len(app.confirmed):,} sign-ups confirmed, {total:,} records, none doubled",
        )
    ]
