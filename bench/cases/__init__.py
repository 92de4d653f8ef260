"""The benchmark cases. Each module registers itself; `order=` in its `@case` sets the order."""

from bench.cases import cards, filtering, gui_save, importing, memory, save, startup, summary, sync  # noqa: F401
