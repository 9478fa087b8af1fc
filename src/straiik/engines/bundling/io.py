"""Reading and writing the `straiik.bundling/1` format: problems in, solutions out (and back in, for `check`).

Every error names the field it is about, as a path from the top of the document with 0-based list indices:
`demands[3].periods[1]: unknown period "2027-Q9"`. All errors found are collected, so one run shows them all.
Unknown extra fields are ignored, so a newer writer can add optional fields.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from .model import (
    FEASIBLE,
    PROBLEM_FORMAT,
    SOLUTION_FORMAT,
    STATUSES,
    Buyer,
    BuyerFigures,
    Demand,
    Funding,
    Lot,
    Offer,
    Problem,
    Rules,
    Solution,
    Tier,
)

MAX_ERRORS = 50


class FormatError(ValueError):
    """A file that does not follow the format. `errors` lists every problem found as 'path: message'."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(errors[0] if len(errors) == 1 else f"{len(errors)} errors:\n" + "\n".join(errors))


class ProblemError(FormatError):
    """A problem file that is not a valid `straiik.bundling/1` problem."""


class SolutionError(FormatError):
    """A solution file that is not a well-formed `straiik.bundling/1-solution` (its rules are `check`'s job)."""


_MISSING = object()


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) or math.isfinite(value) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Collects errors while reading a JSON document field by field."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(f"{path}: {message}")

    def field(self, obj: dict[str, Any], key: str, path: str, *, required: bool = True) -> Any:
        if key not in obj:
            if required:
                self.error(f"{path}.{key}" if path else key, "missing required field")
            return _MISSING
        return obj[key]

    def as_object(self, value: Any, path: str) -> dict[str, Any] | None:
        if value is _MISSING:
            return None
        if not isinstance(value, dict):
            self.error(path, f"must be an object, got {_kind(value)}")
            return None
        return value

    def as_list(self, value: Any, path: str, *, non_empty: bool = False) -> list[Any] | None:
        if value is _MISSING:
            return None
        if not isinstance(value, list):
            self.error(path, f"must be a list, got {_kind(value)}")
            return None
        if non_empty and not value:
            self.error(path, "must not be empty")
        return value

    def string(self, value: Any, path: str) -> str | None:
        if value is _MISSING:
            return None
        if not isinstance(value, str):
            self.error(path, f"must be a string, got {_kind(value)}")
            return None
        if not value.strip():
            self.error(path, "must not be empty")
            return None
        return value

    def boolean(self, value: Any, path: str) -> bool | None:
        if value is _MISSING:
            return None
        if not isinstance(value, bool):
            self.error(path, f"must be true or false, got {_kind(value)}")
            return None
        return value

    def integer(self, value: Any, path: str, *, minimum: int) -> int | None:
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(path, f"must be a whole number, got {_kind(value)}")
            return None
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            self.error(path, f"must be a whole number, got {_show(value)}")
            return None
        if value < minimum:
            self.error(path, f"must be a whole number >= {minimum}, got {_show(value)}")
            return None
        return int(value)

    def number(self, value: Any, path: str, *, minimum: float = 0.0, maximum: float | None = None) -> float | None:
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(path, f"must be a number, got {_kind(value)}")
            return None
        if not math.isfinite(value):
            self.error(path, f"must be a finite number, got {value}")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            where = f"between {minimum:g} and {maximum:g}" if maximum is not None else f">= {minimum:g}"
            self.error(path, f"must be {where}, got {_show(value)}")
            return None
        return float(value)

    def unique_ids(self, items: list[Any], path: str, what: str) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ident = item["id"]
                if ident in seen:
                    self.error(f"{path}[{i}].id", f"duplicate {what} id {_show(ident)} (also {path}[{seen[ident]}])")
                else:
                    seen[ident] = i


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {_show(value)}"
    if isinstance(value, int | float):
        return f"the number {_show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON")


