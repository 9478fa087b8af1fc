"""The "my work" page and the header's search."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from straiik.accounts.types import AuthenticatedHttpRequest
from straiik.core import exercises
from straiik.work import selectors


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    groups = selectors.my_work(user=request.user, today=today)
    for group in groups:
        for item in group.items:
            item.state = item.status(today)
    return render(request, "work/mine.html", {"groups": groups, "today": today})


def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    groups = selectors.search(user=request.user, q=q) if q else []
    return render(request, "work/search.html", {"q": q, "groups": groups,
                                                "total": sum(g.total for g in groups)})


@login_required
@require_POST
def exercise(request: AuthenticatedHttpRequest, label: str, pk: int) -> HttpResponse:
    """The programme office marks a record as an exercise (left out of official figures), or as real."""
    if label not in exercises.MODELS:
        raise Http404
    instance = apps.get_model(label)._default_manager.filter(pk=pk).first()
    if instance is None:
        raise Http404
    flag = request.POST.get("is_exercise") == "1"
    exercises.exercise_set(user=request.user, instance=instance, is_exercise=flag)
    messages.success(request, _("Marked as an exercise: left out of the official figures.") if flag else
                     _("Counted in the official figures again."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = instance.get_absolute_url()
    return redirect(target)
