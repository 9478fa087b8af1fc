"""From a round on the platform to a `straiik.bundling/1` problem, and from a solution back to what people read.

Buyers are nations: the country of the organisation that registered the demand; `eu_member` comes from
the EU member list. Demand ids are `D<pk>`, offer ids `O<pk>`, suppliers are organisation slugs.

A what-if ("variation") changes the snapshot, never the round:
    {"drop_buyers": ["UA"],                       # leave these nations out
     "rules": {"min_buyers": 2, "individual_rationality": false, "funding_enabled": false, ...},
     "supplier_caps": {"<organisation id>": 5000}}  # at most this many units per period per offer
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from straiik.engines import bundling as engine
from straiik.engines.bundling import PROBLEM_FORMAT
from straiik.registry.taxonomies import EU_MEMBERS, country_name

if TYPE_CHECKING:
    from straiik.bundling.models import BundlingRound

RULE_OVERRIDES = {
    "min_buyers": int, "min_eu_buyers": int, "individual_rationality": bool, "funding_enabled": bool,
    "funding_min_eu_content": float, "funding_share": float, "funding_share_with_ukraine": float,
}


def _rules(round: BundlingRound, overrides: dict[str, Any]) -> dict[str, Any]:
    def value(name: str) -> Any:
        return overrides.get(name, getattr(round, name))

    rules: dict[str, Any] = {"min_buyers": int(value("min_buyers")), "min_eu_buyers": int(value("min_eu_buyers")),
                             "individual_rationality": bool(value("individual_rationality"))}
    if value("funding_enabled"):
        rules["funding"] = {"min_eu_content": float(value("funding_min_eu_content")),
                            "share": float(value("funding_share")),
                            "share_with_ukraine": float(value("funding_share_with_ukraine")),
                            "ukraine_country": round.ukraine_country}
    return rules


def normalise_variation(round: BundlingRound, variation: dict[str, Any]) -> dict[str, Any]:
    """Check a what-if against the round and keep only what changes something. Raises ValidationError."""
    if not isinstance(variation, dict):
        raise ValidationError(_("A what-if is a set of changes."))
    unknown = set(variation) - {"drop_buyers", "rules", "supplier_caps"}
    if unknown:
        raise ValidationError({"variation": _("Unknown what-if change: %(k)s.") % {"k": ", ".join(sorted(unknown))}})
    result: dict[str, Any] = {}
    nations = set(round.demands.values_list("buyer__country", flat=True))
    drop = variation.get("drop_buyers") or []
    if not isinstance(drop, list) or not all(isinstance(n, str) for n in drop):
        raise ValidationError({"drop_buyers": _("A list of nations (country codes).")})
    drop = sorted({n.upper() for n in drop})
    missing = [n for n in drop if n not in nations]
    if missing:
        raise ValidationError({"drop_buyers": _("No demand from %(n)s in this round.") % {"n": ", ".join(missing)}})
    if drop:
        result["drop_buyers"] = drop
    rules = variation.get("rules") or {}
    if not isinstance(rules, dict):
        raise ValidationError({"rules": _("A set of rule changes.")})
    changed: dict[str, Any] = {}
    for name, raw in rules.items():
        if name not in RULE_OVERRIDES:
            raise ValidationError({"rules": _("Unknown rule %(r)s.") % {"r": name}})
        if raw is None or raw == "":
            continue
        kind = RULE_OVERRIDES[name]
        try:
            value = kind(raw) if kind is not bool else _boolean(raw)
        except (TypeError, ValueError, InvalidOperation):
            raise ValidationError({"rules": _("%(r)s: “%(v)s” is not valid.") % {"r": name, "v": raw}}) from None
        if kind is float and not 0 <= value <= 1:
            raise ValidationError({"rules": _("%(r)s must be between 0 and 1.") % {"r": name}})
        if kind is int and not 1 <= value <= 50 and name == "min_buyers":
            raise ValidationError({"rules": _("min_buyers must be between 1 and 50.")})
        if kind is int and not 0 <= value <= 50:
            raise ValidationError({"rules": _("%(r)s must be between 0 and 50.") % {"r": name}})
        current = getattr(round, name)
        if isinstance(current, Decimal):
            current = float(current)
        if value != current:
            changed[name] = value
    merged_min = changed.get("min_buyers", round.min_buyers)
    if changed.get("min_eu_buyers", round.min_eu_buyers) > merged_min:
        raise ValidationError({"rules": _("The EU minimum cannot exceed the minimum number of buyers.")})
    if changed:
        result["rules"] = changed
    caps = variation.get("supplier_caps") or {}
    if not isinstance(caps, dict):
        raise ValidationError({"supplier_caps": _("Supplier → units per period.")})
    suppliers = {str(pk) for pk in round.offers.values_list("supplier_id", flat=True)}
    clean_caps = {}
    for supplier, units in caps.items():
        if str(supplier) not in suppliers:
            raise ValidationError({"supplier_caps": _("No offer from supplier %(s)s in this round.") % {"s": supplier}})
        try:
            units = int(units)
        except (TypeError, ValueError):
            raise ValidationError({"supplier_caps": _("A cap is a whole number of units.")}) from None
        if units < 0:
            raise ValidationError({"supplier_caps": _("A cap cannot be negative.")})
        clean_caps[str(supplier)] = units
    if clean_caps:
        result["supplier_caps"] = clean_caps
    return result


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"1", "true", "yes", "on", "ja"}:
        return True
    if text in {"0", "false", "no", "off", "nee"}:
        return False
    raise ValueError(raw)


def build_problem(round: BundlingRound, variation: dict[str, Any] | None = None) -> dict[str, Any]:
    """The round's inputs (demand not yet in an agreed joint procurement) as a problem dict."""
    variation = variation or {}
    drop = set(variation.get("drop_buyers", []))
    caps = variation.get("supplier_caps", {})
    demands = [d for d in round.demands.select_related("buyer").filter(joint_procurement__isnull=True).order_by("id")
               if d.buyer.country not in drop]
    nations = sorted({d.buyer.country for d in demands})
    offers = []
    for offer in round.offers.select_related("supplier").order_by("id"):
        cap = caps.get(str(offer.supplier_id))
        capacity = {p: (min(units, cap) if cap is not None else units) for p, units in offer.capacity.items()}
        offers.append({"id": offer.code, "supplier": offer.supplier.slug, "country": offer.supplier.country,
                       "item": offer.item_id, "standards": list(offer.standards), "eu_content": float(offer.eu_content),
                       "contract_cost": float(offer.contract_cost), "tiers": list(offer.tiers),
                       "capacity": capacity})
    return {
        "format": PROBLEM_FORMAT,
        "currency": round.currency,
        "periods": list(round.periods),
        "buyers": [{"id": n, "country": n, "eu_member": n in EU_MEMBERS} for n in nations],
        "demands": [{"id": d.code, "buyer": d.buyer.country, "item": d.item_id, "standard": d.standard,
                     "quantity": d.quantity, "periods": list(d.periods), "solo_unit_price": float(d.solo_unit_price)}
                    for d in demands],
        "offers": offers,
        "rules": _rules(round, variation.get("rules", {})),
    }


