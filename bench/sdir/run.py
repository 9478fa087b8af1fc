"""SDIR at scale: one call with 2,000 proposals and 40 reviewers (3 per proposal: 6,000 reviews, 18,000 scores).

    .venv/bin/python bench/sdir/run.py                       # 2,000 proposals, 40 reviewers, seed 1
    .venv/bin/python bench/sdir/run.py --proposals 500 --reviewers 10 --repeats 10

Builds a fresh SQLite database in bench/out/ (never data/straiik.sqlite3). Applicants, reviewers and proposals
are bulk-loaded (what the benchmark measures starts after that); then it times, through the services:
- start_review: the transition that assigns 3 reviewers per proposal, balanced over the panel;
- consensus: the reviewers' means as the consensus of every proposal (one audited write per proposal);
- ranking: the candidates and the ranking from the consensus (selectors.candidates_for + engine.rank);
- selection: the exact budget-limited selection alone (HiGHS, with the what-if solves that explain it);
- decide: the whole transition (ranking, selection, 2,000 outcomes with their explanation and audit records,
  a notification per applicant);
and the median latency of pages through django.test.Client (real middleware, templates, database; debug off):
the review queue of one reviewer (150 proposals), the moderation page (first 100 of 2,000, widest
disagreements first), the decision page (all 2,000 ranked with the reason for each).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"


def configure(path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "straiik.config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["STRAIIK_DATA_DIR"] = str(OUT)
    os.environ["STRAIIK_DEBUG"] = "0"
    os.environ["STRAIIK_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("STRAIIK_LOG_LEVEL", "WARNING")
    os.environ["STRAIIK_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"


def timed(label: str, results: dict[str, float], fn: Any, *args: Any, **kwargs: Any) -> Any:
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    results[label] = round(time.perf_counter() - started, 3)
    print(f"  {label:<28} {results[label]:>8.3f} s", flush=True)
    return value


def median_latency(client: Any, url: str, repeats: int) -> float:
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200
    return round(statistics.median(samples) * 1000, 1)


def load(n: int, reviewers: int, seed: int) -> Any:
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from straiik.accounts.models import User
    from straiik.accounts.roles import Role
    from straiik.registry.models import Membership, Organisation
    from straiik.sdir import services
    from straiik.sdir.models import Proposal

    rng = random.Random(seed)
    now = timezone.now()
    with transaction.atomic():
        for role in Role.values:
            Group.objects.get_or_create(name=role)
        office = User.objects.create(username="office")
        office.groups.add(Group.objects.get(name=Role.PROGRAMME_OFFICE))
        panel = User.objects.bulk_create([User(username=f"reviewer{i:02d}") for i in range(reviewers)])
        Group.objects.get(name=Role.REVIEWER).user_set.add(*panel)
        unit = Organisation.objects.create(name="Defence Materiel Organisation", slug="dmo", kind="defence-unit")
        orgs = Organisation.objects.bulk_create([
            Organisation(name=f"Applicant {i:04d} B.V.", slug=f"applicant-{i:04d}", kind=rng.choice(["sme", "startup"]),
                         country="NL") for i in range(n)], batch_size=1000)
        applicants = User.objects.bulk_create([User(username=f"applicant{i:04d}") for i in range(n)], batch_size=1000)
        Membership.objects.bulk_create([Membership(user=u, organisation=o) for u, o in zip(applicants, orgs,
                                                                                             strict=True)],
                                       batch_size=1000)
    amounts = [rng.randrange(100_000, 500_001, 5_000) for _ in range(n)]
    call = services.call_create(user=office, reviewers=panel, data={
        "title": "Bench call", "problem": "Many proposals.", "area": "sensors", "owning_unit": unit,
        "budget_eur": int(sum(amounts) * 0.15), "max_award_eur": 500_000, "opens_at": now - dt.timedelta(days=30),
        "closes_at": now + dt.timedelta(days=1), "scheme": "dasa", "reviewers_per_proposal": 3})
    services.transition(user=office, call=call, action="publish", now=now - dt.timedelta(days=31))
    Proposal.objects.bulk_create([
        Proposal(call=call, organisation=o, submitted_by=u, title=f"Proposal {i:04d}", summary="Summary.",
                 approach="Approach.", amount_eur=a, duration_months=6, state="submitted",
                 submitted_at=now - dt.timedelta(days=1, seconds=i), receipt=f"R{i}")
        for i, (o, u, a) in enumerate(zip(orgs, applicants, amounts, strict=True))], batch_size=1000)
    return call, office, panel, rng


def score_everything(call: Any, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from straiik.sdir.models import Assignment, Score

    now = timezone.now()
    with transaction.atomic():
        assignments = list(Assignment.objects.filter(proposal__call=call).values_list("pk", "proposal_id"))
        quality = {pid: rng.uniform(3, 9.5) for _a, pid in assignments}
        Score.objects.bulk_create([
            Score(assignment_id=aid, criterion=key, value=round(min(10, max(0, quality[pid] + rng.gauss(0, 1))), 1),
                  comment="ok") for aid, pid in assignments for key in ("desirable", "feasible", "viable")],
            batch_size=5000)
        Assignment.objects.filter(proposal__call=call).update(state="submitted", declared_at=now, submitted_at=now)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--reviewers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    database = OUT / f"sdir-{args.proposals}-{args.reviewers}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    configure(database)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from straiik.engines import sdir as engine
    from straiik.sdir import selectors, services
    from straiik.sdir.models import Assignment, Call

    call_command("migrate", verbosity=0)
    print(f"SDIR benchmark: {args.proposals:,} proposals, {args.reviewers} reviewers, seed {args.seed}")
    results: dict[str, float] = {}
    call, office, panel, rng = timed("load (bulk, not measured)", results, load, args.proposals, args.reviewers,
                                     args.seed)
    later = timezone.now() + timezone.timedelta(days=2)
    timed("start_review (assign)", results, services.transition, user=office, call=call, action="start_review",
          now=later)
    score_everything(call, rng)
    timed("consensus from means", results, services.consensus_from_means, user=office, call=call, now=later)
    call = Call.objects.get(pk=call.pk)
    ranking, candidates, _p = timed("ranking", results, selectors.candidates_for, call)
    selection = timed("selection (HiGHS)", results, engine.select, candidates, call.budget_eur,
                      max_award=call.max_award_eur, rank_order=[r.id for r in ranking])
    print(f"    method {selection.method}, {len(selection.selected)} selected, € {selection.total_cost:,} of "
          f"€ {call.budget_eur:,}, score {selection.total_score} (down the ranking: {len(selection.greedy_selected)} "
          f"for € {selection.greedy_cost:,}, score {selection.greedy_score}), "
          f"{selection.solves} HiGHS solves")
    queue_size = Assignment.objects.filter(reviewer=panel[0]).count()
    from straiik.accounts.mfa import totp_enrol

    for person in (panel[0], office):  # reviewers and the office must have a second factor (accounts.mfa)
        totp_enrol(user=person, secret="BENCHBENCHBENCHBENCHBENCHBENCH23", recovery_codes=False)  # noqa: S106
    reviewer_client, office_client = Client(), Client()
    reviewer_client.force_login(panel[0])
    office_client.force_login(office)
    pages = {"review queue": "/sdir/review/", "moderation": f"/sdir/calls/{call.pk}/moderation/",
             "decision preview": f"/sdir/calls/{call.pk}/decision/"}
    latency = {}
    for label, url in pages.items():
        client = reviewer_client if label == "review queue" else office_client
        latency[label] = median_latency(client, url, args.repeats if label == "review queue" else
                                        max(3, args.repeats // 4))
        print(f"  page {label:<23} {latency[label]:>8.1f} ms (median)")
    timed("decide (whole transition)", results, services.transition, user=office, call=call, action="decide",
          now=later)
    latency["decision (decided)"] = median_latency(office_client, f"/sdir/calls/{call.pk}/decision/",
                                                   max(3, args.repeats // 4))
    print(f"  page {'decision (decided)':<23} {latency['decision (decided)']:>8.1f} ms (median)")
    summary = {"proposals": args.proposals, "reviewers": args.reviewers, "queue_size": queue_size,
               "seconds": results, "latency_ms": latency, "selected": len(selection.selected),
               "method": selection.method, "solves": selection.solves, "total_score": selection.total_score,
               "greedy_score": selection.greedy_score, "greedy_selected": len(selection.greedy_selected),
               "budget": call.budget_eur, "spent": selection.total_cost,
               "greedy_spent": selection.greedy_cost}
    (OUT / "sdir.json").write_text(json.dumps(summary, indent=1))
    print(f"  review queue of one reviewer: {queue_size} proposals; figures in bench/out/sdir.json")


if __name__ == "__main__":
    main()
