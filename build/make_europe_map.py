#!/usr/bin/env python3
"""Convert Natural Earth country shapes (world-atlas TopoJSON) into a small,
pre-projected map of Europe for the offline dashboard.

Usage:
    python3 build/make_europe_map.py PATH/TO/countries-50m.json resources/map/europe.json

See resources/map/README.md for how to fetch the input.

The input is ``countries-50m.json`` (or ``countries-110m.json``) from the npm
package ``world-atlas`` (version 2), which packages Natural Earth 1:50m /
1:110m admin-0 countries as TopoJSON.  Only the Python standard library is
used; this is run once by a developer and the result is committed, so the
application never needs the network or this script at run time.

Steps:
 1. decode the TopoJSON arcs (quantized, delta-encoded, with a transform);
 2. keep the countries of Europe (table below, numeric ISO 3166-1 -> alpha-2);
    polygons far away from Europe (overseas departments, Azores, Madeira,
    Canary Islands, Svalbard, ...) are dropped;
 3. merge entries that belong to one map key (Aland -> FI, N. Cyprus -> CY,
    Crimea -> UA), dissolving the borders they share;
 4. project with a spherical Lambert azimuthal equal-area projection
    centred on 10 E 52 N;
 5. simplify each shared arc with Douglas-Peucker (so neighbours keep
    identical borders), assemble rings, clip them to the map frame
    (this cuts Russia and Turkey at the frame's edge); islands smaller than
    MIN_PART_AREA are dropped, but every country keeps at least one ring;
 6. write rings in a y-down (screen) coordinate system, origin at the top
    left of the frame, rounded to 0.1 unit.
"""

import json
import math
import sys

# --------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------

# Projection: Lambert azimuthal equal-area, spherical, centre 10E 52N.
LON0 = 10.0
LAT0 = 52.0
EARTH_RADIUS_KM = 6371.0
KM_PER_UNIT = 5.0  # output unit = 5 km

# Douglas-Peucker tolerance, in output units.
SIMPLIFY_TOLERANCE = 0.3

# Parts (islands) whose area is smaller than this many square units are
# dropped, except the largest part of each country, which is always kept so
# that small countries (Malta, Luxembourg, Monaco, Vatican, ...) stay on the map.
MIN_PART_AREA = 1.0

# A polygon (island / exclave) is kept only if at least one point of its
# exterior ring lies inside this longitude/latitude window.  This removes
# French overseas departments, Azores, Madeira, the Canary Islands,
# Svalbard, Franz Josef Land and Novaya Zemlya.
KEEP_LON = (-25.0, 60.0)
KEEP_LAT = (34.0, 72.0)

# Map frame, given as longitude/latitude points that must be inside it (plus
# a margin in output units).  Everything is clipped to the resulting
# rectangle in projected coordinates.
FRAME_POINTS = [
    (-24.6, 65.0),  # Iceland, west
    (-10.5, 51.5),  # Ireland, west
    (-9.6, 38.7),  # Portugal, west
    (31.0, 71.2),  # Norway, Nordkinn / Vardo
    (26.0, 71.2),  # North Cape
    (14.2, 35.8),  # Malta
    (24.0, 34.8),  # Crete, south
    (34.7, 35.7),  # Cyprus, east
    (40.2, 49.6),  # Ukraine, east
]
FRAME_MARGIN = 12.0

SOURCE = (
    "Natural Earth admin-0 countries (naturalearthdata.com), "
    "via the npm package world-atlas@2.0.2 ({file})"
)
LICENCE = (
    "Natural Earth data: public domain. world-atlas packaging: ISC "
    "licence, Copyright 2013-2019 Michael Bostock."
)

# --------------------------------------------------------------------------
# Countries kept: ISO 3166-1 numeric (as in world-atlas "id") -> alpha-2.
# --------------------------------------------------------------------------

# fmt: off
NUMERIC_TO_ALPHA2 = {
    # EU-27
    "040": "AT", "056": "BE", "100": "BG", "191": "HR", "196": "CY",
    "203": "CZ", "208": "DK", "233": "EE", "246": "FI", "250": "FR",
    "276": "DE", "300": "GR", "348": "HU", "372": "IE", "380": "IT",
    "428": "LV", "440": "LT", "442": "LU", "470": "MT", "528": "NL",
    "616": "PL", "620": "PT", "642": "RO", "703": "SK", "705": "SI",
    "724": "ES", "752": "SE",
    # EFTA, United Kingdom, micro-states, dependencies
    "578": "NO", "352": "IS", "756": "CH", "438": "LI", "826": "GB",
    "020": "AD", "492": "MC", "674": "SM", "336": "VA",
    "234": "FO", "831": "GG", "832": "JE", "833": "IM", "292": "GI",
    "248": "FI",  # Aland Islands (AX): autonomous region of Finland
    # Western Balkans (Kosovo has no numeric code, see NAME_TO_ALPHA2)
    "008": "AL", "070": "BA", "499": "ME", "807": "MK", "688": "RS",
    # Eastern neighbours, Turkey, Caucasus: clipped at the frame; with the
    # current frame GE, AM, AZ and KZ fall entirely outside it and are omitted
    # from the output, but stay listed in case the frame is widened.
    "804": "UA", "498": "MD", "112": "BY", "643": "RU", "792": "TR",
    "268": "GE", "051": "AM", "031": "AZ", "398": "KZ",
}
# fmt: on

