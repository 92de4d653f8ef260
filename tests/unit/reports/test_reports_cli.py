"""`lea-desktop summary` and `lea-desktop partner-report` as staff run them."""

from __future__ import annotations

import json
import stat

import pytest

from lea_desktop.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "json"])
def test_summary_of_one_event_in_each_format(seeded, capsys, tmp_path, fmt):
    """--event ID --format F --out FILE writes a private file and says how many followers."""
    out = tmp_path / f"bett.{fmt}"
    code, text, err = run(capsys, "summary", "--event", seeded["a"].id, "--format", fmt,
                          "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert text.strip() == f"Summary of event {seeded['a'].id} (96 followers) written to {out}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.stat().st_size > 500


def test_summary_of_all_events_json(seeded, capsys, tmp_path):
    """--all counts both events."""
    out = tmp_path / "all.json"
    code, text, _ = run(capsys, "summary", "--all", "--format", "json", "--out", str(out))
    assert code == 0 and "(98 followers)" in text
    assert json.loads(out.read_text())["total"] == 98


def test_summary_needs_event_or_all(seeded, capsys, tmp_path):
    """Neither --event nor --all (or both) is a usage error."""
    with pytest.raises(SystemExit) as stop:
        main(["summary", "--format", "pdf", "--out", str(tmp_path / "x.pdf")])
    assert stop.value.code == 2
    with pytest.raises(SystemExit):
        main(["summary", "--all", "--event", "x", "--format", "pdf", "--out", str(tmp_path / "x")])
    capsys.readouterr()


def test_summary_errors_are_one_line(seeded, capsys, tmp_path):
    """Unknown event (exit 2) and an unwritable place (exit 1): one line, no traceback."""
    code, _, err = run(capsys, "summary", "--event", "nope", "--format", "pdf",
                       "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    assert (
        code == 2
        and err.strip() == "lea-desktop: No event with id nope. See: lea-desktop events list"
    )
    code, _, err = run(capsys, "summary", "--all", "--format", "xlsx",
                       "--out", str(tmp_path / "missing" / "x.xlsx"))  # fmt: skip
    assert code == 1 and "Cannot write" in err and "No such file or directory" in err
    assert "Traceback" not in err
    code, _, err = run(capsys, "partner-report", "--format", "pdf", "--out", str(tmp_path))
    assert code == 1 and "Cannot write" in err


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_partner_report(seeded, capsys, tmp_path, fmt):
    """partner-report writes the Appendix 7.1 report, private."""
    out = tmp_path / f"appendix.{fmt}"
    code, text, _ = run(capsys, "partner-report", "--format", fmt, "--out", str(out))
    assert code == 0 and text.strip() == f"Partner report (Appendix 7.1) written to {out}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
