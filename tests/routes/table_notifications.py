"""Route table: notifications (the bell, preferences) and their API.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post, row

API = "/api/v1/notifications"
ROWS = [
    get("/notifications/", "L 200 200 200 200 200 200"),
    post("/notifications/read-all/", "L 302 302 302 302 302 302"),
    get("/notifications/preferences/", "L 200 200 200 200 200 200"),
    post("/notifications/{notification}/open/", "L 404 404 302 404 404 404"),
    get(API + "/", "401 200 200 200 200 200 200"),
    get(API + "/unread", "401 200 200 200 200 200 200"),
    post(API + "/{notification}/read", "401 404 404 200 404 404 404"),
    post(API + "/read-all", "401 200 200 200 200 200 200"),
    get(API + "/preferences", "401 200 200 200 200 200 200"),
    row("PUT", API + "/preferences", "401 200 200 200 200 200 200", data={}),
]
