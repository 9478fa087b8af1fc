"""Gather what the load test's users visit, from the load database: organisation slugs, submissions, calls,
proposals, assignments, rounds, runs, actions; and an API token for the programme office's writes.

Run by bench/load/run.py with the server's settings (DATABASE_URL, DJANGO_SETTINGS_MODULE); writes JSON."""

from __future__ import annotations

import json
import random
import sys

import django


def main(out: str) -> None:
    django.setup()
    from straiik.accounts.models import ApiToken, User
    from straiik.accounts.services import api_token_issue
    from straiik.agenda.models import Action, Agenda
    from straiik.bundling.models import BundlingRound, BundlingRun
    from straiik.defport.models import Submission
    from straiik.registry.models import Organisation
    from straiik.sdir.models import Assignment, Call, Proposal

    office = User.objects.get(username="office")
    ApiToken.objects.filter(user=office, name="load test").delete()
    _token, key = api_token_issue(user=office, name="load test")
    rng = random.Random(7)
    public = list(Organisation.objects.filter(is_demo=True, visibility="public").values_list("slug", flat=True)
                  .order_by("id")[:20000])
    data = {
        "token": key,
        "org_slugs": rng.sample(public, min(2000, len(public))),
        # Each writing user edits organisations of its own, so the writes do not collide (412) with each other.
        "write_slugs": rng.sample(public, min(500, len(public))),
        "submissions": list(Submission.objects.values_list("id", flat=True)),
        "calls": list(Call.objects.values_list("id", flat=True)),
        "proposals": list(Proposal.objects.values_list("id", flat=True)),
        "reviewer_proposals": list(Assignment.objects.filter(reviewer__username="reviewer")
                                   .values_list("proposal_id", flat=True).distinct()),
        "assignments": list(Assignment.objects.filter(reviewer__username="reviewer").values_list("id", flat=True)),
        "rounds": list(BundlingRound.objects.values_list("id", flat=True)),
        "runs": list(BundlingRun.objects.values_list("id", flat=True)),
        "actions": list(Action.objects.values_list("id", flat=True)),
        "agenda_years": list(Agenda.objects.values_list("year", flat=True)),
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    print({k: (len(v) if isinstance(v, list) else "…") for k, v in data.items()})


if __name__ == "__main__":
    main(sys.argv[1])
