"""Clinician pages: library editing, program templates, assigning and following up programs."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clinic.access import Action, staff_view
from clinic.forms import post_data
from clinic.models import Patient
from clinic.pagination import paginate
from clinic.roles import CLINICIANS
from clinic.tokens import hash_token
from exercises import changes, qr, selectors, services
from exercises.charts import weekly_chart
from exercises.forms import (
    AvoidAdviceForm,
    ExerciseForm,
    ItemFormSet,
    LinkEmailForm,
    ProgramEditForm,
    ProgramForm,
    ProgramTemplateForm,
    ProgressionApplyForm,
    TemplateChoiceForm,
    item_initial,
)
from exercises.models import AvoidAdvice, Exercise, HomeProgram, ProgramTemplate, ProgramVersion

logger = logging.getLogger(__name__)

ITEMS_PREFIX = "items"


def _with_extra_row(data: QueryDict, prefix: str) -> QueryDict:
    """The posted formset plus one blank row: the no-JavaScript "add an exercise" button."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, "0"))
    except ValueError:
        total = 0
    data[key] = str(min(total + 1, ItemFormSet.absolute_max))
    return data


def _in_order(data: QueryDict, prefix: str, move: str = "") -> QueryDict:
    """The posted rows renumbered in their order (hidden ORDER, then position), with the row
    that `move` names ("3:up", "0:down") swapped with its neighbour: the no-JavaScript Up and
    Down buttons. The page is shown again; nothing is saved."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), ItemFormSet.absolute_max)
    except ValueError:
        return data

    def place(index: int) -> tuple[float, int]:
        try:
            return (float(data.get(f"{prefix}-{index}-ORDER") or "inf"), index)
        except ValueError:
            return (float("inf"), index)

    order = sorted(range(total), key=place)
    row, _sep, direction = move.partition(":")
    if row.isdigit() and int(row) in order:
        at = order.index(int(row))
        other = at - 1 if direction == "up" else at + 1 if direction == "down" else at
        if 0 <= other < len(order):
            order[at], order[other] = order[other], order[at]
    moved = data.copy()
    for new_index, old_index in enumerate(order):
        old_prefix, new_prefix = f"{prefix}-{old_index}-", f"{prefix}-{new_index}-"
        for key in [k for k in moved if k.startswith(new_prefix)]:
            del moved[key]
        for key in data:
            if key.startswith(old_prefix):
                moved.setlist(new_prefix + key[len(old_prefix) :], data.getlist(key))
        if moved.get(f"{new_prefix}exercise"):
            moved[f"{new_prefix}ORDER"] = str(new_index + 1)
    return moved


def _item_formset(request: HttpRequest, exercises, initial=None):
    if request.method == "POST":
        data = request.POST
        if "move" in request.POST:
            data = _in_order(data, ITEMS_PREFIX, request.POST.get("move", ""))
        if "add_row" in request.POST:
            data = _with_extra_row(_in_order(data, ITEMS_PREFIX), ITEMS_PREFIX)
        return ItemFormSet(data, prefix=ITEMS_PREFIX, exercises=exercises)
    return ItemFormSet(initial=initial, prefix=ITEMS_PREFIX, exercises=exercises)


def _ready_to_save(request: HttpRequest, form, formset) -> bool:
    """A real submit (not "add a row" or a move) with both parts valid; both are checked."""
    if request.method != "POST" or "add_row" in request.POST or "move" in request.POST:
        return False
    return all([form.is_valid(), formset.is_valid()])


def _exercises():
    return list(Exercise.objects.order_by("category", "position", "name"))


# Library editing ---------------------------------------------------------------------------


@staff_view(CLINICIANS, audit="exercise")
@require_safe
def exercise_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "exercises/staff/exercise_list.html",
        {"exercises": Exercise.objects.all(), "avoid": AvoidAdvice.objects.all()},
    )


@staff_view(CLINICIANS, audit="exercise", id_kwarg="slug")
@require_http_methods(["GET", "HEAD", "POST"])
def exercise_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    exercise = get_object_or_404(Exercise, slug=slug) if slug else None
    files = request.FILES if request.method == "POST" else None
    form = ExerciseForm(post_data(request), files, instance=exercise)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.exercise_save(
                exercise=form.save(commit=False), photos=form.photo_changes()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": saved.name})
            return redirect("exercises:staff_exercise_list")
    return render(
        request, "exercises/staff/exercise_form.html", {"form": form, "exercise": exercise}
    )


@staff_view(CLINICIANS, audit="avoid_advice")
@require_http_methods(["GET", "HEAD", "POST"])
def avoid_edit(request: HttpRequest, pk: int) -> HttpResponse:
    advice = get_object_or_404(AvoidAdvice, pk=pk)
    form = AvoidAdviceForm(post_data(request), instance=advice)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("exercises:staff_exercise_list")
    return render(request, "exercises/staff/avoid_form.html", {"form": form, "advice": advice})


# Program templates -------------------------------------------------------------------------


@staff_view(CLINICIANS, audit="program_template")
@require_safe
def template_list(request: HttpRequest) -> HttpResponse:
    templates = ProgramTemplate.objects.annotate(item_count=Count("items"))
    return render(request, "exercises/staff/template_list.html", {"templates": templates})


@staff_view(CLINICIANS, audit="program_template")
@require_http_methods(["GET", "HEAD", "POST"])
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = get_object_or_404(ProgramTemplate, pk=pk) if pk else None
    exercises = _exercises()
    initial = None
    if template is not None and request.method != "POST":
        initial = item_initial(template.items.order_by("position", "id"))
    form = ProgramTemplateForm(post_data(request), instance=template)
    formset = _item_formset(request, exercises, initial)
    if _ready_to_save(request, form, formset):
        try:
            saved = services.program_template_save(
                template=form.instance, items=formset.item_inputs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": saved.name})
            return redirect("exercises:template_list")
    return render(
        request,
        "exercises/staff/template_form.html",
        {"form": form, "formset": formset, "template": template},
    )


# Programs ----------------------------------------------------------------------------------


@staff_view(CLINICIANS, audit="program")
@require_safe
def program_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    queryset = selectors.with_summary_data(
        HomeProgram.objects.order_by("-start_date", "-id"), today
    )
    page = paginate(request, queryset)
    summaries = [selectors.summarize_prefetched(program, today=today) for program in page]
    return render(
        request,
        "exercises/staff/program_list.html",
        {"page": page, "summaries": summaries, "today": today},
    )


@staff_view(CLINICIANS, audit="program")
@require_safe
def flagged_program_list(request: HttpRequest) -> HttpResponse:
    """Every program the staff home flags, page by page (the home shows the first few)."""
    page = paginate(request, selectors.flagged_programs())
    return render(
        request,
        "exercises/staff/flagged_list.html",
        {"page": page, "ready_list": False},
    )


@staff_view(CLINICIANS, audit="program")
@require_safe
def ready_program_list(request: HttpRequest) -> HttpResponse:
    """The programs whose logs meet their progression rules, page by page."""
    page = paginate(request, selectors.flagged_programs(ready_to_progress=True))
    return render(
        request,
        "exercises/staff/flagged_list.html",
        {"page": page, "ready_list": True},
    )


# A link just made, by program id: kept in the staff session only from the redirect after it
# is made to the GET that shows it (which takes it out).
LINKS_SESSION_KEY = "program_links"


def _render_link_page(request: HttpRequest, program: HomeProgram, token: str) -> HttpResponse:
    """The only page that shows a link: right after it is made, never stored, never cached."""
    url = request.build_absolute_uri(reverse("exercises:program", args=[token]))
    response = render(
        request,
        "exercises/staff/program_link.html",
        {
            "program": program,
            "token": token,
            "url": url,
            "qr_svg": qr.qr_svg(url, title=_("QR code for the patient's program page")),
            "email_form": LinkEmailForm(initial={"token": token}),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _send_link(request: HttpRequest, program: HomeProgram, token: str) -> bool:
    url = request.build_absolute_uri(reverse("exercises:program", args=[token]))
    try:
        services.program_link_email(program=program, link=url)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    except Exception as exc:
        # A mail server that fails must not lose the saved program or its link. No exc_info:
        # mail errors quote the patient's address, and logs hold no patient data.
        logger.error("Could not email the link of program %s (%s).", program.pk, type(exc).__name__)
        messages.error(
            request,
            _("We could not send the email just now. Copy or print the link instead."),
        )
        return False
    messages.success(
        request, _("We emailed the link to %(email)s.") % {"email": program.patient.email}
    )
    return True


@staff_view(CLINICIANS, audit="patient", id_kwarg="patient_id", actions={"POST": Action.CREATE})
@require_http_methods(["GET", "HEAD", "POST"])
def program_assign(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = get_object_or_404(Patient, pk=patient_id)
    exercises = _exercises()
    choice = TemplateChoiceForm(request.GET or None)
    template = choice.cleaned_data["template"] if choice.is_valid() else None
    initial = None
    if template is not None:
        initial = item_initial(template.items.order_by("position", "id"))
    program_initial = {"title": template.name if template else "", "note": ""}
    form = ProgramForm(post_data(request), initial=program_initial, patient=patient)
    formset = _item_formset(request, exercises, initial)
    if _ready_to_save(request, form, formset):
        try:
            assigned = services.home_program_assign(
                patient=patient,
                title=form.cleaned_data["title"],
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                items=formset.item_inputs(),
                created_by=request.user,
                source_template=template,
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The program is saved."))
            if form.cleaned_data.get("email_link"):
                _send_link(request, assigned.program, assigned.token)
            return _show_link_next(request, assigned.program, assigned.token)
    return render(
        request,
        "exercises/staff/program_assign.html",
        {
            "patient": patient,
            "form": form,
            "formset": formset,
            "choice": choice,
            "template": template,
        },
    )


def _program_for_clinician(pk: int) -> HomeProgram:
    return get_object_or_404(HomeProgram.objects.select_related("patient"), pk=pk)


@staff_view(CLINICIANS, audit="program")
@require_safe
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    program = get_object_or_404(
        HomeProgram.objects.select_related("patient", "followed_up_by").prefetch_related(
            Prefetch(
                "versions",
                queryset=ProgramVersion.objects.select_related("created_by").order_by("-number"),
                to_attr="history",
            ),
            selectors.recent_logs_prefetch(today),
        ),
        pk=pk,
    )
    items = selectors.current_items(program)
    versions = list(reversed(program.history))
    summary = selectors.summarize(program, versions=versions, logs=program.recent_logs, today=today)
    # Suggestions are worked out afresh for this one program (the stored flags are what the
    # lists read); the logs of the last six weeks hold the rules' two.
    evaluation = selectors.evaluate(program, items=items, logs=program.recent_logs, today=today)
    logs = program.logs.select_related("version", "provoking_exercise").order_by(
        "-logged_at", "-id"
    )
    return render(
        request,
        "exercises/staff/program_detail.html",
        {
            "program": program,
            "items": items,
            "summary": summary,
            "chart": weekly_chart(summary.chart_weeks),
            "page": paginate(request, logs),
            "link_works": program.link_is_usable(today),
            "history": program.history,
            "suggestions": evaluation.suggestions if evaluation.ready_to_progress else [],
            "apply_forms": {
                suggestion.key: ProgressionApplyForm(
                    initial={"item": suggestion.key, "version": program.version}
                )
                for suggestion in evaluation.suggestions
            },
            "baseline": selectors.stored_baseline(program),
        },
    )


@staff_view(CLINICIANS, audit="program")
@require_http_methods(["GET", "HEAD", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a live program: a new version, the same link; a stale form is refused."""
    program = _program_for_clinician(pk)
    exercises = _exercises()
    current = program.versions.get(number=program.version)

    def fresh_forms():
        initial_items = item_initial(program.items.order_by("position", "id"))
        return (
            ProgramEditForm(
                instance=program, initial={"note": current.note, "version": program.version}
            ),
            ItemFormSet(initial=initial_items, prefix=ITEMS_PREFIX, exercises=exercises),
        )

    if request.method == "POST":
        form = ProgramEditForm(request.POST, instance=HomeProgram.objects.get(pk=program.pk))
        formset = _item_formset(request, exercises)
    else:
        form, formset = fresh_forms()
    conflict = None
    if _ready_to_save(request, form, formset):
        try:
            version = services.home_program_edit(
                program=program,
                expected_version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
                end_date=form.cleaned_data["end_date"],
                note=form.cleaned_data.get("note", ""),
                items=formset.item_inputs(),
                edited_by=request.user,
            )
        except services.StaleVersion as error:
            # Never a lost update: show the latest version, say what it changed, start again.
            program.refresh_from_db()
            current = program.versions.select_related("created_by").get(number=program.version)
            conflict = {"message": error.messages[0], "version": current}
            form, formset = fresh_forms()
        except ValidationError as error:
            if error.code == "no_change":
                messages.info(request, error.messages[0])
                return redirect("exercises:program_detail", pk=program.pk)
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Saved as version %(n)d. The patient's link stays the same.")
                % {"n": version.number},
            )
            return redirect("exercises:program_detail", pk=program.pk)
    return render(
        request,
        "exercises/staff/program_edit.html",
        {
            "program": program,
            "form": form,
            "formset": formset,
            "conflict": conflict,
            "current": current,
        },
    )


