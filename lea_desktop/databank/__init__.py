"""The LEA databank: the central server the laptops sync into (FastAPI + SQLAlchemy Core).

No Qt and no `lea_desktop.storage`/`ui` here: it shares only `domain/`, `formkit/` (answers are
validated with the same form definitions as on the laptop), the export column layout and the
wire format in `lea_desktop/sync/protocol.py`. Start it with `lea-databank serve --db FILE`.
"""
