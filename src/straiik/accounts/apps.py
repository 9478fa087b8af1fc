from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "straiik.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from straiik.accounts import signals  # noqa: F401  (connects the password-change hook)