# Polygons moved from one key to another, chosen by the centre of their
# longitude/latitude bounding box: (from, to, (lon_min, lon_max),
# (lat_min, lat_max)).  Natural Earth draws de-facto control and puts Crimea
# in Russia; this map follows the EU position (Crimea is part of Ukraine).
REASSIGN = [
    ("RU", "UA", (32.0, 37.0), (44.0, 46.5)),  # Crimea, Sevastopol
]

# Entries without an ISO numeric id in world-atlas, matched by name.
NAME_TO_ALPHA2 = {
    "Kosovo": "XK",  # user-assigned code, used by the EU and others
    "N. Cyprus": "CY",  # shown as part of Cyprus (EU view)
}


# --------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------


def decode_arcs(topology):
    """Return arcs as lists of integer (quantized) absolute positions."""
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x, y))
        arcs.append(points)
    return arcs


def make_dequantize(topology):
    (sx, sy) = topology["transform"]["scale"]
    (tx, ty) = topology["transform"]["translate"]

    def dequantize(point):
        return (point[0] * sx + tx, point[1] * sy + ty)

    return dequantize


def arc_points(arcs, ref):
    """Points of arc reference ``ref`` (negative = reversed, ~ref)."""
    if ref >= 0:
        return arcs[ref]
    return arcs[~ref][::-1]


def ring_points(arcs, ring):
    points = []
    for ref in ring:
        pts = arc_points(arcs, ref)
        points.extend(pts if not points else pts[1:])
    return points


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def key_of(geometry):
    gid = geometry.get("id")
    if gid is not None:
        return NUMERIC_TO_ALPHA2.get(str(gid).zfill(3))
    return NAME_TO_ALPHA2.get(geometry.get("properties", {}).get("name"))


# --------------------------------------------------------------------------
# Selecting and merging
# --------------------------------------------------------------------------


def polygon_lonlat(arcs, dequantize, polygon):
    """Exterior ring of ``polygon`` in longitude/latitude."""
    return [dequantize(p) for p in ring_points(arcs, polygon[0])]


def bbox_centre(lonlat):
    lons = [p[0] for p in lonlat]
    lats = [p[1] for p in lonlat]
    return ((min(lons) + max(lons)) / 2.0, (min(lats) + max(lats)) / 2.0)


def _inside(value, bounds):
    return bounds[0] <= value <= bounds[1]


def dissolve(arcs, polygons):
    """Merge polygons that share arcs: drop arcs used in both directions and
    stitch the remaining ones into rings.  Polygons sharing nothing are
    returned unchanged."""
    used = {}
    for poly in polygons:
        for ring in poly:
            for ref in ring:
                used[ref] = used.get(ref, 0) + 1
    shared = {ref for ref in used if ~ref in used}
    if not shared:
        return polygons

    untouched = []
    loose = []
    for poly in polygons:
        if any(ref in shared for ring in poly for ref in ring):
            for ring in poly:
                loose.extend(ref for ref in ring if ref not in shared)
        else:
            untouched.append(poly)

    def start(ref):
        return arc_points(arcs, ref)[0]

    def end(ref):
        return arc_points(arcs, ref)[-1]

    by_start = {}
    for ref in loose:
        by_start.setdefault(start(ref), []).append(ref)
    remaining = set(loose)
    stitched = []
    for first in loose:
        if first not in remaining:
            continue
        remaining.discard(first)
        ring = [first]
        while end(ring[-1]) != start(first):
            nxt = [r for r in by_start.get(end(ring[-1]), []) if r in remaining]
            if not nxt:
                raise ValueError("cannot stitch dissolved ring")
            remaining.discard(nxt[0])
            ring.append(nxt[0])
        stitched.append([ring])
    return untouched + stitched


