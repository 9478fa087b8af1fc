"""Route table: bundling (rounds, demand, offers, optimiser runs, joint procurements) and its API.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post, row
from tests.routes.world import MARKED_ROUND

R = "/bundling/{round}"
API = "/api/v1/bundling"
ROWS = [
    get("/bundling/", "L 200 200 200 200 200 200"),
    get("/bundling/new/", "L 403 403 403 403 200 200"),
    get(R + "/", "L 200 200 200 200 200 200"),
    get(R + "/rules/", "L 403 403 403 403 200 200"),
    post(R + "/status/", "L 302 302 302 302 302 302", data={},
         note="a refusal comes back as a message on the round's page (302), like an invalid status"),
    get(R + "/demand/new/", "L 403 200 200 200 200 200", side="buyer"),
    get(R + "/demand/{demand}/", "L 404 403 403 403 403 403", side="buyer"),
    post(R + "/demand/{demand}/delete/", "L 404 403 403 403 403 403", side="buyer"),
    get(R + "/offers/new/", "L 403 200 200 200 200 200"),
    get(R + "/offers/{offer}/", "L 404 404 200 404 200 200"),
    post(R + "/offers/{offer}/delete/", "L 404 404 302 404 302 302"),
    get(R + "/import/", "L 403 200 200 200 200 200"),
    post(R + "/runs/", "L 403 403 403 403 400 400", data={"time_limit": "0"}),
    get("/bundling/runs/{run}/", "L 403 403 403 403 200 200"),
    get("/bundling/runs/{run}/progress/", "L 403 403 403 403 200 200"),
    get("/bundling/runs/{run}/export/xlsx/", "L 403 403 403 403 200 200"),
    post("/bundling/runs/{run}/accept/", "L 403 403 403 403 302 302", data={}),
    get("/bundling/procurements/", "L 403 403 403 403 200 200"),
    get("/bundling/procurements/{procurement}/", "L 403 403 403 403 200 200"),
    post("/bundling/procurements/{procurement}/status/", "L 403 403 403 403 302 302", data={}),
    get(API + "/rounds", "401 200 200 200 200 200 200"),
    post(API + "/rounds", "401 422 422 422 422 422 422", data={}),
    get(API + "/rounds/{round}", "401 200 200 200 200 200 200"),
    get(API + "/rounds/{round}/problem", "401 403 403 403 403 200 200"),
    get(API + "/rounds/{round}/demands", "401 200 200 200 200 200 200", side="buyer"),
    post(API + "/rounds/{round}/demands", "401 422 422 422 422 422 422", side="buyer", data={}),
    row("PATCH", API + "/demands/{demand}", "401 404 403 403 403 403 403", side="buyer", data={}),
    row("DELETE", API + "/demands/{demand}", "401 404 403 403 403 403 403", side="buyer"),
    get(API + "/rounds/{round}/offers", "401 200 200 200 200 200 200"),
    post(API + "/rounds/{round}/offers", "401 422 422 422 422 422 422", data={}),
    row("DELETE", API + "/offers/{offer}", "401 404 404 422 404 422 422"),
    post(API + "/rounds/{round}/runs", "401 422 422 422 422 422 422", data={"time_limit": 0}),
    get(API + "/runs/{run}", "401 403 403 403 403 200 200"),
    get(API + "/runs/{run}/solution", "401 403 403 403 403 200 200"),
    post(API + "/runs/{run}/accept", "401 422 422 422 422 422 422", data={}),
    get(API + "/procurements", "401 403 403 403 403 200 200"),
    # a round marked Departementaal Vertrouwelijk with the need-to-know group (its only party is the office that
    # made it: the buyer-side owner and the need-to-know member read it as members of the group)
    get("/bundling/{marked_round}/", "L 404 404 200 200 200 200",
        side="buyer", note="marked round: the group and the office"),
    get(API + "/rounds/{marked_round}", "401 404 404 200 200 200 200", side="buyer", note="marked round"),
    get("/bundling/?q=Markeerproef", "L 200 200 200 200 200 200",
        side="buyer", secret=MARKED_ROUND, sees="owner ntk office admin", shown=True,
        note="the list of rounds leaves out a marked round for readers outside its marking"),
    get(API + "/rounds?q=Markeerproef", "401 200 200 200 200 200 200",
        side="buyer", secret=MARKED_ROUND, sees="owner ntk office admin", shown=True,
        note="the API list of rounds leaves out a marked round for readers outside its marking"),
]
