"""Route table: my work, search across the apps, and the office's exercise flag.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post
from tests.routes.world import MARKED_CALL, MARKED_NEED

ROWS = [
    get("/my-work/", "L 200 200 200 200 200 200"),
    get("/search/?q=radar", "200 200 200 200 200 200 200"),
    get("/search/?q=Geheime", "200 200 200 200 200 200 200", side="buyer", secret="Geheime behoefte",
        sees="owner office admin", note="search leaves out another unit's draft need"),
    get("/search/?q=Financiering", "200 200 200 200 200 200 200", secret="Financiering voor een pilotlijn",
        sees="owner office admin", note="search leaves out another company's financing request"),
    post("/exercise/sdir.call/{call}/", "L 403 403 403 403 302 302", side="buyer", data={"is_exercise": "1"}),
    get("/search/?q=Markeerproef", "200 200 200 200 200 200 200",
        side="buyer", secret=(MARKED_NEED, MARKED_CALL), sees="owner ntk office admin", shown=True,
        note="search leaves out marked records for readers outside their marking"),
]
