"""OpenAPI schemas for protocol v1, generated from the dataclasses in `sync/protocol.py`.

The endpoints parse bodies with the protocol module themselves (one bad record must become one
`rejected` outcome, not a 422 for the whole batch), so FastAPI cannot infer the schemas; they are
derived here from the same dataclasses and added to `/openapi.json` as components.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from lea_desktop.domain.records import EVENT_WIRE_RULES
from lea_desktop.sync import protocol, scope_protocol

REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def body_schema(name: str) -> dict[str, Any]:
    """`openapi_extra` for an endpoint whose JSON body is the component `name`."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref(name)}},
        }
    }


def response_schema(name: str) -> dict[int | str, dict[str, Any]]:
    """`responses` for an endpoint answering the component `name`; its errors are added to
    every operation by `install` (see `_errors`)."""
    return {200: {"description": "OK", "content": {"application/json": {"schema": _ref(name)}}}}


def _error(description: str, **headers: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
    }
    if headers:
        answer["headers"] = {
            name: {"description": doc, "required": True, "schema": {"type": "string"}}
            for name, doc in headers.items()
        }
    return answer


BAD_BODY = _error(
    "The body is not JSON (UTF-8), nests deeper than "
    f"{protocol.MAX_DEPTH} levels, or is not this batch (`device_id`, the list)"
)
UNAUTHORIZED = _error(
    "Missing, wrong or revoked token (in the Authorization header; never in the URL)",
    **{"WWW-Authenticate": "`Bearer`"},
)
TOO_LARGE = _error(
    f"The body is larger than {protocol.MAX_BODY_BYTES} bytes, or the batch holds more items "
    "than this databank takes"
)
BAD_QUERY = _error("A query parameter is missing, malformed or out of range")
TOO_MANY_FAILURES = _error(
    "Too many failed authentications from this address: try again after Retry-After",
    **{"Retry-After": "seconds to wait"},
)
TOO_MANY_REQUESTS = _error(
    "Too many requests from this address: try again after Retry-After",
    **{"Retry-After": "seconds to wait"},
)
UNSUPPORTED_METHOD = _error("Not a method this path answers", Allow="the methods it answers")


def _errors(operation: dict[str, Any], secured: bool) -> dict[str, Any]:
    """The error answers an operation really gives, each `{"detail": …}`."""
    answers: dict[str, Any] = {}
    if "requestBody" in operation:
        answers["400"] = BAD_BODY
        answers["413"] = TOO_LARGE
    if secured:
        answers["401"] = UNAUTHORIZED
        answers["429"] = TOO_MANY_FAILURES
    if operation.get("parameters"):
        answers["422"] = BAD_QUERY
    return answers


def _text(max_length: int, doc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": max_length,
        "pattern": protocol.TEXT_PATTERN,
        "description": doc,
    }


