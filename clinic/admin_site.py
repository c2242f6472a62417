"""Django admin on our own site: superusers only, and every signed-in visit audited."""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.core.exceptions import SuspiciousOperation

from clinic.access import audited
from clinic.audit.models import Action

# A POST to these views of a model's admin; any other POST changes something.
_POST_ACTIONS = {
    "add_view": Action.CREATE,
    "delete_view": Action.DELETE,
}
# The auth signals record these already.
_SIGNALLED_VIEWS = frozenset({"logout"})


class ClinicAdminSite(admin.AdminSite):
    site_header = "Clinic administration"

    def has_permission(self, request) -> bool:
        # Administrators are superusers, whatever is_staff says.
        return request.user.is_active and request.user.is_superuser

    def admin_view(self, view, cacheable=False):
        """Each admin view declares its audit here: the model it shows, the object id."""
        wrapped = super().admin_view(_refusing_nul(view), cacheable)
        if view.__name__ in _SIGNALLED_VIEWS:
            return wrapped
        model_admin = getattr(view, "__self__", None)
        model = getattr(model_admin, "model", None)
        object_type = model._meta.label_lower if model is not None else ""
        actions = {"POST": _POST_ACTIONS.get(view.__name__, Action.CHANGE)}
        return audited(object_type, id_kwarg="object_id", actions=actions)(wrapped)


def _refusing_nul(view):
    """A NUL in the query string is a 400: the admin's filters would send it to PostgreSQL."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise SuspiciousOperation("NUL character in an admin query string")
        return view(request, *args, **kwargs)

    return wrapper
