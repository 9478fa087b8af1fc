"""The ecosystem registry: organisations of every kind, what they can do, and who belongs to them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from straiik.core.search import SearchDocumentField
from straiik.registry import taxonomies
from straiik.registry.taxonomies import Area


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


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def restrict(self, user: Any, action: str = "view") -> OrganisationQuerySet:
        """Only what `user` may see (view) or change (change, delete)."""
        from straiik.registry import permissions

        return permissions.restrict_organisations(self, user, action)


class Organisation(models.Model):
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
    # Highest TRL among the capabilities, kept by the services so the list can filter without a join.
    max_trl = models.PositiveSmallIntegerField(null=True, blank=True, editable=False, db_index=True)
    search_document = SearchDocumentField()
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = OrganisationQuerySet.as_manager()

    SENSITIVE_FIELDS = ("foreign_ownership_pct", "foreign_control_country", "clearance_status")

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

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.province and self.country != "NL":
            raise ValidationError({"province": _("A Dutch province can only be set for an organisation in NL.")})

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

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "website": self.website,
            "country": self.country,
            "province": self.province,
            "city": self.city,
            "region": self.region.name if self.region_id else "",
            "areas": sorted(a.code for a in self.areas.all()) if self.pk else [],
            "employees": self.employees,
            "founded": self.founded,
            "visibility": self.visibility,
            "foreign_ownership_pct": str(self.foreign_ownership_pct) if self.foreign_ownership_pct is not None
            else None,
            "foreign_control_country": self.foreign_control_country,
            "clearance_status": self.clearance_status,
        }


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

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        return self.title

    def audit_snapshot(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "description": self.description,
            "trl": self.trl,
            "areas": sorted(a.code for a in self.areas.all()) if self.pk else [],
            "cpv_codes": sorted(c.code for c in self.cpv_codes.all()) if self.pk else [],
        }


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

    def audit_snapshot(self) -> dict[str, Any]:
        return {"name": self.name, "issuer": self.issuer,
                "valid_until": self.valid_until.isoformat() if self.valid_until else None}


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

    def audit_snapshot(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "city": self.city}


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

    def audit_snapshot(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "email": self.email, "phone": self.phone}


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField(_("administrator"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    def audit_snapshot(self) -> dict[str, Any]:
        return {"user": self.user.get_username(), "is_admin": self.is_admin}