@staff_view(CLINICIANS, audit="program")
@require_POST
def program_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply one progression suggestion: the clinician's one click makes a new version."""
    program = _program_for_clinician(pk)
    form = ProgressionApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That suggestion could not be read. Nothing was changed."))
        return redirect("exercises:program_detail", pk=program.pk)
    try:
        version = services.program_progression_apply(
            program=program,
            expected_version=form.cleaned_data["version"],
            item_id=form.cleaned_data["item"],
            applied_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        described = "; ".join(changes.describe(change) for change in version.changes)
        messages.success(
            request,
            _("Saved as version %(n)d: %(changes)s.") % {"n": version.number, "changes": described},
        )
    return redirect("exercises:program_detail", pk=program.pk)


def _show_link_next(request: HttpRequest, program: HomeProgram, token: str) -> HttpResponse:
    """Post/redirect/get: a refresh must not assign twice, so the fresh link waits in the
    staff member's session (server-side) for the one GET that shows it."""
    links = request.session.get(LINKS_SESSION_KEY, {})
    links[str(program.pk)] = token
    request.session[LINKS_SESSION_KEY] = links
    return redirect("exercises:program_new_link", pk=program.pk)


@staff_view(CLINICIANS, audit="program")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def program_new_link(request: HttpRequest, pk: int) -> HttpResponse:
    """POST makes a new link (the old one stops working); GET shows the link just made."""
    program = _program_for_clinician(pk)
    if request.method == "POST":
        token = services.program_link_reissue(program=program)
        messages.success(request, _("A new link is ready. The old link no longer works."))
        return _show_link_next(request, program, token)
    # Shown once: taken out of the session now, so a refresh leads back to the program.
    links = request.session.get(LINKS_SESSION_KEY, {})
    token = links.pop(str(program.pk), None)
    if token is not None:
        if links:
            request.session[LINKS_SESSION_KEY] = links
        else:
            del request.session[LINKS_SESSION_KEY]
    if (
        not token
        or hash_token(token) != program.token_hash
        or not program.link_is_usable(timezone.localdate())
    ):
        messages.info(
            request,
            _(
                "For privacy, a link is shown only just after it is made. "
                "Make a new link to see one."
            ),
        )
        return redirect("exercises:program_detail", pk=program.pk)
    return _render_link_page(request, program, token)


@staff_view(CLINICIANS, audit="program")
@require_http_methods(["GET", "HEAD", "POST"])
def program_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch the patient's link off, after a page that asks to confirm (no JavaScript)."""
    program = _program_for_clinician(pk)
    if request.method != "POST":
        return render(request, "exercises/staff/program_revoke.html", {"program": program})
    services.program_link_revoke(program=program)
    messages.success(request, _("The patient's link no longer works."))
    return redirect("exercises:program_detail", pk=program.pk)


@staff_view(CLINICIANS, audit="program")
@require_POST
def program_email(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program_for_clinician(pk)
    form = LinkEmailForm(request.POST)
    # Only the current, working link can be sent: the posted token must match the stored hash.
    if (
        not form.is_valid()
        or hash_token(form.cleaned_data["token"]) != program.token_hash
        or not program.link_is_usable(timezone.localdate())
    ):
        messages.error(request, _("That link is no longer current. Make a new link to send it."))
        return redirect("exercises:program_detail", pk=program.pk)
    _send_link(request, program, form.cleaned_data["token"])
    return redirect("exercises:program_detail", pk=program.pk)


@staff_view(CLINICIANS, audit="program")
@require_POST
def program_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    program = _program_for_clinician(pk)
    services.program_follow_up(program=program, user=request.user)
    messages.success(request, _("Marked as followed up. New warning signs will flag it again."))
    return redirect("exercises:program_detail", pk=program.pk)
