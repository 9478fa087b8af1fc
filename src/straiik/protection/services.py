"""Writes in protection, and the checks other apps call before money or information flows.

Each service checks permission, validates (ValidationError naming the field), saves and records the change via
core.audit in one transaction; notifications go out after commit. The hooks for the other apps are
`require_clearance(subject, organisation)` (SDIR awards, bundling acceptances, Defport introductions) and
`eligibility_problems(subject, organisation, ...)` (SDIR's eligibility check)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from straiik.core import taskqueue
from straiik.core.audit import record_change, snapshot
from straiik.core.models import ObjectChange
from straiik.engines import screening as engine
from straiik.protection import export_control, permissions, screening
from straiik.protection.models import (
    Disclosure,
    DisclosureStatus,
    DueDiligence,
    DueDiligenceOutcome,
    ExportControlTag,
    HitStatus,
    ListedParty,
    ListSource,
    ProtectionRules,
    SanctionsList,
    ScreeningHit,
    SecurityLevel,
)
from straiik.protection.notify import notify, office_users, organisation_admins
from straiik.registry.models import ClearanceStatus, Organisation
from straiik.registry.taxonomies import country_codes

if TYPE_CHECKING:
    from straiik.accounts.types import User, Viewer

CREATE, UPDATE, DELETE = ObjectChange.Action.CREATE, ObjectChange.Action.UPDATE, ObjectChange.Action.DELETE


def _office_only(user: User, message: str) -> None:
    if not permissions.is_office(user):
        raise PermissionDenied(message)


def renewal_days() -> int:
    return int(getattr(settings, "STRAIIK_DISCLOSURE_RENEWAL_DAYS", 365))


# --- lists and screening ------------------------------------------------------------------------------------------

def list_import(*, user: User, source: str, data: bytes, filename: str = "", screen: bool = True) -> SanctionsList:
    """Load a new version of the EU or UN list. A file that does not read is refused whole, naming the line and
    the element, and the current version stays in force. After the import the registry is screened again
    (`screen=False`: the caller screens, as the command does with a progress bar)."""
    _office_only(user, _("Only the programme office loads sanctions lists."))
    if source not in ListSource.values:
        raise ValidationError({"source": _("Choose the EU or the UN list.")})
    limit = int(getattr(settings, "STRAIIK_SANCTIONS_MAX_BYTES", 100 * 1024 * 1024))
    if not data:
        raise ValidationError({"file": _("The file is empty; the current list was kept.")})
    if len(data) > limit:
        raise ValidationError({"file": _("The file is larger than %(n)s MB; the current list was kept.") % {
            "n": limit // (1024 * 1024)}})
    try:
        parsed = engine.PARSERS[source](data)
    except engine.ListFormatError as error:
        raise ValidationError({"file": _("The file was refused and the current list kept: %(error)s") % {
            "error": str(error)}}) from None
    with transaction.atomic():
        previous = SanctionsList.objects.select_for_update().filter(source=source, is_current=True).first()
        if previous is not None:
            before = snapshot(previous)
            previous.is_current = False
            previous.save(update_fields=["is_current"])
            # Older versions keep their record (what was loaded when); their entries give way to the new ones.
            ListedParty.objects.filter(sanctions_list__source=source).delete()
            record_change(user=user, action=UPDATE, instance=previous, before=before, after=snapshot(previous))
        loaded = SanctionsList.objects.create(
            source=source, version=parsed.version[:80], generated=parsed.generated[:60],
            filename=(filename or "")[:255], sha256=hashlib.sha256(data).hexdigest(),
            entry_count=len(parsed.entries), loaded_by=user)
        ListedParty.objects.bulk_create([
            ListedParty(sanctions_list=loaded, key=e.key[:40], kind=e.kind, names=list(e.names),
                        birth_dates=list(e.birth_dates), identifiers=list(e.identifiers), reference=e.reference[:60],
                        programme=e.programme[:120], countries=list(e.countries)) for e in parsed.entries],
            batch_size=2000)
        record_change(user=user, action=CREATE, instance=loaded, before=None, after=snapshot(loaded))
        transaction.on_commit(_after_import if screen else screening.forget_index)
    return loaded


def _after_import() -> None:
    """Screen the registry again: within the request for a registry of ordinary size, else in the background."""
    screening.forget_index()
    inline_max = int(getattr(settings, "STRAIIK_SCREENING_INLINE_MAX", 5_000))
    if Organisation.objects.count() <= inline_max:
        screening.screen_all()
    else:
        taskqueue.enqueue("straiik.protection.tasks.screen_registry")


def screen_organisation(organisation: Organisation | int) -> dict[str, int]:
    """Screen one organisation again (after it, its contacts or its disclosure changed)."""
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return screening.screen_organisations([pk])


@transaction.atomic
def hit_decide(*, user: User, hit: ScreeningHit, confirm: bool, reason: str) -> ScreeningHit:
    """Confirm (the organisation is blocked from awards, acceptances and introductions) or dismiss a hit."""
    _office_only(user, _("Only the programme office reviews screening hits."))
    hit = ScreeningHit.objects.select_for_update().select_related("organisation").get(pk=hit.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the decision.")})
    if len(reason) > 5_000:
        raise ValidationError({"reason": _("At most 5,000 characters.")})
    target = HitStatus.CONFIRMED if confirm else HitStatus.DISMISSED
    if hit.status == target:
        raise ValidationError(_("This hit is already %(s)s.") % {"s": hit.get_status_display().lower()})
    before = snapshot(hit)
    hit.status = target
    hit.decided_by = user
    hit.decided_at = timezone.now()
    hit.decision_reason = reason
    hit.save()
    record_change(user=user, action=UPDATE, instance=hit, before=before, after=snapshot(hit),
                  related=hit.organisation)
    if confirm:
        notify(office_users(), url=hit.get_absolute_url(),
               subject=_("Confirmed sanctions match: %(o)s") % {"o": hit.organisation.name},
               body=_("%(user)s confirmed that %(who)s “%(name)s” of %(o)s is %(entry)s on the %(list)s (%(ref)s). "
                      "%(o)s is blocked from awards, acceptances and introductions.\n\nReason: %(reason)s") % {
                   "user": user.get_username(), "who": hit.get_subject_kind_display(), "name": hit.subject_name,
                   "o": hit.organisation.name, "entry": hit.entry_name, "list": hit.get_source_display(),
                   "ref": hit.entry_reference or hit.entry_key, "reason": reason})
    return hit


# --- rules per call, round or need --------------------------------------------------------------------------------

def _countries(value: Any, field: str) -> list[str]:
    if isinstance(value, str):
        value = [v for v in re.split(r"[\s,;]+", value) if v]
    out: list[str] = []
    valid = country_codes()
    for code in value or []:
        code = str(code).strip().upper()
        if code == "EU":
            out.extend(sorted(export_control.EU_MEMBERS))
        elif code == "NATO":
            out.extend(sorted(export_control.NATO_MEMBERS))
        elif code in valid:
            out.append(code)
        else:
            raise ValidationError({field: _("%(c)s is not an ISO 3166 country code (or EU, NATO).") % {"c": code}})
    return sorted(dict.fromkeys(out))


def rules_for(subject: models.Model) -> ProtectionRules | None:
    return ProtectionRules.objects.filter(content_type=ContentType.objects.get_for_model(subject),
                                          object_id=subject.pk).first()


@transaction.atomic
def rules_set(*, user: User, subject: models.Model, data: dict[str, Any]) -> ProtectionRules:
    _office_only(user, _("Protection rules are set by the programme office."))
    content_type = ContentType.objects.get_for_model(subject)
    rules = ProtectionRules.objects.select_for_update().filter(content_type=content_type,
                                                               object_id=subject.pk).first()
    before = snapshot(rules) if rules else None
    if rules is None:
        rules = ProtectionRules(content_type=content_type, object_id=subject.pk, updated_by=user)
    rules.eligible_countries = _countries(data.get("eligible_countries", rules.eligible_countries),
                                          "eligible_countries")
    rules.control_countries = _countries(data.get("control_countries", rules.control_countries), "control_countries")
    level = data.get("security_level", rules.security_level) or ""
    if level not in SecurityLevel.values:
        raise ValidationError({"security_level": _("Choose a security level from the list.")})
    rules.security_level = level
    for flag in ("disclosure_required", "due_diligence_required"):
        if flag in data:
            setattr(rules, flag, bool(data[flag]))
    rules.updated_by, rules.updated_at = user, timezone.now()
    rules.save()
    record_change(user=user, action=CREATE if before is None else UPDATE, instance=rules, before=before,
                  after=snapshot(rules), related=subject)
    return rules


CLEARANCE_FOR_LEVEL = {
    SecurityLevel.ABDO_CONFIDENTIAL: (ClearanceStatus.CONFIDENTIAL, ClearanceStatus.SECRET),
    SecurityLevel.ABDO_SECRET: (ClearanceStatus.SECRET,),
}


def control_countries(organisation: Organisation, disclosure: Disclosure | None = None) -> tuple[list[str], str]:
    """Where the organisation is controlled from, and on whose word: its current disclosure (chain of control
    and controlling party), else the registry's country of control, else its own country."""
    if disclosure is None:
        disclosure = screening.current_disclosures([organisation.pk]).get(organisation.pk)
    if disclosure is not None and disclosure.control_countries():
        return disclosure.control_countries(), _("disclosure version %(v)s") % {"v": disclosure.version}
    if organisation.foreign_control_country:
        return [organisation.foreign_control_country], _("the registry")
    return [organisation.country], _("the registry")


