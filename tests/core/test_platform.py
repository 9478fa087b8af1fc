"""The platform around the registry: languages, errors, static files, health, production settings."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_dutch_by_default_english_on_request_and_a_language_switch() -> None:
    assert 'lang="nl"' in Client().get("/").content.decode()
    assert "Ecosysteemregister" in Client().get("/registry/").content.decode()
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/registry/").content.decode()
    assert "Ecosystem registry" in english and 'lang="en"' in english
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/registry/"})
    assert response.status_code == 302 and response["Location"] == "/registry/"
    assert "Ecosystem registry" in client.get("/registry/").content.decode()
    client.post("/i18n/setlang/", {"language": "uk", "next": "/"})
    assert "Реєстр" in client.get("/registry/").content.decode()


def test_every_dutch_message_is_translated_and_compiled() -> None:
    from pathlib import Path

    po = Path(settings.LOCALE_PATHS[0]) / "nl" / "LC_MESSAGES" / "django.po"
    blocks = [b for b in po.read_text(encoding="utf-8").split("\n\n")[1:] if "msgid" in b]
    fuzzy = [b for b in blocks if "#, fuzzy" in b]
    import re as _re

    # an empty msgstr is one not followed by a continuation line (gettext wraps a long one after `msgstr ""`)
    untranslated = [b for b in blocks if _re.search(r'^msgstr(\[\d\])? ""\n(?!")', b.rstrip() + "\n", _re.M)]
    assert fuzzy == [] and untranslated == []
    import gettext
    import re

    with po.with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    # (context, msgid, msgstr) of the one-line entries; an entry with a context is looked up with pgettext
    triples = re.findall(r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.+)"$', po.read_text(encoding="utf-8"), re.M)

    def unquote(text: str) -> str:
        return text.replace('\\"', '"')

    pairs = [(i, t) for _c, i, t in triples]
    stale = [(i, t) for c, i, t in triples
             if (catalog.pgettext(unquote(c), unquote(i)) if c else catalog.gettext(unquote(i))) != unquote(t)]
    assert len(pairs) > 150 and stale == [], "run straiik compilemessages"


def test_error_pages_are_friendly_and_json_for_the_api() -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/registry/no-such-organisation/")
    assert page.status_code == 404 and "does not exist" in page.content.decode()
    api = Client().get("/api/v1/no/such/endpoint")
    assert api.status_code == 404
    assert Client().get("/registry/export.pdf").status_code == 404


def test_static_assets_are_served_from_the_package_without_a_cdn() -> None:
    home = Client().get("/").content.decode()
    assert "//cdn" not in home and "https://" not in home.split("<body")[0]
    for asset in ("/static/straiik/app.css", "/static/straiik/vendor/htmx-2.0.11.min.js",
                  "/static/ninja/swagger-ui-bundle.js"):
        response = Client().get(asset)
        assert response.status_code == 200, asset
        b"".join(response.streaming_content) if response.streaming else response.content


def test_health_endpoint_answers_without_the_database(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):  # liveness only; /readyz checks the database (tests/core/test_operations.py)
        assert Client().get("/healthz").json() == {"status": "ok"}


def test_production_settings_pass_the_deploy_check() -> None:
    env = {"DJANGO_SETTINGS_MODULE": "straiik.config.settings.production",
           "STRAIIK_SECRET_KEY": "k" * 20 + "-production-test-key-that-is-long-enough-0123456789",
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "straiik.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    weak = subprocess.run([sys.executable, "-m", "straiik.cli", "check"], capture_output=True, text=True,
                          env={**env, "STRAIIK_SECRET_KEY": "short"}, check=False)
    assert weak.returncode != 0 and "STRAIIK_SECRET_KEY" in weak.stderr
