"""Questionnaire, result page and clinician review of the screening."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clinic import phones
from clinic.access import audit_object, audited, staff_view
from clinic.audit.recording import client_ip
from clinic.filters import created_between
from clinic.forms import PatientForm, PatientSearchForm
from clinic.pagination import paginate
from clinic.roles import CLINICIANS
from screening import forms
from screening.models import UNREVIEWED_WARNING, Screening, urgency_rank
from screening.presenters import list_likelihood, result_context
from screening.questionnaire import (
    FIRST_STEP,
    STEPS,
    STEPS_BY_SLUG,
    State,
    Step,
    fits_in_cookie,
    forget_state,
    keep_state,
    new_state,
    read_state,
    result_token,
    sent_state,
    skipped_self_tests,
    visible_steps,
)
from screening.schema import describe_answers, validate_answers
from screening.scoring import assess
from screening.selectors import patients_for_screening, screening_for_token
from screening.services import (
    RateLimitedError,
    screening_create_patient,
    screening_link_patient,
    screening_review,
    screening_submit,
    submitter_hash,
)

_UNREADABLE = _("Sorry, we could not read your earlier answers. Please start again.")
_MISSING = _(
    "We could not find your earlier answers. They are kept in this browser for 12 hours. "
    "Please start again."
)


def _merge(answers: dict, step_answers: dict) -> dict:
    merged = dict(answers)
    for key, value in step_answers.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return validate_answers(merged)


def _step_url(step: Step) -> str:
    if step is FIRST_STEP:
        return reverse("screening:start")
    return reverse("screening:step", args=[step.slug])


def _start_again(request: HttpRequest, unreadable: bool) -> HttpResponse:
    messages.error(request, _UNREADABLE if unreadable else _MISSING)
    return forget_state(redirect("screening:start"))


def _render_step(request: HttpRequest, step: Step, state: State | None, form=None) -> HttpResponse:
    answers = state.answers if state else {}
    contact = state.contact if state else {}
    pending = state.pending_for(step) if state else None
    if form is None and pending is not None:
        form = step.form_class(pending)
        form.is_valid()  # shows the errors of the refused POST again
    elif form is None and step.form_class is forms.ContactForm:
        form = forms.ContactForm(initial=contact)
    elif form is None:
        form = step.form_class(initial=step.form_class.initial_from(answers))
    steps = visible_steps(answers)
    position = steps.index(step) + 1
    context = {
        "step": step,
        "form": form,
        "action": _step_url(step),
        "position": position,
        "total": len(steps),
        "is_first": position == 1,
        "is_last": position == len(steps),
        "skipped_self_tests": skipped_self_tests(answers),
        # On the first step: answers kept from earlier in this browser can be cleared.
        "kept_answers": bool(state and (state.answers or state.contact)),
    }
    return render(request, "screening/step.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request: HttpRequest, step: str = "") -> HttpResponse:
    """One step of the questionnaire (Post/Redirect/Get): a GET shows it with the answers so
    far, a POST saves it and redirects to the next step, or stores the screening at the end."""
    current = FIRST_STEP if not step else STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404
    state, unreadable = read_state(request)
    if request.method == "POST":
        return _save_step(request, current, state, unreadable)

    if current is FIRST_STEP:
        if unreadable:
            messages.error(request, _UNREADABLE)
            return forget_state(_render_step(request, current, None))
        # After a sent questionnaire, the first step starts a new one.
        return _render_step(request, current, None if state is None or state.sent else state)
    if state is None:
        return _start_again(request, unreadable)
    if state.sent:
        return render(
            request,
            "screening/already_sent.html",
            {"result_url": reverse("screening:result", args=[result_token(state.nonce)])},
        )
    if not state.may_open(current):
        return redirect(_step_url(state.next_due()))
    return _render_step(request, current, state)


def _save_step(
    request: HttpRequest, step: Step, state: State | None, unreadable: bool
) -> HttpResponse:
    if state is None or (state.sent and step is FIRST_STEP):
        if step is not FIRST_STEP:
            return _start_again(request, unreadable)
        state = new_state()
    elif state.sent:
        return redirect(_step_url(step))  # "already sent", with the link to the result
    if not state.may_open(step):
        return keep_state(redirect(_step_url(state.next_due())), state)

    form = step.form_class(request.POST)
    going_back = request.POST.get("action") == "back"
    valid = form.is_valid()
    if going_back or valid:
        # Going back keeps whatever was valid on this step, without complaining about the rest.
        if isinstance(form, forms.ContactForm):
            state = replace(state, contact=form.contact())
        else:
            state = replace(state, answers=_merge(state.answers, form.answers()))
    if not going_back and not valid:
        # The GET after the redirect shows the errors, so that a reload resends nothing.
        refused = state.with_pending(step, request.POST)
        if fits_in_cookie(refused):
            return keep_state(redirect(_step_url(step)), refused)
        # Input too large to keep (only a forged POST sends that much): shown here instead.
        return keep_state(_render_step(request, step, state, form=form), state)
    state = state.without_pending()
    if going_back:
        return keep_state(redirect(_step_url(state.step_before(step))), state)

    state = replace(state, completed=max(state.completed, STEPS.index(step)))
    following = state.step_after(step)
    if following is not None:
        return keep_state(redirect(_step_url(following)), state)
    return _submit(request, state)


def _submit(request: HttpRequest, state: State) -> HttpResponse:
    """Store the screening once: a replay of this POST finds it by its token and stores nothing."""
    try:
        _screening, token = screening_submit(
            answers=state.answers,
            **state.contact,
            token=result_token(state.nonce),
            submitter=submitter_hash(client_ip(request)),
            site_url=request.build_absolute_uri("/"),
        )
    except RateLimitedError:
        # Nothing stored; the answers stay in the browser. A warning sign still gets its action,
        # worked out here as the result page would show it.
        context = result_context(assess(state.answers).to_dict())
        response = render(request, "screening/too_many.html", context, status=429)
        return keep_state(response, state)
    # The answers leave the browser; the nonce stays, so Back shows a link to this result.
    return keep_state(redirect("screening:result", token=token), sent_state(state))


@never_cache
@require_POST
def restart(request: HttpRequest) -> HttpResponse:
    """Clear the answers kept in this browser and show an empty first step."""
    messages.info(request, _("Your earlier answers are cleared."))
    return forget_state(redirect("screening:start"))


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
    if filters.get("review") == forms.UNREVIEWED_WARNINGS:
        queryset = queryset.filter(UNREVIEWED_WARNING)
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
    for screening in page.object_list:
        # The same story as the screening's own page, from the listed columns only.
        screening.likelihood = list_likelihood(screening)
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
        # The version tells an old empty warning-signs answer (maybe skipped) from "None of these".
        "answers_in_words": describe_answers(screening.answers, screening.model_version),
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


@staff_view(CLINICIANS, audit="screening")
@require_http_methods(["GET", "HEAD", "POST"])
def staff_patient(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a screening on a patient's record: an existing one (matched on its contact details,
    or found by a search) or a new one made from its contact details."""
    screening = get_object_or_404(Screening.objects.select_related("patient"), pk=pk)
    if screening.patient is not None:
        messages.info(request, _("This screening is already on a patient's record."))
        return redirect("screening:staff_detail", pk=screening.pk)
    search = PatientSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    offered = patients_for_screening(screening, query)
    link_form = forms.PatientChoiceForm(offered=offered)
    create_form = PatientForm(
        initial={
            "full_name": screening.contact_name,
            "email": screening.contact_email,
            "phone": screening.contact_phone,
        },
        prefix="new",
    )
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if "create" in request.POST:
                create_form = PatientForm(request.POST, prefix="new")
                if create_form.is_valid():
                    patient = screening_create_patient(
                        screening=screening, created_by=request.user, **create_form.cleaned_data
                    )
                    messages.success(request, _("A patient record was made with this screening."))
                    return redirect(patient)
            else:
                link_form = forms.PatientChoiceForm(request.POST, offered=offered)
                if link_form.is_valid():
                    patient = link_form.cleaned_data["patient"]
                    screening_link_patient(screening=screening, patient=patient)
                    messages.success(request, _("The screening is on the patient's record."))
                    return redirect(patient)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    context = {
        "screening": screening,
        "contact_parts": [
            part
            for part in (
                screening.contact_name,
                screening.contact_email,
                phones.for_people(screening.contact_phone),
            )
            if part
        ],
        "search": search,
        "query": query,
        "offered": offered,
        "link_form": link_form,
        "create_form": create_form,
    }
    return render(request, "screening/staff_patient.html", context, status=status)
