from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "straiik.accounts"
    label = "accounts"
    verbose_name = "Accounts"
