"""Questionnaire, result page and clinician review of the screening."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clinic.access import audit_object, audited, staff_view
from clinic.filters import created_between
from clinic.pagination import paginate
from clinic.roles import CLINICIANS
from screening import forms
from screening.models import Screening, urgency_rank
from screening.presenters import result_context
from screening.schema import AnswersError, describe_answers, validate_answers
from screening.selectors import screening_for_token
from screening.services import screening_review, screening_submit


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    form_class: type
    self_test: bool = False


STEPS = (
    Step("start", _("How it started"), forms.StartForm),
    Step("symptoms", _("Your symptoms"), forms.SymptomsForm),
    Step("red_flags", _("Warning signs"), forms.RedFlagsForm),
    Step("knee_bend", _("Optional check: bending the knee"), forms.KneeBendForm, self_test=True),
    Step("slump", _("Optional check: the sitting test"), forms.SlumpForm, self_test=True),
    Step("contact", _("Your contact details (optional)"), forms.ContactForm),
)
STEPS_BY_NAME = {step.name: step for step in STEPS}

# The answers so far travel in a signed hidden field, so the server keeps no state between
# steps; a visitor who leaves for a day starts again.
STATE_SALT = "screening.questionnaire"
STATE_MAX_AGE = 12 * 60 * 60
STATE_MAX_LENGTH = 8000


class StateError(Exception):
    """The hidden answers could not be read (tampered, expired or malformed)."""


def dump_state(answers: dict, contact: dict) -> str:
    return signing.dumps({"a": answers, "c": contact}, salt=STATE_SALT, compress=True)


def load_state(value: str) -> tuple[dict, dict]:
    if not value:
        return {}, {}
    if len(value) > STATE_MAX_LENGTH:
        raise StateError
    try:
        state = signing.loads(value, salt=STATE_SALT, max_age=STATE_MAX_AGE)
        answers = validate_answers(state["a"])
        contact = {
            key: str(state["c"][key])[:254]
            for key in forms.ContactForm.base_fields
            if isinstance(state["c"].get(key), str)
        }
    except (signing.BadSignature, AnswersError, KeyError, TypeError, AttributeError, ValueError):
        raise StateError from None
    return answers, contact


def visible_steps(answers: dict) -> list[Step]:
    """With an emergency warning sign, the self-tests are left out: do not test, get help."""
    if forms.has_emergency_flag(answers):
        return [step for step in STEPS if not step.self_test]
    return list(STEPS)


def _render_step(
    request: HttpRequest, step: Step, answers: dict, contact: dict, form=None, status: int = 200
) -> HttpResponse:
    context = _step_context(step, answers, contact, form)
    return render(request, "screening/step.html", context, status=status)


def _step_context(step: Step, answers: dict, contact: dict, form=None) -> dict:
    steps = visible_steps(answers)
    if step not in steps:
        step = steps[-1]
    if form is None:
        if step.form_class is forms.ContactForm:
            form = forms.ContactForm(initial=contact)
        else:
            form = step.form_class(initial=step.form_class.initial_from(answers))
    position = steps.index(step) + 1
    return {
        "step": step,
        "form": form,
        "state": dump_state(answers, contact),
        "position": position,
        "total": len(steps),
        "is_first": position == 1,
        "is_last": position == len(steps),
        "emergency": forms.has_emergency_flag(answers),
    }


def _merge(answers: dict, step_answers: dict) -> dict:
    merged = dict(answers)
    for key, value in step_answers.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return validate_answers(merged)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request: HttpRequest) -> HttpResponse:
    """All steps at one URL: each POST carries the answers so far and shows the next step."""
    if request.method != "POST":
        return _render_step(request, STEPS[0], {}, {})

    try:
        answers, contact = load_state(request.POST.get("state", ""))
    except StateError:
        messages.error(
            request, _("Sorry, we could not read your earlier answers. Please start again.")
        )
        return _render_step(request, STEPS[0], {}, {})

    step = STEPS_BY_NAME.get(request.POST.get("step", ""), STEPS[0])
    form = step.form_class(request.POST)
    going_back = request.POST.get("action") == "back"
    valid = form.is_valid()

    if going_back or valid:
        # Going back keeps whatever was valid on this step, without complaining about the rest.
        if isinstance(form, forms.ContactForm):
            contact = form.contact()
        else:
            answers = _merge(answers, form.answers())
    if not going_back and not valid:
        return _render_step(request, step, answers, contact, form=form)

    steps = visible_steps(answers)
    index = steps.index(step) if step in steps else len(steps) - 1
    if going_back:
        return _render_step(request, steps[max(index - 1, 0)], answers, contact)
    if index + 1 < len(steps):
        return _render_step(request, steps[index + 1], answers, contact)

    _screening, token = screening_submit(answers=answers, **contact)
    return redirect("screening:result", token=token)


@never_cache
@require_safe
@audited("screening", id_kwarg=None)
def result(request: HttpRequest, token: str) -> HttpResponse:
    """The stored assessment, exactly as computed at submission; never recomputed."""
    screening = screening_for_token(token, "id", "created_at", "assessment", "model_version")
    if screening is None:
        return render(request, "screening/not_found.html", status=404)
    audit_object(request, screening.pk)

    context = result_context(screening.assessment) | {
        "screening": screening,
        "token": token,
        "appointment_url": reverse("appointments:request") + "?screening=" + token,
    }
    return render(request, "screening/result.html", context)


def _filtered_screenings(filters: dict):
    # The list never shows answers: leave the JSON columns in the database.
    queryset = (
        Screening.objects.select_related("reviewed_by")
        .defer("answers", "assessment", "review_note")
        .annotate(
            # Red flags pinned on top: emergency, then prompt, then everything else by date.
            urgency_rank=urgency_rank()
        )
    )
    if filters.get("category"):
        queryset = queryset.filter(category=filters["category"])
    queryset = created_between(queryset, filters.get("date_from"), filters.get("date_to"))
    return queryset.order_by("urgency_rank", "-created_at", "-id")


@staff_view(CLINICIANS, audit="screening")
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    form = forms.ScreeningFilterForm(request.GET or None)
    filters: dict = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data  # the filters that were understood
        if form.errors:
            messages.warning(request, _("Some filters were not understood and are ignored."))
            # Shown again without the values that were not understood.
            form = forms.ScreeningFilterForm(initial=filters)
    page = paginate(request, _filtered_screenings(filters))
    return render(request, "screening/staff_list.html", {"form": form, "page": page})


@staff_view(CLINICIANS, audit="screening")
@require_http_methods(["GET", "HEAD", "POST"])
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    screening = get_object_or_404(Screening.objects.select_related("reviewed_by", "patient"), pk=pk)
    if request.method == "POST":
        form = forms.ReviewForm(request.POST)
        if form.is_valid():
            screening_review(
                screening=screening, reviewer=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Marked as reviewed."))
            return redirect("screening:staff_detail", pk=screening.pk)
    else:
        form = forms.ReviewForm(initial={"note": screening.review_note})
    context = result_context(screening.assessment) | {
        "screening": screening,
        "answers_in_words": describe_answers(screening.answers),
        "appointment_requests": _appointment_requests(screening),
        "form": form,
    }
    return render(request, "screening/staff_detail.html", context)


def _appointment_requests(screening: Screening) -> list:
    """The appointment requests that carry this screening (none if that app has no link)."""
    related = getattr(screening, "appointment_requests", None)
    if related is None:
        return []
    return list(related.order_by("-created_at"))
