"""Writes in Defport. Each service checks permission, validates, saves and records the change and the
workflow event in one transaction. The workflow itself is declared in workflow.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from straiik.core.audit import apply_fields, record_change, snapshot
from straiik.core.concurrency import check_version
from straiik.core.exercises import check_may_mark
from straiik.core.forms import MARKING_FIELDS
from straiik.core.markings import check_marking_choice
from straiik.core.models import ObjectChange
from straiik.defport import permissions
from straiik.defport.choices import IntroductionState, Kind, Language, State
from straiik.defport.models import MAX_TEXT, Event, Introduction, Submission
from straiik.defport.workflow import SUBMISSIONS
from straiik.engines.matching import detect_language
from straiik.engines.text import tokens
from straiik.registry.models import CpvCode, Organisation, PriorityArea
from straiik.registry.taxonomies import Area

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer

FIELDS = ("kind", "title", "description", "language", "organisation", "region", "constraints", "environment",
          "wanted_by", "sensitivity", "trl", "wants", "amount_eur", "stage", *MARKING_FIELDS)
WANTS = ("partner", "finance", "test-ground", "first-customer")
DUPLICATE_SIMILARITY = 0.6
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class PossibleDuplicates(ValidationError):
    """Raised before saving when similar submissions exist; the form shows them and asks to confirm."""

    def __init__(self, candidates: list[tuple[Submission, float]]) -> None:
        self.candidates = candidates
        super().__init__(_("Similar submissions exist. Check them, and confirm if yours is different."),
                         code="duplicates")


def answer_days() -> int:
    return int(getattr(settings, "DEFPORT_ANSWER_DAYS", 30))


def due_for(submitted_at: dt.datetime, days: int | None = None) -> dt.datetime:
    """The end of the day, in Amsterdam, `days` calendar days after the day of submission (Amsterdam time)."""
    local_day = timezone.localtime(submitted_at, AMSTERDAM).date()
    due_day = local_day + dt.timedelta(days=answer_days() if days is None else days)
    return dt.datetime.combine(due_day, dt.time(23, 59, 59, 999999), tzinfo=AMSTERDAM)


def _words(text: str) -> set[str]:
    return {t for t in tokens(text) if len(t) > 2}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the distinct words (normalised, three letters or more)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def find_duplicates(*, user: User, kind: str, title: str, description: str, exclude: int | None = None,
                    limit: int = 5) -> list[tuple[Submission, float]]:
    """Open or recent submissions of the same kind whose words largely overlap (title and description), among
    those `user` may see: the warning names them, so it reads through the one read path."""
    text = f"{title} {description}"
    words = sorted(_words(title), key=len, reverse=True)[:3]
    candidates = Submission.objects.restrict(user).filter(kind=kind).exclude(state=State.DRAFT)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    if words:
        from django.db.models import Q

        query = Q()
        for word in words:
            query |= Q(title__icontains=word) | Q(description__icontains=word)
        candidates = candidates.filter(query)
    scored = [(s, similarity(text, f"{s.title} {s.description}")) for s in candidates.order_by("-id")[:500]]
    scored = [(s, score) for s, score in scored if score >= DUPLICATE_SIMILARITY]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]


def _clean(submission: Submission, areas: Iterable[str], cpv: Iterable[str]) -> tuple[list[PriorityArea],
                                                                                       list[CpvCode]]:
    errors: dict[str, str] = {}
    submission.title = (submission.title or "").strip()
    submission.description = (submission.description or "").strip()
    if not submission.title:
        errors["title"] = _("Give a title.")
    if not submission.description:
        errors["description"] = _("Describe it: the problem, what it is, or what is needed.")
    for name in ("description", "constraints", "environment"):
        if len(getattr(submission, name) or "") > MAX_TEXT:
            errors[name] = _("At most %(n)s characters (this text has %(m)s).") % {
                "n": f"{MAX_TEXT:,}", "m": f"{len(getattr(submission, name)):,}"}
    if submission.language and submission.language not in Language.values:
        errors["language"] = _("Unknown language “%(l)s”: use nl, en or uk, or leave it empty to detect it.") % {
            "l": submission.language}
    if submission.kind not in Kind.values:
        errors["kind"] = _("Unknown kind.")
    wants = submission.wants or []
    if not isinstance(wants, list) or any(w not in WANTS for w in wants):
        errors["wants"] = _("Choose from: %(w)s.") % {"w": ", ".join(WANTS)}
    if submission.kind == Kind.NEED and submission.organisation_id is None:
        errors["organisation"] = _("Say which defence organisation has this need.")
    if submission.kind == Kind.FINANCING and not submission.amount_eur:
        errors["amount_eur"] = _("Give the amount asked.")
    codes = list(dict.fromkeys(areas))
    unknown = [c for c in codes if c not in Area.values]
    if unknown:
        errors["areas"] = _("Unknown area: %(a)s.") % {"a": ", ".join(unknown)}
    cpv_codes = list(dict.fromkeys(cpv))
    found = list(CpvCode.objects.filter(code__in=cpv_codes))
    if len(found) != len(cpv_codes):
        missing = sorted(set(cpv_codes) - {c.code for c in found})
        errors["cpv_codes"] = _("Not CPV 2008 codes: %(c)s.") % {"c": ", ".join(missing)}
    if errors:
        raise ValidationError(errors)
    if not submission.language:
        detected = detect_language(f"{submission.title}. {submission.description}")
        submission.language = detected if detected in Language.values else ""
    return list(PriorityArea.objects.filter(code__in=codes)), found


def _check_organisation(user: User, organisation: Organisation | None, kind: str) -> None:
    from straiik.registry.verification import POST_NEED, require_verified

    if kind == Kind.NEED:
        # A need speaks for the forces: only a verified defence unit or government body posts one.
        require_verified(organisation, action=POST_NEED)
    if organisation is None or permissions.is_staff_of_platform(user):
        return
    from straiik.registry.permissions import member_of

    if organisation.pk not in member_of(user):
        raise PermissionDenied(_("You may post only for an organisation you belong to."))
    if kind == Kind.NEED and organisation.kind not in permissions.BUYING_KINDS:
        raise ValidationError({"organisation": _("A need is posted for a defence unit or government body.")})


@transaction.atomic
def submission_create(*, user: User, data: dict[str, Any], areas: Iterable[str] = (), cpv: Iterable[str] = (),
                      submit: bool = True, confirmed_not_duplicate: bool = False,
                      is_exercise: bool = False) -> Submission:
    kind = data.get("kind", "")
    if not permissions.can_submit(user, kind):
        raise PermissionDenied(_("You may not post this kind of submission."))
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), _("unknown field")))
    check_may_mark(user, is_exercise)
    check_marking_choice(user, data)
    submission = Submission(submitted_by=user, is_exercise=is_exercise, **data)
    _check_organisation(user, submission.organisation, kind)
    area_rows, cpv_rows = _clean(submission, areas, cpv)
    submission.full_clean(exclude=["submitted_by", "state"])
    # the same person sending the same text twice (a double click, a resent form) is refused outright
    same = Submission.objects.filter(submitted_by=user, kind=kind, title=submission.title,
                                     description=submission.description).exclude(state=State.CLOSED).first()
    if same is not None:
        raise ValidationError(_("You already posted this: %(s)s.") % {"s": same}, code="duplicate")
    if submit and not confirmed_not_duplicate:
        duplicates = find_duplicates(user=user, kind=kind, title=submission.title,
                                     description=submission.description)
        if duplicates:
            raise PossibleDuplicates(duplicates)
    submission.save()
    submission.areas.set(area_rows)
    submission.cpv_codes.set(cpv_rows)
    Event.objects.create(submission=submission, action="create", to_state=State.DRAFT, by=user)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=submission, before=None,
                  after=snapshot(submission))
    if submit:
        transition(user=user, submission=submission, action="submit")
        submission.refresh_from_db()
    return submission


@transaction.atomic
def submission_update(*, user: User, submission: Submission, data: dict[str, Any], areas: Iterable[str] | None = None,
                      cpv: Iterable[str] | None = None, expected_version: str | list[str] | None = None) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    check_version(submission, expected_version)
    if not permissions.can_edit(user, submission):
        raise PermissionDenied(_("Only the submitter changes a submission, and only before triage starts."))
    before = snapshot(submission)
    check_marking_choice(user, {k: v for k, v in data.items() if k in MARKING_FIELDS
                                and getattr(submission, k, None) != v})
    apply_fields(submission, data, fields=set(FIELDS) - {"kind"}, unknown_message=_("cannot be changed"))
    _check_organisation(user, submission.organisation, submission.kind)
    area_rows, cpv_rows = _clean(
        submission, areas if areas is not None else submission.areas.values_list("code", flat=True),
        cpv if cpv is not None else submission.cpv_codes.values_list("code", flat=True))
    submission.full_clean(exclude=["submitted_by", "state"])
    submission.save()
    submission.areas.set(area_rows)
    submission.cpv_codes.set(cpv_rows)
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=submission, before=before,
                  after=snapshot(submission))
    return submission


def transition(*, user: User | None, submission: Submission, action: str, reason: str = "",
               as_system: bool = False) -> Submission:
    """Move a submission through the workflow, if the declared transitions allow it for this user (the dates, the
    outcome and the news: `workflow.SUBMISSIONS`)."""
    return SUBMISSIONS.take(submission, action, user=user, reason=reason, as_system=as_system)


# What the submitter's side hears of each step (the office hears of new submissions; its own steps it knows).
STEP_NEWS = {
    "start_triage": (_lazy("Triage started: %(s)s"),
                     _lazy("The programme office has started to look at “%(t)s” and answers by %(d)s.")),
    "mark_matched": (_lazy("Matches found: %(s)s"),
                     _lazy("The programme office found organisations that may carry “%(t)s”.")),
    "mark_introduced": (_lazy("Introduced: %(s)s"),
                        _lazy("An organisation accepted the introduction to “%(t)s”.")),
    "hand_to_sdir": (_lazy("Handed to an SDIR call: %(s)s"),
                     _lazy("“%(t)s” is taken further in an SDIR innovation competition.")),
    "close": (_lazy("Closed: %(s)s"), _lazy("The programme office closed “%(t)s”.")),
    "withdraw": (_lazy("Withdrawn: %(s)s"), _lazy("“%(t)s” was withdrawn.")),
    "reopen": (_lazy("Reopened: %(s)s"), _lazy("The programme office reopened “%(t)s”.")),
}


def owners(submission: Submission) -> list[Any]:
    """Who a submission's news is for: its submitter and the members of the organisation it was posted for."""
    from straiik.registry.models import Membership

    people = {submission.submitted_by_id: submission.submitted_by}
    if submission.organisation_id:
        people.update((m.user_id, m.user) for m in Membership.objects.filter(
            organisation_id=submission.organisation_id).select_related("user"))
    return list(people.values())


