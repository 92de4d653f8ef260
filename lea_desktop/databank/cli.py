"""`lea-databank`: run the databank, manage laptop tokens, export, erase.

    lea-databank serve --db FILE|URL [--host 127.0.0.1] [--port 8765] [--forwarded-allow-ips IPS]
    lea-databank token create NAME [--device-id ID] [--partner P] [--scope own|partner|all] --db …
                                             (prints the token as its last line)
    lea-databank token scope NAME own|partner|all --db …   (which full records flow down)
    lea-databank token partner NAME PARTNER --db …         (the consortium partner of the laptop)
    lea-databank token revoke NAME --db …
    lea-databank token list --db …
    lea-databank export --db … --format csv|json --out FILE [--form ID]
    lea-databank erase UUID… --db …         (erasure request: every laptop erases its copy too)
    lea-databank erasure-requests list|approve ID|reject ID --db …   (laptops' requests to erase
                                             followers another laptop collected)
    lea-databank user create NAME --role coordinator|partner [--partner NAME] --db …
    lea-databank user list|disable NAME|passwd NAME --db …   (the web console's accounts;
                                             passwords from stdin or prompted, never arguments)

The database: `--db FILE` (a SQLite file), `--db-file FILE` (a file holding the URL) or the
environment variable LEA_DATABANK_DB. A PostgreSQL URL holds a password: never on the
command line, where `ps` shows it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from lea_desktop import __version__
from lea_desktop.exports import formats

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger("lea_desktop.databank")


class CliError(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _db_arg(p: argparse.ArgumentParser) -> None:
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--db",
        default="",
        help="a SQLite file (or sqlite:///FILE); default: $LEA_DATABANK_DB. A URL with a "
        "password does not belong on a command line (`ps` shows it to every user): use "
        "LEA_DATABANK_DB or --db-file",
    )
    where.add_argument(
        "--db-file",
        type=Path,
        metavar="FILE",
        help="a file (readable by the databank's user only) holding the database URL, e.g. "
        "postgresql://user:password@host/dbname",
    )


def _db_url(args: argparse.Namespace) -> str:
    """The database: `--db`, else the first line of `--db-file`, else $LEA_DATABANK_DB."""
    if args.db:
        return str(args.db)
    if args.db_file is not None:
        try:
            lines = args.db_file.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"cannot read --db-file {args.db_file}: {error}", 2) from None
        url = next((line.strip() for line in lines if line.strip()), "")
        if not url:
            raise CliError(f"--db-file {args.db_file} holds no database URL", 2)
        return url
    from lea_desktop.databank.settings import ENV_DB

    url = os.environ.get(ENV_DB, "").strip()
    if not url:
        raise CliError(
            f"no database given: --db FILE, --db-file FILE or the environment variable {ENV_DB}",
            2,
        )
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lea-databank", description="The LEA databank: the server LEA Desktop laptops sync to."
    )
    parser.add_argument("--version", action="version", version=f"lea-databank {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "serve", help="run the databank (HTTP; put TLS in front of it in production)"
    )
    _db_arg(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    p.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        metavar="IPS",
        help="comma-separated addresses or networks of the TLS reverse proxy, the only peers "
        "whose X-Forwarded-For / X-Forwarded-Proto are believed (default 127.0.0.1: a proxy on "
        "this machine; '' believes none). See docs/security.md",
    )
    p.add_argument(
        "--page-size", type=int, default=1000, help="rows per page of pulls and reconciliation"
    )
    p.add_argument(
        "--workers", type=int, default=1, help="server processes (more CPU for validation)"
    )
    p.add_argument(
        "--validation-workers",
        type=int,
        default=None,
        metavar="N",
        help="processes validating each batch's answers (default: cores minus one, at most 4; "
        "0: in the server process)",
    )
    p.add_argument(
        "--auth-failures",
        type=int,
        default=10,
        metavar="N",
        help="requests with a wrong token one client address may make per --auth-window "
        "before it gets 429 (default: 10)",
    )
    p.add_argument("--auth-window", type=int, default=60, metavar="SECONDS", help="default: 60")
    p.add_argument(
        "--smtp-url",
        default=None,
        metavar="URL",
        help="where the public sign-up form sends its confirmation emails: smtp://HOST:PORT, "
        "smtp+starttls://USER:PASS@HOST:587 or smtps://USER:PASS@HOST:465 (default: "
        f"${ENV_SMTP}; prefer that: a command line is visible to every user of the machine)",
    )
    p.add_argument("--mail-from", default="", metavar="ADDRESS", help="the emails' sender")
    p.add_argument(
        "--public-url",
        default="",
        metavar="URL",
        help="the address visitors reach the databank at (https://…), used in the emails' links",
    )
    p.add_argument(
        "--join-min-seconds",
        type=float,
        default=3.0,
        metavar="S",
        help="a sign-up form sent back sooner than this after it was served is refused (0…3)",
    )
    p.add_argument(
        "--join-limit",
        type=int,
        default=10,
        metavar="N",
        help="sign-up forms one client address may send per --join-window (default: 10)",
    )
    p.add_argument("--join-window", type=int, default=600, metavar="SECONDS", help="default: 600")
    p.add_argument(
        "--mail-backoff",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="wait before retrying a confirmation email the SMTP server did not take; doubled "
        "at each attempt, at most 15 minutes (default: 5). One it refuses for good (5xx) is "
        "not retried",
    )
    p.add_argument(
        "--webhook-backoff",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="wait before retrying a failed webhook delivery; doubled at each attempt, at most "
        "an hour (default: 10)",
    )
    p.set_defaults(handler=serve)

    token = sub.add_parser("token", help="create, revoke or list laptop tokens")
    tsub = token.add_subparsers(dest="action", required=True)
    p = tsub.add_parser("create", help="make a token for a laptop; printed once, as the last line")
    p.add_argument("name", help="one word naming the laptop, e.g. laptop-fi-1")
    p.add_argument(
        "--device-id",
        help="bind the token to this laptop's device id now (default: to the device id of its "
        "first request); the token speaks only for that laptop",
    )
    p.add_argument(
        "--partner",
        default="",
        help="the consortium partner the laptop belongs to, e.g. INNOVA (quote names with spaces)",
    )
    p.add_argument(
        "--scope",
        default="own",
        help="which full records flow down to the laptop: own (default: none but its own), "
        "partner (those of every laptop of its partner, and its events' web sign-ups), all",
    )
    _db_arg(p)
    p.set_defaults(handler=token_create)
    p = tsub.add_parser(
        "scope",
        help="set which full records flow down to a laptop (and which it may edit): "
        "own, partner or all",
    )
    p.add_argument("name")
    p.add_argument("scope", metavar="own|partner|all")
    _db_arg(p)
    p.set_defaults(handler=token_scope)
    p = tsub.add_parser("partner", help="set the consortium partner a laptop belongs to")
    p.add_argument("name")
    p.add_argument("partner", help="a partner's name as the consortium spells it, e.g. INNOVA")
    _db_arg(p)
    p.set_defaults(handler=token_partner)
    p = tsub.add_parser("revoke", help="revoke a laptop's token (it gets 401 from then on)")
    p.add_argument("name")
    _db_arg(p)
    p.set_defaults(handler=token_revoke)
    p = tsub.add_parser(
        "list", help="list tokens (names, dates, device, partner, scope; never the tokens)"
    )
    _db_arg(p)
    p.set_defaults(handler=token_list)

    p = sub.add_parser("export", help="export the records (personal data: the file is 0600)")
    _db_arg(p)
    p.add_argument("--format", choices=formats.RECORDS, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--form", default="follower_signup", help="CSV only: the form whose records to write"
    )
    p.set_defaults(handler=export)

    p = sub.add_parser(
        "erase", help="erase records by UUID here and, at their next sync, on laptops"
    )
    p.add_argument("ids", nargs="+", metavar="UUID")
    _db_arg(p)
    p.set_defaults(handler=erase)

    requests = sub.add_parser(
        "erasure-requests",
        help="laptops' requests to erase followers another laptop collected: list, approve, reject",
    )
    rsub = requests.add_subparsers(dest="action", required=True)
    p = rsub.add_parser("list", help="pending requests, oldest first")
    p.add_argument("--all", action="store_true", help="decided requests too")
    _db_arg(p)
    p.set_defaults(handler=erasure_requests_list)
    for action, text in (
        ("approve", "erase the record (laptops follow at their next sync)"),
        ("reject", "close the request; nothing is erased"),
    ):
        p = rsub.add_parser(action, help=text)
        p.add_argument("id", type=int, metavar="ID", help="the request's number (see list)")
        p.add_argument("--by", default="", help="who decides (kept with the request)")
        _db_arg(p)
        p.set_defaults(handler=erasure_request_decide)
    hook = sub.add_parser(
        "webhook",
        help="tell other systems (CRM, mailing tools) of follower changes: add, list, remove, "
        "log (docs/webhooks.md)",
    )
    wsub = hook.add_subparsers(dest="action", required=True)
    p = wsub.add_parser(
        "add", help="send signed JSON on follower created, updated and erased to URL (https://)"
    )
    p.add_argument("url", metavar="URL")
    p.add_argument(
        "--secret",
        required=True,
        metavar="S",
        help="the shared secret that signs each delivery (HMAC-SHA256), 16+ characters; "
        "'-' reads it from standard input (a command line is visible to other users)",
    )
    _db_arg(p)
    p.set_defaults(handler=webhook_add)
    p = wsub.add_parser("list", help="the webhooks (never their secrets)")
    p.add_argument("--all", action="store_true", help="removed ones too")
    _db_arg(p)
    p.set_defaults(handler=webhook_list)
    p = wsub.add_parser("remove", help="stop a webhook; what waits for it is cancelled")
    p.add_argument("id", type=int, metavar="ID")
    _db_arg(p)
    p.set_defaults(handler=webhook_remove)
    p = wsub.add_parser("log", help="deliveries, newest first: state, attempts, last answer")
    p.add_argument("--limit", type=int, default=50, metavar="N")
    p.add_argument("--webhook", type=int, default=None, metavar="ID", help="one webhook's only")
    p.add_argument("--json", action="store_true", help="as JSON")
    _db_arg(p)
    p.set_defaults(handler=webhook_log)

    users = sub.add_parser(
        "user", help="the web console's accounts (/console/): create, list, disable, passwd"
    )
    usub = users.add_subparsers(dest="action", required=True)
    p = usub.add_parser(
        "create",
        help="make an account; its password is read from stdin, or asked twice at a terminal",
    )
    p.add_argument("name", help="one word, e.g. kati.clements")
    p.add_argument("--role", required=True, choices=("coordinator", "partner"))
    p.add_argument("--partner", default="", help="a partner account's organisation, e.g. INNOVA")
    _db_arg(p)
    p.set_defaults(handler=user_create)
    p = usub.add_parser("list", help="accounts, roles, partners (never passwords)")
    _db_arg(p)
    p.set_defaults(handler=user_list)
    p = usub.add_parser("disable", help="the account can no longer sign in; its sessions end")
    p.add_argument("name")
    _db_arg(p)
    p.set_defaults(handler=user_disable)
    p = usub.add_parser("passwd", help="a new password (stdin, or asked twice); sessions end")
    p.add_argument("name")
    _db_arg(p)
    p.set_defaults(handler=user_passwd)
    return parser


def webhook_add(args: argparse.Namespace) -> int:
    from lea_desktop.databank import webhooks

    secret = sys.stdin.readline().strip() if args.secret == "-" else args.secret
    try:
        webhooks.check_url(args.url)
        webhooks.check_secret(secret)
    except webhooks.WebhookError as error:
        raise CliError(str(error), 2) from None
    with _opened(args) as engine, engine.begin() as conn:
        hook_id = webhooks.add(conn, args.url, secret)
    print(f"Webhook {hook_id} sends follower created, updated and erased to {args.url.strip()}")
    print(f"Its deliveries: lea-databank webhook log --webhook {hook_id}")
    return 0


def webhook_list(args: argparse.Namespace) -> int:
    from lea_desktop.databank import webhooks

    with _opened(args) as engine, engine.connect() as conn:
        found = webhooks.list_hooks(conn, removed=args.all)
    if not found:
        print("No webhooks. Add one: lea-databank webhook add https://… --secret S")
    for h in found:
        state = f"removed {h.removed_at}" if h.removed_at else "active"
        print(f"{h.id}\t{h.url}\tcreated {h.created_at}\t{state}")
    return 0


def webhook_remove(args: argparse.Namespace) -> int:
    from lea_desktop.databank import webhooks

    with _opened(args) as engine, engine.begin() as conn:
        done = webhooks.remove(conn, args.id)
    if not done:
        raise CliError(f"No active webhook {args.id}.", 2)
    print(f"Removed webhook {args.id}; its waiting deliveries are cancelled.")
    return 0


def webhook_log(args: argparse.Namespace) -> int:
    from lea_desktop.databank import webhooks

    if not 1 <= args.limit <= 10_000:
        raise CliError("--limit must be 1…10000", 2)
    with _opened(args) as engine, engine.connect() as conn:
        entries = webhooks.delivery_log(conn, limit=args.limit, webhook_id=args.webhook)
    if args.json:
        print(json.dumps([e.to_json() for e in entries], indent=2))
        return 0
    if not entries:
        print("No deliveries yet.")
    for e in entries:
        answer = f"HTTP {e.last_status}" if e.last_status is not None else "-"
        when = (
            f"delivered {e.delivered_at}"
            if e.delivered_at
            else (f"next {e.next_attempt_at}" if e.status == "pending" else "")
        )
        print(
            f"{e.created_at}\twebhook {e.webhook_id}\t{e.event}\t{e.record_id}\t{e.status}"
            f"\tattempts {e.attempts}\t{answer}\t{e.last_error or '-'}\t{when}".rstrip()
        )
    return 0


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator[Engine]:
    """The databank of `--db` for one command, its connections closed when the command ends."""
    engine = _engine(args)
    try:
        yield engine
    finally:
        engine.dispose()


def _engine(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import SQLAlchemyError

    from lea_desktop.databank import db

    try:
        engine = db.make_engine(_db_url(args))
        db.init_schema(engine)
    except db.DatabaseUrlError as error:
        raise CliError(str(error), 2) from None
    except SQLAlchemyError as error:
        raise CliError(
            f"cannot open the database: {type(error).__name__}: {_first_line(error)}"
        ) from None
    return engine


def _first_line(error: BaseException) -> str:
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from lea_desktop.databank import db, mail
    from lea_desktop.databank.app import create_app
    from lea_desktop.databank.settings import Settings

    proxies = _forwarded_allow_ips(args.forwarded_allow_ips)
    try:
        settings = Settings(
            db_url=_db_url(args),
            host=args.host,
            port=args.port,
            log_level=args.log_level,
            page_size=args.page_size,
            validation_workers=_validation_workers(args),
            auth_failures=args.auth_failures,
            auth_window=args.auth_window,
            smtp_url=args.smtp_url if args.smtp_url is not None else os.environ.get(ENV_SMTP, ""),
            mail_from=args.mail_from,
            public_url=args.public_url,
            join_min_seconds=args.join_min_seconds,
            join_limit=args.join_limit,
            join_window=args.join_window,
            webhook_backoff=args.webhook_backoff,
            mail_backoff=args.mail_backoff,
        )
    except ValueError as error:  # a bad --db (DatabaseUrlError), --page-size, --auth-…
        raise CliError(str(error), 2) from None
    _engine(args).dispose()  # fail early, with a message, when the database cannot be opened
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s: %(name)s: %(message)s")
    print(
        f"LEA databank on http://{settings.host}:{settings.port} "
        f"(database {db.describe_url(settings.db_url)}); Ctrl+C stops it.",
        flush=True,
    )
    if settings.signup_ready:
        print(
            f"Public sign-up form at {settings.public_url}/join, emails through "
            f"{mail.describe(settings.smtp_url)} from {settings.mail_from}.",
            flush=True,
        )
    else:
        print(
            "Public sign-up form: unavailable (it needs --smtp-url, --mail-from and "
            "--public-url); /join says so to visitors.",
            flush=True,
        )
    common = dict(
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        timeout_graceful_shutdown=5,
        # The client address (logs, the failed-login limit) is the proxy's X-Forwarded-For
        # only when the connection comes from the proxy itself; from anyone else it is ignored.
        proxy_headers=True,
        forwarded_allow_ips=proxies,
        access_log=False,  # uvicorn's prints query strings; the app logs requests itself
    )
    if args.workers > 1:
        # Worker processes import the app themselves: hand them the settings through the
        # environment (the database URL may hold a password: never on a command line).
        os.environ[ENV_SETTINGS] = json.dumps(settings.to_json())
        uvicorn.run(f"{__name__}:app_from_env", factory=True, workers=args.workers, **common)
    else:
        uvicorn.run(create_app(settings, own_process=True), **common)
    return 0


ENV_SETTINGS = "LEA_DATABANK_SETTINGS"
ENV_SMTP = "LEA_DATABANK_SMTP_URL"


def _forwarded_allow_ips(value: str) -> list[str]:
    """`--forwarded-allow-ips`: addresses or networks, checked; never "*" (any client could
    then claim any address)."""
    import ipaddress

    found = [item.strip() for item in value.split(",") if item.strip()]
    for item in found:
        if item == "*":
            raise CliError(
                "--forwarded-allow-ips: '*' would let any client choose the address the "
                "databank sees; give the reverse proxy's address (e.g. 127.0.0.1)",
                2,
            )
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise CliError(
                f"--forwarded-allow-ips: {item!r} is not an IP address or network", 2
            ) from None
    return found


def _validation_workers(args: argparse.Namespace) -> int:
    """`--validation-workers`, or by default one process per core but one; none by default
    with `--workers N` (N server processes already share the cores)."""
    from lea_desktop.databank.validation import default_workers

    if args.validation_workers is not None:
        return args.validation_workers
    return default_workers() if args.workers <= 1 else 0


def app_from_env():  # type: ignore[no-untyped-def]
    """The app for one of `serve --workers N`'s processes (settings from the environment)."""
    from lea_desktop.databank.app import create_app
    from lea_desktop.databank.settings import Settings

    return create_app(Settings(**json.loads(os.environ[ENV_SETTINGS])), own_process=True)


