"""The use cases: what the GUI, the command line (and later the web console) ask the laptop to do.

Saving and editing followers (`followers`), procurers' letters and requests (`procurers`), the
kiosk's staff PIN (`kiosk_pin`), event rules (`event_rules`), session summaries and the partner
report (`reports`), erasure (`erasure`), backup scrubbing (`backup_scrub`), retention
(`retention`, `personal_fields`) and consent verification (`consent`). They sit above storage/,
formkit/, printing/, exports/ and sync/ and below ui/ and commands/ (docs/architecture.md).
Nothing is imported here, so importing one use case loads only what it needs.
"""
