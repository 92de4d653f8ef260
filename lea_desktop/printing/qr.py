"""QR codes as lists of dark rectangles, ready to draw as vector shapes.

A code is encoded once per payload (cached): a thousand stand cards carry the same sign-up link,
and encoding is the slow part (~5 ms, mostly qrcode trying its eight masks). The dark modules of
each row are merged into runs, and runs repeated straight below each other into one taller
rectangle, so a card's QR is a few hundred rectangles drawn as ONE filled path: crisp at any
size, no hairline seams between neighbouring modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

QUIET_ZONE = 4  # modules of white margin around the code, required by ISO/IEC 18004


@dataclass(frozen=True)
class QrMatrix:
    """One encoded payload: `size` modules per side (quiet zone included) and its dark areas."""

    payload: str
    size: int
    version: int
    rects: tuple[tuple[int, int, int, int], ...]  # (column, row, width, height); row 0 is the top

    def dark_modules(self) -> set[tuple[int, int]]:
        """Every dark (column, row), for tests and debugging."""
        return {
            (c, r)
            for col, row, w, h in self.rects
            for r in range(row, row + h)
            for c in range(col, col + w)
        }


class QrTooLong(ValueError):
    """The payload does not fit in the largest QR code."""


@lru_cache(maxsize=512)
def encode(payload: str) -> QrMatrix:
    """Encode `payload` (UTF-8, error correction M, quiet zone of 4 modules); cached per payload."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    from qrcode.exceptions import DataOverflowError

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=QUIET_ZONE)
    code.add_data(payload)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:
        raise QrTooLong(f"Too much text for a QR code ({len(payload)} characters).") from exc
    matrix = code.get_matrix()  # list of rows of bools, quiet zone included
    return QrMatrix(payload, len(matrix), int(code.version or 0), _rects(matrix))


def _rects(matrix: list[list[bool]]) -> tuple[tuple[int, int, int, int], ...]:
    """Merge dark modules into row runs, then stack identical runs of consecutive rows."""
    done: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], int] = {}  # (column, width) → first row of the stack
    last_row = -1
    for r, row in enumerate(matrix):
        runs: set[tuple[int, int]] = set()
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                runs.add((start, c - start))
            else:
                c += 1
        for key in [k for k in open_runs if k not in runs]:
            top = open_runs.pop(key)
            done.append((key[0], top, key[1], r - top))
        for key in runs:
            open_runs.setdefault(key, r)
        last_row = r
    for key, top in open_runs.items():
        done.append((key[0], top, key[1], last_row + 1 - top))
    done.sort(key=lambda t: (t[1], t[0]))
    return tuple(done)
