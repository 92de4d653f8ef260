"""KPI arithmetic for session summaries, the dashboard and the partner report (pure Python).

The database layer (`storage/stats.py`) counts; this module turns counts into the figures the
seed report uses: followers by country (Table 1) and by type (Table 2), EU member states covered
and missing with their responsible partner (section 2.1, Appendix 7.1), procurers against
suppliers, LEA-N candidates and letters of intent, and the Table 7 targets.

Counts arrive as a `Tally`, which adds up: the dashboard shows "full count at row N" plus "rows
saved since", so a new follower shows at once without counting 100,000 rows again.

Definitions (also in docs/summary.md):
- follower: a registration of kind "follower", including those whose personal data was purged
  (country, types and interests are kept after a purge);
- LEA-N candidate (a LEA-N member *identified*): a follower of type procurer who ticked the
  LEA-N interest;
- LEA-N member *committed*: a follower whose letter of intent is signed;
- a member state counts towards the Table 7 target "LEA-N members from 15 member states" when
  it has at least one LEA-N candidate or one signed letter of intent (EU-27 only; Norway is
  reported in the partner report but is not a member state).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lea_desktop.domain.countries import EU_MEMBER_STATES

# The sign-up form's fields and choices these figures are about. This is a form-specific
# feature, so the ids are written here once; tests/unit/test_kpi.py checks each exists in
# forms/follower_signup.toml, so renaming one there fails loudly instead of counting zeros.
COUNTRY_FIELD = "country"
TYPES_FIELD = "types"
INTERESTS_FIELD = "interests"
PROCURER = "procurer"
SCHOOL = "school"
SUPPLIER = "supplier"
LEA_NETWORK_INTEREST = "lea_network"

FOLLOWER = "follower"
ASSISTANCE_REQUEST = "assistance_request"
LOI_OFFERED = "offered"
LOI_SIGNED = "signed"

# A follower without a country (never from the form, which requires one; possible in old
# imports) is counted under CLDR's "Unknown Region".
UNKNOWN_COUNTRY = "ZZ"
NOT_RECORDED = "(not recorded)"  # staff name when a record was collected without one

# Table 8 of the seed report: each partner signs up at least this many potential LEA-N members
# from member states other than its own.
TARGET_PARTNER_OUTREACH = 2

# Table 7 of the seed report.
TARGET_LEA_N_MEMBER_STATES = 15
TARGET_PROCURERS = 25
TARGET_SCHOOLS = 30


@dataclass(frozen=True)
class Target:
    """One Table 7 target: what the summaries, the dashboard and the reports call it."""

    key: str
    target: int
    label: str  # as Table 7 puts it: "LEA-N members from 15 member states"
    name: str  # short, for charts: "LEA-N member states"
    unit: str  # what is counted: "member states"
    explanation: str


TARGETS = (
    Target(
        "lea_n_member_states",
        TARGET_LEA_N_MEMBER_STATES,
        f"LEA-N members from {TARGET_LEA_N_MEMBER_STATES} member states",
        "LEA-N member states",
        "member states",
        "EU member states with at least one LEA-N candidate (a procurer who chose the "
        "LEA-N interest) or one signed letter of intent",
    ),
    Target(
        "procurers",
        TARGET_PROCURERS,
        f"{TARGET_PROCURERS} procurers",
        "Procurers",
        "procurers",
        "followers who ticked procurer / policy maker",
    ),
    Target(
        "schools",
        TARGET_SCHOOLS,
        f"{TARGET_SCHOOLS} schools",
        "Schools",
        "schools",
        "followers who ticked school",
    ),
)


@dataclass
class Tally:
    """Raw counts for a set of registrations, as the database gives them. `a + b` adds them."""

    followers: Counter[str] = field(default_factory=Counter)  # country → followers
    types: Counter[tuple[str, str]] = field(default_factory=Counter)  # (country, type) → followers
    candidates: Counter[str] = field(default_factory=Counter)  # country → LEA-N candidates
    letters: Counter[tuple[str, str]] = field(default_factory=Counter)  # (country, LOI status) → n
    days: Counter[str] = field(default_factory=Counter)  # local date YYYY-MM-DD → new followers
    collectors: Counter[str] = field(default_factory=Counter)  # staff name → followers
    kinds: Counter[str] = field(default_factory=Counter)  # record kind → records of every kind

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.followers + other.followers,
            self.types + other.types,
            self.candidates + other.candidates,
            self.letters + other.letters,
            self.days + other.days,
            self.collectors + other.collectors,
            self.kinds + other.kinds,
        )

    @property
    def total(self) -> int:
        return sum(self.followers.values())


@dataclass(frozen=True)
class MemberStateRow:
    """One row of the Appendix 7.1 table: a member state (or Norway) and what it has so far."""

    country: str
    responsible_partner: str  # the partners' names, for display ("A and B" when shared)
    followers: int
    procurers: int
    lea_n_identified: int  # LEA-N candidates
    lea_n_committed: int  # signed letters of intent
    partners: tuple[str, ...] = ()  # each responsible partner; () outside the appendix
    in_appendix: bool = True  # False: a country Appendix 7.1 does not list (e.g. GB, US)

    @property
    def is_eu(self) -> bool:
        return self.country in EU_MEMBER_STATES

    @property
    def lea_n_member_state(self) -> bool:
        return self.lea_n_identified > 0 or self.lea_n_committed > 0


@dataclass(frozen=True)
class PartnerRow:
    """The figures of the member states one LEA partner is responsible for, added up."""

    partner: str
    countries: tuple[str, ...]
    followers: int
    procurers: int
    lea_n_identified: int
    lea_n_committed: int
    countries_covered: int  # of `countries`, how many have at least one follower


@dataclass(frozen=True)
class Kpi:
    """A Table 7 target and where the project stands against it."""

    key: str
    label: str  # as Table 7 puts it: "LEA-N members from 15 member states"
    name: str  # short, for charts: "LEA-N member states"
    unit: str  # what is counted: "member states"
    value: int
    target: int
    explanation: str

    @property
    def fraction(self) -> float:
        """Progress between 0 and 1 (a target exceeded shows as full)."""
        return 1.0 if self.target <= 0 else min(1.0, self.value / self.target)

    @property
    def met(self) -> bool:
        return self.value >= self.target


@dataclass(frozen=True)
class Summary:
    """Every figure of a session summary, derived from a `Tally` (see `summarise`)."""

    total: int
    by_type: dict[str, int]  # in the form's choice order
    by_country: dict[str, int]  # most followers first, then by code
    by_day: dict[str, int]  # chronological
    eu_member_states_covered: tuple[str, ...]  # alpha-2, A–Z by code
    eu_member_states_missing: tuple[tuple[str, str], ...]  # (alpha-2, partner), Appendix order
    procurers: int
    suppliers: int
    schools: int
    lea_network_candidates: int
    letters_offered: int  # letters handed over: status "offered" or, since, "signed"
    letters_signed: int
    assistance_requests: int
    records_by_kind: dict[str, int]
    collected_by: dict[str, int]  # most first
    lea_n_member_states: tuple[str, ...]  # alpha-2, A–Z by code
    kpis: tuple[Kpi, ...]
    member_states: tuple[MemberStateRow, ...]  # Appendix 7.1 order (EU-27 by name, then Norway)

    @property
    def procurer_share(self) -> float:
        return share(self.procurers, self.total)

    @property
    def supplier_share(self) -> float:
        return share(self.suppliers, self.total)

    @property
    def letters_awaiting_signature(self) -> int:
        return self.letters_offered - self.letters_signed

    def to_json(self) -> dict[str, Any]:
        """The JSON contract documented in docs/summary.md (keys must not change)."""
        return {
            "total": self.total,
            "by_type": dict(self.by_type),
            "by_country": dict(self.by_country),
            "by_day": dict(self.by_day),
            "eu_member_states_covered": list(self.eu_member_states_covered),
            "eu_member_states_missing": [
                {"country": code, "responsible_partner": partner}
                for code, partner in self.eu_member_states_missing
            ],
            "procurer_share": round(self.procurer_share, 4),
            "supplier_share": round(self.supplier_share, 4),
            "lea_network_candidates": self.lea_network_candidates,
            "letters_of_intent": {
                "offered": self.letters_offered,
                "signed": self.letters_signed,
                "awaiting_signature": self.letters_awaiting_signature,
            },
            "assistance_requests": self.assistance_requests,
            "records_by_kind": dict(self.records_by_kind),
            "collected_by": dict(self.collected_by),
            "lea_n_member_states": list(self.lea_n_member_states),
            "kpis": [
                {"key": k.key, "label": k.label, "value": k.value, "target": k.target, "met": k.met}
                for k in self.kpis
            ],
        }


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def percent(part: int, whole: int) -> str:
    """ "24 %" — whole percent, or "<1 %" so a small non-zero share never reads as zero."""
    if not whole or not part:
        return "0 %"
    value = 100 * part / whole
    if value < 1:
        return "<1 %"
    return f"{round(value)} %"


def _most_first(counts: Mapping[str, int]) -> dict[str, int]:
    return dict(sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0])))


Partners = Mapping[str, str | Sequence[str]]  # alpha-2 → partner name(s), Appendix 7.1


def partners_of(value: str | Sequence[str]) -> tuple[str, ...]:
    """The partner names of one Appendix 7.1 entry (a name, or several for a shared country)."""
    return (value,) if isinstance(value, str) else tuple(value)


def partner_label(value: str | Sequence[str]) -> str:
    """One entry's partners for display: "ENTER", "Gothenburg Region and Halmstad Municipality"."""
    return " and ".join(partners_of(value))