def token_create(args: argparse.Namespace) -> int:
    from lea_desktop.databank import tokens

    with _opened(args) as engine:
        try:
            with engine.begin() as conn:
                token = tokens.create(
                    conn, args.name, args.device_id, partner=args.partner, scope=args.scope
                )
        except tokens.TokenError as error:
            raise CliError(str(error), 2) from None
    _warn_unknown_partner(tokens.check_partner(args.partner))
    print(
        f"Token for {args.name.strip()} (shown only now; on the laptop run: lea-desktop login --token …):"
    )
    print(token)
    return 0


def token_revoke(args: argparse.Namespace) -> int:
    from lea_desktop.databank import tokens

    with _opened(args) as engine, engine.begin() as conn:
        done = tokens.revoke(conn, args.name)
    if not done:
        raise CliError(f"No active token named {args.name!r}.", 2)
    print(f"Revoked the token of {args.name}.")
    return 0


def token_list(args: argparse.Namespace) -> int:
    from lea_desktop.databank import tokens

    with _opened(args) as engine, engine.connect() as conn:
        found = tokens.list_tokens(conn)
    if not found:
        print("No tokens yet. Make one: lea-databank token create NAME --db …")
    for t in found:
        state = f"revoked {t.revoked_at}" if t.revoked_at else "active"
        device = f"device {t.device_id}" if t.device_id else "device not bound yet"
        partner = f"partner {t.partner}" if t.partner else "no partner"
        print(f"{t.name}\tcreated {t.created_at}\t{state}\t{device}\t{partner}\tscope {t.scope}")
    return 0


