from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from straiik.accounts import services, tokens
from straiik.accounts.forms import APP_LABELS, TokenForm
from straiik.accounts.models import ApiToken
from straiik.accounts.roles import Role, roles_of
from straiik.core.forms import apply_validation_error


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return _profile(request, TokenForm())


def _profile(request: HttpRequest, token_form: TokenForm, status: int = 200) -> HttpResponse:
    labels = dict(Role.choices)
    context = {
        "role_labels": [labels[r] for r in sorted(roles_of(request.user))],
        "memberships": request.user.memberships.select_related("organisation"),
        "tokens": request.user.api_tokens.order_by("-created_at"),
        "new_key": request.session.pop("new_api_key", None),
        "token_form": token_form,
        "scope_labels": dict(tokens.Scope.choices),
        "app_labels": APP_LABELS,
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
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
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(user=request.user, token=token, request=request)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")
