"""Django admin on our own site: superusers only, and every signed-in visit audited."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db import DataError, transaction

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
        wrapped = super().admin_view(view, cacheable)
        if view.__name__ in _SIGNALLED_VIEWS:
            return wrapped
        model_admin = getattr(view, "__self__", None)
        model = getattr(model_admin, "model", None)
        object_type = model._meta.label_lower if model is not None else ""
        actions = {"POST": _POST_ACTIONS.get(view.__name__, Action.CHANGE)}
        return audited(object_type, id_kwarg="object_id", actions=actions)(wrapped)


class SafeChangeList(ChangeList):
    """Junk in a list's query string is a bad filter (the admin says so), never a 500.

    Django's own admin lets a NUL reach PostgreSQL, a year too large reach datetime() and an id
    too large reach the database.
    """

    def get_filters(self, request):
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise IncorrectLookupParameters("A NUL character in the query string.")
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            with transaction.atomic(using=self.queryset.db):
                super().get_results(request)
        except (OverflowError, DataError) as error:
            raise IncorrectLookupParameters(error) from error


class ClinicModelAdmin(admin.ModelAdmin):
    def get_changelist(self, request, **kwargs):
        return SafeChangeList
