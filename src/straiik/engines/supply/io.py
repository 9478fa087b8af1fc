"""Reading and writing networks: the `straiik.supply/1` interchange format as CSV (a nodes file and an edges
file), as one JSON document, or as an XLSX workbook with a "nodes" and an "edges" sheet. The format is
described in docs/supply-chain.md.

Readers take text or bytes (UTF-8, with or without a byte-order mark), or rows already split into
dictionaries (e.g. from a spreadsheet library), never framework objects. Every problem is collected and
raised at once as `NetworkError`, each naming its file, row and field.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..tables import LimitExceeded, Limits, Workbook
from ..tables import csv_rows as bounded_csv_rows
from .model import EDGES, FORMAT, NODES, Edge, Network, NetworkError, Node, RowError

# Networks are larger than registry imports: more rows, fewer columns (engines/tables.py checks them).
LIMITS = Limits(max_rows=100_000, max_cells=2_000_000)

# column -> (kind, default); kinds: "text", "country", "number" (None allowed when the default is None)
NODE_COLUMNS: dict[str, tuple[str, Any]] = {
    "id": ("text", ""),
    "name": ("text", ""),
    "kind": ("text", ""),
    "organisation": ("text", ""),
    "organisation_id": ("text", ""),
    "country": ("country", ""),
    "capacity": ("number", None),
    "inventory_weeks": ("number", 0.0),
    "recovery_weeks": ("number", None),
    "demand": ("number", 0.0),
    "unit_value": ("number", 1.0),
    "material": ("text", ""),
    "surge_cost": ("number", 1.0),
    "surge_limit": ("number", None),
}
EDGE_COLUMNS: dict[str, tuple[str, Any]] = {
    "node": ("text", ""),
    "part": ("text", ""),
    "source": ("text", ""),
    "quantity": ("number", 1.0),
    "share": ("number", None),
}
REQUIRED = {NODES: ("id",), EDGES: ("node", "source")}

Rows = Iterable[Mapping[str, Any]]


# -- reading -------------------------------------------------------------------------------------------------

def read_csv(nodes: str | bytes | Rows, edges: str | bytes | Rows | None = None, *, name: str = "",
             limits: Limits = LIMITS) -> Network:
    """A network from a nodes file and an edges file (CSV text or bytes, comma, semicolon or tab separated),
    or from rows as dictionaries keyed by column name (row numbers then count the header as row 1). Text is read
    within `limits` (tables.LimitExceeded)."""
    errors: list[RowError] = []
    node_rows = _rows(nodes, NODES, errors, limits)
    edge_rows = _rows(edges, EDGES, errors, limits) if edges is not None else []
    return _build(node_rows, edge_rows, name, errors, strings=True)


def read_json(data: str | bytes | Mapping[str, Any], limits: Limits = LIMITS) -> Network:
    """A network from a `straiik.supply/1` JSON document (text, bytes or the parsed object), within `limits` (its
    size, and rows for the nodes and the edges)."""
    errors: list[RowError] = []
    doc: Any = data
    if isinstance(data, bytes | str) and len(data) > limits.max_bytes:
        raise LimitExceeded("max_bytes", len(data), limits.max_bytes)
    if isinstance(data, bytes | str):
        try:
            doc = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise NetworkError([RowError(None, "", f"not valid JSON: {exc}")]) from None
    if not isinstance(doc, Mapping):
        raise NetworkError([RowError(None, "", "the document must be a JSON object")])
    for key in doc:
        if key not in ("format", "name", "nodes", "edges", "marking"):  # marking: metadata of an export
            errors.append(RowError(None, key, "unknown key"))
    if doc.get("format") != FORMAT:
        errors.append(RowError(None, "format", f"must be {FORMAT!r}"))
    name = doc.get("name", "")
    if not isinstance(name, str):
        errors.append(RowError(None, "name", "must be a string"))
        name = ""
    lists = {}
    for file in (NODES, EDGES):
        items = doc.get(file, [])
        if not isinstance(items, list):
            errors.append(RowError(None, file, "must be a list"))
            items = []
        if len(items) > limits.max_rows:
            raise LimitExceeded("max_rows", len(items), limits.max_rows, file)
        good = []
        for i, item in enumerate(items, start=1):
            if isinstance(item, Mapping):
                good.append((i, item))
            else:
                errors.append(RowError(i, "", "must be an object", file))
        lists[file] = good
    for file, columns in ((NODES, NODE_COLUMNS), (EDGES, EDGE_COLUMNS)):
        for row, item in lists[file]:
            for key in item:
                if key not in columns:
                    errors.append(RowError(row, str(key), "unknown field", file))
    return _build(lists[NODES], lists[EDGES], name, errors, strings=False)


def read_xlsx(data: bytes, limits: Limits = LIMITS) -> Network:
    """A network from an XLSX workbook with a "nodes" sheet and (optionally) an "edges" sheet; the first row
    of each holds the column names. Row numbers are the sheet's. Read within `limits` (tables.LimitExceeded,
    tables.TableFormatError)."""
    with Workbook(io.BytesIO(data), limits) as wb:
        sheets = {name.strip().lower(): name for name in wb.sheet_names}
        if NODES not in sheets:
            raise NetworkError([RowError(None, "", 'the workbook has no sheet named "nodes"')])
        errors: list[RowError] = []
        found: dict[str, list[tuple[int, Mapping[str, Any]]]] = {}
        for file in (NODES, EDGES):
            if file not in sheets:
                found[file] = []
                continue
            rows = wb.rows(sheets[file])
            first = next(rows, None)
            header = first[1] if first else []
            names = [str(h).strip().lower() if h is not None else "" for h in header]
            records: list[tuple[int, Mapping[str, Any]]] = []
            for i, values in rows:
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                records.append((i, {n: v for n, v in zip(names, values, strict=False) if n}))
            _check_header([n for n in names if n], file, errors)
            found[file] = records
    return _build(found[NODES], found[EDGES], "", errors, strings=False)


def _rows(data: str | bytes | Rows, file: str, errors: list[RowError],
          limits: Limits = LIMITS) -> list[tuple[int, Mapping[str, Any]]]:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            errors.append(RowError(None, "", f"not UTF-8 text: {exc}", file))
            return []
    if isinstance(data, str):
        text = data.lstrip("\ufeff")
        first = text.split("\n", 1)[0]
        delimiter = max((";", "\t", ","), key=first.count) if first else ","
        reader = bounded_csv_rows(text, limits, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            errors.append(RowError(None, "", "the file is empty", file))
            return []
        names = [h.strip().lower() for h in header[1]]
        _check_header(names, file, errors)
        out: list[tuple[int, Mapping[str, Any]]] = []
        for line, values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(names):
                errors.append(RowError(line, "", f"{len(values)} values for {len(names)} columns", file))
                continue
            record: dict[str, Any] = dict(zip(names, values, strict=False))
            if delimiter == ";":
                record["__decimal_comma__"] = True
            out.append((line, record))
        return out
    rows_out: list[tuple[int, Mapping[str, Any]]] = []
    keys: set[str] = set()
    for i, given in enumerate(data, start=2):
        lowered = {str(k).strip().lower(): v for k, v in given.items()}
        keys.update(lowered)
        rows_out.append((i, lowered))
    _check_header(sorted(keys), file, errors, require=bool(rows_out))
    return rows_out


def _check_header(names: list[str], file: str, errors: list[RowError], require: bool = True) -> None:
    columns = NODE_COLUMNS if file == NODES else EDGE_COLUMNS
    for n in names:
        if n not in columns:
            errors.append(RowError(1, n, "unknown column", file))
    if require:
        for n in REQUIRED[file]:
            if n not in names:
                errors.append(RowError(1, n, "missing column", file))


def _build(node_rows: list[tuple[int, Mapping[str, Any]]], edge_rows: list[tuple[int, Mapping[str, Any]]],
           name: str, errors: list[RowError], *, strings: bool) -> Network:
    nodes = [Node(**_fields(rec, NODE_COLUMNS, row, NODES, errors, strings), row=row) for row, rec in node_rows]
    edges = [Edge(**_fields(rec, EDGE_COLUMNS, row, EDGES, errors, strings), row=row) for row, rec in edge_rows]
    try:
        network = Network(tuple(nodes), tuple(edges), name)
    except NetworkError as exc:
        # Field errors first; the model's own checks skip values the readers already replaced by defaults.
        known = {(x.file, x.row, x.field) for x in errors}
        raise NetworkError(errors + [e for e in exc.errors if (e.file, e.row, e.field) not in known]) from None
    if errors:
        raise NetworkError(errors)
    return network


def _fields(record: Mapping[str, Any], columns: dict[str, tuple[str, Any]], row: int, file: str,
            errors: list[RowError], strings: bool) -> dict[str, Any]:
    decimal_comma = bool(record.get("__decimal_comma__"))
    out: dict[str, Any] = {}
    for col, (kind, default) in columns.items():
        value = record.get(col)
        if kind == "number":
            out[col] = _number(value, default, row, col, file, errors, decimal_comma)
        else:
            text = _text(value, row, col, file, errors)
            out[col] = text.upper() if kind == "country" else text
    return out


def _text(value: Any, row: int, col: str, file: str, errors: list[RowError]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    errors.append(RowError(row, col, f"must be text, not {value!r}", file))
    return ""


def _number(value: Any, default: Any, row: int, col: str, file: str, errors: list[RowError],
            decimal_comma: bool) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        errors.append(RowError(row, col, "must be a number", file))
        return default
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if decimal_comma:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            errors.append(RowError(row, col, f"{value.strip()!r} is not a number", file))
            return default
    else:
        errors.append(RowError(row, col, f"must be a number, not {value!r}", file))
        return default
    if not math.isfinite(number):
        errors.append(RowError(row, col, "must be a finite number", file))
        return default
    return number


# -- writing -------------------------------------------------------------------------------------------------

def _value(v: Any) -> Any:
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def network_to_dict(network: Network) -> dict[str, Any]:
    """The JSON document of a network (every field written, in the column order of the format)."""
    return {
        "format": FORMAT,
        "name": network.name,
        NODES: [{col: _value(getattr(n, col)) for col in NODE_COLUMNS} for n in network.nodes],
        EDGES: [{col: _value(getattr(e, col)) for col in EDGE_COLUMNS} for e in network.edges],
    }


def dump_json(network: Network, *, indent: int | None = 1) -> str:
    return json.dumps(network_to_dict(network), indent=indent, ensure_ascii=False) + "\n"


def dump_csv(network: Network) -> tuple[str, str]:
    """(nodes file, edges file) as comma-separated text with a header line."""
    out = []
    for items, columns in ((network.nodes, NODE_COLUMNS), (network.edges, EDGE_COLUMNS)):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(list(columns))
        for item in items:
            w.writerow(["" if (v := getattr(item, col)) is None else _value(v) for col in columns])
        out.append(buf.getvalue())
    return out[0], out[1]
