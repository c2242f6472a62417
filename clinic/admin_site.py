"""Django admin on our own site: superusers only, and every signed-in visit audited."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db import DataError, transaction

from clinic.access import audited
from clinic.audit.models import Action
from clinic.pagination import CappedPaginator

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


class ChangeListPaginator(CappedPaginator):
    """The site's capped count for admin lists; it keeps the page it last made, so that the
    list's pagination can say whether another page follows (templates/admin/pagination.html)."""

    def page(self, number):
        self.current_page = super().page(number)
        return self.current_page


class ClinicModelAdmin(admin.ModelAdmin):
    """Lists cost the same at any size, as the site's do: the count stops at the cap and pages
    go on with Next past it, and there is no second count of every row ("N total"). The audit
    trail grows by a row with each staff request."""

    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count of every row for each filter choice

    def get_changelist(self, request, **kwargs):
        return SafeChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return ChangeListPaginator(queryset, per_page)
