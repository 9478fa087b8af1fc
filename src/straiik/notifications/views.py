"""Pages of notifications: the list (mark read, mark all read) and the preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.notifications import selectors, services
from straiik.notifications.kinds import KINDS
from straiik.notifications.models import Mode, Notification


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread = request.GET.get("unread") == "1"
    page = Paginator(selectors.notifications(user=request.user, unread=unread), 25).get_page(request.GET.get("page"))
    rows = selectors.with_visibility(request.user, list(page.object_list))
    return render(request, "notifications/list.html", {
        "page_obj": page, "rows": rows, "unread_only": unread, "unread": selectors.unread_count(request.user)})


@login_required
@require_POST
def notification_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark read, then go to the record (whose own page checks permission)."""
    notification = Notification.objects.restrict(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    services.notification_read(user=request.user, notification=notification)
    url = notification.url
    if request.POST.get("stay") or not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(url)


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    n = services.notifications_read_all(user=request.user)
    messages.success(request, ngettext("%(n)s notification marked read.", "%(n)s notifications marked read.", n)
                     % {"n": n})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        modes = {code: request.POST[f"mode-{code}"] for code in KINDS if f"mode-{code}" in request.POST}
        try:
            services.preferences_set(user=request.user, modes=modes, language=request.POST.get("language", ""))
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
    rows = selectors.preference_rows(request.user)
    if request.method == "POST":  # show what was sent back, with the errors
        for row in rows:
            row["mode"] = request.POST.get(f"mode-{row['kind'].code}", row["mode"])
    settings_row = selectors.mail_settings(request.user)
    return render(request, "notifications/preferences.html", {
        "rows": rows, "modes": Mode.choices, "errors": errors, "mail": settings_row,
        "current_language": get_language_info(services.language_of(request.user, settings_row))["name_local"],
        "pending_digest": selectors.pending_digest(request.user)})
