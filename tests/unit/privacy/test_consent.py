"""Consent provenance: the hash is of the exact text shown, exports carry it, and old text
versions stay on file so the hash can be verified after the text changes."""

from __future__ import annotations

import csv
import hashlib
import json
import tomllib

import pytest

from lea_desktop import reference
from lea_desktop.exports.csv_export import write_csv, write_json
from lea_desktop.formkit import load_form
from lea_desktop.paths import resource
from lea_desktop.storage import registrations
from lea_desktop.usecases import consent, followers

# Hashes of every consent text ever shipped (purpose, version) → {lang: sha256}. A released text
# must never change in place: add a version and move the old one under `previous` instead.
SHIPPED = {
    ("contact", "2026-11-01"): {
        "en": "d4fa07f036656a4d7e354d14f86d3d4d563691b7ab7a24b79434eaa8fda7ad72",
        "fi": "abc2442a7736a4c8c91a5e394778de3beb2a799b55dc5982fdb5c5cdd66aa816",
        "sv": "2e705cf1948b517e7396155fd1fd69897c473c5c93f0ba3cac440a12602d2cbe",
        "de": "e97090473b34430ddbc1244703fbccb17cb732557b3d7ddceae63319d6268714",
        "it": "6456d9f0279314b1046f01c45ea99dc60a52ad430eb675ef5bdd304f5219f74d",
        "pt": "abe29a76342a57a25d718b2f6e7ad1380d4c3d6e52a891eb6c6a1512950f30e6",
        "es": "400ba227ee8b565ab226de36ffdf0e1cfca086163287290ecbb14d3a2a92952f",
        "fr": "b349e57bc94cc7f48ac9d00f49a821f0fbc1912e472337526332f7d9d1ae8a96",
    },
    ("map", "2026-11-01"): {
        "en": "47eeaa2f0adee1337aeeb65b2686f7eb8ca05c1cd5f6e43e6f02828946b4e654",
        "fi": "0ddc9db8029ca9f8d4f3835257e704bf153a4c7087648b935058a97587eff708",
        "sv": "aebc92b1021190a9bc03478bfcf2bde265505e52ada68398784ac4768f5a19e4",
        "de": "8a06f484f7ca5c3c786a7563d871282f8fb7af73e0907bd0bf4d7c61070cc8c9",
        "it": "5b1e879e4ae139f7b779e1b3a5093c77fe60e3172bdecc7b4e3b23985b1091f4",
        "pt": "9eacc9eee0a78e8fd7b73942f764bd6ee79fcd23ab0563348877fa6b145b9ac1",
        "es": "edeb0ea0f51eca3f092504bfdcc737ae1d2cbdd754abd6fb63ec30c21ce70c4e",
        "fr": "7e364288964491b8b769fdf31310c3b1025a15cd1fda8771ec2c76585c58e7a4",
    },
}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("lang", load_form().languages)
def test_text_sha256_is_the_hash_of_the_exact_text_shown_in_the_language_used(
    store, event, person, lang
):
    """For each form language, the recorded hash equals SHA-256 of the consent texts the form
    shows in that language (both purposes agreed: the texts joined by a blank line), and the
    record names that language, the versions, the staff member and the device."""
    store.db.execute(
        "INSERT INTO settings(key, value) VALUES ('staff.name', '\"Mikko Staff\"') "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
    )
    reg = followers.save_new(store, person, event_id=event.id, lang=lang).registration
    form = load_form()
    shown = [reference.consent_text(f.consent, lang) for f in form.consent_fields()]
    assert all(t.lang == lang for t in shown)  # every language has its own text, no fallback
    c = reg.consent
    assert c["text_sha256"] == _sha("\n\n".join(t.text for t in shown))
    assert c["texts"] == {t.purpose: {"version": t.version, "sha256": _sha(t.text)} for t in shown}
    assert c["language"] == lang and c["purposes"] == ["contact", "map"]
    assert c["collected_by"] == "Mikko Staff" and c["device_id"] == store.device_id
    assert c["version"] == "contact:2026-11-01;map:2026-11-01"
    assert consent.verify_consent(c).ok


def test_only_agreed_purposes_are_hashed(store, event, person):
    """Agreeing to contact only: the hash is of the contact text alone."""
    reg = followers.save_new(
        store, {**person, "consent_map": False}, event_id=event.id, lang="de"
    ).registration
    assert reg.consent["purposes"] == ["contact"]
    assert reg.consent["text_sha256"] == _sha(reference.consent_text("contact", "de").text)


def test_shipped_consent_texts_never_change_in_place():
    """Every text version on file hashes to what was shipped; every current text exists in every
    form language."""
    data = tomllib.loads(resource("consent", "consent.toml").read_text("utf-8"))
    for (purpose, version), hashes in SHIPPED.items():
        for lang, digest in hashes.items():
            found = reference.consent_text_version(purpose, version, lang)
            assert found is not None and found.sha256 == digest, (purpose, version, lang)
    for purpose, entry in data.items():
        assert set(load_form().languages) <= set(entry["text"]), purpose


