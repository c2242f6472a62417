"""Clinician pages: a program's reminder settings and consent records; stopping them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from clinic.access import staff_view
from clinic.roles import CLINICIANS
from exercises.models import HomeProgram
from reminders import selectors, services
from reminders.forms import DAY_NAMES


def _program(pk: int) -> HomeProgram:
    return get_object_or_404(HomeProgram.objects.select_related("patient"), pk=pk)


@staff_view(CLINICIANS, audit="program")
@require_safe
def program_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(pk)
    subscriptions = selectors.subscriptions_for_program(program.pk)
    return render(
        request,
        "reminders/staff/program_reminders.html",
        {
            "program": program,
            "subscriptions": [
                (subscription, [DAY_NAMES[day] for day in subscription.weekdays])
                for subscription in subscriptions
            ],
            "active": next((s for s in subscriptions if s.is_active), None),
            "time_zone": settings.TIME_ZONE,
        },
    )


@staff_view(CLINICIANS, audit="program")
@require_POST
def staff_stop(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program(pk)
    if services.reminder_stop_by_staff(program=program) is not None:
        messages.success(request, _("The patient's reminders are off."))
    return redirect("reminders:program_reminders", pk=program.pk)