def summarise(
    tally: Tally,
    *,
    type_values: Sequence[str],
    responsible_partners: Partners,
    eu_member_states: Sequence[str] = EU_MEMBER_STATES,
) -> Summary:
    """All figures from the counts. `type_values`: the form's organisation types, in order;
    `responsible_partners`: Appendix 7.1, alpha-2 → partner (EU-27 and Norway)."""
    by_type = {t: 0 for t in type_values}
    for (_country, kind), n in tally.types.items():
        if kind in by_type:
            by_type[kind] += n
    covered = tuple(sorted(c for c in eu_member_states if tally.followers.get(c, 0) > 0))
    missing = tuple(
        (c, partner_label(responsible_partners.get(c, "")))
        for c in appendix_order(responsible_partners, eu_member_states)
        if c in eu_member_states and tally.followers.get(c, 0) <= 0
    )
    rows = member_state_rows(tally, responsible_partners, eu_member_states)
    lea_n_states = tuple(sorted(r.country for r in rows if r.is_eu and r.lea_n_member_state))
    procurers, schools = by_type.get(PROCURER, 0), by_type.get(SCHOOL, 0)
    values = {
        "lea_n_member_states": len(lea_n_states),
        "procurers": procurers,
        "schools": schools,
    }
    kpis = tuple(
        Kpi(t.key, t.label, t.name, t.unit, values[t.key], t.target, t.explanation) for t in TARGETS
    )
    return Summary(
        total=tally.total,
        by_type=by_type,
        by_country=_most_first(tally.followers),
        by_day=dict(sorted((d, n) for d, n in tally.days.items() if n)),
        eu_member_states_covered=covered,
        eu_member_states_missing=missing,
        procurers=procurers,
        suppliers=by_type.get(SUPPLIER, 0),
        schools=schools,
        lea_network_candidates=sum(tally.candidates.values()),
        letters_offered=sum(
            n for (_c, status), n in tally.letters.items() if status in (LOI_OFFERED, LOI_SIGNED)
        ),
        letters_signed=sum(n for (_c, status), n in tally.letters.items() if status == LOI_SIGNED),
        assistance_requests=tally.kinds.get(ASSISTANCE_REQUEST, 0),
        records_by_kind=_most_first(tally.kinds),
        collected_by=_most_first(_merge_blank(tally.collectors)),
        lea_n_member_states=lea_n_states,
        kpis=kpis,
        member_states=rows,
    )


