"""Password rules beyond Django's own (ASVS 2.1.2: at least 64 characters allowed, more than 128 refused)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from straiik.accounts.types import User


class MaximumLengthValidator:
    def __init__(self, max_length: int = 128) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: User | None = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("This password is too long. It may have at most %(max_length)d characters."),
                code="password_too_long", params={"max_length": self.max_length})

    def get_help_text(self) -> str:
        return _("Your password may have at most %(max_length)d characters.") % {"max_length": self.max_length}
