"""The follower form definition: the field ids are a contract, and every language is complete."""

from __future__ import annotations

from lea_desktop.formkit import available_forms, load_form

CONTRACT_IDS = (
    "organisation", "contact_name", "email", "phone", "country", "city", "types", "website",
    "interests", "notes", "rating", "next_step", "followup_owner", "followup_due", "contacted_on",
    "consent_contact", "consent_map",
)  # fmt: skip


def test_follower_form_has_the_contract_field_ids_in_order():
    """Exports, the databank and imports rely on these ids; renaming one is a breaking change."""
    form = load_form("follower_signup")
    assert form.field_ids() == CONTRACT_IDS
    assert form.kind == "follower"
    assert form.version >= 2  # 2: the staff-only qualification fields


def test_qualification_fields_are_staff_only_and_the_owner_is_a_partner():
    """Rating, next step, follow-up owner, due date and contact date are for staff: never shown
    to a visitor (kiosk, web form, paper form all draw `public_fields`)."""
    from lea_desktop import reference

    form = load_form()
    public = {f.id for f in form.public_fields()}
    for fid in ("rating", "next_step", "followup_owner", "followup_due", "contacted_on"):
        assert form.field(fid).staff_only and fid not in public, fid
    assert form.field("rating").choice_values() == ("hot", "warm", "cold")
    owner = form.field("followup_owner")
    assert owner.choice_values() == tuple(reference.partners())
    assert owner.choice("University of Jyväskylä").label("fi") == "University of Jyväskylä"


def test_choices_from_an_unknown_source_is_a_definition_error(tmp_path):
    import pytest

    from lea_desktop.formkit.loader import FormDefinitionError, parse_form

    path = tmp_path / "bad.toml"
    path.write_text(
        '[form]\nid = "bad"\nversion = 1\n[form.title]\nen = "Bad"\n'
        '[[fields]]\nid = "a"\ntype = "choice"\nchoices_from = "planets"\n'
        '[fields.label]\nen = "A"\n',
        encoding="utf-8",
    )
    with pytest.raises(FormDefinitionError, match="choices_from"):
        parse_form(path)


def test_types_and_interests_offer_the_agreed_choices():
    """Types are the seed's four follower groups; interests the five agreed options."""
    form = load_form()
    assert form.field("types").choice_values() == ("procurer", "school", "supplier", "expert")
    assert form.field("types").choice("procurer").label("en") == "Procurer / policy maker"
    assert form.field("interests").choice_values() == (
        "webinars", "newsletter", "capacity_building", "innovation_procurement", "lea_network",
    )  # fmt: skip


def test_every_label_exists_in_every_form_language():
    """A visitor switching to Finnish or Portuguese never sees an English fallback."""
    for form_id in available_forms():
        form = load_form(form_id)
        for lang in form.languages:
            assert form.title(lang) and form.title(lang) == form.titles[lang], (form_id, lang)
            for f in form.fields:
                assert lang in f.labels, (form_id, f.id, lang)
                if f.helps:
                    assert lang in f.helps, (form_id, f.id, lang)
                for c in f.choices:
                    assert lang in c.labels, (form_id, f.id, c.value, lang)


def test_required_consent_is_never_prechecked_and_staff_notes_are_hidden_from_visitors():
    """Consent must be an active choice; the kiosk and paper form leave out staff-only fields."""
    form = load_form()
    assert form.blank_answers()["consent_contact"] is False
    assert "notes" not in [f.id for f in form.public_fields()]
    assert form.field("consent_contact").consent == "contact"


def test_sections_group_the_fields_and_are_titled_in_every_language(tmp_path):
    """Every field of a form with sections sits in one; each section has a title per language."""
    for form_id in available_forms():
        form = load_form(form_id)
        if not form.sections:
            continue
        for f in form.fields:
            assert f.section in form.sections, (form_id, f.id)
        for sid, titles in form.sections.items():
            for lang in form.languages:
                assert titles.get(lang), (form_id, sid, lang)
    form = load_form()
    assert form.field("organisation").section == "contact"
    assert form.field("city").section == "contact"  # inherited from the field that opened it
    assert form.field("consent_map").section == "consent"
    assert form.section_title("profile", "de") == "Über Ihre Organisation"


def test_a_field_naming_an_unknown_section_is_a_definition_error(tmp_path):
    """A typo in a section id is caught when the form loads, not shown as a blank heading."""
    import pytest

    from lea_desktop.formkit.loader import FormDefinitionError, parse_form

    path = tmp_path / "bad.toml"
    path.write_text(
        '[form]\nid = "bad"\nversion = 1\n[form.title]\nen = "Bad"\n'
        '[[fields]]\nid = "a"\ntype = "text"\nsection = "nope"\n[fields.label]\nen = "A"\n',
        encoding="utf-8",
    )
    with pytest.raises(FormDefinitionError, match="nope"):
        parse_form(path)
