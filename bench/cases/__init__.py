"""The benchmark cases. Each module registers itself; `order=` in its `@case` sets the order."""

from bench.cases import filtering, importing, save  # noqa: F401
