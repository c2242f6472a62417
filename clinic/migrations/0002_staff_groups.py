"""Create the staff groups and give them the clinic-core permissions they need."""

from django.db import migrations

from clinic.roles import CLINICIANS, FRONT_DESK, grant_model_permissions


def create_groups(apps, schema_editor):
    grant_model_permissions(
        apps, CLINICIANS, "clinic", ["add_patient", "change_patient", "view_patient"]
    )
    # The front desk creates a patient record when it books a request.
    grant_model_permissions(apps, FRONT_DESK, "clinic", ["add_patient", "view_patient"])


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[CLINICIANS, FRONT_DESK]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("clinic", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
