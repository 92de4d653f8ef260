"""The public followers map as one HTML page (`GET /map`): Europe drawn as inline SVG from the
dashboard's Natural Earth outline, a dot per place with followers, and the same followers as a
table for screen readers and keyboards.

Everything is in the page: no tiles, fonts or scripts from anywhere, so the only thing a browser
asks the databank for is the page. Its style and script (`resources/map/page/`) are inline and
allowed by their SHA-256 in the page's Content-Security-Policy (`CSP`); every text of a
follower is HTML-escaped, in elements and attributes alike.

Its words are in the visitor's language (`render(..., lang=)`: the sign-up form's languages,
chosen as the form chooses them), from `resources/databank/map.toml`; country names from CLDR
and the types' labels from the form, in that language too.
"""

from __future__ import annotations

import base64
import hashlib
import tomllib
from collections import defaultdict
from functools import cache
from html import escape

from lea_desktop.databank import gazetteer
from lea_desktop.databank.public_map import MapFollower, _form
from lea_desktop.domain.countries import country_name
from lea_desktop.paths import resource

NAMES_IN_TIP = 8  # organisations named in a dot's tip; the rest are counted
HIT_RADIUS = 11.0  # an invisible disc around each dot, for fingers (map units)


@cache
def _texts() -> dict[str, dict[str, str]]:
    with open(resource("databank", "map.toml"), "rb") as fh:
        return tomllib.load(fh)


def texts(lang: str) -> dict[str, str]:
    """The page's words in `lang` (English for a language they are not written in)."""
    return {key: said.get(lang) or said["en"] for key, said in _texts().items()}


def _counted(t: dict[str, str], key: str, count: int) -> str:
    return t[f"{key}_one" if count == 1 else f"{key}_other"].format(count=f"{count:,}")


@cache
def _asset(name: str) -> str:
    return resource("map", "page", name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@cache
def csp() -> str:
    """The page's Content-Security-Policy: nothing but its own inline style and script, and
    framing allowed anywhere (it is made to be embedded; it holds only public data and no
    form or link that acts)."""
    return (
        "default-src 'none'; "
        f"style-src {_hash(_asset('map.css'))}; script-src {_hash(_asset('map.js'))}; "
        "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors *"
    )


@cache
def _outlines() -> tuple[tuple[str, str], ...]:
    """(country code, SVG path data) of every country (holes drawn by the even-odd rule)."""
    return tuple(
        (code, " ".join("M" + " L".join(f"{x:g} {y:g}" for x, y in ring) + " Z" for ring in rings))
        for code, rings in sorted(gazetteer.outline()["countries"].items())
    )


def _land(countries: set[str]) -> str:
    """The countries as SVG paths; those with followers on the map a shade darker."""
    has = ' class="has"'
    return "".join(f'<path{has if code in countries else ""} d="{d}"/>' for code, d in _outlines())


def _type_labels(types: tuple[str, ...], lang: str) -> str:
    field = next((f for f in _form().fields if f.id == "types"), None)
    labels = []
    for value in types:
        choice = field.choice(value) if field else None
        labels.append(choice.label(lang) if choice else value)
    return ", ".join(labels)


def _radius(count: int) -> float:
    return round(min(4.0 + 1.6 * (count - 1) ** 0.5, 14.0), 1)


def render(followers: list[MapFollower], lang: str = "en") -> bytes:
    """The whole page, for these followers, in `lang`."""
    t = texts(lang)
    places: dict[tuple[float, float], list[MapFollower]] = defaultdict(list)
    for f in followers:
        x, y = gazetteer.to_map(f.lon, f.lat)
        places[(round(x, 1), round(y, 1))].append(f)
    width, height = gazetteer.outline()["viewbox"][2:]
    countries = {f.country for f in followers}
    # Larger dots first, so that a small one is never hidden under a big neighbour.
    dots = []
    for (x, y), here in sorted(places.items(), key=lambda p: (-len(p[1]), p[0])):
        first = here[0]
        named = [f.name for f in here[:NAMES_IN_TIP]]
        if len(here) > NAMES_IN_TIP:
            named.append(t["more"].format(count=len(here) - NAMES_IN_TIP))
        where = first.city if first.exact and first.city else ""
        place = ", ".join(p for p in (where, country_name(first.country, lang)) if p)
        label = f"{place}: {'; '.join(named)}"
        radius = _radius(len(here))
        # The tip shows one name a line (the script sets them as text, kept by CSS pre-line).
        dots.append(
            f'<g class="dot" tabindex="0" role="img" aria-label="{escape(label)}" '
            f'data-names="{escape(chr(10).join(named))}" data-place="{escape(place)}">'
            f"<title>{escape(label)}</title>"
            f'<circle class="hit" cx="{x:g}" cy="{y:g}" r="{max(radius, HIT_RADIUS)}"/>'
            f'<circle cx="{x:g}" cy="{y:g}" r="{radius}"/></g>'
        )
    rows = "".join(
        f"<tr><td>{escape(f.name)}</td><td>{escape(f.city)}</td>"
        f"<td>{escape(country_name(f.country, lang))}</td>"
        f"<td>{escape(_type_labels(f.types, lang))}</td></tr>"
        for f in followers
    )
    count = len(followers)
    lede = (
        t["lede"].format(
            organisations=_counted(t, "organisations", count),
            countries=_counted(t, "countries", len(countries)),
        )
        if count
        else t["empty"]
    )
    e = {key: escape(text) for key, text in t.items()}
    page = f"""<!DOCTYPE html>
<html lang="{escape(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{e["title"]}</title>
<style>{_asset("map.css")}</style></head>
<body><main>
<h1>{e["title"]}</h1>
<p class="lede">{escape(lede)}</p>
<figure class="map">
<svg viewBox="0 0 {width} {height}" aria-labelledby="map-title" role="group">
<title id="map-title">{e["map_label"]}</title>
<g class="land" aria-hidden="true">{_land(countries)}</g>
<g class="dots">{"".join(dots)}</g>
</svg>
<div class="tip" id="tip" role="status" hidden></div>
<figcaption>{e["caption"]}</figcaption>
</figure>
<details><summary>{escape(t["list"].format(count=f"{count:,}"))}</summary>
<table><caption class="source">{e["table_caption"]}</caption>
<thead><tr><th scope="col">{e["organisation"]}</th><th scope="col">{e["city"]}</th>
<th scope="col">{e["country"]}</th><th scope="col">{e["type"]}</th></tr></thead>
<tbody>{rows}</tbody></table></details>
<p class="source">{e["sources"]} <a href="/api/v1/public/map.geojson">map.geojson</a>.</p>
</main>
<script>{_asset("map.js")}</script>
</body></html>
"""
    return page.encode("utf-8")
