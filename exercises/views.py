"""Public pages: the exercise library and the patient's own program page (by private link)."""

from __future__ import annotations

from datetime import timedelta
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clinic.access import audit_object, audited
from clinic.forms import post_data
from exercises import qr, selectors, services
from exercises.charts import weekly_chart
from exercises.forms import SessionLogForm
from exercises.models import AvoidAdvice, Category, Exercise, HomeProgram, ProgramItem

RECENT_LOGS_SHOWN = 10


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    exercises = Exercise.objects.order_by("category", "position", "name")
    labels = dict(Category.choices)
    order = [value for value, _label in Category.choices]
    groups = sorted(
        (
            (category, labels.get(category, category), list(rows))
            for category, rows in groupby(exercises, key=lambda e: e.category)
        ),
        key=lambda group: order.index(group[0]) if group[0] in order else len(order),
    )
    return render(
        request,
        "exercises/library.html",
        {"groups": groups, "avoid": AvoidAdvice.objects.all()},
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    exercise = get_object_or_404(Exercise, slug=slug)
    return render(request, "exercises/detail.html", {"exercise": exercise})


def _link_not_working(request: HttpRequest) -> HttpResponse:
    """One answer for unknown, revoked and expired links: same page, same status."""
    response = render(request, "exercises/link_not_working.html", status=404)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _program_context(program: HomeProgram, token: str) -> dict:
    today = timezone.localdate()
    items = list(
        ProgramItem.objects.filter(program=program)
        .select_related("exercise")
        .order_by("position", "id")
    )
    logs = list(program.logs.filter(logged_on__gte=today - timedelta(days=selectors.HISTORY_DAYS)))
    summary = selectors.summarize(program, items=items, logs=logs, today=today)
    return {
        "program": program,
        "token": token,
        "items": items,
        "summary": summary,
        "chart": weekly_chart(summary.weeks),
        "recent_logs": logs[:RECENT_LOGS_SHOWN],
    }


def _patient_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("exercises:program", args=[token]))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@audited("program", id_kwarg=None)
def program_page(request: HttpRequest, token: str) -> HttpResponse:
    program = selectors.program_for_token(token, today=timezone.localdate())
    if program is None:
        return _link_not_working(request)
    audit_object(request, program.pk)
    form = SessionLogForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_log_append(program=program, token=token, **form.cleaned_data)
        except ValidationError as error:
            if error.code == "link_unusable":
                # Revoked or replaced since the lookup above: the same page as any bad link.
                return _link_not_working(request)
            form.add_error(None, error)
        else:
            # Shown only now that the row is stored (the service returned after commit).
            messages.success(request, _("Thank you. Your session is saved."))
            return redirect(reverse("exercises:program", args=[token]) + "#history")

    response = render(
        request, "exercises/program.html", _program_context(program, token) | {"form": form}
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_safe
@audited("program", id_kwarg=None)
def program_print(request: HttpRequest, token: str) -> HttpResponse:
    program = selectors.program_for_token(token, today=timezone.localdate())
    if program is None:
        return _link_not_working(request)
    audit_object(request, program.pk)
    context = _program_context(program, token)
    url = _patient_url(request, token)
    context["qr_svg"] = qr.qr_svg(url, title=_("QR code for your program page"))
    context["program_url"] = url
    response = render(request, "exercises/program_print.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
