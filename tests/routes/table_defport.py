"""Route table: Defport (needs, ideas, financing requests, triage, introductions) and its API.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post
from tests.routes.world import MARKED_NEED

API = "/api/v1/defport"
# A financing request much like the owner's, posted by the rival company: the duplicate check may only name
# submissions the poster can see (the owner's financing request is not among them).
LOOKALIKE = {"kind": "financing", "title": "Financiering pilotlijn Owner Radar", "amount_eur": 2_000_000,
             "description": "Owner Radar zoekt 2 miljoen voor een pilotlijn."}
OWNERS_FINANCING = "Financiering voor een pilotlijn"
OFFICE_NOTE = "Interne notitie van het bureau"
DRAFT_NEED = "Geheime behoefte"
TRIAGE = "gedeelde termen: GaN-radartegel"
ANSWER = "Antwoord van Rival Sensing: vertrouwelijk"
ROWS = [
    get("/defport/", "L 200 200 200 200 200 200", side="buyer", secret=DRAFT_NEED, sees="owner office admin",
        note="the list leaves out another unit's draft"),
    get("/defport/dashboard/", "L 403 403 403 403 200 200"),
    get("/defport/import/", "L 200 200 200 200 200 200"),
    get("/defport/new/need/", "L 403 200 200 200 200 200", side="buyer"),
    get("/defport/new/idea/", "L 200 200 200 200 200 200"),
    get("/defport/{need}/", "L 200 200 200 200 200 200", side="buyer", secret=(OFFICE_NOTE, TRIAGE, ANSWER),
        sees="owner office admin",
        note="the office's notes on introductions, the reasons and the company's answer: the need's owners, "
             "the office"),
    get("/defport/{draft_need}/", "L 404 404 200 404 200 200", side="buyer"),
    get("/defport/{restricted_need}/", "L 404 200 200 200 200 200", side="buyer"),
    get("/defport/{idea}/", "L 404 404 200 404 200 200"),
    get("/defport/{financing}/", "L 404 404 200 404 200 200"),
    get("/defport/{draft_need}/edit/", "L 404 404 200 404 200 403", side="buyer"),
    post("/defport/{need}/transition/", "L 302 302 302 302 302 302", side="buyer", data={"action": ""}),
    post("/defport/{need}/assign/", "L 403 403 403 403 302 302", side="buyer", data={}),
    post("/defport/{need}/introduce/", "L 302 302 302 302 302 302", side="buyer", data={}),
    post("/defport/introductions/{introduction}/respond/", "L 404 404 302 404 404 404", data={}),
    get(API + "/submissions", "401 200 200 200 200 200 200", side="buyer", secret=DRAFT_NEED,
        sees="owner office admin", note="the list leaves out another unit's draft"),
    get(API + "/submissions?kind=financing", "401 200 200 200 200 200 200", secret=OWNERS_FINANCING,
        sees="owner office admin", note="another company's financing request stays out of the list"),
    post(API + "/submissions", "401 422 422 422 422 422 422", data={}),
    post(API + "/submissions", "401 403 201 403 403 409 409", data={**LOOKALIKE, "organisation": "{rival}"},
         secret=OWNERS_FINANCING, sees="owner office admin",
         note="the duplicate check names only what the poster may see: created (201)"),
    post("/defport/new/financing/", "L 403 302 200 200 200 200", data={**LOOKALIKE, "organisation": "{rival_pk}"},
         secret=OWNERS_FINANCING, sees="owner office admin",
         note="the duplicate check names only what the poster may see: saved (302)"),
    get(API + "/submissions/{need}", "401 200 200 200 200 200 200", side="buyer"),
    get(API + "/submissions/{draft_need}", "401 404 404 200 404 200 200", side="buyer"),
    get(API + "/submissions/{idea}", "401 404 404 200 404 200 200"),
    post(API + "/submissions/{need}/transitions", "401 422 422 422 422 422 422", side="buyer", data={}),
    get(API + "/submissions/{need}/matches", "401 403 403 200 403 200 200", side="buyer"),
    post(API + "/submissions/{need}/introductions", "401 422 422 422 422 422 422", side="buyer", data={}),
    post(API + "/introductions/{introduction}/respond", "401 422 422 422 422 422 422", data={}),
    # a need marked Departementaal Vertrouwelijk with the need-to-know group (docs/markings.md): outside the
    # marking it does not exist (404, never 403, and absent from the lists)
    get("/defport/{marked_need}/", "L 404 404 200 200 200 200",
        side="buyer", note="marked need: the group, the unit, the office"),
    get(API + "/submissions/{marked_need}", "401 404 404 200 200 200 200", side="buyer", note="marked need"),
    get("/defport/?q=Markeerproef", "L 200 200 200 200 200 200",
        side="buyer", secret=MARKED_NEED, sees="owner ntk office admin", shown=True,
        note="the list leaves out a marked need for readers outside its marking"),
    get(API + "/submissions?kind=need", "401 200 200 200 200 200 200",
        side="buyer", secret=MARKED_NEED, sees="owner ntk office admin", shown=True,
        note="the API list leaves out a marked need for readers outside its marking"),
]
