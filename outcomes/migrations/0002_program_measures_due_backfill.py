"""Every program whose link still works gets the date its next outcome measure is due: its
track's next date once the baseline is taken, its start date before."""

from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone


def fill_due_dates(apps, schema_editor):
    HomeProgram = apps.get_model("exercises", "HomeProgram")
    OutcomeTrack = apps.get_model("outcomes", "OutcomeTrack")
    today = timezone.localdate()
    open_programs = HomeProgram.objects.filter(link_revoked_at__isnull=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    open_programs.update(measures_due_on=F("start_date"))
    open_programs.filter(outcome_track__isnull=False).update(
        measures_due_on=Subquery(
            OutcomeTrack.objects.filter(program=OuterRef("pk")).values("next_due_on")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0012_program_measures_due"),
        ("outcomes", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill_due_dates, migrations.RunPython.noop)]