def _warn_unknown_partner(partner: str) -> None:
    """A partner name the consortium does not know is kept (a partner may join later), but
    said: a typo would leave the laptop sharing with no one."""
    from lea_desktop.databank import tokens
    from lea_desktop.reference import partners

    if partner and not tokens.consortium_spelling(partner):
        print(
            f"note: {partner!r} is not one of the consortium's partners "
            f"({'; '.join(partners())}); its laptops share records only with tokens and "
            "events of exactly this name.",
            file=sys.stderr,
        )


def token_scope(args: argparse.Namespace) -> int:
    from lea_desktop.databank import tokens

    with _opened(args) as engine:
        try:
            with engine.begin() as conn:
                scope = tokens.set_scope(conn, args.name, args.scope)
        except tokens.TokenError as error:
            raise CliError(str(error), 2) from None
    print(f"{args.name.strip()} now has the scope {scope} (from its laptop's next sync).")
    return 0


def token_partner(args: argparse.Namespace) -> int:
    from lea_desktop.databank import tokens

    with _opened(args) as engine:
        try:
            with engine.begin() as conn:
                partner = tokens.set_partner(conn, args.name, args.partner)
        except tokens.TokenError as error:
            raise CliError(str(error), 2) from None
    print(f"{args.name.strip()} now belongs to the partner {partner}.")
    _warn_unknown_partner(partner)
    return 0


