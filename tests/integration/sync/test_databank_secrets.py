"""The database URL and its password: from a file or the environment, never needed on a command
line, and masked wherever the databank shows a URL."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from lea_desktop.databank.db import describe_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://lea:s3cret@db/lea", "postgresql+psycopg://lea:***@db/lea"),
        ("postgresql+psycopg://lea:p@ss@db:5432/lea", "postgresql+psycopg://lea:***@db:5432/lea"),
        (
            "postgresql+psycopg://lea@db/lea?sslmode=require&password=s3cret",
            "postgresql+psycopg://lea@db/lea?sslmode=require&password=***",
        ),
        (
            "postgresql+psycopg://db/lea?PASSWORD=s3cret&sslpassword=k3y&user=lea",
            "postgresql+psycopg://db/lea?PASSWORD=***&sslpassword=***&user=lea",
        ),
        ("sqlite:////srv/lea/databank.sqlite", "sqlite:////srv/lea/databank.sqlite"),
    ],
)
def test_every_form_of_password_is_masked(url, shown):
    assert describe_url(url) == shown


def _serve(bank, tmp_path: Path, url: str) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    """Start `lea-databank serve --db-file FILE` with `url` in FILE (no LEA_DATABANK_DB): its
    output and its command line, once it answers."""
    url_file = tmp_path / "db-url"
    url_file.write_text(f"\n{url}\n", encoding="utf-8")
    url_file.chmod(0o600)
    port = bank.port + 1000 if bank.port < 64000 else bank.port - 1000
    env = {k: v for k, v in os.environ.items() if k != "LEA_DATABANK_DB"}
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            bank.command("serve", "--db-file", str(url_file), "--port", str(port)),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).is_success:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
        assert proc.poll() is None, log.read_text()
    finally:
        proc.terminate()
        proc.wait(10)
    return log.read_text(encoding="utf-8", errors="replace"), cmdline


def test_serve_takes_the_url_from_a_file_and_shows_no_password(backend, databank, tmp_path):
    """`--db-file`: nothing of the URL on the command line (what `ps` shows), and on PostgreSQL
    the password masked in the start-up line, written `user:PASSWORD@` or `?password=`."""
    if backend == "sqlite":
        urls = [f"sqlite:///{tmp_path / 'file.sqlite'}"]
    else:
        url = databank.db_url
        parts = urlsplit(url)
        assert parts.password, "the PostgreSQL test URL has a password"
        with_query = url.replace(f":{parts.password}@", "@", 1)
        with_query += ("&" if "?" in with_query else "?") + f"password={parts.password}"
        urls = [url, with_query]
    for url in urls:
        output, cmdline = _serve(databank, tmp_path, url)
        assert b"db-url" in cmdline and url.encode() not in cmdline
        assert "LEA databank on http://" in output
        password = urlsplit(url).password or (
            url.split("password=")[1] if "password=" in url else ""
        )
        if password:
            assert f":{password}@" not in output and f"password={password}" not in output
            assert "***" in output


def test_the_cli_refuses_to_run_without_a_database_and_says_how_to_give_one(databank, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "LEA_DATABANK_DB"}
    done = subprocess.run(
        databank.command("token", "list"), capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 2
    assert "--db-file" in done.stderr and "LEA_DATABANK_DB" in done.stderr
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    done = subprocess.run(
        databank.command("token", "list", "--db-file", str(empty)),
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and "holds no database URL" in done.stderr
