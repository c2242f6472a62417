"""`purge_audit`: audit events, login records and password reset records past their time."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import CommandError, call_command
from django.utils import timezone

from clinic.audit.models import Action, AuditEvent
from clinic.management.commands import purge_audit
from clinic.models import PasswordResetRequest

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def _aged(model, field: str, age: timedelta, **values):
    row = model.objects.create(**values)
    model.objects.filter(pk=row.pk).update(**{field: timezone.now() - age})
    return row


def _login_record(model, age: timedelta, **values):
    return _aged(
        model,
        "attempt_time",
        age,
        username="casey",
        ip_address="203.0.113.5",
        http_accept="*/*",
        path_info="/accounts/login/",
        **{"user_agent": "Browser", **values},
    )


def _event(age: timedelta) -> AuditEvent:
    return _aged(
        AuditEvent,
        "created_at",
        age,
        username="casey",
        action=Action.VIEW,
        object_type="patient",
        object_id="7",
        ip_address="203.0.113.5",
    )


def _reset_record(age: timedelta) -> PasswordResetRequest:
    return _aged(PasswordResetRequest, "created_at", age, address_hash="a" * 64, client_hash="c")


def _purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_audit", *args, stdout=out)
    return out.getvalue()


def _world_of_records(days: int) -> dict[str, list]:
    """For each kind of record, one just past the retention period and one just inside it."""
    old, recent = timedelta(days=days) + DAY, timedelta(days=days) - DAY
    return {
        "old": [
            _event(old),
            _login_record(AccessAttempt, old, failures_since_start=5, user_agent="Old"),
            _login_record(AccessFailureLog, old),
            _login_record(AccessLog, old),
            _reset_record(timedelta(hours=25)),
        ],
        "recent": [
            _event(recent),
            _login_record(AccessAttempt, recent, failures_since_start=1),
            _login_record(AccessFailureLog, recent),
            _login_record(AccessLog, recent),
            _reset_record(timedelta(hours=23)),
        ],
    }


def _exists(row) -> bool:
    return type(row).objects.filter(pk=row.pk).exists()


def test_it_deletes_records_older_than_six_years_by_default_and_prints_counts_only(settings):
    assert settings.AUDIT_RETENTION_DAYS == 2190
    records = _world_of_records(2190)
    output = _purge()
    assert not any(_exists(row) for row in records["old"])
    assert all(_exists(row) for row in records["recent"])
    assert output.splitlines()[1:] == [
        "  audit events: 1",
        "  login lockout records: 1",
        "  failed login records: 1",
        "  login records: 1",
        "  password reset records (kept a day): 1",
    ]
    assert "(2190 days)" in output
    for secret in ("casey", "203.0.113.5", "patient"):
        assert secret not in output


def test_the_setting_and_days_choose_the_period(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    records = _world_of_records(30)
    _purge()
    assert not _exists(records["old"][0])
    assert _exists(records["recent"][0])
    kept = _event(timedelta(days=20))
    _purge("--days", "10")
    assert not _exists(kept)


def test_a_dry_run_counts_and_deletes_nothing():
    records = _world_of_records(2190)
    output = _purge("--dry-run")
    assert output.startswith("Dry run: would delete")
    assert "  audit events: 1" in output
    assert all(_exists(row) for row in records["old"] + records["recent"])


def test_it_deletes_in_batches_until_nothing_old_is_left(monkeypatch):
    monkeypatch.setattr(purge_audit, "BATCH_SIZE", 2)
    for _ in range(5):
        _event(timedelta(days=3000))
    recent = _event(timedelta(days=1))
    assert "  audit events: 5" in _purge()
    assert list(AuditEvent.objects.all()) == [recent]


def test_running_it_again_deletes_nothing_more():
    _world_of_records(2190)
    _purge()
    assert all(line.endswith(": 0") for line in _purge().splitlines()[1:])


@pytest.mark.parametrize("days", ["0", "-5"])
def test_it_refuses_a_period_under_a_day(days):
    with pytest.raises(CommandError, match="at least 1"):
        _purge("--days", days)