def lead_nation(problem: engine.Problem, members: Sequence[engine.Demand]) -> str:
    """The nation that should run the tender for a joint contract: an EU member state where there is one (EU
    co-funding goes through a member state's contracting authority), then the largest share of the quantity,
    then the alphabet."""
    quantity: dict[str, int] = defaultdict(int)
    for demand in members:
        quantity[demand.buyer] += demand.quantity
    return min(quantity, key=lambda b: (not problem.buyer_by_id[b].eu_member, -quantity[b], b))


def describe_variation(variation: dict[str, Any], supplier_names: dict[str, str]) -> list[str]:
    parts = []
    if variation.get("drop_buyers"):
        parts.append(_("without %(n)s") % {"n": ", ".join(country_name(n) for n in variation["drop_buyers"])})
    for name, value in variation.get("rules", {}).items():
        parts.append(_("%(rule)s: %(value)s") % {"rule": rule_label(name), "value": rule_value(name, value)})
    for supplier, units in variation.get("supplier_caps", {}).items():
        parts.append(_("%(s)s capped at %(u)s per period") % {"s": supplier_names.get(supplier, supplier),
                                                               "u": number_format(units, force_grouping=True)})
    return parts


def rule_label(name: str) -> str:
    """A rule of a round by the name people read on the round's form (its field's label)."""
    from straiik.bundling.models import BundlingRound

    try:
        label = str(getattr(BundlingRound._meta.get_field(name), "verbose_name", name))
    except Exception:  # noqa: BLE001 - an unknown name (an old run's variation) is shown as it is
        return name
    return label[:1].upper() + label[1:]


def rule_value(name: str, value: Any) -> str:
    """A rule's value as a person reads it: yes/no, a percentage for shares, a grouped number."""
    if RULE_OVERRIDES.get(name) is bool or isinstance(value, bool):
        return _("yes") if value else _("no")
    if RULE_OVERRIDES.get(name) is float:
        return number_format(round(float(value) * 100, 1), 1) + " %"
    return number_format(value, force_grouping=True)


def ukraine_buyer(problem: engine.Problem) -> str | None:
    """The buyer whose demand the funding rule treats as Ukraine's (solved again without it), if it has demand."""
    funding = problem.rules.funding
    country = funding.ukraine_country if funding else "UA"
    for buyer in problem.buyers:
        if buyer.country == country and any(d.buyer == buyer.id for d in problem.demands):
            return buyer.id
    return None


def without_buyer(problem: dict[str, Any], buyer: str) -> dict[str, Any]:
    """The stored problem without one buyer and its demand."""
    reduced = dict(problem)
    reduced["buyers"] = [b for b in problem["buyers"] if b["id"] != buyer]
    reduced["demands"] = [d for d in problem["demands"] if d["buyer"] != buyer]
    return reduced
