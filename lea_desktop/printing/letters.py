"""The LEA-N letter of intent (seed report Appendix 7.4) and the assistance & support request
(Appendix 7.3) as printouts for one follower.

The letter's words come from `resources/printing/letter_of_intent.toml`, unchanged; only the
organisation's name, the ticked tasks, the date and the representative are filled in. The
assistance request is the paper form engine (`paper_form`) driven by forms/assistance_request.toml:
filled from saved requests, or blank to write on with the follower's organisation prefilled.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from lea_desktop.domain.records import Registration
from lea_desktop.formkit import Form, load_form
from lea_desktop.paths import resource
from lea_desktop.printing import fonts, strings
from lea_desktop.printing.paper_form import SheetSpec, render_filled
from lea_desktop.printing.pdf import atomic_output
from lea_desktop.printing.scene import GREY, LEA_BLUE, MM

BLANK_NAME = "\u00a0" * 48  # a line to write the organisation's name on
FRAME_PADDING = 6  # points: reportlab's frames inset their text by this much
TICKED, UNTICKED = "\u2612", "\u2610"  # ☒ ☐


class LetterError(ValueError):
    """A letter that cannot be made as asked; the message is for the user."""


@cache
def letter_text() -> dict[str, Any]:
    with open(resource("printing", "letter_of_intent.toml"), "rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class LetterDetails:
    """What one printed letter is filled with."""

    organisation: str = ""
    tasks: tuple[str, ...] = ()  # choice values of the form's "tasks" field; () = none ticked
    representative: str = ""
    position: str = ""
    date: str = ""  # YYYY-MM-DD, or "" for a blank line
    reference: str = ""  # printed small at the foot (the follower's id), to file the signed copy

    @classmethod
    def from_answers(cls, form: Form, answers: dict[str, Any], **extra: Any) -> LetterDetails:
        """From answers to forms/letter_of_intent.toml (its field ids are this feature's own)."""
        return cls(
            organisation=str(answers.get("organisation") or ""),
            tasks=tuple(answers.get("tasks") or ()),
            representative=str(answers.get("representative") or ""),
            position=str(answers.get("position") or ""),
            **extra,
        )


def task_lines(form: Form, chosen: Sequence[str]) -> list[tuple[bool, str]]:
    """(ticked, text) per task of the form, worded as the letter's list items."""
    choices = form.field("tasks").choices
    out = []
    for n, c in enumerate(choices):
        label = c.label("en")
        text = label[:1].lower() + label[1:]
        out.append((c.value in chosen, text + (";" if n < len(choices) - 1 else ".")))
    return out


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    fonts.register()
    regular = fonts.font_name("regular")
    base = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14.2, spaceAfter=7)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=fonts.font_name("bold"),
            fontSize=15,
            leading=19,
            textColor=LEA_BLUE,
            spaceAfter=8,
        ),
        "notice": ParagraphStyle(
            "notice", parent=base, fontSize=8.5, leading=11.5, textColor=GREY, spaceAfter=12
        ),
        "task": ParagraphStyle(
            "task", parent=base, leftIndent=7 * MM, firstLineIndent=-5.5 * MM, spaceAfter=4
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=GREY),
    }


