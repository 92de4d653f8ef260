"""LEA Desktop's benchmarks: every speed promise measured against its floor (`make bench`).

`python -m bench [--quick] [--json FILE] [--only NAME]`; see bench/README.md.
"""
