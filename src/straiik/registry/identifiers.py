"""Organisation identifiers: how each is written, checked and compared.

python-stdnum checks what it covers (LEI: ISO 17442 with its ISO 7064 mod 97-10 check digits; EU VAT numbers
per member state; Ukrainian EDRPOU with its check digit; the Dutch "elfproef" that RSIN shares with the
BSN). KvK numbers (8 digits; no check digit since 2016), EU PIC (9 digits; the Commission publishes no check
digit) and NCAGE/CAGE codes (5 letters or digits; US CAGE codes begin and end with a digit) are checked
for their form here. Every identifier is stored compact (no spaces, dots or dashes; capitals), so two
spellings of one number compare equal and a unique constraint can hold."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import lei as stdnum_lei
from stdnum.eu import vat as stdnum_eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_elfproef
from stdnum.ua import edrpou as stdnum_edrpou
from stdnum.util import clean

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def compact(value: str) -> str:
    return clean(value or "", " -./").strip().upper()


def _digits(value: str, n: int, message: str | StrPromise) -> None:
    if not re.fullmatch(rf"\d{{{n}}}", value):
        raise ValidationError(message, code="invalid")


def validate_kvk(value: str) -> None:
    _digits(compact(value), 8, _("A KvK number has 8 digits."))


def validate_rsin(value: str) -> None:
    value = compact(value)
    _digits(value, 9, _("An RSIN has 9 digits."))
    if stdnum_elfproef.checksum(value) != 0:
        raise ValidationError(_("This is not a valid RSIN: its check digit (the elfproef) does not match."),
                              code="checksum")


def validate_lei(value: str) -> None:
    value = compact(value)
    if not re.fullmatch(r"[0-9A-Z]{18}\d{2}", value):
        raise ValidationError(_("An LEI has 20 characters: 18 letters or digits and 2 check digits."),
                              code="invalid")
    try:
        stdnum_lei.validate(value)
    except StdnumError:
        raise ValidationError(_("This is not a valid LEI: its check digits (ISO 17442) do not match."),
                              code="checksum") from None


# Five letters or digits; the letter or digit at either end says which nation's codification bureau
# assigned it (NATO AC/135 CodSP-3): US CAGE codes are #***#, other nations' NCAGE codes carry a letter
# at the start or the end (Belgium B***#, France F***#, Austria #***N, ...).
NCAGE_PATTERN = re.compile(r"[0-9A-Z]{5}")


def validate_ncage(value: str) -> None:
    if not NCAGE_PATTERN.fullmatch(compact(value)):
        raise ValidationError(_("An NCAGE or CAGE code has 5 letters or digits."), code="invalid")


def validate_ncage_for_country(value: str, country: str) -> None:
    value = compact(value)
    if country == "US" and value and not (value[0].isdigit() and value[-1].isdigit()):
        raise ValidationError(_("A US CAGE code begins and ends with a digit."), code="invalid")
    if country not in ("US", "CA", "") and value and value[0].isdigit() and value[-1].isdigit():
        raise ValidationError(_("An NCAGE code from outside the United States and Canada has a letter at its "
                                "start or end."), code="invalid")


def validate_pic(value: str) -> None:
    _digits(compact(value), 9, _("An EU Participant Identification Code (PIC) has 9 digits."))


def validate_vat(value: str) -> None:
    value = compact(value)
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z+*]{2,13}", value):
        raise ValidationError(_("A VAT number begins with its two-letter country prefix, e.g. NL123456789B01."),
                              code="invalid")
    if value[:2].lower() not in stdnum_eu_vat.MEMBER_STATES and value[:2] != "EL":
        raise ValidationError(_("%(prefix)s is not the prefix of an EU VAT number.") % {"prefix": value[:2]},
                              code="country")
    try:
        stdnum_eu_vat.validate(value)
    except StdnumError:
        raise ValidationError(_("This is not a valid VAT number for %(prefix)s.") % {"prefix": value[:2]},
                              code="checksum") from None


def validate_edrpou(value: str) -> None:
    value = compact(value)
    _digits(value, 8, _("An EDRPOU code has 8 digits."))
    try:
        stdnum_edrpou.validate(value)
    except StdnumError:
        raise ValidationError(_("This is not a valid EDRPOU code: its check digit does not match."),
                              code="checksum") from None


class IdentifierField(models.CharField):
    """A CharField that stores the compact form of what is typed (model validation cleans it)."""

    def to_python(self, value: object) -> str:
        text = super().to_python(value)
        return compact(text) if text else ""


@dataclass(frozen=True)
class Identifier:
    field: str
    label: str
    validate: Callable[[str], None]
    unique: bool


# VAT numbers are not unique: the members of a fiscal unity (fiscale eenheid) share one.
IDENTIFIERS = (
    Identifier("kvk_number", "KvK", validate_kvk, True),
    Identifier("rsin", "RSIN", validate_rsin, True),
    Identifier("lei", "LEI", validate_lei, True),
    Identifier("ncage", "NCAGE", validate_ncage, True),
    Identifier("eu_pic", "PIC", validate_pic, True),
    Identifier("vat_number", "VAT", validate_vat, False),
    Identifier("edrpou", "EDRPOU", validate_edrpou, True),
)
IDENTIFIER_FIELDS = tuple(i.field for i in IDENTIFIERS)
UNIQUE_FIELDS = tuple(i.field for i in IDENTIFIERS if i.unique)
