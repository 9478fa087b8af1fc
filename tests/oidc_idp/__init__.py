"""A real OpenID Connect provider for the single sign-on tests: a second, small Django project with
django-oauth-toolkit, run by the test in its own process on loopback (tests/oidc_idp/server.py)."""
