"""Placeholder until the app is built (this session); replaced by its real views."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "agenda/home.html")
