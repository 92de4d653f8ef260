"""Replaces pyinstaller-hooks-contrib's phonenumbers hook, which pulls in every submodule:
the app parses, validates and formats numbers only, so the geocoder, carrier and time-zone
tables (build/bundle_plan.py, UNUSED_DATA_MODULES) are left out without a warning per table."""

from PyInstaller.utils.hooks import collect_submodules

_LEFT_OUT = ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")


def _wanted(name: str) -> bool:
    parts = name.split(".")
    return len(parts) < 2 or parts[1] not in _LEFT_OUT


hiddenimports = collect_submodules("phonenumbers", filter=_wanted)