def eligibility_problems(subject: models.Model, organisation: Organisation,
                         allowed_control: Iterable[str] = (), skip_registry_control: bool = False) -> list[str]:
    """What the subject's protection rules and the organisation's disclosure say against applying. The SDIR
    check passes its call's `allowed_control_countries` (the rule the call had before these rules) and skips
    the registry's control country, which it checks itself."""
    problems: list[str] = []
    rules = rules_for(subject)
    disclosure = screening.current_disclosures([organisation.pk]).get(organisation.pk)
    if rules is not None and rules.eligible_countries and organisation.country not in rules.eligible_countries:
        problems.append(_("%(o)s is established in %(c)s; the protection rules admit organisations from %(a)s.") % {
            "o": organisation.name, "c": organisation.country, "a": ", ".join(rules.eligible_countries)})
    allowed = set(allowed_control) | set(rules.control_countries if rules else ())
    if allowed:
        countries, source = control_countries(organisation, disclosure)
        if skip_registry_control and (disclosure is None or not disclosure.control_countries()):
            countries = []
        refused = [c for c in countries if c != organisation.country and c not in allowed]
        if refused:
            problems.append(_("%(o)s is controlled from %(c)s (per %(s)s); control is allowed only from %(a)s.") % {
                "o": organisation.name, "c": ", ".join(refused), "s": source, "a": ", ".join(sorted(allowed))})
    if rules is not None and rules.disclosure_required and disclosure is None:
        problems.append(_("%(o)s has not declared a foreign-influence disclosure, which this requires.") % {
            "o": organisation.name})
    if rules is not None and rules.security_level in CLEARANCE_FOR_LEVEL \
            and organisation.clearance_status not in CLEARANCE_FOR_LEVEL[SecurityLevel(rules.security_level)]:
        problems.append(_("This requires %(level)s; %(o)s's security clearance is: %(c)s.") % {
            "level": rules.get_security_level_display(), "o": organisation.name,
            "c": organisation.get_clearance_status_display()})
    return problems


