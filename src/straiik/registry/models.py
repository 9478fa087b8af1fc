"""The ecosystem registry: organisations of every kind, what they can do, and who belongs to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from straiik.core.markings import Marked
from straiik.core.restrict import RestrictedQuerySet
from straiik.core.search import SearchDocumentField
from straiik.registry import identifiers, taxonomies
from straiik.registry.identifiers import IdentifierField
from straiik.registry.taxonomies import Area

if TYPE_CHECKING:
    pass


class OrganisationKind(models.TextChoices):
    PRIME = "prime", _("Company — prime contractor")
    SUPPLIER = "supplier", _("Company — supplier")
    SME = "sme", _("Company — SME")
    STARTUP = "startup", _("Company — start-up")
    KNOWLEDGE = "knowledge", _("Knowledge institution")
    FINANCIAL = "financial", _("Financial institution")
    DEFENCE_UNIT = "defence-unit", _("Defence unit")
    GOVERNMENT = "government", _("Government body")
    INTERNATIONAL = "international", _("International partner")


COMPANY_KINDS = frozenset({OrganisationKind.PRIME, OrganisationKind.SUPPLIER, OrganisationKind.SME,
                           OrganisationKind.STARTUP})
# Kinds that carry authority (post needs for the forces, finance, govern): only the programme office
# registers them or gives an organisation such a kind.
AUTHORITY_KINDS = frozenset({OrganisationKind.DEFENCE_UNIT, OrganisationKind.GOVERNMENT,
                             OrganisationKind.FINANCIAL})


class VerificationStatus(models.TextChoices):
    DECLARED = "declared", _("Declared")
    VERIFIED = "verified", _("Verified")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    REGISTERED = "registered", _("Registered users only")


class ClearanceStatus(models.TextChoices):
    NOT_ASSESSED = "not-assessed", _("Not assessed")
    APPLIED = "applied", _("Applied for")
    CONFIDENTIAL = "confidential", _("Cleared up to Confidential")
    SECRET = "secret", _("Cleared up to Secret")
    REFUSED = "refused", _("Refused")


def validate_country(value: str) -> None:
    if value and value not in taxonomies.country_codes():
        raise ValidationError(_("%(value)s is not an ISO 3166 country code"), params={"value": value})


def validate_province(value: str) -> None:
    if value and value not in taxonomies.province_codes():
        raise ValidationError(_("%(value)s is not a Dutch province code"), params={"value": value})


class PriorityArea(models.Model):
    code = models.CharField(max_length=32, primary_key=True, choices=Area.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("priority area")
        verbose_name_plural = _("priority areas")

    def __str__(self) -> str:
        return str(Area(self.code).label)


class CpvCode(models.Model):
    """CPV 2008, the EU Common Procurement Vocabulary, loaded from the vendored file by a migration."""

    code = models.CharField(max_length=8, primary_key=True)
    AUDIT_KEY = "code"  # the trail names an item by its code, not its (translated) label
    parent = models.CharField(max_length=8, blank=True)
    level = models.PositiveSmallIntegerField()
    label_en = models.CharField(max_length=400)
    label_nl = models.CharField(max_length=400)

    class Meta:
        ordering = ["code"]
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return taxonomies.cpv_label({"en": self.label_en, "nl": self.label_nl})


class RegionalEcosystem(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(unique=True)
    network = models.CharField(_("network"), max_length=60, blank=True, help_text=_("For example MINDbase"))
    city = models.CharField(_("city"), max_length=80, blank=True)
    province = models.CharField(_("province"), max_length=6, blank=True, validators=[validate_province])

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional ecosystem")
        verbose_name_plural = _("regional ecosystems")

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(RestrictedQuerySet["Organisation"]):
    """`.restrict(user, action)`: only what `user` may see (view) or change (change, delete); the rules are in
    registry/permissions.py (core.restrict)."""


class Organisation(Marked, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, db_index=True)
    description = models.TextField(_("description"), blank=True, max_length=20_000)
    website = models.URLField(_("website"), blank=True)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country], default="NL")
    province = models.CharField(
        _("province"), max_length=6, blank=True, validators=[validate_province], db_index=True
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        RegionalEcosystem, verbose_name=_("regional ecosystem"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="organisations",
    )
    areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas"), blank=True,
                                   related_name="organisations")
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    founded = models.PositiveSmallIntegerField(
        _("founded"), null=True, blank=True, validators=[MinValueValidator(1600), MaxValueValidator(2100)]
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    # Sensitive: visible to the platform staff, defence buyers and the organisation's own members only.
    foreign_ownership_pct = models.DecimalField(
        _("foreign ownership (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    foreign_control_country = models.CharField(
        _("controlled from country"), max_length=2, blank=True, validators=[validate_country]
    )
    clearance_status = models.CharField(
        _("security clearance"), max_length=16, choices=ClearanceStatus.choices,
        default=ClearanceStatus.NOT_ASSESSED,
    )
    # Identifiers (registry.identifiers): stored compact; unique where one number names one legal entity.
    kvk_number = IdentifierField(_("KvK number"), max_length=8, blank=True, validators=[identifiers.validate_kvk],
                                 help_text=_("Chamber of Commerce (Kamer van Koophandel), 8 digits"))
    rsin = IdentifierField(_("RSIN"), max_length=9, blank=True, validators=[identifiers.validate_rsin],
                           help_text=_("Legal entities and partnerships information number, 9 digits"))
    lei = IdentifierField(_("LEI"), max_length=20, blank=True, validators=[identifiers.validate_lei],
                          help_text=_("Legal Entity Identifier (ISO 17442), 20 characters"))
    ncage = IdentifierField(_("NCAGE code"), max_length=5, blank=True, validators=[identifiers.validate_ncage],
                            help_text=_("NATO Commercial and Government Entity code (CAGE in the US), 5 characters"))
    eu_pic = IdentifierField(_("EU PIC"), max_length=9, blank=True, validators=[identifiers.validate_pic],
                             help_text=_("Participant Identification Code in the EU Funding & Tenders portal, "
                                         "9 digits"))
    vat_number = IdentifierField(_("VAT number"), max_length=16, blank=True, validators=[identifiers.validate_vat],
                                 help_text=_("EU VAT number with its country prefix, e.g. NL123456789B01"))
    edrpou = IdentifierField(_("EDRPOU"), max_length=8, blank=True, validators=[identifiers.validate_edrpou],
                             help_text=_("Ukrainian register of enterprises (ЄДРПОУ), 8 digits"))
    # Declared by whoever registers it until the programme office checks it against evidence.
    verification_status = models.CharField(
        _("verification"), max_length=10, choices=VerificationStatus.choices, default=VerificationStatus.DECLARED,
        db_index=True, editable=False,
    )
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False, verbose_name=_("verified by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verification_evidence = models.TextField(_("evidence"), blank=True, max_length=2000, editable=False)
    # Highest TRL among the capabilities, kept by the services so the list can filter without a join.
    max_trl = models.PositiveSmallIntegerField(null=True, blank=True, editable=False, db_index=True)
    search_document = SearchDocumentField()
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrganisationQuerySet.as_manager()

    SENSITIVE_FIELDS = ("foreign_ownership_pct", "foreign_control_country", "clearance_status")

    # The marking covers the sensitive fields (SENSITIVE_FIELDS), not the organisation itself.
    MARKING_ROWS = False

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["name", "id"]),
            models.Index(fields=["country", "name"]),
            # The public list: visibility = 'public' in name order, without sorting every public record.
            models.Index(fields=["visibility", "name", "id"]),
        ]
        # The database holds uniqueness; clean() says which field repeats whose number.
        constraints = [
            models.UniqueConstraint(fields=[i.field], condition=~models.Q(**{i.field: ""}),
                                    name=f"unique_organisation_{i.field}")
            for i in identifiers.IDENTIFIERS if i.unique
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.province and self.country != "NL":
            raise ValidationError({"province": _("A Dutch province can only be set for an organisation in NL.")})
        errors: dict[str, Any] = {}
        if self.ncage:
            try:
                identifiers.validate_ncage_for_country(self.ncage, self.country)
            except ValidationError as error:
                errors["ncage"] = error.messages
        for identifier in identifiers.IDENTIFIERS:
            value = getattr(self, identifier.field)
            if not identifier.unique or not value or identifier.field in errors:
                continue
            taken = Organisation.objects.filter(**{identifier.field: value}).exclude(pk=self.pk).first()
            if taken is not None:
                errors[identifier.field] = _("%(o)s already has this %(label)s.") % {
                    "o": taken.name, "label": identifier.label}
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude: Any = None) -> None:
        # clean() checked the identifiers' uniqueness with a message per field
        super().validate_constraints(exclude={*(exclude or ()), *identifiers.UNIQUE_FIELDS})

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def country_name(self) -> str:
        return taxonomies.country_name(self.country)

    @property
    def province_name(self) -> str:
        return taxonomies.province_name(self.province) if self.province else ""

    @property
    def is_company(self) -> bool:
        return self.kind in COMPANY_KINDS

    @classmethod
    def audit_display(cls, name: str, value: Any) -> str | None:
        if not value:
            return None
        if name in ("country", "foreign_control_country"):
            return f"{taxonomies.country_name(value)} ({value})"
        if name == "province":
            return taxonomies.province_name(value)
        return None

    AUDIT_FIELDS = ("name", "kind", "description", "website", "country", "province", "city", "region", "areas",
                    "employees", "founded", "visibility", *SENSITIVE_FIELDS, *identifiers.IDENTIFIER_FIELDS,
                    "verification_status", "verified_by", "verified_at", "verification_evidence")


class Capability(models.Model):
    class Kind(models.TextChoices):
        CAPABILITY = "capability", _("Capability")
        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")
        RESEARCH = "research", _("Research")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="capabilities")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.CAPABILITY)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    trl = models.PositiveSmallIntegerField(
        _("TRL"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("Technology readiness level, 1 (basic principles) to 9 (proven in operation)"),
    )
    areas = models.ManyToManyField(PriorityArea, verbose_name=_("priority areas"), blank=True,
                                   related_name="capabilities")
    cpv_codes = models.ManyToManyField(CpvCode, verbose_name=_("CPV codes"), blank=True,
                                       related_name="capabilities")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        return self.title

    AUDIT_FIELDS = ("kind", "title", "description", "trl", "areas", "cpv_codes")


class OrganisationCpv(models.Model):
    """The CPV codes of an organisation's capabilities, kept by the services (like max_trl) so the list
    can filter on a CPV code with one index lookup per organisation, not a join through capabilities."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    cpv_code = models.ForeignKey(CpvCode, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "cpv_code"], name="unique_organisation_cpv")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.cpv_code_id}"


