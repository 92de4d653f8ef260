"""Report commands: the session summary of an event (or all) and the Appendix 7.1 partner report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lea_desktop.cli import CliError
from lea_desktop.commands import open_store
from lea_desktop.domain.wording import plural
from lea_desktop.exports import formats


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summary",
        help="write the session summary of an event, or of all events (pdf, xlsx, json)",
        description="Followers in all, per day, by type and by country; EU member states covered "
        "and missing (with the partner responsible); procurers against suppliers; LEA-N "
        "candidates, letters of intent, assistance requests; who collected how many; the Table 7 "
        "targets. The XLSX also lists every follower (personal data: the file is private, 0600). "
        "JSON keys are documented in docs/summary.md.",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--event", metavar="ID", help="event id (see: lea-desktop events list)")
    target.add_argument("--all", action="store_true", help="all events together")
    p.add_argument("--format", choices=formats.SUMMARY, required=True)
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.add_argument(
        "--scope",
        choices=("laptop", "consortium"),
        default="laptop",
        help="whose followers: this laptop's (default) or the whole consortium's, from the "
        "directory as of the last sync (with --all; pdf or json)",
    )
    p.set_defaults(handler=summary_command)

    p = sub.add_parser(
        "partner-report",
        help="write the Appendix 7.1 report: per member state, its partner, followers, LEA-N members",
        description="One row per EU member state (and Norway): the responsible LEA partner, "
        "followers, procurers, LEA-N members identified (procurers who chose the LEA-N interest) "
        "and committed (signed letters of intent); then the same added up per partner. All events.",
    )
    p.add_argument("--format", choices=formats.PARTNER_REPORT, required=True)
    p.add_argument("--out", type=Path, required=True, metavar="FILE")
    p.set_defaults(handler=partner_report_command)


def _write(action, out: Path) -> None:
    from lea_desktop.usecases.reports import ReportError

    try:
        action()
    except ReportError as exc:
        raise CliError(str(exc), 2) from None
    except OSError as exc:
        raise CliError(f"Cannot write {out}: {exc.strerror or exc}") from None


def summary_command(args: argparse.Namespace) -> int:
    from lea_desktop.usecases import reports

    event_id = None if args.all else args.event
    consortium = args.scope == "consortium"
    with open_store() as store:
        progress = _progress_printer() if args.format == "xlsx" and sys.stderr.isatty() else None
        _write(
            lambda: reports.write_summary(
                store, event_id, args.format, args.out, progress=progress, consortium=consortium
            ),
            args.out,
        )
        if consortium:
            total = sum(reports.consortium_tally(store).followers.values())
        else:
            total = reports.stats.follower_count(store.db, event_id)
    what = "all events" if args.all else f"event {args.event}"
    if consortium:
        what = "the whole consortium"
    print(f"Summary of {what} ({plural(total, 'follower')}) written to {args.out}")
    return 0


def partner_report_command(args: argparse.Namespace) -> int:
    from lea_desktop.usecases import reports

    with open_store() as store:
        _write(lambda: reports.write_partner_report(store, args.format, args.out), args.out)
    print(f"Partner report (Appendix 7.1) written to {args.out}")
    return 0


def _progress_printer():
    def show(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} followers", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)

    return show
