"""Staff pages that bring several apps together: the staff home and the patient record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from appointments.selectors import open_requests_overview, requests_for_patient
from clinic.access import staff_view
from clinic.forms import PatientForm, PatientSearchForm, post_data
from clinic.models import Patient, patient_search
from clinic.pagination import COUNT_CAP, paginate
from clinic.roles import CLINICIANS, FRONT_DESK, is_clinician, is_front_desk
from clinic.services import patient_create, patient_update
from exercises import selectors as exercise_selectors
from outcomes.selectors import measures_due, programs_for_review
from screening.selectors import (
    screenings_for_patient,
    screenings_to_call,
    unreviewed_warnings_overview,
)

# The staff home shows the first few of each list; the rest are one link away, page by page.
FLAGGED_ON_STAFF_HOME = 10
WORKLIST_LENGTH = 10
COMMENTS_SHOWN = 20


@staff_view(CLINICIANS, FRONT_DESK, audit="")
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What needs doing today, per role: each list short, with its count and a "see all" link.
    A fixed number of queries at any size (tests/performance/test_query_budgets.py)."""
    context = {"cap": COUNT_CAP}
    today = timezone.localdate()
    if is_front_desk(request.user):
        context["to_call"] = screenings_to_call(limit=WORKLIST_LENGTH)
        context["open_requests"] = open_requests_overview(limit=WORKLIST_LENGTH)
    if is_clinician(request.user):
        context["warnings"] = unreviewed_warnings_overview(limit=WORKLIST_LENGTH)
        # Stored flags through their partial indexes: four queries at any size.
        warnings = exercise_selectors.first_flagged_programs(per_page=FLAGGED_ON_STAFF_HOME)
        ready = exercise_selectors.first_flagged_programs(
            per_page=FLAGGED_ON_STAFF_HOME, ready_to_progress=True
        )
        context["flagged"] = {
            "programs": warnings.object_list,
            "count": warnings.paginator.count,
            "ready": ready.object_list,
            "ready_count": ready.paginator.count,
            "cap": COUNT_CAP,
        }
        due_count, due_rows = measures_due(today=today, limit=WORKLIST_LENGTH)
        review_count, review_rows = programs_for_review(today=today, limit=WORKLIST_LENGTH)
        context["measures"] = {
            "due": due_rows,
            "due_count": due_count,
            "due_more": due_count > len(due_rows),
            "review": review_rows,
            "review_count": review_count,
            "review_more": review_count > len(review_rows),
        }
    return render(request, "staff/home.html", context)


@staff_view(CLINICIANS, audit="patient")
@require_safe
def patient_list(request: HttpRequest) -> HttpResponse:
    search = PatientSearchForm(request.GET or None)
    patients = Patient.objects.annotate(program_count=exercise_selectors.program_count()).order_by(
        "full_name", "id"
    )
    query = ""
    if search.is_valid():
        query = search.cleaned_data["q"].strip()
        if query:
            patients = patients.filter(patient_search(query))
    page = paginate(request, patients)
    return render(
        request, "staff/patient_list.html", {"page": page, "search": search, "query": query}
    )


@staff_view(CLINICIANS, audit="patient")
@require_http_methods(["GET", "HEAD", "POST"])
def patient_create_view(request: HttpRequest) -> HttpResponse:
    form = PatientForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            patient = patient_create(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Patient record created."))
            return redirect(patient)
    return render(request, "staff/patient_form.html", {"form": form})


@staff_view(CLINICIANS, audit="patient")
@require_http_methods(["GET", "HEAD", "POST"])
def patient_edit(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_object_or_404(Patient, pk=pk)
    form = PatientForm(post_data(request), instance=patient)
    if request.method == "POST" and form.is_valid():
        try:
            patient_update(patient=patient, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Patient details saved."))
            return redirect(patient)
    return render(request, "staff/patient_form.html", {"form": form, "patient": patient})


@staff_view(CLINICIANS, audit="patient")
@require_safe
def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_object_or_404(Patient, pk=pk)
    today = timezone.localdate()
    summaries = exercise_selectors.program_summaries_for_patient(patient.pk, today=today)
    comments = [log for summary in summaries for log in summary.program.recent_logs if log.comment]
    comments.sort(key=lambda log: log.logged_at, reverse=True)
    return render(
        request,
        "staff/patient_detail.html",
        {
            "patient": patient,
            "summaries": summaries,
            "comments": comments[:COMMENTS_SHOWN],
            "screenings": screenings_for_patient(patient.pk),
            "appointment_requests": requests_for_patient(patient.pk),
            "today": today,
        },
    )