def _merge_blank(collectors: Counter[str]) -> Counter[str]:
    """Staff names as shown: a blank name becomes NOT_RECORDED, surrounding spaces dropped."""
    merged: Counter[str] = Counter()
    for name, n in collectors.items():
        merged[name.strip() or NOT_RECORDED] += n
    return merged


def member_state_rows(
    tally: Tally,
    responsible_partners: Partners,
    eu_member_states: Sequence[str] = EU_MEMBER_STATES,
) -> tuple[MemberStateRow, ...]:
    """Appendix 7.1: each EU member state, then the other countries of the table (Norway), in
    the table's order, with the responsible partner and the counts."""
    return tuple(
        _country_row(tally, c, partners_of(responsible_partners.get(c, "")), in_appendix=True)
        for c in appendix_order(responsible_partners, eu_member_states)
    )


def other_country_rows(
    tally: Tally,
    responsible_partners: Partners,
    eu_member_states: Sequence[str] = EU_MEMBER_STATES,
) -> tuple[MemberStateRow, ...]:
    """Followers from countries Appendix 7.1 does not list (the UK, the US …; "" when none was
    given), most followers first: the appendix rows and these add up to every follower."""
    listed = set(appendix_order(responsible_partners, eu_member_states))
    others = sorted(
        ((c, n) for c, n in tally.followers.items() if n > 0 and c not in listed),
        key=lambda cn: (-cn[1], cn[0]),
    )
    return tuple(_country_row(tally, c, (), in_appendix=False) for c, _n in others)


