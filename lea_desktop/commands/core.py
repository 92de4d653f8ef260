"""Core commands: config, events, import, export, backup."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lea_desktop.cli import CliError
from lea_desktop.commands import open_store
from lea_desktop.domain.wording import plural
from lea_desktop.exports import formats
from lea_desktop.usecases.event_rules import check_event_fields


def register(sub: argparse._SubParsersAction) -> None:
    config = sub.add_parser("config", help="read or change a setting")
    csub = config.add_subparsers(dest="action", required=True)
    p = csub.add_parser("set", help="change a setting")
    p.add_argument("key")
    p.add_argument("value")
    p.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="with databank.url: accept a plain http:// address on another computer (closed "
        "lab networks only: the token and personal data travel readable on the network)",
    )
    p.set_defaults(handler=config_set)
    p = csub.add_parser("get", help="show a setting")
    p.add_argument("key")
    p.set_defaults(handler=config_get)
    p = csub.add_parser("list", help="show every setting with its value")
    p.set_defaults(handler=config_list)

    events = sub.add_parser("events", help="list or add events")
    esub = events.add_subparsers(dest="action", required=True)
    p = esub.add_parser("add", help="add an event; prints its id last")
    p.add_argument("--name", required=True)
    p.add_argument("--city", default="")
    p.add_argument("--country", required=True, help="ISO 3166-1 alpha-2, e.g. GB")
    p.add_argument("--starts", required=True, help="YYYY-MM-DD")
    p.add_argument("--ends", required=True, help="YYYY-MM-DD")
    p.add_argument("--kind", default="fair")
    p.add_argument("--partner", default="", help="responsible LEA partner")
    p.add_argument("--notes", default="")
    p.set_defaults(handler=events_add)
    p = esub.add_parser("list", help="list events")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include archived events")
    p.set_defaults(handler=events_list)
    p = esub.add_parser(
        "remove-examples",
        help="remove the example events (loaded to try the app out; never sent to the databank)",
    )
    p.set_defaults(handler=events_remove_examples)

    p = sub.add_parser("import", help="import followers from a CSV file (header row of field ids)")
    p.add_argument("file", type=Path)
    p.add_argument("--event", required=True, help="event id")
    p.add_argument(
        "--from-paper", action="store_true", help="mark the records as keyed in from paper forms"
    )
    p.add_argument(
        "--lang",
        choices=("en", "fi", "sv", "de", "it", "pt", "es", "fr"),
        default="en",
        help="language of the form the people filled in: consent is recorded against the texts "
        "they read (paper sheets: the language they were printed in)",
    )
    p.set_defaults(handler=import_file)

    p = sub.add_parser(
        "export",
        help="export followers as CSV or JSON, or the consented ones for a mailing tool "
        "(mailchimp, hubspot, brevo: docs/newsletter.md)",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--event", help="event id")
    target.add_argument("--all", action="store_true", help="all events")
    p.add_argument("--format", choices=(*formats.RECORDS, *formats.MAILING), required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=export_file)

    p = sub.add_parser("backup", help="write a consistent copy of the database")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(handler=backup_now)


def config_set(args: argparse.Namespace) -> int:
    from lea_desktop.commands.sync import set_databank_url
    from lea_desktop.storage.settings import SettingError, set_value

    if args.allow_insecure_http and args.key != "databank.url":
        raise CliError("--allow-insecure-http goes with databank.url only", 2)
    with open_store() as store:
        try:
            if args.key == "databank.url":
                value = set_databank_url(
                    store.db, args.value, allow_insecure=args.allow_insecure_http
                )
            else:
                value = set_value(store.db, args.key, args.value)
        except SettingError as exc:
            raise CliError(f"{args.key}: {exc}", 2) from None
        if args.key == "databank.allow_insecure_http" and value:
            from lea_desktop.domain import addresses

            print(f"Warning: plain http:// allowed: {addresses.RISK}.", file=sys.stderr)
    print(f"{args.key} = {value}")
    return 0


def config_get(args: argparse.Namespace) -> int:
    from lea_desktop.storage.settings import SettingError, get

    with open_store() as store:
        try:
            value = get(store.db, args.key)
            print(_shown(args.key, value))
        except SettingError as exc:
            raise CliError(str(exc), 2) from None
    return 0


def config_list(args: argparse.Namespace) -> int:
    from lea_desktop.storage.settings import SETTINGS, get

    with open_store() as store:
        for key, decl in SETTINGS.items():
            print(f"{key} = {_shown(key, get(store.db, key))}    # {decl.help}")
    return 0


def _shown(key: str, value: object) -> object:
    """A setting's value for display; secret ones (the kiosk PIN hash) only say whether set."""
    from lea_desktop.storage.settings import setting

    if setting(key).secret:
        return "(set)" if value else "(not set)"
    return value


