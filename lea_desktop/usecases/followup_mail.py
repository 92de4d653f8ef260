"""Follow-up email drafts: a welcome, or the LEA-N invitation with the letter of intent attached
for procurers, in the follower's language, from `resources/followup/templates.toml`.

A draft is built with the standard `email` package (an `EmailMessage`) and either saved as an
`.eml` file (0600: it holds the follower's name and address; `X-Unsent: 1` makes Outlook and
Thunderbird open it as a message to edit and send) or turned into a `mailto:` link for the
system mail client. A mailto link cannot carry an attachment: the letter travels only in the
`.eml`. Nothing is sent from here, and nothing of the draft is logged.
"""

from __future__ import annotations

import tempfile
import tomllib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lea_desktop.domain.kpi import PROCURER, TYPES_FIELD
from lea_desktop.domain.records import Registration
from lea_desktop.formkit import load_form
from lea_desktop.paths import atomic_output, resource
from lea_desktop.storage import Store, events, registrations, settings
from lea_desktop.usecases import followup

WELCOME = "welcome"
LEA_N_INVITATION = "lea_n_invitation"
TEMPLATES = (WELCOME, LEA_N_INVITATION)
LETTER_FILE = "LEA-N letter of intent.pdf"


class DraftError(ValueError):
    """A draft that cannot be made (no email address, an unknown template): for the user."""


@cache
def _templates() -> dict[str, Any]:
    with open(resource("followup", "templates.toml"), "rb") as fh:
        return tomllib.load(fh)


def is_procurer(reg: Registration) -> bool:
    return PROCURER in (reg.answers.get(TYPES_FIELD) or ())


def suggested_template(reg: Registration) -> str:
    """The LEA-N invitation for procurers, the welcome for everyone else."""
    return LEA_N_INVITATION if is_procurer(reg) else WELCOME


@dataclass(frozen=True)
class Draft:
    to: str
    to_name: str
    subject: str
    body: str
    lang: str
    template: str
    sender: str = ""  # the staff member's address ("" when not set: the mail client fills it)
    sender_name: str = ""
    attachment: tuple[str, bytes] | None = None  # (file name, PDF bytes)

    def message(self) -> EmailMessage:
        """The draft as an email message (UTF-8 text, the letter as a PDF part)."""
        msg = EmailMessage()
        msg["To"] = formataddr((_one_line(self.to_name), self.to))
        if self.sender:
            msg["From"] = formataddr((_one_line(self.sender_name), self.sender))
        msg["Subject"] = _one_line(self.subject)
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain="lea-desktop.invalid")
        msg["X-Unsent"] = "1"  # opened as a draft to send, not a received message
        msg.set_content(self.body)
        if self.attachment is not None:
            name, data = self.attachment
            msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
        # Last: set_content and add_attachment move the Content-* headers there are.
        msg["Content-Language"] = self.lang
        return msg

    def mailto(self) -> str:
        """A `mailto:` link (RFC 6068) with the subject and body; never the attachment."""
        body = self.body.replace("\r\n", "\n").replace("\n", "\r\n")
        return (
            f"mailto:{quote(self.to, safe='@')}?subject={quote(_one_line(self.subject), safe='')}"
            f"&body={quote(body, safe='')}"
        )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _Blank(dict):
    def __missing__(self, key: str) -> str:  # an unknown placeholder stays visible to staff
        return "{" + key + "}"


def compose(store: Store, reg_id: str, template: str | None = None) -> Draft:
    """The draft for one follower: `template` (default: `suggested_template`) in their language,
    signed with this laptop's staff name and partner, the letter of intent attached to the
    LEA-N invitation of a procurer."""
    db = store.db
    reg = registrations.get(db, reg_id)
    if reg is None:
        raise DraftError("This follower no longer exists (erased).")
    address = str(reg.answers.get("email") or "").strip()
    if not address:
        raise DraftError("This follower has no email address.")
    template = template or suggested_template(reg)
    if template not in TEMPLATES:
        raise DraftError(f"Unknown template {template}; choose from {', '.join(TEMPLATES)}.")
    form = load_form(reg.form_id)
    lang = followup.language_of(reg, form)
    texts = _templates()[template]
    event = events.get(db, reg.event_id) if reg.event_id else None
    contact = _one_line(reg.answers.get("contact_name") or "")
    organisation = _one_line(reg.answers.get("organisation") or "")
    values = _Blank(
        greeting_name=contact or organisation,
        organisation=organisation,
        event=event.name if event else "",
        sender_name=settings.get(db, "staff.name") or "",
        sender_partner=settings.get(db, "staff.partner") or "LEA",
    )
    pick = lambda part: texts[part].get(lang) or texts[part]["en"]  # noqa: E731
    attachment = None
    if template == LEA_N_INVITATION and is_procurer(reg):
        attachment = (LETTER_FILE, letter_pdf(store, reg))
    return Draft(
        to=address,
        to_name=contact,
        subject=pick("subject").format_map(values),
        body=pick("body").format_map(values),
        lang=lang,
        template=template,
        sender=settings.get(db, "staff.email") or "",
        sender_name=values["sender_name"],
        attachment=attachment,
    )


def letter_pdf(store: Store, reg: Registration) -> bytes:
    """The follower's letter of intent as `lea-desktop loi` prints it (undated, to sign)."""
    from lea_desktop.printing import letters
    from lea_desktop.usecases import procurers

    answers = procurers.loi_answers(store, reg)
    details = letters.LetterDetails.from_answers(
        load_form(procurers.LOI_FORM), answers, reference=f"Follower {reg.id}"
    )
    with tempfile.TemporaryDirectory(prefix="lea-loi-") as folder:
        out = Path(folder) / "letter.pdf"
        letters.render_letter(details, out)
        return out.read_bytes()


def save_eml(draft: Draft, out: Path) -> Path:
    """Write the draft as an `.eml` file, private (0600) and whole or not at all."""
    with atomic_output(Path(out), private=True) as fh:
        fh.write(draft.message().as_bytes())
    return Path(out)
