from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from straiik.accounts import authlog, lockout, services, tokens
from straiik.accounts.forms import APP_LABELS, TokenForm
from straiik.accounts.mfa import mfa_enabled, mfa_required
from straiik.accounts.models import ApiToken, AuthEvent, User
from straiik.accounts.roles import Role, has_role, roles_of
from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.core.forms import apply_validation_error


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _profile(request, TokenForm())


def _profile(request: AuthenticatedHttpRequest, token_form: TokenForm, status: int = 200) -> HttpResponse:
    labels = dict(Role.choices)
    context = {
        "role_labels": [labels[r] for r in sorted(roles_of(request.user))],
        "memberships": request.user.memberships.select_related("organisation"),
        "tokens": request.user.api_tokens.order_by("-created_at"),
        "new_key": request.session.pop("new_api_key", None),
        "mfa_enabled": mfa_enabled(request.user),
        "mfa_required": mfa_required(request.user),
        "token_form": token_form,
        "scope_labels": dict(tokens.Scope.choices),
        "app_labels": APP_LABELS,
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, key = services.api_token_issue(user=request.user, name=form.cleaned_data["name"],
                                                   scopes=form.scopes(), days=form.cleaned_data["days"],
                                                   request=request)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # Kept in the session for the one page that shows it, then dropped (never stored elsewhere).
            request.session["new_api_key"] = key
            return redirect("accounts:profile")
    return _profile(request, form, status=400)


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(user=request.user, token=token, request=request)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


@login_required
@require_POST
def logout_everywhere(request: AuthenticatedHttpRequest) -> HttpResponse:
    """End every session of this user, this one included (the sessions' auth hash changes)."""
    user = request.user
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    authlog.record(AuthEvent.Kind.LOGOUT_EVERYWHERE, request=request, user=user)
    request._straiik_quiet_logout = True  # type: ignore[attr-defined]
    logout(request)
    messages.success(request, _("You have been signed out on every device."))
    return redirect("accounts:login")


def _platform_admin(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not has_role(request.user, Role.PLATFORM_ADMIN):
        raise PermissionDenied


@login_required
def auth_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The authentication log for the platform administrator, with filters, and the locks in force."""
    _platform_admin(request)
    events = AuthEvent.objects.select_related("user")
    filters = {key: (request.GET.get(key) or "").strip() for key in ("kind", "result", "who", "ip", "since", "until")}
    if filters["kind"]:
        events = events.filter(kind=filters["kind"])
    if filters["result"] in ("ok", "refused"):
        events = events.filter(success=filters["result"] == "ok")
    if filters["who"]:
        events = events.filter(username__icontains=filters["who"].lower())
    if filters["ip"]:
        events = events.filter(ip=filters["ip"]) if _is_ip(filters["ip"]) else events.none()
    tz = timezone.get_current_timezone()
    if since := parse_date(filters["since"]) if filters["since"] else None:
        events = events.filter(at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until := parse_date(filters["until"]) if filters["until"] else None:
        events = events.filter(at__lte=datetime.combine(until, time.max, tzinfo=tz))
    page = Paginator(events.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/auth_log.html", {
        "page_obj": page, "filters": filters, "kinds": AuthEvent.Kind.choices, "locks": lockout.current_locks(),
    })


def _is_ip(value: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


@login_required
@require_POST
def unlock(request: AuthenticatedHttpRequest) -> HttpResponse:
    _platform_admin(request)
    scope, key = request.POST.get("scope", ""), (request.POST.get("key") or "").strip()
    if scope not in (lockout.ACCOUNT, lockout.ADDRESS) or not key:
        messages.error(request, _("Choose a lock to lift."))
    else:
        lockout.unlock(scope=scope, key=key, by=request.user, request=request)
        messages.success(request, _("Unblocked: %(key)s.") % {"key": key})
    return redirect("accounts:auth_log")