def _tell_transition(*, user: Viewer | None, submission: Submission, action: str, reason: str) -> None:
    from django.utils.formats import date_format

    from straiik.notifications.services import notify, office_users

    if action == "submit":
        notify(office_users(), kind="defport.submitted", url=submission.get_absolute_url(), target=submission,
               exclude=user, compose=lambda: (
                   _("New %(k)s to triage: %(s)s") % {"k": Kind(submission.kind).label, "s": submission},
                   _("“%(t)s” was posted by %(o)s. The answer is due by %(d)s.") % {
                       "t": submission.title, "o": submission.organisation or submission.submitted_by,
                       "d": date_format(timezone.localtime(submission.due_at).date(), "DATE_FORMAT")}))
        return
    news = STEP_NEWS.get(action)
    if news is None:
        return
    subject, body = news

    def compose() -> tuple[str, str]:
        due = date_format(timezone.localtime(submission.due_at).date(), "DATE_FORMAT") if submission.due_at else ""
        text = str(body) % {"t": submission.title, "d": due}
        if reason:
            text += "\n\n" + _("Reason: %(r)s") % {"r": reason}
        return str(subject) % {"s": submission}, text

    notify(owners(submission), kind="defport.submission", url=submission.get_absolute_url(), target=submission,
           exclude=user, compose=compose)


