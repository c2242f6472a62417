from django.db import migrations

from clinic.roles import CLINICIANS, FRONT_DESK, grant_model_permissions

# History entries are only ever added, never edited: "add", not "change", on StatusChange.
CODENAMES = [
    "view_appointmentrequest",
    "change_appointmentrequest",
    "view_statuschange",
    "add_statuschange",
]


def grant(apps, schema_editor):
    for group_name in (FRONT_DESK, CLINICIANS):
        grant_model_permissions(apps, group_name, "appointments", CODENAMES)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="appointments", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=(FRONT_DESK, CLINICIANS)):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("appointments", "0001_initial"),
        ("clinic", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
