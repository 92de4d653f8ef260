"""Validating many rows at once: worker processes give exactly the one-process results, in order."""

from __future__ import annotations

import pytest

from lea_desktop.formkit import batch, load_form


def _rows(n: int):
    """n rows, every 7th with a bad email and every 11th missing its organisation."""
    for i in range(n):
        answers = {
            "organisation": "" if i % 11 == 0 else f"Koulu {i}",
            "contact_name": "Aino Virtanen",
            "email": f"aino{i}@koulu{i % 40}.example.fi" if i % 7 else f"aino{i}-at-koulu",
            "phone": "040 123 4567",
            "country": "FI",
            "types": "school;procurer",
            "consent_contact": "yes",
        }
        yield i + 2, answers


def test_worker_processes_match_one_process_row_for_row():
    """5,000 rows through the process pool: same cleaned answers and errors, same order."""
    form = load_form()
    serial = list(batch.validate_rows(form, _rows(5000), parallel=False))
    parallel = list(batch.validate_rows(form, _rows(5000), parallel=True))
    assert parallel == serial
    assert [n for n, _, _ in parallel] == list(range(2, 5002))
    bad = [n for n, cleaned, _ in parallel if cleaned is None]
    assert len(bad) == len({i for i in range(5000) if i % 7 == 0 or i % 11 == 0})


def test_small_inputs_stay_in_this_process(monkeypatch):
    """One chunk or less is not worth starting worker processes."""

    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a small input")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", no_pool)
    results = list(batch.validate_rows(load_form(), _rows(batch.CHUNK)))
    assert len(results) == batch.CHUNK


def test_without_worker_processes_the_rows_are_checked_here(monkeypatch):
    """A machine where processes cannot start still validates everything (same results)."""

    def refused(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    form = load_form()
    expected = list(batch.validate_rows(form, _rows(4500), parallel=False))
    monkeypatch.setattr(batch, "ProcessPoolExecutor", refused)
    assert list(batch.validate_rows(form, _rows(4500), parallel=True)) == expected


@pytest.mark.parametrize("n", [0, 1])
def test_empty_and_single_row(n):
    """No rows, no results; one row, one result."""
    assert len(list(batch.validate_rows(load_form(), _rows(n)))) == n
