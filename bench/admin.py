"""Django admin's changelists of the staff lists' models, the baseline of those lists: an
admin site of the benchmark's own, never part of the installed site (bench/urls.py)."""

from __future__ import annotations

from django.contrib import admin

from appointments.models import AppointmentRequest
from screening.models import Screening

site = admin.AdminSite(name="bench_admin")


@admin.register(AppointmentRequest, site=site)
class AppointmentRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "name", "status", "urgency", "created_at"]
    list_select_related = ["screening"]
    list_per_page = 25


@admin.register(Screening, site=site)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = ["id", "category", "urgency", "created_at", "reviewed_by"]
    list_select_related = ["reviewed_by"]
    list_per_page = 25
