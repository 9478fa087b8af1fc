from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# The front page's figures, from the apps that hold them (the registry registers its counts from
# RegistryConfig.ready()), so that core imports none of them. Each provider takes the reader.
HOME_STATS: list[Callable[[Any], dict[str, int]]] = []


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def home(request: HttpRequest) -> HttpResponse:
    stats: dict[str, int] = {}
    for provider in HOME_STATS:
        stats.update(provider(request.user))
    return render(request, "core/home.html", {"stats": stats})


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"message": message}, status=status)
    return render(request, "core/error.html", {"status": status, "message": message}, status=status)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from django.utils.translation import gettext as _

    from straiik.core.errors import Refused

    if isinstance(exception, Refused) and str(exception):
        return _error(request, 403, str(exception))
    return _error(request, 403, _("You do not have permission to do this."))


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from django.utils.translation import gettext as _

    return _error(request, 404, _("This page does not exist, or you may not see it."))


def error_500(request: HttpRequest) -> HttpResponse:
    from django.utils.translation import gettext as _

    return _error(request, 500, _("Something went wrong on our side. The error has been logged."))


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. The database and the rest are /readyz's."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    from straiik.core.health import readiness

    ready, checks = readiness()
    return JsonResponse({"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503)


def metrics(request: HttpRequest) -> HttpResponse:
    from straiik.core.metrics import metrics_view  # imported late: see metrics.py on PROMETHEUS_MULTIPROC_DIR

    return metrics_view(request)
