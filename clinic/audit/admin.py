from functools import cache

from django.contrib import admin
from django.urls import URLResolver, get_resolver
from django.utils.translation import gettext_lazy as _

from clinic.admin_site import ClinicModelAdmin
from clinic.audit.models import AuditEvent


@cache
def audited_object_types() -> list[str]:
    """Every kind of object the site's views record, from their declarations in the URLconf."""
    found: set[str] = set()

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif spec := getattr(pattern.callback, "audit", None):
                found.add(spec.object_type)

    walk(get_resolver().url_patterns)
    return sorted(found)


class ObjectTypeFilter(admin.SimpleListFilter):
    """By the kind of object, as the views declare them: Django's own filter would read every
    distinct value of the whole trail on each visit."""

    title = _("object type")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        return [(object_type, object_type) for object_type in audited_object_types()]

    def queryset(self, request, queryset):
        return queryset.filter(object_type=self.value()) if self.value() else queryset


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
    # The list costs the same at any size (ClinicModelAdmin). The "created_at" filter narrows
    # by date (today, the past 7 days, this month, this year); no date_hierarchy, whose links
    # need every distinct year, a read of the whole trail.
    list_filter = ["action", ObjectTypeFilter, "created_at"]
    search_fields = ["username", "ip_address", "object_id"]
    list_select_related = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
