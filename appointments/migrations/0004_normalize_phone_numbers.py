from django.db import migrations

from clinic.phones import normalize_stored_numbers


def normalize(apps, schema_editor):
    normalize_stored_numbers(apps.get_model("appointments", "AppointmentRequest"), "phone")


class Migration(migrations.Migration):
    """Phone numbers that parse become E.164; any other is kept as it was typed."""

    dependencies = [
        ("appointments", "0003_queue_order_index"),
    ]

    operations = [
        migrations.RunPython(normalize, migrations.RunPython.noop),
    ]
