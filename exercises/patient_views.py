"""Clinician pages for patient records: list with search, create, and the follow-up page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from clinic.models import Patient
from clinic.roles import clinician_required
from clinic.services import patient_create
from exercises import selectors
from exercises.forms import PatientForm, PatientSearchForm
from exercises.models import HomeProgram
from exercises.views import _posted

PAGE_SIZE = 25


@clinician_required
@require_safe
def patient_list(request: HttpRequest) -> HttpResponse:
    search = PatientSearchForm(request.GET or None)
    patients = Patient.objects.annotate(program_count=Count("home_programs")).order_by(
        "full_name", "id"
    )
    query = ""
    if search.is_valid():
        query = search.cleaned_data["q"].strip()
        if query:
            patients = patients.filter(
                Q(full_name__icontains=query)
                | Q(email__icontains=query)
                | Q(phone__icontains=query)
            )
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "patients/list.html", {"page": page, "search": search, "query": query})


@clinician_required
@require_http_methods(["GET", "HEAD", "POST"])
def patient_new(request: HttpRequest) -> HttpResponse:
    form = PatientForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            patient = patient_create(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Patient record created."))
            return redirect("exercises:patient_detail", pk=patient.pk)
    return render(request, "patients/form.html", {"form": form})


@clinician_required
@require_safe
def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_object_or_404(Patient, pk=pk)
    today = timezone.localdate()
    programs = selectors.with_summary_data(
        HomeProgram.objects.filter(patient=patient).order_by("-start_date", "-id"), today
    )
    summaries = [selectors.summarize_prefetched(program, today=today) for program in programs]
    comments = [log for summary in summaries for log in summary.program.recent_logs if log.comment]
    comments.sort(key=lambda log: log.logged_at, reverse=True)
    return render(
        request,
        "patients/detail.html",
        {
            "patient": patient,
            "summaries": summaries,
            "comments": comments[:20],
            "screenings": list(patient.screenings.all()[:20]),
            "appointment_requests": list(patient.appointment_requests.all()[:20]),
            "today": today,
        },
    )
