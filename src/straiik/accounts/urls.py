from allauth.account import views as allauth_views
from django.urls import path
from django.views.generic import RedirectView

from straiik.accounts import views

app_name = "accounts"
urlpatterns = [
    # The sign-in pages are django-allauth's (config/urls.py includes allauth.urls under accounts/ too);
    # these names and addresses stay as they were.
    path("login/", allauth_views.LoginView.as_view(), name="login"),
    path("logout/", allauth_views.LogoutView.as_view(), name="logout"),
    path("password/", RedirectView.as_view(pattern_name="account_change_password"), name="password_change"),
    path("logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("profile/", views.profile, name="profile"),
    path("log/", views.auth_log, name="auth_log"),
    path("log/unlock/", views.unlock, name="unlock"),
    path("tokens/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
