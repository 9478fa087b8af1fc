"""Security headers: a Content-Security-Policy without inline script or style (and no template that needs
one), Permissions-Policy, no-store for what is sent to a signed-in user or a token, __Host- cookies in
production."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from straiik.accounts.services import api_token_issue
from tests.conftest import client_for, make_user

SRC = Path(__file__).resolve().parents[2] / "src" / "straiik"
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html"))

# An executable <script> element without src (a JSON data block is not executed, so allowed)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=[\"']application/(?:ld\+)?json)[^>]*>", re.I)
HANDLER = re.compile(r"""\s(on[a-z]+|hx-on(?::[\w:-]+|-[\w-]+)?)\s*=""", re.I)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def test_the_template_scan_finds_templates() -> None:
    assert len(TEMPLATES) > 50 and any(p.name == "base.html" for p in TEMPLATES)
    # the patterns find what they are meant to
    assert INLINE_SCRIPT.search("<script>alert(1)</script>") and not INLINE_SCRIPT.search('<script src="a.js">')
    assert HANDLER.search('<select onchange="x()">') and HANDLER.search('<div hx-on:click="x">')
    assert not HANDLER.search('<input name="one" data-confirm="x">')
    assert STYLE_ATTRIBUTE.search('<span style="width:1%">')


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_has_inline_script_handlers_or_styles(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    problems = [f"{name}: {m.group(0).strip()}" for name, pattern in (
        ("inline script", INLINE_SCRIPT), ("event handler", HANDLER), ("style attribute", STYLE_ATTRIBUTE),
        ("javascript: URL", JS_URL)) for m in pattern.finditer(text)]
    assert not problems, problems


@pytest.mark.django_db
def test_every_page_has_the_policy_and_anonymous_pages_may_be_cached() -> None:
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions
    assert "publickey-credentials-get=(self)" in permissions  # WebAuthn stays possible
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" in Client().get("/api/v1/registry/organisations")


@pytest.mark.django_db
def test_what_a_signed_in_user_or_a_token_gets_is_not_stored() -> None:
    user = make_user("programme-office")
    client = client_for(user)
    for url in ("/", "/registry/", "/registry/export.csv", "/accounts/profile/", "/api/v1/registry/organisations"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
    _token, key = api_token_issue(user=user, name="t")
    api = Client().get("/api/v1/registry/organisations", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200 and api["Cache-Control"] == "no-store"
    # a refused token's answer carries nothing, but is not cached either way
    assert "public" not in Client().get("/api/v1/registry/organisations",
                                        HTTP_AUTHORIZATION="Bearer stk_x").get("Cache-Control", "")


def test_production_cookies_have_the_host_prefix() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "straiik.config.settings.production",
           "STRAIIK_SECRET_KEY": "x" * 64}
    code = ("from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
            "s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH, s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True", "True", "/", "/", "None", "None"]
