"""Public pages: the exercise library and the patient's own program page (by private link)."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import groupby

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clinic.access import audit_object, audited
from clinic.forms import post_data
from exercises import images, qr, selectors, services
from exercises.charts import weekly_chart
from exercises.codes import FlagReason
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


# The patient page shows the changes of the last few versions made in this many days.
CHANGES_SHOWN = 3
CHANGES_DAYS = 28


def _program_context(program: HomeProgram, token: str) -> dict:
    today = timezone.localdate()
    items = list(
        ProgramItem.objects.filter(program=program)
        .select_related("exercise")
        .order_by("position", "id")
    )
    versions = list(program.versions.order_by("number"))
    logs = list(program.logs.filter(logged_on__gte=today - timedelta(days=selectors.HISTORY_DAYS)))
    summary = selectors.summarize(program, versions=versions, logs=logs, today=today)
    since = timezone.now() - timedelta(days=CHANGES_DAYS)
    recent_versions = [v for v in reversed(versions) if v.number > 1 and v.created_at >= since]
    return {
        "program": program,
        "token": token,
        "items": items,
        "current_version": versions[-1] if versions else None,
        "recent_versions": recent_versions[:CHANGES_SHOWN],
        "summary": summary,
        "chart": weekly_chart(summary.chart_weeks),
        "recent_logs": logs[:RECENT_LOGS_SHOWN],
        "avoid": AvoidAdvice.objects.all(),
        "today": today,
    }


def _answer(request: HttpRequest, context: dict) -> dict | None:
    """The answer to a log just saved (`?saved=<id>`, one of this program's logs of today):
    the thanks, or the advice to stop and call that the log called for."""
    try:
        saved = int(request.GET.get("saved", ""))
    except ValueError:
        return None
    log = next((log for log in context["recent_logs"] if log.pk == saved), None)
    if log is None or log.logged_on != context["today"]:
        return None
    exercises = {item.exercise.pk: item.exercise for item in context["items"]}
    return {
        "log": log,
        "alerts": log.alerts,
        "tingling": FlagReason.TINGLING_SPREAD in log.alerts,
        "pain": FlagReason.PAIN_SPIKE in log.alerts,
        "exercise": exercises.get(log.provoking_exercise_id),
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
    context = _program_context(program, token)
    form = SessionLogForm(post_data(request), items=context["items"])
    if request.method == "POST" and form.is_valid():
        try:
            log = services.session_log_append(program=program, token=token, **form.cleaned_data)
        except ValidationError as error:
            if error.code == "link_unusable":
                # Revoked or replaced since the lookup above: the same page as any bad link.
                return _link_not_working(request)
            form.add_error(None, error)
        else:
            # The answer (thanks, or the advice to stop and call) is shown only now that the
            # row is stored: the service returned after commit.
            url = reverse("exercises:program", args=[token])
            return redirect(f"{url}?saved={log.pk}#answer")
    context |= {"form": form, "answer": _answer(request, context)}
    response = render(request, "exercises/program.html", context)
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


@never_cache
@require_safe
@audited("program", id_kwarg=None)
def program_today(request: HttpRequest, token: str) -> HttpResponse:
    """Today's session on a phone: one exercise at a time, with Next and Previous links."""
    program = selectors.program_for_token(token, today=timezone.localdate())
    if program is None:
        return _link_not_working(request)
    audit_object(request, program.pk)
    items = list(
        ProgramItem.objects.filter(program=program)
        .select_related("exercise")
        .order_by("position", "id")
    )
    try:
        step = int(request.GET.get("step", "1"))
    except ValueError:
        step = 1
    step = min(max(step, 1), max(len(items), 1))
    response = render(
        request,
        "exercises/today.html",
        {
            "program": program,
            "token": token,
            "item": items[step - 1] if items else None,
            "step": step,
            "total": len(items),
            "previous": step - 1 if step > 1 else None,
            "next": step + 1 if step < len(items) else None,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# Uploaded pictures are stored under random names of this shape (exercises.images).
_IMAGE_NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}\.(jpg|png|webp)$")


@require_safe
def exercise_image(request: HttpRequest, name: str) -> HttpResponse:
    """A clinician's exercise picture, with its true content type and never sniffed."""
    match = _IMAGE_NAME.match(name)
    if match is None:
        raise Http404
    try:
        stored = default_storage.open(f"{images.FOLDER}/{name}", "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(stored, content_type=images.CONTENT_TYPES[match.group(1)])
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the file can do nothing but be an image.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # The name is random and a new picture gets a new name: the file never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
