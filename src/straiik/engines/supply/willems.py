"""The 38 real multi-echelon supply chains of Willems (2008), imported as they are, with the fields they lack
filled by a fixed, documented rule.

S. P. Willems, "Real-world multiechelon supply chains used for inventory optimization", Manufacturing &
Service Operations Management 10(1):19-23, 2008 (cite it when using the data). The CSV files (a flattened
XML export, copied from the MIT-licensed repository durianh96/InvNet-GSM, folder data/willems_2008/) ship in
data/willems_2008/; `willems_chain(n)` reads chain n from there.

As it is:
- every stage becomes a node (id and name = stageName; kind = stageClassification in lower case, "parts"
  read as "part"); `unit_value` = stageCost (the value added at the stage); `demand` = avgDemand, one
  period of the data read as one week (the scale changes no result: capacities and stocks below are
  set relative to demand);
- every arc from -> to becomes a required input of `to` with the single source `from`, quantity 1: in
  Willems' guaranteed-service model a stage needs all of its upstream stages, so the chains have no
  alternatives (every upstream stage is a single point of failure of the products it feeds).

Filled (deterministically: the same chain gives the same network on every machine and run). Each choice
is drawn from u = the first 8 bytes of SHA-256("willems/<chain>/<stageName>/<what>") / 2**64, in [0, 1):
- country, by stage kind, from the weighted lists in `COUNTRY_WEIGHTS`;
- capacity = planned weekly throughput (from the demand) times a headroom of 1.1, 1.25, 1.5 or 2.0;
- inventory_weeks from `INVENTORY_WEEKS` by kind; recovery_weeks a whole number of weeks in the range
  `RECOVERY_WEEKS` gives for the kind;
- one part stage in ten supplies a critical raw material (rare earths, tungsten or cobalt, as in the
  shipped USGS table), and then its country is drawn from that material's producing countries in
  proportion to their 2023 production instead.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path
from typing import TypeVar

from .flows import allocate
from .materials import load_materials
from .model import Edge, Network, NetworkError, Node, RowError

DATA = Path(__file__).parent / "data" / "willems_2008"
T = TypeVar("T")

COUNTRY_WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "part": (("NL", 10), ("DE", 15), ("FR", 8), ("IT", 6), ("PL", 6), ("CZ", 4), ("SE", 3), ("ES", 4), ("BE", 3),
             ("GB", 6), ("US", 12), ("CA", 2), ("NO", 2), ("TR", 3), ("CN", 10), ("JP", 4), ("KR", 3), ("TW", 3),
             ("IN", 3), ("CH", 2)),
    "manuf": (("NL", 20), ("DE", 20), ("FR", 10), ("BE", 6), ("PL", 6), ("SE", 5), ("IT", 6), ("ES", 5), ("GB", 8),
              ("US", 10), ("NO", 2), ("CH", 2)),
    "other": (("NL", 40), ("DE", 20), ("BE", 15), ("FR", 10), ("LU", 5), ("DK", 5), ("PL", 5)),
}
HEADROOM = (1.1, 1.25, 1.5, 2.0)
INVENTORY_WEEKS: dict[str, tuple[float, ...]] = {
    "part": (0.0, 1.0, 2.0, 4.0), "manuf": (0.0, 0.5, 1.0, 2.0), "other": (0.5, 1.0, 2.0)}
RECOVERY_WEEKS: dict[str, tuple[int, int]] = {"part": (2, 16), "manuf": (4, 26), "other": (1, 8)}
MATERIAL_SHARE = 0.1
MATERIALS = ("rare_earths", "tungsten", "cobalt")

_FROM, _TO = "/arcs/arc/@from", "/arcs/arc/@to"
_NAME, _CLASS = "/stages/stage/@stageName", "/stages/stage/@stageClassification"
_COST, _DEMAND = "/stages/stage/@stageCost", "/stages/stage/@avgDemand"


def willems_chains() -> list[int]:
    """The chain numbers shipped with the engine (1 to 38)."""
    return sorted(int(p.stem) for p in DATA.glob("*.csv") if p.stem.isdigit())


def willems_chain(number: int) -> Network:
    path = DATA / f"{number:02d}.csv"
    if not path.is_file():
        raise ValueError(f"no Willems chain {number} (there are {len(willems_chains())})")
    return read_willems(path.read_bytes(), chain=number)


def _u(chain: int, stage: str, what: str) -> float:
    digest = hashlib.sha256(f"willems/{chain}/{stage}/{what}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _pick(options: tuple[T, ...], u: float) -> T:
    return options[min(int(u * len(options)), len(options) - 1)]


def _weighted(pairs: tuple[tuple[str, float], ...], u: float) -> str:
    total = sum(w for _, w in pairs)
    acc = 0.0
    for value, w in pairs:
        acc += w / total
        if u < acc:
            return value
    return pairs[-1][0]


def _kind(classification: str) -> str:
    kind = classification.strip().lower()
    return "part" if kind == "parts" else kind


def read_willems(data: str | bytes | Path, *, chain: int | None = None) -> Network:
    """One chain from its CSV (text, bytes or a path). `chain` seeds the filling rule; by default it is the
    chain number in the file's first column."""
    if isinstance(data, Path):
        data = data.read_bytes()
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if len(rows) < 2 or not rows[0] or rows[0][0] != "/chain":
        raise NetworkError([RowError(1, "", "not a Willems (2008) chain: the first cell must be /chain")])
    header = rows[1]
    missing = [c for c in (_FROM, _TO, _NAME, _CLASS, _COST) if c not in header]
    if missing:
        raise NetworkError([RowError(2, c, "missing column") for c in missing])
    col = {name: i for i, name in enumerate(header)}
    stages: list[tuple[int, dict[str, str]]] = []
    arcs: list[tuple[int, str, str]] = []
    for line, values in enumerate(rows[2:], start=3):
        def get(name: str, values: list[str] = values) -> str:
            i = col.get(name)
            return values[i].strip() if i is not None and i < len(values) else ""

        if chain is None and values and re.fullmatch(r"\d+", values[0].strip()):
            chain = int(values[0])
        if get(_FROM) or get(_TO):
            arcs.append((line, get(_FROM), get(_TO)))
        if get(_NAME):
            stages.append((line, {"name": get(_NAME), "class": get(_CLASS), "cost": get(_COST),
                                  "demand": get(_DEMAND)}))
    chain = chain or 0
    errors: list[RowError] = []

    def number(line: int, field: str, value: str) -> float:
        try:
            return float(value) if value else 0.0
        except ValueError:
            errors.append(RowError(line, field, f"{value!r} is not a number"))
            return 0.0

    nodes = []
    for line, s in stages:
        nodes.append(Node(id=s["name"], name=s["name"], kind=_kind(s["class"]),
                          unit_value=number(line, _COST, s["cost"]), demand=number(line, _DEMAND, s["demand"]),
                          row=line))
    edges = [Edge(node=to, source=frm, row=line) for line, frm, to in arcs]
    if errors:
        raise NetworkError(errors)
    plain = Network(tuple(nodes), tuple(edges), name=f"Willems (2008) chain {chain:02d}")
    return _fill(plain, chain)


