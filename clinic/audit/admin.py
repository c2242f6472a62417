from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

from clinic.audit.models import AuditEvent


class _DateSafeChangeList(ChangeList):
    """A year too large for a date (?created_at__year=99999999999) is a bad filter, not a 500."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for administrators (the admin site is superuser-only): nobody edits the trail."""

    list_display = [
        "created_at",
        "username",
        "action",
        "object_type",
        "object_id",
        "url_name",
        "method",
        "status_code",
        "ip_address",
    ]
    list_filter = ["action", "object_type", "created_at"]
    search_fields = ["username", "ip_address", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = False
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return _DateSafeChangeList

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