def select_countries(topology, arcs, dequantize):
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        key = key_of(geometry)
        if key is None:
            continue
        for polygon in polygons_of(geometry):
            lonlat = polygon_lonlat(arcs, dequantize, polygon)
            if not any(_inside(lon, KEEP_LON) and _inside(lat, KEEP_LAT) for lon, lat in lonlat):
                continue
            clon, clat = bbox_centre(lonlat)
            target = key
            for src, dst, lon_range, lat_range in REASSIGN:
                if key == src and _inside(clon, lon_range) and _inside(clat, lat_range):
                    target = dst
            countries.setdefault(target, []).append(polygon)
    return {key: dissolve(arcs, polys) for key, polys in countries.items()}


# --------------------------------------------------------------------------
# Projection
# --------------------------------------------------------------------------


def project(lon, lat):
    """Spherical Lambert azimuthal equal-area, in output units, y up."""
    lam = math.radians(lon - LON0)
    phi = math.radians(lat)
    phi0 = math.radians(LAT0)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2.0 / (1.0 + cos_c))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    scale = EARTH_RADIUS_KM / KM_PER_UNIT
    return (x * scale, y * scale)


# --------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------


def _segment_distance(p, a, b):
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
    t = max(0.0, min(1.0, t))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(points, tolerance):
    """Simplify an open polyline, keeping both end points."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index != -1 and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_arc(points, tolerance):
    if len(points) > 3 and points[0] == points[-1]:
        # Closed arc (an island): split at the point farthest from the start
        # and keep the point farthest from that diameter on each side, so
        # the ring never collapses below a quadrilateral.
        far = max(
            range(len(points)),
            key=lambda i: math.hypot(points[i][0] - points[0][0], points[i][1] - points[0][1]),
        )
        halves = [points[: far + 1], points[far:]]
        out = []
        for half in halves:
            s = douglas_peucker(half, tolerance)
            if len(s) == 2 and len(half) > 2:
                mid = max(
                    range(1, len(half) - 1),
                    key=lambda i: _segment_distance(half[i], half[0], half[-1]),
                )
                s = [half[0], half[mid], half[-1]]
            out.extend(s if not out else s[1:])
        return out
    return douglas_peucker(points, tolerance)


def clip_ring(ring, xmin, ymin, xmax, ymax):
    """Sutherland-Hodgman clip of a closed ring (no repeated end point)."""
    edges = [
        (lambda p: p[0] >= xmin, lambda p, q: _cross_x(p, q, xmin)),
        (lambda p: p[0] <= xmax, lambda p, q: _cross_x(p, q, xmax)),
        (lambda p: p[1] >= ymin, lambda p, q: _cross_y(p, q, ymin)),
        (lambda p: p[1] <= ymax, lambda p, q: _cross_y(p, q, ymax)),
    ]
    out = ring
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
    return out


def _cross_x(p, q, x):
    t = (x - p[0]) / (q[0] - p[0])
    return (x, p[1] + t * (q[1] - p[1]))


def _cross_y(p, q, y):
    t = (y - p[1]) / (q[1] - p[1])
    return (p[0] + t * (q[0] - p[0]), y)


def ring_area(ring):
    area = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        area += x1 * y2 - x2 * y1
    return area / 2.0


def clean_ring(ring):
    """Round to 0.1 unit, drop repeated / collinear-back-and-forth points."""
    out = []
    for x, y in ring:
        p = (round(x, 1), round(y, 1))
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    # Remove spikes (A, B, A) that clipping can leave behind.
    changed = True
    while changed and len(out) >= 3:
        changed = False
        n = len(out)
        for i in range(n):
            j = (i + 1) % n
            if out[i - 1] == out[j]:
                out = [p for k, p in enumerate(out) if k not in (i, j)]
                changed = True
                break
    if len(set(out)) < 3 or ring_area(out) == 0:
        return None
    return [[x, y] for x, y in out]


def tiny_square(ring, half=0.1):
    """Square of 2*half units around the mean point of ``ring``."""
    cx = round(sum(p[0] for p in ring) / len(ring), 1)
    cy = round(sum(p[1] for p in ring) / len(ring), 1)
    return [
        [round(cx - half, 1), round(cy - half, 1)],
        [round(cx + half, 1), round(cy - half, 1)],
        [round(cx + half, 1), round(cy + half, 1)],
        [round(cx - half, 1), round(cy + half, 1)],
    ]


# --------------------------------------------------------------------------
# Main conversion
# --------------------------------------------------------------------------


def convert(topology, source_name):
    arcs = decode_arcs(topology)
    dequantize = make_dequantize(topology)
    countries = select_countries(topology, arcs, dequantize)

    # Project and simplify every arc used (once per arc: shared borders stay
    # identical on both sides).
    used = sorted(
        {
            ref if ref >= 0 else ~ref
            for polys in countries.values()
            for poly in polys
            for ring in poly
            for ref in ring
        }
    )
    projected = {}
    for index in used:
        pts = [project(*dequantize(p)) for p in arcs[index]]
        projected[index] = simplify_arc(pts, SIMPLIFY_TOLERANCE)

    def projected_ring(ring):
        points = []
        for ref in ring:
            pts = projected[ref] if ref >= 0 else projected[~ref][::-1]
            points.extend(pts if not points else pts[1:])
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        return points

    # Frame in projected (y-up) coordinates.
    frame = [project(lon, lat) for lon, lat in FRAME_POINTS]
    xmin = min(p[0] for p in frame) - FRAME_MARGIN
    xmax = max(p[0] for p in frame) + FRAME_MARGIN
    ymin = min(p[1] for p in frame) - FRAME_MARGIN
    ymax = max(p[1] for p in frame) + FRAME_MARGIN
    xmin, ymin = math.floor(xmin), math.floor(ymin)
    xmax, ymax = math.ceil(xmax), math.ceil(ymax)

    def to_screen(ring):
        # y-down, origin at the top-left corner of the frame
        return [(x - xmin, ymax - y) for x, y in ring]

    result = {}
    for key in sorted(countries):
        parts = []
        fallback = None
        for poly in countries[key]:
            rings = []
            for index, ring in enumerate(poly):
                if index == 0:
                    # Unsimplified exterior, in case simplification and
                    # rounding make the whole country vanish.
                    raw = [project(*dequantize(p)) for p in ring_points(arcs, ring)]
                    raw = clip_ring(raw, xmin, ymin, xmax, ymax)
                    if len(raw) >= 3:
                        area = abs(ring_area(raw))
                        if fallback is None or area > fallback[0]:
                            fallback = (area, to_screen(raw))
                pts = clip_ring(projected_ring(ring), xmin, ymin, xmax, ymax)
                pts = clean_ring(to_screen(pts)) if len(pts) >= 3 else None
                if pts is None:
                    if index == 0:
                        break  # exterior gone: drop the whole part
                    continue
                rings.append(pts)
            if rings:
                parts.append(rings)
        if not parts and fallback is not None:
            # The country is inside the frame but smaller than the 0.1 unit
            # grid (Monaco): keep a small square at its position.
            parts.append([tiny_square(fallback[1])])
        if not parts:
            continue
        areas = [abs(ring_area(part[0])) for part in parts]
        largest = max(range(len(parts)), key=lambda i: areas[i])
        kept = [part for i, part in enumerate(parts) if i == largest or areas[i] >= MIN_PART_AREA]
        # Largest part first; exteriors are followed by their holes.
        kept.sort(key=lambda part: -abs(ring_area(part[0])))
        result[key] = [ring for part in kept for ring in part]

    width, height = xmax - xmin, ymax - ymin
    return {
        "source": SOURCE.format(file=source_name),
        "licence": LICENCE,
        "projection": (
            f"Lambert azimuthal equal-area (spherical, R={EARTH_RADIUS_KM:g} km), "
            f"centre {LON0:g}E {LAT0:g}N; 1 unit = {KM_PER_UNIT:g} km; y grows "
            "downwards (north at top), origin at the top-left corner of the viewbox"
        ),
        "format": (
            "countries: ISO 3166-1 alpha-2 (XK = Kosovo) -> list of rings; each "
            "ring is a list of [x, y], implicitly closed; holes are separate "
            "rings, so fill with the odd-even rule (Qt::OddEvenFill)"
        ),
        "viewbox": [0, 0, width, height],
        "countries": result,
    }


def dump(data):
    """JSON with one country per line (small, but diff-friendly)."""
    compact = dict(separators=(",", ":"), ensure_ascii=False)
    lines = ["{"]
    for key in ("source", "licence", "projection", "format", "viewbox"):
        lines.append(f"{json.dumps(key)}:{json.dumps(data[key], **compact)},")
    lines.append('"countries":{')
    items = list(data["countries"].items())
    for i, (code, rings) in enumerate(items):
        sep = "," if i < len(items) - 1 else ""
        lines.append(f"{json.dumps(code)}:{json.dumps(rings, **compact)}{sep}")
    lines.append("}}")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(f"usage: {argv[0]} WORLD_ATLAS_TOPOJSON OUTPUT_JSON\n")
        return 2
    source_path, output_path = argv[1], argv[2]
    with open(source_path, encoding="utf-8") as f:
        topology = json.load(f)
    data = convert(topology, source_path.replace("\\", "/").rsplit("/", 1)[-1])
    text = dump(data)
    with open(output_path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    n_points = sum(len(r) for rings in data["countries"].values() for r in rings)
    n_rings = sum(len(r) for r in data["countries"].values())
    sys.stderr.write(
        f"{output_path}: {len(data['countries'])} countries, {n_rings} rings, "
        f"{n_points} points, {len(text.encode('utf-8'))} bytes\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
