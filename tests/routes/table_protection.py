"""Route table: protection (sanctions screening, disclosures, protection rules, due diligence, export-control tags)
and its API.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post

API = "/api/v1/protection"
ROWS = [
    get("/protection/", "L 404 200 200 200 200 200"),
    get("/protection/queue/", "L 404 404 404 404 200 200"),
    get("/protection/hits/{hit}/", "L 404 404 200 404 200 200"),
    get("/protection/lists/", "L 404 404 404 404 200 200"),
    get("/protection/organisations/{org}/", "L 404 404 200 404 200 200"),
    get("/protection/organisations/{org}/disclose/", "L 404 404 200 404 200 200"),
    post("/protection/disclosures/{disclosure}/review/", "L 404 404 404 404 302 302", data={}),
    get("/protection/rules/sdir.call/{call}/", "L 404 404 404 404 200 200", side="buyer"),
    get("/protection/due-diligence/sdir.call/{call}/{org}/", "L 404 404 404 404 200 200"),
    get("/protection/tags/registry.capability/{capability}/", "L 404 404 200 404 200 200"),
    get(API + "/hits", "401 200 200 200 200 200 200", secret="ACME DEFENCE SYSTEMS LIMITED",
        sees="owner office admin", note="a screening hit is for the office and the organisation's administrators"),
    get(API + "/hits/{hit}", "401 404 404 200 404 200 200"),
    post(API + "/hits/{hit}/decision", "401 422 422 422 422 422 422", data={}),
    get(API + "/lists", "401 403 403 403 403 200 200"),
    post(API + "/lists", "401 422 422 422 422 422 422", data={}),
    get(API + "/organisations/{org}", "401 404 404 200 404 200 200"),
    post(API + "/organisations/{org}/disclosures", "401 404 404 201 404 201 201", data={}),
    post(API + "/disclosures/{disclosure}/review", "401 422 422 422 422 422 422", data={}),
    post(API + "/due-diligence", "401 422 422 422 422 422 422", data={}),
    get(API + "/dashboard", "401 403 403 403 403 200 200"),
]