def events_add(args: argparse.Namespace) -> int:
    from lea_desktop.storage import events

    try:
        data = check_event_fields({
            "name": args.name, "city": args.city, "country": args.country, "starts": args.starts,
            "ends": args.ends, "kind": args.kind, "responsible_partner": args.partner,
            "notes": args.notes,
        })  # fmt: skip
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    with open_store() as store:
        event = events.create(store.db, data, device_id=store.device_id)
    print(f"Added {event.name} ({event.starts} – {event.ends}, {event.city or event.country})")
    print(event.id)
    return 0


def events_list(args: argparse.Namespace) -> int:
    from lea_desktop.storage import events, registrations

    with open_store() as store:
        found = events.list_events(store.db, include_archived=args.all)
        counts = {e.id: registrations.count(store.db, event_id=e.id) for e in found}
        examples = events.example_ids(store.db)
    if args.json:
        print(
            json.dumps(
                [
                    {**e.to_dict(), "example": e.id in examples, "followers": counts[e.id]}
                    for e in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not found:
        print(
            "No events yet. Add one: lea-desktop events add --name … --country … --starts … --ends …"
        )
    for e in found:
        flag = " (example)" if e.id in examples else ""
        flag += " (archived)" if e.archived else ""
        people = plural(counts[e.id], "follower")
        print(f"{e.id}  {e.starts}  {e.name}, {e.city or e.country}  {people}{flag}")
    return 0


def events_remove_examples(args: argparse.Namespace) -> int:
    from lea_desktop.storage import events

    with open_store() as store:
        removed, kept = events.remove_examples(store.db)
    print(f"Removed {plural(removed, 'example event')}.")
    if kept:
        print(f"Kept {plural(kept, 'example event')} holding imported sign-ups.")
    return 0


def _event_or_fail(store, event_id: str):
    from lea_desktop.storage import events

    event = events.get(store.db, event_id)
    if event is None:
        raise CliError(f"No event with id {event_id}. See: lea-desktop events list", 2)
    return event


def import_file(args: argparse.Namespace) -> int:
    from lea_desktop.formkit import load_form
    from lea_desktop.storage import events
    from lea_desktop.usecases.csv_import import CsvImportError, import_csv

    with open_store() as store:
        event = _event_or_fail(store, args.event)
        if events.is_example(store.db, event.id):
            raise CliError(
                f"{event.name} is an example event: sign-ups never go to one. Import into your "
                "own event (lea-desktop events list), or edit this one into it first.",
                2,
            )
        try:
            report = import_csv(
                store, args.file, form=load_form(), event_id=args.event,
                source="paper" if args.from_paper else "import", lang=args.lang,
            )  # fmt: skip
        except CsvImportError as exc:
            raise CliError(str(exc), 2) from None
    for line, reason in report.problems:
        print(f"line {line}: {reason}", file=sys.stderr)
    print(
        f"Imported {plural(report.saved, 'follower')}; {plural(report.rejected, 'row')} rejected."
    )
    return 0 if not report.problems else 1


def export_file(args: argparse.Namespace) -> int:
    from lea_desktop.exports.csv_export import write_csv, write_json
    from lea_desktop.formkit import load_form
    from lea_desktop.storage import registrations

    if args.format in formats.MAILING:
        return export_mailing_list(args)
    with open_store() as store:
        if args.event:
            _event_or_fail(store, args.event)
        regs = registrations.iter_all(store.db, event_id=None if args.all else args.event)
        writer = {"csv": write_csv, "json": write_json}[args.format]
        try:
            count = writer(load_form(), regs, args.out)
        except OSError as exc:
            raise CliError(f"Cannot write {args.out}: {exc.strerror}") from None
    print(f"Exported {plural(count, 'follower')} to {args.out}")
    return 0


def export_mailing_list(args: argparse.Namespace) -> int:
    from lea_desktop.usecases import handover

    with open_store() as store:
        if args.event:
            _event_or_fail(store, args.event)
        try:
            count = handover.write_mailing_list(
                store, args.format, args.out, event_id=None if args.all else args.event
            )
        except OSError as exc:
            raise CliError(f"Cannot write {args.out}: {exc.strerror}") from None
    print(
        f"Exported {plural(count, 'follower')} who agreed to be contacted, for {args.format}, "
        f"to {args.out}"
    )
    return 0


def backup_now(args: argparse.Namespace) -> int:
    from lea_desktop.storage.backups import backup_to

    with open_store() as store:
        try:
            path = backup_to(store.db.conn, args.out)
        except OSError as exc:
            raise CliError(f"Cannot write {args.out}: {exc.strerror}") from None
    print(f"Backup written to {path}")
    return 0