# --- clearance: the block on awards, acceptances and introductions ------------------------------------------------

def latest_due_diligence(subject: models.Model, organisation: Organisation) -> DueDiligence | None:
    return DueDiligence.objects.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk,
                                       organisation=organisation).order_by("-recorded_at", "-id").first()


def clearance_problems(subject: models.Model | None, organisation: Organisation) -> list[str]:
    """Why money or information may not flow to `organisation` for `subject` (empty: it may)."""
    problems: list[str] = []
    for hit in ScreeningHit.objects.filter(organisation=organisation, status=HitStatus.CONFIRMED):
        problems.append(_("%(o)s is blocked: %(who)s “%(name)s” is confirmed as %(entry)s on the %(list)s "
                          "(%(ref)s).") % {"o": organisation.name, "who": hit.get_subject_kind_display(),
                                           "name": hit.subject_name, "entry": hit.entry_name,
                                           "list": hit.get_source_display(),
                                           "ref": hit.entry_reference or hit.entry_key})
    if subject is None:
        return problems
    rules = rules_for(subject)
    if rules is not None and rules.disclosure_required:
        disclosure = screening.current_disclosures([organisation.pk]).get(organisation.pk)
        if disclosure is None or disclosure.status != DisclosureStatus.SIGNED_OFF:
            problems.append(_("%(o)s has no foreign-influence disclosure signed off by the programme office.") % {
                "o": organisation.name})
    if rules is not None and rules.due_diligence_required:
        record = latest_due_diligence(subject, organisation)
        if record is None:
            problems.append(_("Due diligence on %(o)s for %(s)s is not recorded yet.") % {
                "o": organisation.name, "s": subject_label(subject)})
        elif record.outcome == DueDiligenceOutcome.REFUSED:
            problems.append(_("Due diligence on %(o)s for %(s)s refused it: %(r)s") % {
                "o": organisation.name, "s": subject_label(subject), "r": record.reasons})
    for decision, explanation in releasability(subject, organisation):
        if decision == "withheld":
            problems.append(explanation)
    return problems


