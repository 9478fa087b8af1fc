"""Markings on sensitive records (issue 13): classification, releasability and need-to-know groups.

This module is the seam between the one read path (`straiik.core.restrict`) and the marking rules: the read path
calls `restrict_marked(queryset, user)` for every model and leaves the marking rules to this module. Until the
markings land it lets every row through.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from straiik.accounts.types import Viewer


def is_marked(model: type[Model]) -> bool:
    """Whether rows of this model carry a marking the read path must apply."""
    return False


def restrict_marked(queryset: QuerySet[Any], user: Viewer) -> QuerySet[Any]:
    """The rows of `queryset` whose marking lets `user` read them."""
    return queryset
