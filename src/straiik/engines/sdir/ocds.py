"""OCDS 1.1 releases for SDIR calls and their awards (https://standard.open-contracting.org/1.1/).

One call is one contracting process (ocid = prefix + call reference). Its releases, each with the date of the
event it reports:
- "tender" when the call is published: the topic, budget (tender.value), periods, eligibility, award
  criteria with their weights, the owning unit as buyer and procuring entity;
- "tenderUpdate" once it has closed (the number of tenderers), or "tenderCancellation";
- "award" when it is awarded: the awards (supplier, amount, contract period), and "contract" with the
  contracts and their milestones (implementation.milestones, status met / scheduled / notMet).
Phase 3 follow-on orders are published as a related process of the award's contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

VERSION = "1.1"
CURRENCY = "EUR"


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    country: str = ""
    scheme: str = ""  # an org-id.guide scheme, e.g. NL-KVK, when the registry holds one
    identifier: str = ""


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    due_date: dt.date | None
    status: str  # scheduled | met | notMet | partiallyMet
    date_met: dt.date | None = None
    description: str = ""


@dataclass(frozen=True)
class AwardData:
    id: str
    title: str
    supplier: Party
    amount: int
    date: dt.datetime
    status: str  # pending | active | cancelled | unsuccessful
    contract_status: str  # pending | active | cancelled | terminated
    start: dt.date | None = None
    end: dt.date | None = None
    milestones: Sequence[Milestone] = ()
    follow_on: str = ""  # the reference of a phase 3 follow-on order


@dataclass(frozen=True)
class CallData:
    reference: str
    title: str
    description: str
    buyer: Party
    budget: int
    max_award: int
    opens_at: dt.datetime
    closes_at: dt.datetime
    published_at: dt.datetime
    phase_label: str
    eligibility: str
    award_criteria: str
    selective: bool = False  # limited to the winners of an earlier phase
    cpv: Sequence[tuple[str, str]] = ()
    rationale: str = ""
    decision_due: dt.datetime | None = None
    closed: bool = False
    tenderers: Sequence[Party] = ()
    cancelled_at: dt.datetime | None = None
    status: str = "active"  # tender.status
    awarded_at: dt.datetime | None = None
    awards: Sequence[AwardData] = ()
    previous_ocid: str = ""
    updated_at: dt.datetime | None = None


def stamp(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("OCDS dates need a time zone")
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return dt.datetime.combine(value, dt.time(0, 0), tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")


def _party(p: Party, roles: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": p.id, "name": p.name, "roles": roles}
    if p.scheme and p.identifier:
        data["identifier"] = {"scheme": p.scheme, "id": p.identifier, "legalName": p.name}
    if p.country:
        data["address"] = {"countryName": p.country}
    return data


def _value(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": CURRENCY}


def ocid(prefix: str, reference: str) -> str:
    return f"{prefix}-{reference}"


def _tender(call: CallData, status: str) -> dict[str, Any]:
    tender: dict[str, Any] = {
        "id": call.reference, "title": call.title, "description": call.description, "status": status,
        "procuringEntity": {"id": call.buyer.id, "name": call.buyer.name},
        "value": _value(call.budget),
        "procurementMethod": "selective" if call.selective else "open",
        "procurementMethodDetails": call.phase_label,
        "mainProcurementCategory": "services",
        "awardCriteria": "ratedCriteria",
        "awardCriteriaDetails": call.award_criteria,
        "submissionMethod": ["electronicSubmission"],
        "eligibilityCriteria": call.eligibility,
        "tenderPeriod": {"startDate": stamp(call.opens_at), "endDate": stamp(call.closes_at)},
        "hasEnquiries": False,
    }
    if call.decision_due:
        tender["awardPeriod"] = {"startDate": stamp(call.closes_at), "endDate": stamp(call.decision_due)}
    if call.cpv:
        tender["items"] = [{"id": str(i), "description": label, "classification": {
            "scheme": "CPV", "id": code, "description": label}} for i, (code, label) in enumerate(call.cpv, 1)]
    return tender


def call_releases(call: CallData, *, prefix: str) -> list[dict[str, Any]]:
    """The releases of one call, oldest first."""
    process = ocid(prefix, call.reference)
    buyer = _party(call.buyer, ["buyer", "procuringEntity"])

    def release(tag: str, date: dt.datetime, **sections: Any) -> dict[str, Any]:
        data: dict[str, Any] = {"ocid": process, "id": f"{process}-{tag}-{stamp(date)}", "date": stamp(date),
                                "tag": [tag], "initiationType": "tender", "language": "en"}
        data.update(sections)
        return data

    planning = {"rationale": call.rationale, "budget": {"amount": _value(call.budget),
                                                        "description": call.phase_label}}
    releases = [release("tender", call.published_at, parties=[buyer], buyer={"id": call.buyer.id,
                        "name": call.buyer.name}, planning=planning, tender=_tender(call, "active"))]
    if call.previous_ocid:
        releases[0]["relatedProcesses"] = [{"id": "1", "relationship": ["parent"], "scheme": "ocid",
                                            "identifier": call.previous_ocid, "title": "Earlier phase"}]
    if call.cancelled_at is not None:
        releases.append(release("tenderCancellation", call.cancelled_at, tender=_tender(call, "cancelled")))
        return releases
    if call.closed:
        tender = _tender(call, call.status)
        tender["numberOfTenderers"] = len(call.tenderers)
        tender["tenderers"] = [{"id": t.id, "name": t.name} for t in call.tenderers]
        parties = [buyer] + [_party(t, ["tenderer"]) for t in call.tenderers]
        releases.append(release("tenderUpdate", call.closes_at, parties=_unique(parties), tender=tender))
    if call.awarded_at is not None and call.awards:
        suppliers = {a.supplier.id: a.supplier for a in call.awards}
        parties = [buyer] + [_party(t, ["tenderer"] + (["supplier"] if t.id in suppliers else []))
                             for t in call.tenderers]
        tenderer_ids = {t.id for t in call.tenderers}
        parties += [_party(s, ["supplier"]) for sid, s in suppliers.items() if sid not in tenderer_ids]
        awards = [{"id": a.id, "title": a.title, "status": a.status, "date": stamp(a.date), "value": _value(a.amount),
                   "suppliers": [{"id": a.supplier.id, "name": a.supplier.name}],
                   **({"contractPeriod": _period(a.start, a.end)} if a.start or a.end else {})}
                  for a in call.awards]
        contracts = []
        for a in call.awards:
            contract: dict[str, Any] = {"id": f"{a.id}-contract", "awardID": a.id, "title": a.title,
                                        "status": a.contract_status, "value": _value(a.amount),
                                        "dateSigned": stamp(a.date)}
            if a.start or a.end:
                contract["period"] = _period(a.start, a.end)
            if a.milestones:
                contract["implementation"] = {"milestones": [_milestone(m) for m in a.milestones]}
            if a.follow_on:
                contract["relatedProcesses"] = [{"id": "1", "relationship": ["subContract"], "title":
                                                 "Phase 3 follow-on order", "scheme": "internal",
                                                 "identifier": a.follow_on}]
            contracts.append(contract)
        releases.append(release("award", call.awarded_at, parties=_unique(parties), awards=awards))
        latest = max([call.awarded_at, *(x for x in [call.updated_at] if x is not None)])
        releases.append(release("contract", latest, contracts=contracts))
    return releases


def _period(start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    return {k: v for k, v in (("startDate", stamp(start)), ("endDate", stamp(end))) if v is not None}


def _milestone(m: Milestone) -> dict[str, Any]:
    data: dict[str, Any] = {"id": m.id, "title": m.title, "type": "delivery", "status": m.status}
    if m.description:
        data["description"] = m.description
    if m.due_date:
        data["dueDate"] = stamp(m.due_date)
    if m.date_met:
        data["dateMet"] = stamp(m.date_met)
    return data


def _unique(parties: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for p in parties:
        if p["id"] in seen:
            seen[p["id"]]["roles"] = sorted(set(seen[p["id"]]["roles"]) | set(p["roles"]))
        else:
            seen[p["id"]] = p
    return list(seen.values())


def release_package(releases: Sequence[dict[str, Any]], *, uri: str, published: dt.datetime, publisher: str,
                    publisher_uri: str = "", license_url: str = "") -> dict[str, Any]:
    package: dict[str, Any] = {"uri": uri, "version": VERSION, "publishedDate": stamp(published),
                               "publisher": {"name": publisher, **({"uri": publisher_uri} if publisher_uri else {})},
                               "releases": list(releases)}
    if license_url:
        package["license"] = license_url
    return package
