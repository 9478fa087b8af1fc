"""Route table: Django's admin site. Its gate is the admin's own (`AdminSite.has_permission`: an active staff
member), the same for every page, so the rows of each registered model are made from the registry of the admin
site: the list, the add form, and the history, delete and change pages of the model's first record (the example
world's; a model without records is asked for record 0, which the admin answers with a redirect to its index).
Everyone but the administrator (a superuser, the platform-admin role) is sent to the admin's sign-in page.
Columns: anonymous, no role, other organisation, owner, need-to-know member, programme office, administrator."""

from __future__ import annotations

from django.contrib import admin

from tests.routes.table import Row, get, post

GATED = "L L L L L L"  # the first six personas: not staff
# What the administrator gets where the admin differs from "200 on every page of a model":
EMPTY = {  # no record in the example world: the admin sends its change pages back to its index (302)
    "account.EmailAddress", "agenda.IndicatorSnapshot", "core.AccessLogEntry",
    "django_tasks_database.DBTaskResult", "notifications.MailSettings", "notifications.Preference",
    "protection.DueDiligence", "protection.ProtectionRules",
    "socialaccount.SocialAccount", "socialaccount.SocialApp", "socialaccount.SocialToken"}
NO_ADD = {  # records the platform makes itself (tokens, logs, imports, the registry's own forms): 403
    "accounts.ApiToken", "accounts.AuthEvent", "core.AccessLogEntry", "core.ObjectChange",
    "django_tasks_database.DBTaskResult", "protection.SanctionsList", "registry.Organisation"}
NO_DELETE = {  # the audit trail, the task log and organisations (deleted through the registry's service): 403
    "accounts.AuthEvent", "core.AccessLogEntry", "core.ObjectChange", "django_tasks_database.DBTaskResult",
    "registry.Organisation"}


def _model_rows() -> list[Row]:
    rows = []
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        label = model._meta.label
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
        first = f"{{admin:{label}}}"
        found = 302 if label in EMPTY else 200
        rows += [
            get(f"{base}/", f"{GATED} 200"),
            get(f"{base}/add/", f"{GATED} {403 if label in NO_ADD else 200}"),
            get(f"{base}/{first}/history/", f"{GATED} {found}"),
            get(f"{base}/{first}/delete/", f"{GATED} {403 if label in NO_DELETE else found}"),
            get(f"{base}/{first}/change/", f"{GATED} {found}"),
            get(f"{base}/{first}/", f"{GATED} 302", note="redirects to the change page"),
        ]
    return rows


ROWS = [
    get("/admin/", f"{GATED} 200"),
    get("/admin/login/", "302 403 403 403 403 403 302", note="the site's own sign-in first (second factor)"),
    post("/admin/logout/", "302 302 302 302 302 302 302"),
    get("/admin/password_change/", f"{GATED} 200"),
    get("/admin/password_change/done/", f"{GATED} 200"),
    get("/admin/accounts/user/{admin:accounts.User}/password/", f"{GATED} 200"),
    get("/admin/autocomplete/", f"{GATED} 403", note="without a field to complete"),
    get("/admin/jsi18n/", f"{GATED} 200"),
    get("/admin/r/{admin_view_on_site}/", f"{GATED} 302", note="view on site: the record's own page"),
    get("/admin/registry/", f"{GATED} 200"),
    get("/admin/no-such-page/", f"{GATED} 404"),
    *_model_rows(),
]