def load_json(text: str | bytes, error: type[FormatError]) -> Any:
    """Parse JSON text; a syntax error becomes `error` with its line and column."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error([f"(file): not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise error([f"(file): invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from None
    except ValueError as exc:  # NaN / Infinity
        raise error([f"(file): invalid JSON: {exc}"]) from None
    except RecursionError:
        raise error(["(file): invalid JSON: nested too deeply"]) from None


# --- problems ---------------------------------------------------------------------------------------------


def parse_problem(source: str | bytes | dict[str, Any]) -> Problem:
    """Read and validate a problem from JSON text or an already-decoded dict. Raises ProblemError."""
    data = load_json(source, ProblemError) if isinstance(source, str | bytes) else source
    r = _Reader()
    root = r.as_object(data, "(file)")
    if root is None:
        raise ProblemError(r.errors)
    fmt = r.field(root, "format", "")
    if fmt is not _MISSING and fmt != PROBLEM_FORMAT:
        r.error("format", f"expected {_show(PROBLEM_FORMAT)}, got {_show(fmt)}")
        raise ProblemError(r.errors)
    currency = r.string(r.field(root, "currency", ""), "currency")

    periods = _read_periods(r, root)
    period_set = set(periods)
    buyers = _read_buyers(r, root)
    buyer_ids = {b.id for b in buyers}
    demands = _read_demands(r, root, buyer_ids, period_set)
    offers = _read_offers(r, root, period_set)
    rules = _read_rules(r, root)
    if r.errors:
        raise ProblemError(r.errors)
    assert currency is not None and rules is not None
    return Problem(currency=currency, periods=tuple(periods), buyers=tuple(buyers), demands=tuple(demands),
                   offers=tuple(offers), rules=rules)


def _read_periods(r: _Reader, root: dict[str, Any]) -> list[str]:
    raw = r.as_list(r.field(root, "periods", ""), "periods")
    periods: list[str] = []
    for i, value in enumerate(raw or []):
        period = r.string(value, f"periods[{i}]")
        if period is None:
            continue
        if period in periods:
            r.error(f"periods[{i}]", f"duplicate period {_show(period)} (also periods[{periods.index(period)}])")
        else:
            periods.append(period)
    return periods


def _read_buyers(r: _Reader, root: dict[str, Any]) -> list[Buyer]:
    raw = r.as_list(r.field(root, "buyers", ""), "buyers") or []
    r.unique_ids(raw, "buyers", "buyer")
    buyers: list[Buyer] = []
    seen: set[str] = set()
    for i, value in enumerate(raw):
        path = f"buyers[{i}]"
        obj = r.as_object(value, path)
        if obj is None:
            continue
        ident = r.string(r.field(obj, "id", path), f"{path}.id")
        country = r.string(r.field(obj, "country", path), f"{path}.country")
        eu = r.boolean(r.field(obj, "eu_member", path), f"{path}.eu_member")
        if ident is not None and country is not None and eu is not None and ident not in seen:
            seen.add(ident)
            buyers.append(Buyer(id=ident, country=country, eu_member=eu))
    return buyers


def _read_demands(r: _Reader, root: dict[str, Any], buyer_ids: set[str], period_set: set[str]) -> list[Demand]:
    raw = r.as_list(r.field(root, "demands", ""), "demands") or []
    r.unique_ids(raw, "demands", "demand")
    demands: list[Demand] = []
    seen: set[str] = set()
    for i, value in enumerate(raw):
        path = f"demands[{i}]"
        obj = r.as_object(value, path)
        if obj is None:
            continue
        ident = r.string(r.field(obj, "id", path), f"{path}.id")
        buyer = r.string(r.field(obj, "buyer", path), f"{path}.buyer")
        if buyer is not None and buyer not in buyer_ids:
            r.error(f"{path}.buyer", f"unknown buyer {_show(buyer)}")
            buyer = None
        item = r.string(r.field(obj, "item", path), f"{path}.item")
        standard = r.string(r.field(obj, "standard", path), f"{path}.standard")
        quantity = r.integer(r.field(obj, "quantity", path), f"{path}.quantity", minimum=1)
        periods = _read_period_list(r, obj, path, period_set)
        price = r.number(r.field(obj, "solo_unit_price", path), f"{path}.solo_unit_price")
        fields = (ident, buyer, item, standard, quantity, periods, price)
        if all(f is not None for f in fields) and ident not in seen:
            assert ident is not None and buyer is not None and item is not None and standard is not None
            assert quantity is not None and periods is not None and price is not None
            seen.add(ident)
            demands.append(Demand(id=ident, buyer=buyer, item=item, standard=standard, quantity=quantity,
                                  periods=tuple(periods), solo_unit_price=price))
    return demands


def _read_period_list(r: _Reader, obj: dict[str, Any], path: str, period_set: set[str]) -> list[str] | None:
    raw = r.as_list(r.field(obj, "periods", path), f"{path}.periods", non_empty=True)
    if not raw:
        return None
    periods: list[str] = []
    ok = True
    for j, value in enumerate(raw):
        period = r.string(value, f"{path}.periods[{j}]")
        if period is None:
            ok = False
        elif period not in period_set:
            r.error(f"{path}.periods[{j}]", f"unknown period {_show(period)}")
            ok = False
        elif period in periods:
            r.error(f"{path}.periods[{j}]", f"period {_show(period)} is listed twice")
            ok = False
        else:
            periods.append(period)
    return periods if ok else None


def _read_offers(r: _Reader, root: dict[str, Any], period_set: set[str]) -> list[Offer]:
    raw = r.as_list(r.field(root, "offers", ""), "offers") or []
    r.unique_ids(raw, "offers", "offer")
    offers: list[Offer] = []
    seen: set[str] = set()
    for i, value in enumerate(raw):
        path = f"offers[{i}]"
        obj = r.as_object(value, path)
        if obj is None:
            continue
        ident = r.string(r.field(obj, "id", path), f"{path}.id")
        supplier = r.string(r.field(obj, "supplier", path), f"{path}.supplier")
        country = r.string(r.field(obj, "country", path), f"{path}.country")
        item = r.string(r.field(obj, "item", path), f"{path}.item")
        standards = _read_standards(r, obj, path)
        eu_content = r.number(r.field(obj, "eu_content", path), f"{path}.eu_content", maximum=1.0)
        contract_cost = r.number(r.field(obj, "contract_cost", path), f"{path}.contract_cost")
        tiers = _read_tiers(r, obj, path)
        capacity = _read_capacity(r, obj, path, period_set)
        fields = (ident, supplier, country, item, standards, eu_content, contract_cost, tiers, capacity)
        if ident is not None and all(f is not None for f in fields) and ident not in seen:
            seen.add(ident)
            offers.append(Offer(id=ident, supplier=supplier, country=country, item=item,  # type: ignore[arg-type]
                                standards=tuple(standards), eu_content=eu_content,  # type: ignore[arg-type]
                                contract_cost=contract_cost, tiers=tuple(tiers),  # type: ignore[arg-type]
                                capacity=capacity))  # type: ignore[arg-type]
    return offers


def _read_standards(r: _Reader, obj: dict[str, Any], path: str) -> list[str] | None:
    raw = r.as_list(r.field(obj, "standards", path), f"{path}.standards", non_empty=True)
    if not raw:
        return None
    standards = [r.string(value, f"{path}.standards[{j}]") for j, value in enumerate(raw)]
    return None if any(s is None for s in standards) else standards  # type: ignore[return-value]


def _read_tiers(r: _Reader, obj: dict[str, Any], path: str) -> list[Tier] | None:
    raw = r.as_list(r.field(obj, "tiers", path), f"{path}.tiers", non_empty=True)
    if not raw:
        return None
    tiers: list[Tier] = []
    ok = True
    for j, value in enumerate(raw):
        tpath = f"{path}.tiers[{j}]"
        tobj = r.as_object(value, tpath)
        if tobj is None:
            ok = False
            continue
        minimum = r.integer(r.field(tobj, "min_quantity", tpath), f"{tpath}.min_quantity", minimum=0)
        price = r.number(r.field(tobj, "unit_price", tpath), f"{tpath}.unit_price")
        if minimum is None or price is None:
            ok = False
            continue
        if j == 0 and minimum != 0:
            r.error(f"{tpath}.min_quantity", f"the first tier must start at 0, got {minimum}")
            ok = False
        elif tiers and minimum <= tiers[-1].min_quantity:
            r.error(f"{tpath}.min_quantity", "tiers must be sorted by min_quantity, each larger than the one "
                    f"before ({minimum} after {tiers[-1].min_quantity})")
            ok = False
        tiers.append(Tier(min_quantity=minimum, unit_price=price))
    return tiers if ok else None


def _read_capacity(r: _Reader, obj: dict[str, Any], path: str, period_set: set[str]) -> dict[str, int] | None:
    raw = r.as_object(r.field(obj, "capacity", path), f"{path}.capacity")
    if raw is None:
        return None
    capacity: dict[str, int] = {}
    ok = True
    for period, value in raw.items():
        cpath = f"{path}.capacity[{_show(period)}]"
        if period not in period_set:
            r.error(f"{path}.capacity", f"unknown period {_show(period)}")
            ok = False
            continue
        amount = r.integer(value, cpath, minimum=0)
        if amount is None:
            ok = False
        else:
            capacity[period] = amount
    return capacity if ok else None


def _read_rules(r: _Reader, root: dict[str, Any]) -> Rules | None:
    obj = r.as_object(r.field(root, "rules", ""), "rules")
    if obj is None:
        return None
    min_buyers = r.integer(r.field(obj, "min_buyers", "rules"), "rules.min_buyers", minimum=1)
    min_eu = r.integer(r.field(obj, "min_eu_buyers", "rules"), "rules.min_eu_buyers", minimum=0)
    ir = r.boolean(r.field(obj, "individual_rationality", "rules"), "rules.individual_rationality")
    funding: Funding | None = None
    raw_funding = r.field(obj, "funding", "rules", required=False)
    funding_ok = True
    if raw_funding is not _MISSING and raw_funding is not None:
        fobj = r.as_object(raw_funding, "rules.funding")
        funding_ok = False
        if fobj is not None:
            p = "rules.funding"
            min_eu_content = r.number(r.field(fobj, "min_eu_content", p), f"{p}.min_eu_content", maximum=1.0)
            share = r.number(r.field(fobj, "share", p), f"{p}.share", maximum=1.0)
            share_ua = r.number(r.field(fobj, "share_with_ukraine", p), f"{p}.share_with_ukraine", maximum=1.0)
            ua = r.string(r.field(fobj, "ukraine_country", p), f"{p}.ukraine_country")
            if min_eu_content is not None and share is not None and share_ua is not None and ua is not None:
                funding = Funding(min_eu_content=min_eu_content, share=share, share_with_ukraine=share_ua,
                                  ukraine_country=ua)
                funding_ok = True
    if min_buyers is None or min_eu is None or ir is None or not funding_ok:
        return None
    return Rules(min_buyers=min_buyers, min_eu_buyers=min_eu, individual_rationality=ir, funding=funding)


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The problem as a JSON-ready dict in the format's key order (the bench generator writes files with it)."""
    rules: dict[str, Any] = {
        "min_buyers": problem.rules.min_buyers,
        "min_eu_buyers": problem.rules.min_eu_buyers,
        "individual_rationality": problem.rules.individual_rationality,
    }
    if problem.rules.funding is not None:
        f = problem.rules.funding
        rules["funding"] = {"min_eu_content": f.min_eu_content, "share": f.share,
                            "share_with_ukraine": f.share_with_ukraine, "ukraine_country": f.ukraine_country}
    return {
        "format": PROBLEM_FORMAT,
        "currency": problem.currency,
        "periods": list(problem.periods),
        "buyers": [{"id": b.id, "country": b.country, "eu_member": b.eu_member} for b in problem.buyers],
        "demands": [{"id": d.id, "buyer": d.buyer, "item": d.item, "standard": d.standard, "quantity": d.quantity,
                     "periods": list(d.periods), "solo_unit_price": d.solo_unit_price} for d in problem.demands],
        "offers": [{"id": o.id, "supplier": o.supplier, "country": o.country, "item": o.item,
                    "standards": list(o.standards), "eu_content": o.eu_content, "contract_cost": o.contract_cost,
                    "tiers": [{"min_quantity": t.min_quantity, "unit_price": t.unit_price} for t in o.tiers],
                    "capacity": dict(o.capacity)} for o in problem.offers],
        "rules": rules,
    }


