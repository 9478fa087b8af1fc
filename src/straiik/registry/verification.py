"""What only verified organisations may do, and the message that says why a declared one may not yet.

An organisation is *declared* (by whoever registered it) until the programme office *verifies* it: who,
when and against what evidence is kept on the record and in its history (registry.services.organisation_verify).
Posting a Defport need, submitting an SDIR proposal and registering bundling demand or offers commit the
organisation to others, so they need a verified one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from straiik.core.errors import Refused

POST_NEED = "post_need"
SUBMIT_PROPOSAL = "submit_proposal"
BUNDLING = "bundling"

MESSAGES = {
    POST_NEED: _("%(o)s is not verified yet, so it cannot post needs. The programme office verifies an "
                 "organisation against evidence of who it is (for example its KvK extract): ask it to verify "
                 "%(o)s, then post the need."),
    SUBMIT_PROPOSAL: _("%(o)s is not verified yet, so it cannot submit SDIR proposals. Add its identifiers "
                       "(KvK, LEI, NCAGE, PIC ...) on its registry page and ask the programme office to verify it; "
                       "your draft is kept until then."),
    BUNDLING: _("%(o)s is not verified yet, so it cannot register demand or offers in a bundling round. Add its "
                "identifiers on its registry page and ask the programme office to verify it."),
}


class VerificationRequired(Refused):
    def __init__(self, organisation: Any, action: str) -> None:
        self.organisation = organisation
        self.action = action
        super().__init__(str(MESSAGES[action] % {"o": organisation.name}))


def message(organisation: Any, action: str) -> str:
    return "" if organisation is None or organisation.is_verified else str(MESSAGES[action] % {"o": organisation.name})


def require_verified(organisation: Any, *, action: str) -> None:
    if organisation is not None and not organisation.is_verified:
        raise VerificationRequired(organisation, action)
