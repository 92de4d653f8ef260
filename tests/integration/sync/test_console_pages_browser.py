"""The console's dashboard and export downloads in a real browser (Debian's chromium driven by
Playwright), on a laptop-sized screen: a coordinator signs in, reads where the consortium stands
for one event (map, member states, Table 8), downloads the newsletter list for Mailchimp, the
summary workbook and the partner report and reads them back; a partner is refused (403) the
pages of other partners' laptops and erasures. No request leaves the databank."""

from __future__ import annotations

import csv
import subprocess
import uuid
from typing import Any

import pytest

from bench.cases.common import populate
from bench.data import followers
from tests.integration.sync.browser_helpers import ARGS, CHROMIUM, needs_chromium
from tests.integration.sync.console_helpers import PASSWORD, make_user

pytestmark = [needs_chromium, pytest.mark.timeout(300)]


def _unmapped(n: int, *, seed: int) -> list[dict[str, Any]]:
    """Generated followers who did not agree to the public map: these tests' followers stay off
    the map that other tests on the same PostgreSQL database look at."""
    return [{**r, "consent_map": False} for r in followers(n, seed=seed)]


@pytest.fixture
def fair(databank, make_laptop):  # type: ignore[no-untyped-def]
    """Synced before the browser starts (Playwright's sync API keeps an event loop running in
    this thread, and a sync cycle runs one of its own)."""
    laptop = make_laptop(databank)
    event = laptop.add_event(f"Online Educa {uuid.uuid4().hex[:6]}", responsible_partner="ENTER")
    rows = [{**r, "types": ["school"]} for r in _unmapped(12, seed=5)]  # none a candidate …
    rows[0] = {**rows[0], "country": "PT", "types": ["procurer"], "interests": ["lea_network"]}
    rows[1] = {**rows[1], "country": "FI", "types": ["procurer"], "interests": ["lea_network"]}
    # … but these two, from Portugal and Finland
    populate(laptop.store, event.id, rows)
    assert laptop.sync().complete
    event.countries = {r["country"] for r in rows}  # type: ignore[attr-defined]
    return event


@pytest.fixture
def page(databank, fair):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900},
                                          accept_downloads=True)  # fmt: skip
            outside: list[str] = []
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(databank.url)
                    else (outside.append(route.request.url), route.abort())
                ),
            )
            tab = context.new_page()
            tab.outside = outside  # type: ignore[attr-defined]
            yield tab
            context.close()
        finally:
            browser.close()


def _sign_in(page, databank, name: str, where: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(databank.url + where)
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(f"**{where.split('?')[0]}*")


def test_a_coordinator_reads_the_dashboard_and_downloads_the_newsletter_list(
    databank, fair, page, tmp_path
):
    name = make_user(databank)
    _sign_in(page, databank, name, f"/console/dashboard?event={fair.id}")
    assert page.locator("h1").inner_text().startswith("Dashboard")
    assert page.locator("[data-figure=followers]").inner_text() == "12"
    # The map is drawn: Portugal and Finland shaded, a member state without followers not.
    assert page.locator("svg path[data-country=PT]").get_attribute("class").startswith("c")
    # ENTER's member states: Austria, Greece, Malta, Slovakia; one of them without followers.
    empty = next(c for c in ("MT", "SK", "GR", "AT") if c not in fair.countries)
    assert page.locator(f"svg path[data-country={empty}]").get_attribute("class") == "none"
    assert page.locator("svg").first.bounding_box()["width"] > 300
    # Table 8: ENTER signed up 2 potential LEA-N members, from Finland and Portugal.
    row = page.locator("#table8 tr[data-partner=ENTER]")
    assert "2 of 2" in row.inner_text() and "Finland, Portugal" in row.inner_text()
    assert page.locator(f"#missing tr[data-country={empty}]").inner_text().endswith("ENTER")
    # The scope selector goes back to the whole consortium.
    page.get_by_label("Figures of").select_option("")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/console/dashboard?event=")
    assert int(page.locator("[data-figure=followers]").inner_text().replace(",", "")) >= 12

    page.get_by_role("link", name="Exports").click()
    page.get_by_label("Mailing tool").select_option("mailchimp")
    page.get_by_label("Followers of").select_option(fair.id)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the list").click()
    download = info.value
    assert download.suggested_filename == "lea-newsletter-mailchimp.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    with open(saved, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 12 and next(iter(rows[0])) == "Email Address"
    assert all(r["Consent Given At"] and r["Consent Text Version"] for r in rows)
    assert page.outside == []  # type: ignore[attr-defined]


def _saved(page, tmp_path, click):  # type: ignore[no-untyped-def]
    with page.expect_download() as info:
        click()
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    return saved


def test_a_coordinator_downloads_the_summary_workbook_and_the_partner_report(
    databank, fair, page, tmp_path
):
    import openpyxl

    name = make_user(databank)
    _sign_in(page, databank, name, "/console/exports")
    page.get_by_label("Figures of").select_option(fair.id)
    page.get_by_label("Summary format").select_option("xlsx")
    book_file = _saved(
        page, tmp_path, page.get_by_role("button", name="Download the summary").click
    )
    assert book_file.suffix == ".xlsx" and fair.name.split()[0].lower() in book_file.name
    book = openpyxl.load_workbook(book_file, read_only=True)
    sheet = list(book["Followers"].iter_rows(values_only=True))
    assert sheet[0][:2] == ("Event", "Registered") and len(sheet) == 13  # 12 followers
    assert {row[0] for row in sheet[1:]} == {fair.name}
    book.close()

    page.get_by_label("Report format").select_option("pdf")
    report = _saved(
        page, tmp_path, page.get_by_role("button", name="Download the partner report").click
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(report), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Appendix 7.1" in text and "ENTER" in text
    # Both downloads are in the audit log.
    page.goto(f"{databank.url}/console/audit?q={report.name}")
    assert page.locator("tbody tr").first.inner_text().count("export") >= 1
    assert page.outside == []  # type: ignore[attr-defined]


def test_a_partner_is_refused_other_partners_laptops_and_erasures(databank, fair, page):
    name = make_user(databank, "partner", "ICLEI")
    _sign_in(page, databank, name, "/console/dashboard")
    # Aggregates: the consortium's dashboard, whole.
    assert int(page.locator("[data-figure=followers]").inner_text().replace(",", "")) >= 12
    labels = page.locator("nav[aria-label=Console] a").all_inner_texts()
    assert "Dashboard" in labels and "Exports" in labels
    assert "Laptops" not in labels and "Erasure requests" not in labels  # coordinators' pages
    answer = page.goto(f"{databank.url}/console/laptops")
    assert answer is not None and answer.status == 403
    assert "Only a coordinator" in page.locator(".problem").inner_text()
    answer = page.goto(f"{databank.url}/console/erasure-requests")
    assert answer is not None and answer.status == 403
    assert page.outside == []  # type: ignore[attr-defined]
