"""Markings on sensitive records (issue 13): classification, releasability and need-to-know groups.

Modelled on STANAG 4774 (confidentiality metadata): a record carries a *policy* (the instance's scheme,
`STRAIIK_MARKING_POLICY`), a *classification* from an ordered scheme (`STRAIIK_MARKING_SCHEME`, the Dutch one by
default), and two categories: *releasability* (to which nations or groups of nations, `STRAIIK_RELEASABILITY`) and
a *need-to-know group* (named people and organisations, core.models.NeedToKnowGroup).

A person reads a marked record when all of these hold (`may_read`, and `restrict_marked` for querysets):
- its classification is at or below their clearance (core.models.Clearance; without one: the lowest level);
- it is releasable to one of their nations, or carries no releasability caveat. A person's nations are the
  countries of the *verified* organisations they are an active member of (a visitor, or someone without a
  verified organisation, has no nation and reads only records without a caveat);
- it names no need-to-know group, or they belong to its group (themselves or through an organisation);
- the record's own parties (its submitter, the members of its organisation: `MARKING_PARTIES`) pass the
  releasability and need-to-know tests, never the clearance test.
The programme office and platform administrators are the custodians: they are cleared to the instance's ceiling
(no record may be above it) and pass releasability and need-to-know, because they manage the groups, set
clearances and downgrade markings. See docs/markings.md.

This module is also the seam with the one read path (`straiik.core.restrict`): it calls `restrict_marked(queryset,
user)` for every model it restricts, and each app's visibility function calls it too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from straiik.engines.supply.regions import EU_MEMBERS, NATO_MEMBERS

# Lowest first. Codes are stored and stay stable; labels are translated.
DUTCH_SCHEME: tuple[tuple[str, Any], ...] = (
    ("ongerubriceerd", _("Ongerubriceerd")),
    ("departementaal-vertrouwelijk", _("Departementaal Vertrouwelijk")),
    ("stg-confidentieel", _("Stg. Confidentieel")),
    ("stg-geheim", _("Stg. Geheim")),
    ("stg-zeer-geheim", _("Stg. Zeer Geheim")),
)

# code -> (label, the nations it is releasable to). A record without a code carries no releasability caveat.
DEFAULT_RELEASABILITY: dict[str, tuple[Any, frozenset[str]]] = {
    "NL": (_("NL only"), frozenset({"NL"})),
    "NL+UA": (_("NL and UA"), frozenset({"NL", "UA"})),
    "EU": (_("EU member states"), EU_MEMBERS),
    "NATO": (_("NATO members"), NATO_MEMBERS),
    "EU+NATO": (_("EU and NATO"), EU_MEMBERS | NATO_MEMBERS),
    "EU+NATO+UA": (_("EU, NATO and UA"), EU_MEMBERS | NATO_MEMBERS | {"UA"}),
}


@dataclass(frozen=True)
class Level:
    code: str
    label: Any
    rank: int

    def __str__(self) -> str:
        return str(self.label)


def scheme() -> list[Level]:
    entries = getattr(settings, "STRAIIK_MARKING_SCHEME", None) or DUTCH_SCHEME
    return [Level(code, label, rank) for rank, (code, label) in enumerate(entries)]


def _levels() -> dict[str, Level]:
    return {level.code: level for level in scheme()}


def level(code: str) -> Level:
    levels = _levels()
    return levels.get(code) or scheme()[0]


def rank(code: str) -> int:
    found = _levels().get(code)
    # An unknown code (a scheme changed under stored data) counts as the highest: fail closed.
    return found.rank if found is not None else len(scheme())


def lowest_classification() -> str:
    """The default of every marked record (and of a person without a clearance)."""
    return scheme()[0].code


def ceiling() -> str:
    """The highest classification this instance may hold (STRAIIK_MARKING_CEILING)."""
    code = getattr(settings, "STRAIIK_MARKING_CEILING", "") or scheme()[-1].code
    return code if code in _levels() else lowest_classification()


def classification_choices(up_to: str | None = None) -> list[tuple[str, str]]:
    top = rank(up_to or ceiling())
    return [(lv.code, str(lv.label)) for lv in scheme() if lv.rank <= min(top, rank(ceiling()))]


def codes_up_to(code: str) -> list[str]:
    top = rank(code)
    return [lv.code for lv in scheme() if lv.rank <= top]


def releasabilities() -> dict[str, tuple[Any, frozenset[str]]]:
    configured = getattr(settings, "STRAIIK_RELEASABILITY", None)
    if not configured:
        return DEFAULT_RELEASABILITY
    return {code: (label, frozenset(nations)) for code, (label, nations) in configured.items()}


def releasability_choices() -> list[tuple[str, str]]:
    return [("", str(_("No caveat: every cleared reader")))] + [
        (code, str(label)) for code, (label, _nations) in releasabilities().items()]


def releasability_label(code: str) -> str:
    if not code:
        return ""
    entry = releasabilities().get(code)
    return str(entry[0]) if entry else code


def validate_classification(value: str) -> None:
    if value not in _levels():
        raise ValidationError(_("%(value)s is not a classification of this instance's scheme."),
                              params={"value": value}, code="classification")
    if rank(value) > rank(ceiling()):
        raise ValidationError(
            _("%(level)s is above this instance's ceiling (%(ceiling)s): records marked higher may not be stored "
              "here. Keep the information on an accredited system."),
            params={"level": level(value).label, "ceiling": level(ceiling()).label}, code="ceiling")


def validate_releasability(value: str) -> None:
    if value and value not in releasabilities():
        raise ValidationError(_("%(value)s is not a releasability of this instance."), params={"value": value},
                              code="releasability")


def policy() -> str:
    return getattr(settings, "STRAIIK_MARKING_POLICY", "NL")


# --- who is the reader ------------------------------------------------------------------------------------------

# Core sits below the registry (pyproject's layers), so the registry tells the markings who belongs to which
# organisation, from RegistryConfig.ready() (`register_organisations`): `member_of(user)` the ids of the
# organisations a person is an active member of, `nations(ids)` the countries of the verified ones among them.
# Without the registry nobody is a member of any organisation.


@dataclass(frozen=True)
class Organisations:
    member_of: Callable[[Viewer | None], frozenset[int]]
    nations: Callable[[frozenset[int]], frozenset[str]]


ORGANISATIONS = Organisations(member_of=lambda user: frozenset(), nations=lambda ids: frozenset())


def register_organisations(source: Organisations) -> None:
    global ORGANISATIONS
    ORGANISATIONS = source


def member_of(user: Viewer | None) -> frozenset[int]:
    return ORGANISATIONS.member_of(user)


_CLEARANCE_ATTR = "_straiik_clearance"
_NATIONS_ATTR = "_straiik_nations"
_GROUPS_ATTR = "_straiik_ntk_groups"


def _authenticated(user: Viewer | None) -> TypeIs[User]:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_custodian(user: Viewer | None) -> bool:
    """The programme office and platform administrators (see the module's docstring)."""
    from straiik.accounts.roles import is_staff_of_platform

    return is_staff_of_platform(user)


def clearance_of(user: Viewer | None) -> str:
    if not _authenticated(user):
        return lowest_classification()
    if is_custodian(user):
        return ceiling()
    cached = getattr(user, _CLEARANCE_ATTR, None)
    if cached is None:
        from straiik.core.models import Clearance

        found = Clearance.objects.filter(user_id=user.pk).values_list("level", flat=True).first()
        cached = found if found in _levels() else lowest_classification()
        setattr(user, _CLEARANCE_ATTR, cached)
    return cached


def nations_of(user: Viewer | None) -> frozenset[str]:
    """The countries of the verified organisations `user` is an active member of."""
    if not _authenticated(user):
        return frozenset()
    cached = getattr(user, _NATIONS_ATTR, None)
    if cached is None:
        ids = member_of(user)
        cached = ORGANISATIONS.nations(ids) if ids else frozenset()
        setattr(user, _NATIONS_ATTR, cached)
    return cached


def groups_of(user: Viewer | None) -> frozenset[int]:
    """The need-to-know groups `user` belongs to, in person or through an organisation."""
    if not _authenticated(user):
        return frozenset()
    cached = getattr(user, _GROUPS_ATTR, None)
    if cached is None:
        from straiik.core.models import NeedToKnowGroup
        ids = member_of(user)
        q = Q(members=user)
        if ids:
            q |= Q(organisations__in=ids)
        cached = frozenset(NeedToKnowGroup.objects.filter(q).values_list("pk", flat=True).distinct())
        setattr(user, _GROUPS_ATTR, cached)
    return cached


def forget_reader(user: Viewer | None) -> None:
    """Drop what this module cached on the user object (after a clearance, membership or group changed)."""
    for attr in (_CLEARANCE_ATTR, _NATIONS_ATTR, _GROUPS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def releasable_codes(nations: frozenset[str]) -> list[str]:
    return [code for code, (_label, to) in releasabilities().items() if nations & to]


# --- the marked records -----------------------------------------------------------------------------------------


class Marked(models.Model):
    """A record with a marking. `MARKING_PARENT` names the foreign key to the record whose marking this one may
    not go below; `MARKING_CHILDREN` the reverse accessors of the records that may not go below this one;
    `MARKING_PARTIES` the foreign keys to a user (`submitted_by`) or an organisation (`organisation`) whose
    people are the record's parties. `MARKING_ROWS` False: the marking covers some fields
    (`SENSITIVE_FIELDS`), not the row (the registry's organisations)."""

    classification = models.CharField(
        _("classification"), max_length=40, default=lowest_classification,
        validators=[validate_classification])
    releasability = models.CharField(_("releasable to"), max_length=20, blank=True,
                                     validators=[validate_releasability])
    need_to_know = models.ForeignKey("core.NeedToKnowGroup", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("need-to-know group"))
    # Set by the office's downgrade (core.markings.marking_downgrade): the record may then stay below its parent.
    marking_downgraded = models.BooleanField(default=False, editable=False)

    MARKING_PARENT: ClassVar[str | None] = None
    MARKING_CHILDREN: ClassVar[tuple[str, ...]] = ()
    MARKING_PARTIES: ClassVar[tuple[str, ...]] = ()
    MARKING_ROWS: ClassVar[bool] = True
    MARKING_FIELDS: ClassVar[tuple[str, ...]] = ("classification", "releasability", "need_to_know")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.apply_marking_floor()
        # Every way in (forms, imports, the API, services, the shell) passes here: nothing above the ceiling.
        validate_classification(self.classification)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "classification", "releasability", "need_to_know"}
        changed = getattr(self, "_loaded_marking", None) != self.marking_key()
        super().save(*args, **kwargs)
        self._loaded_marking = self.marking_key()
        if changed:
            self.raise_children()

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any]) -> Self:  # type: ignore[override]  # noqa: E501
        instance = super().from_db(db, field_names, values)
        instance._loaded_marking = instance.marking_key()
        return instance

    def marking_key(self) -> tuple[str, str, int | None]:
        return (self.__dict__.get("classification", ""), self.__dict__.get("releasability", ""),
                self.__dict__.get("need_to_know_id"))

    @property
    def marking(self) -> MarkingView:
        return MarkingView.of(self)

    def marking_parent(self) -> Marked | None:
        if not self.MARKING_PARENT:
            return None
        field = self._meta.get_field(self.MARKING_PARENT)
        if not isinstance(field, models.ForeignKey) or getattr(self, field.attname) is None:
            return None
        parent = getattr(self, self.MARKING_PARENT)
        return parent if isinstance(parent, Marked) else None

    def apply_marking_floor(self) -> None:
        """Raise this record to its parent's marking: a child is never marked lower than its parent."""
        if self.marking_downgraded:
            return
        parent = self.marking_parent()
        if parent is None:
            return
        if rank(self.classification) < rank(parent.classification):
            self.classification = parent.classification
        if parent.releasability:
            mine = releasabilities().get(self.releasability, (None, None))[1] if self.releasability else None
            theirs = releasabilities().get(parent.releasability, (None, frozenset()))[1]
            if mine is None or not mine <= theirs:
                self.releasability = parent.releasability
        if parent.need_to_know_id and not self.need_to_know_id:
            self.need_to_know_id = parent.need_to_know_id

    def raise_children(self) -> None:
        for accessor in self.MARKING_CHILDREN:
            for child in getattr(self, accessor).filter(marking_downgraded=False):
                if child.MARKING_PARENT:
                    setattr(child, child.MARKING_PARENT, self)  # no query per child for its parent
                before = child.marking_key()
                child.apply_marking_floor()
                if child.marking_key() != before:
                    child.save(update_fields=["classification", "releasability", "need_to_know"])

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from straiik.accounts.types import User, Viewer


