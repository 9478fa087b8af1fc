"""The demo ecosystem: deterministic, complete, idempotent, and only real CPV codes."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from straiik.accounts.models import User
from straiik.registry import demo
from straiik.registry.models import CpvCode, Organisation, OrganisationKind
from straiik.registry.taxonomies import Area, province_codes

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_ecosystem_and_another_seed_another() -> None:
    first = [(s.fields, s.areas, [c.title for c in s.capabilities]) for s in demo.generate(60, seed=11)]
    again = [(s.fields, s.areas, [c.title for c in s.capabilities]) for s in demo.generate(60, seed=11)]
    other = [(s.fields, s.areas, [c.title for c in s.capabilities]) for s in demo.generate(60, seed=12)]
    assert first == again and first != other


def test_every_kind_area_and_province_appears_and_names_are_unique() -> None:
    specs = list(demo.generate(40, seed=1))
    assert {s.fields["kind"] for s in specs} == set(OrganisationKind.values)
    assert {a for s in specs for a in s.areas} == set(Area.values)
    assert {s.fields["province"] for s in specs if s.fields["province"]} == province_codes()
    big = [s.fields["name"] for s in demo.generate(5000, seed=3)]
    assert len(set(big)) == len(big)


def test_demo_cpv_codes_exist_in_the_vocabulary() -> None:
    used = {code for area in demo.CAPABILITIES.values() for *_rest, codes in area for code in codes}
    assert used <= set(CpvCode.objects.values_list("code", flat=True))


def test_the_command_is_idempotent_and_creates_the_demo_accounts(capsys) -> None:  # noqa: ANN001
    from straiik.bundling.demo import AGENCIES
    from straiik.bundling.models import BundlingRound, BundlingRun

    agencies = len(AGENCIES)  # the bundling demo's national procurement agencies
    call_command("demo", orgs=30, seed=2, verbosity=0)
    first = Organisation.objects.filter(is_demo=True).count()
    # the generated ecosystem, the bundling agencies, and the few applicants the SDIR and agenda demos add
    assert 30 + agencies <= first <= 30 + agencies + 10
    out = capsys.readouterr().out
    assert "admin" in out and "straiik-demo" in out and "Demo bundling round" in out
    call_command("demo", orgs=30, seed=2, verbosity=0)
    assert Organisation.objects.filter(is_demo=True).count() == first
    assert "0 organisations created, 30 already present" in capsys.readouterr().out
    call_command("demo", orgs=35, seed=2, verbosity=0, no_users=True)
    assert Organisation.objects.filter(is_demo=True).count() == first + 5
    assert BundlingRound.objects.count() == 1
    run = BundlingRun.objects.get()
    assert run.status == "done" and run.solution["savings"] > 0 and run.without_ukraine is not None
    assert set(User.objects.values_list("username", flat=True)) >= {"admin", "office", "buyer", "reviewer", "member"}
    member = User.objects.get(username="member")
    assert member.memberships.count() == 1
    assert User.objects.get(username="admin").check_password("straiik-demo")


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(CommandError, match="--orgs"):
        call_command("demo", orgs=-1, verbosity=0)
