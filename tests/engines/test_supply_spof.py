"""Single points of failure on hand-worked AND/OR networks, against a brute force, and against networkx's
dominators where the network has only alternatives."""

from __future__ import annotations

import random

import networkx as nx

from straiik.engines.supply import Edge, Network, Node, single_points_of_failure, stopped_products


def net(nodes: dict[str, float], edges: list[tuple[str, str, str]]) -> Network:
    """nodes: id -> demand; edges: (node, part, source)."""
    return Network(tuple(Node(i, demand=d) for i, d in nodes.items()),
                   tuple(Edge(node=n, part=p, source=s) for n, p, s in edges))


def test_and_or_by_hand() -> None:
    # The shell needs a body AND a fuze; the fuze comes from F1 OR F2; both fuze makers need the same
    # chip C; the body needs steel S. So S, B, C are single points of failure; F1 and F2 are not.
    n = net({"S": 0, "B": 0, "C": 0, "F1": 0, "F2": 0, "shell": 10},
            [("B", "steel", "S"), ("F1", "chip", "C"), ("F2", "chip", "C"),
             ("shell", "body", "B"), ("shell", "fuze", "F1"), ("shell", "fuze", "F2")])
    r = single_points_of_failure(n)
    assert set(r.spofs("shell")) == {"S", "B", "C"}
    assert r.products_stopped_by("C") == ("shell",) and r.products_stopped_by("F1") == ()
    assert r.count("B") == 1 and r.count("shell") == 0
    assert set(r.critical_nodes) == {"S", "B", "C"}


def test_alternatives_with_different_suppliers_are_no_spof() -> None:
    n = net({"C1": 0, "C2": 0, "F1": 0, "F2": 0, "P": 1},
            [("F1", "chip", "C1"), ("F2", "chip", "C2"), ("P", "fuze", "F1"), ("P", "fuze", "F2")])
    assert single_points_of_failure(n).spofs("P") == ()


def test_shared_sub_supplier_through_and_nodes() -> None:
    # A1 and A2 are alternatives; each needs X AND its own Y: X is critical, the Ys are not.
    n = net({"X": 0, "Y1": 0, "Y2": 0, "A1": 0, "A2": 0, "P": 1, "Q": 1},
            [("A1", "x", "X"), ("A1", "y", "Y1"), ("A2", "x", "X"), ("A2", "y", "Y2"),
             ("P", "a", "A1"), ("P", "a", "A2"), ("Q", "y", "Y1")])
    r = single_points_of_failure(n)
    assert r.spofs("P") == ("X",)
    assert r.spofs("Q") == ("Y1",)
    assert r.products_stopped_by("Y1") == ("Q",)
    assert r.ranking() == [("X", 1), ("Y1", 1)]


def test_one_alternative_depends_on_the_other() -> None:
    # P takes A or B, but B is made from A: A is critical.
    n = net({"A": 0, "B": 0, "P": 1}, [("B", "a", "A"), ("P", "x", "A"), ("P", "x", "B")])
    assert single_points_of_failure(n).spofs("P") == ("A",)


def test_multiple_products_and_progress() -> None:
    n = net({"R": 0, "M": 0, "P1": 1, "P2": 2}, [("M", "r", "R"), ("P1", "m", "M"), ("P2", "m", "M")])
    seen = []
    r = single_points_of_failure(n, progress=lambda done, total: seen.append((done, total)))
    assert set(r.products_stopped_by("R")) == {"P1", "P2"}
    assert r.by_product() == {"P1": ("R", "M"), "P2": ("R", "M")}
    assert seen[-1] == (4, 4)


def test_stopped_products_for_a_set_of_nodes() -> None:
    n = net({"F1": 0, "F2": 0, "P": 1}, [("P", "fuze", "F1"), ("P", "fuze", "F2")])
    assert stopped_products(n, ["F1"]) == ()
    assert stopped_products(n, ["F1", "F2"]) == ("P",)


def random_network(rng: random.Random, n: int, alt: float = 0.5) -> Network:
    nodes = [Node(f"n{i}", demand=1.0 if rng.random() < 0.3 else 0.0) for i in range(n)]
    edges = []
    for i in range(1, n):
        for part in range(rng.randint(0, 3)):
            k = rng.randint(2, 3) if rng.random() < alt else 1
            for s in rng.sample(range(i), min(k, i)):
                edges.append(Edge(node=f"n{i}", source=f"n{s}", part=f"p{part}"))
    rng.shuffle(nodes)  # the input order must not matter
    return Network(tuple(nodes), tuple(edges))


def test_against_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(400):
        n = random_network(rng, rng.randint(2, 16))
        r = single_points_of_failure(n)
        for node in n.nodes:
            brute = set(stopped_products(n, [node.id])) - {node.id}
            assert set(r.products_stopped_by(node.id)) == brute
        for p in n.products:
            assert set(r.spofs(p)) == {x.id for x in n.nodes if x.id != p and p in stopped_products(n, [x.id])}


def test_only_alternatives_is_dominators() -> None:
    """With one part per node (OR only), the SPOFs of a product are its dominators in the graph that starts
    from a virtual root feeding every raw node (networkx.immediate_dominators)."""
    rng = random.Random(3)
    for _ in range(100):
        size = rng.randint(3, 40)
        nodes = [Node(f"n{i}", demand=1.0 if i >= size - 3 else 0.0) for i in range(size)]
        edges = []
        for i in range(1, size):
            if rng.random() < 0.8:
                for s in rng.sample(range(i), min(rng.randint(1, 3), i)):
                    edges.append(Edge(node=f"n{i}", source=f"n{s}", part="only"))
        n = Network(tuple(nodes), tuple(edges))
        g = nx.DiGraph()
        g.add_nodes_from(x.id for x in n.nodes)
        g.add_edges_from((e.source, e.node) for e in n.edges)
        for x in n.nodes:
            if not n.inputs_of(x.id):
                g.add_edge("ROOT", x.id)
        idom = nx.immediate_dominators(g, "ROOT")
        r = single_points_of_failure(n)
        for p in n.products:
            doms, v = set(), p
            while idom[v] != "ROOT":
                v = idom[v]
                doms.add(v)
            assert set(r.spofs(p)) == doms
