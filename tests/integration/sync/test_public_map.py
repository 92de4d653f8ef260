"""The public followers map through the real databank: followers saved on a laptop and synced,
then read back by anyone (no token) as GeoJSON and as the /map page."""

from __future__ import annotations

import gzip
import json
import uuid
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from lea_desktop.databank import gazetteer
from lea_desktop.storage import registrations
from lea_desktop.usecases import erasure, followers

GEOJSON = "/api/v1/public/map.geojson"
PRIVATE = ("contact_name", "email", "phone", "notes")


def _answers(organisation: str, **extra: Any) -> dict[str, Any]:
    tag = uuid.uuid4().hex[:10]
    return {
        "organisation": organisation,
        "contact_name": "Maja Lindqvist",
        "email": f"maja.{tag}@example.se",
        "phone": "+46 31 123 45 67",
        "country": "SE",
        "city": "Göteborg",
        "types": ["school"],
        "interests": ["webinars"],
        "notes": f"Private note {tag}",
        "consent_contact": True,
        "consent_map": True,
        **extra,
    }


def _save(laptop, event_id: str, answers: dict[str, Any]):  # type: ignore[no-untyped-def]
    saved = followers.save_new(laptop.store, answers, event_id=event_id, lang="sv")
    assert saved.ok, saved.errors
    return saved.registration


def _map(databank) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """The GeoJSON's features by organisation name."""
    answer = httpx.get(databank.url + GEOJSON)
    assert answer.status_code == 200, answer.text
    collection = answer.json()
    assert collection["type"] == "FeatureCollection"
    return {f["properties"]["name"]: f for f in collection["features"]}


def test_only_followers_who_agreed_are_on_the_map_with_four_properties(databank, make_laptop):
    laptop = make_laptop(databank)
    event = laptop.add_event("Skolforum 2027", city="Stockholm", country="SE")
    tag = uuid.uuid4().hex[:6]
    agreed = _save(laptop, event.id, _answers(f"Hvitfeldtska {tag}"))
    _save(laptop, event.id, _answers(f"Plain Goteborg {tag}", city="Goteborg"))
    _save(laptop, event.id, _answers(f"Hidden {tag}", consent_map=False))
    _save(laptop, event.id, _answers(f"Lost {tag}", country="FI", city="Xyzzyvillex"))
    _save(laptop, event.id, _answers(f"Nowhere {tag}", country="FI", city=""))
    # A country the map does not draw: no place for it.
    _save(laptop, event.id, _answers(f"Far {tag}", country="US", city="Boston"))
    # The box ticked but no proof of the map consent kept with the record: not shown.
    unproven = laptop.add_followers(1, event.id)[0]
    assert registrations.get(laptop.db, unproven).answers["consent_map"] is True
    assert laptop.sync().complete

    shown = {name: f for name, f in _map(databank).items() if name.endswith(tag)}
    assert set(shown) == {f"Hvitfeldtska {tag}", f"Plain Goteborg {tag}", f"Lost {tag}",
                          f"Nowhere {tag}"}  # fmt: skip
    for feature in shown.values():
        assert set(feature["properties"]) == {"name", "city", "country", "types"}
        assert feature["geometry"]["type"] == "Point"
    first = shown[f"Hvitfeldtska {tag}"]
    assert first["properties"] == {"name": f"Hvitfeldtska {tag}", "city": "Göteborg",
                                   "country": "SE", "types": ["school"]}  # fmt: skip
    # Accents and case ignored: both spellings are Gothenburg (57.71 N, 11.97 E).
    lon, lat = first["geometry"]["coordinates"]
    assert abs(lon - 11.97) < 0.05 and abs(lat - 57.71) < 0.05
    assert shown[f"Plain Goteborg {tag}"]["geometry"] == first["geometry"]
    # An unknown city, or none: the centre of Finland drawn on the dashboard's outline.
    centre = gazetteer.from_map(*gazetteer.country_centres()["FI"])
    for name in (f"Lost {tag}", f"Nowhere {tag}"):
        lon, lat = shown[name]["geometry"]["coordinates"]
        assert (lon, lat) == pytest.approx(centre, abs=1e-3)
        assert 20 < lon < 31 and 60 < lat < 70  # in Finland
    # Nothing private of any follower, anywhere in the answer.
    body = httpx.get(databank.url + GEOJSON).text
    assert registrations.get(laptop.db, unproven).answers["organisation"] not in body
    assert agreed.answers["email"] not in body
    for secret in ("Maja Lindqvist", "+46 31", "Private note", "example.se"):
        assert secret not in body


def test_withdrawn_consent_and_erasure_take_the_dot_away(databank, make_laptop):
    laptop = make_laptop(databank)
    event = laptop.add_event("Educa 2027", city="Turku", country="FI")
    tag = uuid.uuid4().hex[:6]
    regs = {
        key: _save(laptop, event.id, _answers(f"{key} {tag}", country="FI", city="Turku"))
        for key in ("withdraws", "erased", "erased-centrally", "stays")
    }
    assert laptop.sync().complete
    before = httpx.get(databank.url + GEOJSON)
    assert {n for n in _map(databank) if n.endswith(tag)} == {f"{k} {tag}" for k in regs}

    withdrawn = followers.save_edit(
        laptop.store, regs["withdraws"].id, {**regs["withdraws"].answers, "consent_map": False}
    )
    assert withdrawn.ok, withdrawn.errors
    assert erasure.erase(laptop.store, regs["erased"].id)
    assert laptop.sync().complete
    # Erased by a coordinator on the server: another process than the one serving the map.
    databank.cli("erase", regs["erased-centrally"].id)

    assert {n for n in _map(databank) if n.endswith(tag)} == {f"stays {tag}"}
    # A client holding the old answer is told it changed.
    again = httpx.get(databank.url + GEOJSON, headers={"If-None-Match": before.headers["etag"]})
    assert again.status_code == 200 and again.headers["etag"] != before.headers["etag"]


