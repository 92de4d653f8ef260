"""The wire format both ends share: what is accepted, what is refused, and with which words."""

from __future__ import annotations

import uuid

import pytest

from lea_desktop.sync import protocol
from lea_desktop.sync.protocol import ProtocolError


def _record(**changes):
    rec = {
        "id": str(uuid.uuid4()), "kind": "follower", "form_id": "follower_signup",
        "form_version": 1, "revision": 1, "event_id": "ev", "device_id": "dev",
        "created_at": "2027-01-20T10:00:00.000Z", "updated_at": "2027-01-20T10:00:00.000Z",
        "collected_by": "", "consent": None, "answers": {"organisation": "X"},
    }  # fmt: skip
    rec.update(changes)
    return rec


def test_health_must_name_the_lea_databank_and_api_1():
    """Only the databank's own health JSON passes; a portal's JSON or another API version fails."""
    good = {"service": "lea-databank", "api": 1, "databank_id": str(uuid.uuid4())}
    assert protocol.parse_health(good).api == 1
    for bad, words in (
        ({"status": "ok"}, "not come from a LEA databank"),
        ({**good, "api": 2}, "API version 2"),
        ({**good, "databank_id": "x"}, "databank_id is not a UUID"),
        ("<html>", "must be a JSON object"),
    ):
        with pytest.raises(ProtocolError, match=words):
            protocol.parse_health(bad)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"id": "ABC"}, "id is not a UUID"),
        ({"id": str(uuid.uuid4()).upper()}, "lower-case UUID"),
        ({"kind": "visitor"}, "kind must be one of"),
        ({"form_id": "../etc/passwd"}, "form_id is not a form id"),
        ({"revision": 0}, "revision must be at least 1"),
        ({"revision": True}, "revision must be a whole number"),
        ({"created_at": "yesterday"}, "created_at is not an ISO-8601 time"),
        ({"answers": []}, "answers must be an object"),
        ({"answers": {"notes": "x" * 70_000}}, "answers: larger than 64000 bytes"),
        ({"consent": "yes"}, "consent must be an object or null"),
        ({"consent": {"text": "x" * 16_000}}, "consent: larger than 16000 bytes"),
        ({"revision": 2**63}, "revision must be at most 9223372036854775807"),
        ({"form_version": 2**31}, "form_version must be at most 2147483647"),
        ({"collected_by": "a\x00b"}, "collected_by holds a NUL or an unpaired surrogate"),
        ({"device_id": "\ud800"}, "device_id holds a NUL or an unpaired surrogate"),
        ({"answers": {"notes\udc00": "x"}}, "answers holds a NUL or an unpaired surrogate"),
        ({"consent": {"v": "\x00"}}, "consent holds a NUL or an unpaired surrogate"),
        ({"source": "fax"}, "source must be one of"),
        ({"parent_id": "p"}, "parent_id is not a UUID"),
        ({"loi_status": "maybe"}, "loi_status must be one of"),
        ({"event_id": None}, "event_id is missing"),
    ],
)
def test_a_malformed_record_is_refused_with_a_reason(changes, words):
    """Each rule of the record shape has its own sentence (it becomes the rejection reason)."""
    with pytest.raises(ProtocolError, match=words):
        protocol.parse_record(_record(**changes))


def test_the_content_hash_is_stable_and_sees_every_change():
    """Replays hash equal; a changed answer hashes differently (same-revision conflicts)."""
    a = protocol.parse_record(_record(id="3f0c6f4e-6c5e-4b51-9f3a-2b0f4a6f8c11"))
    b = protocol.parse_record(_record(id="3f0c6f4e-6c5e-4b51-9f3a-2b0f4a6f8c11"))
    assert a.content_hash() == b.content_hash()
    b.answers["organisation"] = "Y"
    assert a.content_hash() != b.content_hash()


