"""The web console in a real browser (Debian's chromium driven by Playwright) on a tablet's
screen: signing in with the keyboard alone, what a screen reader finds, and signing out."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.integration.sync.browser_helpers import ARGS, CHROMIUM, needs_chromium
from tests.integration.sync.console_helpers import PASSWORD, make_user

pytestmark = needs_chromium
TABLET = {"width": 820, "height": 1180}


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
    # Only the pages this version serves are offered (the followers, dashboard, events,
    # laptops, erasure-request and export pages join the list as they land).
    assert [a.inner_text() for a in nav.get_by_role("link").all()] == ["Audit log"]
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
