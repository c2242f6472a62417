from django.db import migrations

from clinic.search_indexes import CASE_INSENSITIVE, CASE_SENSITIVE, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0005_password_reset_requests"),
    ]

    operations = [
        trigram_indexes(
            "clinic_patient",
            {"full_name": CASE_INSENSITIVE, "email": CASE_INSENSITIVE, "phone": CASE_SENSITIVE},
        ),
    ]
