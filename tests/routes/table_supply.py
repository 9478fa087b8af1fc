"""Route table: supply networks, their nodes and analyses, and the API.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post
from tests.routes.world import MARKED_NETWORK

N = "/supply/{network}"
API = "/api/v1/supply"
ROWS = [
    get("/supply/", "L 200 200 200 200 200 200", side="buyer"),
    post("/supply/willems/", "L 302 302 302 302 302 302", side="buyer", data={"chain": "1"}),
    get(N + "/", "L 404 200 200 200 200 200", side="buyer"),
    get(N + "/export/", "L 404 200 200 200 200 200", side="buyer"),
    post(N + "/delete/", "L 404 403 200 403 200 200", side="buyer"),
    get(N + "/nodes/{node}/", "L 404 200 200 200 200 200", side="buyer"),
    get(N + "/nodes/{node}/edit/", "L 404 403 200 403 200 200", side="buyer"),
    post(N + "/analyses/unknown/", "L 404 302 302 302 302 302", side="buyer", data={}),
    get("/supply/analyses/{analysis}/", "L 404 200 200 200 200 200", side="buyer"),
    get(API + "/networks", "401 200 200 200 200 200 200", side="buyer"),
    post(API + "/networks", "401 422 422 422 422 422 422", side="buyer", data={}),
    get(API + "/networks/{network}", "401 404 200 200 200 200 200", side="buyer"),
    post(API + "/networks/{network}/analyses", "401 422 422 422 422 422 422", side="buyer", data={}),
    get(API + "/analyses/{analysis}", "401 404 200 200 200 200 200", side="buyer"),
    # a network marked Departementaal Vertrouwelijk with the need-to-know group (docs/markings.md)
    get("/supply/{marked_network}/", "L 404 404 200 200 200 200",
        side="buyer", note="marked network: its maker, the group, the office"),
    get(API + "/networks/{marked_network}", "401 404 404 200 200 200 200", side="buyer", note="marked network"),
    get("/supply/?q=Markeerproef", "L 200 200 200 200 200 200",
        side="buyer", secret=MARKED_NETWORK, sees="owner ntk office admin", shown=True,
        note="the list of networks leaves out a marked network for readers outside its marking"),
    get(API + "/networks?q=Markeerproef", "401 200 200 200 200 200 200",
        side="buyer", secret=MARKED_NETWORK, sees="owner ntk office admin", shown=True,
        note="the API list of networks leaves out a marked network for readers outside its marking"),
]
