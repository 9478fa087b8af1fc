"""The example world the route table is requested against: one user per persona and one example object per
route, built once per test module (building it costs a few seconds; each request runs in its own rolled-back
transaction on top of it).

Personas (tests/routes/table.py names them): who is "the owner", "the owner's need-to-know colleague" and
"a member of another organisation" depends on the record, so the world has three *sides*:

- company: Owner B.V. (a company) with `owner_co` (its administrator) and `colleague_co`; the rival company
  with `other_co`. Ideas, financing requests, proposals, attachments, offers, the organisation's own pages.
- buyer: a defence unit with two defence buyers, `owner_buyer` and `colleague_buyer`; another unit with
  `other_buyer`. Needs, calls, demand, supply networks, agenda actions.
- reviewer: two reviewers on a call's panel (`owner_rev`, `colleague_rev`) and one reviewer outside it.

The need-to-know persona (`Side.ntk`) is a member of the world's need-to-know group from OUTSIDE the owner's
organisation: `ntk_co` (a member of a third company), `ntk_buyer` (a defence buyer of a third unit), `ntk_rev` (a
reviewer outside the panel), each cleared to Departementaal Vertrouwelijk. For unmarked records it stands where
any outsider stands; for the MARKED records (`_markings`: a need, a call, a bundling round, a supply network and
an agenda action, marked Departementaal Vertrouwelijk with the group, docs/markings.md) it is the one outsider
who reads them. The owners are cleared too (a party passes releasability and need to know, never clearance).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.conftest import make_org, make_user

PERSONAS = ("anonymous", "no_role", "other_org", "owner", "ntk", "office", "admin")
PERSONA_TITLES = {
    "anonymous": "anonymous", "no_role": "signed in without role", "other_org": "member of another organisation",
    "owner": "owner", "ntk": "need-to-know group member", "office": "programme office", "admin": "administrator",
}
SIDES = ("company", "buyer", "reviewer")
HOUR = dt.timedelta(hours=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RIVAL_PROPOSAL = "Rival Sensing's passive detector"
INVITATION_TOKEN = "route-table-invitation-token"  # noqa: S105 - a test fixture's link, not a secret
_numbers = itertools.count(1)


@dataclass
class Side:
    owner: Any
    colleague: Any
    other: Any
    # The need-to-know persona: a member of the world's need-to-know group from outside the owner's organisation
    # (build); None falls back to the owner's colleague (need_to_know_member).
    ntk: Any = None


@dataclass
class World:
    users: dict[str, Any]
    sides: dict[str, Side]
    ids: dict[str, Any] = field(default_factory=dict)
    sessions: dict[int, SimpleCookie] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)

    def user(self, persona: str, side: str) -> Any:
        if persona in ("owner", "ntk", "other_org"):
            chosen = self.sides[side]
            return {"owner": chosen.owner, "ntk": need_to_know_member(chosen), "other_org": chosen.other}[persona]
        return self.users[persona]

    def client(self, user: Any) -> Client:
        """A client signed in as `user` (a copy of the session made once: a request that signs out ends only
        the copy's cookie, and the session row comes back with the test's rollback)."""
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.cookies = SimpleCookie()
            for key, morsel in self.sessions[user.pk].items():
                client.cookies[key] = morsel.value
        return client


def need_to_know_member(side: Side) -> Any:
    """The need-to-know persona: `side.ntk`, a member of the world's need-to-know group from outside the owner's
    organisation (the owner's colleague only if a side has none)."""
    return side.ntk if side.ntk is not None else side.colleague


def _user(*roles: str, name: str) -> Any:
    return make_user(*roles, username=f"{name}{next(_numbers)}")


def build() -> World:
    """Users, organisations and one example of every record a route shows or changes."""
    from straiik.accounts.services import api_token_issue
    from straiik.accounts.tokens import API_APPS
    from straiik.registry.models import Membership

    office = _user("programme-office", name="office")
    admin = _user("platform-admin", name="admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    no_role = _user(name="norole")

    owner_co, colleague_co, other_co = _user(name="ownerco"), _user(name="colleagueco"), _user(name="otherco")
    company = make_org(by=owner_co, name="Owner Radar B.V.", kind="sme", foreign_ownership_pct=None)
    Membership.objects.create(user=colleague_co, organisation=company)
    rival = make_org(by=other_co, name="Rival Sensing B.V.", kind="startup", foreign_ownership_pct=None)

    owner_buyer = _user("defence-buyer", name="ownerbuyer")
    colleague_buyer = _user("defence-buyer", name="colleaguebuyer")
    other_buyer = _user("defence-buyer", name="otherbuyer")
    unit = make_org(by=office, name="Innovatiecel Sensoren", kind="defence-unit", areas=("sensors",))
    other_unit = make_org(by=office, name="Innovatiecel Vuursteun", kind="defence-unit", areas=("sensors",))
    for user, organisation in ((owner_buyer, unit), (colleague_buyer, unit), (other_buyer, other_unit)):
        Membership.objects.create(user=user, organisation=organisation)

    owner_rev, colleague_rev, other_rev = (_user("reviewer", name=n) for n in ("ownerrev", "colleaguerev", "otherrev"))

    # the need-to-know persona of each side: outside the owner's organisation, a member of the need-to-know group
    ntk_co, ntk_buyer, ntk_rev = _user(name="ntkco"), _user("defence-buyer", name="ntkbuyer"), _user(
        "reviewer", name="ntkrev")
    make_org(by=ntk_co, name="Partner Optics B.V.", kind="sme", foreign_ownership_pct=None)
    partner_unit = make_org(by=office, name="Innovatiecel Partner", kind="defence-unit", areas=("sensors",))
    Membership.objects.create(user=ntk_buyer, organisation=partner_unit)

    world = World(
        users={"anonymous": None, "no_role": no_role, "office": office, "admin": admin},
        sides={"company": Side(owner_co, colleague_co, other_co, ntk_co),
               "buyer": Side(owner_buyer, colleague_buyer, other_buyer, ntk_buyer),
               "reviewer": Side(owner_rev, colleague_rev, other_rev, ntk_rev)},
    )
    now = timezone.now()
    world.ids.update(org=company.slug, rival=rival.slug, rival_pk=rival.pk, unit=unit.slug,
                     other_unit=other_unit.slug, opens_at=(now - HOUR).isoformat(),
                     closes_at=(now + 24 * HOUR).isoformat())
    _registry(world, company=company, owner=owner_co, colleague=colleague_co, office=office)
    _defport(world, unit=unit, company=company, rival=rival, office=office)
    _sdir(world, unit=unit, other_unit=other_unit, company=company, rival=rival, office=office)
    _bundling(world, unit=unit, company=company, office=office)
    _supply(world, owner=owner_buyer)
    _agenda(world, unit=unit, office=office)
    _notifications(world, owner=owner_co)
    _protection(world, company=company, owner=owner_co, office=office)
    _accounts(world, owner=owner_co)
    _markings(world, unit=unit, office=office, members=(ntk_co, ntk_buyer, ntk_rev))

    everyone = [office, admin, no_role, owner_co, colleague_co, other_co, owner_buyer, colleague_buyer,
                other_buyer, owner_rev, colleague_rev, other_rev, ntk_co, ntk_buyer, ntk_rev]
    for user in everyone:
        _token, key = api_token_issue(user=user, name="route table", scopes=dict.fromkeys(API_APPS, "write"))
        world.tokens[user.pk] = key
        # one session each, made with the world (a session made inside a test would go with its rollback)
        seed = Client()
        seed.force_login(user)
        world.sessions[user.pk] = seed.cookies
    return world


def _registry(world: World, *, company: Any, owner: Any, colleague: Any, office: Any) -> None:
    from straiik.registry import services
    from straiik.registry.invitations import invitation_send
    from straiik.registry.models import Invitation, Membership
    from tests.conftest import add_capability

    capability = add_capability(company, by=owner, title="GaN AESA tile", trl=6)
    # an existing account invited by name (accepts on the membership), and an e-mailed invitation link
    invited = _user(name="invited")
    services.membership_invite(user=owner, organisation=company, username=invited.username)
    invited_membership = Membership.objects.get(user=invited, organisation=company)
    invitation = invitation_send(user=owner, organisation=company, email="new.member@example.org",
                                 link_base="http://testserver/")
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=Invitation.hash_token(INVITATION_TOKEN))
    world.ids.update(capability=capability.pk, membership=Membership.objects.get(user=colleague,
                                                                                  organisation=company).pk,
                     invited_membership=invited_membership.pk, invitation=invitation.pk,
                     invitation_token=INVITATION_TOKEN)


def _defport(world: World, *, unit: Any, company: Any, rival: Any, office: Any) -> None:
    from straiik.defport import services

    buyer, company_owner = world.sides["buyer"].owner, world.sides["company"].owner
    need = services.submission_create(user=buyer, data={
        "kind": "need", "title": "Detectie van kleine drones bij kampementen", "organisation": unit,
        "description": "Wij zoeken een draagbare radar die kleine drones rond een kampement detecteert."},
        areas=["sensors"], confirmed_not_duplicate=True)
    draft_need = services.submission_create(user=buyer, data={
        "kind": "need", "title": "Geheime behoefte: tegen-UAS voor schepen", "organisation": unit,
        "description": "Nog niet ingediend: alleen de eenheid en het bureau mogen dit zien."},
        areas=["sensors"], submit=False)
    restricted_need = services.submission_create(user=buyer, data={
        "kind": "need", "title": "Beperkte behoefte: passieve radar", "organisation": unit,
        "sensitivity": "restricted", "description": "Alleen voor het bureau en defensie-inkopers."},
        areas=["sensors"], confirmed_not_duplicate=True)
    idea = services.submission_create(user=company_owner, data={
        "kind": "idea", "title": "GaN radar tegel voor kleine drones", "organisation": company,
        "description": "Een idee van Owner Radar: een goedkope radartegel."}, areas=["sensors"],
        confirmed_not_duplicate=True)
    financing = services.submission_create(user=company_owner, data={
        "kind": "financing", "title": "Financiering voor een pilotlijn", "organisation": company,
        "description": "Owner Radar zoekt 2 miljoen voor een pilotlijn.", "amount_eur": 2_000_000}, areas=["sensors"],
        confirmed_not_duplicate=True)
    services.transition(user=office, submission=need, action="start_triage")
    services.transition(user=office, submission=need, action="mark_matched")
    introduction = services.introduction_propose(user=office, submission=need, organisation=company,
                                                 note="Interne notitie van het bureau",
                                                 reasons=["gedeelde termen: GaN-radartegel"])
    # a second company was introduced too, and answered (its answer is for the need's owners and the office)
    answered = services.introduction_propose(user=office, submission=need, organisation=rival,
                                             note="Tweede voorstel", reasons=["gedeelde termen: passieve radar"])
    services.introduction_respond(user=world.sides["company"].other, introduction=answered, accept=True,
                                  response="Antwoord van Rival Sensing: vertrouwelijk")
    world.ids.update(need=need.pk, draft_need=draft_need.pk, restricted_need=restricted_need.pk, idea=idea.pk,
                     financing=financing.pk, introduction=introduction.pk)


def _sdir(world: World, *, unit: Any, other_unit: Any, company: Any, rival: Any, office: Any) -> None:
    from straiik.sdir import services
    from straiik.sdir.models import Assignment, Award, Call
    from tests.sdir.conftest import call_data, proposal_data, review_all

    now = timezone.now()
    later = now + 2 * HOUR
    reviewers = [world.sides["reviewer"].owner, world.sides["reviewer"].colleague]
    company_owner, buyer = world.sides["company"].owner, world.sides["buyer"].owner

    def call(title: str, *, publish: bool = True, panel: list[Any] | None = None) -> Any:
        made = services.call_create(user=buyer, data=call_data(unit, title=title, reviewers_per_proposal=2),
                                    reviewers=panel or [])
        if publish:
            made = services.transition(user=office, call=made, action="publish")
        return made

    open_call = call("Detecting small drones around camps", panel=reviewers)
    draft_call = call("Draft: counter-UAS for ships", publish=False)
    draft_proposal = services.proposal_create(user=company_owner, call=open_call, data=proposal_data(company))
    attachment = services.attachment_add(user=company_owner, proposal=draft_proposal, name="plan.pdf",
                                         stream=ContentFile(PDF), size=len(PDF))
    rival_proposal = services.proposal_create(user=world.sides["company"].other, call=open_call,
                                              data=proposal_data(rival, title=RIVAL_PROPOSAL), submit=True)

    # a call in review: the reviewers' assignments
    review_call = call("Passive RF sensing", panel=reviewers)
    reviewed = services.proposal_create(user=company_owner, call=review_call, data=proposal_data(company),
                                        submit=True)
    services.transition(user=office, call=review_call, action="start_review", now=later)
    assignment = Assignment.objects.get(proposal=reviewed, reviewer=world.sides["reviewer"].owner)

    # a call decided and awarded: the award and its milestone
    awarded_call = call("Drone detection awarded", panel=reviewers)
    won = services.proposal_create(user=company_owner, call=awarded_call, data=proposal_data(company), submit=True)
    services.transition(user=office, call=awarded_call, action="start_review", now=later)
    review_all(awarded_call, {won.pk: (8, 8, 8)}, later)
    services.consensus_from_means(user=office, call=awarded_call, now=later)
    for action in ("decide", "award"):
        services.transition(user=office, call=awarded_call, action=action, now=later)
    award = Award.objects.get(proposal=won)
    milestone = award.milestones.order_by("due_date").first()  # every award starts with its phase's milestones
    # the other unit's phase-2 call that follows the owner's draft call (the office may link them)
    follower = services.transition(user=office, call=services.call_create(user=office, data=call_data(
        other_unit, title="Phase 2: counter-UAS prototypes", phase=2, follows=draft_call, reviewers_per_proposal=2),
        reviewers=[]), action="publish")
    from django.contrib.contenttypes.models import ContentType

    world.ids["admin_view_on_site"] = f"{ContentType.objects.get_for_model(Call).pk}/{open_call.pk}"
    world.ids.update(call=open_call.pk, draft_call=draft_call.pk, follower_call=follower.pk,
                     rival_proposal_title=RIVAL_PROPOSAL, reviewer_name=reviewers[0].username,
                     proposal=draft_proposal.pk,
                     rival_proposal=rival_proposal.pk, attachment=attachment.pk, review_call=review_call.pk,
                     reviewed_proposal=reviewed.pk, assignment=assignment.pk, awarded_call=awarded_call.pk,
                     won_proposal=won.pk, award=award.pk, milestone=milestone.pk)


def _bundling(world: World, *, unit: Any, company: Any, office: Any) -> None:
    from straiik.bundling import services
    from tests.bundling.conftest import agency, demand_data, offer_data, round_data

    bundling_round = services.round_create(user=office, data=round_data(name="Route table round"))
    demand = services.demand_create(user=office, round=bundling_round, data=demand_data(unit))
    for country in ("DE", "BE", "UA"):
        services.demand_create(user=office, round=bundling_round, data=demand_data(agency(country, office)))
    offer = services.offer_create(user=office, round=bundling_round, data=offer_data(company))
    run = services.run_execute(services.run_request(user=office, round=bundling_round, enqueue=False).pk)
    lot = run.solution["lots"][0]
    procurement = services.procurement_accept(user=office, run=run, offer_code=lot["offer"], period=lot["period"])
    world.ids.update(round=bundling_round.pk, demand=demand.pk, offer=offer.pk, run=run.pk,
                     procurement=procurement.pk)


def _supply(world: World, *, owner: Any) -> None:
    from straiik.supply import services

    network = services.network_from_willems(user=owner, chain=1)
    analysis = services.analysis_request(user=owner, network=network, kind="overview", enqueue=False)
    services.analysis_execute(analysis.pk)
    node = network.nodes.order_by("key").first()
    world.ids.update(network=network.pk, node=node.key, analysis=analysis.pk)


def _agenda(world: World, *, unit: Any, office: Any) -> None:
    from straiik.agenda import services
    from straiik.agenda.models import ItemKind
    from tests.agenda.conftest import action_data

    year = timezone.localdate().year
    agenda = services.agenda_create(user=office, year=year, summary="Route table agenda")
    objective = services.objective_create(user=office, agenda=agenda, data={
        "area": "sensors", "title": "Sensoren in de keten", "description": ""})
    action = services.action_create(user=office, agenda=agenda, data=action_data(
        unit, start=dt.date(year, 1, 15), deadline=dt.date(year, 12, 15)))
    update = services.progress_post(user=world.sides["buyer"].owner, action=action, data={
        "reported_on": dt.date(year, 1, 20), "status": "in_progress", "progress": 10, "text": "Begonnen."},
        evidence=SimpleUploadedFile("brief.pdf", PDF))
    link = services.link_add(user=office, action=action, kind="defport-need", target_id=world.ids["need"])
    item = services.item_create(user=office, data={"kind": ItemKind.MOTION, "reference": "Kamerstuk 36600-X-57",
                                                   "title": "Motie drones"}, actions=[action])
    world.ids.update(year=year, objective=objective.pk, action=action.pk, evidence=update.pk, link=link.pk,
                     item=item.pk)


def _notifications(world: World, *, owner: Any) -> None:
    from straiik.notifications.services import notify

    [notification] = notify([owner], kind="defport.introduction_proposed", check=False,
                            compose=lambda: ("Route table notice", "A notice for the owner."), url="/defport/")
    world.ids.update(notification=notification.pk)


def _protection(world: World, *, company: Any, owner: Any, office: Any) -> None:
    from straiik.protection import services
    from straiik.protection.models import ScreeningHit
    from tests.protection.conftest import EU_FILE
    from tests.protection.test_disclosure import FIRST

    listed = make_org(by=owner, name="ACME Defence Systems Ltd", country="GB", province="")
    services.list_import(user=office, source="eu", data=EU_FILE.read_bytes(), filename="eu.xml")
    services.screen_organisation(listed)
    hit = ScreeningHit.objects.filter(organisation=listed).first()
    disclosure = services.disclosure_declare(user=owner, organisation=company, data=FIRST)
    world.ids.update(hit=hit.pk if hit else 0, listed=listed.slug, disclosure=disclosure.pk)


DV = "departementaal-vertrouwelijk"
MARKED = "Markeerproef"  # in every marked record's title: one search finds them all
MARKED_NEED = f"{MARKED}: behoefte aan passieve sonar"
MARKED_CALL = f"{MARKED}: quantum magnetometers"
MARKED_ROUND = f"{MARKED}: joint radar round"
MARKED_NETWORK = f"{MARKED}: radar supply chain"
MARKED_ACTION = f"{MARKED}: proefactie sensoren"


def _markings(world: World, *, unit: Any, office: Any, members: tuple[Any, ...]) -> None:
    """The need-to-know group and one record per app marked Departementaal Vertrouwelijk with it
    (docs/markings.md): the need-to-know personas are its members in person and cleared to that level, and the
    owners are cleared too (a party passes releasability and need to know, never the clearance)."""
    from straiik.agenda import services as agenda
    from straiik.agenda.models import Agenda
    from straiik.bundling import services as bundling
    from straiik.core.models import Clearance, NeedToKnowGroup
    from straiik.defport import services as defport
    from straiik.sdir import services as sdir
    from straiik.supply import services as supply
    from tests.agenda.conftest import action_data
    from tests.bundling.conftest import round_data
    from tests.sdir.conftest import call_data

    buyer, company_owner = world.sides["buyer"].owner, world.sides["company"].owner
    group = NeedToKnowGroup.objects.create(name="Route table: the marked records' need to know",
                                           managed_by=company_owner)
    # the bundling round's only party is the office that made it: the buyer-side owner reads it through the group
    group.members.add(*members, buyer)
    for user in (*members, buyer, company_owner):
        Clearance.objects.create(user=user, level=DV, set_by=office, note="route table")

    def mark(record: Any) -> Any:
        record.classification, record.need_to_know = DV, group
        record.save()
        return record

    need = mark(defport.submission_create(user=buyer, data={
        "kind": "need", "title": MARKED_NEED, "organisation": unit,
        "description": "Gemarkeerd: alleen de eenheid, de groep en het bureau lezen dit."},
        areas=["sensors"], confirmed_not_duplicate=True))
    call = mark(sdir.transition(user=office, call=sdir.call_create(user=buyer, data=call_data(
        unit, title=MARKED_CALL, reviewers_per_proposal=2), reviewers=[]), action="publish"))
    bundling_round = mark(bundling.round_create(user=office, data=round_data(name=MARKED_ROUND)))
    network = supply.network_from_willems(user=buyer, chain=2)
    network.name = MARKED_NETWORK
    mark(network)
    year = world.ids["year"]
    action = mark(agenda.action_create(user=office, agenda=Agenda.objects.get(year=year), data=action_data(
        unit, title=MARKED_ACTION, start=dt.date(year, 2, 1), deadline=dt.date(year, 11, 30))))
    world.ids.update(ntk_group=group.pk, marked_need=need.pk, marked_call=call.pk, marked_round=bundling_round.pk,
                     marked_network=network.pk, marked_action=action.pk)


def _accounts(world: World, *, owner: Any) -> None:
    from straiik.accounts.services import api_token_issue

    token, _key = api_token_issue(user=owner, name="owner's own token")
    # No security key: allauth's pages need a real WebAuthn credential, so the key pages are asked for key 0.
    world.ids.update(token=token.pk, webauthn_key=0)
