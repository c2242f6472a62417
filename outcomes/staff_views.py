"""Clinician pages: a program's outcome measures over time, recording a sitting, the review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clinic.access import staff_view
from clinic.forms import post_data
from clinic.pagination import paginate
from clinic.roles import CLINICIANS
from exercises.models import HomeProgram
from outcomes import instruments, scoring, selectors, services
from outcomes.charts import lefs_chart
from outcomes.forms import CheckInForm


def _program(pk: int) -> HomeProgram:
    return get_object_or_404(HomeProgram.objects.select_related("patient"), pk=pk)


@staff_view(CLINICIANS, audit="program")
@require_safe
def measures_due_list(request: HttpRequest) -> HttpResponse:
    """Every running program whose check-in is due, page by page (the home shows the first few)."""
    page = paginate(request, selectors.due_programs(timezone.localdate()))
    return render(
        request,
        "outcomes/staff/worklist.html",
        {"page": page, "due": selectors.due_rows(page.object_list)},
    )


@staff_view(CLINICIANS, audit="program")
@require_safe
def review_list(request: HttpRequest) -> HttpResponse:
    """Every running program marked for review, page by page."""
    page = paginate(request, selectors.marked_tracks(timezone.localdate()))
    return render(
        request,
        "outcomes/staff/worklist.html",
        {"page": page, "review": selectors.review_rows(page.object_list)},
    )


@staff_view(CLINICIANS, audit="program")
@require_safe
def program_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(pk)
    track = selectors.track_for_program(program.pk)
    sittings = selectors.sittings(selectors.checkins_for_program(program.pk))
    return render(
        request,
        "outcomes/staff/program_outcomes.html",
        {
            "program": program,
            "track": track,
            "review_label": instruments.REVIEW_LABELS.get(track.review_reason) if track else None,
            "sittings": sittings,
            "psfs_rows": selectors.item_rows(
                sittings[0].checkin.psfs_activities if sittings else [],
                sittings,
                lambda checkin: checkin.psfs_scores,
            ),
            "lefs_rows": selectors.item_rows(
                instruments.LEFS_ITEMS, sittings, lambda checkin: checkin.lefs_answers
            ),
            "latest": sittings[-1] if len(sittings) > 1 else None,
            "chart": lefs_chart([(s.weeks, s.checkin.lefs_total) for s in sittings]),
            "today": timezone.localdate(),
            "mcid": {
                "lefs": scoring.LEFS_MCID,
                "psfs": scoring.PSFS_MIC_MEAN,
                "psfs_single": scoring.PSFS_MIC_SINGLE,
                "pain": scoring.PAIN_MCID_POINTS,
                "pain_percent": int(scoring.PAIN_MCID_SHARE * 100),
                "review_weeks": scoring.REVIEW_AFTER_DAYS // 7,
            },
        },
    )


@staff_view(CLINICIANS, audit="program")
@require_http_methods(["GET", "HEAD", "POST"])
def record_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """A clinician records a sitting with the patient (the baseline at assignment, or any)."""
    program = _program(pk)
    checkins = selectors.checkins_for_program(program.pk)
    activities = checkins[0].psfs_activities if checkins else None
    form = CheckInForm(post_data(request), activities=activities)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_record(
                program=program, answers=form.answers(), recorded_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The check-in is saved."))
            return redirect("outcomes:program_outcomes", pk=program.pk)
    return render(
        request,
        "outcomes/staff/record_checkin.html",
        {"program": program, "form": form, "is_baseline": not checkins},
    )


@staff_view(CLINICIANS, audit="program")
@require_POST
def review_done(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(pk)
    services.outcome_review_done(program=program, user=request.user)
    messages.success(request, _("Marked as reviewed. A later check-in can mark it again."))
    return redirect("outcomes:program_outcomes", pk=program.pk)
