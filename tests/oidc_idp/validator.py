"""The provider's claims: standard ones from the user, extra ones (groups, organisation, amr) from IDP_CLAIMS.

Two client applications misbehave on purpose, as a misconfigured or compromised provider would:
"wrong-audience" issues ID tokens for another relying party, and "tampered" alters a signed ID token."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


def _extra(username: str) -> dict[str, Any]:
    path = os.environ.get("IDP_CLAIMS")
    if not path:
        return {}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle).get(username, {})


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below, whatever the scope

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        claims = {"email": user.email, "email_verified": True, "preferred_username": user.username,
                  "name": user.get_full_name() or user.username, **_extra(user.username)}
        if request.client.name == "wrong-audience":
            claims["aud"] = "another-relying-party"
        return claims

    def finalize_id_token(self, id_token: Any, token: Any, token_handler: Any, request: Any) -> str:
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if request.client.name != "tampered":
            return signed
        header, payload, signature = signed.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["preferred_username"] = "someone-else"
        forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        return f"{header}.{forged}.{signature}"