def _page_decoration(reference: str) -> Any:
    def draw(canvas: Any, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFillColorRGB(*LEA_BLUE)
        canvas.setFont(fonts.font_name("bold"), 18)
        left = doc.leftMargin + FRAME_PADDING
        canvas.drawString(left, height - 16 * MM, "LEA")
        canvas.setFillColorRGB(*GREY)
        canvas.setFont(fonts.font_name("regular"), 7.5)
        canvas.drawString(
            doc.leftMargin + 17 * MM, height - 16 * MM, "Learning Technology Accelerator"
        )
        if reference:
            canvas.drawRightString(width - doc.rightMargin - FRAME_PADDING, 10 * MM, reference)
        canvas.restoreState()

    return draw


def letter_story(details: LetterDetails, form: Form) -> list[Any]:
    """The letter as reportlab flowables."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

    text = letter_text()
    st = _styles()
    org = escape(details.organisation)
    org_in_text = f"<b>{org}</b>" if org else f"<u>{BLANK_NAME}</u> {escape(text['blank_hint'])}"
    story: list[Any] = [
        Paragraph(escape(text["title"]), st["title"]),
        Paragraph(text["notice"], st["notice"]),
    ]
    for para in text["paragraphs"]:
        story.append(Paragraph(para.replace("{organisation}", org_in_text), st["body"]))
    intro = text["tasks_intro"].replace("{organisation}", org or f"<u>{BLANK_NAME}</u>")
    tasks = [Paragraph(intro, st["body"])]
    for ticked, line in task_lines(form, details.tasks):
        mark = TICKED if ticked else UNTICKED
        tasks.append(Paragraph(f"<font size='12'>{mark}</font>\u2002{escape(line)}", st["task"]))
    story.append(KeepTogether(tasks))
    story.append(Spacer(1, 9 * MM))

    date = strings.format_date(details.date, "en") if details.date else "_" * 22
    sign_rows = [
        [Paragraph(f"{escape(text['date_label'])} {escape(date)}", st["body"]), ""],
        [Paragraph("<br/><br/>" + "_" * 40, st["body"]), ""],
    ]
    who = ", ".join(x for x in (details.representative, details.position) if x)
    if details.representative:  # the appendix's words, then the named signer
        sign_rows.append([Paragraph(escape(text["signature_label"]), st["body"]), ""])
        sign_rows.append([Paragraph(escape(who), st["body"]), ""])
    else:  # nobody named: label the signature line and leave one for the name
        sign_rows.append([Paragraph(escape(text["signature_blank_label"]), st["body"]), ""])
        blank = escape(text["name_blank_label"]) + " " + "_" * 30
        if who:  # a position without a name
            blank = f"{escape(text['name_blank_label'])} {'_' * 22}, {escape(who)}"
        sign_rows.append([Paragraph("<br/>" + blank, st["body"]), ""])
    seal = Paragraph(f"<b>{escape(text['seal_label'])}</b>", st["small"])
    sign_rows[0][1] = seal
    table = Table(sign_rows, colWidths=[95 * MM, 68 * MM], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("SPAN", (1, 0), (1, len(sign_rows) - 1)),
        ("BOX", (1, 0), (1, len(sign_rows) - 1), 0.6, (0.62, 0.62, 0.65)),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
    ]))  # fmt: skip
    story.append(KeepTogether([table]))
    return story


def render_letter(details: LetterDetails, out: Path) -> int:
    """Write the letter of intent; returns the number of pages. The file is private (0600)."""
    from reportlab.platypus import SimpleDocTemplate

    from lea_desktop.printing.scene import A4

    form = load_form("letter_of_intent")
    unknown = [t for t in details.tasks if t not in form.field("tasks").choice_values()]
    if unknown:
        allowed = ", ".join(form.field("tasks").choice_values())
        raise LetterError(f"Unknown task {', '.join(unknown)}; choose from {allowed}.")
    decoration = _page_decoration(details.reference)
    with atomic_output(Path(out), private=True) as fh:
        doc = SimpleDocTemplate(
            fh, pagesize=A4, leftMargin=20 * MM, rightMargin=20 * MM, topMargin=24 * MM,
            bottomMargin=16 * MM, title=letter_text()["title"], author="LEA Desktop",
        )  # fmt: skip
        doc.build(letter_story(details, form), onFirstPage=decoration, onLaterPages=decoration)
        return int(doc.page)


# --- assistance & support request --------------------------------------------------------------


def assistance_specs(
    follower: Registration,
    saved: Sequence[Registration],
    prefill: dict[str, Any],
    *,
    lang: str = "en",
) -> list[SheetSpec]:
    """One filled form per saved request, or one blank form with `prefill` when none is saved."""
    form = load_form("assistance_request")
    footer = (
        "For staff — keying in: lea-desktop assistance-add --follower "
        f"{follower.id} --answer FIELD=TEXT … (fields: {', '.join(form.field_ids())}), "
        "or the follower's Assistance request action in the app."
    )
    if not saved:
        return [
            SheetSpec(form, lang, answers=dict(prefill), footer=footer, numbered=False, hint=True)
        ]
    specs = []
    for reg in saved:
        when = strings.format_date(reg.created_at[:10], lang)
        subtitle = f"{strings.text('received', lang)}: {when}"
        specs.append(SheetSpec(form, lang, answers=dict(reg.answers), subtitle=subtitle, numbered=False,
                               hint=False))  # fmt: skip
    return specs


def render_assistance(
    follower: Registration,
    saved: Sequence[Registration],
    prefill: dict[str, Any],
    out: Path,
    *,
    lang: str = "en",
) -> int:
    """Write the follower's assistance request(s), filled or blank; returns the page count."""
    specs = assistance_specs(follower, saved, prefill, lang=lang)
    return render_filled(specs, out, title=specs[0].form.title(lang))
