"""Every write to the table raises the change counter, which keeps the staff list fresh."""

from django.db import migrations

from clinic.changes import count_changes_to


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0003_queue_order_index"),
        ("clinic", "0003_change_counter"),
    ]

    operations = [count_changes_to("appointments_appointmentrequest")]