def is_marked(model: type[Model]) -> bool:
    """Whether rows of this model carry a marking the read path must apply."""
    return issubclass(model, Marked) and model.MARKING_ROWS


def _names_organisation(model: type[Model], lookup: str) -> bool:
    related = model._meta.get_field(lookup).related_model
    return related is not None and related._meta.label == "registry.Organisation"


def _party_q(model: type[Marked], user: Viewer | None, prefix: str = "") -> Q | None:
    if not _authenticated(user) or not model.MARKING_PARTIES:
        return None
    q = Q()
    for lookup in model.MARKING_PARTIES:
        if _names_organisation(model, lookup):
            ids = member_of(user)
            if ids:
                q |= Q(**{f"{prefix}{lookup}_id__in": ids})
        else:
            q |= Q(**{f"{prefix}{lookup}_id": user.pk})
    return q if q else None


def marking_q(model: type[Marked], user: Viewer | None, prefix: str = "") -> Q:
    """The condition on `model`'s rows (through `prefix`, e.g. "proposal__") that lets `user` read them."""
    condition = Q()
    allowed = codes_up_to(clearance_of(user))
    if len(allowed) < len(scheme()):
        condition &= Q(**{f"{prefix}classification__in": allowed})
    party = _party_q(model, user, prefix)
    released = Q(**{f"{prefix}releasability": ""})
    codes = releasable_codes(nations_of(user))
    if codes:
        released |= Q(**{f"{prefix}releasability__in": codes})
    groups = groups_of(user)
    known = Q(**{f"{prefix}need_to_know__isnull": True})
    if groups:
        known |= Q(**{f"{prefix}need_to_know_id__in": groups})
    if party is not None:
        released |= party
        known |= party
    return condition & released & known


