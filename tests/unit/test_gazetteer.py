"""The public map's places: the lookup key, the projection shared with the dashboard's outline,
and the countries' centres."""

from __future__ import annotations

import pytest

from lea_desktop.databank import gazetteer


def test_the_projection_gives_the_outline_frame():
    xmin, ymin, xmax, ymax = gazetteer.frame()
    assert [0, 0, xmax - xmin, ymax - ymin] == gazetteer.outline()["viewbox"]


@pytest.mark.parametrize(("lon", "lat"), [(-9.14, 38.72), (24.94, 60.17), (10.0, 52.0)])
def test_to_map_and_back(lon, lat):
    assert gazetteer.from_map(*gazetteer.to_map(lon, lat)) == pytest.approx((lon, lat), abs=1e-9)


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Göteborg", "goteborg"), ("  GOTEBORG ", "goteborg"), ("Saint-Étienne", "saint etienne"),
     ("Tromsø", "tromso"), ("Łódź", "lodz"), ("Αθήνα", "αθηνα"), ("Reykjavík", "reykjavik")],
)  # fmt: skip
def test_place_key_drops_case_accents_and_punctuation(typed, key):
    assert gazetteer.place_key(typed) == key


def _inside(point, ring):
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_every_country_centre_is_on_its_land():
    outline = gazetteer.outline()["countries"]
    centres = gazetteer.country_centres()
    assert set(centres) == set(outline)
    for code, centre in centres.items():
        assert _inside(centre, outline[code][0]), code


def test_cities_are_found_by_any_spelling_and_unknown_ones_fall_back():
    places = gazetteer.Gazetteer().places(
        {("SE", "Göteborg"), ("SE", "Gothenburg"), ("se", "GOTEBORG"), ("FI", "Nowhere-on-earth"),
         ("US", "Boston"), ("PT", "Évora")}
    )  # fmt: skip
    assert places[("SE", "Göteborg")] == places[("SE", "Gothenburg")] == places[("se", "GOTEBORG")]
    assert places[("SE", "Göteborg")].exact
    assert places[("PT", "Évora")].lat == pytest.approx(38.57, abs=0.05)
    fallback = places[("FI", "Nowhere-on-earth")]
    assert not fallback.exact
    assert (fallback.lon, fallback.lat) == pytest.approx(
        gazetteer.from_map(*gazetteer.country_centres()["FI"]), abs=1e-3
    )
    assert ("US", "Boston") not in places  # not on the map
