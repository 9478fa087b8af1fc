"""Shared pieces of the REST API: authentication (session or bearer token) and JSON errors."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from straiik.core import conflicts, limits
from straiik.core.workflow import TransitionConflict

if TYPE_CHECKING:
    from straiik.accounts.models import User
    from straiik.accounts.types import Viewer

logger = logging.getLogger(__name__)


class AuthedRequest(HttpRequest):
    """For annotations only: the request of an operation behind `write_auth` (or any auth that lets only a user
    in): ninja sets request.auth to what the auth returned, the token's or the session's user."""

    auth: User
    user: User


class ErrorOut(Schema):
    message: str
    errors: Any = None


class WorkflowStepOut(Schema):
    """A workflow step the caller may take now (core.workflow.available), as the pages offer it."""

    name: str
    label: str
    target: str
    needs_reason: bool
    confirm: bool


def steps_out(instance: Any, user: Viewer, **kwargs: Any) -> list[dict[str, Any]]:
    """The steps `user` may take on `instance` now, for an output schema's `transitions`."""
    from straiik.core import workflow

    return [{"name": t.name, "label": str(t.label), "target": t.target, "needs_reason": t.needs_reason,
             "confirm": t.confirm} for t in workflow.available(instance, user, **kwargs)]


# What any operation may answer besides its own success: bad or too large input, no or wrong credentials, a record
# that does not exist or may not be seen, a conflict with other records (e.g. a delete of something still referred
# to), invalid values. Declared on every operation by declare_common_errors, so the schema says what is returned.
COMMON_ERRORS = (400, 401, 403, 404, 409, 413, 422, 429)


def declare_common_errors(api: NinjaAPI) -> None:
    """Add the common error statuses (ErrorOut) to every operation of every router of `api` that does not declare
    them itself. Call after all routers are added."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for status in COMMON_ERRORS:
                    operation.response_models.setdefault(status, ErrorOut)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The token's user; a refused token (unknown, revoked, expired, without the scope this request
        needs) answers with its own status and message (accounts.tokens), never by falling back to the
        session."""
        from straiik.accounts import tokens

        try:
            user = tokens.authenticate(request, token)
        except tokens.TokenRefused as refusal:
            raise HttpError(refusal.status, refusal.message) from None
        request.user = user
        request.straiik_token_auth = True  # type: ignore[attr-defined]
        return user


token_auth = TokenAuth()
# Writes: a bearer token, or a browser session (with its CSRF token checked by django_auth).
write_auth = [token_auth, django_auth]


def current_user(request: HttpRequest) -> Any:
    """The caller of a read endpoint: a bearer token's user, the session's user, or anonymous."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key:
            raise AuthenticationError()
        user = token_auth.authenticate(request, key.strip())
        if user is None:
            raise AuthenticationError()
        return user
    return getattr(request, "user", AnonymousUser())


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, message: str, errors: Any = None) -> HttpResponse:
        body: dict[str, Any] = {"message": message}
        if errors is not None:
            body["errors"] = errors
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", []) if p not in ("body", "query", "payload", "path")),
             "message": e.get("msg", "")}
            for e in exc.errors
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
        return respond(request, 422, f"Invalid input: {summary}", errors)

    @api.exception_handler(ValidationError)
    def invalid_record(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for m in ValidationError(msgs).messages] for field, msgs in exc.error_dict.items()}
            summary = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
            return respond(request, 422, f"Invalid input: {summary}", errors)
        return respond(request, 422, "Invalid input: " + " ".join(exc.messages), exc.messages)

    @api.exception_handler(TransitionConflict)
    def state_conflict(request: HttpRequest, exc: TransitionConflict) -> HttpResponse:
        # The record is not in a state the step leaves from (perhaps just moved by someone else): 409.
        errors = {f: [str(m) for m in ValidationError(msgs).messages] for f, msgs in exc.error_dict.items()} \
            if hasattr(exc, "error_dict") else exc.messages
        return respond(request, 409, " ".join(exc.messages), errors)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, str(exc) or "You do not have permission to do this.")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "Not found, or you may not see it.")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, "Authentication required: sign in or send 'Authorization: Bearer <token>'.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, str(exc.message))

    @api.exception_handler(ProtectedError)
    @api.exception_handler(RestrictedError)
    @api.exception_handler(IntegrityError)
    def conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
        message, referrers = conflicts.describe(exc)
        return respond(request, 409, message, referrers or None)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, limits.body_too_large_message(request), {"limit": limits.body_limit(request)})

    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(SuspiciousOperation)
    @api.exception_handler(BadRequest)
    def bad_request(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 400, limits.bad_request_message(exc))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled error in the API", exc_info=exc)
        return respond(request, 500, "Internal error. It has been logged.")
