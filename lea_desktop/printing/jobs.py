"""One print job described as data, for front ends that preview, save or print it.

The GUI's Cards page builds a `PrintJob` from its widgets, previews `job.pages()` (the same scene
items the PDF is written from), saves it with `job.write_pdf(...)` or paints the pages to a
printer. Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lea_desktop.domain.records import Event
from lea_desktop.printing import cards, paper_form
from lea_desktop.printing.scene import Page

KINDS = ("stand", "staff", "paper")


class JobError(ValueError):
    """The job cannot be made as set up; the message is for the user."""


@dataclass(frozen=True)
class PrintJob:
    kind: str  # stand | staff | paper
    count: int
    layout: str = "a4-10up"  # cards only
    event: Event | None = None  # stand cards and paper sheets
    lang: str = "en"
    signup_url: str = cards.DEFAULT_SIGNUP_URL
    staff: cards.StaffDetails | None = None
    join_url: str = ""  # paper sheets: the databank's public sign-up page, as a QR at the foot

    @property
    def title(self) -> str:
        if self.kind == "stand":
            return f"LEA stand cards — {self.event.name if self.event else ''}"
        if self.kind == "staff":
            return "LEA staff cards"
        return f"LEA sign-up sheets — {self.event.name if self.event else ''}"

    @property
    def private(self) -> bool:
        """Staff cards carry a person's details: their file is readable by the user only."""
        return self.kind == "staff"

    def check(self) -> None:
        if self.kind not in KINDS:
            raise JobError(f"Unknown kind of print job {self.kind!r}.")
        if self.kind in ("stand", "paper") and self.event is None:
            raise JobError("Choose an event first (add one on the Events page).")
        if self.kind == "staff" and self.staff is None:
            raise JobError("Fill in the staff card's details.")
        try:
            if self.kind == "paper":
                if not 1 <= self.count <= paper_form.MAX_SHEETS:
                    raise JobError(f"Print between 1 and {paper_form.MAX_SHEETS:,} sheets.")
            else:
                cards.check_layout(self.layout, self.count)
            if self.staff is not None and self.kind == "staff":
                self.staff.checked()
        except cards.CardError as exc:
            raise JobError(str(exc)) from None

    def pages(self, *, sheet_ids: list[str] | None = None) -> tuple[Iterator[Page], int]:
        """The job's pages (generated lazily) and how many there will be."""
        self.check()
        try:
            if self.kind == "stand":
                assert self.event is not None
                card = cards.stand_card(self.event, signup_url=self.signup_url, lang=self.lang)
                return cards.sheets(card, self.count, self.layout), cards.page_count(
                    self.count, self.layout
                )
            if self.kind == "staff":
                assert self.staff is not None
                card = cards.staff_card(self.staff)
                return cards.sheets(card, self.count, self.layout), cards.page_count(
                    self.count, self.layout
                )
            assert self.event is not None
            from lea_desktop.formkit import load_form

            form = load_form()
            spec = paper_form.SheetSpec(
                form, self.lang, paper_form.event_line(self.event, self.lang),
                footer=paper_form.staff_footer(self.lang), join_url=self.join_url,
            )  # fmt: skip
            per_sheet = len(paper_form.layout_bodies(spec))
            ids = sheet_ids or paper_form.unique_sheet_ids(self.count)
            return paper_form.sheet_pages(spec, self.count, sheet_ids=ids), per_sheet * self.count
        except (cards.CardError, paper_form.PaperFormError) as exc:
            raise JobError(str(exc)) from None

    def write_pdf(
        self,
        out: Path,
        *,
        progress: Callable[[int, int | None], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Write the whole job to `out`; returns the number of pages (see `pdf.write_pages`)."""
        from lea_desktop.printing.pdf import write_pages

        pages, total = self.pages()
        return write_pages(
            pages, Path(out), title=self.title, total=total, private=self.private,
            progress=progress, cancelled=cancelled,
        )  # fmt: skip