def test_a_batch_answer_confirms_only_what_was_sent_at_that_revision():
    """Outcomes for ids not sent, or for another revision, are dropped; unknown statuses or a
    missing list make the whole answer malformed."""
    sent = {"a": 2, "b": 1}
    answer = {
        "outcomes": [
            {"id": "a", "revision": 2, "status": "created"},
            {"id": "a", "revision": 1, "status": "created"},
            {"id": "zzz", "revision": 1, "status": "created"},
            {
                "id": "b",
                "revision": 1,
                "status": "conflict",
                "reason": "newer",
                "server_revision": 3,
            },
        ]
    }
    result = protocol.parse_batch_result(answer, sent)
    assert [(o.id, o.status, o.accepted) for o in result.outcomes] == [
        ("a", "created", True),
        ("b", "conflict", False),
    ]
    assert result.outcomes[1].server_revision == 3
    with pytest.raises(ProtocolError, match="unknown outcome"):
        protocol.parse_batch_result(
            {"outcomes": [{"id": "a", "revision": 2, "status": "ok"}]}, sent
        )
    with pytest.raises(ProtocolError, match="no list of outcomes"):
        protocol.parse_batch_result({"detail": "fine"}, sent)


def test_a_page_whose_cursor_goes_backwards_is_refused():
    """Cursors only move forward; an answer that goes back is not believed."""
    with pytest.raises(ProtocolError, match="went backwards"):
        protocol.parse_event_page({"events": [], "cursor": 3, "more": False}, since=5)
    page = protocol.parse_tombstone_page({"ids": [], "cursor": 5, "more": False}, since=5)
    assert page.cursor == 5 and not page.more


def test_batch_envelopes_are_bounded():
    """At most MAX_BATCH items in one request; tombstones must be UUIDs."""
    with pytest.raises(ProtocolError, match="at most 500"):
        protocol.parse_record_batch({"device_id": "d", "records": [{}] * 501})
    with pytest.raises(ProtocolError, match="ids\\[\\] is not a UUID"):
        protocol.parse_tombstone_batch({"device_id": "d", "ids": ["x"]})


def test_forbidden_records_stay_queued_and_erasure_answers_take_tombstones_off_the_queue():
    """`forbidden` is an answer the laptop understands and does not count as accepted;
    `requested` and `unknown` (tombstones) are understood too, and every one of the four
    erasure answers takes the tombstone off the queue."""
    rid = str(uuid.uuid4())
    answer = {
        "outcomes": [{"id": "a", "revision": 2, "status": "forbidden", "reason": "not yours"}]
    }
    (outcome,) = protocol.parse_batch_result(answer, {"a": 2}).outcomes
    assert (outcome.status, outcome.accepted, outcome.reason) == ("forbidden", False, "not yours")
    for status in ("created", "unchanged", "requested", "unknown"):
        answer = {"outcomes": [{"id": rid, "revision": 0, "status": status}]}
        (outcome,) = protocol.parse_batch_result(answer, {rid: 0}).outcomes
        assert outcome.status in protocol.ERASURE_DONE
    assert set(protocol.OUTCOME_MEANINGS) == set(protocol.OUTCOMES)


def test_a_tombstone_batch_carries_who_asked():
    """`requested_by` (the staff name) is optional, a string of at most 200 characters."""
    rid = str(uuid.uuid4())
    body = protocol.tombstone_batch("dev", [rid], "Aino Virtanen")
    assert protocol.parse_tombstone_batch(body).requested_by == "Aino Virtanen"
    assert "requested_by" not in protocol.tombstone_batch("dev", [rid])
    assert protocol.parse_tombstone_batch({"device_id": "d", "ids": []}).requested_by == ""
    with pytest.raises(ProtocolError, match="requested_by is too long"):
        protocol.parse_tombstone_batch({"device_id": "d", "ids": [], "requested_by": "x" * 201})
    with pytest.raises(ProtocolError, match="requested_by must be a string"):
        protocol.parse_tombstone_batch({"device_id": "d", "ids": [], "requested_by": 7})


@pytest.mark.parametrize(
    "value",
    [
        "3f0c6f4e-6c5e-4b51-9f3a-2b0f4a6f8c11",
        "3F0C6F4E-6C5E-4B51-9F3A-2B0F4A6F8C11",
        "{3f0c6f4e-6c5e-4b51-9f3a-2b0f4a6f8c11}",
        "3f0c6f4e6c5e4b519f3a2b0f4a6f8c11",
        "urn:uuid:3f0c6f4e-6c5e-4b51-9f3a-2b0f4a6f8c11",
        " 3f0c6f4e-6c5e-4b51-9f3a-2b0f4a6f8c11",
        "3f0c6f4e-6c5e-4b51-9f3a-2b0f4a6f8c11\n",
        "3f0c6f4e-6c5e-4b51-9f3a-2b0f4a6f8c1g",
        "",
    ],
)
def test_a_uuid_passes_exactly_when_it_is_in_canonical_form(value):
    """The fast check accepts the same strings as `str(uuid.UUID(v)) == v`, no more, no less."""
    try:
        canonical = str(uuid.UUID(value)) == value
    except ValueError:
        canonical = False
    if canonical:
        assert protocol.check_uuid(value) == value
    else:
        with pytest.raises(ProtocolError):
            protocol.check_uuid(value)


