"""The language a visitor's page is in: the public sign-up form's and the followers map's."""

from __future__ import annotations

from starlette.requests import Request

from lea_desktop.formkit import load_form

FORM_ID = "follower_signup"


def visitor_language(request: Request, asked: str | None) -> str:
    """`?lang=` (or the form's hidden `lang`) when the form has it, else the browser's first
    Accept-Language the form has, else English."""
    languages = load_form(FORM_ID).languages
    if asked and asked in languages:
        return asked
    header = request.headers.get("accept-language", "")[:500]
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")[:30]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = tag.strip().split("-")[0].lower()
        if code in languages and quality > 0:
            ranked.append((-quality, i, code))
    return min(ranked)[2] if ranked else "en"