def restrict_marked(queryset: QuerySet[Any], user: Viewer | None) -> QuerySet[Any]:
    """The rows of `queryset` whose marking lets `user` read them."""
    model = queryset.model
    if not is_marked(model) or is_custodian(user):
        return queryset
    return queryset.filter(marking_q(model, user))


def is_party(user: Viewer | None, record: Marked) -> bool:
    if not _authenticated(user):
        return False
    for lookup in record.MARKING_PARTIES:
        value = getattr(record, f"{lookup}_id", None)
        if value is None:
            continue
        if _names_organisation(type(record), lookup):
            if value in member_of(user):
                return True
        elif value == user.pk:
            return True
    return False


def may_read(user: Viewer | None, record: Any) -> bool:
    """Whether `user` may read `record` (a marked one; any other record passes)."""
    if not isinstance(record, Marked) or is_custodian(user):
        return True
    if rank(record.classification) > rank(clearance_of(user)):
        return False
    if is_party(user, record):
        return True
    if record.releasability and record.releasability not in releasable_codes(nations_of(user)):
        return False
    return not (record.need_to_know_id and record.need_to_know_id not in groups_of(user))


def may_set(user: Viewer | None, code: str) -> bool:
    """No one marks a record above their own clearance (nor above the ceiling)."""
    return rank(code) <= min(rank(clearance_of(user)), rank(ceiling()))


