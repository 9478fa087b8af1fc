from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from straiik.accounts.models import ApiToken, User
from straiik.accounts.roles import Role, forget_roles
from straiik.core.audit import record_change
from straiik.core.models import ObjectChange


def _snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "email": user.email,
        "is_active": user.is_active,
        "roles": sorted(user.groups.filter(name__in=Role.values).values_list("name", flat=True)),
    }


@transaction.atomic
def user_create(
    *, actor: Any, username: str, password: str, email: str = "", roles: list[str] | None = None, **extra: Any
) -> User:
    user = User(username=username, email=email, **extra)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if email:
        # An operator who creates an account vouches for its address; self-registered accounts confirm theirs.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for role in roles or []:
        user_grant_role(actor=None, user=user, role=role, audit=False)
    record_change(user=actor, action=ObjectChange.Action.CREATE, instance=user, before=None, after=_snapshot(user))
    return user


@transaction.atomic
def user_grant_role(*, actor: Any, user: User, role: str, audit: bool = True) -> None:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}; known roles: {', '.join(Role.values)}")
    before = _snapshot(user)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    forget_roles(user)
    if audit:
        record_change(
            user=actor, action=ObjectChange.Action.UPDATE, instance=user, before=before, after=_snapshot(user)
        )


@transaction.atomic
def api_token_issue(*, user: User, name: str) -> tuple[ApiToken, str]:
    token, key = ApiToken.issue(user=user, name=name)
    record_change(
        user=user,
        action=ObjectChange.Action.CREATE,
        instance=token,
        before=None,
        after={"name": name, "prefix": token.prefix},
        related=user,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    record_change(
        user=user,
        action=ObjectChange.Action.DELETE,
        instance=token,
        before={"name": token.name, "prefix": token.prefix},
        after=None,
        related=user,
    )
    token.delete()
