"""The benchmark cases, in the order they are run and reported. Each module registers itself."""

from bench.cases import importing, save  # noqa: F401