def dump_problem(problem: Problem) -> str:
    return json.dumps(problem_to_dict(problem), ensure_ascii=False, indent=1) + "\n"


# --- solutions --------------------------------------------------------------------------------------------


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    """The solution in the format's key order. Lots, solo and buyers keep the order they have in `solution`."""
    data: dict[str, Any] = {
        "format": SOLUTION_FORMAT,
        "total_cost": solution.total_cost,
        "baseline_cost": solution.baseline_cost,
        "savings": solution.savings,
        "lots": [{"offer": lot.offer, "period": lot.period, "demands": list(lot.demands), "quantity": lot.quantity,
                  "unit_price": lot.unit_price, "value": lot.value, "contract_cost": lot.contract_cost,
                  "funding": lot.funding, "net_cost": lot.net_cost} for lot in solution.lots],
        "solo": list(solution.solo),
        "buyers": {ident: {"cost": f.cost, "solo_cost": f.solo_cost, "savings": f.savings}
                   for ident, f in solution.buyers.items()},
    }
    if solution.bound is not None:
        data["bound"] = solution.bound
    data["status"] = solution.status
    return data


def dump_solution(solution: Solution) -> str:
    return json.dumps(solution_to_dict(solution), ensure_ascii=False, indent=1) + "\n"


def parse_solution(source: str | bytes | dict[str, Any]) -> Solution:
    """Read a solution's structure (types and required fields). Whether it keeps the rules is `check`'s job."""
    data = load_json(source, SolutionError) if isinstance(source, str | bytes) else source
    r = _Reader()
    root = r.as_object(data, "(file)")
    if root is None:
        raise SolutionError(r.errors)
    fmt = r.field(root, "format", "")
    if fmt is not _MISSING and fmt != SOLUTION_FORMAT:
        r.error("format", f"expected {_show(SOLUTION_FORMAT)}, got {_show(fmt)}")
        raise SolutionError(r.errors)
    money: dict[str, float | None] = {
        key: r.number(r.field(root, key, ""), key, minimum=-math.inf)
        for key in ("total_cost", "baseline_cost", "savings")
    }
    lots = [lot for i, value in enumerate(r.as_list(r.field(root, "lots", ""), "lots") or [])
            if (lot := _read_lot(r, value, f"lots[{i}]")) is not None]
    solo = _read_id_list(r, r.field(root, "solo", ""), "solo")
    buyers: dict[str, BuyerFigures] = {}
    raw_buyers = r.as_object(r.field(root, "buyers", ""), "buyers") or {}
    for ident, value in raw_buyers.items():
        path = f"buyers[{_show(ident)}]"
        obj = r.as_object(value, path)
        if obj is None:
            continue
        figures = [r.number(r.field(obj, key, path), f"{path}.{key}", minimum=-math.inf)
                   for key in ("cost", "solo_cost", "savings")]
        if all(f is not None for f in figures):
            buyers[ident] = BuyerFigures(*figures)  # type: ignore[arg-type]
    raw_bound = r.field(root, "bound", "", required=False)
    bound = None if raw_bound is _MISSING or raw_bound is None else r.number(raw_bound, "bound", minimum=-math.inf)
    status = r.string(r.field(root, "status", ""), "status")
    if status is not None and status not in STATUSES:
        r.error("status", f"must be one of {', '.join(STATUSES)}, got {_show(status)}")
    if r.errors:
        raise SolutionError(r.errors)
    return Solution(total_cost=money["total_cost"], baseline_cost=money["baseline_cost"],  # type: ignore[arg-type]
                    savings=money["savings"], lots=tuple(lots), solo=tuple(solo or ()),  # type: ignore[arg-type]
                    buyers=buyers, bound=bound, status=status or FEASIBLE)


