"""`python -m lea_desktop` runs the same entry point as the `lea-desktop` script."""

from lea_desktop.cli import main

raise SystemExit(main())
