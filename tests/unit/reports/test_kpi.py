"""KPI arithmetic (domain/kpi.py): pure functions over counts, no database."""

from __future__ import annotations

import itertools
from collections import Counter

from lea_desktop.domain import kpi
from lea_desktop.domain.countries import EU_MEMBER_STATES

PARTNERS = {"AT": "ENTER", "BG": "INNOVA", "FI": "Konnevesi Municipality", "NO": "EUPK"}
TYPES = ("procurer", "school", "supplier", "expert")


def test_form_feature_ids_exist_in_the_sign_up_form():
    """The field ids and choice values the figures count are really in the form definition, so
    renaming one there fails here rather than silently counting zero."""
    from lea_desktop.formkit import load_form

    form = load_form()
    assert form.field(kpi.COUNTRY_FIELD).type == "country"
    types = form.field(kpi.TYPES_FIELD)
    assert types.is_multi
    assert {kpi.PROCURER, kpi.SCHOOL, kpi.SUPPLIER} <= set(types.choice_values())
    interests = form.field(kpi.INTERESTS_FIELD)
    assert kpi.LEA_NETWORK_INTEREST in interests.choice_values()
    assert form.kind == kpi.FOLLOWER


def _tally() -> kpi.Tally:
    return kpi.Tally(
        followers=Counter({"FI": 88, "HR": 1, "NO": 2, "US": 1}),
        types=Counter(
            {
                ("FI", "procurer"): 30,
                ("FI", "school"): 40,
                ("HR", "procurer"): 1,
                ("NO", "procurer"): 2,
                ("US", "supplier"): 1,
                ("FI", "supplier"): 20,
            }
        ),
        candidates=Counter({"HR": 1, "NO": 2}),
        letters=Counter({("FI", "signed"): 2, ("FI", "offered"): 3, ("US", "offered"): 1}),
        days=Counter({"2027-01-21": 50, "2027-01-20": 42}),
        collectors=Counter({"Anna": 60, "": 30, " ": 2}),
        kinds=Counter({"follower": 92, "assistance_request": 4}),
    )


def test_summarise_derives_every_figure_from_the_counts():
    """Totals, per-type counts (several per follower), shares, covered and missing member states
    with partners, letters, collectors and the LEA-N member states come out exactly."""
    s = kpi.summarise(_tally(), type_values=TYPES, responsible_partners=PARTNERS)
    assert s.total == 92
    assert s.by_type == {"procurer": 33, "school": 40, "supplier": 21, "expert": 0}
    assert list(s.by_country) == ["FI", "NO", "HR", "US"]  # most first, ties by code
    assert list(s.by_day) == ["2027-01-20", "2027-01-21"]
    assert s.eu_member_states_covered == ("FI", "HR")
    assert len(s.eu_member_states_missing) == 25
    missing = dict(s.eu_member_states_missing)
    assert missing["AT"] == "ENTER" and missing["BG"] == "INNOVA"
    assert missing["SE"] == ""  # not in this partner table
    assert [c for c, _p in s.eu_member_states_missing][:2] == ["AT", "BG"]  # the table's order
    assert s.procurer_share == 33 / 92 and s.supplier_share == 21 / 92
    assert s.lea_network_candidates == 3
    assert (s.letters_offered, s.letters_signed, s.letters_awaiting_signature) == (6, 2, 4)
    assert s.assistance_requests == 4
    assert s.collected_by == {"Anna": 60, kpi.NOT_RECORDED: 32}
    # FI has a signed letter, HR a candidate; NO has candidates but is not a member state.
    assert s.lea_n_member_states == ("FI", "HR")


def test_kpis_follow_table_7():
    """The three Table 7 targets carry value, target, progress and whether they are met."""
    s = kpi.summarise(_tally(), type_values=TYPES, responsible_partners=PARTNERS)
    by_key = {k.key: k for k in s.kpis}
    assert (by_key["lea_n_member_states"].value, by_key["lea_n_member_states"].target) == (2, 15)
    assert by_key["lea_n_member_states"].fraction == 2 / 15
    assert not by_key["lea_n_member_states"].met
    assert (by_key["procurers"].value, by_key["procurers"].target) == (33, 25)
    assert by_key["procurers"].met and by_key["procurers"].fraction == 1.0
    assert (by_key["schools"].value, by_key["schools"].target) == (40, 30)


