"""The patient's check-in page, reached through their program link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clinic.access import audit_object, audited
from clinic.forms import post_data
from exercises.selectors import program_for_token
from outcomes import selectors, services
from outcomes.forms import CheckInForm


def link_not_working(request: HttpRequest) -> HttpResponse:
    """The program page's answer for unknown, revoked and expired links: same page, same 404."""
    response = render(request, "exercises/link_not_working.html", status=404)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@audited("program", id_kwarg=None)
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    today = timezone.localdate()
    program = program_for_token(token, today=today)
    if program is None:
        return link_not_working(request)
    audit_object(request, program.pk)
    here = reverse("outcomes:checkin", args=[token])
    checkins = selectors.checkins_for_program(program.pk)
    track = selectors.track_for_program(program.pk)
    due = track is None or track.next_due_on <= today
    form = None
    if due:
        activities = checkins[0].psfs_activities if checkins else None
        form = CheckInForm(post_data(request), activities=activities)
        if request.method == "POST" and form.is_valid():
            try:
                services.checkin_record(program=program, token=token, answers=form.answers())
            except ValidationError as error:
                if error.code == "link_unusable":
                    return link_not_working(request)
                if error.code != "not_due":
                    form.add_error(None, error)
                else:
                    return redirect(here)
            else:
                messages.success(request, _("Thank you. Your answers are saved."))
                return redirect(here)
    elif request.method == "POST":
        # Already answered (another tab, a second tap): the page says when the next one is due.
        return redirect(here)
    response = render(
        request,
        "outcomes/checkin.html",
        {
            "program": program,
            "token": token,
            "form": form,
            "is_baseline": not checkins,
            "next_due_on": track.next_due_on if track else None,
            "sittings": selectors.sittings(checkins),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
