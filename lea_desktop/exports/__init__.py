"""Exports and imports driven by the form definition: CSV, JSON (XLSX lives with the summaries)."""