def export(args: argparse.Namespace) -> int:
    from lea_desktop.databank.export import export_csv, export_json

    with _opened(args) as engine:
        try:
            if args.format == "json":
                count = export_json(engine, args.out)
            else:
                count = export_csv(engine, args.out, args.form)
        except FileNotFoundError:
            raise CliError(f"Unknown form {args.form!r}.", 2) from None
        except OSError as error:
            raise CliError(f"Cannot write {args.out}: {error.strerror}") from None
    print(f"Exported {count:,} {'record' if count == 1 else 'records'} to {args.out}")
    return 0


def erase(args: argparse.Namespace) -> int:
    from lea_desktop.databank import repo
    from lea_desktop.sync import protocol

    try:
        ids = [protocol.check_uuid(i.strip().lower()) for i in args.ids]
    except protocol.ProtocolError as error:
        raise CliError(f"{error}: give record UUIDs", 2) from None
    with _opened(args) as engine:
        outcomes = repo.in_transaction(
            engine, lambda conn: repo.erase(conn, ids, "databank", "cli")
        )
    words = {
        "created": "erased",
        "unchanged": "already erased",
        "unknown": "not held: nothing erased",
    }
    for o in outcomes:
        print(f"{o.id}\t{words.get(o.status, o.status)}")
    return 0


