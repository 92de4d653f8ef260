"""The web console in a real browser (Debian's chromium driven by Playwright) on a tablet's
screen: signing in with the keyboard alone, what a screen reader finds, and signing out."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from lea_desktop.databank.console.web import NAV
from tests.integration.sync.browser_helpers import ARGS, CHROMIUM, needs_chromium
from tests.integration.sync.console_helpers import PASSWORD, console_world, make_user

pytestmark = needs_chromium
TABLET = {"width": 820, "height": 1180}


@pytest.fixture(scope="module")
def world(databank, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Followers of two partners, synced before any browser starts (Playwright's sync API
    keeps an event loop running in this thread, and a sync cycle runs one of its own)."""
    yield from console_world(databank, tmp_path_factory)


@pytest.fixture
def browser_page(databank) -> Iterator:  # type: ignore[no-untyped-def,type-arg]
    """A tablet-sized page that may reach the databank only (anything else would be a
    third-party request: refused and remembered in `page.outside`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport=TABLET, has_touch=True)
            outside: list[str] = []
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(databank.url)
                    else (outside.append(route.request.url), route.abort())
                ),
            )
            page = context.new_page()
            page.outside = outside  # type: ignore[attr-defined]
            yield page
            context.close()
        finally:
            browser.close()


def test_a_coordinator_signs_in_with_the_keyboard_and_out_again(databank, browser_page):
    page = browser_page
    name = make_user(databank)
    page.goto(f"{databank.url}/console/audit")
    assert page.url.endswith("/console/login?next=/console/audit")
    assert page.locator("h1").inner_text() == "Sign in"
    unlabelled = page.locator("input:not([type=hidden]), select").evaluate_all(
        "els => els.filter(e => !e.labels || e.labels.length === 0).map(e => e.name)"
    )
    assert unlabelled == []
    # The name field has the focus; Tab moves to the password, Enter sends.
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type("a wrong password")
    page.keyboard.press("Enter")
    assert page.get_by_role("alert").inner_text() == "The user name or the password is not right."
    assert page.get_by_label("User name").input_value() == name  # kept
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")

    page.wait_for_url("**/console/audit")
    assert page.locator("h1").inner_text() == "Audit log"
    nav = page.get_by_role("navigation", name="Console")
    assert nav.get_by_role("link", name="Audit log").get_attribute("aria-current") == "page"
    # Only the pages this version serves are offered, in the navigation's order
    # (test_console_auth opens every link).
    offered = [a.inner_text() for a in nav.get_by_role("link").all()]
    assert {"Followers", "Dashboard", "Exports", "Audit log"} <= set(offered)
    assert offered == [label for _slug, label in NAV if label in offered]
    assert page.locator("tbody tr").first.inner_text().split("\t")[1:3] == [name, "sign-in"]
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    # The cookie is out of scripts' reach.
    assert "lea_console" not in page.evaluate("document.cookie")
    if os.environ.get("LEA_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["LEA_SCREENSHOTS"], "console-audit.png"),
                        full_page=True)  # fmt: skip

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/console/login")
    page.goto(f"{databank.url}/console/audit")
    assert page.locator("h1").inner_text() == "Sign in"
    assert page.outside == []  # type: ignore[attr-defined]


def _sign_in(page, url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/console/")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_coordinator_finds_opens_and_erases_a_follower(databank, world, browser_page):
    page, ids, tag = browser_page, world["ids"], world["tag"]
    _sign_in(page, databank.url, world["coordinator"])
    page.wait_for_url("**/console/followers")
    assert page.locator("h1").inner_text() == "Followers"

    # Search: accents and case never matter.
    page.get_by_label("Search").fill(f"GOTE {tag}")
    page.get_by_label("Search").press("Enter")
    rows = page.locator("tbody tr[data-id]")
    assert [r.get_attribute("data-id") for r in rows.all()] == [ids["lycee"]]

    # A filter: the suppliers among this test's followers; a hostile name shows as text.
    page.get_by_label("Search").fill(tag)
    page.get_by_label("Type").select_option("supplier")
    page.get_by_role("button", name="Show").click()
    assert [r.get_attribute("data-id") for r in rows.all()] == [ids["hostile"]]
    assert page.locator(f'tr[data-id="{ids["hostile"]}"] a').inner_text() == (
        f'<script>alert("{tag}")</script>'
    )

    # A follower's page: every answer with its label, consent, history.
    page.get_by_label("Type").select_option("")
    page.get_by_role("button", name="Show").click()
    page.locator(f'tr[data-id="{ids["lycee"]}"] a').click()
    assert page.locator("h1").inner_text() == f"Lycée Ørestad {tag}"
    assert page.locator('dd[data-field="city"]').inner_text() == "Göteborg"
    assert page.get_by_role("heading", name="Consent").is_visible()
    assert "created" in page.locator("#history ~ div table").inner_text()

    # A forged CSRF token is refused, nothing changed.
    page.locator('#edit ~ form input[name="csrf_token"]').evaluate("e => e.value = 'forged'")
    page.get_by_label("City", exact=True).fill("Malmö")
    page.get_by_role("button", name="Save changes").click()
    assert page.locator("h1").inner_text() == "Not allowed"
    assert "CSRF" in page.get_by_role("alert").inner_text()
    page.goto(f"{databank.url}/console/followers/{ids['lycee']}")
    assert page.locator('dd[data-field="city"]').inner_text() == "Göteborg"

    # Erasure, with its confirmation.
    page.goto(f"{databank.url}/console/followers/{ids['school']}")
    page.get_by_role("link", name="Erase…").click()
    assert page.locator("h1").inner_text() == "Erase this follower?"
    page.get_by_role("button", name="Erase for good").click()
    page.wait_for_url("**/console/followers?erased=*")
    assert "erased" in page.get_by_role("status").first.inner_text()
    page.get_by_label("Search").fill(tag)
    page.get_by_label("Search").press("Enter")
    shown = {r.get_attribute("data-id") for r in rows.all()}
    assert ids["school"] not in shown and ids["lycee"] in shown
    if os.environ.get("LEA_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["LEA_SCREENSHOTS"], "console-followers.png"),
                        full_page=True)  # fmt: skip
    assert page.outside == []  # type: ignore[attr-defined]


def test_a_partner_cannot_open_another_partner_s_follower(databank, world, browser_page):
    page, ids = browser_page, world["ids"]
    _sign_in(page, databank.url, world["innova"])
    page.wait_for_url("**/console/followers")
    page.goto(f"{databank.url}/console/followers/{ids['hostile']}")
    assert page.locator("h1").inner_text() == "Not allowed"
    assert "another partner" in page.get_by_role("alert").inner_text()
    page.goto(f"{databank.url}/console/followers/{ids['lycee']}")
    assert page.locator("h1").inner_text() == f"Lycée Ørestad {world['tag']}"
