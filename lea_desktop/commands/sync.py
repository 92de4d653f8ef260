"""Sync commands: login, logout, sync, queue, reconcile.

Exit status of `lea-desktop sync` (also documented in docs/sync.md):
0 nothing left waiting · 2 not set up (no address, not logged in, or a plain http:// address
not allowed) · 3 could not finish (offline, captive portal, certificate not trusted, time limit,
databank error) · 4 token refused · 5 records rejected, or conflicts to resolve.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lea_desktop.cli import CliError
from lea_desktop.commands import open_store
from lea_desktop.domain.wording import plural

EXIT_SETUP, EXIT_UNFINISHED, EXIT_TOKEN, EXIT_REJECTED = 2, 3, 4, 5


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "login", help="store this laptop's databank token (system keyring or a private file)"
    )
    p.add_argument(
        "--token", help="the token from `lea-databank token create`; '-' reads it from stdin"
    )
    p.add_argument("--url", help="also set databank.url, e.g. https://databank.example.eu")
    p.add_argument(
        "--public-url",
        help="also set databank.public_url: the databank's address for visitors (its public "
        "sign-up form, which stand cards then lead to)",
    )
    p.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="accept a plain http:// address on another computer (closed lab networks only: "
        "the token and personal data travel readable on the network)",
    )
    p.set_defaults(handler=login)

    p = sub.add_parser("logout", help="forget the databank token")
    p.set_defaults(handler=logout)

    p = sub.add_parser(
        "sync", help="send what is waiting to the databank and fetch events and erasures"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=sync)

    p = sub.add_parser(
        "queue", help="what is waiting for the databank, and what it rejected and why"
    )
    p.add_argument("--json", action="store_true", help='print {"pending": N, "rejected": M}')
    p.add_argument(
        "--retry", action="store_true", help="send rejected records again at the next sync"
    )
    p.set_defaults(handler=queue)

    p = sub.add_parser(
        "reconcile", help="check that the databank holds every record of this laptop"
    )
    p.add_argument("--event", help="only this event's records")
    p.add_argument("--pdf", type=Path, help="also write the receipt as a PDF")
    p.add_argument(
        "--requeue", action="store_true", help="queue again the records the databank lacks"
    )
    p.add_argument("--json", action="store_true", help="print the receipt as JSON")
    p.set_defaults(handler=reconcile)


def _read_token(args: argparse.Namespace) -> str:
    if args.token and args.token != "-":
        return args.token.strip()
    if args.token == "-" or not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    import getpass

    return getpass.getpass("Databank token: ").strip()


def login(args: argparse.Namespace) -> int:
    from lea_desktop.domain import addresses
    from lea_desktop.storage.settings import SettingError, get, set_value
    from lea_desktop.sync import credentials
    from lea_desktop.sync.client import UNAUTHORIZED, SyncLimits, SyncProblem
    from lea_desktop.sync.engine import make_client, whoami

    token = _read_token(args)
    if not token or len(token) > 200 or any(c.isspace() for c in token):
        raise CliError(
            "That is not a token: paste the last line `lea-databank token create` printed.", 2
        )
    with open_store() as store:
        if args.url:
            try:
                set_databank_url(store.db, args.url, allow_insecure=args.allow_insecure_http)
            except SettingError as exc:
                raise CliError(f"--url: {exc}", 2) from None
        if args.public_url:
            try:
                set_value(store.db, "databank.public_url", args.public_url)
            except SettingError as exc:
                raise CliError(f"--public-url: {exc}", 2) from None
        url = str(get(store.db, "databank.url") or "")
        checked = ""
        if url:
            if addresses.is_insecure(url) and not get(store.db, "databank.allow_insecure_http"):
                if not args.allow_insecure_http:
                    # An address set before plain http was refused: no token goes there.
                    raise CliError(f"not logged in: {addresses.refusal(url)}", 2)
                set_databank_url(store.db, url, allow_insecure=True)
            try:
                client = make_client(store, SyncLimits(deadline=15, retries=1), token=token)
                checked = f"The databank knows this laptop as {whoami(client, store.home)}."
            except SyncProblem as problem:
                if problem.state == UNAUTHORIZED:
                    raise CliError(
                        f"The databank at {url} refused this token (wrong or revoked); not saved.",
                        EXIT_TOKEN,
                    ) from None
                checked = f"Could not check it with the databank now: {problem.message}"
        where = credentials.save_token(store.home, token)
    print(f"Token saved in {where}.")
    if checked:
        print(checked)
    elif not url:
        print("Next: lea-desktop config set databank.url https://… (the databank's address)")
    return 0


def set_databank_url(db, url: str, *, allow_insecure: bool) -> str:  # type: ignore[no-untyped-def]
    """Store databank.url. Plain http to another computer is refused unless `allow_insecure`
    (`--allow-insecure-http`, remembered as databank.allow_insecure_http) or allowed before;
    when it is used, the warning says what it risks."""
    from lea_desktop.domain import addresses
    from lea_desktop.storage.settings import get, set_value
    from lea_desktop.sync.client import insecure_warning

    if allow_insecure and addresses.is_insecure(url):
        set_value(db, "databank.allow_insecure_http", True)
    value = str(set_value(db, "databank.url", url))
    warning = insecure_warning(value)
    if warning:
        print(warning, file=sys.stderr)
        if not allow_insecure and get(db, "databank.allow_insecure_http"):
            print(
                "(allowed earlier; undo: lea-desktop config set databank.allow_insecure_http false)",
                file=sys.stderr,
            )
    return value


def logout(args: argparse.Namespace) -> int:
    from lea_desktop.sync import credentials

    with open_store() as store:
        credentials.forget_token(store.home)
    print("Token forgotten; sync is off until the next lea-desktop login.")
    return 0


def exit_code(report) -> int:  # type: ignore[no-untyped-def]
    """The exit status for a sync report (see the module docstring)."""
    from lea_desktop.sync import client as c

    if report.complete:
        return 0
    if report.state in (c.NOT_CONFIGURED, c.NO_TOKEN, c.INSECURE):
        return EXIT_SETUP
    if report.state == c.UNAUTHORIZED:
        return EXIT_TOKEN
    if report.state == c.OK and (report.rejected or report.conflicts):
        return EXIT_REJECTED
    return EXIT_UNFINISHED


def sync(args: argparse.Namespace) -> int:
    from lea_desktop.usecases.syncing import sync_once

    with open_store() as store:
        report = sync_once(store)
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    code = exit_code(report)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    elif code == 0:
        print(report.summary())
    if code and not args.json:
        raise CliError(_one_line(report), code)
    return code


def _one_line(report) -> str:  # type: ignore[no-untyped-def]
    from lea_desktop.sync import client as c

    waiting = f"{report.pending} waiting" if report.pending else "nothing waiting"
    if report.state == c.OFFLINE:
        return f"offline: {report.message} ({waiting})"
    if report.state == c.CAPTIVE_PORTAL:
        return f"captive portal: {report.message} ({waiting})"
    if report.state == c.UNAUTHORIZED:
        return (
            f"token refused: {report.message} Then: lea-desktop login --token NEW_TOKEN ({waiting})"
        )
    if report.state == c.OK and report.rejected:
        return f"{report.rejected} rejected by the databank: see lea-desktop queue ({waiting})"
    if report.state == c.OK and report.conflicts:
        return (
            f"{plural(report.conflicts, 'conflict')} to resolve on the Sync page: changed here "
            f"and on another laptop ({waiting})"
        )
    if report.state == c.OK:
        return f"{report.pending} still waiting; run lea-desktop sync again"
    return report.summary()


def queue(args: argparse.Namespace) -> int:
    from lea_desktop.domain.wording import queue_counts, queue_noun
    from lea_desktop.storage import outbox, pulled, sync_queue

    with open_store() as store:
        if args.retry:
            count = sync_queue.requeue_rejected(store.db)
            if not args.json:
                print(f"{plural(count, 'rejected item')} will be sent again at the next sync.")
        counts = sync_queue.counts(store.db)
        by_kind = outbox.pending_by_entity(store.db)
        rejected = sync_queue.items(store.db, status="rejected")
        last = sync_queue.last_result(store.db)
        waiting = pulled.conflict_count(store.db)
    if args.json:
        print(json.dumps(counts))
        return 0
    print(f"Waiting: {queue_counts(by_kind)}; {counts['rejected']:,} rejected.")
    for item in rejected:
        print(
            f"  {queue_noun(item.entity)} {item.entity_id} (revision {item.revision}): {item.reason}"
        )
    if any(item.reason.startswith("forbidden:") for item in rejected):
        print(
            "A forbidden item belongs to another laptop (it collected the record or created "
            "the event) and is not in this laptop's scope: only that laptop (or a coordinator "
            "who widens this laptop's scope) may change it; sending it again does not help."
        )
    if waiting:
        print(
            f"{waiting:,} changed on another laptop too: choose which copy to keep on the Sync "
            "page (keep mine, take theirs or merge)."
        )
    if rejected:
        print("Fix the record (an edit sends it again) or: lea-desktop queue --retry")
    if last:
        print(f"Last sync {_local(last.get('finished_at', ''))}: {last.get('summary', '')}")
    return 0


def _local(stamp: str) -> str:
    """A stored UTC time as the laptop's local time, e.g. 2027-01-20 14:02."""
    from lea_desktop.domain import clock

    try:
        return f"{clock.parse_iso(stamp).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return stamp or "?"


