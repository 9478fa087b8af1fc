"""The supply network model and its formats: valid input reads, every bad row is named, cycles are reported."""

from __future__ import annotations

import io
import json

import pytest

from straiik.engines.supply import (
    FORMAT,
    Edge,
    Network,
    NetworkError,
    Node,
    dump_csv,
    dump_json,
    read_csv,
    read_json,
    read_xlsx,
)

NODES = """id,name,kind,country,capacity,inventory_weeks,recovery_weeks,demand,unit_value,material
steel,Steel,raw,SE,100,1,8,,2,
fuze-a,Fuze A,part,DE,30,0,12,,5,
fuze-b,Fuze B,part,US,,0,6,,5,
shell,155 mm shell,product,NL,40,2,4,20,10,
"""
EDGES = """node,part,source,quantity,share
shell,body,steel,2,
shell,fuze,fuze-a,1,0.7
shell,fuze,fuze-b,1,0.3
"""


def errors_of(call, *args, **kwargs) -> list[tuple[str, int | None, str, str]]:
    with pytest.raises(NetworkError) as caught:
        call(*args, **kwargs)
    return [(e.file, e.row, e.field, e.message) for e in caught.value.errors]


def test_csv_reads_into_the_model() -> None:
    net = read_csv(NODES, EDGES)
    assert net.products == ("shell",)
    shell = net.node_by_id["shell"]
    assert shell.capacity == 40 and shell.inventory_weeks == 2 and shell.demand == 20 and shell.country == "NL"
    assert net.node_by_id["fuze-b"].capacity is None  # blank: unlimited
    assert net.node_by_id["steel"].recovery_weeks == 8
    parts = net.inputs_of("shell")
    assert set(parts) == {"body", "fuze"}
    assert [e.source for e in parts["fuze"]] == ["fuze-a", "fuze-b"]
    assert parts["body"][0].quantity == 2
    # Topological numbering: suppliers first.
    g = net.graph
    assert g.index["shell"] > max(g.index["steel"], g.index["fuze-a"], g.index["fuze-b"])


def test_bytes_with_bom_and_semicolons_with_decimal_commas() -> None:
    nodes = "\ufeffid;capacity;demand\na;1,5;\nb;;2,25\n".encode()
    net = read_csv(nodes, b"node;source;quantity\nb;a;0,5\n")
    assert net.node_by_id["a"].capacity == 1.5 and net.node_by_id["b"].demand == 2.25
    assert net.edges[0].quantity == 0.5


def test_rows_as_dictionaries() -> None:
    net = read_csv([{"id": "a"}, {"ID": "b", "demand": 3}], [{"node": "b", "source": "a"}])
    assert net.products == ("b",) and net.edges[0].group == "a"


def test_round_trips() -> None:
    net = read_csv(NODES, EDGES)
    assert read_json(dump_json(net)) == net
    assert read_csv(*dump_csv(net)) == net
    assert json.loads(dump_json(net))["format"] == FORMAT


def test_xlsx() -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "nodes"
    for row in (["id", "capacity", "demand"], ["a", 10, None], [1001, None, 5]):
        ws.append(row)
    es = wb.create_sheet("edges")
    es.append(["node", "source"])
    es.append([1001, "a"])
    buf = io.BytesIO()
    wb.save(buf)
    net = read_xlsx(buf.getvalue())
    assert net.products == ("1001",) and net.node_by_id["a"].capacity == 10
    bad = Workbook()
    bad.active.title = "other"
    buf = io.BytesIO()
    bad.save(buf)
    assert errors_of(read_xlsx, buf.getvalue())[0][3] == 'the workbook has no sheet named "nodes"'


