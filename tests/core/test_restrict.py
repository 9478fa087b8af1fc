"""The mechanism of the one read path (core.restrict): rules registered per model, applied with the markings and
export control on top, refusing a model without a rule, and fields only the parties see."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from straiik.core import markings, restrict
from straiik.defport import services as defport
from straiik.defport.models import Introduction, Submission
from straiik.registry.models import Membership, Organisation
from tests.conftest import make_org, make_user


@pytest.fixture
def unit(office: Any) -> Organisation:
    return make_org(by=office, name="Innovatiecel", kind="defence-unit")


@pytest.fixture
def unit_buyer(unit: Organisation) -> Any:
    user = make_user("defence-buyer", username="unitbuyer")
    Membership.objects.create(user=user, organisation=unit)
    return user


def _need(user: Any, unit: Organisation, **changes: Any) -> Submission:
    return defport.submission_create(user=user, data={
        "kind": "need", "title": "Kleine drones", "description": "Draagbare radar.", "organisation": unit,
        **changes})


def test_every_app_declares_its_rules_in_one_place() -> None:
    rules = restrict.registered_models()
    for label in ("registry.Organisation", "registry.Capability", "defport.Submission", "defport.Introduction",
                  "sdir.Call", "sdir.Proposal", "sdir.Attachment", "sdir.Award", "bundling.Demand", "bundling.Offer",
                  "bundling.BundlingRun", "supply.SupplyNetwork", "supply.SupplyAnalysis", "agenda.Agenda",
                  "agenda.Action", "protection.ScreeningHit", "notifications.Notification"):
        assert "view" in rules.get(label, ()), label


@pytest.mark.django_db
def test_a_model_without_a_rule_is_refused_not_shown() -> None:
    from straiik.core.models import ObjectChange

    with pytest.raises(ImproperlyConfigured, match="no 'view' rule for core.ObjectChange"):
        restrict.restrict(ObjectChange.objects.all(), None)
    with pytest.raises(ImproperlyConfigured, match="no 'export' rule"):
        Submission.objects.restrict(None, "export")


def test_a_second_rule_for_the_same_action_is_an_error() -> None:
    with pytest.raises(ImproperlyConfigured, match="already has"):
        restrict.rule("defport.Submission")(lambda queryset, user: queryset)


def test_the_mechanism_applies_the_markings_to_every_model(monkeypatch: Any, unit_buyer: Any, unit: Any,
                                                           office: Any) -> None:
    need = _need(unit_buyer, unit)
    seen: list[str] = []

    def marked(queryset: Any, user: Any) -> Any:
        seen.append(queryset.model._meta.label)
        return queryset.none()

    monkeypatch.setattr(markings, "restrict_marked", marked)
    assert not Submission.objects.restrict(office).exists()  # even the office: the markings have the last word
    assert not Organisation.objects.restrict(office).exists()
    assert not restrict.can(office, need)
    with pytest.raises(Http404):
        restrict.get_or_404(Submission.objects.all(), office, pk=need.pk)
    assert seen[:2] == ["defport.Submission", "registry.Organisation"]


def test_get_or_404_hides_existence(unit_buyer: Any, unit: Any, outsider: Any) -> None:
    draft = defport.submission_create(user=unit_buyer, submit=False, data={
        "kind": "need", "title": "Concept", "description": "Nog niet ingediend.", "organisation": unit})
    assert restrict.get_or_404(Submission.objects.all(), unit_buyer, pk=draft.pk) == draft
    with pytest.raises(Http404):
        restrict.get_or_404(Submission.objects.all(), outsider, pk=draft.pk)


def test_party_fields_are_redacted_for_everyone_but_the_parties(unit_buyer: Any, unit: Any, office: Any,
                                                                 outsider: Any) -> None:
    need = _need(unit_buyer, unit)
    need = defport.transition(user=office, submission=need, action="start_triage")
    need = defport.transition(user=office, submission=need, action="mark_matched")
    company_member = make_user(username="alpha")
    company = make_org(by=company_member, name="Alpha B.V.")
    intro = defport.introduction_propose(user=office, submission=need, organisation=company, note="internal")
    intro = Introduction.objects.select_related("submission").get(pk=intro.pk)
    assert "note" in restrict.declared_party_fields()["defport.Introduction"]
    for party in (office, unit_buyer, company_member):
        assert restrict.party_value(party, intro, "note") == "internal"
    assert restrict.party_value(outsider, intro, "note") is None
    assert restrict.party_value(outsider, intro, "state") == "proposed"  # not a party field: shown as it is