def test_json_contract_keys_and_values():
    """`to_json` has every documented key with plain JSON types."""
    data = kpi.summarise(_tally(), type_values=TYPES, responsible_partners=PARTNERS).to_json()
    for key in ("total", "by_type", "by_country", "by_day", "eu_member_states_covered",
                "eu_member_states_missing", "procurer_share", "supplier_share",
                "lea_network_candidates", "letters_of_intent", "collected_by"):  # fmt: skip
        assert key in data
    assert data["eu_member_states_missing"][0] == {"country": "AT", "responsible_partner": "ENTER"}
    assert data["procurer_share"] == round(33 / 92, 4)
    assert data["letters_of_intent"] == {"offered": 6, "signed": 2, "awaiting_signature": 4}


def test_empty_tally_has_no_division_by_zero():
    """No followers: zero shares, every member state missing, nothing met."""
    s = kpi.summarise(kpi.Tally(), type_values=TYPES, responsible_partners=PARTNERS)
    assert s.total == 0 and s.procurer_share == 0.0
    assert len(s.eu_member_states_missing) == len(EU_MEMBER_STATES)
    assert not any(k.met for k in s.kpis)


def test_tallies_add_up():
    """A full count plus the rows saved since equals a count of everything."""
    a = kpi.Tally(followers=Counter({"FI": 2}), days=Counter({"2027-01-20": 2}))
    b = kpi.Tally(followers=Counter({"FI": 1, "SE": 1}), kinds=Counter({"follower": 2}))
    total = a + b
    assert total.followers == Counter({"FI": 3, "SE": 1})
    assert total.days == Counter({"2027-01-20": 2})
    assert total.kinds == Counter({"follower": 2})
    assert total.total == 4


def test_member_state_rows_follow_appendix_7_1_and_partner_totals():
    """One row per member state in the table's order, then Norway; partner rows add them up."""
    rows = kpi.member_state_rows(_tally(), PARTNERS)
    codes = [r.country for r in rows]
    assert codes[:3] == ["AT", "BG", "FI"]
    assert codes[-1] == "NO" and len(rows) == 28
    fi = rows[2]
    assert (fi.followers, fi.procurers, fi.lea_n_identified, fi.lea_n_committed) == (88, 30, 0, 2)
    partners = {p.partner: p for p in kpi.partner_rows(rows)}
    assert partners["EUPK"].countries == ("NO",) and partners["EUPK"].lea_n_identified == 2
    assert partners[""].countries_covered == 1  # HR: in no partner table here, one follower


def test_top_with_others():
    """The largest entries, then how many others and their sum; never an "others" of one."""
    counts = {"FI": 88, "DE": 19, "HR": 1, "SE": 7, "AT": 3}
    top, others = kpi.top_with_others(counts, 2)
    assert top == [("FI", 88), ("DE", 19)] and others == (3, 11)
    top, others = kpi.top_with_others(counts, 4)
    assert len(top) == 5 and others == (0, 0)


def test_log_classes_keep_small_counts_apart_from_large():
    """Finland 88 and Croatia 1 land in different classes with 1-2-5 bounds; huge spreads
    still give at most six contiguous classes from 1 to the maximum."""
    assert kpi.log_classes(88) == [(1, 1), (2, 4), (5, 9), (10, 19), (20, 49), (50, 88)]
    assert kpi.log_classes(1) == [(1, 1)]
    assert kpi.log_classes(0) == []
    for peak in (7, 120, 31361, 10**7):
        classes = kpi.log_classes(peak)
        assert 1 <= len(classes) <= 6
        assert classes[0][0] == 1 and classes[-1][1] == peak
        for (_lo, hi), (lo2, _hi2) in itertools.pairwise(classes):
            assert lo2 == hi + 1
    classes = kpi.log_classes(88)
    assert kpi.class_of(0, classes) == -1
    assert kpi.class_of(1, classes) == 0
    assert kpi.class_of(88, classes) == 5
    assert kpi.class_label(2, 4) == "2–4" and kpi.class_label(1, 1) == "1"


def test_percent_text():
    """Whole percents, and "<1 %" so a small share never reads as nothing."""
    assert kpi.percent(33, 96) == "34 %"
    assert kpi.percent(1, 1000) == "<1 %"
    assert kpi.percent(0, 10) == "0 %" and kpi.percent(5, 0) == "0 %"


