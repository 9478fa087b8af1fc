from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from straiik.config.api import api

urlpatterns = [
    path("", include("straiik.core.urls")),
    path("accounts/", include("straiik.accounts.urls")),
    path("accounts/", include("allauth.urls")),  # sign-up, confirmation, reset, second factor, single sign-on
    path("registry/", include("straiik.registry.urls")),
    path("bundling/", include("straiik.bundling.urls")),
    path("supply/", include("straiik.supply.urls")),
    path("defport/", include("straiik.defport.urls")),
    path("sdir/", include("straiik.sdir.urls")),
    path("agenda/", include("straiik.agenda.urls")),
    path("notifications/", include("straiik.notifications.urls")),
    path("", include("straiik.work.urls")),
    path("protection/", include("straiik.protection.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

handler403 = "straiik.core.views.error_403"
handler404 = "straiik.core.views.error_404"
handler500 = "straiik.core.views.error_500"
