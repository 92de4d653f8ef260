"""Folding text for the filter: accents and case never matter ("gote" finds Göteborg, "LYCEE"
finds Lycée, "strasse" finds Straße).

SQLite's trigram tokenizer (3.40, Debian 12) folds case but cannot remove diacritics, so the
search text is stored folded and every typed term is folded the same way before it is matched:
both sides meet in plain lower-case letters. NFKD splits a letter from its accents (é → e + ́),
the combining marks are dropped, and casefold handles case (ß → ss). Letters that are not a
base letter plus a mark (ø, æ, ł, đ, þ …) are spelled out as a reader would type them.
"""

from __future__ import annotations

import unicodedata

# Letters NFKD leaves whole, as someone without the key would type them.
_SPELLED = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ĸ": "k",
        "ſ": "s",
    }
)


def fold(text: str) -> str:
    """`text` without accents, lower-case (casefolded): what the filter indexes and looks up."""
    if text.isascii():  # nearly every answer: lower() is casefold() for ASCII
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.translate(_SPELLED)
