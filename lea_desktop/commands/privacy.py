"""Personal-data commands: erase, purge, consent (proof of consent) and kiosk-pin."""

from __future__ import annotations

import argparse
import getpass
import sys

from lea_desktop.cli import CliError
from lea_desktop.commands import open_store
from lea_desktop.domain.wording import plural


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "erase",
        help="erase a person everywhere on this laptop (database, backups) and at the databank",
        description="Erase a follower and the records attached to it (assistance requests, "
        "letters of intent) from the database, its rolling backups and the outbox; the "
        "databank is told at the next sync (a tombstone carrying only the UUID).",
    )
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--follower", metavar="ID", help="the follower's id (see the app or an export)"
    )
    who.add_argument("--email", help="erase every follower registered with this email")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument(
        "--request-central",
        action="store_true",
        help="with --follower ID of a follower another laptop collected (not on this laptop): "
        "ask the databank to erase it; a coordinator approves the request there",
    )
    p.set_defaults(handler=erase)

    p = sub.add_parser(
        "purge",
        help="remove personal data the databank has had for longer than retention.days",
    )
    p.add_argument("--dry-run", action="store_true", help="only say what would be purged")
    p.add_argument(
        "--days", type=int, help="use this many days instead of the retention.days setting"
    )
    p.set_defaults(handler=purge)

    p = sub.add_parser("consent", help="show and verify the consent recorded with a follower")
    p.add_argument("--follower", metavar="ID", required=True)
    p.add_argument("--show-text", action="store_true", help="print the exact texts that were shown")
    p.set_defaults(handler=consent)

    p = sub.add_parser("kiosk-pin", help="set the staff PIN that leaves the self-service kiosk")
    p.add_argument("--clear", action="store_true", help="remove the PIN")
    p.set_defaults(handler=kiosk_pin)