class Certification(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(_("name"), max_length=120, help_text=_("For example ISO 9001, AQAP 2110, EN 9100"))
    issuer = models.CharField(_("issuer"), max_length=120, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.name

    AUDIT_FIELDS = ("name", "issuer", "valid_until")


class TestFacility(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="test_facilities")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("test facility")
        verbose_name_plural = _("test facilities")

    def __str__(self) -> str:
        return self.name

    AUDIT_FIELDS = ("name", "description", "city")


class Contact(models.Model):
    """A contact person. Personal data: shown to signed-in users only."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name

    AUDIT_FIELDS = ("name", "role", "email", "phone")


class MembershipState(models.TextChoices):
    REQUESTED = "requested", _("Requested, awaiting an administrator")
    INVITED = "invited", _("Invited, awaiting the person")
    ACTIVE = "active", _("Member")


class Membership(models.Model):
    """A person's place in an organisation. Only an active membership counts (registry.permissions.member_of);
    a claim waits for an organisation administrator, an invitation for the person invited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField(_("administrator"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=MembershipState.choices,
                             default=MembershipState.ACTIVE, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    AUDIT_FIELDS = ("user", "is_admin", "state")

    @property
    def is_active(self) -> bool:
        return self.state == MembershipState.ACTIVE


class Invitation(models.Model):
    """An e-mailed, one-time link to join an organisation. Only the SHA-256 of the link's token is stored;
    a link works once, until it expires (STRAIIK_INVITATION_DAYS)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    is_admin = models.BooleanField(_("administrator"), default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def hash_token(token: str) -> str:
        import hashlib

        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and self.expires_at > timezone.now()

    AUDIT_FIELDS = ("email", "is_admin", "expires_at", "accepted_at", "accepted_by", "withdrawn_at")
