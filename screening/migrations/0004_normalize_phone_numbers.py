from django.db import migrations

from clinic.phones import normalize_stored_numbers


def normalize(apps, schema_editor):
    normalize_stored_numbers(apps.get_model("screening", "Screening"), "contact_phone")


class Migration(migrations.Migration):
    """Phone numbers that parse become E.164; any other is kept as it was typed."""

    dependencies = [
        ("screening", "0003_list_order_index"),
    ]

    operations = [
        migrations.RunPython(normalize, migrations.RunPython.noop),
    ]
