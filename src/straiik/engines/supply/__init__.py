"""Supply-chain resilience: tiers, single points of failure, dependence on countries and raw materials,
time to survive against time to recover, disruption scenarios and surge. Pure Python, HiGHS for the LPs.

    network = read_csv(nodes_text, edges_text)          # or read_json / read_xlsx / willems_chain(17)
    spof = single_points_of_failure(network)             # spof.spofs("shell-155"), spof.ranking()
    dep = dependence(network)                            # dep.products["shell-155"].hhi
    risks = resilience(network, progress=cb)             # TTS vs TTR per node, ranked by exposure
    run = simulate(network, [country_disruption(network, "CN", weeks=12)], weeks=52)
    plan = surge(network, {"shell-155": 2 * demand})

The model, formats and methods are described in docs/supply-chain.md.
"""

from .dependence import CountryShares, DependenceResult, country_shares, dependence, embodied_value
from .flows import Allocation, allocate
from .io import dump_csv, dump_json, network_to_dict, read_csv, read_json, read_xlsx
from .materials import (
    MaterialProduction,
    MaterialRisk,
    critical_materials,
    load_materials,
    parse_materials,
    read_world_mining_data,
    world_mining_data_path,
)
from .model import FORMAT, Edge, Network, NetworkError, Node, RowError, is_country
from .regions import EU_MEMBERS, EU_OR_NATO, NATO_MEMBERS, in_eu, in_eu_or_nato, in_nato
from .resilience import NodeRisk, ResilienceResult, resilience
from .scenarios import (
    Disruption,
    ProductWeeks,
    ScenarioResult,
    country_disruption,
    material_disruption,
    simulate,
    site_disruption,
)
from .spof import SpofResult, single_points_of_failure, stopped_products
from .surge import CapacityAddition, SurgePlan, surge
from .willems import read_willems, willems_chain, willems_chains

__all__ = [
    "EU_MEMBERS", "EU_OR_NATO", "FORMAT", "NATO_MEMBERS", "Allocation", "CapacityAddition", "CountryShares",
    "DependenceResult", "Disruption", "Edge", "MaterialProduction", "MaterialRisk", "Network", "NetworkError",
    "Node", "NodeRisk", "ProductWeeks", "ResilienceResult", "RowError", "ScenarioResult", "SpofResult",
    "SurgePlan", "allocate", "country_disruption", "country_shares", "critical_materials", "dependence",
    "dump_csv", "dump_json", "embodied_value", "in_eu", "in_eu_or_nato", "in_nato", "is_country",
    "load_materials", "material_disruption", "network_to_dict", "parse_materials", "read_csv", "read_json",
    "read_willems", "read_world_mining_data", "read_xlsx", "resilience", "simulate", "single_points_of_failure",
    "site_disruption", "stopped_products", "surge", "willems_chain", "willems_chains", "world_mining_data_path",
]
