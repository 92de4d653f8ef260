"""Where a follower goes on the public map: an offline gazetteer and the dashboard's projection.

A follower's place is looked up by country and city in `resources/map/places.tsv.gz` (GeoNames'
places of at least 1,000 inhabitants in the countries the map draws, made by
`build/make_gazetteer.py`), with accents, case and punctuation ignored (`place_key`). A city the
gazetteer does not know, or none given, puts the follower at its country's centre, taken from
the same Natural Earth outline the map draws (`resources/map/europe.json`). A country the map
does not draw has no place: such a follower is not on the map.

Coordinates on the drawing use the outline's own projection (Lambert azimuthal equal-area
centred on 10°E 52°N, 1 unit = 5 km, y down from the frame's top-left corner): the constants
below are those of `build/make_europe_map.py`, and a test checks that they give its frame.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from lea_desktop.paths import resource

LON0, LAT0 = 10.0, 52.0
UNITS_PER_RADIAN = 6371.0 / 5.0  # Earth's radius in output units (1 unit = 5 km)
FRAME_POINTS = [(-24.6, 65.0), (-10.5, 51.5), (-9.6, 38.7), (31.0, 71.2), (26.0, 71.2),
                (14.2, 35.8), (24.0, 34.8), (34.7, 35.7), (40.2, 49.6)]  # fmt: skip
FRAME_MARGIN = 12.0

# Letters NFKD does not take apart into a base letter and an accent.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ð": "d",
                       "ı": "i", "ħ": "h", "ŧ": "t"})  # fmt: skip
_NOT_WORD = re.compile(r"[\W_]+")


def place_key(name: str) -> str:
    """`name` as a lookup key: case, accents and punctuation dropped ("Göteborg" → "goteborg",
    "Saint-Étienne" → "saint etienne")."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    return _NOT_WORD.sub(" ", text).strip()


# --------------------------------------------------------------------------- projection


def _project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area, in output units, y up (as the build script)."""
    lam, phi, phi0 = math.radians(lon - LON0), math.radians(lat), math.radians(LAT0)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2.0 / (1.0 + cos_c))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x * UNITS_PER_RADIAN, y * UNITS_PER_RADIAN


@cache
def frame() -> tuple[int, int, int, int]:
    """(xmin, ymin, xmax, ymax) of the drawing's frame in projected units, as the build script
    computes it."""
    points = [_project(lon, lat) for lon, lat in FRAME_POINTS]
    return (
        math.floor(min(p[0] for p in points) - FRAME_MARGIN),
        math.floor(min(p[1] for p in points) - FRAME_MARGIN),
        math.ceil(max(p[0] for p in points) + FRAME_MARGIN),
        math.ceil(max(p[1] for p in points) + FRAME_MARGIN),
    )


def to_map(lon: float, lat: float) -> tuple[float, float]:
    """A longitude and latitude as a point of the drawing (x right, y down)."""
    x, y = _project(lon, lat)
    xmin, _, _, ymax = frame()
    return x - xmin, ymax - y


def from_map(sx: float, sy: float) -> tuple[float, float]:
    """A point of the drawing as (longitude, latitude): the projection's inverse."""
    xmin, _, _, ymax = frame()
    x, y = (sx + xmin) / UNITS_PER_RADIAN, (ymax - sy) / UNITS_PER_RADIAN
    rho = math.hypot(x, y)
    if rho == 0:
        return LON0, LAT0
    c = 2 * math.asin(min(1.0, rho / 2))
    phi0 = math.radians(LAT0)
    lat = math.asin(math.cos(c) * math.sin(phi0) + y * math.sin(c) * math.cos(phi0) / rho)
    lon = math.radians(LON0) + math.atan2(
        x * math.sin(c), rho * math.cos(phi0) * math.cos(c) - y * math.sin(phi0) * math.sin(c)
    )
    return math.degrees(lon), math.degrees(lat)


# --------------------------------------------------------------------------- the outline


@cache
def outline() -> dict[str, Any]:
    """`resources/map/europe.json`: the dashboard's Natural Earth outline."""
    with open(resource("map", "europe.json"), encoding="utf-8") as fh:
        return json.load(fh)


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, cx, cy) of a polygon ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        n = len(ring)
        return 0.0, sum(p[0] for p in ring) / n, sum(p[1] for p in ring) / n
    return area / 2, cx / (3 * area), cy / (3 * area)


def _crossings(ring: list[list[float]], y: float) -> list[float]:
    """Where the horizontal line at `y` crosses the ring's edges, sorted."""
    xs = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    return sorted(xs)


@cache
def country_centres() -> dict[str, tuple[float, float]]:
    """Each country's centre on the drawing: the centroid of its largest part (the outline
    lists it first), or, for a shape that bends around its centroid (Croatia, Norway), the
    middle of the widest stretch of land on the centroid's parallel."""
    centres = {}
    for code, rings in outline()["countries"].items():
        ring = rings[0]
        _, cx, cy = _ring_centroid(ring)
        xs = _crossings(ring, cy)
        stretches = list(zip(xs[::2], xs[1::2], strict=False))
        if stretches and not any(a <= cx <= b for a, b in stretches):
            a, b = max(stretches, key=lambda s: s[1] - s[0])
            cx = (a + b) / 2
        centres[code] = (round(cx, 1), round(cy, 1))
    return centres


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class Place:
    lon: float
    lat: float
    exact: bool  # the city was found; False: the country's centre


class Gazetteer:
    """Places by (country, city), looked up in the gazetteer file only for what followers name.

    The file holds ~77,000 places; keeping them all in memory would cost the server tens of
    megabytes for the few hundred cities followers live in. Instead the answers are remembered
    (found or not), and the file is read once per batch of cities not asked about before."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple[float, float] | None] = {}
        self._lock = threading.Lock()

    def places(self, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Place]:
        """The place of each (country code, city as typed) that has one on the map."""
        keyed = {(cc, city): (cc.upper(), place_key(city)) for cc, city in wanted}
        with self._lock:
            missing = {k for k in keyed.values() if k[1] and k not in self._known}
            if missing:
                self._known.update(self._read(missing))
        centres = country_centres()
        found: dict[tuple[str, str], Place] = {}
        for asked, key in keyed.items():
            hit = self._known.get(key)
            if hit is not None:
                found[asked] = Place(hit[1], hit[0], True)
            elif key[0] in centres:
                lon, lat = from_map(*centres[key[0]])
                found[asked] = Place(round(lon, 4), round(lat, 4), False)
        return found

    @staticmethod
    def _read(missing: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[float, float] | None]:
        found: dict[tuple[str, str], tuple[float, float] | None] = dict.fromkeys(missing)
        countries = {cc for cc, _ in missing}
        with gzip.open(resource("map", "places.tsv.gz"), "rt", encoding="utf-8") as fh:
            for line in fh:
                cc, lat, lon, _, names = line.rstrip("\n").split("\t")
                if cc not in countries:
                    continue
                for name in names.split("|"):
                    key = (cc, name)
                    # Lines go by population, largest first: the first place of a name wins.
                    if key in found and found[key] is None:
                        found[key] = (float(lat), float(lon))
        return found
