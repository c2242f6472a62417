"""Trigram indexes for the staff searches, on PostgreSQL only.

The searches match anywhere in a name, an email or a phone number (`icontains`, `contains`),
which a B-tree index cannot serve: without these, each search reads every row. A GIN index of
trigrams (pg_trgm) serves `LIKE '%...%'` for searches of three characters or more. Each index
is on the very expression Django's lookups write on PostgreSQL: UPPER(column::text) for
`icontains`, column::text for `contains`. SQLite has no such index and searches as before.
"""

from __future__ import annotations

from django.db import migrations

# Django's lookups, as PostgreSQL receives them (backends/postgresql/operations.py).
CASE_INSENSITIVE = "UPPER(({column})::text)"
CASE_SENSITIVE = "({column})::text"


def trigram_indexes(table: str, columns: dict[str, str]) -> migrations.RunPython:
    """One migration operation: a trigram index per column of `table`, named after both.
    `columns` maps each column to CASE_INSENSITIVE or CASE_SENSITIVE."""

    def create(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column, expression in columns.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {_name(table, column)} ON {table} "
                f"USING gin (({expression.format(column=column)}) gin_trgm_ops)"
            )

    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {_name(table, column)}")

    return migrations.RunPython(create, drop, elidable=False)


def _name(table: str, column: str) -> str:
    return f"{table}_{column}_trgm"[:63]
