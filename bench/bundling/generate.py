"""Random but realistic joint-procurement problems in the `straiik.bundling/1` format, from a seed.

    .venv/bin/python bench/bundling/generate.py --demands 1000 --seed 1 -o problem.json

What it makes (all drawn from `random.Random(seed)`, so a seed gives the same file everywhere):
- 8 quarters (2027-Q1 .. 2028-Q4);
- 6 to 30 buyers: EU member states (NL, DE, FR, ...), always Ukraine (UA) and some of Norway, the United
  Kingdom and the United States as non-EU buyers;
- items from a catalogue of defence CPV codes (shells, cartridges, grenades, drones, anti-tank and
  air-defence missiles, radars, armoured personnel carriers), each with its own price level, typical
  order size and two or three competing standards; more demands bring more items into play;
- per item 2 to 5 offers from EU, British, Norwegian and US suppliers, each meeting one or two standards,
  with an EU content that depends on where the supplier is (EU suppliers are mostly above the 65%
  threshold, US ones below), a first-tier price 7% below to 5% above the item's price level, 2 to 4
  all-units tiers 4-12% apart, a contract cost of 5-40% of the value of one typical order, and a capacity
  in most quarters, sized so that capacity is scarce in some periods;
- demands spread over buyers and items (log-normal order sizes), each accepting delivery in 1 to 4
  consecutive quarters, with a solo unit price 3% below to 25% above the item's price level (buying alone
  is mostly, but not always, dearer).
Rules: 3 buyers of which 2 EU members per lot, individual rationality, EDIP-like funding (15%, 20% with
Ukraine, 65% EU content).

`generate_hard` (`--kind hard`, the default since issue 16) makes problems like the ones the optimiser met
unseen, which are harder than the `classic` ones above:
- always 30 buyers (26 EU member states, Norway, the UK, the US and Ukraine);
- heavy-tailed quantities (a Pareto tail: most orders small, a few a hundred times the typical one);
- capacity that binds: per offer and quarter 0.4-1.6 times an even share of the item's volume;
- half the demand for the ten main items (beyond 2,500 demands in national variants, one per 2,500
  demands, so there are mid-sized components rather than a few huge ones), with thinner margins and
  dearer contracts than classic; the other half for many niche items (spare parts, sub-systems) with 4
  to 40 demands each, every one its own small component, where the margin between the solo price and the
  supplier's price is thin (solo 2% below to 9% above the first tier) and the contract cost is large:
  individual rationality binds, and which demands can afford a lot decides the optimum.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

PERIODS = [f"{year}-Q{q}" for year in (2027, 2028) for q in (1, 2, 3, 4)]
EU_BUYERS = ["NL", "DE", "FR", "BE", "PL", "IT", "ES", "SE", "FI", "DK", "AT", "CZ", "PT", "RO", "GR", "LT",
             "LV", "EE", "SK", "SI", "HR", "BG", "HU", "IE", "LU", "CY", "MT"]
NON_EU_BUYERS = ["NO", "GB", "US"]
# CPV code, label, unit price (EUR), typical order (units), standards
ITEMS = [
    ("35331200", "155 mm shells", 4000.0, 6000, ["STANAG-4425", "JBMoU-155", "GOST-152"]),
    ("35613000", "unmanned aerial vehicles", 1_800_000.0, 6, ["STANAG-4586", "STANAG-4609"]),
    ("35331500", "5.56 mm cartridges", 0.9, 800_000, ["STANAG-4172", "STANAG-2310"]),
    ("35722000", "radar", 9_000_000.0, 2, ["STANAG-4607", "ASTERIX"]),
    ("35622600", "anti-tank guided missiles", 180_000.0, 60, ["MIL-STD-1760", "STANAG-4671"]),
    ("35331300", "grenades", 45.0, 20_000, ["STANAG-4241", "DEF-STAN-13"]),
    ("35622700", "surface-to-air missiles", 1_200_000.0, 24, ["MIL-STD-1760", "STANAG-4671", "NASAMS-IF"]),
    ("35412200", "armoured personnel carriers", 2_500_000.0, 12, ["STANAG-4569", "AEP-55"]),
    ("35723000", "air defence radar", 35_000_000.0, 1, ["STANAG-4607", "ASTERIX", "Link-16"]),
    ("35333200", "rockets", 150_000.0, 80, ["MIL-STD-1760", "STANAG-4187"]),
]
SUPPLIERS = [("DE", (0.75, 0.95)), ("FR", (0.75, 0.95)), ("NL", (0.7, 0.9)), ("SE", (0.7, 0.9)),
             ("IT", (0.6, 0.9)), ("PL", (0.65, 0.9)), ("NO", (0.55, 0.85)), ("GB", (0.4, 0.7)),
             ("US", (0.1, 0.4))]


def generate(demands: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    n_buyers = min(30, max(6, 6 + demands // 40))
    eu = rng.sample(EU_BUYERS, n_buyers - 1 - min(3, max(1, n_buyers // 8)))
    non_eu = NON_EU_BUYERS[: min(3, max(1, n_buyers // 8))]
    buyers = [{"id": b, "country": b, "eu_member": True} for b in eu]
    buyers += [{"id": b, "country": b, "eu_member": False} for b in non_eu]
    buyers.append({"id": "UA", "country": "UA", "eu_member": False})

    n_items = min(len(ITEMS), max(2, 2 + demands // 100))
    items = ITEMS[:n_items]
    weights = [rng.uniform(0.5, 1.5) for _ in items]
    buyer_weights = [rng.uniform(0.3, 1.7) for _ in buyers]
    per_item: list[list[dict[str, Any]]] = [[] for _ in items]
    demand_list = []
    for i in range(demands):
        k = rng.choices(range(len(items)), weights)[0]
        cpv, _, price, size, standards = items[k]
        buyer = rng.choices(buyers, buyer_weights)[0]
        start = rng.randrange(len(PERIODS))
        width = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        periods = PERIODS[start:start + width]
        quantity = max(1, round(size * rng.lognormvariate(0, 0.6)))
        if quantity >= 100:
            quantity = round(quantity, -len(str(quantity)) + 2)
        demand = {"id": f"d{i + 1}", "buyer": buyer["id"], "item": cpv,
                  "standard": standards[min(len(standards) - 1, int(rng.expovariate(1.2)))],
                  "quantity": quantity, "periods": periods,
                  "solo_unit_price": round(price * rng.uniform(0.97, 1.25), 2)}
        demand_list.append(demand)
        per_item[k].append(demand)

    offers = []
    for k, (cpv, _, price, size, standards) in enumerate(items):
        volume = sum(d["quantity"] for d in per_item[k]) or size
        for j in range(rng.randint(2, 5)):
            country, (lo, hi) = rng.choice(SUPPLIERS)
            meets = rng.sample(standards, rng.choice([1, 1, 2])) if j else [standards[0]]
            first = round(price * rng.uniform(0.93, 1.05), 2)
            tiers = [{"min_quantity": 0, "unit_price": first}]
            step = max(2, round(size * rng.uniform(2, 5)))
            for t in range(1, rng.randint(2, 4)):
                tiers.append({"min_quantity": step * t,
                              "unit_price": round(tiers[-1]["unit_price"] * (1 - rng.uniform(0.04, 0.12)), 2)})
            capacity = {}
            for p in PERIODS:
                if rng.random() < 0.8:
                    capacity[p] = max(size, round(volume / len(PERIODS) * rng.uniform(0.3, 1.2)))
            offers.append({"id": f"o{k + 1}-{j + 1}", "supplier": f"S-{country}-{k + 1}{j + 1}", "country": country,
                           "item": cpv, "standards": meets, "eu_content": round(rng.uniform(lo, hi), 2),
                           "contract_cost": round(price * size * rng.uniform(0.05, 0.4), -3) or 1000.0,
                           "tiers": tiers, "capacity": capacity})
    return {
        "format": "straiik.bundling/1",
        "currency": "EUR",
        "periods": PERIODS,
        "buyers": buyers,
        "demands": demand_list,
        "offers": offers,
        "rules": {"min_buyers": 3, "min_eu_buyers": 2, "individual_rationality": True,
                  "funding": {"min_eu_content": 0.65, "share": 0.15, "share_with_ukraine": 0.20,
                              "ukraine_country": "UA"}},
    }


NICHE = [("3533", "ammunition parts", 60.0, 3000), ("3561", "UAV sub-systems", 90_000.0, 8),
         ("3572", "radar spares", 250_000.0, 6), ("3562", "missile components", 40_000.0, 30),
         ("3541", "vehicle spares", 8_000.0, 120), ("3582", "night-vision equipment", 6_000.0, 80),
         ("3581", "field equipment", 300.0, 2500), ("3263", "radio sets", 12_000.0, 60)]


def _pareto_quantity(rng: random.Random, size: int) -> int:
    """Heavy-tailed: the median about the typical size, one order in fifty ten times it or more."""
    quantity = max(1, round(size * 0.6 * rng.paretovariate(1.3)))
    if quantity >= 100:
        quantity = round(quantity, -len(str(quantity)) + 2)
    return quantity


def generate_hard(demands: int, seed: int = 1) -> dict[str, Any]:
    """Harder problems (see the module's docstring): 30 buyers, heavy tails, binding capacity, many small
    components in which individual rationality binds."""
    rng = random.Random(seed)
    non_eu = NON_EU_BUYERS
    eu = EU_BUYERS[:26]
    buyers = [{"id": b, "country": b, "eu_member": True} for b in eu]
    buyers += [{"id": b, "country": b, "eu_member": False} for b in non_eu]
    buyers.append({"id": "UA", "country": "UA", "eu_member": False})
    buyer_weights = [rng.uniform(0.2, 1.8) for _ in buyers]

    # Half the demand is for the main items (large components), the rest for niche items.
    main_items = ITEMS[:min(len(ITEMS), max(2, 2 + demands // 150))]
    variants = max(1, round(demands / 2500))
    if variants > 1:
        main_items = [(f"{cpv[:6]}{v:02d}", f"{label} variant {v}", price, size, [f"{s}/{v}" for s in standards])
                      for cpv, label, price, size, standards in main_items for v in range(1, variants + 1)]
    n_main = round(demands * 0.5)
    niche: list[tuple[str, str, float, int, list[str], int]] = []
    left = demands - n_main
    while left > 0:
        family, label, price, size = rng.choice(NICHE)
        code = f"{family}{len(niche) + 1:04d}"[:8]
        count = min(left, rng.randint(4, 40))
        left -= count
        standards = [f"NAT-{code}-{s}" for s in "ABC"[:rng.choice([1, 2, 2, 3])]]
        price = round(price * rng.uniform(0.5, 2.0), 2)
        niche.append((code, f"{label} {len(niche) + 1}", price, size, standards, count))

    demand_list: list[dict[str, Any]] = []
    per_item: dict[str, list[dict[str, Any]]] = {}

    def add_demand(cpv: str, price: float, size: int, standards: list[str], margin: tuple[float, float]) -> None:
        buyer = rng.choices(buyers, buyer_weights)[0]
        start = rng.randrange(len(PERIODS))
        periods = PERIODS[start:start + rng.choice([1, 1, 2, 2, 3, 4])]
        demand = {"id": f"d{len(demand_list) + 1}", "buyer": buyer["id"], "item": cpv,
                  "standard": standards[min(len(standards) - 1, int(rng.expovariate(1.2)))],
                  "quantity": _pareto_quantity(rng, size), "periods": periods,
                  "solo_unit_price": round(price * rng.uniform(*margin), 2)}
        demand_list.append(demand)
        per_item.setdefault(cpv, []).append(demand)

    weights = [rng.uniform(0.5, 1.5) for _ in main_items]
    for _ in range(n_main):
        cpv, _, price, size, standards = main_items[rng.choices(range(len(main_items)), weights)[0]]
        add_demand(cpv, price, size, standards, (0.95, 1.10))
    for cpv, _, price, size, standards, count in niche:
        for _ in range(count):
            add_demand(cpv, price, size, standards, (0.98, 1.09))

    offers = []
    catalogue = [(cpv, price, size, standards, False) for cpv, _, price, size, standards in main_items]
    catalogue += [(cpv, price, size, standards, True) for cpv, _, price, size, standards, _ in niche]
    for k, (cpv, price, size, standards, is_niche) in enumerate(catalogue):
        item_demands = per_item.get(cpv, [])
        volume = sum(d["quantity"] for d in item_demands) or size
        for j in range(rng.randint(1, 3) if is_niche else rng.randint(2, 5)):
            country, (lo, hi) = rng.choice(SUPPLIERS)
            meets = rng.sample(standards, min(len(standards), rng.choice([1, 1, 2]))) if j else [standards[0]]
            first = round(price * rng.uniform(0.95, 1.03), 2)
            tiers = [{"min_quantity": 0, "unit_price": first}]
            step = max(2, round(size * rng.uniform(1.5, 5)))
            for t in range(1, rng.randint(2, 4)):
                tiers.append({"min_quantity": step * t,
                              "unit_price": round(tiers[-1]["unit_price"] * (1 - rng.uniform(0.03, 0.10)), 2)})
            capacity = {}
            for p in PERIODS:
                if rng.random() < 0.75:
                    capacity[p] = max(size, round(volume / len(PERIODS) * rng.uniform(0.4, 1.6)))
            # Niche contracts cost a lot to conclude relative to what they buy: rationality binds.
            contract = price * size * (rng.uniform(0.5, 3.0) if is_niche else rng.uniform(0.2, 1.0))
            offers.append({"id": f"o{k + 1}-{j + 1}", "supplier": f"S-{country}-{k + 1}{j + 1}", "country": country,
                           "item": cpv, "standards": meets, "eu_content": round(rng.uniform(lo, hi), 2),
                           "contract_cost": round(contract, -3) or 1000.0, "tiers": tiers, "capacity": capacity})
    return {
        "format": "straiik.bundling/1",
        "currency": "EUR",
        "periods": PERIODS,
        "buyers": buyers,
        "demands": demand_list,
        "offers": offers,
        "rules": {"min_buyers": 3, "min_eu_buyers": 2, "individual_rationality": True,
                  "funding": {"min_eu_content": 0.65, "share": 0.15, "share_with_ukraine": 0.20,
                              "ukraine_country": "UA"}},
    }


GENERATORS = {"hard": generate_hard, "classic": generate}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demands", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kind", choices=sorted(GENERATORS), default="hard",
                        help="hard (default): like the unseen problems of issue 16; classic: the first benchmark's")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    text = json.dumps(GENERATORS[args.kind](args.demands, args.seed), indent=1) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
