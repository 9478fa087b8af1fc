"""Screening the registry against the loaded lists: the subjects of an organisation (itself, its contacts, the
owners, controlling party, chain of control and key people of its current disclosure), the engine's index kept
per list version in the process, and the reconciliation of the engine's hits with the review queue."""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from straiik.engines import screening as engine
from straiik.protection.models import (
    Disclosure,
    DisclosureStatus,
    HitStatus,
    ListedParty,
    SanctionsList,
    ScreeningHit,
    SubjectKind,
)
from straiik.registry.models import Contact, Organisation

_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "screener": None, "entries": {}, "lists": {}}
# Registration numbers the registry may hold (the verified-organisations work adds them); read when present.
IDENTIFIER_FIELDS = ("kvk_number", "rsin", "lei", "ncage", "eu_pic", "vat_number", "edrpou")


def current_screener() -> tuple[engine.Screener | None, dict[str, ListedParty], dict[str, SanctionsList]]:
    lists = {s.source: s for s in SanctionsList.objects.filter(is_current=True)}
    key = tuple(sorted(s.pk for s in lists.values()))
    if not key:
        return None, {}, {}
    with _lock:
        if _cache["key"] != key:
            rows = list(ListedParty.objects.filter(sanctions_list_id__in=key))
            entries = {r.key: r for r in rows}
            screener = engine.Screener(engine.ListEntry(
                key=r.key, kind=r.kind, names=tuple(r.names), birth_dates=tuple(r.birth_dates),
                identifiers=tuple(r.identifiers), reference=r.reference, programme=r.programme,
                countries=tuple(r.countries)) for r in rows)
            _cache.update(key=key, screener=screener, entries=entries)
        return _cache["screener"], _cache["entries"], lists


def forget_index() -> None:
    with _lock:
        _cache.update(key=None, screener=None, entries={})


def current_disclosures(organisation_ids: Iterable[int]) -> dict[int, Disclosure]:
    """The disclosure that stands for each organisation: its latest version that was not returned."""
    out: dict[int, Disclosure] = {}
    for d in Disclosure.objects.filter(organisation_id__in=list(organisation_ids)).exclude(
            status=DisclosureStatus.RETURNED).order_by("organisation_id", "-version"):
        out.setdefault(d.organisation_id, d)
    return out


def identifiers_of(organisation: Organisation) -> tuple[str, ...]:
    return tuple(str(v) for v in (getattr(organisation, f, "") for f in IDENTIFIER_FIELDS) if v)


def subjects_of(organisation: Organisation, contacts: Iterable[Contact], disclosure: Disclosure | None
                ) -> list[engine.Subject]:
    found: dict[str, engine.Subject] = {}

    def add(kind: str, name: Any, person_or_entity: str = engine.ANY, birth_date: str = "",
            identifiers: tuple[str, ...] = ()) -> None:
        name = str(name or "").strip()
        if name:
            key = f"{kind}|{name[:300]}"
            found.setdefault(key, engine.Subject(key, name, person_or_entity, birth_date, identifiers))

    add(SubjectKind.ORGANISATION, organisation.name, engine.ENTITY, identifiers=identifiers_of(organisation))
    for contact in contacts:
        add(SubjectKind.CONTACT, contact.name, engine.PERSON)
    if disclosure is not None:
        for owner in disclosure.owners:
            add(SubjectKind.OWNER, owner.get("name"), owner.get("kind") or engine.ANY, owner.get("birth_date", ""),
                tuple(x for x in [owner.get("identifier", "")] if x))
        party = disclosure.controlling_party or {}
        add(SubjectKind.CONTROLLER, party.get("name"), party.get("kind") or engine.ANY)
        for link in disclosure.control_chain:
            add(SubjectKind.CHAIN, link.get("name"), engine.ENTITY)
        for person in disclosure.key_people:
            add(SubjectKind.KEY_PERSON, person.get("name"), engine.PERSON)
    return list(found.values())


def _screen(screener: engine.Screener, subjects: list[engine.Subject]) -> list[engine.Hit]:
    return [hit for subject in subjects for hit in screener.screen(subject)]