def require_clearance(subject: models.Model | None, organisation: Organisation) -> None:
    """Raise a ValidationError with the reasons when `organisation` may not receive an award, an acceptance or an
    introduction for `subject` (an SDIR call, a bundling round, a Defport submission)."""
    problems = clearance_problems(subject, organisation)
    if problems:
        raise ValidationError(problems)


def subject_label(subject: models.Model) -> str:
    reference = getattr(subject, "reference", "") or getattr(subject, "code", "")
    title = getattr(subject, "title", "") or getattr(subject, "name", "") or str(subject)
    return f"{reference} {title}".strip() if reference and reference not in title else str(title)


def screening_summary(organisation: Organisation) -> dict[str, Any]:
    lists = [{"source": s.source, "version": s.version, "loaded_at": s.loaded_at.isoformat()}
             for s in SanctionsList.objects.filter(is_current=True)]
    hits = [{"entry_key": h.entry_key, "entry_name": h.entry_name, "subject": h.subject_name, "status": h.status,
             "score": str(h.score)}
            for h in organisation.screening_hits.exclude(status=HitStatus.LAPSED)]
    return {"lists": lists, "hits": hits}


@transaction.atomic
def due_diligence_record(*, user: User, subject: models.Model, organisation: Organisation, outcome: str,
                         reasons: str, conditions: str = "") -> DueDiligence:
    _office_only(user, _("Due diligence is recorded by the programme office."))
    errors: dict[str, str] = {}
    reasons, conditions = (reasons or "").strip(), (conditions or "").strip()
    if outcome not in DueDiligenceOutcome.values:
        errors["outcome"] = _("Choose cleared, cleared with conditions or refused.")
    if not reasons:
        errors["reasons"] = _("Give the reasons for the outcome.")
    if outcome == DueDiligenceOutcome.CONDITIONS and not conditions:
        errors["conditions"] = _("State the conditions.")
    if len(reasons) > 10_000 or len(conditions) > 5_000:
        errors["reasons"] = _("At most 10,000 characters.")
    if errors:
        raise ValidationError(errors)
    disclosure = screening.current_disclosures([organisation.pk]).get(organisation.pk)
    record = DueDiligence.objects.create(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk,
        subject_label=subject_label(subject)[:300], organisation=organisation, reviewer=user, disclosure=disclosure,
        screening=screening_summary(organisation), outcome=outcome, conditions=conditions, reasons=reasons)
    record_change(user=user, action=CREATE, instance=record, before=None, after=snapshot(record),
                  related=organisation)
    return record


# --- disclosures --------------------------------------------------------------------------------------------------

