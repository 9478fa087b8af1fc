"""Create the provider's users and client applications from a JSON spec (argv[1]):
{"users": [{"username", "password", "email"}], "clients": [{"name", "client_id", "client_secret", "redirect_uri"}]}"""

import json
import sys

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

spec = json.load(open(sys.argv[1], encoding="utf-8"))  # noqa: SIM115
for u in spec["users"]:
    User.objects.create_user(username=u["username"], password=u["password"], email=u.get("email", ""))
for c in spec["clients"]:
    Application.objects.create(
        name=c["name"], client_id=c["client_id"], client_secret=c["client_secret"], redirect_uris=c["redirect_uri"],
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        algorithm=Application.RS256_ALGORITHM, skip_authorization=True,
    )
