from django.contrib import admin

from clinic.admin_site import ClinicModelAdmin
from clinic.models import Patient


@admin.register(Patient)
class PatientAdmin(ClinicModelAdmin):
    list_display = ["full_name", "email", "phone", "created_at"]
    search_fields = ["full_name", "email", "phone"]