def _describe(reg) -> str:
    from lea_desktop.formkit import load_form

    try:
        form = load_form(reg.form_id)
        names = [str(reg.answers.get(f.id) or "") for f in form.fields if f.searchable]
    except (OSError, KeyError, ValueError):
        names = []
    label = ", ".join(n for n in names if n) or "(personal data already purged)"
    return f"{reg.id}  {label}  (saved {reg.created_at[:10]})"


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        raise CliError("Refusing to erase without confirmation: add --yes.", 2)
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def _request_central(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """Erase a follower this laptop does not hold: a tombstone goes to the databank at the next
    sync, where (another laptop collected it) it waits as an erasure request for a coordinator;
    the id is recorded as erased here, so a backup holding it is scrubbed too."""
    from lea_desktop.sync import protocol
    from lea_desktop.usecases import erasure

    rid = args.follower.strip().lower()
    try:
        protocol.check_uuid(rid)
    except protocol.ProtocolError:
        raise CliError(f"{args.follower} is not a record id (a UUID).", 2) from None
    print(f"{rid} is not on this laptop: another laptop collected it, or it was never synced.")
    if not args.yes and not _confirm("Ask the databank to erase it (a coordinator approves)?"):
        print("Nothing requested.")
        return 1
    report = erasure.erase_many(store, [rid])
    print(
        "Erasure requested centrally: the request reaches the databank at the next sync, and a "
        "coordinator approves it there; every laptop holding the follower erases it then."
        + (
            f" {plural(report.backups_rewritten, 'backup')} here rewritten."
            if report.backups_rewritten
            else ""
        )
    )
    return 0


def erase(args: argparse.Namespace) -> int:
    from lea_desktop.storage import erasures, registrations
    from lea_desktop.usecases import erasure
    from lea_desktop.usecases.followers import email_key

    with open_store() as store:
        if args.follower:
            reg = registrations.get(store.db, args.follower.strip())
            if reg is None:
                if erasures.is_erased(store.db, args.follower.strip()):
                    print(f"{args.follower} was already erased.")
                    return 0
                if args.request_central:
                    return _request_central(store, args)
                raise CliError(
                    f"No record with id {args.follower} on this laptop. Find it in the app or "
                    "an export; if another laptop collected it, ask the databank: "
                    f"lea-desktop erase --follower {args.follower.strip()} --request-central",
                    2,
                )
            found = [reg]
        else:
            key = email_key({"email": args.email})
            ids = registrations.ids_by_email(store.db, key)
            found = [r for r in (registrations.get(store.db, reg_id) for reg_id in ids) if r]
            if not found:
                raise CliError("No follower on this laptop has that email.", 2)
        children = len(erasures.family(store.db, [r.id for r in found])) - len(found)
        print("To erase:")
        for reg in found:
            print("  " + _describe(reg))
        if children:
            print(
                f"  and {plural(children, 'record')} attached to it (assistance requests, letters "
                "of intent)"
            )
        if not args.yes and not _confirm("Erase for good? This cannot be undone."):
            print("Nothing erased.")
            return 1
        report = erasure.erase_many(store, [r.id for r in found])
    print(
        f"Erased {plural(len(report.erased), 'record')} from the database; "
        f"{plural(report.backups_rewritten, 'backup')} rewritten, {report.backups_removed} removed"
        + (
            f", {plural(report.exports_removed, 'kept export')} deleted"
            if report.exports_removed
            else ""
        )
        + "."
    )
    if not report.wal_cleared:
        print("Another window holds the database open; the journal is cleared when it closes.")
    if report.requested_centrally:
        print(
            f"{len(report.requested_centrally)} of them were collected on another laptop: "
            "erasure requested centrally. A coordinator approves it at the databank; that "
            "laptop and the databank erase their copies then."
        )
    if len(report.requested_centrally) < len(report.ids):
        print("The databank erases its copy of this laptop's records at the next sync.")
    print(
        "Copies made outside the app's data folder (exports, backups or PDFs saved elsewhere, "
        "email attachments) are not reached: delete those yourself."
    )
    return 0


def purge(args: argparse.Namespace) -> int:
    from lea_desktop.usecases import retention

    if args.days is not None and args.days < 1:
        raise CliError("--days must be at least 1", 2)
    with open_store() as store:
        days = retention.retention_days(store) if args.days is None else args.days
        report = retention.purge_expired(store, days=days, dry_run=args.dry_run)
        held = retention.holdings(store.db)
    verb = "Would remove" if args.dry_run else "Removed"
    print(
        f"{verb} the personal data of {plural(report.purged, 'record')} the databank has had "
        f"for {days}+ days."
    )
    if report.waiting:
        print(
            f"{plural(report.waiting, 'synced record')} "
            f"{'keeps its' if report.waiting == 1 else 'keep their'} personal data until "
            f"{report.next_due[:10]}."
        )
    if report.skipped:
        print(
            f"{plural(report.skipped, 'record')} of an unknown form "
            f"{'was' if report.skipped == 1 else 'were'} left as "
            f"{'it was' if report.skipped == 1 else 'they are'}."
        )
    print(
        f"{plural(held.unsynced, 'sign-up')} not synced yet (kept in full until the databank "
        "has them)."
    )
    if report.backups_rewritten or report.backups_removed:
        print(
            f"{plural(report.backups_rewritten, 'backup')} rewritten, "
            f"{report.backups_removed} removed."
        )
    return 0


def consent(args: argparse.Namespace) -> int:
    from lea_desktop.storage import registrations
    from lea_desktop.usecases import consent

    with open_store() as store:
        reg = registrations.get(store.db, args.follower.strip())
    if reg is None:
        raise CliError(f"No record with id {args.follower}.", 2)
    c = reg.consent
    if not c:
        print("No consent was recorded with this registration.")
        return 1
    check = consent.verify_consent(c)
    print(f"purposes:     {', '.join(c.get('purposes') or [])}")
    print(f"version:      {c.get('version')}")
    print(f"language:     {c.get('language')}")
    print(f"given at:     {c.get('given_at')} (UTC)")
    print(f"collected by: {c.get('collected_by') or '(staff name not set)'}")
    print(f"device:       {c.get('device_id')}")
    print(f"text sha256:  {c.get('text_sha256')}")
    print(f"verified:     {'yes' if check.ok else 'NO'} — {check.message}")
    if args.show_text:
        for t in check.texts:
            print(f"\n[{t.purpose} {t.version} {t.lang}]\n{t.text}")
    return 0 if check.ok else 1


def _read_pin(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().strip()


def kiosk_pin(args: argparse.Namespace) -> int:
    from lea_desktop.usecases.kiosk_pin import PinError, check_pin_format, clear_pin, set_pin

    with open_store() as store:
        if args.clear:
            clear_pin(store.db)
            print("Kiosk PIN removed: the kiosk cannot be started until a new one is set.")
            return 0
        pin = _read_pin("New staff PIN (4–12 digits): ")
        try:
            check_pin_format(pin)
        except PinError as exc:
            raise CliError(str(exc), 2) from None
        if sys.stdin.isatty() and getpass.getpass("Once more: ") != pin:
            raise CliError("The two PINs differ; nothing changed.", 2)
        set_pin(store.db, pin)
    print("Kiosk PIN set (stored as a salted scrypt hash).")
    return 0
