"""Files that hold personal data: private (0600) from the first byte, whole or not at all."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from lea_desktop.paths import atomic_output


def private_output(out: Path) -> AbstractContextManager[BinaryIO]:
    """`paths.atomic_output(out, private=True)`: exports always hold personal data."""
    return atomic_output(out, private=True)