def erasure_requests_list(args: argparse.Namespace) -> int:
    from lea_desktop.databank import erasures

    with _opened(args) as engine, engine.connect() as conn:
        found = erasures.list_requests(conn, every=args.all)
    if not found:
        print("No erasure requests waiting." if not args.all else "No erasure requests.")
        return 0
    print("ID\tRECORD\tSTATUS\tASKED AT (UTC)\tASKED BY\tFROM (TOKEN, DEVICE)\tHELD")
    for r in found:
        status = r.status if r.decided_at is None else f"{r.status} {r.decided_at}"
        if r.decided_by:
            status += f" by {r.decided_by}"
        print(
            f"{r.id}\t{r.record_id}\t{status}\t{r.requested_at}\t{r.requested_by or '-'}\t"
            f"{r.token_name}, {r.device_id}\t{'yes' if r.held else 'no (erased)'}"
        )
    return 0


def erasure_request_decide(args: argparse.Namespace) -> int:
    from lea_desktop.databank import erasures, repo

    by = args.by.strip()[:200] or "lea-databank command line"
    with _opened(args) as engine:
        try:
            if args.action == "approve":
                outcome = repo.in_transaction(
                    engine, lambda conn: erasures.approve(conn, args.id, by)
                )
                done = {"created": "erased", "unchanged": "already erased"}.get(
                    outcome.status, "not held: nothing to erase"
                )
                print(
                    f"Approved erasure request {args.id}: {outcome.id} {done}; "
                    "laptops erase their copies at their next sync."
                )
            else:
                rid = repo.in_transaction(engine, lambda conn: erasures.reject(conn, args.id, by))
                print(f"Rejected erasure request {args.id}: {rid} is kept.")
        except erasures.RequestError as error:
            raise CliError(str(error), 2) from None
    return 0


