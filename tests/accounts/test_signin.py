"""Getting in (issue 11.3) and sign-in that resists guessing (issue 12.1): registration with e-mail
confirmation, password reset, throttles without enumeration, lockout per account and address with unlock
after the time or by an administrator, the authentication log, password rules, session lifetimes."""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from straiik.accounts import lockout
from straiik.accounts.models import AuthEvent, User
from straiik.accounts.services import user_create
from tests.conftest import PASSWORD, client_for, make_user

pytestmark = pytest.mark.django_db
K = AuthEvent.Kind
NEW_PASSWORD = "Veilig-wachtwoord-2026"


class Clock:
    """Moves Django's clock (timezone.now) and time.time forward: lockouts, links and sessions age."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = 0.0
        real_now, real_time = timezone.now, time.time
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=self.offset))
        monkeypatch.setattr(time, "time", lambda: real_time() + self.offset)

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def main(response) -> str:  # type: ignore[no-untyped-def]
    html = response.content.decode()
    return html[html.index("<main>"):html.index("</main>")] if "<main>" in html else html


def link_in(message: mail.EmailMessage) -> str:
    return re.search(r"http://testserver(/accounts/\S+/)", message.body).group(1)  # type: ignore[union-attr]


def sign_in(client: Client, login: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"login": login, "password": password})


def signed_in(client: Client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


def signup(client: Client, *, email: str, username: str, password: str = NEW_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/signup/", {"email": email, "username": username, "password1": password,
                                             "password2": password})


# --- registration ---------------------------------------------------------------------------------------


def test_sign_up_confirm_the_address_then_sign_in() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = client.get("/accounts/signup/")
    assert page.status_code == 200 and 'class="card narrow' in page.content.decode()  # the platform's layout
    response = signup(client, email="sanne@zilvermeeuw.example", username="sanne")
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(username="sanne")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sanne@zilvermeeuw.example"]
    link = link_in(mail.outbox[0])
    # Not before the address is confirmed: signing in sends another confirmation instead.
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert sign_in(client, "sanne", NEW_PASSWORD)["Location"] == "/accounts/confirm-email/"
    assert not signed_in(client)
    confirm = client.get(link)
    assert confirm.status_code == 200 and "sanne@zilvermeeuw.example" in main(confirm)
    assert client.post(link).status_code == 302
    assert user.emailaddress_set.get().verified
    assert sign_in(client, "sanne@zilvermeeuw.example", NEW_PASSWORD).status_code == 302
    assert signed_in(client)
    kinds = list(AuthEvent.objects.filter(user=user).order_by("at", "id").values_list("kind", flat=True))
    assert kinds[0] == K.SIGNUP and K.EMAIL_CONFIRMED in kinds and kinds[-1] == K.LOGIN


def test_a_confirmation_link_works_once_and_expires(clock: Clock) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    signup(client, email="old@example.org", username="oldlink")
    link = link_in(mail.outbox[0])
    clock.advance(4 * 24 * 3600)  # ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
    expired = client.get(link)
    assert "This email confirmation link expired or is invalid" in main(expired)
    assert client.post(link).status_code == 404
    assert not User.objects.get(username="oldlink").emailaddress_set.get().verified

    clock.advance(-4 * 24 * 3600)
    mail.outbox.clear()
    signup(Client(), email="twice@example.org", username="twice")
    link = link_in(mail.outbox[0])
    assert client.post(link).status_code == 302
    again = client.get(link)
    assert again.status_code == 200 and "expired or is invalid" in main(again)  # a used link is spent
    assert User.objects.filter(username="twice").count() == 1


def test_sign_up_with_a_known_address_tells_only_its_owner() -> None:
    make_user(username="existing")
    User.objects.filter(username="existing").update(email="known@example.org")
    first = signup(Client(HTTP_ACCEPT_LANGUAGE="en"), email="fresh@example.org", username="fresh")
    mail.outbox.clear()
    second = signup(Client(HTTP_ACCEPT_LANGUAGE="en"), email="known@example.org", username="intruder")
    # The same answer as for a fresh address: nothing says the address is taken ...
    assert second.status_code == first.status_code == 302 and second["Location"] == first["Location"]
    assert not User.objects.filter(username="intruder").exists()  # ... and nothing is created twice
    # ... but its owner is told by e-mail.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["known@example.org"]
    assert "already" in mail.outbox[0].body.lower()


@pytest.mark.parametrize(("password", "message"), [
    ("Kort-2026ab", "too short. It must contain at least 12 characters"),  # 11 characters
    ("password1234", "too common"),
    ("marieke.jansen!", "too similar"),
])
def test_weak_passwords_are_refused_with_a_reason(password: str, message: str) -> None:
    response = signup(Client(HTTP_ACCEPT_LANGUAGE="en"), email="marieke.jansen@example.nl", username="marieke",
                      password=password)
    assert response.status_code == 200 and message in main(response)
    assert not User.objects.filter(username="marieke").exists()


def test_django_forms_use_the_same_password_rules() -> None:
    user = User(username="piet", email="piet@example.org")
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Abcdefgh-12", user)
    validate_password("Abcdefgh-123", user)
    validate_password("zeilboot 🚤 op de Noordzee, wind uit het westen " + "x" * 14, user)  # spaces, emoji, 64
    validate_password("k" * 100 + "-lang-wachtwoord-" + "q" * 11, user)  # 128 characters
    with pytest.raises(ValidationError, match="at most 128 characters"):
        validate_password("k" * 129, user)


def test_sign_ups_are_throttled_per_address() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    with override_settings(ACCOUNT_RATE_LIMITS={"signup": "3/h/ip"}):
        codes = [signup(client, email=f"n{i}@example.org", username=f"n{i}").status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]
    assert User.objects.filter(username__startswith="n").count() == 3


# --- password reset -------------------------------------------------------------------------------------


def test_password_reset_by_e_mail_link_once() -> None:
    user = make_user(username="resetme")
    User.objects.filter(pk=user.pk).update(email="resetme@example.org")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    known = client.post("/accounts/password/reset/", {"email": "resetme@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    to_owner = [m for m in mail.outbox if m.to == ["resetme@example.org"]]
    assert len(to_owner) == 1
    link = link_in(to_owner[0])
    form = client.get(link, follow=True)
    action = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    reused = client.get(link, follow=True)
    assert "The password reset link was invalid" in main(reused)
    assert AuthEvent.objects.filter(kind=K.PASSWORD_RESET, user=user).count() == 1


def test_password_reset_is_throttled_per_address_and_per_e_mail() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    codes = [client.post("/accounts/password/reset/", {"email": "target@example.org"}).status_code
             for _ in range(4)]
    assert codes == [302, 302, 302, 429]  # 3/h per e-mail address
    other = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="10.0.0.9")
    assert other.post("/accounts/password/reset/", {"email": "target@example.org"}).status_code == 429
    with override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "2/h/ip"}):
        codes = [client.post("/accounts/password/reset/", {"email": f"x{i}@example.org"}).status_code
                 for i in range(3)]
    assert codes[-1] == 429


# --- lockout --------------------------------------------------------------------------------------------


def test_an_account_locks_after_five_failures_and_unlocks_after_the_time(clock: Clock) -> None:
    make_user(username="anna")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):
        assert "not correct" in main(sign_in(client, "anna", "wrong-password"))
    locked = sign_in(client, "anna", PASSWORD)  # the right password, too late
    assert locked.status_code == 200 and "Too many failed attempts" in main(locked)
    assert not signed_in(client)
    assert AuthEvent.objects.filter(kind=K.LOCKOUT, username="anna").count() == 1
    # Another address does not help: the account name is locked.
    elsewhere = Client(REMOTE_ADDR="10.1.1.1", HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many failed attempts" in main(sign_in(elsewhere, "anna", PASSWORD))
    # Every path through django.contrib.auth.authenticate is refused too.
    request = RequestFactory().post("/", REMOTE_ADDR="10.2.2.2")
    assert authenticate(request, username="anna", password=PASSWORD) is None
    clock.advance(15 * 60 + 1)
    assert sign_in(client, "anna", PASSWORD).status_code == 302 and signed_in(client)


def test_the_locked_message_does_not_reveal_whether_the_account_exists() -> None:
    make_user(username="exists")
    answers = []
    for name in ("exists", "doesnotexist"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        for _ in range(5):
            sign_in(client, name, "wrong-password")
        answers.append(main(sign_in(client, name, "wrong-password")).replace(name, "NAME"))
    strip = lambda html: re.sub(r'value="[^"]*"|"X-CSRFToken": "[^"]*"', "", html)  # noqa: E731 - the CSRF token differs
    assert strip(answers[0]) == strip(answers[1]) and "Too many failed attempts" in answers[0]


@override_settings(STRAIIK_LOCKOUT_ADDRESS_ATTEMPTS=8)
def test_an_address_locks_after_failures_on_many_accounts() -> None:
    make_user(username="victim")
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.7")
    for i in range(8):
        sign_in(attacker, f"guess{i}", "wrong-password")
    assert "Too many failed attempts" in main(sign_in(attacker, "victim", PASSWORD))
    assert AuthEvent.objects.filter(kind=K.LOCKOUT, ip="203.0.113.7", details__scope="address").exists()
    # Someone else, elsewhere, signs in as usual.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.1"), "victim", PASSWORD).status_code == 302


def test_a_success_starts_the_account_count_again() -> None:
    make_user(username="forgetful")
    client = Client()
    for _ in range(4):
        sign_in(client, "forgetful", "wrong-password")
    assert sign_in(client, "forgetful", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        sign_in(client, "forgetful", "wrong-password")
    assert sign_in(client, "forgetful", PASSWORD).status_code == 302


def test_the_platform_administrator_reads_the_log_and_unlocks(admin_user: User) -> None:
    make_user(username="bert")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(5):
        sign_in(client, "bert", "wrong-password")
    admin = client_for(admin_user)
    page = admin.get("/accounts/log/")
    assert page.status_code == 200
    assert 'name="key" value="bert"' in main(page)
    failures = main(admin.get("/accounts/log/", {"kind": "login_failed", "who": "bert"})).split('id="auth-log"')[1]
    assert failures.count("<td>Failed sign-in</td>") == 5
    assert "<td>Locked out</td>" not in failures
    assert admin.get("/accounts/log/", {"ip": "not-an-address"}).status_code == 200
    admin.post("/accounts/log/unlock/", {"scope": "account", "key": "bert"})
    assert sign_in(client, "bert", PASSWORD).status_code == 302
    assert AuthEvent.objects.filter(kind=K.UNLOCK, username="bert", details__by=admin_user.username).exists()
    # Nobody else reads the log or lifts a lock.
    assert client_for(make_user("programme-office")).get("/accounts/log/").status_code == 403
    assert client_for(make_user()).post("/accounts/log/unlock/", {"scope": "account", "key": "x"}).status_code == 403
    assert Client().get("/accounts/log/").status_code == 302


def test_admin_sign_in_goes_through_the_same_lockout() -> None:
    make_user(username="staffer")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302 and login["Location"].startswith("/accounts/login/?next=%2Fadmin%2F")
    for _ in range(5):
        sign_in(client, "staffer", "wrong-password")
    assert "Too many failed attempts" in main(client.post("/accounts/login/?next=/admin/",
                                                          {"login": "staffer", "password": PASSWORD}))


def test_token_clients_are_counted_per_address() -> None:
    factory = RequestFactory()
    request = factory.get("/api/v1/registry/organisations", REMOTE_ADDR="192.0.2.50")
    assert lockout.check_token_client(request)
    with override_settings(STRAIIK_LOCKOUT_ADDRESS_ATTEMPTS=3):
        for _ in range(3):
            lockout.record_token_failure(request, prefix="stk_abcd", reason="unknown")
        assert not lockout.check_token_client(request)
    assert lockout.check_token_client(factory.get("/", REMOTE_ADDR="192.0.2.51"))
    rows = AuthEvent.objects.filter(kind=K.TOKEN_FAILED, ip="192.0.2.50")
    assert rows.count() == 3 and rows.first().details == {"prefix": "stk_abcd", "reason": "unknown"}


# --- the log --------------------------------------------------------------------------------------------


def test_sign_in_failure_password_change_and_sign_out_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    user = make_user(username="logged")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_USER_AGENT="pytest-browser")
    with caplog.at_level(logging.INFO, logger="straiik.auth"):
        sign_in(client, "logged", "wrong-password")
        sign_in(client, "logged", PASSWORD)
        client.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NEW_PASSWORD,
                                                   "password2": NEW_PASSWORD})
        client.post("/accounts/logout/")
    rows = list(AuthEvent.objects.filter(username="logged").order_by("at", "id"))
    assert [(r.kind, r.success) for r in rows] == [
        (K.LOGIN_FAILED, False), (K.LOGIN, True), (K.PASSWORD_CHANGED, True), (K.LOGOUT, True)]
    assert all(r.user == user and r.ip == "127.0.0.1" and r.user_agent == "pytest-browser" for r in rows)
    assert rows[1].details == {"methods": ["password"]}
    events = [(r.auth_event, r.auth_success) for r in caplog.records if hasattr(r, "auth_event")]
    assert events == [("login_failed", False), ("login", True), ("password_changed", True), ("logout", True)]
    assert PASSWORD not in caplog.text and NEW_PASSWORD not in caplog.text


# --- sessions -------------------------------------------------------------------------------------------


def test_the_session_is_rotated_at_sign_in() -> None:
    make_user(username="rotor")
    client = Client()
    client.get("/accounts/login/")
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else ""
    sign_in(client, "rotor")
    assert client.cookies["sessionid"].value not in ("", before)


def test_an_idle_session_ends_after_thirty_minutes(clock: Clock) -> None:
    user = make_user(username="idle")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, "idle")
    clock.advance(29 * 60)
    assert signed_in(client)  # activity keeps it alive
    clock.advance(29 * 60)
    assert signed_in(client)
    clock.advance(31 * 60)
    response = client.get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuthEvent.objects.filter(kind=K.SESSION_EXPIRED, user=user, details__reason="idle").count() == 1


@override_settings(STRAIIK_SESSION_MAX_SECONDS=3600)
def test_a_session_ends_after_its_lifetime_however_active(clock: Clock) -> None:
    user = make_user(username="busy")
    client = Client()
    sign_in(client, "busy")
    for _ in range(2):
        clock.advance(20 * 60)
        assert signed_in(client)
    clock.advance(21 * 60)
    assert not signed_in(client)
    assert AuthEvent.objects.filter(kind=K.SESSION_EXPIRED, user=user, details__reason="lifetime").exists()


def test_a_password_change_ends_the_other_sessions_and_tells_the_owner() -> None:
    user_create(actor=None, username="changer", password=PASSWORD, email="changer@example.org")
    laptop, phone = Client(), Client()
    sign_in(laptop, "changer")
    sign_in(phone, "changer")
    mail.outbox.clear()
    laptop.post("/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NEW_PASSWORD,
                                               "password2": NEW_PASSWORD})
    assert signed_in(laptop) and not signed_in(phone)
    assert [m.to for m in mail.outbox] == [["changer@example.org"]]
    assert mail.outbox[0].subject == "[straiik] Wachtwoord gewijzigd"  # in the language of the request (nl)


def test_sign_out_everywhere_ends_every_session() -> None:
    user = make_user(username="everywhere")
    laptop, phone = Client(), Client()
    sign_in(laptop, "everywhere")
    sign_in(phone, "everywhere")
    assert signed_in(laptop) and signed_in(phone)
    assert laptop.post("/accounts/logout-everywhere/").status_code == 302
    assert not signed_in(laptop) and not signed_in(phone)
    assert AuthEvent.objects.filter(kind=K.LOGOUT_EVERYWHERE, user=user).count() == 1
    sign_in(phone, "everywhere")
    assert signed_in(phone)  # signing in again works


@pytest.mark.parametrize(("language", "sign_in", "forgot", "locked"), [
    ("nl", "Aanmelden", "Wachtwoord vergeten?", "Te veel mislukte pogingen"),
    ("uk", "Увійти", "Забули пароль?", "Забагато невдалих спроб"),
])
def test_the_sign_in_pages_speak_dutch_and_ukrainian(language: str, sign_in: str, forgot: str, locked: str) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    page = main(client.get("/accounts/login/"))
    assert sign_in in page and forgot in page
    for _ in range(5):
        client.post("/accounts/login/", {"login": "nobody", "password": "wrong-password"})
    assert locked in main(client.post("/accounts/login/", {"login": "nobody", "password": "wrong-password"}))


def test_the_admin_site_lists_the_log_with_filters_and_unblocks(admin_user: User) -> None:
    make_user(username="carla")
    for _ in range(5):
        sign_in(Client(), "carla", "wrong-password")
    User.objects.filter(pk=admin_user.pk).update(is_staff=True, is_superuser=True)
    admin = client_for(User.objects.get(pk=admin_user.pk))
    listing = admin.get("/admin/accounts/authevent/", {"kind": "lockout"})
    assert listing.status_code == 200 and "carla" in listing.content.decode()
    lock = AuthEvent.objects.get(kind=K.LOCKOUT, username="carla")
    assert admin.get(f"/admin/accounts/authevent/{lock.pk}/change/").status_code == 200  # read-only view
    admin.post("/admin/accounts/authevent/", {"action": "unblock", "_selected_action": [lock.pk]})
    assert sign_in(Client(), "carla", PASSWORD).status_code == 302


@pytest.mark.parametrize("language", ["nl", "en", "uk"])
def test_every_account_page_renders_in_the_platforms_layout(language: str) -> None:
    anonymous = Client(HTTP_ACCEPT_LANGUAGE=language)
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/confirm-email/"]:
        response = anonymous.get(path)
        assert response.status_code == 200 and 'class="topbar"' in response.content.decode(), path
    make_user(username="pages")
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    sign_in(client, "pages")
    for path in ["/accounts/profile/", "/accounts/email/", "/accounts/password/change/", "/accounts/2fa/",
                 "/accounts/2fa/totp/activate/", "/accounts/2fa/webauthn/add/", "/accounts/3rdparty/",
                 "/accounts/logout/"]:
        response = client.get(path)
        assert response.status_code == 200 and 'class="topbar"' in response.content.decode(), path
        assert "<script>" not in response.content.decode(), path  # no inline script (CSP)
