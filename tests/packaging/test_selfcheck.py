"""`lea-desktop self-check` from source: one line per check, exit 0 when all pass, a FAIL line
and a non-zero exit when something is broken, and never a touch of the user's data home."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lea_desktop import paths
from lea_desktop.cli import COMMAND_MODULES, main
from lea_desktop.commands import selfcheck


def test_self_check_is_a_registered_command() -> None:
    """cli.COMMAND_MODULES lists self-check (the bundle spec derives its hidden imports from it)."""
    assert "lea_desktop.commands.selfcheck" in COMMAND_MODULES


def test_all_checks_pass_one_line_each_and_the_data_home_is_untouched(
    capsys: pytest.CaptureFixture, data_home: Path
) -> None:
    """Every check prints one `ok` line, the verdict is last, exit 0; LEA_DESKTOP_HOME is not
    created (the checks ran in a temporary home) and is set back afterwards."""
    code = main(["self-check"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0, "\n".join(out)
    names = [name for name, _ in selfcheck.CHECKS]
    assert [line.split(":")[0] for line in out[:-1]] == [f"ok   {n}" for n in names]
    assert out[-1].endswith("all checks passed")
    assert "stand card" in names and "save" in names
    assert not data_home.exists()
    assert paths.data_home() == data_home  # the environment variable points back at the user's


def test_missing_forms_fail_with_a_message_and_non_zero_exit(
    capsys: pytest.CaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An install without its forms/ folder fails the files check with the path it looked in."""
    empty = tmp_path / "broken-install"
    empty.mkdir()
    monkeypatch.setattr(paths, "install_root", lambda: empty)
    code = main(["self-check"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"FAIL files: no forms folder at {empty / 'forms'}" in out
    assert out.strip().endswith("5 checks failed")


def test_a_broken_pdf_fails_the_stand_card_check(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the card renderer writes something that is not a PDF, the stand card check says so."""
    import lea_desktop.printing.cards as cards

    def not_a_pdf(event, count, out, **kwargs):
        Path(out).write_bytes(b"<html>oops</html>")
        return 1

    monkeypatch.setattr(cards, "render_stand_cards", not_a_pdf)
    code = main(["self-check"])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAIL stand card: self-check-stand-card.pdf is not a PDF" in out
    assert "ok   save:" in out  # the other checks still ran and passed


def test_sample_answers_come_from_the_form_and_validate() -> None:
    """The sample sign-up is built by iterating the form's fields and passes validation."""
    from lea_desktop.formkit import load_form, validate

    form = load_form()
    answers = selfcheck.sample_answers(form)
    assert set(answers) == set(form.field_ids())
    assert validate(form, answers).ok


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="names the Linux plugins")
def test_a_bundle_without_its_desktop_platform_plugin_fails(
    capsys: pytest.CaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle whose Qt folder lacks xcb/wayland (the classic "could not load the Qt platform
    plugin" breakage) fails the qt plugins check, naming what is missing."""
    platforms = tmp_path / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (platforms / "libqoffscreen.so").write_bytes(b"")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    code = main(["self-check"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"FAIL qt plugins: missing Qt platform plugins in {platforms}: qxcb, qwayland" in out