def test_the_hash_from_pre_encoded_answers_equals_the_hash_of_the_whole_record():
    """The databank hashes with answers and consent encoded once; the text (so the hash stored
    for every record so far) is byte for byte that of encoding the whole record."""
    tricky = 'quote " backslash \\ comma ,"created_at": tab \t ä 漢 \u2028 😀'
    for changes in (
        {},
        {"collected_by": tricky, "answers": {"organisation": tricky, "z": [1, None, True]}},
        {"consent": {"b": [tricky], "a": {"y": 1.5, "x": None}}, "parent_id": str(uuid.uuid4())},
        {"loi_status": "signed", "loi_date": "2027-01-02", "source": "paper"},
    ):
        rec, texts = protocol.parse_record_encoded(_record(**changes))
        whole = protocol.canonical_json(rec.to_json())
        assert protocol.canonical_record(rec, texts) == whole
        assert texts["answers"] == protocol.canonical_json(rec.answers)
        assert rec.content_hash(texts) == rec.content_hash()


@pytest.mark.parametrize(
    "value",
    [
        {"b": 1, "a": [True, False, None], "c": {"z": "ä 漢 😀", "y": 'q " \\ \t \n \u2028'}},
        {"floats": [0.1, 1e16, 1e-7, -0.0, 1.5e300, 2.0], "ints": [0, -1, 10**30]},
        {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf")},
        {"": "", "\x00": "\x1f\x7f", "é": "e\u0301"},
        [{"b": 2, "a": 1}, [], {}],
        "just a string \u2028",
        12,
        None,
        True,
    ],
)
def test_canonical_json_is_the_standard_librarys_canonical_text(value):
    """Hashes stored by every databank so far were made with json.dumps(sort_keys, compact,
    ensure_ascii=False): canonical_json's text is byte for byte that, floats and odd
    characters included."""
    import json

    expected = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert protocol.canonical_json(value) == expected


def test_canonical_json_refuses_what_json_cannot_hold():
    """A value JSON has no form for is refused, as json.dumps refuses it, and the next call
    is unaffected."""
    with pytest.raises(TypeError):
        protocol.canonical_json({"a": object()})
    with pytest.raises(TypeError):
        protocol.canonical_json({1.5: "x", "a": 1})  # mixed key types cannot be sorted
    assert protocol.canonical_json({"b": 1, "a": 2}) == '{"a":2,"b":1}'


def test_json_nested_deeper_than_the_limit_is_refused_before_decoding():
    """Depth is counted on the bytes: brackets inside strings (escaped quotes too) do not count,
    both kinds of brackets do; what is not UTF-8 JSON is refused as such."""
    limit = protocol.MAX_DEPTH
    assert protocol.decode_json(("[" * limit + "]" * limit).encode()) is not None
    for too_deep in ("[" * (limit + 1) + "]" * (limit + 1), "[{}" * 40, '{"a":' * 40 + "1"):
        with pytest.raises(ProtocolError, match="nested deeper than 32 levels"):
            protocol.decode_json(too_deep.encode())
    text = '{"a": "[[[[\\"[[[[' + "[" * 40 + '", "b": [[1]]}'
    assert protocol.decode_json(text.encode())["b"] == [[1]]
    for not_json in ("[1]".encode("utf-16"), '"\ud800"'.encode("utf-8", "surrogatepass"), b"{"):
        with pytest.raises(ProtocolError, match="not JSON"):
            protocol.decode_json(not_json)
    with pytest.raises(ProtocolError, match="number out of range"):
        protocol.decode_json(b"[" + b"9" * 5000 + b"]")


def test_a_literal_backslash_u0000_is_text_not_a_nul():
    record = protocol.parse_record(_record(answers={"notes": "C:\\u0000"}))
    assert record.answers["notes"] == "C:\\u0000"
