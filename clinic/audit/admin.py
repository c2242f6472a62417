from django.contrib import admin

from clinic.admin_site import ClinicModelAdmin
from clinic.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ClinicModelAdmin):
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
