"""The public form's minimum fill time is measured from when the form was served, to the
millisecond: the signer's own stamp is whole seconds, so a form served at x.99 s and sent back
at once looked a second old and slipped past a 1-second minimum."""

from __future__ import annotations

import time

import pytest

from lea_desktop.databank.signup import FormTokenError, Signer


def test_a_form_sent_back_at_once_is_not_a_second_old(monkeypatch):
    signer = Signer("s" * 64)
    clock = [1_000_000.990]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    token = signer.form_token("/join")
    clock[0] = 1_000_001.010  # 20 ms later, past the whole second
    assert signer.form_age(token, "/join") == pytest.approx(0.02, abs=0.001)
    clock[0] = 1_000_004.000
    assert signer.form_age(token, "/join") == pytest.approx(3.01, abs=0.001)


def test_the_stamp_is_signed_with_the_page(monkeypatch):
    signer = Signer("s" * 64)
    token = signer.form_token("/join/bett-2027")
    with pytest.raises(FormTokenError):
        signer.form_age(token, "/join")
    with pytest.raises(FormTokenError):
        Signer("t" * 64).form_age(token, "/join/bett-2027")