def _country_row(
    tally: Tally, country: str, partners: tuple[str, ...], *, in_appendix: bool
) -> MemberStateRow:
    return MemberStateRow(
        country=country,
        responsible_partner=" and ".join(p for p in partners if p),
        followers=tally.followers.get(country, 0),
        procurers=tally.types.get((country, PROCURER), 0),
        lea_n_identified=tally.candidates.get(country, 0),
        lea_n_committed=tally.letters.get((country, LOI_SIGNED), 0),
        partners=tuple(p for p in partners if p),
        in_appendix=in_appendix,
    )


def appendix_order(
    responsible_partners: Partners, eu_member_states: Sequence[str] = EU_MEMBER_STATES
) -> list[str]:
    """The countries of Appendix 7.1 in its order (EU member states A–Z by English name, then
    Norway); a member state missing from the table comes after the EU ones, by code."""
    eu_listed = [c for c in responsible_partners if c in eu_member_states]
    unlisted = sorted(c for c in eu_member_states if c not in responsible_partners)
    others = [c for c in responsible_partners if c not in eu_member_states]
    return [*eu_listed, *unlisted, *others]


def partner_rows(rows: Iterable[MemberStateRow]) -> tuple[PartnerRow, ...]:
    """The member-state rows added up per responsible partner, partners A–Z (case-insensitive).
    A shared country counts in full for each of its partners (each is responsible for all of
    it), so these rows can add up to more than the member-state table; countries outside the
    appendix have no partner and are left out."""
    grouped: dict[str, list[MemberStateRow]] = {}
    for row in rows:
        if not row.in_appendix:
            continue
        for partner in row.partners or (row.responsible_partner,):
            grouped.setdefault(partner, []).append(row)
    return tuple(
        PartnerRow(
            partner=partner,
            countries=tuple(r.country for r in members),
            followers=sum(r.followers for r in members),
            procurers=sum(r.procurers for r in members),
            lea_n_identified=sum(r.lea_n_identified for r in members),
            lea_n_committed=sum(r.lea_n_committed for r in members),
            countries_covered=sum(1 for r in members if r.followers > 0),
        )
        for partner, members in sorted(grouped.items(), key=lambda kv: kv[0].casefold())
    )


@dataclass(frozen=True)
class OutreachRow:
    """Table 8 for one partner: the potential LEA-N members it signed up from EU member states
    other than its own (a potential member: a LEA-N candidate or a signed letter of intent)."""

    partner: str
    home_country: str  # alpha-2; "" when not known (then every member state counts)
    members: int
    countries: tuple[str, ...]  # the member states they came from, A–Z
    target: int = TARGET_PARTNER_OUTREACH

    @property
    def met(self) -> bool:
        return self.members >= self.target

    def to_json(self) -> dict[str, Any]:
        return {
            "partner": self.partner,
            "home_country": self.home_country,
            "potential_lea_n_members": self.members,
            "target": self.target,
            "met": self.met,
            "countries": list(self.countries),
        }


def outreach_rows(
    potential: Mapping[tuple[str, str], int],
    partners: Sequence[str],
    home_countries: Mapping[str, str],
    eu_member_states: Sequence[str] = EU_MEMBER_STATES,
) -> tuple[OutreachRow, ...]:
    """Table 8, one row per partner of `partners` (their order), zeros included.

    `potential`: (partner, alpha-2) → potential LEA-N members that partner signed up there;
    partner names are matched to `partners` ignoring case and surrounding spaces, and names of
    no partner are left out. Only EU member states other than the partner's own count."""
    canonical = {p.strip().casefold(): p for p in partners}
    members: dict[str, Counter[str]] = {p: Counter() for p in partners}
    eu = set(eu_member_states)
    for (name, country), n in potential.items():
        partner = canonical.get(name.strip().casefold())
        if partner is None or n <= 0 or country not in eu:
            continue
        if country == home_countries.get(partner, ""):
            continue
        members[partner][country] += n
    return tuple(
        OutreachRow(
            partner=p,
            home_country=home_countries.get(p, ""),
            members=sum(members[p].values()),
            countries=tuple(sorted(members[p])),
        )
        for p in partners
    )