def _fill(plain: Network, chain: int) -> Network:
    throughput = allocate(plain).throughput
    production = load_materials()
    filled = []
    for nd in plain.nodes:
        group = nd.kind if nd.kind in ("part", "manuf") else "other"
        material = ""
        if group == "part" and _u(chain, nd.id, "material?") < MATERIAL_SHARE:
            material = _pick(MATERIALS, _u(chain, nd.id, "material"))
        if material and material in production:
            weights = tuple(production[material].producers.items())
            country = _weighted(weights, _u(chain, nd.id, "country"))
        else:
            country = _weighted(COUNTRY_WEIGHTS[group], _u(chain, nd.id, "country"))
        lo, hi = RECOVERY_WEEKS[group]
        filled.append(Node(
            id=nd.id, name=nd.name, kind=nd.kind, country=country,
            capacity=throughput[nd.id] * _pick(HEADROOM, _u(chain, nd.id, "capacity")),
            inventory_weeks=_pick(INVENTORY_WEEKS[group], _u(chain, nd.id, "inventory")),
            recovery_weeks=float(lo + min(int(_u(chain, nd.id, "recovery") * (hi - lo + 1)), hi - lo)),
            demand=nd.demand, unit_value=nd.unit_value, material=material, row=nd.row,
        ))
    return Network(tuple(filled), plain.edges, plain.name)
