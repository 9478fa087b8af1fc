"""The load test's users (locust): visitors, members, the programme office, a reviewer and a buyer, each
doing what that role does on straiik. Run by bench/load/run.py; the ids come from prepare.py's JSON
(STRAIIK_LOAD_DATA). Any response other than the expected status is a failure."""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, task

DATA = json.load(open(os.environ["STRAIIK_LOAD_DATA"], encoding="utf-8"))  # noqa: SIM115 - read once
PASSWORD = "straiik-demo"
WORDS = ["radar", "drone", "sensor", "composiet", "pantser", "optiek", "cyber", "munitie", "satelliet",
         "logistiek", "simulatie", "antenne", "kogelwerend", "nachtzicht", "robot"]
KINDS = ["sme", "startup", "supplier", "prime", "knowledge"]
AREAS = ["smart-materials", "space", "quantum", "intelligent-systems", "sensors", "maritime"]
PROVINCES = ["NL-NB", "NL-ZH", "NL-NH", "NL-GE", "NL-UT", "NL-OV"]
_writer = itertools.count()


def pick(key: str) -> object:
    return random.choice(DATA[key]) if DATA[key] else None


class Base(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.5)  # reading a page before the next click

    def page(self, url: str, name: str, **kwargs: object) -> None:
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")

    def login(self, username: str) -> None:
        self.client.get("/accounts/login/", name="login form")
        token = self.client.cookies.get("csrftoken", "")
        with self.client.post("/accounts/login/", name="login", allow_redirects=False, catch_response=True,
                              data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}) as r:
            if r.status_code != 302:
                r.failure(f"login as {username}: status {r.status_code}")

    # what everyone does
    def registry_search(self) -> None:
        self.page(f"/registry/?q={random.choice(WORDS)}", "registry: search")

    def registry_filter(self) -> None:
        self.page(f"/registry/?kind={random.choice(KINDS)}&area={random.choice(AREAS)}"
                  f"&province={random.choice(PROVINCES)}", "registry: filters")

    def registry_page(self) -> None:
        self.page(f"/registry/?page={random.randint(1, 400)}", "registry: list page")

    def organisation(self) -> None:
        self.page(f"/registry/{pick('org_slugs')}/", "registry: organisation")

    def api_search(self) -> None:
        self.page(f"/api/v1/registry/organisations?q={random.choice(WORDS)}&area={random.choice(AREAS)}",
                  "api: organisations search")


class Visitor(Base):
    """Anonymous: the public registry, public calls, the agenda."""

    weight = 20

    @task(5)
    def search(self) -> None:
        self.registry_search()

    @task(3)
    def filters(self) -> None:
        self.registry_filter()

    @task(2)
    def list_page(self) -> None:
        self.registry_page()

    @task(4)
    def org(self) -> None:
        self.organisation()

    @task(2)
    def api(self) -> None:
        self.api_search()

    @task(1)
    def api_org(self) -> None:
        self.page(f"/api/v1/registry/organisations/{pick('org_slugs')}", "api: organisation")

    @task(2)
    def calls(self) -> None:
        self.page("/sdir/", "sdir: calls")
        if DATA["calls"]:
            self.page(f"/sdir/calls/{pick('calls')}/", "sdir: call")

    @task(1)
    def api_calls(self) -> None:
        self.page("/api/v1/sdir/calls", "api: calls")

    @task(1)
    def agenda(self) -> None:
        self.page("/agenda/", "agenda: home")


class Office(Base):
    """The programme office: Defport hub with matches, SDIR moderation, bundling results, API reads and writes."""

    weight = 12

    def on_start(self) -> None:
        self.login("office")
        self.token = {"Authorization": f"Bearer {DATA['token']}"}
        n = next(_writer)
        self.own = DATA["write_slugs"][n * 10 % len(DATA["write_slugs"]):][:10] or DATA["write_slugs"][:10]

    @task(3)
    def defport(self) -> None:
        self.page("/defport/dashboard/", "defport: dashboard")

    @task(4)
    def submission(self) -> None:
        self.page(f"/defport/{pick('submissions')}/", "defport: submission with matches")

    @task(2)
    def api_matches(self) -> None:
        self.page(f"/api/v1/defport/submissions/{pick('submissions')}/matches", "api: defport matches",
                  headers=self.token)

    @task(2)
    def sdir(self) -> None:
        self.page("/sdir/dashboard/", "sdir: dashboard")

    @task(2)
    def moderation(self) -> None:
        self.page(f"/sdir/calls/{pick('calls')}/moderation/", "sdir: moderation")

    @task(3)
    def bundling(self) -> None:
        self.page(f"/bundling/{pick('rounds')}/", "bundling: round")

    @task(2)
    def bundling_run(self) -> None:
        if DATA["runs"]:
            self.page(f"/bundling/runs/{pick('runs')}/", "bundling: results")

    @task(2)
    def search(self) -> None:
        self.registry_search()

    @task(2)
    def api_submissions(self) -> None:
        self.page("/api/v1/defport/submissions", "api: submissions", headers=self.token)

    @task(3)
    def api_write(self) -> None:
        """Read an organisation and change its description with If-Match, as an integration would."""
        slug = random.choice(self.own)
        url = f"/api/v1/registry/organisations/{slug}"
        read = self.client.get(url, name="api: organisation (for write)", headers=self.token)
        with self.client.patch(url, name="api: PATCH organisation", catch_response=True,
                               json={"description": f"Bijgewerkt door de belastingtest {random.random():.6f}"},
                               headers={**self.token, "If-Match": read.headers.get("ETag", "*")}) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}: {response.text[:200]}")


class Reviewer(Base):
    """A reviewer: the review queue and the proposals assigned."""

    weight = 8

    def on_start(self) -> None:
        self.login("reviewer")

    @task(3)
    def queue(self) -> None:
        self.page("/sdir/review/", "sdir: review queue")

    @task(4)
    def assignment(self) -> None:
        if DATA["assignments"]:
            self.page(f"/sdir/review/{pick('assignments')}/", "sdir: review page")

    @task(2)
    def proposal(self) -> None:
        if DATA["reviewer_proposals"]:  # the proposals assigned to this reviewer: the only ones it may see
            self.page(f"/sdir/proposals/{pick('reviewer_proposals')}/", "sdir: proposal")

    @task(1)
    def registry(self) -> None:
        self.registry_filter()


class Buyer(Base):
    """A defence buyer: bundling rounds and their results, the registry, Defport."""

    weight = 6

    def on_start(self) -> None:
        self.login("buyer")

    @task(3)
    def rounds(self) -> None:
        self.page("/bundling/", "bundling: rounds")

    @task(3)
    def round(self) -> None:
        self.page(f"/bundling/{pick('rounds')}/", "bundling: round")

    @task(2)
    def api_round(self) -> None:
        self.page(f"/api/v1/bundling/rounds/{pick('rounds')}", "api: round")

    @task(2)
    def defport(self) -> None:
        self.page("/defport/", "defport: home")

    @task(3)
    def search(self) -> None:
        self.registry_search()

    @task(2)
    def org(self) -> None:
        self.organisation()

