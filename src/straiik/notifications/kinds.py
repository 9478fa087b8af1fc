"""Every kind of notification, declared once: its label on the preferences page, its default delivery, who
it is for, and (for some) what the e-mail carries besides its text. Adding a kind means adding it here and
calling `services.notify` with its code from the service that makes the change."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from straiik.notifications.models import Mode


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    help: Promise
    default: str = Mode.IMMEDIATE
    # "module.function(notification) -> [(filename, bytes, mimetype)]", called when the e-mail is sent
    attachments: str = ""


KINDS: dict[str, Kind] = {k.code: k for k in [
    Kind("defport.submitted", _("Defport: new submission to triage"),
         _("For the programme office, when someone posts a need, an idea or a financing request."), Mode.DIGEST),
    Kind("defport.submission", _("Defport: your submission moved on"),
         _("Triage started, matches found, introduced, handed to an SDIR call, closed or reopened.")),
    Kind("defport.introduction_proposed", _("Defport: an introduction proposed to your organisation"),
         _("Someone would like to meet your organisation about a need, an idea or a financing request.")),
    Kind("defport.introduction_answered", _("Defport: an introduction accepted or declined"),
         _("For the submitter and the programme office.")),
    Kind("defport.deadline", _("Defport: an answer deadline near or passed"),
         _("For the programme office: a submission still waits for its answer.")),
    Kind("sdir.review", _("SDIR: proposals to review"), _("For reviewers, when proposals are assigned to them.")),
    Kind("sdir.coi", _("SDIR: no reviewer left after a conflict of interest"), _("For the programme office.")),
    Kind("sdir.receipt", _("SDIR: receipt of your proposal"), _("With the receipt number and the content's hash.")),
    Kind("sdir.withdrawn", _("SDIR: your proposal withdrawn"), _("A confirmation of the withdrawal.")),
    Kind("sdir.cancelled", _("SDIR: a call cancelled"), _("For the applicants of a call that was cancelled.")),
    Kind("sdir.decision", _("SDIR: the decision on your proposal"), _("With the feedback letter attached."),
         attachments="straiik.sdir.letters.notification_attachments"),
    Kind("sdir.award", _("SDIR: a contract awarded"), _("For the awardee.")),
    Kind("protection.alert", _("Protection: sanctions matches, blocks and disclosures due"),
         _("For the programme office (screening hits, blocked organisations) and organisation administrators "
           "(disclosures to renew or returned).")),
    Kind("sdir.milestone", _("SDIR: an award milestone due or late"),
         _("For the awardee and the programme office, a week before a milestone is due and when it is late.")),
]}


def kind_label(code: str) -> str:
    kind = KINDS.get(code)
    return str(kind.label) if kind else code
