"""The one entry point, `lea-desktop`: with no sub-command it opens the GUI.

Each sub-command group lives in `lea_desktop/commands/<group>.py` and offers `register(sub)`;
modules import their heavy dependencies inside the handlers, so `--version` and `--help` stay fast.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lea_desktop import __version__

if TYPE_CHECKING:
    import argparse

COMMAND_MODULES = (
    "lea_desktop.commands.core",
    "lea_desktop.commands.privacy",
    "lea_desktop.commands.selfcheck",
    "lea_desktop.commands.sync",
    "lea_desktop.commands.printing",
    "lea_desktop.commands.reports",
    "lea_desktop.commands.scan",
    "lea_desktop.commands.directory",
)


class CliError(Exception):
    """A problem to report as one line, with exit status `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def build_parser() -> argparse.ArgumentParser:
    import argparse  # not for the GUI: opening the app needs no parser

    parser = argparse.ArgumentParser(
        prog="lea-desktop",
        description="Sign organisations up as LEA Followers, offline first. "
        "Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"lea-desktop {__version__}")
    parser.add_argument(
        "--kiosk", action="store_true", help="open the self-service sign-up form full screen"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if os.name == "posix":
        # Everything this process creates is private to the user from its first byte: SQLite's
        # -wal/-shm and temp files, PDFs with names, exports, the sync token, logs. Files the app
        # also chmods explicitly keep 0600; this covers the ones a library creates for us.
        os.umask(0o077)
    words = list(sys.argv[1:] if argv is None else argv)
    if words in ([], ["--kiosk"]):
        # The GUI, the common case: no sub-command, so no need to build every command's parser
        # (which imports each command module); start-up time is what staff see.
        from lea_desktop.ui.app import run

        return run(kiosk=bool(words))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from lea_desktop.ui.app import run

        return run(kiosk=args.kiosk)
    from lea_desktop.storage import StorageError

    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"lea-desktop: {exc}", file=sys.stderr)
        return exc.code
    except StorageError as exc:
        print(f"lea-desktop: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lea-desktop: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback in front of a user; the log has the details
        logging.getLogger("lea_desktop.cli").exception("command %s failed", args.command)
        print(
            f"lea-desktop: unexpected error ({type(exc).__name__}); details in the log file",
            file=sys.stderr,
        )
        return 1
