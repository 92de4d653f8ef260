"""paths.py finds forms/ and resources/ inside a PyInstaller bundle: in PyInstaller 6 one-folder
builds the data sits in `_internal/`, which is `sys._MEIPASS` (one-file: the unpack folder)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lea_desktop import paths


def test_frozen_paths_are_under_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With sys._MEIPASS set, forms and resources resolve inside it, not next to the source."""
    internal = tmp_path / "lea-desktop" / "_internal"
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    assert paths.install_root() == internal
    assert paths.forms_dir() == internal / "forms"
    assert (
        paths.resource("consent", "consent.toml")
        == internal / "resources" / "consent" / "consent.toml"
    )


def test_source_paths_are_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """From source, forms/ and resources/ are the repository's own folders."""
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    root = Path(__file__).resolve().parents[2]
    assert paths.forms_dir() == root / "forms"
    assert (paths.forms_dir() / "follower_signup.toml").is_file()
    assert paths.resource("icons", "lea.svg").is_file()
