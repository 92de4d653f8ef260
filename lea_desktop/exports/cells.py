"""Turning answers into spreadsheet cells and back, safely."""

from __future__ import annotations

from typing import Any

from lea_desktop.formkit.model import MULTI_SEPARATOR, Field

# A cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """Prefix a leading formula character with an apostrophe so spreadsheets show it as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def undefuse(text: str) -> str:
    """Undo `defuse` on import, so an exported file imports back unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def to_cell(f: Field, value: Any) -> str:
    if f.is_multi:
        return MULTI_SEPARATOR.join(value or [])
    if f.type == "consent":
        return "yes" if value else "no"
    return "" if value is None else str(value)
