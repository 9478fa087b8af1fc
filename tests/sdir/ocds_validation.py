"""Validation of OCDS output against the OCDS 1.1 schemas vendored in tests/sdir/data (see its README)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

DATA = Path(__file__).resolve().parent / "data"


@cache
def schemas() -> tuple[dict[str, Any], dict[str, Any]]:
    release = json.loads((DATA / "ocds-1.1-release-schema.json").read_text())
    package = json.loads((DATA / "ocds-1.1-release-package-schema.json").read_text())
    return release, package


def _dates(value: Any, path: str = "") -> list[str]:
    """Every field the schema marks format date-time must parse as ISO 8601 with a zone (jsonschema checks formats
    only with optional extras, so this is checked here)."""
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("date", "publishedDate", "startDate", "endDate", "dueDate", "dateMet", "dateSigned") and item:
                try:
                    parsed = dt.datetime.fromisoformat(item.replace("Z", "+00:00"))
                except ValueError:
                    problems.append(f"{path}.{key}: {item!r} is not ISO 8601")
                else:
                    if parsed.tzinfo is None:
                        problems.append(f"{path}.{key}: {item!r} has no time zone")
            problems += _dates(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            problems += _dates(item, f"{path}[{i}]")
    return problems


def errors(package: dict[str, Any]) -> list[str]:
    """The schema errors of a release package and of each of its releases (empty when it validates)."""
    release_schema, package_schema = schemas()
    ref = package_schema["properties"]["releases"]["items"]["$ref"]
    registry = Registry().with_resource(ref, Resource(contents=release_schema, specification=DRAFT4))
    found = [f"package: {e.message} at {list(e.absolute_path)}"
             for e in Draft4Validator(package_schema, registry=registry).iter_errors(package)]
    validator = Draft4Validator(release_schema)
    for release in package.get("releases", []):
        found += [f"{release.get('id')}: {e.message} at {list(e.absolute_path)}"
                  for e in validator.iter_errors(release)]
    return found + _dates(package)
