from django.contrib import admin

from clinic.models import Patient

# Django admin is for administrators (superusers) only, whatever is_staff says.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
admin.site.site_header = "Clinic administration"


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "phone", "created_at"]
    search_fields = ["full_name", "email", "phone"]
