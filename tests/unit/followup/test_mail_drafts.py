"""Follow-up email drafts: rendered in the follower's language, read back with the `email`
package; the LEA-N invitation of a procurer carries the letter of intent as a PDF; the mailto
link says the same words; the `.eml` is private."""

from __future__ import annotations

import email
import email.policy
import os
import stat
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from lea_desktop.storage import settings
from lea_desktop.usecases import followers, followup_mail


@pytest.fixture
def staff(store):
    settings.set_value(store.db, "staff.name", "Kati Clements")
    settings.set_value(store.db, "staff.partner", "University of Jyväskylä")
    settings.set_value(store.db, "staff.email", "kati.clements@example.fi")


def _save(store, event, good_answers, lang: str, **changes) -> str:
    result = followers.save_new(store, {**good_answers, **changes}, event_id=event.id, lang=lang)
    assert result.ok, result.errors
    return result.registration.id


def _parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def test_a_welcome_in_the_language_the_follower_signed_up_in(store, event, good_answers, staff):
    reg_id = _save(store, event, good_answers, "fi", types=["school"],
                   contact_name="Aino Müller-Virtanen")  # fmt: skip
    draft = followup_mail.compose(store, reg_id)
    assert draft.template == followup_mail.WELCOME and draft.lang == "fi"
    msg = _parse(draft.message().as_bytes())
    assert msg["To"].addresses[0].addr_spec == "aino.virtanen@example.fi"
    assert msg["To"].addresses[0].display_name == "Aino Müller-Virtanen"
    assert msg["From"].addresses[0].addr_spec == "kati.clements@example.fi"
    assert msg["Subject"] == "Tervetuloa LEA-seuraajaksi, Aino Müller-Virtanen"
    assert msg["Content-Language"] == "fi" and msg["X-Unsent"] == "1"
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith("Hyvä Aino Müller-Virtanen,")
    assert "BETT 2027" in body and "Jyväskylän normaalikoulu" in body
    assert "Kati Clements\nUniversity of Jyväskylä, LEA-konsortion puolesta" in body
    assert "{" not in body
    assert list(msg.iter_attachments()) == []


def test_the_lea_n_invitation_of_a_procurer_carries_the_letter_of_intent(
    store, event, good_answers, staff, tmp_path
):
    from tests.unit.printing.conftest import pdf_text

    reg_id = _save(store, event, good_answers, "de", types=["procurer"],
                   organisation="Stadt Köln – Schulamt", contact_name="Jörg Weiß")  # fmt: skip
    draft = followup_mail.compose(store, reg_id)
    assert draft.template == followup_mail.LEA_N_INVITATION and draft.lang == "de"
    out = followup_mail.save_eml(draft, tmp_path / "draft.eml")
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    msg = _parse(out.read_bytes())
    assert msg["Subject"] == "Einladung zu LEA-N, dem Beschaffer-Netzwerk von LEA"
    body = msg.get_body(("plain",)).get_content()
    assert "Guten Tag Jörg Weiß," in body and "Stadt Köln – Schulamt" in body
    [letter] = list(msg.iter_attachments())
    assert letter.get_content_type() == "application/pdf"
    assert letter.get_filename() == "LEA-N letter of intent.pdf"
    data = letter.get_content()
    assert data.startswith(b"%PDF")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(data)
    text = " ".join(pdf_text(pdf))
    assert "Stadt Köln – Schulamt" in text and "LEA-N" in text
    assert f"Follower {reg_id}" in text


def test_a_welcome_to_a_procurer_and_an_invitation_to_a_school_have_no_letter(
    store, event, good_answers, staff
):
    procurer = _save(store, event, good_answers, "en", types=["procurer"])
    school = _save(store, event, good_answers, "en", types=["school"], email="s@example.fi")
    assert followup_mail.compose(store, procurer, followup_mail.WELCOME).attachment is None
    invitation = followup_mail.compose(store, school, followup_mail.LEA_N_INVITATION)
    assert invitation.attachment is None and invitation.subject.startswith("Invitation")


def test_the_mailto_link_has_the_same_words_and_no_attachment(store, event, good_answers, staff):
    reg_id = _save(store, event, good_answers, "fr", types=["procurer"],
                   contact_name="Zoé d'Arc & fils")  # fmt: skip
    draft = followup_mail.compose(store, reg_id)
    link = urlsplit(draft.mailto())
    assert link.scheme == "mailto" and unquote(link.path) == "aino.virtanen@example.fi"
    query = parse_qs(link.query, keep_blank_values=True)
    assert set(query) == {"subject", "body"}
    assert query["subject"] == [draft.subject]
    assert query["body"] == [draft.body.replace("\n", "\r\n")]
    assert "Bonjour Zoé d'Arc & fils," in query["body"][0]


def test_a_follower_without_email_or_a_bad_template_gets_a_reason(
    store, event, good_answers, staff
):
    reg_id = _save(store, event, good_answers, "en")
    with pytest.raises(followup_mail.DraftError, match="Unknown template"):
        followup_mail.compose(store, reg_id, "spam")
    with pytest.raises(followup_mail.DraftError, match="no longer exists"):
        followup_mail.compose(store, "no-such-id")


def test_every_template_exists_in_every_form_language():
    from lea_desktop.formkit import load_form

    texts = followup_mail._templates()
    for template in followup_mail.TEMPLATES:
        for part in ("subject", "body"):
            assert set(texts[template][part]) == set(load_form().languages), (template, part)
