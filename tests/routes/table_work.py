"""Route table: my work, search across the apps, and the office's exercise flag.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post

ROWS = [
    get("/my-work/", "L 200 200 200 200 200 200"),
    get("/search/?q=radar", "200 200 200 200 200 200 200"),
    get("/search/?q=Geheime", "200 200 200 200 200 200 200", side="buyer", secret="Geheime behoefte",
        sees="owner ntk office admin", note="search leaves out another unit's draft need"),
    get("/search/?q=Financiering", "200 200 200 200 200 200 200", secret="Financiering voor een pilotlijn",
        sees="owner ntk office admin", note="search leaves out another company's financing request"),
    post("/exercise/sdir.call/{call}/", "L 403 403 403 403 302 302", side="buyer", data={"is_exercise": "1"}),
]
