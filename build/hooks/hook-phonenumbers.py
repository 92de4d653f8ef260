"""Replaces pyinstaller-hooks-contrib's phonenumbers hook, which pulls in every submodule:
the app parses, validates and formats numbers only, so the geocoder, carrier and time-zone
tables (build/bundle_plan.py, UNUSED_DATA_MODULES) are left out without a warning per table."""

from PyInstaller.utils.hooks import collect_submodules

_LEFT_OUT = ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")

hiddenimports = collect_submodules(
    "phonenumbers",
    filter=lambda name: not any(
        name == f"phonenumbers.{part}" or name.startswith(f"phonenumbers.{part}.")
        for part in _LEFT_OUT
    ),
)