# --- showing a marking ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarkingView:
    classification: str
    releasability: str
    need_to_know: str

    @classmethod
    def of(cls, record: Marked) -> MarkingView:
        group = ""
        if record.need_to_know_id:
            group = record.need_to_know.name if record.need_to_know else ""
        return cls(record.classification, record.releasability, group)

    @property
    def rank(self) -> int:
        return rank(self.classification)

    @property
    def label(self) -> str:
        return str(level(self.classification).label)

    @property
    def releasability_label(self) -> str:
        return releasability_label(self.releasability)

    @property
    def is_lowest(self) -> bool:
        return self.rank == 0 and not self.releasability and not self.need_to_know

    def text(self) -> str:
        """One line, as on a banner or an export's header: "STG. CONFIDENTIEEL // REL NL+UA // NTK: group"."""
        parts = [self.label.upper()]
        if self.releasability:
            parts.append(str(_("releasable to %(to)s")) % {"to": self.releasability_label})
        if self.need_to_know:
            parts.append(str(_("need to know: %(group)s")) % {"group": self.need_to_know})
        return " // ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"policy": policy(), "classification": self.classification, "label": self.label,
                "releasability": self.releasability, "releasable_to": self.releasability_label,
                "need_to_know": self.need_to_know, "text": self.text()}


