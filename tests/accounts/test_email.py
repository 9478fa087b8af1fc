"""E-mail goes to the console by default and through SMTP when STRAIIK_EMAIL_HOST is set: a reset e-mail
delivered to a small SMTP server on loopback, in the language of the request."""

from __future__ import annotations

import importlib
import socket
import threading
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings

from straiik.accounts.services import user_create

pytestmark = pytest.mark.django_db


class LoopbackSmtp:
    """Just enough SMTP (RFC 5321, no TLS) to receive what Django's SMTP backend sends."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.port = self.server.getsockname()[1]
        self.messages: list[dict[str, object]] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn, conn.makefile("rwb") as f:
                def reply(line: str) -> None:
                    f.write((line + "\r\n").encode())
                    f.flush()

                reply("220 loopback ESMTP")
                envelope: dict[str, object] = {"to": []}
                while line := f.readline().decode():
                    verb = line[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        reply("250 loopback")
                    elif verb == "MAIL":
                        envelope["from"] = line.split(":", 1)[1].strip()
                        reply("250 OK")
                    elif verb == "RCPT":
                        envelope["to"].append(line.split(":", 1)[1].strip())  # type: ignore[union-attr]
                        reply("250 OK")
                    elif verb == "DATA":
                        reply("354 go on")
                        body = []
                        while (data := f.readline().decode()) not in (".\r\n", ""):
                            body.append(data)
                        envelope["data"] = "".join(body)
                        self.messages.append(envelope)
                        envelope = {"to": []}
                        reply("250 queued")
                    elif verb == "QUIT":
                        reply("221 bye")
                        break
                    else:
                        reply("250 OK")

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def smtp() -> Iterator[LoopbackSmtp]:
    server = LoopbackSmtp()
    yield server
    server.close()


def test_smtp_is_chosen_when_a_host_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    from straiik.config.settings import base

    try:
        assert importlib.reload(base).EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
        monkeypatch.setenv("STRAIIK_EMAIL_HOST", "smtp.mindef.example")
        monkeypatch.setenv("STRAIIK_EMAIL_PORT", "465")
        monkeypatch.setenv("STRAIIK_EMAIL_SSL", "true")
        reloaded = importlib.reload(base)
        assert reloaded.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
        assert (reloaded.EMAIL_HOST, reloaded.EMAIL_PORT, reloaded.EMAIL_USE_SSL, reloaded.EMAIL_USE_TLS) == (
            "smtp.mindef.example", 465, True, False)
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_a_reset_e_mail_is_delivered_over_smtp(smtp: LoopbackSmtp) -> None:
    user_create(actor=None, username="mailme", password="correct-horse-battery", email="mailme@example.org")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=smtp.port, EMAIL_USE_TLS=False, EMAIL_USE_SSL=False,
                           DEFAULT_FROM_EMAIL="straiik@mindef.example"):
        response = Client(HTTP_ACCEPT_LANGUAGE="nl").post("/accounts/password/reset/", {"email": "mailme@example.org"})
    assert response.status_code == 302
    (message,) = smtp.messages
    assert message["to"] == ["<mailme@example.org>"] and message["from"] == "<straiik@mindef.example>"
    assert "/accounts/password/reset/key/" in str(message["data"]).replace("=\r\n", "")
    assert "Subject: [straiik] Nieuw wachtwoord" in str(message["data"])  # allauth's Dutch, our prefix
    assert "Bedankt voor het gebruiken van straiik!" in str(message["data"])
