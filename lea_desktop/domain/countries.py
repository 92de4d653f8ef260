"""Countries: ISO 3166-1 alpha-2 codes with names from CLDR (through Babel), EU member states first."""

from __future__ import annotations

from functools import cache

# The 27 EU member states (since 1 February 2020). The seed's Appendix 7.1 lists the same 27
# with a responsible partner each, plus Norway (EEA).
EU_MEMBER_STATES: tuple[str, ...] = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
)  # fmt: skip

# CLDR territory codes that are not countries (continents, groupings, unknown) or are
# deprecated; "ZZ" is "Unknown Region", "EU"/"EZ"/"UN" are groupings.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "AN", "BU", "CS", "DD", "FX",
                  "NT", "QU", "SU", "TP", "YD", "YU", "ZR", "AC", "CP", "CQ", "DG", "EA",
                  "IC", "TA"}  # fmt: skip


def _locale(lang: str):
    from babel import Locale

    try:
        return Locale.parse(lang)
    except Exception:
        return Locale.parse("en")


@cache
def country_names(lang: str = "en") -> dict[str, str]:
    """Alpha-2 code → country name in `lang`, for every country CLDR knows."""
    territories = _locale(lang).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def country_name(code: str, lang: str = "en") -> str:
    """The name of a country, or the code itself when it is unknown."""
    return country_names(lang).get(code.upper(), code)


def is_country(code: str) -> bool:
    return isinstance(code, str) and code.upper() in country_names("en")


def is_eu_member_state(code: str) -> bool:
    return code.upper() in EU_MEMBER_STATES


@cache
def countries_for_picker(lang: str = "en") -> tuple[tuple[str, str], ...]:
    """(code, name) pairs in the order a picker shows them: EU member states A–Z, then the rest A–Z."""
    from babel import Locale  # noqa: F401  (imported for the collation side of Babel)

    names = country_names(lang)
    eu = sorted((c for c in EU_MEMBER_STATES), key=lambda c: _sort_key(names.get(c, c)))
    rest = sorted(
        (c for c in names if c not in EU_MEMBER_STATES), key=lambda c: _sort_key(names[c])
    )
    return tuple((c, names.get(c, c)) for c in (*eu, *rest))


def _sort_key(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
