"""The public sign-up form behind the stand cards' QR code: `/join`, `/join/<event-slug>` and
the confirmation link `/join/confirm/<token>`.

Plain HTML built from `forms/follower_signup.toml` (the laptop's fields, help texts, choices,
consent texts and validation), in the form's languages, without JavaScript and without any
third-party request. Anonymous visitors may only create a sign-up, which waits for its email
address to be confirmed (`signup.py`); the answer never says whether an address is known.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import math
import tomllib
from base64 import b64encode
from collections.abc import Callable
from email.charset import QP, Charset
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid
from functools import cache
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection

from lea_desktop import reference
from lea_desktop.databank import db, outbox, repo, signup
from lea_desktop.databank.languages import visitor_language
from lea_desktop.databank.limits import AuthLimiter
from lea_desktop.domain import clock
from lea_desktop.domain.countries import countries_for_picker
from lea_desktop.formkit import Form, load_form, validate
from lea_desktop.formkit.messages import attention_summary
from lea_desktop.paths import resource

log = logging.getLogger("lea_desktop.databank.join")
router = APIRouter(include_in_schema=False)

FORM_ID = "follower_signup"
MAX_FORM_BYTES = 32_000  # the form's longest answers fit many times over
LANGUAGE_NAMES = {
    "en": "English", "fi": "Suomi", "sv": "Svenska", "de": "Deutsch", "it": "Italiano",
    "pt": "Português", "es": "Español", "fr": "Français",
}  # fmt: skip
_INPUT = {  # field type → (input type, autocomplete, inputmode)
    "email": ("email", "email", "email"),
    "phone": ("tel", "tel", "tel"),
    "url": ("url", "url", "url"),
}
_AUTOCOMPLETE = {"organisation": "organization", "contact_name": "name", "city": "address-level2"}


class SignupLimiter:
    """Submissions per client address in a sliding window (every POST counts)."""

    def __init__(self, limit: int, window: int) -> None:
        self._counts = AuthLimiter(limit, window)

    def admit(self, address: str) -> int:
        """0 when `address` may submit now (and count it); else seconds to wait."""
        wait = self._counts.retry_after(address)
        if not wait:
            self._counts.failed(address)
        return wait


# --------------------------------------------------------------------------- texts and pages


@cache
def _texts() -> dict[str, dict[str, str]]:
    with open(resource("databank", "join.toml"), "rb") as fh:
        return tomllib.load(fh)


def _t(lang: str) -> dict[str, str]:
    return {key: texts.get(lang) or texts["en"] for key, texts in _texts().items()}


@cache
def _env() -> Environment:
    # Templates ship with the package: compiled once, never checked again for changes
    # (auto_reload stats each file on every page otherwise).
    return Environment(
        loader=FileSystemLoader(resource("databank", "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


@cache
def _text_env() -> Environment:
    """The plain-text email's templates (no HTML escaping), compiled once."""
    return Environment(
        loader=FileSystemLoader(resource("databank", "templates")),
        autoescape=False,
        auto_reload=False,
    )


@cache
def _css() -> tuple[str, str]:
    """The page's style sheet (inline) and its CSP hash source."""
    css = resource("databank", "templates", "join.css").read_text(encoding="utf-8").strip()
    digest = b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return css, f"'sha256-{digest}'"


