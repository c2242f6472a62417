"""Staff roles: group names, checks and the decorators every staff view uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

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


def is_staff_member(user) -> bool:
    return has_role(user, *STAFF_GROUPS)


def role_required(*groups: str) -> Callable:
    """Anonymous users go to the login page; signed-in users without the role get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *groups):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


clinician_required = role_required(CLINICIANS)
front_desk_required = role_required(FRONT_DESK)
staff_required = role_required(*STAFF_GROUPS)


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