def test_exports_carry_the_consent_proof(store, event, person, tmp_path):
    """JSON export has consent {version, text_sha256, purposes, given_at, collected_by,
    device_id}; CSV has the same as columns."""
    reg = followers.save_new(store, person, event_id=event.id, lang="sv").registration
    form = load_form()
    write_json(form, registrations.iter_all(store.db), tmp_path / "f.json")
    obj = json.loads((tmp_path / "f.json").read_text("utf-8"))[0]
    assert obj["consent"] == {
        k: reg.consent[k]
        for k in ("version", "text_sha256", "purposes", "given_at", "collected_by", "device_id")
    }
    write_csv(form, registrations.iter_all(store.db), tmp_path / "f.csv")
    with open(tmp_path / "f.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["consent_text_sha256"] == reg.consent["text_sha256"]
    assert row["consent_version"] == reg.consent["version"]
    assert row["consent_purposes"] == "contact;map"
    assert row["consent_given_at"] == reg.consent["given_at"]
    assert row["consent_device_id"] == reg.consent["device_id"]


@pytest.fixture
def changed_consent_file(tmp_path, monkeypatch):
    """A consent.toml where the contact text got a new version and the old one moved under
    `previous`, as docs/privacy.md says to do it."""
    current = tomllib.loads(resource("consent", "consent.toml").read_text("utf-8"))
    old = current["contact"]
    lines = []
    for purpose, entry in current.items():
        if purpose == "contact":
            lines += ["[contact]", 'version = "2027-03-01"', "[contact.text]"]
            lines += [f"{k} = {json.dumps(v + ' (2027)')}" for k, v in old["text"].items()]
            lines += [f'[contact.previous."{old["version"]}".text]']
            lines += [f"{k} = {json.dumps(v)}" for k, v in old["text"].items()]
        else:
            lines += [f"[{purpose}]", f'version = "{entry["version"]}"', f"[{purpose}.text]"]
            lines += [f"{k} = {json.dumps(v)}" for k, v in entry["text"].items()]
    path = tmp_path / "consent.toml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    real = reference.resource
    monkeypatch.setattr(
        reference, "resource", lambda *p: path if p == ("consent", "consent.toml") else real(*p)
    )
    reference.reload()
    yield path
    reference.reload()


def test_old_records_verify_after_the_text_changes(store, event, person, changed_consent_file):
    """A record saved under the old text still verifies once the text has a new version; a new
    record gets the new version; a text edited in place (same version) fails verification."""
    reference.reload()
    path = changed_consent_file
    saved_under_new = followers.save_new(store, person, event_id=event.id, lang="it").registration
    assert saved_under_new.consent["texts"]["contact"]["version"] == "2027-03-01"
    assert consent.verify_consent(saved_under_new.consent).ok

    old_consent = {
        **saved_under_new.consent,
        "version": "contact:2026-11-01;map:2026-11-01",
        "texts": {
            "contact": {"version": "2026-11-01", "sha256": _sha(_old_text("it", path))},
            "map": saved_under_new.consent["texts"]["map"],
        },
    }
    old_consent["text_sha256"] = _sha(
        _old_text("it", path) + "\n\n" + reference.consent_text("map", "it").text
    )
    check = consent.verify_consent(old_consent)
    assert check.ok, check.message
    assert check.texts[0].version == "2026-11-01"

    path.write_text(path.read_text("utf-8").replace("(2027)", "(2027, edited)"), "utf-8")
    reference.reload()
    assert not consent.verify_consent(saved_under_new.consent).ok


def _old_text(lang: str, path) -> str:
    return tomllib.loads(path.read_text("utf-8"))["contact"]["previous"]["2026-11-01"]["text"][lang]


def test_unknown_version_is_reported_not_crashed():
    """A record naming a version that is not on file fails verification with a message."""
    check = consent.verify_consent(
        {"purposes": ["contact"], "language": "en", "text_sha256": "x",
         "texts": {"contact": {"version": "1999-01-01", "sha256": "x"}}}
    )  # fmt: skip
    assert not check.ok and "1999-01-01" in check.message
    assert not consent.verify_consent(None).ok


def test_the_summary_xlsx_followers_sheet_carries_the_consent_proof(store, event, person, tmp_path):
    """The XLSX followers sheet has the same consent columns as the CSV export."""
    import openpyxl

    from lea_desktop.usecases import reports

    reg = followers.save_new(store, person, event_id=event.id, lang="pt").registration
    out = tmp_path / "summary.xlsx"
    reports.write_summary(store, event.id, "xlsx", out)
    rows = list(openpyxl.load_workbook(out)["Followers"].iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Consent version"] == reg.consent["version"]
    assert row["Consent text SHA-256"] == reg.consent["text_sha256"]
    assert row["Consent purposes"] == "contact; map"
    assert row["Consent given at (UTC)"] == reg.consent["given_at"]
    assert row["Consent device"] == reg.consent["device_id"]
