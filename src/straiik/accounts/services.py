from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from straiik.accounts.models import ApiToken, User
from straiik.accounts.roles import Role, forget_roles
from straiik.core.audit import record_change, snapshot
from straiik.core.models import ObjectChange


@transaction.atomic
def user_create(
    *, actor: User | None, username: str, password: str, email: str = "", roles: list[str] | None = None, **extra: Any
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
    record_change(user=actor, action=ObjectChange.Action.CREATE, instance=user, before=None, after=snapshot(user))
    return user


@transaction.atomic
def user_grant_role(*, actor: User | None, user: User, role: str, audit: bool = True) -> None:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}; known roles: {', '.join(Role.values)}")
    before = snapshot(user)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    forget_roles(user)
    if audit:
        record_change(
            user=actor, action=ObjectChange.Action.UPDATE, instance=user, before=before, after=snapshot(user)
        )


def api_token_issue(*, user: User, name: str, scopes: dict[str, str] | None = None, days: int | None = None,
                    request: Any = None) -> tuple[ApiToken, str]:
    """A new API token (accounts.tokens): read access to every app unless `scopes` says otherwise."""
    from straiik.accounts import tokens

    if scopes is None:
        scopes = dict.fromkeys(tokens.API_APPS, tokens.Scope.READ)
    return tokens.token_issue(user=user, name=name, scopes=scopes, days=days, request=request)


def api_token_revoke(*, user: User, token: ApiToken, request: Any = None) -> None:
    from straiik.accounts import tokens

    tokens.token_revoke(user=user, token=token, request=request)
