"""Route table: accounts (sign-in, profile, tokens, the authentication log), django-allauth's pages (sign-up,
e-mail, password, second factor, single sign-on).
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from tests.routes.table import get, post

# allauth's own OpenID Connect addresses: the same addresses resolve first to accounts.sso (which always checks the
# ID token's signature), so these patterns are never reached. The walk checks that they stay shadowed.
SHADOWED = {
    "accounts/oidc/(?P<provider_id>[^/]+)/login/": "/accounts/oidc/unknown/login/",
    "accounts/oidc/(?P<provider_id>[^/]+)/login/callback/": "/accounts/oidc/unknown/login/callback/",
}

ROWS = [
    get("/accounts/login/", "200 302 302 302 302 302 302"),
    post("/accounts/logout/", "302 302 302 302 302 302 302"),
    get("/accounts/password/", "302 302 302 302 302 302 302"),
    get("/accounts/oidc/unknown/login/", "404 404 404 404 404 404 404", note="no such provider"),
    get("/accounts/oidc/unknown/login/callback/", "404 404 404 404 404 404 404", note="no such provider"),
    post("/accounts/logout-everywhere/", "L   L   L   L   L   L   L"),
    get("/accounts/profile/", "L 200 200 200 200 200 200"),
    get("/accounts/log/", "L 403 403 403 403 403 200"),
    post("/accounts/log/unlock/", "L 403 403 403 403 403 302", data={"username": "nobody"}),
    post("/accounts/tokens/", "L 400 400 400 400 400 400", data={}),
    post("/accounts/tokens/{token}/revoke/", "L 404 404 302 404 404 404"),
    get("/accounts/inactive/", "200 200 200 200 200 200 200"),
    get("/accounts/signup/", "200 302 302 302 302 302 302"),
    get("/accounts/reauthenticate/", "L 200 200 200 200 200 200"),
    get("/accounts/reauthenticate/code/", "L 302 302 302 302 302 302"),
    get("/accounts/reauthenticate/code/confirm/", "L 302 302 302 302 302 302"),
    get("/accounts/email/", "L 200 200 200 200 200 200"),
    get("/accounts/confirm-email/", "200 200 200 200 200 200 200"),
    get("/accounts/password/change/", "L 200 200 200 200 200 200"),
    get("/accounts/password/set/", "L 302 302 302 302 302 302"),
    get("/accounts/password/reset/", "200 200 200 200 200 200 200"),
    get("/accounts/login/code/confirm/", "L 302 302 302 302 302 302"),
    get("/accounts/confirm-email/not-a-key/", "200 200 200 200 200 200 200"),
    get("/accounts/password/reset/key/done/", "200 200 200 200 200 200 200"),
    get("/accounts/password/reset/key/1-not-a-key/", "200 200 200 200 200 200 200"),
    get("/accounts/password/reset/done/", "200 200 200 200 200 200 200"),
    get("/accounts/2fa/", "L 200 200 200 200 200 200"),
    get("/accounts/2fa/authenticate/", "L 302 302 302 302 302 302"),
    get("/accounts/2fa/reauthenticate/", "L 302 302 302 302 200 200"),
    get("/accounts/2fa/totp/activate/", "L 302 302 302 302 302 302"),
    get("/accounts/2fa/totp/deactivate/", "L 404 404 404 404 302 302"),
    get("/accounts/2fa/recovery-codes/", "L 404 404 404 404 404 404"),
    get("/accounts/2fa/recovery-codes/generate/", "L 302 302 302 302 302 302"),
    get("/accounts/2fa/recovery-codes/download/", "L 404 404 404 404 404 404"),
    get("/accounts/2fa/webauthn/", "L 200 200 200 200 200 200"),
    get("/accounts/2fa/webauthn/add/", "L 302 302 302 302 302 302"),
    get("/accounts/2fa/webauthn/reauthenticate/", "L 302 302 302 302 302 302"),
    get("/accounts/2fa/webauthn/keys/{webauthn_key}/remove/", "L 302 302 302 302 302 302"),
    get("/accounts/2fa/webauthn/keys/{webauthn_key}/edit/", "L 302 302 302 302 302 302"),
    get("/accounts/2fa/webauthn/login/", "L 302 302 302 302 302 302"),
    get("/accounts/3rdparty/login/cancelled/", "200 200 200 200 200 200 200"),
    get("/accounts/3rdparty/login/error/", "401 401 401 401 401 401 401"),
    get("/accounts/3rdparty/signup/", "L   L   L   L   L   L   L"),
    get("/accounts/3rdparty/", "L 200 200 200 200 200 200"),
    get("/accounts/social/login/cancelled/", "301 301 301 301 301 301 301"),
    get("/accounts/social/login/error/", "301 301 301 301 301 301 301"),
    get("/accounts/social/signup/", "301 301 301 301 301 301 301"),
    get("/accounts/social/connections/", "301 301 301 301 301 301 301"),
]