def _read_password() -> str:
    """A new password: the first line of stdin when it is not a terminal (scripts), else asked
    twice without echo. Never a command-line argument (`ps` would show it)."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("The same password again: ") != first:
        raise CliError("The two passwords differ; nothing changed.", 2)
    return first


def user_create(args: argparse.Namespace) -> int:
    from lea_desktop.databank.console import accounts

    password = _read_password()
    with _opened(args) as engine:
        try:
            with engine.begin() as conn:
                user = accounts.create(conn, args.name, args.role, password, args.partner)
        except accounts.AccountError as error:
            raise CliError(str(error), 2) from None
    of = f" of {user.partner}" if user.partner else ""
    print(f"Made {user.role} account {user.username}{of}; sign in at /console/login.")
    return 0


def user_list(args: argparse.Namespace) -> int:
    from lea_desktop.databank.console import accounts

    with _opened(args) as engine, engine.connect() as conn:
        found = accounts.list_users(conn)
    if not found:
        print("No accounts yet. Make one: lea-databank user create NAME --role coordinator")
    for u in found:
        state = f"disabled {u.disabled_at}" if u.disabled_at else "active"
        partner = u.partner or "-"
        print(f"{u.username}\t{u.role}\t{partner}\tcreated {u.created_at}\t{state}")
    return 0


def user_disable(args: argparse.Namespace) -> int:
    from lea_desktop.databank.console import accounts

    with _opened(args) as engine:
        try:
            with engine.begin() as conn:
                accounts.disable(conn, args.name)
        except accounts.AccountError as error:
            raise CliError(str(error), 2) from None
    print(f"Disabled {args.name.strip()}: it can no longer sign in; its sessions ended.")
    return 0


def user_passwd(args: argparse.Namespace) -> int:
    from lea_desktop.databank.console import accounts

    password = _read_password()
    with _opened(args) as engine:
        try:
            with engine.begin() as conn:
                accounts.set_password(conn, args.name, password)
        except accounts.AccountError as error:
            raise CliError(str(error), 2) from None
    print(f"New password for {args.name.strip()}; its sessions ended.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except CliError as error:
        print(f"lea-databank: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a one-line message, never a traceback, never personal data
        print(
            f"lea-databank: unexpected error ({type(error).__name__}: {_first_line(error)})",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