@transaction.atomic
def assign(*, user: User, submission: Submission, assignee: Any) -> Submission:
    if not permissions.is_staff_of_platform(user):
        raise PermissionDenied(_("Only the programme office assigns submissions."))
    if assignee is not None and not permissions.is_staff_of_platform(assignee):
        raise ValidationError({"assigned_to": _("Assign to someone in the programme office.")})
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    before = snapshot(submission)
    submission.assigned_to = assignee
    submission.save(update_fields=["assigned_to", "updated_at"])
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=submission, before=before,
                  after=snapshot(submission))
    return submission


@transaction.atomic
def introduction_propose(*, user: User, submission: Submission, organisation: Organisation, note: str = "",
                         reasons: list[str] | None = None) -> Introduction:
    if not permissions.can_propose_introduction(user, submission):
        raise PermissionDenied(_("Only the programme office or the submitter proposes introductions."))
    if submission.organisation_id == organisation.pk:
        raise ValidationError(_("An organisation is not introduced to its own submission."))
    if Introduction.objects.filter(submission=submission, organisation=organisation).exists():
        raise ValidationError(_("%(o)s has already been proposed for this submission.") % {"o": organisation})
    if len(note or "") > 5_000:
        raise ValidationError({"note": _("At most 5,000 characters.")})
    from straiik.protection.services import require_clearance

    require_clearance(submission, organisation)  # due diligence, confirmed sanctions matches, export control
    introduction = Introduction.objects.create(submission=submission, organisation=organisation, note=note or "",
                                               reasons=list(reasons or [])[:20], proposed_by=user)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=introduction, before=None,
                  after=snapshot(introduction), related=submission)
    record_change(user=user, action=ObjectChange.Action.CREATE, instance=introduction, before=None,
                  after=snapshot(introduction), related=organisation)
    from straiik.notifications.services import notify
    from straiik.registry.models import Membership

    members = [m.user for m in Membership.objects.filter(organisation=organisation).select_related("user")]
    notify(members, kind="defport.introduction_proposed", url=submission.get_absolute_url(), target=submission,
           exclude=user, compose=lambda: (
               _("An introduction for %(o)s: %(s)s") % {"o": organisation, "s": submission.title},
               _("%(by)s would like to introduce %(o)s to “%(t)s” (%(k)s). Accept or decline it on Defport.") % {
                   "by": submission.organisation or user, "o": organisation, "t": submission.title,
                   "k": Kind(submission.kind).label} + (("\n\n" + _("Note: %(n)s") % {"n": note}) if note else "")))
    return introduction


