from django.db import migrations

from clinic.search_indexes import CASE_INSENSITIVE, CASE_SENSITIVE, trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0006_appointment_booking"),
        ("clinic", "0006_patient_search_trigram_indexes"),
    ]

    operations = [
        trigram_indexes(
            "appointments_appointmentrequest",
            {"name": CASE_INSENSITIVE, "email": CASE_INSENSITIVE, "phone": CASE_SENSITIVE},
        ),
    ]
