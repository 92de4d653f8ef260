"""`python -m lea_desktop` runs the same entry point as the `lea-desktop` script (and is the
entry script of the PyInstaller bundle)."""

import sys

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # A bundled app starts its worker processes (formkit.batch) by running itself again.
        import multiprocessing

        multiprocessing.freeze_support()

    from lea_desktop.cli import main

    raise SystemExit(main())