def forbidden_response() -> dict[int | str, dict[str, Any]]:
    """`responses` for an endpoint that answers 403 when the request names another device id
    than the token's."""
    return {
        403: {
            "description": "The token belongs to another device id than the request names "
            "(or the device id to another token)",
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    }


def _envelope(key: str, items: dict[str, Any], doc: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": doc,
        "required": ["device_id", key],
        "properties": {
            "device_id": _text(64, "the sending laptop's id (no NUL, no unpaired surrogate)"),
            key: {"type": "array", "items": items, "maxItems": protocol.MAX_BATCH},
        },
    }


def _judged_one_by_one(model: str) -> dict[str, Any]:
    """An item of a batch: anything is taken, and each item that is not a valid `model` gets
    its own `rejected` outcome (the others are still stored)."""
    return {
        "description": f"a {model}; anything else is answered with outcome `rejected` and its "
        "reason, and does not stop the other items",
        "anyOf": [_ref(model), {}],
    }


@cache
def components() -> dict[str, Any]:
    from pydantic import TypeAdapter

    schemas: dict[str, Any] = {}
    for cls in (
        protocol.Health,
        protocol.WireRecord,
        protocol.WireEvent,
        protocol.BatchResult,
        protocol.EventPage,
        protocol.TombstonePage,
        protocol.ReconcilePage,
        protocol.WebSignupPage,
        protocol.WhoAmI,
        protocol.DirectoryPage,
        scope_protocol.RecordPage,
    ):
        schema = TypeAdapter(cls).json_schema(ref_template=REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[cls.__name__] = schema
    schemas["RecordBatchRequest"] = _envelope(
        "records", _judged_one_by_one("WireRecord"), "Records from one laptop."
    )
    schemas["EventBatchRequest"] = _envelope(
        "events", _judged_one_by_one("WireEvent"), "Events created or edited on one laptop."
    )
    schemas["TombstoneBatchRequest"] = _envelope(
        "ids",
        {"type": "string", "pattern": UUID_PATTERN, "description": "a lower-case UUID"},
        "UUIDs of records erased on one laptop.",
    )
    schemas["TombstoneBatchRequest"]["properties"]["requested_by"] = {
        "type": ["string", "null"],  # null: not given
        "maxLength": 200,
        "pattern": protocol.TEXT_PATTERN,
        "description": "the staff member asking (kept with an erasure request)",
    }
    # The outcome statuses, each with its meaning (a dataclass field is only "a string").
    schemas["Outcome"]["properties"]["status"] = {
        "type": "string",
        "enum": sorted(protocol.OUTCOMES),
        "description": "; ".join(
            f"`{k}`: {v}" for k, v in sorted(protocol.OUTCOME_MEANINGS.items())
        ),
    }
    _tighten(schemas)
    schemas["Error"] = {
        "type": "object",
        "required": ["detail"],
        "properties": {"detail": {"type": "string", "description": "what went wrong, in words"}},
    }
    return schemas


UUID_PATTERN = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _tighten(schemas: dict[str, Any]) -> None:
    """Say of the wire types what the databank checks: bounds of numbers and texts."""
    record = schemas["WireRecord"]["properties"]
    record["id"].update(pattern=UUID_PATTERN)
    record["revision"].update(minimum=1, maximum=protocol.MAX_INT)
    record["form_version"].update(minimum=1, maximum=protocol.MAX_FORM_VERSION)
    for name in ("answers", "consent"):
        limit = protocol.MAX_ANSWERS_BYTES if name == "answers" else protocol.MAX_CONSENT_BYTES
        record[name]["description"] = f"at most {limit} bytes as JSON"
    event = schemas["WireEvent"]["properties"]
    event["revision"].update(minimum=1, maximum=protocol.MAX_INT)
    for name, rule in EVENT_WIRE_RULES.items():  # the event form's rules, with the wire's tolerance
        event[name].update(maxLength=rule.max_len, **({"minLength": 1} if rule.required else {}))
    for page in ("EventPage", "TombstonePage", "WebSignupPage", "DirectoryPage", "RecordPage"):
        schemas[page]["properties"]["cursor"].update(minimum=0, maximum=protocol.MAX_INT)
    scoped = schemas["ScopedRecord"]["properties"]
    scoped["record"] = {**_ref("WireRecord"), "description": "the record, in full"}
    schemas["RecordPage"]["properties"]["scope"].update(
        enum=list(scope_protocol.SCOPES), description="the token's scope now"
    )


def install(app: FastAPI) -> None:
    """Make `app.openapi()` tell the truth: the protocol's schemas, the bearer token, and every
    error each operation answers, with the body it has (`Error`, 422 included)."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            parts = doc.setdefault("components", {})
            schemas = parts.setdefault("schemas", {})
            # FastAPI's own 422 body (a list of errors) is not what the databank answers.
            schemas.pop("HTTPValidationError", None)
            schemas.pop("ValidationError", None)
            schemas.update(components())
            for operations in doc.get("paths", {}).values():
                for operation in operations.values():
                    # FastAPI lists the bearer scheme (deps.BEARER) where the token is asked.
                    guarded = bool(operation.get("security"))
                    answers = operation.setdefault("responses", {})
                    answers.pop("422", None)
                    for status, answer in _errors(operation, guarded).items():
                        answers.setdefault(status, answer)
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