def highest(records: Any) -> MarkingView | None:
    """The highest marking among `records` (classification first; then any caveat), or None without marked ones.
    Compared on the stored codes, so only the winner's need-to-know group is read."""
    best: Marked | None = None
    best_key: tuple[int, bool, bool] = (-1, False, False)
    for record in records:
        if not isinstance(record, Marked):
            continue
        key = (rank(record.classification), bool(record.releasability), bool(record.need_to_know_id))
        if best is None or key > best_key:
            best, best_key = record, key
    return best.marking if best is not None else None


_PAGE_ATTR = "_straiik_page_markings"


def shown(request: Any, *records: Any) -> None:
    """Note that the page answering `request` shows `records` (records or iterables of them): the base
    template's banner shows the highest marking among them (`page_marking`, core.context_processors)."""
    seen = getattr(request, _PAGE_ATTR, None)
    if seen is None:
        seen = []
        setattr(request, _PAGE_ATTR, seen)
    for record in records:
        if isinstance(record, Marked):
            seen.append(record)
        elif isinstance(record, (list, tuple, QuerySet)) or hasattr(record, "object_list"):
            items = record.object_list if hasattr(record, "object_list") else record
            seen.extend(r for r in items if isinstance(r, Marked))


def page_marking(request: Any) -> MarkingView | None:
    return highest(getattr(request, _PAGE_ATTR, None) or ())


# --- the access log and the office's downgrade ------------------------------------------------------------------


def record_access(request: Any, record: Any, action: str = "view") -> None:
    """Log a view or download of `record` when it is marked above the lowest classification, and note it for the
    page's banner. Call it where a page, a download or an API answer shows one record."""
    if not isinstance(record, Marked):
        return
    shown(request, record)
    if rank(record.classification) == 0:
        return
    from django.contrib.contenttypes.models import ContentType

    from straiik.accounts.authlog import client_ip
    from straiik.core.models import AccessLogEntry

    user = getattr(request, "auth", None)  # the API's caller (a token's user); a page's user otherwise
    if not _authenticated(user):
        user = getattr(request, "user", None)
    signed_in = _authenticated(user)
    AccessLogEntry.objects.create(
        user=user if signed_in else None, user_name=user.get_username() if _authenticated(user) else "",
        action=action, object_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        object_repr=str(record)[:200], classification=record.classification, ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300], path=request.get_full_path()[:300])


def record_accesses(request: Any, records: Any, action: str = "download") -> None:
    """`record_access` for every record of an export."""
    for record in records:
        record_access(request, record, action)


def access_log_for(record: Marked) -> QuerySet[Any]:
    from django.contrib.contenttypes.models import ContentType

    from straiik.core.models import AccessLogEntry

    return AccessLogEntry.objects.filter(object_type=ContentType.objects.get_for_model(record),
                                         object_id=record.pk)


def can_see_access_log(user: Viewer | None, record: Marked) -> bool:
    """The office and the record's parties (its owner) see who read it."""
    return is_custodian(user) or is_party(user, record)


