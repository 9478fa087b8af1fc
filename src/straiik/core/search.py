"""Full-text search that uses each database's own index: FTS5 on SQLite, a GIN tsvector index on
PostgreSQL. The searchable text of a record is kept, already normalised, in one column
(`SearchDocumentField`); `field__matches="words"` finds records containing every word (as a prefix).

Normalisation is done in Python for both documents and queries (case folded, diacritics removed), so
both backends see the same tokens and Dutch, English and Ukrainian text behave alike.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import Lookup

from straiik.engines.text import normalize_text, tokens

MAX_QUERY_TOKENS = 12
__all__ = ["normalize_text", "query_tokens", "SearchDocumentField", "search_index_operations"]


def query_tokens(query: str) -> list[str]:
    return tokens(query, MAX_QUERY_TOKENS)


def fts_table(db_table: str) -> str:
    return f"{db_table}_fts"


class SearchDocumentField(models.TextField):  # type: ignore[type-arg]  # django-stubs: generic in set/get types
    """Denormalised, normalised text of a record, indexed for full-text search."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)


@SearchDocumentField.register_lookup
class Matches(Lookup):
    lookup_name = "matches"

    def _tokens(self) -> list[str]:
        return query_tokens(str(self.rhs))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        # Portable fallback: every word must occur as a prefix of a word in the document.
        lhs, lhs_params = self.process_lhs(compiler, connection)
        tokens = self._tokens() or [""]
        clauses, params = [], []
        for token in tokens:
            clauses.append(f"(' ' || {lhs}) LIKE %s")
            params.extend([*lhs_params, f"% {token}%"])
        return "(" + " AND ".join(clauses) + ")", params

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        tokens = self._tokens()
        if not tokens:
            return "1=1", []
        qn = compiler.quote_name_unless_alias
        model = self.lhs.target.model
        table = qn(fts_table(model._meta.db_table))
        pk = f"{qn(self.lhs.alias)}.{qn(model._meta.pk.column)}"
        match = " AND ".join(f'"{t}"*' for t in tokens)
        return f"{pk} IN (SELECT rowid FROM {table} WHERE {table} MATCH %s)", [match]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        tokens = self._tokens()
        if not tokens:
            return "1=1", []
        lhs, lhs_params = self.process_lhs(compiler, connection)
        query = " & ".join(f"{t}:*" for t in tokens)
        return (
            f"to_tsvector('simple'::regconfig, {lhs}) @@ to_tsquery('simple'::regconfig, %s)",
            [*lhs_params, query],
        )


def search_index_operations(db_table: str, column: str = "search_document") -> list[Any]:
    """Migration operations that build the backend's full-text index over `db_table.column`."""
    fts = fts_table(db_table)

    def forwards(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = [
                f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{db_table}', "
                f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
                f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {db_table} BEGIN "
                f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
                f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {db_table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
                f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {db_table} BEGIN "
                f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
                f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
                f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
            ]
        elif vendor == "postgresql":
            statements = [
                f"CREATE INDEX {db_table}_{column}_fts ON {db_table} "
                f"USING GIN (to_tsvector('simple'::regconfig, {column}))"
            ]
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql)

    def backwards(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {db_table}_{column}_fts")

    return [migrations.RunPython(forwards, backwards, elidable=False)]


def search_index_rebuild_operations(db_table: str, column: str = "search_document") -> list[Any]:
    """For a migration that altered `db_table`: SQLite rebuilds a table to alter it, and the rebuilt table
    has lost the triggers that keep the FTS5 index in sync, so drop and build the index again. PostgreSQL's
    index survives an ALTER TABLE and is left alone."""
    [build] = search_index_operations(db_table, column)

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            build.reverse_code(apps, schema_editor)
            build.code(apps, schema_editor)

    return [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