@transaction.atomic
def introduction_respond(*, user: User, introduction: Introduction, accept: bool, response: str = "") -> Introduction:
    introduction = Introduction.objects.select_for_update().select_related("submission").get(pk=introduction.pk)
    if not permissions.can_respond(user, introduction):
        raise PermissionDenied(_("Only the members of the organisation introduced answer an introduction."))
    if introduction.state != IntroductionState.PROPOSED:
        raise ValidationError(_("This introduction was already answered."))
    before = snapshot(introduction)
    introduction.state = IntroductionState.ACCEPTED if accept else IntroductionState.DECLINED
    introduction.response = (response or "")[:5_000]
    introduction.responded_by = user
    introduction.responded_at = timezone.now()
    introduction.save()
    for related in (introduction.submission, introduction.organisation):
        record_change(user=user, action=ObjectChange.Action.UPDATE, instance=introduction, before=before,
                      after=snapshot(introduction), related=related)
    if accept and introduction.submission.state == State.MATCHED:
        transition(user=user, submission=introduction.submission, action="mark_introduced", as_system=True,
                   reason=_("%(o)s accepted the introduction.") % {"o": introduction.organisation})
    from straiik.notifications.services import notify, office_users

    submission = introduction.submission
    response = introduction.response

    def compose() -> tuple[str, str]:
        values = {"o": introduction.organisation, "s": submission.title}
        subject = (_("Introduction accepted: %(o)s for %(s)s") if accept else
                   _("Introduction declined: %(o)s for %(s)s")) % values
        text = (_("%(o)s accepted the introduction to “%(s)s”. You can now contact each other.") if accept else
                _("%(o)s declined the introduction to “%(s)s”.")) % values
        if response:
            text += "\n\n" + _("Their answer: %(r)s") % {"r": response}
        return subject, text

    notify([submission.submitted_by, introduction.proposed_by, *office_users()],
           kind="defport.introduction_answered", url=submission.get_absolute_url(), target=submission,
           exclude=user, compose=compose)
    return introduction


MANDATE_FIELDS = ("stages", "trl_min", "trl_max", "ticket_min_eur", "ticket_max_eur", "exclusions")


@transaction.atomic
def mandate_set(*, user: User, organisation: Organisation, data: dict[str, Any],
                areas: Iterable[str] | None = None) -> Any:
    """A financier's mandate, declared by its own members or the programme office."""
    from straiik.defport.models import FinancierMandate
    from straiik.registry.models import OrganisationKind
    from straiik.registry.permissions import member_of

    if not (permissions.is_staff_of_platform(user) or organisation.pk in member_of(user)):
        raise PermissionDenied(_("Only the financier's members or the programme office set its mandate."))
    if organisation.kind != OrganisationKind.FINANCIAL:
        raise ValidationError(_("Only financial institutions have a mandate."))
    mandate, _created = FinancierMandate.objects.select_for_update().get_or_create(organisation=organisation)
    before = snapshot(mandate)
    apply_fields(mandate, data, fields=MANDATE_FIELDS)
    for name in ("stages", "exclusions"):
        value = getattr(mandate, name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError({name: _("A list of words.")})
    if mandate.trl_min and mandate.trl_max and mandate.trl_min > mandate.trl_max:
        raise ValidationError({"trl_min": _("The lowest TRL is above the highest.")})
    if mandate.ticket_min_eur and mandate.ticket_max_eur and mandate.ticket_min_eur > mandate.ticket_max_eur:
        raise ValidationError({"ticket_min_eur": _("The smallest ticket is above the largest.")})
    mandate.full_clean(exclude=["organisation"])
    mandate.save()
    if areas is not None:
        mandate.areas.set(PriorityArea.objects.filter(code__in=list(areas)))
    record_change(user=user, action=ObjectChange.Action.UPDATE, instance=mandate, before=before,
                  after=snapshot(mandate), related=organisation)
    return mandate
