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

from lea_desktop.sync import protocol

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
    """`responses` for an endpoint answering the component `name` (errors are `Error`)."""
    error = {"content": {"application/json": {"schema": _ref("Error")}}}
    return {
        200: {"description": "OK", "content": {"application/json": {"schema": _ref(name)}}},
        401: {"description": "Missing, wrong or revoked token", **error},
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
            "device_id": {"type": "string", "description": "the sending laptop's id"},
            key: {"type": "array", "items": items, "maxItems": protocol.MAX_BATCH},
        },
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
    ):
        schema = TypeAdapter(cls).json_schema(ref_template=REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[cls.__name__] = schema
    schemas["RecordBatchRequest"] = _envelope(
        "records", _ref("WireRecord"), "Records from one laptop; each is judged on its own."
    )
    schemas["EventBatchRequest"] = _envelope(
        "events", _ref("WireEvent"), "Events created or edited on one laptop."
    )
    schemas["TombstoneBatchRequest"] = _envelope(
        "ids", {"type": "string", "format": "uuid"}, "UUIDs of records erased on one laptop."
    )
    schemas["TombstoneBatchRequest"]["properties"]["requested_by"] = {
        "type": "string",
        "maxLength": 200,
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
    schemas["Error"] = {
        "type": "object",
        "required": ["detail"],
        "properties": {"detail": {"type": "string", "description": "what went wrong, in words"}},
    }
    return schemas


def install(app: FastAPI) -> None:
    """Make `app.openapi()` include the protocol's schemas."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            doc.setdefault("components", {}).setdefault("schemas", {}).update(components())
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
