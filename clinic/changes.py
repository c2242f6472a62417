"""The change counter: one number that moves whenever a row staff lists show is written.

Database triggers (created by `count_changes_to` in each app's migrations) raise it in the same
transaction as the write, so a page read with the new value also sees the new rows: a kept page
can be stale only under an older value, which no later visit asks for.
"""

from __future__ import annotations

from django.db import connection, migrations

# The one row of clinic.models.ChangeCounter (table clinic_changecounter).
COUNTER_ID = 1
_READ_COUNTER = "SELECT value FROM clinic_changecounter WHERE id = %s"

_SQLITE_TRIGGER = """
CREATE TRIGGER {table}_count_{event} AFTER {event} ON {table} FOR EACH ROW BEGIN
    INSERT OR IGNORE INTO clinic_changecounter (id, value) VALUES (1, 0);
    UPDATE clinic_changecounter SET value = value + 1 WHERE id = 1;
END
"""
# Per statement: a bulk insert or a purge moves the counter once.
_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION clinic_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO clinic_changecounter (id, value) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET value = clinic_changecounter.value + 1;
    RETURN NULL;
END
$$
"""
_POSTGRES_TRIGGER = """
CREATE TRIGGER {table}_count_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION clinic_count_change()
"""
_EVENTS = ("insert", "update", "delete")


def list_version() -> tuple[int | None]:
    """The counter's value, read before the list itself (one primary-key read).

    None until the first write after the triggers were installed; that write makes it 1.
    """
    # Every visit to a staff list reads it: plain SQL takes less than half the ORM's time.
    with connection.cursor() as cursor:
        cursor.execute(_READ_COUNTER, [COUNTER_ID])
        row = cursor.fetchone()
    return (row[0] if row else None,)


def count_changes_to(table: str) -> migrations.RunPython:
    """A migration operation: every write to `table` raises the counter (and undoing it)."""

    def create(apps, schema_editor) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_POSTGRES_FUNCTION)
            schema_editor.execute(_POSTGRES_TRIGGER.format(table=table))
        elif vendor == "sqlite":
            for event in _EVENTS:
                schema_editor.execute(_SQLITE_TRIGGER.format(table=table, event=event))
        else:
            raise NotImplementedError(f"No change-counting trigger for {vendor}.")

    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_count_change ON {table}")
        else:
            for event in _EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_count_{event}")

    return migrations.RunPython(create, drop)
