"""Reconciliation asks the databank through the sync engine's own requests: its health check (a
captive portal's 200 login page is no answer) and its retries of transient failures. Through
the fault proxy, against the real databank on 127.0.0.1."""

from __future__ import annotations

import pytest

from lea_desktop.sync import client as c
from lea_desktop.sync.reconcile import reconcile


@pytest.fixture
def synced(databank, make_laptop):
    """A laptop whose 120 records are all held (3 reconcile pages of 50)."""
    laptop = make_laptop(databank)
    event = laptop.add_event()
    ids = laptop.add_followers(120, event.id)
    assert laptop.sync().complete
    return laptop, ids


def test_transient_failures_are_retried_and_the_receipt_is_whole(databank, synced, fault_proxy):
    """A reset health check, then a 502, a cut answer and a 500 on the reconcile pages: each is
    tried again, as a sync would, and the receipt says every record is held."""
    laptop, ids = synced
    proxy = fault_proxy(databank)
    faults = iter(["reset", "pass", "502", "pass", "cut_answer", "pass", "500"])
    proxy.plan = lambda req: next(faults, "pass")
    receipt = reconcile(laptop.store, laptop.client(proxy.url))
    assert receipt.all_held and receipt.local_total == len(ids)
    assert receipt.headline() == "120 records, all held centrally at the same revision"
    for fault in ("reset", "502", "cut_answer", "500"):
        assert proxy.injected[fault] == 1, proxy.injected


@pytest.mark.parametrize("where", ["/api/v1/health", "/api/v1/reconcile"])
def test_a_captive_portals_page_is_never_taken_for_the_databanks_answer(
    databank, synced, fault_proxy, where
):
    """A portal answering 200 with an HTML login page, at the health check or at the first
    page: reconciliation stops at once with the sync's own message, no receipt, no retry."""
    laptop, _ids = synced
    proxy = fault_proxy(databank)
    proxy.plan = lambda req: "portal" if req.path.startswith(where) else "pass"
    with pytest.raises(c.SyncProblem) as info:
        reconcile(laptop.store, laptop.client(proxy.url))
    assert info.value.state == c.CAPTIVE_PORTAL
    assert "captive portal" in info.value.message
    assert proxy.injected["portal"] == 1


def test_a_failure_that_lasts_ends_after_the_engines_retries(databank, synced, fault_proxy):
    """A proxy answering 503 to every reconcile page: tried 1 + `retries` times (the engine's
    limit), then the server error is reported in words."""
    laptop, _ids = synced
    proxy = fault_proxy(databank)
    proxy.plan = lambda req: "503" if req.path.startswith("/api/v1/reconcile") else "pass"
    client = laptop.client(proxy.url, retries=2, backoff_base=0.01)
    with pytest.raises(c.SyncProblem) as info:
        reconcile(laptop.store, client)
    assert info.value.state == c.SERVER_ERROR
    assert "HTTP 503" in info.value.message
    assert proxy.injected["503"] == 3
