"""Request middleware: a request id on every request, log line and response, one access-log line per request,
and the request metrics (core/metrics.py)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from straiik.core.logs import new_request_id, request_id_var

access_log = logging.getLogger("straiik.request")


class RequestIdMiddleware:
    """First in the chain: takes the proxy's `X-Request-ID` (when plain and short) or makes one, keeps it for
    the log lines of this request, sends it back in the response, and writes the access-log line and the
    request metrics when the response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        from straiik.core import metrics  # here, not at import: see metrics.py on PROMETHEUS_MULTIPROC_DIR

        self.metrics = metrics

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            seconds = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            # The view's name, not the path: a bounded set of label values whatever the URLs asked for.
            view = (match.view_name or match._func_path) if match else "unmatched"
            if view != "core:metrics":
                self.metrics.REQUESTS.labels(request.method, view, str(response.status_code)).inc()
                self.metrics.LATENCY.labels(request.method, view).observe(seconds)
            user = getattr(request, "user", None)
            access_log.info(
                "%s %s %s %.1f ms", request.method, request.path, response.status_code, seconds * 1000,
                extra={"request_id": request_id, "method": request.method, "path": request.path,
                       "status": response.status_code, "duration_ms": round(seconds * 1000, 1), "view": view,
                       "user_id": user.pk if user is not None and user.is_authenticated else None,
                       "remote_addr": request.META.get("REMOTE_ADDR", "")},
            )
            return response
        finally:
            request_id_var.reset(token)
