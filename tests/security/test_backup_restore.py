"""Backups that restore: a seeded database through `pg_dump -Fc` and `pg_restore` into a new
database, with every table's row count and rows (hashed in order) the same afterwards.

The procedure is the one docs/retention-and-security.md gives operators. PostgreSQL only; in CI
(CI=true) a missing pg_dump or pg_restore fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from psycopg import sql

from clinic.models import PasswordResetRequest
from demo.seeding import Seeder
from tests.factories import PatientFactory, clinician, front_desk

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and pg_restore back up PostgreSQL: run on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The client tools of the server's version (Debian's postgresql-client-15), else those on PATH.
PG_BIN = Path("/usr/lib/postgresql/15/bin")
UNUSUAL_NAME = 'Zoë O\'Brien-Łukasz "Ziggy" 🙂\nsecond line'


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _tool(name: str) -> str:
    path = PG_BIN / name
    found = str(path) if path.is_file() else shutil.which(name)
    if found is None:
        reason = f"{name} is missing (apt-get install postgresql-client-15)"
        if _in_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_data(django_db_blocker) -> Iterator[None]:
    """Put the migrations' reference data back after this transactional module (as
    test_concurrency does), so that a reused test database is not left empty."""
    yield
    with django_db_blocker.unblock():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            connection.creation.deserialize_db_from_string(contents)


def _server() -> dict:
    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or "127.0.0.1",
        "port": str(settings["PORT"] or 5432),
        "user": settings["USER"],
        "password": settings["PASSWORD"],
    }


def _connect(dbname: str) -> psycopg.Connection:
    return psycopg.connect(dbname=dbname, autocommit=True, **_server())


def _run(tool: str, *args: str) -> None:
    server = _server()
    connect = ["--host", server["host"], "--port", server["port"], "--username", server["user"]]
    result = subprocess.run(  # noqa: S603 - our own tool and arguments
        [_tool(tool), *connect, *args],
        env={**os.environ, "PGPASSWORD": server["password"]},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{tool} failed: {result.stderr}"


def _snapshot(dbname: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of all its rows in order; every sequence's value."""
    tables: dict[str, tuple[int, str]] = {}
    with _connect(dbname) as conn:
        names = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        for (name,) in names:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                " FROM {} AS t"
            ).format(sql.Identifier(name))
            count, digest = conn.execute(query).fetchone()
            tables[name] = (count, digest)
        sequences = conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
        for name, last_value in sequences:
            tables[f"sequence {name}"] = (last_value or 0, "")
    return tables


def _seed() -> None:
    staff = [clinician(username="casey"), front_desk(username="frankie")]
    seeder = Seeder(random.Random(18), now=timezone.now())
    seeder.clinicians, seeder.front_desk = staff[:1], staff[1:]
    seeder.run(screenings=60, requests=30, patients=15)
    PatientFactory(full_name=UNUSUAL_NAME, email="zoe@example.org")
    PasswordResetRequest.objects.create(address_hash="a" * 64, client_hash="c" * 64)
    client = Client()
    client.force_login(staff[0])  # a session, a login record and audit events
    client.get(reverse("staff:patient_list"))


def test_a_pg_dump_restores_into_a_new_database_with_every_row_the_same(tmp_path):
    _seed()
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"[:63]
    backup = tmp_path / "clinic.dump"
    with _connect("postgres") as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(restored))
        )
    try:
        # What docs/retention-and-security.md tells operators to run.
        _run("pg_dump", "--format=custom", "--file", str(backup), "--dbname", source)
        assert backup.stat().st_size > 0
        with _connect("postgres") as admin:
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(restored))
            )
        _run("pg_restore", "--exit-on-error", "--no-owner", "--dbname", restored, str(backup))

        before, after = _snapshot(source), _snapshot(restored)
        assert before == after
        seeded = [
            "screening_screening",
            "appointments_appointmentrequest",
            "appointments_statuschange",
            "clinic_patient",
            "exercises_homeprogram",
            "exercises_sessionlog",
            "exercises_exercise",
            "auth_user",
            "auth_group",
            "django_session",
            "audit_auditevent",
            "axes_accesslog",
            "clinic_passwordresetrequest",
            "django_migrations",
        ]
        assert all(before[table][0] > 0 for table in seeded), before
        with _connect(restored) as conn:
            names = conn.execute("SELECT full_name FROM clinic_patient").fetchall()
        assert (UNUSUAL_NAME,) in names
    finally:
        with _connect("postgres") as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(restored))
            )
    with _connect("postgres") as admin:
        left = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [restored]).fetchall()
    assert not left
