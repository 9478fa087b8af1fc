"""`make run` starts serving at once, and shows the platform's own error pages while DEBUG is on.

The demo used to compute every matching embedding before the server listened (20 s on a quiet machine, minutes
under load); now the worker beside the server does it, and matching is lexical until the vectors are stored."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from straiik.config.settings.base import MIDDLEWARE
from straiik.core.middleware import PlatformErrorPages
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
WITH_PAGES = [*MIDDLEWARE, "straiik.core.middleware.PlatformErrorPages"]


@override_settings(STRAIIK_MATCHING_DENSE=True)
def test_the_demo_leaves_the_embeddings_to_the_background_worker(capsys: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from straiik.defport.models import EmbeddingCache

    call_command("demo", orgs=20, seed=1, verbosity=0)
    assert "matching is lexical until they are ready" in capsys.readouterr().out
    assert EmbeddingCache.objects.count() == 0  # nothing embedded before the server could start
    assert DBTaskResult.objects.filter(task_path="straiik.defport.tasks.warm_index", status="READY").exists()


@override_settings(DEBUG=True, STRAIIK_DEBUG_PAGES=False, MIDDLEWARE=WITH_PAGES)
def test_debug_mode_shows_the_platforms_404_page() -> None:
    for url in ("/no/such/page/", "/registry/no-such-organisation/"):
        response = client_for(None).get(url)
        page = response.content.decode()
        assert response.status_code == 404 and "This page does not exist, or you may not see it." in page, url
        assert "Django tried these URL patterns" not in page and "DEBUG = True" not in page


@override_settings(DEBUG=True, STRAIIK_DEBUG_PAGES=False)
def test_debug_mode_shows_the_platforms_500_page(caplog: Any) -> None:
    request = RequestFactory().get("/registry/", HTTP_ACCEPT_LANGUAGE="en")
    request.user = AnonymousUser()
    response = PlatformErrorPages(lambda r: None).process_exception(request, RuntimeError("boom"))  # type: ignore
    assert response is not None and response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode() and "boom" not in response.content.decode()
    assert "Internal Server Error: /registry/" in caplog.text  # and the error is logged


@override_settings(DEBUG=True, STRAIIK_DEBUG_PAGES=True, MIDDLEWARE=WITH_PAGES)
def test_an_explicit_straiik_debug_brings_djangos_debug_pages_back() -> None:
    response = client_for(None).get("/no/such/page/")
    assert response.status_code == 404 and "Django tried these URL patterns" in response.content.decode()


@pytest.mark.parametrize(("env", "debug", "pages"), [({}, True, False), ({"STRAIIK_DEBUG": "1"}, True, True),
                                                     ({"STRAIIK_DEBUG": "0"}, False, False)])
def test_the_dev_settings_read_straiik_debug(env: dict[str, str], debug: bool, pages: bool, tmp_path: Any) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "STRAIIK_DEBUG"}
    environment.update(env, STRAIIK_DATA_DIR=str(tmp_path))
    out = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "from straiik.config.settings import dev; print(dev.DEBUG, dev.STRAIIK_DEBUG_PAGES, "
                               "dev.MIDDLEWARE[-1])"], env=environment, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(debug), str(pages), "straiik.core.middleware.PlatformErrorPages"]
