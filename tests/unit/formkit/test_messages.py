"""The form engine's messages: every one in every language of the forms, filled in the way
that language writes names and numbers, and the same problem said again in another language."""

from __future__ import annotations

import json
import pickle
import re
import string
from pathlib import Path

import pytest

import lea_desktop
from lea_desktop.formkit import available_forms, load_form, validate
from lea_desktop.formkit.messages import Message, catalog, message


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_is_in_every_language_of_every_form_with_the_same_placeholders():
    languages = {lang for form_id in available_forms() for lang in load_form(form_id).languages}
    assert len(languages) == 8
    for key, texts in catalog().items():
        assert set(texts) == languages, key
        english = _placeholders(texts["en"])
        for lang, text in texts.items():
            used = _placeholders(text)
            assert used == english, (key, lang)
            assert text.strip() == text and text[-1] in ".!", (key, lang)


def test_every_message_the_code_asks_for_exists():
    """A key mistyped in the code would raise at the very moment a visitor needs the message."""
    package = Path(lea_desktop.__file__).parent
    asked = set()
    for source in package.rglob("*.py"):
        text = source.read_text("utf-8")
        asked |= set(re.findall(r"""(?:_Invalid|message)\(\s*"([a-z_]+)\"""", text))
    assert asked, "the scan found no message keys"
    assert asked <= set(catalog()), asked - set(catalog())


def test_validation_speaks_the_language_asked_for_and_english_by_default():
    form = load_form()
    answers = {"email": "aino@@example", "phone": "12", "country": "FI", "notes": "x" * 5000}
    english = validate(form, answers).errors
    assert english["organisation"] == "Organisation is required."
    # One sentence, not ours stitched to email-validator's ("…: There must be something…").
    assert english["email"] == "Not a valid email address. Check it (for example name@example.org)."
    assert english["phone"] == (
        "This phone number is not valid for Finland. Check the digits and country code."
    )
    assert english["notes"] == "Too long: 5,000 characters, at most 4,000."
    german = validate(form, answers, lang="de").errors
    assert set(german) == set(english)
    assert german["organisation"] == "Organisation ist ein Pflichtfeld."
    assert (
        german["contact_name"] == f"{form.field('contact_name').label('de')} ist ein Pflichtfeld."
    )
    assert "(Land: Finnland)" in german["phone"]
    assert german["notes"] == "Zu lang: 5.000 Zeichen, höchstens 4.000."
    finnish = validate(form, answers, lang="fi").errors
    assert finnish["notes"] == "Liian pitkä: 5\u00a0000 merkkiä, enintään 4\u00a0000."
    assert "(maa: Suomi)" in finnish["phone"]


def test_a_language_without_a_message_falls_back_to_english():
    assert message("yes_or_no", "xx") == "Answer yes or no."


def test_a_message_says_itself_again_in_another_language():
    form = load_form()
    shown = validate(form, {"country": "SE", "phone": "12"}, lang="sv").errors
    phone = shown["phone"]
    assert isinstance(phone, Message) and "(land: Sverige)" in phone
    french = phone.in_language("fr")
    assert french == validate(form, {"country": "SE", "phone": "12"}, lang="fr").errors["phone"]
    assert "(pays\u00a0: Suède)" in french
    assert (
        french.in_language("en") == validate(form, {"country": "SE", "phone": "12"}).errors["phone"]
    )


def test_a_message_travels_as_plain_text():
    """Databank and import workers send messages between processes and as JSON."""
    text = validate(load_form(), {}, lang="it").errors["organisation"]
    assert type(pickle.loads(pickle.dumps(text))) is str
    assert pickle.loads(pickle.dumps(text)) == text
    assert json.loads(json.dumps({"reason": text})) == {"reason": str(text)}


@pytest.mark.parametrize("lang", ["en", "fi", "sv", "de", "it", "pt", "es", "fr"])
def test_the_empty_form_gets_one_message_per_required_field_in_each_language(lang):
    form = load_form()
    errors = validate(form, {}, lang=lang).errors
    assert set(errors) == {f.id for f in form.fields if f.required}
    assert all(errors.values())
    if lang != "en":
        assert errors["organisation"] != validate(form, {}).errors["organisation"]


def test_the_form_screen_words_are_in_every_language_with_the_same_placeholders():
    """Save, Clear form, the save hint, the placeholders: in every form language, none left
    in English where the language has its own words."""
    from lea_desktop.formkit.messages import attention_summary, screen_catalog, screen_text

    languages = {lang for form_id in available_forms() for lang in load_form(form_id).languages}
    for key, texts in screen_catalog().items():
        assert set(texts) == languages, key
        for lang, text in texts.items():
            assert _placeholders(text) == _placeholders(texts["en"]), (key, lang)
            if lang != "en":
                assert text != texts["en"], (key, lang)
    assert screen_text("clear_form", "fi") == "Tyhjennä lomake"
    assert screen_text("email_placeholder", "de") == "name@beispiel.de"
    assert attention_summary(1) == "1 field needs attention."
    assert attention_summary(3, "fi") == "3 kenttää vaatii huomiota."
    assert attention_summary(1200, "de") == "1.200 Felder müssen geprüft werden."
