from django.db import migrations

SLUG = "foam-roll-quadriceps"
OLD = "The person has moved forward so the foam roller is now under the upper thighs, near the hips."
NEW = (
    "The person has pushed back on the forearms so the foam roller is now under the upper "
    "thighs, near the hips."
)


def describe(old: str, new: str):
    def update(apps, schema_editor):
        # Only if a clinician has not rewritten it since.
        apps.get_model("exercises", "Exercise").objects.filter(slug=SLUG, alt_end=old).update(
            alt_end=new
        )

    return update


class Migration(migrations.Migration):
    """The redrawn end picture: the body moves back over the roller, not forward."""

    dependencies = [("exercises", "0005_program_last_logged_at")]

    operations = [migrations.RunPython(describe(OLD, NEW), describe(NEW, OLD))]
