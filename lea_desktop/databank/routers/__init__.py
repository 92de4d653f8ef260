"""One APIRouter per resource of protocol v1 (see docs/protocol.md)."""
