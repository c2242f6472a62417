"""Clinicians manage the library, templates and programs; the front desk gets none of it."""

from django.db import migrations

from clinic.roles import CLINICIANS, grant_model_permissions

MODELS = (
    "exercise",
    "avoidadvice",
    "programtemplate",
    "templateitem",
    "homeprogram",
    "programitem",
    "sessionlog",
)
CODENAMES = [
    f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")
]


def grant(apps, schema_editor):
    grant_model_permissions(apps, CLINICIANS, "exercises", CODENAMES)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=CLINICIANS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="exercises", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0003_program_templates"),
        ("clinic", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