def _text(value: Any, limit: int = 300) -> str:
    return str(value or "").strip()[:limit]


def _country(value: Any, where: str, errors: list[str], required: bool = True) -> str:
    code = _text(value, 2).upper()
    if not code and not required:
        return ""
    if code not in country_codes():
        errors.append(_("%(w)s: “%(c)s” is not an ISO 3166 country code.") % {"w": where, "c": value or ""})
    return code


def _number(value: Any, where: str, errors: list[str], low: Decimal, high: Decimal | None) -> Decimal | None:
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        errors.append(_("%(w)s: “%(v)s” is not a number.") % {"w": where, "v": value})
        return None
    if number < low or (high is not None and number > high):
        errors.append(_("%(w)s: %(v)s is out of range.") % {"w": where, "v": value})
        return None
    return number


def _birth_date(value: Any, where: str, errors: list[str]) -> str:
    text = _text(value, 10)
    if text and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        errors.append(_("%(w)s: write the date of birth as YYYY-MM-DD or YYYY.") % {"w": where})
    return text


def clean_disclosure(data: dict[str, Any]) -> dict[str, Any]:
    """Validate the sections of a disclosure; all faults at once, each saying where."""
    errors: dict[str, list[str]] = {}
    out: dict[str, Any] = {"owners": [], "control_chain": [], "key_people": [], "foreign_funding": [],
                           "listed_ties": []}
    problems: list[str] = []
    total = Decimal(0)
    for n, owner in enumerate(data.get("owners") or [], start=1):
        where = _("Owner %(n)s") % {"n": n}
        name = _text(owner.get("name"))
        if not name:
            problems.append(_("%(w)s: give the name.") % {"w": where})
        kind = owner.get("kind") or "entity"
        if kind not in ("person", "entity"):
            problems.append(_("%(w)s: a person or a company.") % {"w": where})
        share = _number(owner.get("share_pct"), where, problems, Decimal("0.01"), Decimal(100))
        total += share or 0
        out["owners"].append({"name": name, "kind": kind, "country": _country(owner.get("country"), where, problems),
                              "share_pct": str(share) if share is not None else None,
                              "state_backed": bool(owner.get("state_backed")),
                              "birth_date": _birth_date(owner.get("birth_date"), where, problems) if kind == "person"
                              else ""})
    if total > 100:
        problems.append(_("The owners' shares add up to more than 100 %."))
    if problems:
        errors["owners"], problems = problems, []
    party = data.get("controlling_party") or {}
    if _text(party.get("name")):
        out["controlling_party"] = {"name": _text(party.get("name")), "kind": party.get("kind") or "entity",
                                    "country": _country(party.get("country"), _("Controlling party"), problems)}
    else:
        out["controlling_party"] = {}
    for n, link in enumerate(data.get("control_chain") or [], start=1):
        where = _("Chain of control, step %(n)s") % {"n": n}
        if not _text(link.get("name")):
            problems.append(_("%(w)s: give the name.") % {"w": where})
        out["control_chain"].append({"name": _text(link.get("name")),
                                     "country": _country(link.get("country"), where, problems)})
    if out["control_chain"] and not out["controlling_party"]:
        problems.append(_("A chain of control ends at a controlling party: name it."))
    if problems:
        errors["controlling_party"], problems = problems, []
    for n, person in enumerate(data.get("key_people") or [], start=1):
        where = _("Board member or key staff %(n)s") % {"n": n}
        nationalities = person.get("nationalities") or []
        if isinstance(nationalities, str):
            nationalities = [v for v in re.split(r"[\s,;]+", nationalities) if v]
        if not _text(person.get("name")):
            problems.append(_("%(w)s: give the name.") % {"w": where})
        if not nationalities:
            problems.append(_("%(w)s: give at least one nationality.") % {"w": where})
        out["key_people"].append({"name": _text(person.get("name")), "role": _text(person.get("role"), 120),
                                  "nationalities": [_country(c, where, problems) for c in nationalities]})
    if problems:
        errors["key_people"], problems = problems, []
    for n, item in enumerate(data.get("foreign_funding") or [], start=1):
        where = _("Foreign funding or contract %(n)s") % {"n": n}
        kind = item.get("kind") or "funding"
        if kind not in ("funding", "contract"):
            problems.append(_("%(w)s: funding or a contract.") % {"w": where})
        if not _text(item.get("source")):
            problems.append(_("%(w)s: give the source.") % {"w": where})
        amount = _number(item.get("amount_eur"), where, problems, Decimal(1), None)
        year = _number(item.get("year"), where, problems, Decimal(1990), Decimal(2100))
        out["foreign_funding"].append({"source": _text(item.get("source")), "kind": kind,
                                       "country": _country(item.get("country"), where, problems),
                                       "amount_eur": int(amount) if amount is not None else None,
                                       "year": int(year) if year is not None else None})
    if problems:
        errors["foreign_funding"], problems = problems, []
    for n, tie in enumerate(data.get("listed_ties") or [], start=1):
        where = _("Tie to a listed entity %(n)s") % {"n": n}
        if not _text(tie.get("name")) or not _text(tie.get("description"), 2_000):
            problems.append(_("%(w)s: give the entity and the nature of the tie.") % {"w": where})
        out["listed_ties"].append({"name": _text(tie.get("name")), "list": _text(tie.get("list"), 120),
                                   "description": _text(tie.get("description"), 2_000)})
    if problems:
        errors["listed_ties"] = problems
    out["statement"] = _text(data.get("statement"), 10_000)
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def disclosure_declare(*, user: User, organisation: Organisation, data: dict[str, Any]) -> Disclosure:
    """Declare the next version of the organisation's disclosure (its administrators, or the office on their
    behalf). Earlier versions stay as they were."""
    if not permissions.can_declare(user, organisation):
        raise PermissionDenied(_("The disclosure is declared by the organisation's administrators."))
    cleaned = clean_disclosure(data)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    last = organisation.disclosures.order_by("-version").first()
    disclosure = Disclosure.objects.create(organisation=organisation, version=(last.version + 1) if last else 1,
                                           declared_by=user, **cleaned)
    record_change(user=user, action=CREATE, instance=disclosure, before=None, after=snapshot(disclosure),
                  related=organisation)
    transaction.on_commit(lambda: screen_organisation(organisation.pk))
    notify(office_users(), url=_protection_url(organisation),
           subject=_("Disclosure to sign off: %(o)s") % {"o": organisation.name},
           body=_("%(o)s declared version %(v)s of its foreign-influence disclosure.") % {
               "o": organisation.name, "v": disclosure.version})
    return disclosure


