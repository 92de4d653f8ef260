"""The web console's accounts, sign-in, sessions, CSRF and audit log, through the real databank
(`lea-databank serve` over loopback) on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import uuid
from contextlib import closing

import pytest

from tests.integration.sync.conftest import Databank, _db_url
from tests.integration.sync.console_helpers import (
    PASSWORD,
    client,
    csrf_of,
    heading,
    make_user,
    other_address,
    problem,
    sign_in,
    signed_in,
)


def _user_cli(bank: Databank, *args: str, password: str | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        bank.command("user", *args),
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=bank.env,
    )


def test_accounts_are_made_listed_and_refused_with_reasons_from_the_command_line(databank):
    name = f"kati-{uuid.uuid4().hex[:6]}"
    made = _user_cli(databank, "create", name, "--role", "coordinator", password=PASSWORD)
    assert made.returncode == 0 and "coordinator account" in made.stdout
    assert PASSWORD not in made.stdout + made.stderr
    again = _user_cli(databank, "create", name, "--role", "coordinator", password=PASSWORD)
    assert again.returncode == 2 and "exists already" in again.stderr
    short = _user_cli(databank, "create", name + "x", "--role", "coordinator", password="short")
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    lone = _user_cli(databank, "create", name + "y", "--role", "partner", password=PASSWORD)
    assert lone.returncode == 2 and "--partner" in lone.stderr
    # The password is never an argument: there is no option for it.
    argv = _user_cli(databank, "create", name + "z", "--role", "coordinator", "--password", "x")
    assert argv.returncode == 2 and "unrecognized arguments" in argv.stderr
    partner = make_user(databank, "partner", "INNOVA")
    listed = _user_cli(databank, "list").stdout
    assert f"{name}\tcoordinator\t-\t" in listed
    assert f"{partner}\tpartner\tINNOVA\t" in listed
    assert "$argon2id$" not in listed


def test_sign_in_sets_a_session_cookie_that_only_the_console_sees_and_lands_where_asked(databank):
    name = make_user(databank)
    with client(databank) as http:
        # Not signed in: a page sends the browser to the sign-in form, and back after.
        answer = http.get("/console/audit", params={"q": "x"})
        assert answer.status_code == 303
        assert answer.headers["location"] == "/console/login?next=/console/audit%3Fq%3Dx"
        page = http.get(answer.headers["location"])
        assert heading(page.text) == "Sign in"
        for name_attr in ('name="username"', 'name="password"', 'name="csrf_token"'):
            assert name_attr in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"
        signed = http.post(
            "/console/login",
            data={"csrf_token": csrf_of(page.text), "username": name, "password": PASSWORD,
                  "next": "/console/audit?q=x"},
        )  # fmt: skip
        assert signed.status_code == 303 and signed.headers["location"] == "/console/audit?q=x"
        cookie = next(c for c in signed.headers.get_list("set-cookie") if "lea_console=" in c)
        flags = [f.strip().lower() for f in cookie.split(";")]
        assert "httponly" in flags and "samesite=lax" in flags and "path=/console" in flags
        assert "secure" not in flags  # plain http to this computer: a Secure cookie never returns
        audit = http.get("/console/audit")
        assert audit.status_code == 200 and heading(audit.text) == "Audit log"
        assert f"<td>{name}</td><td>sign-in</td>" in audit.text
        # The API does not take a console session, nor the console a laptop's bearer token.
        assert http.get("/api/v1/whoami").status_code == 401


def test_behind_the_tls_proxy_the_cookie_is_secure(databank):
    """The reverse proxy on this machine says `X-Forwarded-Proto: https` (docs/deploy): the
    browser came over TLS, so the cookie is Secure."""
    name = make_user(databank)
    with client(databank) as http:
        page = http.get("/console/login", headers={"X-Forwarded-Proto": "https"})
        pre = page.headers["set-cookie"]
        assert "secure" in [f.strip().lower() for f in pre.split(";")]
        # A client over plain http keeps a Secure cookie to itself: hand it over as the
        # browser behind the proxy would (its side of the proxy is https).
        signed = http.post(
            "/console/login",
            headers={"X-Forwarded-Proto": "https", "Cookie": pre.split(";")[0]},
            data={"csrf_token": csrf_of(page.text), "username": name, "password": PASSWORD},
        )
        assert signed.status_code == 303
        cookie = next(c for c in signed.headers.get_list("set-cookie") if "lea_console=" in c)
        assert "secure" in [f.strip().lower() for f in cookie.split(";")]


def test_an_unknown_name_and_a_wrong_password_get_the_same_answer(databank):
    name = make_user(databank)
    with client(databank, other_address()) as http:
        wrong = sign_in(http, name, "not the password at all")
        unknown = sign_in(http, f"nobody-{uuid.uuid4().hex[:6]}", "not the password at all")
        assert wrong.status_code == unknown.status_code == 401
        assert (
            problem(wrong.text)
            == problem(unknown.text)
            == ("The user name or the password is not right.")
        )
        assert "lea_console=" not in str(wrong.headers.get_list("set-cookie"))


def test_a_typed_name_reaches_the_page_escaped(databank):
    hostile = '<script>alert("x")</script>'
    with client(databank, other_address()) as http:
        answer = sign_in(http, hostile, "whatever password")
        assert answer.status_code == 401
        assert "<script>alert" not in answer.text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in answer.text


def test_sign_in_and_sign_out_refuse_a_post_without_the_csrf_token(databank):
    name = make_user(databank)
    with client(databank) as http:
        http.get("/console/login")  # the pre-session cookie, but a forged token
        forged = http.post(
            "/console/login",
            data={"csrf_token": "0" * 64, "username": name, "password": PASSWORD},
        )
        assert forged.status_code == 403 and "CSRF" in problem(forged.text)
    http = signed_in(databank, name)
    other = signed_in(databank, make_user(databank))
    try:
        page = http.get("/console/audit")
        for token in ("", csrf_of(other.get("/console/audit").text)):  # none; another session's
            refused = http.post("/console/logout", data={"csrf_token": token})
            assert refused.status_code == 403 and "CSRF" in problem(refused.text)
            assert http.get("/console/audit").status_code == 200  # still signed in
        out = http.post("/console/logout", data={"csrf_token": csrf_of(page.text)})
        assert out.status_code == 303 and out.headers["location"] == "/console/login"
        assert http.get("/console/audit").status_code == 303
    finally:
        http.close()
        other.close()


def test_a_session_cookie_replayed_after_sign_out_signs_nobody_in(databank):
    name = make_user(databank)
    http = signed_in(databank, name)
    cookie = http.cookies.get("lea_console", path="/console")
    page = http.get("/console/audit")
    http.post("/console/logout", data={"csrf_token": csrf_of(page.text)})
    with client(databank) as replay:
        replay.cookies.set("lea_console", cookie, domain="127.0.0.1", path="/console")
        assert replay.get("/console/audit").status_code == 303
    http.close()


def test_failed_sign_ins_are_limited_per_address_and_per_account(databank):
    name = make_user(databank)
    with client(databank, other_address()) as http:
        for _ in range(10):
            assert (
                sign_in(http, f"nobody-{uuid.uuid4().hex[:6]}", "guess guess guess").status_code
                == 401
            )
        # Past the limit even the right password is refused, with the reason and when to return.
        held = sign_in(http, name, PASSWORD)
        assert held.status_code == 429
        assert int(held.headers["Retry-After"]) > 0
        assert "Too many failed sign-ins from this address" in problem(held.text)
    # Guesses at one account from many addresses hold that account back, not the others.
    target = make_user(databank)
    for _ in range(10):
        with client(databank, other_address()) as http:
            assert sign_in(http, target, "guess guess guess").status_code == 401
    with client(databank, other_address()) as http:
        held = sign_in(http, target, PASSWORD)
        assert held.status_code == 429 and "for this account" in problem(held.text)
        assert sign_in(http, name, PASSWORD).status_code == 303


def test_a_disabled_account_or_a_new_password_ends_its_sessions(databank):
    name = make_user(databank)
    http = signed_in(databank, name)
    changed = _user_cli(databank, "passwd", name, password="another long password")
    assert changed.returncode == 0, changed.stderr
    assert http.get("/console/audit").status_code == 303  # the old session ended
    http.close()
    with client(databank, other_address()) as again:
        assert sign_in(again, name, PASSWORD).status_code == 401
        assert sign_in(again, name, "another long password").status_code == 303
        assert again.get("/console/audit").status_code == 200
        assert _user_cli(databank, "disable", name).returncode == 0
        assert again.get("/console/audit").status_code == 303
        refused = sign_in(again, name, "another long password")
        assert refused.status_code == 401
        assert problem(refused.text) == "The user name or the password is not right."
    missing = _user_cli(databank, "disable", name)
    assert missing.returncode == 2 and "No active user" in missing.stderr


def test_the_audit_log_is_searchable_paged_and_for_coordinators_only(databank):
    coordinator = make_user(databank)
    partner = make_user(databank, "partner", "INNOVA")
    address = other_address()
    with client(databank, address) as http:
        sign_in(http, coordinator, "a wrong password!")
    with closing(signed_in(databank, partner)) as p:
        refused = p.get("/console/audit")
        assert refused.status_code == 403
        assert "Only a coordinator may read the audit log" in problem(refused.text)
    with closing(signed_in(databank, coordinator)) as c:
        found = c.get("/console/audit", params={"q": address})
        assert found.status_code == 200
        assert f"<td>{coordinator}</td><td>sign-in failed</td><td>{coordinator}</td>" in found.text
        assert "1 entry matching" in found.text
        everything = c.get("/console/audit")
        assert 'rel="next"' in everything.text or "Page" not in everything.text
        far = c.get("/console/audit", params={"page": "99999999999"})  # not a page: the first
        assert far.status_code == 200
        assert c.get("/console/audit", params={"q": "a\x00b"}).status_code == 200


def test_every_link_of_the_navigation_opens_a_page_and_home_is_one_of_them(databank):
    """The console offers only the pages this version serves: no link answers 404, and the
    console's home (where a sign-in lands by default) is a page, not a 404."""
    import re

    coordinator = make_user(databank)
    with closing(signed_in(databank, coordinator)) as c:
        home = c.get("/console/", follow_redirects=True)
        assert home.status_code == 200, home.url
        nav = home.text.split('<nav aria-label="Console">', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'href="(/console/[^"]+)"', nav)
        assert "/console/audit" in links
        for link in links:
            assert c.get(link).status_code == 200, link


