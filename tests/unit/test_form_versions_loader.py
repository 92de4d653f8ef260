"""Released earlier versions of a form, read from `forms/versions/`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lea_desktop.formkit import loader
from lea_desktop.paths import forms_dir


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "forms"
    shutil.copytree(forms_dir(), root)
    (root / "versions").mkdir(exist_ok=True)
    monkeypatch.setenv("LEA_FORMS_DIR", str(root))
    loader.load_form.cache_clear()
    loader.load_form_version.cache_clear()
    yield root
    loader.load_form.cache_clear()
    loader.load_form_version.cache_clear()


def _write_version(root: Path, number: int, declared: int) -> None:
    text = (root / "follower_signup.toml").read_text(encoding="utf-8")
    current = loader.load_form("follower_signup").version
    head, rest = text.split(f"\nversion = {current}\n", 1)
    (root / "versions" / f"follower_signup.v{number}.toml").write_text(
        f"{head}\nversion = {declared}\n{rest}", encoding="utf-8"
    )


def test_the_current_and_released_versions_are_found_and_others_are_none(folder: Path) -> None:
    _write_version(folder, 0, 0)
    assert 0 in loader.released_versions("follower_signup")
    current = loader.load_form("follower_signup").version
    assert loader.load_form_version("follower_signup", current) is loader.load_form(
        "follower_signup"
    )
    old = loader.load_form_version("follower_signup", 0)
    assert old is not None and old.version == 0 and old.id == "follower_signup"
    assert loader.load_form_version("follower_signup", 7) is None


def test_a_released_file_that_names_another_version_is_refused(folder: Path) -> None:
    _write_version(folder, 5, 4)
    with pytest.raises(loader.FormDefinitionError, match="version 4"):
        loader.load_form_version("follower_signup", 5)


def test_the_shipped_released_versions_are_older_than_their_form() -> None:
    for form_id in loader.available_forms():
        current = loader.load_form(form_id).version
        for number in loader.released_versions(form_id):
            assert number < current
            assert loader.load_form_version(form_id, number) is not None