def _protection_url(organisation: Organisation) -> str:
    from django.urls import reverse

    return reverse("protection:organisation", args=[organisation.slug])


@transaction.atomic
def disclosure_review(*, user: User, disclosure: Disclosure, sign_off: bool, note: str = "") -> Disclosure:
    """The office signs a declared version off, or returns it for correction (with a note)."""
    _office_only(user, _("Disclosures are signed off by the programme office."))
    disclosure = Disclosure.objects.select_for_update().select_related("organisation").get(pk=disclosure.pk)
    note = (note or "").strip()[:5_000]
    if disclosure.status != DisclosureStatus.SUBMITTED:
        raise ValidationError(_("Version %(v)s was already reviewed.") % {"v": disclosure.version})
    newer = disclosure.organisation.disclosures.filter(version__gt=disclosure.version).exists()
    if newer:
        raise ValidationError(_("A newer version was declared; review that one."))
    if not sign_off and not note:
        raise ValidationError({"note": _("Say what to correct.")})
    before = snapshot(disclosure)
    disclosure.status = DisclosureStatus.SIGNED_OFF if sign_off else DisclosureStatus.RETURNED
    disclosure.signed_off_by = user if sign_off else None
    disclosure.signed_off_at = timezone.now() if sign_off else None
    disclosure.office_note = note
    disclosure.save()
    record_change(user=user, action=UPDATE, instance=disclosure, before=before, after=snapshot(disclosure),
                  related=disclosure.organisation)
    if not sign_off:
        transaction.on_commit(lambda: screen_organisation(disclosure.organisation_id))
        notify(organisation_admins(disclosure.organisation), url=_protection_url(disclosure.organisation),
               subject=_("Your disclosure was returned: %(o)s") % {"o": disclosure.organisation.name},
               body=_("The programme office returned version %(v)s of the disclosure of %(o)s: %(n)s") % {
                   "v": disclosure.version, "o": disclosure.organisation.name, "n": note})
    return disclosure


