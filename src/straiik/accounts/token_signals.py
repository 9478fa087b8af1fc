"""Revoke a user's API tokens whenever the password changes, whatever changed it (the password form, the
admin, a reset link, `changepassword`, code that assigns a hash). A hash that changes only because Django
upgrades the hasher at sign-in is not a new password and revokes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import get_hasher, identify_hasher
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from straiik.accounts.models import User

_CHANGED = "_straiik_password_changed"


def _is_hasher_upgrade(instance: User, old_hash: str) -> bool:
    # check_password's setter calls set_password and then forgets the raw password (Django marks a hash
    # upgrade so: "Password hash upgrades shouldn't be considered password changes"). A raw password still
    # held means set_password was called for a new password.
    if getattr(instance, "_password", None) is not None:
        return False
    # Django upgrades a hash made by another hasher than the preferred one, or one the preferred hasher
    # wants to redo (more iterations): the same test as django.contrib.auth.hashers.check_password.
    try:
        old_hasher = identify_hasher(old_hash)
    except ValueError:  # an unusable or unknown old hash: not an upgrade
        return False
    preferred = get_hasher("default")
    return old_hasher.algorithm != preferred.algorithm or preferred.must_update(old_hash)


@receiver(pre_save, sender=User, dispatch_uid="straiik-password-change-detect")
def _detect_password_change(sender: Any, instance: User, raw: bool = False, update_fields: Any = None,
                            **kwargs: Any) -> None:
    setattr(instance, _CHANGED, False)
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old_hash = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old_hash is not None and old_hash != instance.password and not _is_hasher_upgrade(instance, old_hash):
        setattr(instance, _CHANGED, True)


@receiver(post_save, sender=User, dispatch_uid="straiik-password-change-revoke")
def _revoke_tokens_on_password_change(sender: Any, instance: User, created: bool = False, **kwargs: Any) -> None:
    if getattr(instance, _CHANGED, False):
        setattr(instance, _CHANGED, False)
        from straiik.accounts import tokens

        tokens.revoke_all(instance, reason="password changed")