def test_bad_rows_are_named() -> None:
    nodes = "id,capacity,inventory_weeks,country,demand\na,-5,,NL,\nb,ten,,XX,\na,,-1,,\nc,,,,1\n"
    edges = "node,part,source,quantity\nc,x,a,1\nc,y,,1\nc,z,ghost,1\nnobody,,a,1\nc,x,a,1\nc,w,b,0\n"
    found = errors_of(read_csv, nodes, edges)
    assert ("nodes", 2, "capacity", "must not be negative") in found
    assert ("nodes", 3, "capacity", "'ten' is not a number") in found
    assert ("nodes", 3, "country", "'XX' is not an ISO 3166-1 alpha-2 country code") in found
    assert ("nodes", 4, "id", "duplicate id 'a' (first on row 2)") in found
    assert ("nodes", 4, "inventory_weeks", "must not be negative") in found
    assert ("edges", 3, "source", "part 'y' of node 'c' has no source") in found
    assert ("edges", 4, "source", "unknown node 'ghost'") in found
    assert ("edges", 5, "node", "unknown node 'nobody'") in found
    assert ("edges", 6, "source", "'a' is listed twice for part 'x' of node 'c' (first on row 2)") in found
    assert ("edges", 7, "quantity", "must be greater than 0") in found


def test_message_names_file_row_and_field() -> None:
    with pytest.raises(NetworkError) as caught:
        read_csv("id,capacity\na,-1\n")
    assert str(caught.value.errors[0]) == "nodes row 2, capacity: must not be negative"
    assert "nodes row 2, capacity" in str(caught.value)


def test_unknown_and_missing_columns() -> None:
    found = errors_of(read_csv, "name,capacty\nx,1\n", "node,src\na,b\n")
    assert ("nodes", 1, "capacty", "unknown column") in found
    assert ("nodes", 1, "id", "missing column") in found
    assert ("edges", 1, "source", "missing column") in found


def test_cycles_are_reported_not_looped_on() -> None:
    nodes = "id,demand\na,\nb,\nc,\nd,1\n"
    edges = "node,source\nb,a\nc,b\na,c\nd,c\n"
    found = errors_of(read_csv, nodes, edges)
    assert found == [("edges", 4, "source", "cycle in the supply network: a -> b -> c -> a")]
    # A self-loop, and a cycle reported together with other problems.
    assert errors_of(read_csv, "id\na\n", "node,source\na,a\n") == [
        ("edges", 2, "source", "cycle in the supply network: a -> a")]
    found = errors_of(read_csv, "id,capacity\na,-1\nb,\n", "node,source\na,b\nb,a\n")
    assert ("nodes", 2, "capacity", "must not be negative") in found
    assert any(f == "source" and m.startswith("cycle in the supply network: ") for _, _, f, m in found)


def test_a_large_cycle_is_found_quickly() -> None:
    n = 20_000
    nodes = [Node(f"n{i}") for i in range(n)]
    edges = [Edge(node=f"n{(i + 1) % n}", source=f"n{i}") for i in range(n)]
    with pytest.raises(NetworkError) as caught:
        Network(tuple(nodes), tuple(edges))
    assert caught.value.errors[0].message.count("->") == n


def test_json_errors() -> None:
    assert errors_of(read_json, "{not json")[0][3].startswith("not valid JSON")
    doc = {"format": FORMAT, "nodes": [{"id": "a", "capacity": "lots"}, {"id": "b", "colour": 1}, 5],
           "edges": [{"node": "b", "source": "a", "quantity": True}], "extra": 1}
    found = errors_of(read_json, json.dumps(doc))
    assert ("", None, "extra", "unknown key") in found
    assert ("nodes", 1, "capacity", "'lots' is not a number") in found
    assert ("nodes", 2, "colour", "unknown field") in found
    assert ("nodes", 3, "", "must be an object") in found
    assert ("edges", 1, "quantity", "must be a number") in found
    assert ("", None, "format", f"must be {FORMAT!r}") in errors_of(read_json, {"nodes": []})


def test_model_validation_without_files() -> None:
    with pytest.raises(NetworkError) as caught:
        Network((Node("a", capacity=float("nan")), Node(" b")), (Edge(node="a", source="b"),))
    found = {(e.row, e.field) for e in caught.value.errors}
    assert (1, "capacity") in found and (2, "id") in found and (1, "source") in found
