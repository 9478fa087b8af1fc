"""The "my work" page and the header's search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from straiik.work import selectors


@login_required
def mine(request: HttpRequest) -> HttpResponse:
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
