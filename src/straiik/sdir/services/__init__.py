"""Writes in SDIR, one module per subject: calls (and the call's workflow), proposals, review, decision, awards
(and milestones), notifications (whom SDIR tells what), with `_common` for what they share. Each service checks
permission, validates (ValidationError naming the field), saves and records the change (and the workflow event)
in one transaction; mail goes out after commit, as a background task. Every service that depends on the clock
takes `now` (default: the server's time), so deadlines are decided by the server, to the second.

The public names are re-exported here: callers write `from straiik.sdir import services` and
`services.call_create(...)`; a test that patches a name patches it in the module that defines it
(`straiik.sdir.services.calls.call_create`). The reads the services use (eligibility, ranking, the applicants)
live in `sdir/selectors.py` and are re-exported for the callers that know them here."""

from straiik.sdir.choices import AWARD_DAYS, NOTIFY_DAYS
from straiik.sdir.selectors import SME_EMPLOYEES, applicants, candidates_for, eligibility_problems, explain, is_sme
from straiik.sdir.services._common import AMSTERDAM, add_months, local, snapshot
from straiik.sdir.services.awards import (
    DEFAULT_MILESTONES,
    MILESTONE_FIELDS,
    award_close,
    create_awards,
    milestone_add,
    milestone_report,
    milestone_review,
    transition_record,
)
from straiik.sdir.services.calls import (
    CALL_FIELDS,
    call_create,
    call_sync,
    call_update,
    scheme_defaults,
    sync_due,
    transition,
)
from straiik.sdir.services.decision import decide
from straiik.sdir.services.proposals import (
    PROPOSAL_FIELDS,
    attachment_add,
    attachment_delete,
    content_hash,
    proposal_create,
    proposal_submit,
    proposal_update,
    proposal_withdraw,
)
from straiik.sdir.services.review import (
    assign_reviewers,
    consensus_from_means,
    consensus_set,
    declare_interest,
    scores_save,
)

__all__ = [
    "AMSTERDAM", "AWARD_DAYS", "CALL_FIELDS", "DEFAULT_MILESTONES", "MILESTONE_FIELDS", "NOTIFY_DAYS",
    "PROPOSAL_FIELDS", "SME_EMPLOYEES", "add_months", "applicants", "assign_reviewers", "attachment_add",
    "attachment_delete", "award_close", "call_create", "call_sync", "call_update", "candidates_for",
    "consensus_from_means", "consensus_set", "content_hash", "create_awards", "decide", "declare_interest",
    "eligibility_problems", "explain", "is_sme", "local", "milestone_add", "milestone_report", "milestone_review",
    "proposal_create", "proposal_submit", "proposal_update", "proposal_withdraw", "scheme_defaults", "scores_save",
    "snapshot", "sync_due", "transition", "transition_record",
]
