from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "straiik.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from straiik.accounts import (
            signals,  # noqa: F401 - connects the authentication log's receivers
            token_signals,  # noqa: F401 - revokes API tokens on a password change
        )
