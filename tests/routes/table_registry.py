"""Route table: the registry (organisations, members, invitations, capabilities and other children) and its API.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post, row

ORG = "/registry/{org}"
API = "/api/v1/registry"
ROWS = [
    get("/registry/", "200 200 200 200 200 200 200"),
    get("/registry/new/", "L 200 200 200 200 200 200"),
    get("/registry/import/", "L 403 403 403 403 200 200"),
    get("/registry/export.csv", "200 200 200 200 200 200 200"),
    get("/registry/ecosystem/", "200 200 200 200 200 200 200"),
    get("/registry/cpv/?q=radar", "200 200 200 200 200 200 200"),
    get("/registry/invitations/{invitation_token}/", "200 200 200 200 200 200 200"),
    get(ORG + "/", "200 200 200 200 200 200 200"),
    get(ORG + "/edit/", "L 403 403 200 403 200 200"),
    post(ORG + "/delete/", "L 403 403 403 403 200 200"),
    post(ORG + "/members/", "L 403 403 302 403 302 302", data={"username": "nobody"}),
    post(ORG + "/members/{membership}/remove/", "L 403 403 302 403 302 302"),
    post(ORG + "/members/{membership}/approve/", "L 403 403 302 403 302 302"),
    post(ORG + "/members/{membership}/admin/", "L 403 403 302 403 302 302", data={"is_admin": "1"}),
    post(ORG + "/members/{invited_membership}/accept/", "L 404 404 404 404 404 404"),
    post(ORG + "/members/request/", "L 302 302 302 302 302 302"),
    post(ORG + "/invitations/", "L 403 403 302 403 302 302", data={"email": ""}),
    post(ORG + "/invitations/{invitation}/withdraw/", "L 403 403 302 403 302 302"),
    post(ORG + "/verify/", "L 302 302 302 302 302 302", data={"evidence": ""}),
    post(ORG + "/unverify/", "L 403 403 403 403 302 302", data={"reason": ""}),
    get(ORG + "/capability/add/", "L 403 403 200 403 200 200"),
    get(ORG + "/capability/{capability}/edit/", "L 403 403 200 403 200 200"),
    post(ORG + "/capability/{capability}/delete/", "L 403 403 302 403 302 302"),
    get(API + "/organisations", "200 200 200 200 200 200 200"),
    post(API + "/organisations", "401 422 422 422 422 422 422", data={}),
    get(API + "/organisations/{org}", "200 200 200 200 200 200 200"),
    row("PATCH", API + "/organisations/{org}", "401 403 403 200 403 200 200",
        data={"description": "Changed by the route table."}),
    row("DELETE", API + "/organisations/{org}", "401 403 403 403 403 409 409"),
    get(API + "/organisations/{org}/history", "403 403 403 200 403 200 200"),
    post(API + "/organisations/{org}/capabilities", "401 422 422 422 422 422 422", data={}),
    row("DELETE", API + "/organisations/{org}/capabilities/{capability}", "401 403 403 204 403 204 204"),
    get(API + "/areas", "200 200 200 200 200 200 200"),
    get(API + "/regions", "200 200 200 200 200 200 200"),
    get(API + "/cpv?q=radar", "200 200 200 200 200 200 200"),
    post(API + "/organisations/{org}/verification", "401 422 422 422 422 422 422", data={}),
    row("DELETE", API + "/organisations/{org}/verification", "401 403 403 403 403 200 200"),
]
