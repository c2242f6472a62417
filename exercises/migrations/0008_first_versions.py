"""Every existing program gets its first version (a snapshot of its items), its logs are tied
to it, and its baseline pain is worked out from its first week of logs."""

import statistics
from datetime import timedelta

from django.db import migrations

DOSE_FIELDS = ("sets", "reps", "hold_seconds", "times_per_day", "days_per_week")


def first_versions(apps, schema_editor):
    HomeProgram = apps.get_model("exercises", "HomeProgram")
    ProgramVersion = apps.get_model("exercises", "ProgramVersion")
    ProgramItem = apps.get_model("exercises", "ProgramItem")
    SessionLog = apps.get_model("exercises", "SessionLog")
    for program in HomeProgram.objects.iterator(chunk_size=500):
        items = list(
            ProgramItem.objects.filter(program=program)
            .select_related("exercise")
            .order_by("position", "id")
        )
        version = ProgramVersion.objects.create(
            program=program,
            number=1,
            kind="assigned",
            created_at=program.created_at,
            created_by_id=program.created_by_id,
            note="",
            items=[
                {"exercise_id": item.exercise_id, "name": item.exercise.name, "note": item.note}
                | {field: getattr(item, field) for field in DOSE_FIELDS}
                for item in items
            ],
            changes=[],
            times_per_day=max((item.times_per_day for item in items), default=0),
            days_per_week=max((item.days_per_week for item in items), default=0),
        )
        ProgramItem.objects.filter(program=program).update(dose_since=program.start_date)
        SessionLog.objects.filter(program=program).update(version=version)
        first = list(
            SessionLog.objects.filter(program=program)
            .order_by("logged_on", "logged_at", "id")
            .values_list("logged_on", "pain")[:70]
        )
        if first:
            until = first[0][0] + timedelta(days=6)
            program.baseline_pain = float(
                statistics.median(pain for day, pain in first if day <= until)
            )
            program.baseline_until = until
        program.version = 1
        program.save(update_fields=["baseline_pain", "baseline_until", "version"])


def remove_versions(apps, schema_editor):
    apps.get_model("exercises", "SessionLog").objects.update(version=None)
    apps.get_model("exercises", "ProgramVersion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("exercises", "0007_versions_and_stored_flags")]

    operations = [migrations.RunPython(first_versions, remove_versions)]
