"""Progression rules for the library, as its own "how to progress" text says.

The hip hinge starts at 5 repetitions and builds to 10-15 while it stays pain-free (2 more
each time); the nerve glides go from 10 to 15; the glute bridge from 2 sets to 3. The stretches
and the soft-tissue work progress by technique, which a rule cannot suggest: none for them.
"""

from django.db import migrations

RULES = {
    "hip-hinge": ("reps", 2, 15),
    "seated-nerve-glide": ("reps", 5, 15),
    "lying-nerve-glide": ("reps", 5, 15),
    "glute-bridge": ("sets", 1, 3),
}


def add_rules(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    for slug, (field, step, maximum) in RULES.items():
        # Only where a clinician has not set a rule of their own already.
        Exercise.objects.filter(slug=slug, progress_by="").update(
            progress_by=field, progress_step=step, progress_max=maximum
        )


def remove_rules(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    for slug, (field, step, maximum) in RULES.items():
        Exercise.objects.filter(
            slug=slug, progress_by=field, progress_step=step, progress_max=maximum
        ).update(progress_by="", progress_step=None, progress_max=None)


class Migration(migrations.Migration):
    dependencies = [("exercises", "0009_log_version_required")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