def reconcile(args: argparse.Namespace) -> int:
    from lea_desktop.storage import events, sync_queue
    from lea_desktop.sync.client import SyncLimits, SyncProblem
    from lea_desktop.sync.engine import make_client
    from lea_desktop.sync.reconcile import reconcile as compare

    with open_store() as store:
        if args.event and events.get(store.db, args.event) is None:
            raise CliError(f"No event with id {args.event}. See: lea-desktop events list", 2)
        try:
            client = make_client(store, SyncLimits(deadline=60, retries=1))
            receipt = compare(store, client, event_id=args.event)
        except SyncProblem as problem:
            raise CliError(f"cannot reconcile: {problem.message}", EXIT_UNFINISHED) from None
        requeued = (
            sync_queue.requeue_records(store.db, receipt.requeueable()) if args.requeue else 0
        )
    if args.json:
        print(json.dumps({
            "headline": receipt.headline(), "all_held": receipt.all_held,
            "local_total": receipt.local_total, "held_same": receipt.held_same,
            "differences": [d.__dict__ for d in receipt.differences], "requeued": requeued,
        }, indent=2))  # fmt: skip
    else:
        print("\n".join(receipt.lines()))
        if args.requeue:
            print(f"{plural(requeued, 'record')} queued again; run lea-desktop sync.")
    if args.pdf:
        from lea_desktop.sync.receipt_pdf import write_receipt_pdf

        try:
            write_receipt_pdf(receipt, args.pdf)
        except OSError as exc:
            raise CliError(f"Cannot write {args.pdf}: {exc.strerror}") from None
        print(f"Receipt written to {args.pdf}", file=sys.stderr if args.json else sys.stdout)
    return 0 if receipt.all_held else 1
