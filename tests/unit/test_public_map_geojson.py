"""The map's GeoJSON is written as text feature by feature: it must be exactly what the json
module makes of the same features, whatever the names hold."""

from __future__ import annotations

import json

from lea_desktop.databank.public_map import MapFollower, geojson

HOSTILE = ['"}]},{"type":"Feature', "back\\slash", "tab\tnew\nline", "\u2028\u2029", "ä ø Ж 中",
           "<script>alert('x')</script>", "\x00\x1f", "😀"]  # fmt: skip


def test_the_geojson_text_is_the_json_modules():
    followers = [
        MapFollower(name, name, "FI", (name, "school"), 25.7209 + i, 62.2415 - i / 3, True)
        for i, name in enumerate(HOSTILE)
    ] + [MapFollower("Plain", "", "SE", (), 16.0, 62.0, False)]
    expected = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [f.lon, f.lat]},
                "properties": {
                    "name": f.name,
                    "city": f.city,
                    "country": f.country,
                    "types": list(f.types),
                },
            }
            for f in followers
        ],
    }
    out = geojson(followers)
    assert out == json.dumps(expected, ensure_ascii=False, separators=(",", ":")).encode()
    assert json.loads(out) == expected
    assert json.loads(geojson([])) == {"type": "FeatureCollection", "features": []}
