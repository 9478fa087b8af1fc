from allauth.account import views as allauth_views
from django.urls import path
from django.views.generic import RedirectView

from straiik.accounts import sso, views

app_name = "accounts"
urlpatterns = [
    # The sign-in pages are django-allauth's (config/urls.py includes allauth.urls under accounts/ too);
    # these names and addresses stay as they were.
    path("login/", allauth_views.LoginView.as_view(), name="login"),
    path("logout/", allauth_views.LogoutView.as_view(), name="logout"),
    path("password/", RedirectView.as_view(pattern_name="account_change_password"), name="password_change"),
    # Single sign-on: allauth's OpenID Connect views with the ID token's signature always checked (accounts.sso),
    # at allauth's own addresses (which resolve here first).
    path("oidc/<str:provider_id>/login/", sso.login, name="oidc_login"),
    path("oidc/<str:provider_id>/login/callback/", sso.callback, name="oidc_callback"),
    path("logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("profile/", views.profile, name="profile"),
    path("log/", views.auth_log, name="auth_log"),
    path("log/unlock/", views.unlock, name="unlock"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