@pytest.mark.parametrize(
    ("headers", "body", "status", "reason"),
    [
        ({"Content-Type": "application/json"}, b"{}", 415, "URL-encoded"),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"a=" + b"x" * 9000, 413, "larger"),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"username=\xff\xfe", 400, "UTF-8"),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"username=a%00b", 400, "NUL"),
        (
            {"Content-Type": "application/x-www-form-urlencoded"},
            "&".join(f"f{i}=1" for i in range(400)).encode(),
            400,
            "inputs",
        ),
    ],
)
def test_a_sign_in_that_is_not_a_small_form_gets_a_4xx_with_its_reason(
    databank, headers, body, status, reason
):
    with client(databank, other_address()) as http:
        answer = http.post("/console/login", headers=headers, content=body)
        assert answer.status_code == status
        assert reason in problem(answer.text)
        assert answer.headers["content-type"].startswith("text/html")


def test_sessions_are_shared_by_every_server_process(backend, databank_db, tmp_path):
    """`serve --workers 2`: a session made by one process is known to the other."""
    bank = Databank(
        _db_url(backend, tmp_path, "workers"), tmp_path,
        serve_args=(*Databank.AUTH_LIMIT, "--workers", "2"),
    )  # fmt: skip
    bank.start()
    try:
        name = make_user(bank)
        for _ in range(3):  # sign in, then many requests on fresh connections
            http = signed_in(bank, name)
            cookie = http.cookies.get("lea_console", path="/console")
            http.close()
            for _ in range(10):
                with client(bank) as fresh:
                    fresh.cookies.set("lea_console", cookie, domain="127.0.0.1", path="/console")
                    fresh.headers["Connection"] = "close"
                    assert fresh.get("/console/audit").status_code == 200
    finally:
        bank.stop()