def renewal_due_at(disclosure: Disclosure) -> dt.datetime:
    return (disclosure.signed_off_at or disclosure.declared_at) + dt.timedelta(days=renewal_days())


def disclosures_due(now: dt.datetime | None = None) -> list[Disclosure]:
    """The current signed-off disclosures older than the renewal period (no newer version declared)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=renewal_days())
    newer = Disclosure.objects.filter(organisation_id=models.OuterRef("organisation_id"),
                                      version__gt=models.OuterRef("version"))
    return list(Disclosure.objects.filter(status=DisclosureStatus.SIGNED_OFF, signed_off_at__lte=cutoff)
                .exclude(models.Exists(newer)).select_related("organisation").order_by("signed_off_at"))


def send_renewal_reminders(now: dt.datetime | None = None) -> int:
    """Mail the administrators of every organisation whose disclosure is due for renewal, once per due date
    (again after a further renewal period without a new version). Returns the number of organisations told."""
    now = now or timezone.now()
    told = 0
    for disclosure in disclosures_due(now):
        due = renewal_due_at(disclosure)
        if disclosure.reminded_at is not None and disclosure.reminded_at >= due \
                and now - disclosure.reminded_at < dt.timedelta(days=renewal_days()):
            continue
        organisation = disclosure.organisation
        with transaction.atomic():
            notify(organisation_admins(organisation), url=_protection_url(organisation),
                   subject=_("Renew your foreign-influence disclosure: %(o)s") % {"o": organisation.name},
                   body=_("Version %(v)s of the disclosure of %(o)s was signed off on %(d)s and is due for renewal "
                          "(every %(n)s days). Declare a new version on the protection page.") % {
                       "v": disclosure.version, "o": organisation.name,
                       "d": disclosure.signed_off_at.date().isoformat() if disclosure.signed_off_at else "",
                       "n": renewal_days()})
            Disclosure.objects.filter(pk=disclosure.pk).update(reminded_at=now)
        told += 1
    return told


# --- export-control tags and releasability ------------------------------------------------------------------------

def tags_of(item: models.Model) -> list[ExportControlTag]:
    return list(ExportControlTag.objects.filter(content_type=ContentType.objects.get_for_model(item),
                                                object_id=item.pk))


@transaction.atomic
def tags_set(*, user: User, item: models.Model, entries: Iterable[str], organisation: Organisation | None = None
             ) -> list[ExportControlTag]:
    """Replace the export-control tags of a record with `entries` ("ML4", "ML4.a", "3A001", "DU6")."""
    if not permissions.can_tag(user, organisation):
        raise PermissionDenied(_("Tags are set by the programme office and the record's organisation."))
    wanted: list[tuple[str, str]] = []
    bad = []
    for raw in entries:
        if not str(raw).strip():
            continue
        parsed = export_control.parse_entry(str(raw))
        if parsed is None:
            bad.append(str(raw))
        elif parsed not in wanted:
            wanted.append(parsed)
    if bad:
        raise ValidationError({"tags": _("Not a Military List or dual-use category or control entry: %(t)s") % {
            "t": ", ".join(bad)}})
    content_type = ContentType.objects.get_for_model(item)
    current = {(t.code, t.control_entry): t for t in ExportControlTag.objects.filter(content_type=content_type,
                                                                                     object_id=item.pk)}
    before = sorted(t.control_entry or t.code for t in current.values())
    for key, tag in current.items():
        if key not in wanted:
            tag.delete()
    for code, entry in wanted:
        if (code, entry) not in current:
            ExportControlTag.objects.create(content_type=content_type, object_id=item.pk, code=code,
                                            control_entry=entry, added_by=user)
    after = sorted(entry or code for code, entry in wanted)
    if before != after:
        ObjectChange.objects.create(
            user=user, user_name=user.get_username(), action=UPDATE, changed_object_type=content_type,
            changed_object_id=item.pk, related_object_type=ContentType.objects.get_for_model(organisation or item),
            related_object_id=(organisation or item).pk, object_repr=str(item)[:200],
            prechange_data={"export_control_tags": before}, postchange_data={"export_control_tags": after})
    return tags_of(item)


def releasability(item: models.Model | None, organisation: Organisation) -> list[tuple[str, str]]:
    """What the item's export-control tags say about sharing it with `organisation`, each decision explained:
    ("withheld", ...) for a Military List item and an organisation controlled from outside the EU and NATO;
    ("flagged", ...) for a dual-use item and an organisation controlled from outside the EU (an export licence
    may be needed). Empty when nothing stands in the way. The markings work (need to know, releasability
    markings) refines this rule."""
    if item is None or item.pk is None:
        return []
    tags = tags_of(item)
    if not tags:
        return []
    countries, source = control_countries(organisation)
    out: list[tuple[str, str]] = []
    military = [t for t in tags if t.code.startswith("ML")]
    outside_alliance = [c for c in countries if c not in export_control.EU_OR_NATO]
    if military and outside_alliance:
        out.append(("withheld", _("withheld: %(tag)s item, %(o)s is controlled from outside the EU and NATO "
                                  "(%(c)s, per %(s)s).") % {
            "tag": ", ".join(str(t) for t in military), "o": organisation.name, "c": ", ".join(outside_alliance),
            "s": source}))
    dual = [t for t in tags if t.code.startswith("DU")]
    outside_eu = [c for c in countries if c not in export_control.EU_MEMBERS]
    if dual and outside_eu:
        out.append(("flagged", _("flagged: dual-use %(tag)s item, %(o)s is controlled from outside the EU "
                                 "(%(c)s, per %(s)s): an export licence may be needed.") % {
            "tag": ", ".join(str(t) for t in dual), "o": organisation.name, "c": ", ".join(outside_eu), "s": source}))
    return out


def military_list_release(user: Viewer | None) -> tuple[bool, str]:
    """Whether records tagged with a Military List category are releasable to `user`, and if not, why: one of the
    user's organisations must be controlled from within the EU and NATO (a user without an organisation, and a
    visitor without an account, have no releasability). The office sees everything. The one read path
    (core.restrict, protection.permissions.withhold_military_list) applies it to every tagged model; a record's
    own people are let through by the model's rule."""
    if permissions.is_office(user):
        return True, ""
    if not getattr(user, "is_authenticated", False):
        return False, _("withheld: items on the EU Common Military List; sign in as a member of an organisation "
                        "to see them.")
    from straiik.registry.permissions import member_of

    reasons = []
    released = None
    for organisation in Organisation.objects.filter(pk__in=member_of(user)):
        countries, source = control_countries(organisation)
        outside = [c for c in countries if c not in export_control.EU_OR_NATO]
        if not outside:
            released = (True, "")
            break
        reasons.append(_("%(o)s is controlled from outside the EU and NATO (%(c)s, per %(s)s)") % {
            "o": organisation.name, "c": ", ".join(outside), "s": source})
    if released is None:
        why = "; ".join(reasons) if reasons else _("you are not a member of an organisation")
        released = (False, _("withheld: items on the EU Common Military List; %(why)s.") % {"why": why})
    return released


def military_tagged_ids(model: type[models.Model]) -> QuerySet[ExportControlTag, Any]:
    """The ids of `model`'s records tagged with a Military List category, as a subquery."""
    return ExportControlTag.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                           code__startswith="ML").values("object_id")


def withheld_note(user: Viewer | None, queryset: QuerySet[Any]) -> str:
    """Why some of the rows of `queryset` (before restriction) are withheld from `user` by export control, for the
    note on a list page; empty when nothing is."""
    released, why = military_list_release(user)
    if released or not queryset.filter(pk__in=military_tagged_ids(queryset.model)).exists():
        return ""
    return why
