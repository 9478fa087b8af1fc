"""straiik demo --orgs N --seed S: load a fictional ecosystem and the demo accounts (idempotent). It loads every app's
demo, so it lives in `work`, the app above the others."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from straiik.accounts.models import User
from straiik.accounts.roles import Role
from straiik.accounts.services import user_create
from straiik.core.db import refresh_statistics
from straiik.registry import demo
from straiik.registry.models import Membership, Organisation, OrganisationKind
from straiik.registry.services import organisations_bulk_create
from straiik.work.demo import link_agenda_actions

DEMO_PASSWORD = "straiik-demo"  # noqa: S105 - printed for the demo accounts of a local installation
DEMO_USERS: list[tuple[str, list[str], str]] = [
    ("admin", [Role.PLATFORM_ADMIN], "Platform administrator (also Django admin)"),
    ("office", [Role.PROGRAMME_OFFICE], "Programme office (Defport hub)"),
    ("buyer", [Role.DEFENCE_BUYER], "Defence buyer"),
    ("reviewer", [Role.REVIEWER], "Reviewer"),
    ("member", [], "Member of the first demo company"),
]


class Command(BaseCommand):
    help = "Generate a realistic, fictional ecosystem deterministically, and the demo accounts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--orgs", type=int, default=300, help="number of organisations (default 300)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--no-users", action="store_true", help="do not create the demo accounts")
        parser.add_argument("--batch", type=int, default=2000, help="organisations per database batch")
        parser.add_argument("--embed-now", action="store_true",
                            help="compute the matching embeddings before returning (default: the background worker "
                                 "computes them, and search is lexical until they are ready)")

    def handle(self, *args: Any, orgs: int, seed: int, no_users: bool, batch: int, **options: Any) -> None:
        self.embed_now = options.get("embed_now", False)
        if orgs < 0 or orgs > 1_000_000:
            raise CommandError("--orgs must be between 0 and 1,000,000")
        started = time.perf_counter()
        specs = list(demo.generate(orgs, seed))
        existing = set(Organisation.objects.filter(is_demo=True).values_list("name", "country"))
        missing = [s for s in specs if (s.fields["name"], s.fields["country"]) not in existing]
        created = 0
        with tqdm(total=len(missing), unit="org", disable=not missing or options["verbosity"] == 0,
                  desc="organisations") as bar:
            for start in range(0, len(missing), batch):
                chunk = missing[start : start + batch]
                created += len(organisations_bulk_create(user=None, specs=chunk, is_demo=True))
                bar.update(len(chunk))
        if created:
            refresh_statistics()
        self.stdout.write(
            f"Demo ecosystem: {created} organisations created, {len(specs) - len(missing)} already present "
            f"(seed {seed}) in {time.perf_counter() - started:.1f} s."
        )
        if not no_users:
            self._users()
            self._verify()
            self._bundling(seed)
            self._verify()

    def _verify(self) -> None:
        from straiik.registry.services import demo_organisations_verify

        verified = demo_organisations_verify(office=User.objects.filter(username="office").first())
        if verified:
            self.stdout.write(f"Demo organisations recorded as verified by the programme office: {verified}.")

    def _bundling(self, seed: int) -> None:
        from straiik.bundling import demo as bundling_demo

        office, buyer = User.objects.filter(username="office").first(), User.objects.filter(username="buyer").first()
        round = bundling_demo.load(seed=seed, office=office, buyer=buyer)
        if round is not None:
            self.stdout.write(f"Demo bundling round: {round.demands.count()} demands, {round.offers.count()} offers, "
                              "solved once.")
        self._defport(seed)

    def _defport(self, seed: int) -> None:
        from django.conf import settings

        from straiik.defport import demo as defport_demo
        from straiik.defport.matching import PlatformIndex

        created = defport_demo.load(seed=seed)
        if created:
            self.stdout.write(f"Demo Defport submissions: {created}.")
        from straiik.agenda import demo as agenda_demo
        from straiik.sdir import demo as sdir_demo

        sdir_demo.load(seed=seed)
        if agenda_demo.load(seed=seed):
            link_agenda_actions()
        if settings.STRAIIK_MATCHING_DENSE and not self.embed_now:
            # `make run` serves at once: the worker beside the server embeds the profiles (tens of seconds to
            # minutes on a busy machine), and Defport's matching is lexical (BM25 and structured signals) until
            # the vectors are stored, as after any large import.
            from straiik.defport.tasks import warm_index

            warm_index.enqueue()
            self.stdout.write("Matching index: the background worker computes the multilingual embeddings; "
                              "matching is lexical until they are ready.")
            return
        started = time.perf_counter()
        index = PlatformIndex(dense=settings.STRAIIK_MATCHING_DENSE)
        index.refresh(inline_limit=None)
        seconds = time.perf_counter() - started
        self.stdout.write(f"Matching index: {len(index.index)} documents ready in {seconds:.1f} s "
                          f"({'with' if index.semantic else 'without'} multilingual embeddings).")

    @transaction.atomic
    def _users(self) -> None:
        company = Organisation.objects.filter(is_demo=True, kind=OrganisationKind.SME).order_by("id").first()
        lines = []
        for username, roles, label in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                extra = {"is_staff": True, "is_superuser": True} if username == "admin" else {}
                user = user_create(actor=None, username=username, password=DEMO_PASSWORD,
                                   email=f"{username}@straiik.example", roles=roles, **extra)
            if username == "member" and company is not None:
                Membership.objects.get_or_create(user=user, organisation=company, defaults={"is_admin": True})
                label += f": {company.name}"
            lines.append(f"  {username:<9} / {DEMO_PASSWORD}   {label}")
        self.stdout.write("Demo accounts (user / password):\n" + "\n".join(lines))
        self._second_factor()

    def _second_factor(self) -> None:
        """Development settings only: the demo accounts whose role needs a second factor share one TOTP secret."""
        from django.conf import settings

        from straiik.accounts.mfa import mfa_required, totp_enrol

        secret = getattr(settings, "STRAIIK_DEMO_TOTP_SECRET", "")
        needing = [u for u in User.objects.filter(username__in=[name for name, _r, _l in DEMO_USERS]).order_by("pk")
                   if mfa_required(u)]
        if not secret or not needing:
            if needing:
                self.stdout.write("Accounts " + ", ".join(u.username for u in needing) + " enrol a second factor "
                                  "at their first sign-in.")
            return
        for user in needing:
            totp_enrol(user=user, secret=secret)
        self.stdout.write(
            f"Second factor of {', '.join(u.username for u in needing)} (development only): TOTP secret {secret}\n"
            f"  add it to an authenticator app, or print the current code with: straiik demo_totp"
        )
