"""Where the databank token is kept: the system keyring when there is one, otherwise a file in
the data home that only the user can read."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from lea_desktop.sync import credentials


class MemoryKeyring(KeyringBackend):
    """A working keyring backend kept in memory (stands in for the OS keychain)."""

    # Below `fail` (0): never picked on its own when keyring chooses a default backend.
    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):  # type: ignore[no-untyped-def]
        return self.items.get((service, username))

    def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
        self.items[(service, username)] = password

    def delete_password(self, service, username):  # type: ignore[no-untyped-def]
        self.items.pop((service, username), None)


@pytest.fixture
def keyring_backend():
    previous = keyring.get_keyring()
    yield lambda backend: keyring.set_keyring(backend)
    keyring.set_keyring(previous)


def test_without_a_keyring_the_token_goes_to_a_0600_file(keyring_backend, data_home):
    """With only keyring's `fail` backend, save says which file it used; the file is 0600."""
    keyring_backend(fail.Keyring())
    data_home.mkdir(parents=True, exist_ok=True)
    where = credentials.save_token(data_home, "lea_secret")
    path = data_home / "databank-token"
    assert where.startswith(str(path))
    assert (path.stat().st_mode & 0o777) == 0o600
    assert credentials.load_token(data_home) == "lea_secret"
    credentials.forget_token(data_home)
    assert credentials.load_token(data_home) is None and not path.exists()


def test_with_a_keyring_the_token_lives_there_and_not_on_disk(keyring_backend, data_home):
    """A working backend holds the token (one entry per data home); no file is left behind."""
    backend = MemoryKeyring()
    keyring_backend(backend)
    data_home.mkdir(parents=True, exist_ok=True)
    (data_home / "databank-token").write_text("lea_old\n")
    where = credentials.save_token(data_home, "lea_secret")
    assert where.startswith("the system keyring")
    assert not (data_home / "databank-token").exists()
    assert list(backend.items.values()) == ["lea_secret"]
    assert credentials.load_token(data_home) == "lea_secret"
    credentials.forget_token(data_home)
    assert backend.items == {}