def reconcile(organisation_ids: list[int], hits: dict[int, list[engine.Hit]], entries: dict[str, ListedParty],
              lists: dict[str, SanctionsList]) -> dict[str, int]:
    """Bring the review queue of these organisations in line with the engine's hits: new hits open, hits seen
    again keep their decision (a dismissed hit stays dismissed), open hits no longer found lapse."""
    now = timezone.now()
    existing: dict[tuple[int, str, str, str], ScreeningHit] = {
        (h.organisation_id, h.subject_kind, h.subject_name, h.entry_key): h
        for h in ScreeningHit.objects.filter(organisation_id__in=organisation_ids)}
    seen: set[tuple[int, str, str, str]] = set()
    create, update = [], []
    for org_id, org_hits in hits.items():
        for hit in org_hits:
            kind, name = hit.subject_key.split("|", 1)
            key = (org_id, kind, name, hit.entry_key)
            if key in seen:
                continue
            seen.add(key)
            entry = entries[hit.entry_key]
            source = hit.entry_key.split(":", 1)[0]
            row = existing.get(key)
            fields = {"entry_name": hit.matched_name[:300], "entry_names": entry.names[:20],
                      "entry_reference": entry.reference[:60], "entry_programme": entry.programme[:120],
                      "score": Decimal(str(hit.score)), "reasons": [list(r) for r in hit.reasons],
                      "sanctions_list": lists.get(source), "last_seen_at": now}
            if row is None:
                create.append(ScreeningHit(organisation_id=org_id, subject_kind=kind, subject_name=name,
                                           source=source, entry_key=hit.entry_key, found_at=now, **fields))
            else:
                for attr, value in fields.items():
                    setattr(row, attr, value)
                if row.status == HitStatus.LAPSED:
                    row.status = HitStatus.OPEN
                update.append(row)
    lapsed = []
    for key, row in existing.items():
        if key not in seen and row.status == HitStatus.OPEN:
            row.status = HitStatus.LAPSED
            lapsed.append(row)
    with transaction.atomic():
        ScreeningHit.objects.bulk_create(create, batch_size=1000)
        ScreeningHit.objects.bulk_update(update, ["entry_name", "entry_names", "entry_reference", "entry_programme",
                                                  "score", "reasons", "sanctions_list", "last_seen_at", "status"],
                                         batch_size=1000)
        ScreeningHit.objects.bulk_update(lapsed, ["status"], batch_size=1000)
    return {"new": len(create), "seen_again": len(update), "lapsed": len(lapsed)}


def screen_organisations(organisation_ids: list[int]) -> dict[str, int]:
    screener, entries, lists = current_screener()
    if screener is None:
        # No list loaded: nothing can match, and open hits of a withdrawn list lapse.
        return reconcile(organisation_ids, {}, {}, {}) if organisation_ids else {"new": 0, "seen_again": 0,
                                                                                  "lapsed": 0}
    orgs = Organisation.objects.filter(pk__in=organisation_ids).only("pk", "name", *_present_identifier_fields())
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(organisation_id__in=organisation_ids).only("pk", "name", "organisation_id"):
        contacts[contact.organisation_id].append(contact)
    disclosures = current_disclosures(organisation_ids)
    hits = {org.pk: _screen(screener, subjects_of(org, contacts[org.pk], disclosures.get(org.pk))) for org in orgs}
    return reconcile(organisation_ids, hits, entries, lists)


def _present_identifier_fields() -> list[str]:
    names = {f.name for f in Organisation._meta.get_fields()}
    return [f for f in IDENTIFIER_FIELDS if f in names]


def chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def screen_all(progress: Any = None, chunk: int = 2_000) -> dict[str, int]:
    """Screen the whole registry (after a list import). `progress(done, total)` is called per chunk."""
    ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    totals = {"organisations": len(ids), "new": 0, "seen_again": 0, "lapsed": 0}
    for n, part in enumerate(chunks(ids, chunk), start=1):
        result = screen_organisations(part)
        for key in ("new", "seen_again", "lapsed"):
            totals[key] += result[key]
        if progress is not None:
            progress(min(n * chunk, len(ids)), len(ids))
    return totals
