"""Staff roles: the group names and who holds them (the views' decorators: clinic.access)."""

from __future__ import annotations

CLINICIANS = "Clinicians"
FRONT_DESK = "Front desk"
STAFF_GROUPS = (CLINICIANS, FRONT_DESK)


def group_names(user) -> frozenset[str]:
    """The user's group names, fetched once per request and kept on the user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_clinic_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._clinic_group_names = cached
    return cached


def has_role(user, *groups: str) -> bool:
    """Administrators (superusers) hold every role."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(group_names(user) & set(groups))


def is_clinician(user) -> bool:
    return has_role(user, CLINICIANS)


def is_front_desk(user) -> bool:
    return has_role(user, FRONT_DESK)


def grant_model_permissions(apps, group_name: str, app_label: str, codenames: list[str]) -> None:
    """For data migrations: give a group model permissions, creating them if needed."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)