def test_the_geojson_is_cacheable_public_data(databank):
    answer = httpx.get(databank.url + GEOJSON)
    assert answer.headers["content-type"] == "application/geo+json"
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in answer.headers
    assert answer.headers["cache-control"] == "public, max-age=30"
    assert answer.headers["x-content-type-options"] == "nosniff"
    same = httpx.get(databank.url + GEOJSON, headers={"If-None-Match": answer.headers["etag"]})
    assert same.status_code == 304 and same.content == b""
    # Compressed for whoever accepts it, the same bytes underneath.
    raw = httpx.get(databank.url + GEOJSON, headers={"Accept-Encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert json.loads(raw.content) == answer.json()  # httpx undid the gzip
    with httpx.stream("GET", databank.url + GEOJSON, headers={"Accept-Encoding": "gzip"}) as s:
        assert gzip.decompress(b"".join(s.iter_raw())) == answer.content
    # Not a page to frame; no token asked, none accepted as a reason to answer differently.
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.texts: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        self.attributes += [v or "" for _, v in attrs]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def test_the_map_page_escapes_names_and_may_be_framed(databank, make_laptop):
    laptop = make_laptop(databank)
    event = laptop.add_event("BETT 2027")
    tag = uuid.uuid4().hex[:6]
    hostile = f'<script>alert("x")</script> & \'Quote\' "Co" {tag}'
    _save(laptop, event.id, _answers(hostile, country="GB", city="London"))
    _save(laptop, event.id, _answers(f"<img src=x onerror=alert(1)> {tag}", city="Malmö"))
    assert laptop.sync().complete

    page = httpx.get(databank.url + "/map")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    html = page.text
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;Quote&#x27;" in html
    parsed = _Scripts()
    parsed.feed(html)
    assert parsed.scripts == 1  # the page's own, nothing a name smuggled in
    # The names come back intact as text and in the dot's attributes.
    assert any(hostile in t for t in parsed.texts)
    assert any(hostile in a for a in parsed.attributes)

    csp = page.headers["content-security-policy"]
    assert "frame-ancestors *" in csp
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert "http" not in csp  # no other host allowed for anything
    # The other answers are not to be framed, the sign-up form included.
    for other in (GEOJSON, "/join"):
        policy = httpx.get(databank.url + other).headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy, other


def test_public_requests_are_limited_per_address(own_databank):
    url = own_databank.url + GEOJSON
    with httpx.Client() as client:
        codes = [client.get(url).status_code for _ in range(300)]
        assert set(codes) == {200}
        refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert "Too many requests" in refused.json()["detail"]


def test_the_map_page_speaks_the_visitors_language(databank, make_laptop):
    """/map in the sign-up form's languages: `?lang=` first, else Accept-Language, else
    English; its words, country names and type labels all in that language, each language's
    page cached (and validated) on its own."""
    from lea_desktop.databank.map_page import texts
    from lea_desktop.formkit import load_form

    laptop = make_laptop(databank)
    event = laptop.add_event("Educa 2027")
    tag = uuid.uuid4().hex[:6]
    _save(laptop, event.id, _answers(f"Göteborgs företag {tag}", types=["supplier"]))
    assert laptop.sync().complete

    def page(query: str = "", language: str = "") -> httpx.Response:
        headers = {"Accept-Language": language} if language else {}
        answer = httpx.get(databank.url + "/map" + query, headers=headers)
        assert answer.status_code == 200
        return answer

    finnish = page(language="fi-FI,fi;q=0.9,en;q=0.5")
    assert '<html lang="fi">' in finnish.text and finnish.headers["content-language"] == "fi"
    assert "<h1>LEA-seuraajat Euroopassa</h1>" in finnish.text
    assert "Ruotsi" in finnish.text  # Sweden, in Finnish (CLDR)
    assert "Toimittaja (yritys, pk-yritys, startup)" in finnish.text  # the type's label
    assert "Hover over" not in finnish.text and "Organisation</th>" not in finnish.text
    assert "Accept-Language" in finnish.headers["vary"]

    # ?lang= wins over the browser's language; an unknown one falls back to the browser's.
    german = page("?lang=de", language="fi")
    assert '<html lang="de">' in german.text and "LEA-Follower in Europa" in german.text
    assert "Schweden" in german.text
    assert '<html lang="fi">' in page("?lang=xx", language="fi").text
    assert '<html lang="en">' in page(language="ja, zh;q=0.8").text  # none the form has
    assert finnish.headers["etag"] != german.headers["etag"]

    languages = load_form().languages
    assert len(languages) == 8
    english = texts("en")
    for code in languages:
        answer = page(f"?lang={code}")
        said = texts(code)
        assert f'<html lang="{code}">' in answer.text
        assert f"<h1>{said['title']}</h1>" in answer.text
        if code != "en":  # every word of the page is written in it, none left in English
            assert all(said[key] != english[key] for key in ("title", "caption", "empty"))
        # A page validated in one language is not another's (the entity tag differs).
        again = httpx.get(
            databank.url + f"/map?lang={code}",
            headers={"If-None-Match": answer.headers["etag"]},
        )
        assert again.status_code == 304


def test_the_map_texts_are_written_in_every_language_of_the_form():
    import tomllib

    from lea_desktop.formkit import load_form
    from lea_desktop.paths import resource

    with open(resource("databank", "map.toml"), "rb") as fh:
        words = tomllib.load(fh)
    languages = set(load_form().languages)
    for key, said in words.items():
        assert set(said) == languages, key
        assert all(text.strip() for text in said.values()), key
