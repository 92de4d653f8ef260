"""Sync with the central databank: the wire format (`protocol`, shared with the server), the HTTP
client (`client`), the engine that drains the outbox and pulls events and erasures (`engine`),
the laptop's token (`credentials`) and reconciliation receipts (`reconcile`). No Qt here."""
