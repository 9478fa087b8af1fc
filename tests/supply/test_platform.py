"""Supply networks on the platform: import with errors naming rows, permissions, analyses as background tasks,
node edits, the pages."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from straiik.supply import services
from straiik.supply.models import SupplyAnalysis, SupplyNetwork, SupplyNode
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# A shell needs a body AND a fuze; the body comes from steel A OR steel B; the fuze has one source.
NODES = """id,name,country,capacity,inventory_weeks,recovery_weeks,demand
shell,155 mm shell,NL,100,1,4,80
body,Shell body,DE,120,0,8,
fuze,Fuze,CH,100,2,12,
steel-a,Steel A,SE,200,0,6,
steel-b,Steel B,PL,200,0,6,
"""
EDGES = """node,part,source,quantity
shell,body,body,1
shell,fuze,fuze,1
body,steel,steel-a,1
body,steel,steel-b,1
"""


def upload(text: str, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


@pytest.fixture
def network(office: Any) -> SupplyNetwork:
    return services.network_create(user=office, name="Shells", parsed=services.read_upload(
        nodes=NODES.encode(), edges=EDGES.encode()))


def overview(network: SupplyNetwork, user: Any) -> SupplyAnalysis:
    return services.analysis_execute(services.analysis_request(user=user, network=network, kind="overview",
                                                               enqueue=False).pk)


def test_import_and_analyse_a_small_network(network: SupplyNetwork, office: Any) -> None:
    assert network.nodes.count() == 5 and network.edges.count() == 4
    analysis = overview(network, office)
    assert analysis.status == "done", analysis.error
    result = analysis.result
    # body and fuze are single points of failure; either steel alone is not (the other is an alternative)
    assert set(result["spof"]["by_product"]["shell"]) == {"body", "fuze"}
    assert dict(result["spof"]["ranking"]) == {"body": 1, "fuze": 1}
    assert result["dependence"]["overall"]["shares"]
    risks = {r["node"]: r for r in result["resilience"]["nodes"]}
    assert risks["fuze"]["at_risk"] and risks["steel-a"]["at_risk"] is False


@pytest.mark.parametrize(("nodes", "edges", "words"), [
    (NODES.replace("fuze,Fuze,CH,100", "fuze,Fuze,CH,-5"), EDGES, "row 4"),
    (NODES, EDGES + "shell,casing,missing-node,1\n", "missing-node"),
    (NODES, EDGES + "steel-a,ore,shell,1\n", "cycle"),
])
def test_bad_networks_are_refused_naming_the_row(office: Any, nodes: str, edges: str, words: str) -> None:
    with pytest.raises(ValidationError) as error:
        services.read_upload(nodes=nodes.encode(), edges=edges.encode())
    assert words in " ".join(error.value.messages)
    assert not SupplyNetwork.objects.exists()


def test_only_staff_and_defence_buyers_see_and_import(network: SupplyNetwork, buyer: Any, member: Any) -> None:
    parsed = services.read_upload(nodes=NODES.encode(), edges=EDGES.encode())
    with pytest.raises(PermissionDenied):
        services.network_create(user=member, name="x", parsed=parsed)
    assert client_for(member).get(network.get_absolute_url()).status_code == 404
    assert client_for(None).get("/supply/").status_code == 302
    assert client_for(buyer).get(network.get_absolute_url()).status_code == 200
    # a defence buyer may analyse but not change or delete someone else's network
    node = network.nodes.get(key="fuze")
    with pytest.raises(PermissionDenied):
        services.node_update(user=buyer, node=node, data={"capacity": 5})
    assert client_for(buyer).post(f"/supply/{network.pk}/delete/").status_code == 403
    assert services.analysis_request(user=buyer, network=network, kind="overview", enqueue=False)


def test_node_edits_are_checked_audited_and_mark_analyses_outdated(network: SupplyNetwork, office: Any) -> None:
    analysis = overview(network, office)
    node = network.nodes.get(key="fuze")
    services.node_update(user=office, node=node, data={"capacity": 150.0, "recovery_weeks": 2.0})
    node.refresh_from_db()
    assert node.capacity == 150
    analysis.refresh_from_db()
    assert analysis.outdated
    with pytest.raises(ValidationError):
        services.node_update(user=office, node=node, data={"capacity": -1.0})
    with pytest.raises(ValidationError):
        services.node_update(user=office, node=node, data={"country": "XX"})
    from straiik.core.models import ObjectChange

    assert ObjectChange.objects.filter(changed_object_id=node.pk, action="update").count() == 1


def test_scenario_and_surge(network: SupplyNetwork, office: Any) -> None:
    scenario = services.analysis_execute(services.analysis_request(
        user=office, network=network, kind="scenario",
        params={"target_kind": "country", "target": "ch", "weeks": 4, "horizon": 10}, enqueue=False).pk)
    assert scenario.status == "done", scenario.error
    shell = scenario.result["products"][0]
    # the fuze stock (2 weeks) and the shell stock (1 week) carry it; demand is lost after that
    assert shell["first_short_week"] is not None and shell["lost_total"] > 0
    surge = services.analysis_execute(services.analysis_request(
        user=office, network=network, kind="surge", params={"product": "shell", "factor": 2}, enqueue=False).pk)
    assert surge.status == "done" and surge.result["feasible"]
    added = {a["node"]: a["added"] for a in surge.result["additions"]}
    assert added["shell"] == pytest.approx(60) and added["fuze"] == pytest.approx(60)
    for params, field in (({"target_kind": "site", "target": "nowhere"}, "target"),
                          ({"target_kind": "moon", "target": "x"}, "target_kind"),
                          ({"target_kind": "country", "target": "NL", "horizon": 0}, "horizon")):
        with pytest.raises(ValidationError) as error:
            services.analysis_request(user=office, network=network, kind="scenario", params=params, enqueue=False)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError):
        services.analysis_request(user=office, network=network, kind="surge", params={"product": "fuze"},
                                  enqueue=False)


def test_analysis_runs_in_the_worker(network: SupplyNetwork, office: Any,
                                     django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/supply/{network.pk}/analyses/overview/")
    analysis = SupplyAnalysis.objects.get()
    assert response["Location"] == analysis.get_absolute_url() and analysis.task_id
    assert b"Waiting for the background worker" in client.get(analysis.get_absolute_url()).content
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)
    analysis.refresh_from_db()
    assert analysis.status == "done"
    polled = client.get(analysis.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert polled["HX-Refresh"] == "true"
    page = client.get(network.get_absolute_url()).content.decode()
    classes = re.findall(r'class="node ([^"]*)"', page)
    assert sum("product" in c for c in classes) == 1 and sum("spof" in c for c in classes) == 2
    panel = client.get(f"/supply/{network.pk}/nodes/fuze/").content.decode()
    assert "Single point of failure" in panel and "shell" in panel


def test_import_page_and_willems(office: Any) -> None:
    client = client_for(office)
    bad = client.post("/supply/", {"import-name": "x", "import-nodes": upload(NODES.replace("CH", "ZZ"), "n.csv")})
    assert b"country" in bad.content and b"row 4" in bad.content
    good = client.post("/supply/", {"import-name": "", "import-document": upload(json.dumps({
        "format": "straiik.supply/1", "name": "From JSON", "nodes": [{"id": "a", "demand": 1}, {"id": "b"}],
        "edges": [{"node": "a", "source": "b"}]}), "n.json")})
    assert good.status_code == 302
    assert SupplyNetwork.objects.get().name == "From JSON"
    response = client.post("/supply/willems/", {"willems-chain": "17"})
    network = SupplyNetwork.objects.get(name="Willems 2008 chain 17")
    assert response["Location"] == network.get_absolute_url() and network.nodes.count() > 100
    assert client.get(network.get_absolute_url()).status_code == 200
    assert client.get(f"/supply/{network.pk}/export/").json()["format"] == "straiik.supply/1"
    assert SupplyNode.objects.filter(network=network).exclude(country="").exists()


def test_all_38_willems_chains_import(office: Any) -> None:
    """All 38 import as they are; the engine's own tests analyse every one of them (tests/engines), here a
    few go through the platform's analysis task too (all 38 take half a minute: see docs/supply-chain.md)."""
    from straiik.engines import supply as engine

    chains = engine.willems_chains()
    assert len(chains) == 38
    networks = {chain: services.network_from_willems(user=office, chain=chain) for chain in chains}
    assert SupplyNetwork.objects.count() == 38
    for chain in (1, 8, 17):
        analysis = services.analysis_execute(services.analysis_request(
            user=office, network=networks[chain], kind="overview", enqueue=False).pk)
        assert analysis.status == "done", (chain, analysis.error)
        assert analysis.result["nodes"] == networks[chain].nodes.count()


