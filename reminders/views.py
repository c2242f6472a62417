"""The patient's reminder page (through their program link) and the emails' unsubscribe page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from clinic.access import audit_object, audited
from clinic.forms import post_data
from exercises.selectors import program_for_token
from reminders import selectors, services
from reminders.forms import DAY_NAMES, ReminderForm


def _link_not_working(request: HttpRequest) -> HttpResponse:
    """The program page's answer for unknown, revoked and expired links: same page, same 404."""
    response = render(request, "exercises/link_not_working.html", status=404)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@audited("program", id_kwarg=None)
def reminders_page(request: HttpRequest, token: str) -> HttpResponse:
    program = program_for_token(token, today=timezone.localdate())
    if program is None:
        return _link_not_working(request)
    audit_object(request, program.pk)
    active = selectors.active_subscription(program.pk)
    initial = (
        {"days": active.weekdays, "send_time": active.send_time.strftime("%H:%M")}
        if active
        else None
    )
    form = ReminderForm(post_data(request), initial=initial, time_zone_name=settings.TIME_ZONE)
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_subscribe(
                program=program,
                token=token,
                email=form.cleaned_data["email"],
                weekdays=form.cleaned_data["days"],
                send_time=form.cleaned_data["send_time"],
                consent_text=form.fields["consent"].label,
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            if error.code == "link_unusable":
                return _link_not_working(request)
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Reminders are on. The first one comes at the time you chose.")
            )
            return redirect(reverse("reminders:page", args=[token]))
    return _noindex(
        render(
            request,
            "reminders/page.html",
            {
                "program": program,
                "token": token,
                "form": form,
                "active": active,
                "active_days": [DAY_NAMES[day] for day in active.weekdays] if active else [],
            },
        )
    )


@never_cache
@require_POST
@audited("program", id_kwarg=None)
def stop(request: HttpRequest, token: str) -> HttpResponse:
    program = program_for_token(token, today=timezone.localdate())
    if program is None:
        return _link_not_working(request)
    audit_object(request, program.pk)
    try:
        stopped = services.reminder_stop(program=program, token=token)
    except ValidationError:
        return _link_not_working(request)
    if stopped is not None:
        messages.success(request, _("Reminders are off. We will not email you again."))
    return redirect(reverse("reminders:page", args=[token]))


@csrf_exempt  # One-click unsubscribe (RFC 8058): mail clients POST without cookies; the
# random token in the URL is what authorises it, and all it can do is stop emails.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@audited("reminder_subscription", id_kwarg=None)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST does it."""
    subscription = selectors.subscription_for_unsubscribe_token(token)
    if subscription is None:
        return _noindex(render(request, "reminders/unsubscribe_unknown.html", status=404))
    audit_object(request, subscription.pk)
    if request.method == "POST":
        services.reminder_unsubscribe(token=token)
        return _noindex(render(request, "reminders/unsubscribed.html"))
    return _noindex(
        render(
            request,
            "reminders/unsubscribe.html",
            {"token": token, "already": not subscription.is_active},
        )
    )
