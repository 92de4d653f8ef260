"""Files that hold personal data: private (0600) from the first byte, whole or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lea_desktop.paths import make_private_file


@contextlib.contextmanager
def private_output(out: Path) -> Iterator[BinaryIO]:
    """A binary handle on a hidden file beside `out`, created 0600; it replaces `out` only when
    the block ends without error, so a failed export never leaves half a file behind.

    Raises OSError (no such folder, read-only, `out` is a folder) for the caller to explain.
    """
    out = Path(out)
    if out.is_dir():
        raise IsADirectoryError(21, "Is a folder; give a file name", str(out))
    tmp = out.with_name(f".{out.name}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    make_private_file(out)
