"""Importing demand and offers into a round from CSV or XLSX, with a report naming every bad row and column.

The policy is the registry's (docs/registry.md): every row is checked before anything is stored; all or
nothing by default, or only the valid rows when asked; always one transaction.

Demand columns:  buyer, reference, item, standard, quantity, periods, solo_unit_price
Offer columns:   supplier, reference, item, standards, eu_content, contract_cost, tiers, capacity
(`buyer`/`supplier`: the organisation's short name (slug) or exact name; `periods` and `standards`
separated by semicolons; `tiers` as "0: 4000; 50000: 3600"; `capacity` as "2027-Q1: 30000; 2027-Q2: 0";
`eu_content` as 0.8 or 80%.) Dutch column names are accepted too (koper, leverancier, hoeveelheid, ...).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from straiik.bundling import parsing, permissions
from straiik.bundling.forms import BUYER_KINDS, SUPPLIER_KINDS, organisation_candidates
from straiik.bundling.models import BundlingRound, Demand, Offer
from straiik.core.audit import record_created
from straiik.registry import verification
from straiik.registry.importing import ImportReport, RowIssue
from straiik.registry.models import CpvCode
from straiik.registry.tabular import TableError, read_table
from straiik.registry.taxonomies import normalise_cpv

if TYPE_CHECKING:
    from straiik.accounts.types import User

DEMAND_COLUMNS = ["buyer", "reference", "item", "standard", "quantity", "periods", "solo_unit_price"]
OFFER_COLUMNS = ["supplier", "reference", "item", "standards", "eu_content", "contract_cost", "tiers", "capacity"]
REQUIRED = {"demand": ("buyer", "item", "standard", "quantity", "periods", "solo_unit_price"),
            "offers": ("supplier", "item", "standards", "eu_content", "contract_cost", "tiers", "capacity")}
ALIASES = {
    "koper": "buyer", "afnemer": "buyer", "referentie": "reference", "artikel": "item", "cpv": "item",
    "norm": "standard", "standaard": "standard", "hoeveelheid": "quantity", "aantal": "quantity",
    "perioden": "periods", "leverperiodes": "periods", "nationale_prijs": "solo_unit_price",
    "stukprijs": "solo_unit_price", "leverancier": "supplier", "normen": "standards", "eu_aandeel": "eu_content",
    "contractkosten": "contract_cost", "staffels": "tiers", "capaciteit": "capacity",
}


def _header(raw: list[str], kind: str, report: ImportReport) -> list[str]:
    known = DEMAND_COLUMNS if kind == "demand" else OFFER_COLUMNS
    header = []
    for name in raw:
        key = name.strip().lower().replace(" ", "_")
        key = ALIASES.get(key, key)
        if key not in known and key:
            report.unknown_columns.append(name)
        header.append(key)
    missing = [c for c in REQUIRED[kind] if c not in header]
    if missing:
        report.file_error = _("Required columns are missing: %(c)s. Expected: %(all)s.") % {
            "c": ", ".join(missing), "all": ", ".join(known)}
    return header


def _eu_content(text: str) -> Decimal:
    raw = text.strip()
    percent = raw.endswith("%")
    value = parsing.parse_number(raw.rstrip("%"), what=_("EU content"))
    if percent or value > 1:
        value = value / 100
    if not 0 <= value <= 1:
        raise ValueError(_("EU content must be between 0 and 1 (or 0% and 100%)."))
    return value.quantize(Decimal("0.001"))


def import_table(*, user: User, round: BundlingRound, kind: str, handle: IO[bytes], filename: str,
                 keep_valid_rows: bool = False) -> ImportReport:
    if kind not in REQUIRED:
        raise ValidationError({"kind": _("Choose demand or offers.")})
    allowed = permissions.can_add_demand if kind == "demand" else permissions.can_add_offer
    if not allowed(user, round):
        raise PermissionDenied(_("You may not import into this round."))
    report = ImportReport(kept_all_or_nothing=not keep_valid_rows)
    try:
        raw_header, rows = read_table(handle, filename, max_bytes=settings.STRAIIK_IMPORT_MAX_BYTES,
                                      max_rows=settings.STRAIIK_IMPORT_MAX_ROWS)
    except TableError as error:
        report.file_error = str(error)
        return report
    header = _header(raw_header, kind, report)
    if report.file_error:
        return report
    report.total_rows = len(rows)
    records = [dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in rows]
    candidates = organisation_candidates(user, BUYER_KINDS if kind == "demand" else SUPPLIER_KINDS)
    org_key = "buyer" if kind == "demand" else "supplier"
    wanted = {r.get(org_key, "").strip() for r in records}
    organisations = {}
    for organisation in candidates.filter(slug__in=wanted) | candidates.filter(name__in=wanted):
        organisations[organisation.slug] = organisation
        organisations.setdefault(organisation.name, organisation)
    cpv = set(CpvCode.objects.filter(code__in={normalise_cpv(r.get("item", "")) for r in records} - {None})
              .values_list("code", flat=True))
    valid: list[tuple[int, Any]] = []
    for number, record in enumerate(records, start=2):
        errors_before = len(report.errors)
        instance = _row(kind, round, user, record, number, organisations, cpv, report)
        if instance is not None and len(report.errors) == errors_before:
            valid.append((number, instance))
    report.valid_rows = len(valid)
    if report.errors and not keep_valid_rows:
        return report
    with transaction.atomic():
        locked = BundlingRound.objects.select_for_update().get(pk=round.pk)
        if not locked.accepts_inputs:
            report.file_error = _("This round no longer accepts demand or offers.")
            return report
        model = Demand if kind == "demand" else Offer
        created = model.objects.bulk_create([instance for _n, instance in valid], batch_size=1000)
        if created and created[0].pk is None:  # backends without RETURNING: read the new rows back
            created = list(model.objects.filter(round=round).order_by("-id")[: len(created)])[::-1]
        record_created(user=user, instances=created)
        report.imported = len(created)
    return report


def _row(kind: str, round: BundlingRound, user: User, record: dict[str, str], number: int,
         organisations: dict[str, Any], cpv: set[str], report: ImportReport) -> Demand | Offer | None:
    def issue(column: str, message: str) -> None:
        report.errors.append(RowIssue(number, column, message))

    org_key = "buyer" if kind == "demand" else "supplier"
    name = record.get(org_key, "").strip()
    organisation = organisations.get(name)
    if organisation is None:
        issue(org_key, _("“%(v)s” is not an organisation you may register for.") % {"v": name} if name
              else _("missing"))
    elif not organisation.is_verified:
        issue(org_key, verification.message(organisation, verification.BUNDLING))
    code = normalise_cpv(record.get("item", ""))
    if code is None or code not in cpv:
        issue("item", _("“%(v)s” is not a CPV 2008 code.") % {"v": record.get("item", "")})
    reference = record.get("reference", "").strip()[:60]
    if kind == "demand":
        demand = Demand(round=round, created_by=user, buyer=organisation, reference=reference, item_id=code or "",
                        standard=record.get("standard", "").strip()[:80])
        if not demand.standard:
            issue("standard", _("missing"))
        for column, parse in (("quantity", lambda v: parsing.parse_whole(v, what=_("quantity"))),
                              ("periods", lambda v: parsing.parse_periods(v, round.periods)),
                              ("solo_unit_price", lambda v: parsing.parse_number(v, what=_("national unit price")))):
            try:
                setattr(demand, column, parse(record.get(column, "")))
            except ValueError as error:
                issue(column, str(error))
        if isinstance(demand.quantity, int) and demand.quantity < 1:
            issue("quantity", _("The quantity must be at least 1."))
        if isinstance(demand.solo_unit_price, Decimal) and demand.solo_unit_price < 0:
            issue("solo_unit_price", _("cannot be negative"))
        return demand
    offer = Offer(round=round, created_by=user, supplier=organisation, reference=reference,
                  item_id=code or "")
    offer_parsers: tuple[tuple[str, Callable[[str], Any]], ...] = (
        ("standards", parsing.split_list), ("eu_content", _eu_content),
        ("contract_cost", lambda v: parsing.parse_number(v, what=_("contract cost"))),
        ("tiers", parsing.parse_tiers),
        ("capacity", lambda v: parsing.parse_capacity(v, round.periods)))
    for column, parse in offer_parsers:
        try:
            setattr(offer, column, parse(record.get(column, "")))
        except ValueError as error:
            issue(column, str(error))
    if not offer.standards:
        issue("standards", _("missing"))
    if isinstance(offer.contract_cost, Decimal) and offer.contract_cost < 0:
        issue("contract_cost", _("cannot be negative"))
    return offer
