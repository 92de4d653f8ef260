"""The databank's settings: one class, filled from the command line (or the environment)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lea_desktop.databank.db import normalize_url
from lea_desktop.sync import protocol

ENV_DB = "LEA_DATABANK_DB"


@dataclass(frozen=True)
class Settings:
    """Everything the server needs to run.

    `db_url`: a SQLite file path or URL, or `postgresql://user:pass@host/db` (psycopg 3).
    `max_batch`: items accepted in one batch request (the protocol's ceiling by default).
    `page_size`: rows in one page of a pull (events, tombstones) or a reconciliation answer.
    `validation_workers`: worker processes that validate batches' answers (`serve` starts one
    per core but one); 0 validates them in the server's own process.
    `auth_failures` per `auth_window` seconds: how many requests with a wrong token one client
    address may make before it is answered 429 until the window has passed (`limits.py`).
    The public sign-up form (`routers/join.py`) takes sign-ups only with `smtp_url`, `mail_from`
    and `public_url` (the address visitors reach, for the links in its emails); a form sent back
    sooner than `join_min_seconds` after it was served is refused (robots), and one client
    address may send `join_limit` forms per `join_window` seconds. Its confirmation emails are
    sent by the outbox (`outbox.py`): a failed one is retried after `mail_backoff` seconds,
    doubled at each attempt (at most 15 minutes).
    """

    db_url: str = field(repr=False)  # may hold a password: never in a repr or a log
    host: str = "127.0.0.1"
    port: int = 8765
    max_batch: int = protocol.MAX_BATCH
    page_size: int = 1000
    log_level: str = "info"
    validation_workers: int = 0  # processes validating answers; 0: in the server process
    auth_failures: int = 10  # failed authentications one address may make per `auth_window`
    auth_window: int = 60  # seconds
    smtp_url: str = field(default="", repr=False)  # may hold a password: never in a repr
    mail_from: str = ""
    public_url: str = ""
    join_min_seconds: float = 3.0
    join_limit: int = 10
    join_window: int = 600  # seconds
    webhook_backoff: float = 10.0  # seconds before a failed webhook delivery's first retry
    mail_backoff: float = 5.0  # seconds before a confirmation email's first retry (outbox.py)

    def __post_init__(self) -> None:
        object.__setattr__(self, "db_url", normalize_url(self.db_url))
        if not 1 <= self.max_batch <= protocol.MAX_BATCH:
            raise ValueError(f"max_batch must be 1…{protocol.MAX_BATCH}")
        if not 1 <= self.page_size <= protocol.MAX_PAGE:
            raise ValueError(f"page_size must be 1…{protocol.MAX_PAGE}")
        if not 0 <= self.validation_workers <= 64:
            raise ValueError("validation_workers must be 0…64")
        if not 1 <= self.auth_failures <= 1_000_000:
            raise ValueError("auth_failures must be 1…1000000")
        if not 1 <= self.auth_window <= 86_400:
            raise ValueError("auth_window must be 1…86400 seconds")
        if self.smtp_url:
            from lea_desktop.databank.mail import parse_smtp_url

            parse_smtp_url(self.smtp_url)  # SmtpUrlError (a ValueError) names what is wrong
        public = self.public_url.strip().rstrip("/")
        if public and (
            urlsplit(public).scheme not in ("http", "https") or not urlsplit(public).hostname
        ):
            raise ValueError(
                "--public-url must be an https:// (or http://) address, e.g. https://databank.example.eu"
            )
        object.__setattr__(self, "public_url", public)
        if self.mail_from and "@" not in self.mail_from:
            raise ValueError("--mail-from must be an email address")
        if not 0 <= self.join_min_seconds <= 3:
            raise ValueError("join_min_seconds must be 0…3 seconds")
        if not 1 <= self.join_limit <= 1_000_000:
            raise ValueError("join_limit must be 1…1000000")
        if not 1 <= self.join_window <= 86_400:
            raise ValueError("join_window must be 1…86400 seconds")
        if not 0.1 <= self.webhook_backoff <= 3600:
            raise ValueError("webhook_backoff must be 0.1…3600 seconds")
        if not 0.1 <= self.mail_backoff <= 900:
            raise ValueError("mail_backoff must be 0.1…900 seconds")

    @property
    def signup_ready(self) -> bool:
        """Can the public form take sign-ups (can it email their confirmation links)?"""
        return bool(self.smtp_url and self.mail_from and self.public_url)

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings with `LEA_DATABANK_DB` as the database unless `db_url` is given."""
        values: dict[str, object] = {"db_url": os.environ.get(ENV_DB, "")}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
