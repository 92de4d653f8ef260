"""`lea-desktop lookup --email ADDRESS`: is this address a follower already, here or anywhere in
the consortium (the directory pulled at the last sync)? One line; exit 0 when known, 1 when not."""

from __future__ import annotations

import argparse

from lea_desktop.cli import CliError
from lea_desktop.commands import open_store

NOT_KNOWN = 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "lookup",
        help="is this email address a follower already? (this laptop and the consortium)",
        description="Looks the address up in this laptop's followers and in the consortium's "
        "follower directory (pulled at each sync; it holds a keyed hash of each address, never "
        "the address). Prints where, when and which partner; exit 0 when known, 1 when not.",
    )
    p.add_argument("--email", required=True, metavar="ADDRESS")
    p.set_defaults(handler=lookup_command)


def lookup_command(args: argparse.Namespace) -> int:
    from lea_desktop.exports.summary_model import SummaryReport
    from lea_desktop.storage import directory as stored
    from lea_desktop.usecases import directory

    address = str(args.email or "").strip()
    if not address or len(address) > 320 or "@" not in address:
        raise CliError("--email: give one email address, e.g. ana@example.org", 2)
    with open_store() as store:
        known = directory.lookup(store, address)
        as_of = stored.synced_at(store.db)
        has_key = directory.consortium_key(store) is not None
    if known is not None:
        print(f"Already a follower — {known.sentence()}.")
        return 0
    if not has_key:
        where = "Not a follower on this laptop (no consortium directory yet: log in and sync)."
    else:
        when = SummaryReport.as_of_words(as_of)
        where = f"Not a follower on this laptop or in the consortium directory ({when})."
    print(where)
    return NOT_KNOWN