def _read_id_list(r: _Reader, value: Any, path: str) -> list[str] | None:
    raw = r.as_list(value, path)
    if raw is None:
        return None
    ids = [r.string(v, f"{path}[{j}]") for j, v in enumerate(raw)]
    return None if any(i is None for i in ids) else ids  # type: ignore[return-value]


def _read_lot(r: _Reader, value: Any, path: str) -> Lot | None:
    obj = r.as_object(value, path)
    if obj is None:
        return None
    offer = r.string(r.field(obj, "offer", path), f"{path}.offer")
    period = r.string(r.field(obj, "period", path), f"{path}.period")
    demands = _read_id_list(r, r.field(obj, "demands", path), f"{path}.demands")
    quantity = r.integer(r.field(obj, "quantity", path), f"{path}.quantity", minimum=0)
    read: Callable[[str], float | None] = lambda key: r.number(  # noqa: E731 - a local shorthand
        r.field(obj, key, path), f"{path}.{key}", minimum=-math.inf)
    money = {key: read(key) for key in ("unit_price", "value", "contract_cost", "funding", "net_cost")}
    if offer is None or period is None or demands is None or quantity is None or None in money.values():
        return None
    return Lot(offer=offer, period=period, demands=tuple(demands), quantity=quantity,
               **money)  # type: ignore[arg-type]
