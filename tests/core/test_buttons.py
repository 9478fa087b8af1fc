"""No button leads to a refusal: as the public, a member, a reviewer, a defence buyer and the programme office,
every button-like link on the main pages of every app (and one detail page of each) opens, rather than
answering 403. Forms that post are checked by their own apps' tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client

from straiik.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=False)


class Buttons(HTMLParser):
    """Links drawn as buttons (`a.button`) and links with an id (the pages' action links)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        href = a.get("href") or ""
        if tag == "a" and href.startswith("/") and ("button" in (a.get("class") or "").split() or a.get("id")):
            self.hrefs.append(href)


SKIP = re.compile(r"^/(api/|admin/|static/|accounts/logout)|export|\.pdf$|\.docx$|\.xlsx$|\.json$|letter")


def test_no_button_leads_to_403() -> None:
    from tests.browser.demo_data import Demo, main_pages

    call_command("demo", orgs=60, seed=1, verbosity=0)
    demo = Demo(network_id=0, overview_id=0, scenario_id=0)
    from straiik.defport.models import Submission
    from straiik.sdir.models import Award, Call

    pages = [u for u in main_pages(demo) if not u.startswith("/supply/") or u == "/supply/"]
    pages += [c.get_absolute_url() for c in Call.objects.all()] + [a.get_absolute_url() for a in Award.objects.all()]
    pages += [s.get_absolute_url() for s in Submission.objects.all()]
    refused = []
    for username in (None, "member", "reviewer", "buyer", "office"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if username:
            client.force_login(User.objects.get(username=username))
        seen: set[str] = set()
        for url in pages:
            response = client.get(url)
            if response.status_code != 200:
                continue
            parser = Buttons()
            parser.feed(response.content.decode())
            for href in parser.hrefs:
                target = href.split("#")[0]
                if target in seen or SKIP.search(target) or not target:
                    continue
                seen.add(target)
                status = client.get(target).status_code
                if status == 403:
                    refused.append(f"{username or 'anonymous'}: {url} → {target}")
    assert not refused, "\n".join(refused)
