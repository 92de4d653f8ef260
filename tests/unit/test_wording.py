"""Counts in words: singular and plural, never "record(s)" or "1 followers"; links as people
read them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import lea_desktop
from lea_desktop.domain.wording import plural, queue_counts, queue_noun
from lea_desktop.printing.payloads import readable_link

PACKAGE = Path(lea_desktop.__file__).resolve().parent


def test_plural_says_one_and_many_properly():
    assert plural(1, "follower") == "1 follower"
    assert plural(0, "follower") == "0 followers"
    assert plural(2310, "row") == "2,310 rows"
    assert plural(2, "person", "people") == "2 people"


def test_the_queue_names_each_kind():
    assert queue_counts({"registration": 300, "event": 3}) == "300 sign-ups, 3 events"
    assert queue_counts({"registration": 1, "tombstone": 1}) == "1 sign-up, 1 erasure"
    assert queue_counts({}) == "nothing"
    assert [queue_noun(e) for e in ("registration", "event", "tombstone")] == [
        "sign-up",
        "event",
        "erasure",
    ]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://www.learntechaccelerator.eu/", "learntechaccelerator.eu"),
        ("https://lea.example.eu/join/?utm_source=x&utm_campaign=y#top", "lea.example.eu/join"),
        ("http://example.org/a/b?id=3", "example.org/a/b"),
    ],
)
def test_readable_link_is_host_and_path(url, shown):
    assert readable_link(url) == shown


def _strings_staff_read(path: Path) -> list[tuple[int, str]]:
    """String literals of a module (f-string parts included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_message_counts_with_a_parenthesised_plural():
    """ "record(s)", "backup(s)" …: every count says its noun in the right number instead."""
    pattern = re.compile(r"[a-z]\(s\)")
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, text in _strings_staff_read(path)
        if pattern.search(text)
    ]
    assert found == []
