"""The followers map in a real browser: Debian's chromium driven by Playwright, on a laptop-sized
and a phone-sized screen, against the real databank over loopback."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from lea_desktop.usecases import followers
from tests.integration.sync.browser_helpers import ARGS, CHROMIUM, needs_chromium

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _sync(laptop) -> None:  # type: ignore[no-untyped-def]
    """A sync cycle on a thread of its own: Playwright's sync API keeps an asyncio loop running
    on this one, and the sync engine runs its own."""
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(laptop.sync).result().complete


def _follower(laptop, event_id: str, organisation: str, city: str, country: str) -> None:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    saved = followers.save_new(
        laptop.store,
        {"organisation": organisation, "contact_name": "Ana Sousa",
         "email": f"ana.{tag}@example.pt", "phone": "+351 21 123 4567", "country": country,
         "city": city, "types": ["school"], "consent_contact": True, "consent_map": True},
        event_id=event_id,
    )  # fmt: skip
    assert saved.ok, saved.errors


def test_the_map_shows_the_dot_and_its_name_and_asks_no_other_host(databank, make_laptop, browser):
    laptop = make_laptop(databank)
    event = laptop.add_event("Encontro 2027", city="Porto", country="PT")
    tag = uuid.uuid4().hex[:6]
    name = f'Escola "Sá" <b>{tag}</b>'
    _follower(laptop, event.id, name, "Évora", "PT")
    _sync(laptop)

    page = browser.new_page(viewport={"width": 1024, "height": 800})
    hosts = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(databank.url + "/map")
    dot = page.locator(".dot", has_text=tag)
    assert dot.count() == 1
    tip = page.locator("#tip")
    assert tip.is_hidden()
    dot.hover()
    tip.wait_for(state="visible")
    assert name in tip.inner_text()  # as text: the <b> was not made bold
    assert "Évora" in tip.inner_text() and "Portugal" in tip.inner_text()
    assert page.locator("#tip b").count() == 0
    # The table for screen readers holds the same follower.
    page.get_by_text("List of the").click()
    assert page.get_by_role("cell", name=name).is_visible()
    assert set(hosts) == {urlsplit(databank.url).netloc}
    page.close()


def test_a_phone_taps_a_dot(databank, make_laptop, browser):
    laptop = make_laptop(databank)
    event = laptop.add_event("Didacta 2027", city="Köln", country="DE")
    tag = uuid.uuid4().hex[:6]
    _follower(laptop, event.id, f"Gymnasium {tag}", "Köln", "DE")
    _sync(laptop)

    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.goto(databank.url + "/map")
    # The map fits the phone's width: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".dot", has_text=tag).tap()
    page.locator("#tip").wait_for(state="visible")
    assert f"Gymnasium {tag}" in page.locator("#tip").inner_text()
    page.locator("h1").tap()
    page.locator("#tip").wait_for(state="hidden")
    context.close()