def test_api(office: Any, member: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = client_for(office)
    document = {"format": "straiik.supply/1", "name": "API net", "nodes": [
        {"id": "p", "demand": 10, "capacity": 20, "country": "NL"}, {"id": "s", "capacity": 5, "country": "CN"}],
        "edges": [{"node": "p", "source": "s"}]}
    created = client.post("/api/v1/supply/networks", {"network": document}, content_type="application/json")
    assert created.status_code == 201, created.content
    network_id = created.json()["id"]
    bad = client.post("/api/v1/supply/networks", {"network": {**document, "nodes": [{"id": "p", "capacity": -1}]}},
                      content_type="application/json")
    assert bad.status_code in (400, 422) and "capacity" in json.dumps(bad.json())
    assert client_for(member).get(f"/api/v1/supply/networks/{network_id}").status_code == 404
    assert client.get(f"/api/v1/supply/networks/{network_id}").json()["nodes"][0]["id"] == "p"
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(f"/api/v1/supply/networks/{network_id}/analyses", {"kind": "overview"},
                             content_type="application/json")
    assert queued.status_code == 202
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--interval", "0", verbosity=0)
    result = client.get(f"/api/v1/supply/analyses/{queued.json()['id']}").json()
    assert result["status"] == "done" and result["result"]["spof"]["by_product"]["p"] == ["s"]
