"""Printing commands: QR business cards, the paper sign-up form, the LEA-N letter of intent (and
its status), the assistance & support request."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lea_desktop.cli import CliError
from lea_desktop.commands import open_store
from lea_desktop.domain.wording import plural

LANGUAGES = ("en", "fi", "sv", "de", "it", "pt", "es", "fr")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cards",
        help="print QR business cards (stand cards for visitors, or your own staff card)",
        description="Stand cards carry the sign-up link (setting signup.url) attributed to the "
        "event; staff cards carry your vCard. 85 × 55 mm, 10 per A4 sheet with crop marks, or one "
        "per page for card printers.",
    )
    p.add_argument("--kind", choices=("stand", "staff"), default="stand")
    p.add_argument(
        "--event", metavar="ID", help="event of the stand cards (default: the active one)"
    )
    p.add_argument("--name", help="staff card: your name (default: setting staff.name)")
    p.add_argument("--org", help="staff card: your partner organisation (default: staff.partner)")
    p.add_argument("--email", help="staff card: your email (default: setting staff.email)")
    p.add_argument(
        "--phone",
        default="",
        help="staff card: your phone with country code (default: staff.phone)",
    )
    p.add_argument("--count", type=_positive, help="number of cards (default: one sheet)")
    p.add_argument("--layout", choices=("a4-10up", "single"), default="a4-10up")
    p.add_argument(
        "--lang", choices=LANGUAGES, help="language of a stand card (default: form.language)"
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(handler=cards_command)

    p = sub.add_parser(
        "paper-form",
        help="print blank sign-up sheets for when the laptops fail",
        description="Each sheet has its own short id (top right, with a QR of it). Keyed-in sheets "
        "come back with: lea-desktop import FILE.csv --event ID --from-paper --lang LANG "
        "(header row: the form's field ids; --template writes it).",
    )
    p.add_argument(
        "--event", metavar="ID", help="event printed on the sheets (default: the active one)"
    )
    p.add_argument(
        "--lang", choices=LANGUAGES, help="language of the sheets (default: form.language)"
    )
    p.add_argument("--count", type=_positive, default=1, help="number of sheets (default 1)")
    p.add_argument("--out", type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--template",
        type=Path,
        metavar="FILE.csv",
        help="also write the CSV header to key sheets in",
    )
    p.set_defaults(handler=paper_form_command)

    p = sub.add_parser(
        "loi",
        help="print the LEA-N letter of intent for a follower (procurer)",
        description="The letter of the seed report's Appendix 7.4, filled with the organisation and "
        "the tasks chosen. --tasks, --representative and --position are saved with the follower.",
    )
    p.add_argument(
        "--follower",
        metavar="ID",
        required=True,
        help="the follower's id (or its first 6+ characters)",
    )
    p.add_argument(
        "--tasks",
        metavar="T1,T2",
        help="tasks to tick: capacity_building, ppi_pcp, demand_policy (or 'none')",
    )
    p.add_argument("--representative", help="name of the person who signs")
    p.add_argument("--position", help="position of the person who signs")
    p.add_argument("--date", help="date printed on the letter, YYYY-MM-DD (default today)")
    p.add_argument(
        "--no-date", action="store_true", help="leave the date blank, to be written by hand"
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(handler=loi_command)

    p = sub.add_parser("loi-status", help="record that the letter of intent was offered or signed")
    p.add_argument("--follower", metavar="ID", required=True)
    p.add_argument("--status", choices=("offered", "signed", "none"), required=True)
    p.add_argument("--date", help="YYYY-MM-DD (default today)")
    p.set_defaults(handler=loi_status_command)

    p = sub.add_parser(
        "assistance",
        help="print a follower's assistance & support request (filled, or blank to write on)",
    )
    p.add_argument("--follower", metavar="ID", required=True)
    p.add_argument(
        "--lang", choices=LANGUAGES, help="language of the form (default: form.language)"
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.set_defaults(handler=assistance_command)

    p = sub.add_parser("assistance-add", help="save an assistance & support request for a follower")
    p.add_argument("--follower", metavar="ID", required=True)
    p.add_argument(
        "--answer", action="append", default=[], metavar="FIELD=TEXT",
        help="an answer, e.g. assistance='Help with tender documents' (repeat for each field)",
    )  # fmt: skip
    p.add_argument("--lang", choices=LANGUAGES, default="en")
    p.set_defaults(handler=assistance_add_command)


# --- helpers -----------------------------------------------------------------------------------


def _event(store: Any, event_id: str | None) -> Any:
    from lea_desktop.storage import events

    if event_id:
        event = events.get(store.db, event_id.strip())
        if event is None:
            raise CliError(f"No event with id {event_id}. See: lea-desktop events list", 2)
        return event
    event = events.active(store.db)
    if event is None:
        raise CliError("No event yet: add one (lea-desktop events add …) or give --event.", 2)
    return event


def _lang(store: Any, chosen: str | None) -> str:
    from lea_desktop.storage import settings

    return chosen or str(settings.get(store.db, "form.language") or "en")


def _check_out(out: Path) -> None:
    if out.suffix.lower() != ".pdf":
        raise CliError(f"{out}: the output file name should end in .pdf", 2)
    if not out.parent.exists():
        raise CliError(f"Cannot write {out}: the folder {out.parent} does not exist.", 2)


def _follower(store: Any, ref: str) -> Any:
    from lea_desktop.usecases.procurers import ProcurerError, find_follower

    try:
        return find_follower(store, ref)
    except ProcurerError as exc:
        raise CliError(str(exc), 2) from None


def _pages(n: int) -> str:
    return f"{n} page" + ("" if n == 1 else "s")


# --- handlers ----------------------------------------------------------------------------------


def cards_command(args: argparse.Namespace) -> int:
    from lea_desktop.printing import cards
    from lea_desktop.printing.pdf import PrintError
    from lea_desktop.printing.qr import QrTooLong
    from lea_desktop.storage import settings

    _check_out(args.out)
    count = args.count or (cards.PER_SHEET if args.layout == "a4-10up" else 1)
    with open_store() as store:
        try:
            if args.kind == "stand":
                if args.name or args.email or args.org or args.phone:
                    raise CliError("--name/--org/--email/--phone are for --kind staff.", 2)
                event = _event(store, args.event)
                url = settings.signup_page(store.db, event.slug)
                pages = cards.render_stand_cards(
                    event, count, args.out, signup_url=url, lang=_lang(store, args.lang),
                    layout=args.layout,
                )  # fmt: skip
                what = f"{count} stand cards for {event.name}"
            else:
                email = args.email or str(settings.get(store.db, "staff.email") or "")
                if not email:
                    raise CliError(
                        "A staff card needs --email (or: lea-desktop config set staff.email …).", 2
                    )
                staff = cards.StaffDetails(
                    name=args.name or str(settings.get(store.db, "staff.name") or ""),
                    org=args.org or str(settings.get(store.db, "staff.partner") or ""),
                    email=email,
                    phone=args.phone or str(settings.get(store.db, "staff.phone") or ""),
                )
                pages = cards.render_staff_cards(staff, count, args.out, layout=args.layout)
                what = f"{count} staff cards"
        except (cards.CardError, PrintError, QrTooLong) as exc:
            raise CliError(str(exc), 2) from None
    print(f"Wrote {what} ({_pages(pages)}, layout {args.layout}) to {args.out}")
    return 0


def paper_form_command(args: argparse.Namespace) -> int:
    from lea_desktop.formkit import load_form
    from lea_desktop.printing import paper_form
    from lea_desktop.printing.pdf import PrintError
    from lea_desktop.storage import settings

    if args.out is None and args.template is None:
        raise CliError("Give --out FILE.pdf (the sheets) and/or --template FILE.csv.", 2)
    form = load_form()
    if args.template is not None:
        try:
            paper_form.csv_template(form, args.template)
        except PrintError as exc:
            raise CliError(str(exc), 2) from None
        print(f"Wrote the keying-in header ({len(form.fields)} columns) to {args.template}")
    if args.out is None:
        return 0
    _check_out(args.out)
    with open_store() as store:
        event = _event(store, args.event)
        lang = _lang(store, args.lang)
        try:
            ids = paper_form.render_signup_sheets(
                form, event, args.out, lang=lang, count=args.count,
                join_url=settings.join_page(store.db, event.slug),
            )  # fmt: skip
        except (paper_form.PaperFormError, PrintError) as exc:
            raise CliError(str(exc), 2) from None
    shown = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
    print(
        f"Wrote {len(ids)} sign-up sheets ({lang}) for {event.name} to {args.out}; sheet ids {shown}"
    )
    print(
        f"Key them in, then: lea-desktop import FILE.csv --event {event.id} --from-paper --lang {lang}"
    )
    return 0


def loi_command(args: argparse.Namespace) -> int:
    from lea_desktop.formkit import load_form
    from lea_desktop.printing import letters
    from lea_desktop.printing.pdf import PrintError
    from lea_desktop.usecases import procurers

    _check_out(args.out)
    if args.date and args.no_date:
        raise CliError("Give --date or --no-date, not both.", 2)
    with open_store() as store:
        follower = _follower(store, args.follower)
        changes: dict[str, Any] = {}
        if args.tasks is not None:
            chosen = [t.strip() for t in args.tasks.split(",") if t.strip()]
            allowed = load_form(procurers.LOI_FORM).field("tasks").choice_values()
            if chosen == ["none"]:
                chosen = []
            unknown = [t for t in chosen if t not in allowed]
            if unknown:
                raise CliError(
                    f"Unknown task {', '.join(unknown)}; choose from {', '.join(allowed)}.", 2
                )
            changes["tasks"] = chosen
        for key in ("representative", "position"):
            if getattr(args, key) is not None:
                changes[key] = getattr(args, key)
        if changes:
            result = procurers.save_letter_of_intent(store, follower.id, changes)
            if not result.ok:
                raise CliError("; ".join(f"{k}: {v}" for k, v in result.errors.items()), 2)
        answers = procurers.loi_answers(store, follower)
        try:
            day = "" if args.no_date else procurers.parse_day(args.date)
        except procurers.ProcurerError as exc:
            raise CliError(str(exc), 2) from None
        details = letters.LetterDetails.from_answers(
            load_form(procurers.LOI_FORM), answers, date=day, reference=f"Follower {follower.id}"
        )
        try:
            pages = letters.render_letter(details, args.out)
        except (letters.LetterError, PrintError) as exc:
            raise CliError(str(exc), 2) from None
        status = follower.loi_status
    print(f"Wrote the letter of intent ({_pages(pages)}) to {args.out}")
    if not status:
        print(
            f"When you hand it over: lea-desktop loi-status --follower {follower.id} --status offered"
        )
    return 0


def loi_status_command(args: argparse.Namespace) -> int:
    from lea_desktop.usecases import procurers

    status = "" if args.status == "none" else args.status
    with open_store() as store:
        follower = _follower(store, args.follower)
        try:
            updated = procurers.set_loi_status(store, follower.id, status, args.date)
        except procurers.ProcurerError as exc:
            raise CliError(str(exc), 2) from None
    if updated.loi_status:
        print(
            f"Letter of intent {updated.loi_status} on {updated.loi_date} (follower {updated.id})"
        )
    else:
        print(f"Letter of intent status cleared (follower {updated.id})")
    return 0


def assistance_command(args: argparse.Namespace) -> int:
    from lea_desktop.formkit import load_form
    from lea_desktop.printing import letters
    from lea_desktop.printing.pdf import PrintError
    from lea_desktop.usecases import procurers

    _check_out(args.out)
    with open_store() as store:
        follower = _follower(store, args.follower)
        saved = procurers.assistance_requests(store, follower.id)
        prefill = procurers.prefill(load_form(procurers.ASSISTANCE_FORM), follower)
        lang = _lang(store, args.lang)
        try:
            pages = letters.render_assistance(follower, saved, prefill, args.out, lang=lang)
        except PrintError as exc:
            raise CliError(str(exc), 2) from None
    what = plural(len(saved), "saved request") if saved else "a blank request to fill in"
    print(f"Wrote {what} ({_pages(pages)}) to {args.out}")
    return 0


def assistance_add_command(args: argparse.Namespace) -> int:
    from lea_desktop.formkit import load_form
    from lea_desktop.usecases import procurers

    answers: dict[str, str] = {}
    for item in args.answer:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--answer needs FIELD=TEXT, got {item!r}.", 2)
        answers[key.strip()] = value.replace("\\n", "\n")
    fields = load_form(procurers.ASSISTANCE_FORM).field_ids()
    unknown = [k for k in answers if k not in fields]
    if unknown:
        raise CliError(
            f"Unknown field {', '.join(unknown)}; the fields are: {', '.join(fields)}.", 2
        )
    with open_store() as store:
        follower = _follower(store, args.follower)
        result = procurers.add_assistance_request(store, follower.id, answers, lang=args.lang)
    if not result.ok:
        raise CliError("; ".join(f"{k}: {v}" for k, v in result.errors.items()), 2)
    assert result.registration is not None
    print(f"Saved assistance request {result.registration.id} for follower {follower.id}")
    return 0
