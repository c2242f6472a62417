from django.db import migrations

from clinic.phones import normalize_stored_numbers


def normalize(apps, schema_editor):
    normalize_stored_numbers(apps.get_model("clinic", "Patient"), "phone")


class Migration(migrations.Migration):
    """Phone numbers that parse become E.164; any other is kept as it was typed."""

    dependencies = [
        ("clinic", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(normalize, migrations.RunPython.noop),
    ]
