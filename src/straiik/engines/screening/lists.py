"""Readers for the published restricted-party lists, as files (the platform never downloads them):

- the EU consolidated list of persons, groups and entities subject to EU financial sanctions, XML format 1.1
  (root `export`, namespace http://eu.europa.ec/fpi/fsd/export; one `sanctionEntity` per entry with
  `@logicalId`, `subjectType/@code`, `nameAlias/@wholeName`, `birthdate`, `identification`, `citizenship`);
- the UN Security Council consolidated list (root `CONSOLIDATED_LIST` with `INDIVIDUALS/INDIVIDUAL` and
  `ENTITIES/ENTITY`; FIRST_NAME ... FOURTH_NAME, *_ALIAS/ALIAS_NAME, INDIVIDUAL_DATE_OF_BIRTH,
  INDIVIDUAL_DOCUMENT).

The XML is read with lxml with entity resolution, DTD loading and network access off, and a DOCTYPE refused,
so a hostile file can neither expand entities nor reach out. Any fault is a `ListFormatError` naming the line
and the element; nothing is returned half-read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from straiik.engines.screening.matcher import ENTITY, PERSON, ListEntry

EU, UN = "eu", "un"
EU_NS = "http://eu.europa.ec/fpi/fsd/export"


class ListFormatError(ValueError):
    def __init__(self, message: str, *, line: int | None = None, element: str = "", column: int | None = None
                 ) -> None:
        self.line, self.element, self.column = line, element, column
        where = []
        if element:
            where.append(f"element <{element}>")
        if line:
            where.append(f"line {line}")
        if column:
            where.append(f"column {column}")
        super().__init__(f"{message} ({', '.join(where)})" if where else message)
        self.reason = message


@dataclass(frozen=True)
class ParsedList:
    source: str
    version: str          # EU: globalFileId; UN: dateGenerated
    generated: str        # the publisher's generation date as written in the file
    entries: list[ListEntry]


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)  # noqa: S320 - parser hardened above (no entities, DTD or network)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (error.lineno, 0)
        message = re.sub(r",? line \d+, column \d+$", "", error.msg or "").strip()
        raise ListFormatError(f"not well-formed XML, the file may be truncated: {message}", line=line,
                              column=column or None) from None
    if root.getroottree().docinfo.doctype:
        raise ListFormatError("a DOCTYPE is not allowed in a list file", line=1)
    return root


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: etree._Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def parse_eu(data: bytes) -> ParsedList:
    root = _parse(data)
    if _local(root.tag) != "export":
        raise ListFormatError("this is not the EU consolidated sanctions list: the root element should be <export>",
                              line=root.sourceline, element=_local(root.tag))
    version = root.get("globalFileId", "").strip()
    generated = root.get("generationDate", "").strip()
    if not generated:
        raise ListFormatError("the list has no generationDate", line=root.sourceline, element="export")
    entries: list[ListEntry] = []
    seen: set[str] = set()
    for entity in _children(root, "sanctionEntity"):
        line = entity.sourceline
        logical_id = (entity.get("logicalId") or "").strip()
        if not logical_id:
            raise ListFormatError("an entry has no logicalId", line=line, element="sanctionEntity")
        if logical_id in seen:
            raise ListFormatError(f"logicalId {logical_id} appears twice", line=line, element="sanctionEntity")
        seen.add(logical_id)
        subject_type = _children(entity, "subjectType")
        code = subject_type[0].get("code", "") if subject_type else ""
        if code not in ("person", "enterprise"):
            raise ListFormatError(f"entry {logical_id}: subjectType code {code!r} is not person or enterprise",
                                  line=subject_type[0].sourceline if subject_type else line, element="subjectType")
        names = []
        for alias in _children(entity, "nameAlias"):
            whole = (alias.get("wholeName") or "").strip()
            if not whole:
                whole = " ".join(p for p in (alias.get("firstName", ""), alias.get("middleName", ""),
                                             alias.get("lastName", "")) if p and p.strip()).strip()
            if whole and whole not in names:
                names.append(whole)
        if not names:
            raise ListFormatError(f"entry {logical_id} has no nameAlias with a name", line=line,
                                  element="sanctionEntity")
        births = []
        for birth in _children(entity, "birthdate"):
            value = (birth.get("birthdate") or "").strip()
            if not value and birth.get("year"):
                value = birth.get("year", "").strip()
                if birth.get("monthOfYear"):
                    value += f"-{int(birth.get('monthOfYear', '0')):02d}"
            if value:
                births.append(value)
        identifiers = tuple(v for v in ((i.get("number") or "").strip() or (i.get("latinNumber") or "").strip()
                                        for i in _children(entity, "identification")) if v)
        countries = tuple(sorted({c.get("countryIso2Code", "") for c in _children(entity, "citizenship")
                                  if c.get("countryIso2Code", "") not in ("", "00")}))
        programmes = sorted({r.get("programme", "") for r in _children(entity, "regulation") if r.get("programme")})
        entries.append(ListEntry(key=f"{EU}:{logical_id}", kind=PERSON if code == "person" else ENTITY,
                                 names=tuple(names), birth_dates=tuple(births), identifiers=identifiers,
                                 reference=entity.get("euReferenceNumber", ""), programme=", ".join(programmes),
                                 countries=countries))
    if not entries:
        raise ListFormatError("the list holds no sanctionEntity: it is empty or truncated", line=root.sourceline,
                              element="export")
    return ParsedList(EU, version or generated, generated, entries)


_UN_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")


def _un_entry(element: etree._Element, kind: str) -> ListEntry:
    tag = _local(element.tag)
    line = element.sourceline
    data_id = _text(element, "DATAID")
    if not data_id:
        raise ListFormatError(f"an {tag} has no DATAID", line=line, element=tag)
    name = " ".join(p for p in (_text(element, part) for part in _UN_NAME_PARTS) if p)
    if not name:
        raise ListFormatError(f"{tag} {data_id} has no FIRST_NAME", line=line, element=tag)
    names = [name]
    original = _text(element, "NAME_ORIGINAL_SCRIPT")
    if original:
        names.append(original)
    for alias in _children(element, f"{tag}_ALIAS"):
        value = _text(alias, "ALIAS_NAME")
        if value and value not in names:
            names.append(value)
    births = []
    identifiers = []
    if kind == PERSON:
        for birth in _children(element, "INDIVIDUAL_DATE_OF_BIRTH"):
            if _text(birth, "DATE"):
                births.append(_text(birth, "DATE")[:10])
            elif _text(birth, "YEAR"):
                births.append(_text(birth, "YEAR"))
            elif _text(birth, "FROM_YEAR") and _text(birth, "TO_YEAR"):
                try:
                    first, last = int(_text(birth, "FROM_YEAR")), int(_text(birth, "TO_YEAR"))
                except ValueError:
                    raise ListFormatError(f"{tag} {data_id}: FROM_YEAR/TO_YEAR are not years",
                                          line=birth.sourceline, element="INDIVIDUAL_DATE_OF_BIRTH") from None
                births.extend(str(y) for y in range(first, min(last, first + 20) + 1))
        identifiers = [_text(d, "NUMBER") for d in _children(element, "INDIVIDUAL_DOCUMENT") if _text(d, "NUMBER")]
    return ListEntry(key=f"{UN}:{data_id}", kind=kind, names=tuple(names), birth_dates=tuple(births),
                     identifiers=tuple(identifiers), reference=_text(element, "REFERENCE_NUMBER"),
                     programme=_text(element, "UN_LIST_TYPE"))


def parse_un(data: bytes) -> ParsedList:
    root = _parse(data)
    if _local(root.tag) != "CONSOLIDATED_LIST":
        raise ListFormatError("this is not the UN consolidated list: the root element should be <CONSOLIDATED_LIST>",
                              line=root.sourceline, element=_local(root.tag))
    generated = (root.get("dateGenerated") or "").strip()
    if not generated:
        raise ListFormatError("the list has no dateGenerated", line=root.sourceline, element="CONSOLIDATED_LIST")
    sections = {_local(child.tag): child for child in root}
    for section in ("INDIVIDUALS", "ENTITIES"):
        if section not in sections:
            raise ListFormatError(f"the list has no <{section}> section: it is incomplete or truncated",
                                  line=root.sourceline, element="CONSOLIDATED_LIST")
    entries: list[ListEntry] = []
    seen: set[str] = set()
    for section, tag, kind in (("INDIVIDUALS", "INDIVIDUAL", PERSON), ("ENTITIES", "ENTITY", ENTITY)):
        for element in sections[section]:
            if _local(element.tag) != tag:
                raise ListFormatError(f"<{section}> holds an unexpected element", line=element.sourceline,
                                      element=_local(element.tag))
            entry = _un_entry(element, kind)
            if entry.key in seen:
                raise ListFormatError(f"DATAID {entry.key[3:]} appears twice", line=element.sourceline, element=tag)
            seen.add(entry.key)
            entries.append(entry)
    if not entries:
        raise ListFormatError("the list holds no INDIVIDUAL or ENTITY: it is empty or truncated",
                              line=root.sourceline, element="CONSOLIDATED_LIST")
    return ParsedList(UN, generated, generated, entries)


PARSERS = {EU: parse_eu, UN: parse_un}