def shared_note(rows: Iterable[MemberStateRow], name: Any = str) -> str:
    """A sentence naming the countries several partners share ("" when none), for the foot of
    the per-partner table, whose figures then add up to more than the member-state table.
    `name`: alpha-2 → the country's name."""
    shared = [r for r in rows if r.in_appendix and len(r.partners) > 1]
    if not shared:
        return ""
    parts = [f"{name(r.country)} by {' and '.join(r.partners)}" for r in shared]
    return (
        "Shared: " + "; ".join(parts) + ". A shared country's figures count in full for each "
        "of its partners."
    )


def top_with_others(
    counts: Mapping[str, int], limit: int
) -> tuple[list[tuple[str, int]], tuple[int, int]]:
    """The `limit` largest entries (most first, ties by key) and (how many others, their sum).

    When only one entry would be left over, it is shown instead of an "others" line of one.
    """
    ordered = sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0]))
    if len(ordered) <= limit + 1:
        return ordered, (0, 0)
    rest = ordered[limit:]
    return ordered[:limit], (len(rest), sum(v for _k, v in rest))


def day_series(
    by_day: Mapping[str, int], span: tuple[str, str] | None = None, *, max_days: int = 31
) -> tuple[str, list[tuple[str, int]]]:
    """New followers over time for a chart: ("day", [(YYYY-MM-DD, n), …]) with every day from
    the first to the last (zeros included; `span`, e.g. the event's dates, widens the range),
    or ("month", [(YYYY-MM, n), …]) when that would be more than `max_days` days."""
    days = sorted(d for d in by_day if _is_iso_day(d))
    if span:
        days = sorted({*days, *(d for d in span if _is_iso_day(d))})
    if not days:
        return "day", []
    first, last = _dt.date.fromisoformat(days[0]), _dt.date.fromisoformat(days[-1])
    if (last - first).days < max_days:
        series = [first + _dt.timedelta(days=i) for i in range((last - first).days + 1)]
        return "day", [(d.isoformat(), by_day.get(d.isoformat(), 0)) for d in series]
    months: Counter[str] = Counter()
    for day, n in by_day.items():
        if _is_iso_day(day):
            months[day[:7]] += n
    year, month = first.year, first.month
    out: list[tuple[str, int]] = []
    while (year, month) <= (last.year, last.month):
        key = f"{year:04d}-{month:02d}"
        out.append((key, months.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "month", out


def _is_iso_day(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return len(text) == 10


def log_classes(max_value: int, max_classes: int = 6) -> list[tuple[int, int]]:
    """Classes (low, high) for shading counts from 1 to `max_value` on a log-like scale.

    Bounds follow 1-2-5 steps (1, 2–4, 5–9, 10–19, 20–49, 50–99 …); when that gives more than
    `max_classes`, 1-3 steps, then powers of ten. A map of Finland 88 next to Croatia 1 then
    shows both, where a linear scale would paint every country but Finland the palest shade.
    """
    if max_value < 1:
        return []
    for steps in ((1, 2, 5), (1, 3), (1,)):
        lows = [1]
        exponent = 0
        while True:
            for step in steps:
                bound = step * 10**exponent
                if bound > lows[-1] and bound <= max_value:
                    lows.append(bound)
            if 10 ** (exponent + 1) > max_value:
                break
            exponent += 1
        if len(lows) <= max_classes:
            break
    if len(lows) > max_classes:  # enormous counts: evenly spaced decades
        span = math.log10(max_value)
        lows = sorted({1, *(int(10 ** (span * i / max_classes)) for i in range(1, max_classes))})
    highs = [b - 1 for b in lows[1:]] + [max_value]
    return list(zip(lows, highs, strict=True))


def class_of(value: int, classes: Sequence[tuple[int, int]]) -> int:
    """Index of the class `value` falls in; -1 for zero (no followers)."""
    if value <= 0:
        return -1
    for i, (_low, high) in enumerate(classes):
        if value <= high:
            return i
    return len(classes) - 1


def class_label(low: int, high: int) -> str:
    return f"{low}" if low == high else f"{low}–{high}"
