"""Route table: core (home, health, metrics, the markings' pages: need-to-know groups, clearances, access log,
downgrade), the language switch, the JavaScript catalogue and the API's own pages.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post

ROWS = [
    get("/", "200 200 200 200 200 200 200"),
    get("/healthz", "200 200 200 200 200 200 200"),
    get("/readyz", "503 503 503 503 503 503 503"),
    get("/metrics", "200 200 200 200 200 200 200"),
    post("/i18n/setlang/", "302 302 302 302 302 302 302", data={"language": "nl", "next": "/"}),
    get("/markings/groups/", "L 200 200 200 200 200 200"),
    get("/markings/groups/{ntk_group}/", "L 404 404 200 200 200 200"),
    post("/markings/groups/{ntk_group}/delete/", "L 404 404 302 404 302 302"),
    get("/markings/clearances/", "L 403 403 403 403 200 200"),
    get("/markings/defport.submission/{idea}/access/", "L 404 404 200 404 200 200"),
    get("/markings/defport.submission/{idea}/downgrade/", "L 404 404 404 404 200 200"),
    get("/jsi18n/", "200 200 200 200 200 200 200"),
    get("/api/v1/", "404 404 404 404 404 404 404"),
    get("/api/v1/openapi.json", "200 200 200 200 200 200 200"),
    get("/api/v1/docs", "200 200 200 200 200 200 200"),
]