def marking_downgrade(*, record: Marked, user: Viewer | None, classification: str, reason: str,
                      releasability: str | None = None, need_to_know: Any = "keep") -> None:
    """The office marks `record` lower than its parent (or lower than before); the change and its reason go into
    the audit trail. Nobody else may lower a child below its parent."""
    from django.db import transaction

    from straiik.core.audit import record_change
    from straiik.core.errors import Refused
    from straiik.core.models import ObjectChange

    if not is_custodian(user):
        raise Refused(_("Only the programme office downgrades a marking."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the marking may be lowered.")})
    validate_classification(classification)
    before = {"classification": record.classification, "releasability": record.releasability,
              "need_to_know": record.need_to_know_id}
    with transaction.atomic():
        record.classification = classification
        if releasability is not None:
            validate_releasability(releasability)
            record.releasability = releasability
        if need_to_know != "keep":
            record.need_to_know = need_to_know
        record.marking_downgraded = True
        record.save()
        after = {"classification": record.classification, "releasability": record.releasability,
                 "need_to_know": record.need_to_know_id, "downgrade_reason": reason.strip()}
        record_change(user=user, action=ObjectChange.Action.UPDATE, instance=record, before=before, after=after)


def export_lines(request_or_user: Any, records: Any) -> tuple[str, str]:
    """(header, footer) of an export: the highest marking of its records, and who exported it when."""
    from django.utils import timezone

    user = getattr(request_or_user, "user", request_or_user)
    view = highest(records)
    header = view.text() if view is not None else ""
    who = user.get_username() if _authenticated(user) else str(_("a visitor"))
    footer = str(_("Exported by %(who)s at %(when)s")) % {
        "who": who, "when": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")}
    if header:
        footer = f"{header} · {footer}"
    return header, footer


def groups_usable_by(user: Viewer | None) -> QuerySet[Any]:
    """The need-to-know groups a person may put on a record: those they manage or belong to (the office: all)."""
    from straiik.core.models import NeedToKnowGroup

    if is_custodian(user):
        return NeedToKnowGroup.objects.all()
    if not _authenticated(user):
        return NeedToKnowGroup.objects.none()
    return NeedToKnowGroup.objects.filter(Q(managed_by=user) | Q(pk__in=groups_of(user))).distinct()


def check_marking_choice(user: Viewer | None, data: dict[str, Any]) -> None:
    """A service's check of the marking a person gives a record (forms, API and imports pass here): known codes,
    not above the ceiling nor above the person's own clearance, and a group they may use."""
    errors: dict[str, Any] = {}
    code = data.get("classification")
    if code is not None:
        try:
            validate_classification(code)
            if not may_set(user, code):
                raise ValidationError(_("You may not mark a record above your own clearance (%(c)s)."),
                                      params={"c": level(clearance_of(user)).label})
        except ValidationError as error:
            errors["classification"] = error.messages
    if data.get("releasability"):
        try:
            validate_releasability(data["releasability"])
        except ValidationError as error:
            errors["releasability"] = error.messages
    group = data.get("need_to_know")
    if group is not None:
        group_id = getattr(group, "pk", group)
        if not groups_usable_by(user).filter(pk=group_id).exists():
            errors["need_to_know"] = [_("You may only use a need-to-know group you manage or belong to.")]
    if errors:
        raise ValidationError(errors)


# --- exports ----------------------------------------------------------------------------------------------------

from collections.abc import Iterator  # noqa: E402 - kept with the export helpers that use it
from contextlib import contextmanager  # noqa: E402
from contextvars import ContextVar  # noqa: E402

_EXPORT: ContextVar[tuple[str, str] | None] = ContextVar("straiik_export_marking", default=None)


@dataclass(frozen=True)
class Stamp:
    """The header (the highest marking) and footer (marking, reader and time) of one export."""

    header: str
    footer: str

    def xlsx(self, data: bytes) -> bytes:
        """The workbook with the marking as every sheet's first row, and header and footer in its print setup."""
        import io

        from openpyxl import load_workbook
        from openpyxl.styles import Font

        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            sheet.insert_rows(1)
            sheet.cell(row=1, column=1, value=self.header or self.footer).font = Font(bold=True)
            if self.header:
                sheet.cell(row=1, column=2, value=self.footer)
            if sheet.oddHeader is not None and sheet.oddFooter is not None:
                sheet.oddHeader.center.text = self.header
                sheet.oddFooter.center.text = self.footer
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def json(self, text: str, records: Any = ()) -> str:
        """A JSON export with a top-level `marking` (and who exported it when) beside its data."""
        import json as _json

        data = _json.loads(text)
        view = highest(records)
        stamp = {**(view.as_dict() if view is not None else {}), "exported": self.footer}
        if isinstance(data, dict):
            data = {"marking": stamp, **data}
        else:
            data = {"marking": stamp, "data": data}
        return _json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@contextmanager
def exporting(request: Any, records: Any) -> Iterator[Stamp]:
    """While a view builds an export of `records`: the download is logged (record_access), and every PDF and
    DOCX built meanwhile (core.pdf) carries the marking in its header and footer, and the reader and the time in
    its footer. XLSX and JSON take it from the stamp this yields."""
    records = [r for r in records if r is not None]
    record_accesses(request, records, "download")
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    header, footer = export_lines(user, records)
    token = _EXPORT.set((header, footer))
    try:
        yield Stamp(header, footer)
    finally:
        _EXPORT.reset(token)


def export_marking() -> tuple[str, str] | None:
    """(header, footer) of the export being built, or None outside `exporting`."""
    return _EXPORT.get()