def test_day_series_fills_gaps_and_switches_to_months():
    """Every day between the first and last (zeros included, widened by the event's dates);
    per month once the span is longer than a month."""
    unit, series = kpi.day_series({"2027-01-21": 5, "2027-01-23": 1}, ("2027-01-20", "2027-01-24"))
    assert unit == "day"
    assert series == [("2027-01-20", 0), ("2027-01-21", 5), ("2027-01-22", 0),
                      ("2027-01-23", 1), ("2027-01-24", 0)]  # fmt: skip
    unit, series = kpi.day_series({"2027-01-21": 5, "2027-03-02": 2, "2027-03-30": 1})
    assert unit == "month"
    assert series == [("2027-01", 5), ("2027-02", 0), ("2027-03", 3)]
    assert kpi.day_series({}) == ("day", [])


def test_every_responsible_partner_is_a_consortium_partner_by_its_own_name():
    """Appendix 7.1's table names only partners of the consortium's list: a shortened or
    joined name ("Gothenburg Region, Halmstad") would show as an organisation of its own."""
    from lea_desktop import reference

    known = set(reference.partners())
    for code, names in reference.responsible_partners().items():
        assert names and set(names) <= known, code
    assert reference.responsible_partners()["SE"] == ("Gothenburg Region", "Halmstad Municipality")


def test_rows_outside_the_appendix_make_the_total_every_follower():
    """Followers from countries the appendix does not list get rows of their own, so the
    appendix rows and they add up to the followers in all."""
    tally = kpi.Tally(followers=Counter({"FI": 5, "GB": 10, "US": 2, "SE": 1}))
    partners = {"FI": "Konnevesi Municipality", "SE": ("Gothenburg Region", "Halmstad")}
    rows = kpi.member_state_rows(tally, partners, ("FI", "SE"))
    others = kpi.other_country_rows(tally, partners, ("FI", "SE"))
    assert [r.country for r in others] == ["GB", "US"]
    assert not any(r.in_appendix for r in others)
    assert sum(r.followers for r in rows + others) == tally.total == 18
    by_partner = {p.partner: p.countries for p in kpi.partner_rows(rows + others)}
    assert by_partner == {
        "Gothenburg Region": ("SE",),
        "Halmstad": ("SE",),
        "Konnevesi Municipality": ("FI",),
    }
    assert kpi.shared_note(rows).startswith("Shared: SE by Gothenburg Region and Halmstad.")


def test_every_partner_has_a_home_country_in_the_eu_or_none_the_report_does_not_give() -> None:
    """The partners' own countries as the source report gives them (section 3.2's LEA-N
    sections, 4.2's networks); the four it gives none for stay unknown rather than guessed."""
    from lea_desktop import reference

    home = reference.home_countries()
    assert set(home) == set(reference.partners())
    assert set(home.values()) <= set(EU_MEMBER_STATES) | {""}
    assert {p: home[p] for p in ("EUPK", "University of Jyväskylä", "INNOVA", "Innova+")} == {
        "EUPK": "SE", "University of Jyväskylä": "FI", "INNOVA": "HU", "Innova+": "PT",
    }  # fmt: skip
    assert home["Ajuntament de Viladecans"] == "ES" and home["Gothenburg Region"] == "SE"
    assert [p for p, c in home.items() if not c] == ["ENTER", "ICLEI", "OVGU", "SERN"]


def test_table_8_counts_every_member_state_for_a_partner_of_unknown_country() -> None:
    rows = kpi.outreach_rows({("SERN", "IT"): 1, ("SERN", "CY"): 1}, ["SERN"], {"SERN": ""})
    assert [(r.home_country, r.members, r.countries, r.met) for r in rows] == [
        ("", 2, ("CY", "IT"), True)
    ]


def test_table_8_counts_other_member_states_only() -> None:
    partners = ["ENTER", "OVGU", "University of Oulu"]
    home = {"ENTER": "AT", "OVGU": "DE", "University of Oulu": "FI"}
    potential = {
        ("enter ", "AT"): 5,  # its own country: not counted
        ("ENTER", "DE"): 1,
        ("ENTER", "NO"): 4,  # not a member state
        ("ENTER", "ZZ"): 2,  # no country recorded
        ("OVGU", "FR"): 1,
        ("OVGU", "PL"): 1,
        ("Someone else", "IT"): 9,  # not a partner
    }
    rows = kpi.outreach_rows(potential, partners, home)
    assert [(r.partner, r.members, r.countries, r.met) for r in rows] == [
        ("ENTER", 1, ("DE",), False),
        ("OVGU", 2, ("FR", "PL"), True),
        ("University of Oulu", 0, (), False),
    ]
    assert rows[1].to_json()["potential_lea_n_members"] == 2