def _headers() -> dict[str, str]:
    return {
        # Nothing but this page's own inline style: no script, no third party, no framing.
        "Content-Security-Policy": (
            f"default-src 'none'; style-src {_css()[1]}; img-src 'self'; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",  # the confirmation link's token stays on this page
        "Cache-Control": "no-store",
    }


def _page(template: str, status: int = 200, headers: dict[str, str] | None = None, **ctx: Any):  # type: ignore[no-untyped-def]
    form = load_form(FORM_ID)
    lang = ctx["lang"]
    ctx.setdefault("t", _t(lang))
    ctx.setdefault("heading", form.title(lang))
    ctx.setdefault("title", ctx["heading"])
    html = (
        _env()
        .get_template(template)
        .render(
            css=_css()[0],
            languages=[(code, LANGUAGE_NAMES.get(code, code)) for code in form.languages],
            **ctx,
        )
    )
    return HTMLResponse(html, status, headers={**_headers(), **(headers or {})})


def _message(lang: str, title_key: str, body: str, status: int = 200, **extra: Any):  # type: ignore[no-untyped-def]
    t = _t(lang)
    return _page("message.html", status, lang=lang, heading=t[title_key], body=body, **extra)


# --------------------------------------------------------------------------- the form


def _fields(
    form: Form, lang: str, values: dict[str, Any], errors: dict[str, str]
) -> list[dict[str, Any]]:
    """What the template draws for each field a visitor fills in."""
    out: list[dict[str, Any]] = []
    section = ""
    for f in form.public_fields():
        item: dict[str, Any] = {
            "id": f.id,
            "anchor": f.id if f.type not in ("multichoice",) else f"group-{f.id}",
            "type": f.type,
            "label": f.label(lang),
            "help": f.help(lang),
            "required": f.required,
            "max_length": f.max_length,
            "error": errors.get(f.id, ""),
            "section_title": form.section_title(f.section, lang) if f.section != section else "",
        }
        section = f.section
        value = values.get(f.id)
        if f.type == "multichoice":
            ticked = set(value or ())
            item["choices"] = [
                {"value": c.value, "label": c.label(lang), "checked": c.value in ticked}
                for c in f.choices
            ]
            if item["anchor"] != f.id:
                item["anchor"] = f"group-{f.id}"
        elif f.type == "consent":
            item["checked"] = bool(value)
            item["help"] = reference.consent_text(f.consent or "", lang).text
        elif f.type == "country":
            item["value"] = str(value or "")
            item["countries"] = countries_for_picker(lang)
        else:
            item["value"] = str(value or "")
            kind, complete, mode = _INPUT.get(f.type, ("text", _AUTOCOMPLETE.get(f.id, ""), ""))
            item.update(input_type=kind, autocomplete=complete, inputmode=mode)
        out.append(item)
    return out


def _form_page(
    request: Request,
    path: str,
    lang: str,
    event: dict[str, Any] | None,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    problem: str = "",
    status: int = 200,
):  # type: ignore[no-untyped-def]
    form = load_form(FORM_ID)
    t = _t(lang)
    errors = errors or {}
    app = request.app
    return _page(
        "form.html",
        status,
        lang=lang,
        t=t,
        intro=form.intro(lang),
        event=t["at_event"].format(event=event["name"]) if event else "",
        available=app.state.join_mail is not None,
        action=f"{path}?lang={lang}",  # a refusal before the form is read speaks it too
        form_token=app.state.join_signer.form_token(path),
        fields=_fields(form, lang, values or {}, errors),
        errors=errors,
        problem=problem or (attention_summary(len(errors), lang) if errors else ""),
    )


def _answers(form: Form, posted: dict[str, list[str]]) -> dict[str, Any]:
    """The posted inputs as answers: one per public field (a checkbox absent is unticked);
    anything else sent is ignored."""
    answers: dict[str, Any] = {}
    for f in form.public_fields():
        sent = posted.get(f.id, [])
        if f.type == "multichoice":
            answers[f.id] = list(dict.fromkeys(sent))[:50]
        elif f.type == "consent":
            answers[f.id] = bool(sent) and sent[0] == "yes"
        else:
            answers[f.id] = sent[0] if sent else ""
    return answers


async def _event(request: Request, slug: str | None) -> tuple[bool, dict[str, Any] | None]:
    """(found, event): `/join` has no event; `/join/<slug>` needs an event with that slug."""
    if slug is None:
        return True, None
    engine = request.app.state.engine

    def find() -> dict[str, Any] | None:
        with db.read_connection(engine) as conn, conn.begin():
            return signup.event_for_slug(conn, slug)

    event = await asyncio.to_thread(find)
    return event is not None, event


def _not_found(lang: str):  # type: ignore[no-untyped-def]
    t = _t(lang)
    return _message(
        lang, "not_found_title", t["not_found_body"], 404, link="/join", link_text=t["back_to_form"]
    )


@router.get("/join", response_class=HTMLResponse)
async def join_page(request: Request, lang: str | None = None):  # type: ignore[no-untyped-def]
    """The sign-up form, without an event."""
    return _form_page(request, "/join", visitor_language(request, lang), None)


@router.get("/join/confirm/{token}", response_class=HTMLResponse)
async def confirm(request: Request, token: str, lang: str | None = None):  # type: ignore[no-untyped-def]
    """The confirmation link of the email: store the follower, say thank you."""
    app = request.app
    pending = app.state.join_signer.pending_id(token[:2000])
    form = load_form(FORM_ID)
    engine = app.state.engine
    key = app.state.consortium_key
    held_lang = None
    record_id = None
    if pending is not None:

        def confirm_held() -> tuple[str | None, str | None]:
            # The follower is worked out (validation, JSON, hashes, search text, directory
            # entry) before the write lock is taken: the visitors confirming at once queue on
            # that lock, which then covers only the reads that check it and the writes.
            with db.read_connection(engine) as conn, conn.begin():
                made = signup.prepare(conn, form, pending, key)
            if made is None:
                return None, None

            def store(conn: Connection) -> str | None:
                return signup.store(conn, form, made, key)

            # Two links of one address opened at once (PostgreSQL): the second transaction
            # to commit fails the address's unique key and runs again, updating the first's
            # follower (`store` sees the follower changed and works it out again).
            return made.lang, repo.in_transaction(engine, store)

        held_lang, record_id = await asyncio.to_thread(confirm_held)
    lang = visitor_language(request, lang or held_lang)
    t = _t(lang)
    if record_id is None:
        return _message(
            lang,
            "link_dead_title",
            t["link_dead_body"].format(days=signup.PENDING_DAYS),
            410,
            link="/join",
            link_text=t["back_to_form"],
        )
    log.info("web sign-up confirmed: record %s", record_id)
    return _message(lang, "thanks_title", t["thanks_body"])


@router.get("/join/{slug}", response_class=HTMLResponse)
async def join_event_page(request: Request, slug: str, lang: str | None = None):  # type: ignore[no-untyped-def]
    """The sign-up form of one event (the stand cards' QR code opens it)."""
    lang = visitor_language(request, lang)
    found, event = await _event(request, slug)
    if not found:
        return _not_found(lang)
    return _form_page(request, f"/join/{quote(slug)}", lang, event)


@router.post("/join", response_class=HTMLResponse)
async def join_submit(request: Request):  # type: ignore[no-untyped-def]
    return await _submit(request, None)


@router.post("/join/{slug}", response_class=HTMLResponse)
async def join_event_submit(request: Request, slug: str):  # type: ignore[no-untyped-def]
    return await _submit(request, slug)


async def _read_form(request: Request) -> dict[str, list[str]] | None:
    """The posted form's inputs; None when the body is not a form of at most MAX_FORM_BYTES
    of UTF-8 (read no further than that)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return None
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    try:
        text = bytes(body).decode("utf-8")
        return parse_qs(
            text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=200
        )
    except (UnicodeDecodeError, ValueError):
        return None


async def _submit(request: Request, slug: str | None):  # type: ignore[no-untyped-def]
    app = request.app
    asked = request.query_params.get("lang")
    client = request.client.host if request.client else "-"
    wait = app.state.join_limiter.admit(client)
    if wait:
        lang = visitor_language(request, asked)
        minutes = max(1, math.ceil(wait / 60))
        return _message(
            lang,
            "too_many_title",
            _t(lang)["too_many_body"].format(minutes=minutes),
            429,
            headers={"Retry-After": str(wait)},
        )
    posted = await _read_form(request)
    if posted is None:
        lang = visitor_language(request, asked)
        status = 413 if _too_large(request) else 400
        return _message(lang, "bad_request_title", _t(lang)["bad_request_body"], status)
    lang = visitor_language(request, (posted.get("lang") or [asked or ""])[0])
    found, event = await _event(request, slug)
    if not found:
        return _not_found(lang)
    path = "/join" if slug is None else f"/join/{quote(slug or '')}"
    form = load_form(FORM_ID)
    answers = _answers(form, posted)
    t = _t(lang)
    if app.state.join_mail is None:  # nothing can be confirmed: keep nothing, say so
        return _form_page(request, path, lang, event, values=answers, status=503)
    try:
        age = app.state.join_signer.form_age((posted.get("form_token") or [""])[0], path)
    except signup.FormTokenError:
        return _form_page(
            request, path, lang, event, values=answers, problem=t["form_expired"], status=400
        )
    if age < app.state.settings.join_min_seconds:
        return _form_page(
            request, path, lang, event, values=answers, problem=t["too_fast"], status=400
        )
    checked = validate(form, answers, lang=lang)
    if not checked.ok:
        return _form_page(
            request, path, lang, event, values=answers, errors=checked.errors, status=422
        )
    if any(v.strip() for v in posted.get("fax", [])):
        # A robot filled the field people never see: it gets the answer a person would, and
        # nothing is kept or sent.
        log.info("web sign-up dropped: honeypot filled")
        return _message(lang, "check_email_title", _check_email(t))
    event_id = event["id"] if event else ""
    await _hold(request, form, checked.cleaned, lang, event_id)
    return _message(lang, "check_email_title", _check_email(t))


def _check_email(t: dict[str, str]) -> str:
    return t["check_email_body"].format(days=signup.PENDING_DAYS)


def _too_large(request: Request) -> bool:
    declared = request.headers.get("content-length", "")
    return not declared.isdigit() or int(declared) > MAX_FORM_BYTES


async def _hold(
    request: Request, form: Form, cleaned: dict[str, Any], lang: str, event_id: str
) -> None:
    """Keep the sign-up with its confirmation email due now (one transaction) and wake the
    sender (`outbox.py`): the visitor does not wait for the SMTP server, and the sign-up is
    kept while that server is away (the email is sent when it is back)."""
    app = request.app
    engine = app.state.engine
    domain = app.state.settings.mail_from.rpartition("@")[2]

    def hold() -> str:
        # The row is made before the write lock is taken: a hundred visitors at once queue on
        # that lock, and each holder's Python work competes for the GIL with theirs.
        row = signup.pending_row(form, cleaned, lang=lang, event_id=event_id, mail_domain=domain)
        with db.write_lock(engine), engine.begin() as conn:
            return signup.hold(conn, row)

    await asyncio.to_thread(hold)
    sender = getattr(app.state, "outbox", None)
    if sender is not None:
        sender.wake()
    log.info("web sign-up held, confirmation email queued")


def outbox_email(settings: Any, signer: signup.Signer) -> Callable[[outbox.Due], Message]:
    """How the outbox makes a held sign-up's confirmation email (from its row)."""

    def build(due: outbox.Due) -> Message:
        cleaned = json.loads(due.answers)
        token = signer.confirm_token(due.id, due.created_at)
        link = f"{settings.public_url}/join/confirm/{token}"
        return confirmation_email(
            cleaned, due.lang, link, sender=settings.mail_from, to=str(cleaned.get("email", "")),
            message_id=due.message_id, held_at=due.created_at,
        )  # fmt: skip

    return build


def confirmation_email(
    cleaned: dict[str, Any], lang: str, link: str, *, sender: str, to: str,
    message_id: str | None = None, held_at: str | None = None,
) -> Message:  # fmt: skip
    """The confirmation email in the visitor's language: plain text and HTML (escaped).
    `message_id`: the one made when the sign-up was held (a new one without); `held_at`: when
    it was held (ISO), its Date (now without). The same arguments make the same message.

    Made with the `email` package's compat32 classes: about a third of `EmailMessage`'s cost
    (0.7 vs 2.2 ms), which the outbox's sender threads pay holding the GIL the server's
    requests need. An address that is not ASCII needs SMTPUTF8, which only `EmailMessage`
    asks for (`smtplib.send_message`): such an email is made that way."""
    t = _t(lang)
    ctx = {
        "lang": lang,
        "subject": t["mail_subject"],
        "greeting": t["mail_greeting"].format(name=cleaned.get("contact_name", "")),
        "body": t["mail_body"].format(
            organisation=cleaned.get("organisation", ""), days=signup.PENDING_DAYS
        ),
        "button": t["mail_button"],
        "ignore": t["mail_ignore"],
        "link": link,
    }
    text = _text_env().get_template("mail.txt").render(**ctx)
    page = _env().get_template("mail.html").render(**ctx)
    subject = t["mail_subject"]
    message: Message
    if sender.isascii() and to.isascii():
        message = MIMEMultipart("alternative")
        message.attach(MIMEText(text, "plain", _utf8_qp()))
        message.attach(MIMEText(page, "html", _utf8_qp()))
        message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    else:
        message = EmailMessage()
        message.set_content(text)
        message.add_alternative(page, subtype="html")
        # After the content: setting it clears the message's Content-* headers.
        message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    when = clock.parse_iso(held_at) if held_at else clock.now()
    message["Date"] = format_datetime(when.astimezone(dt.UTC))
    message["Message-ID"] = message_id or make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Content-Language"] = lang
    message["Auto-Submitted"] = "auto-generated"
    return message


def _utf8_qp() -> Charset:
    """UTF-8 bodies in quoted-printable (readable, as `EmailMessage` writes them), not base64."""
    charset = Charset("utf-8")
    charset.body_encoding = QP
    return charset


# --------------------------------------------------------------------------- housekeeping


async def purge_loop(app: Any, every: float = 3600.0) -> None:
    """Delete held sign-ups older than 7 days now and then every `every` seconds."""
    engine = app.state.engine

    def purge() -> int:
        with db.write_lock(engine), engine.begin() as conn:
            return signup.purge_pending(conn)

    while True:
        try:
            gone = await asyncio.to_thread(purge)
            if gone:
                log.info("deleted %d unconfirmed web sign-ups older than %d days", gone, 7)
        except Exception as error:  # a busy or unreachable database: try again next time
            log.warning("could not delete old web sign-ups: %s", type(error).__name__)
        await asyncio.sleep(every)
