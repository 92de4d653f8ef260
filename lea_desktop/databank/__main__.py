"""`python -m lea_desktop.databank` = `lea-databank`."""

from lea_desktop.databank.cli import main

raise SystemExit(main())
