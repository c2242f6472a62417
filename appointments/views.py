from __future__ import annotations

import logging
from collections.abc import Callable

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from appointments import export
from appointments.codes import RequestStatus
from appointments.forms import (
    SCREENING_CONTACT_FIELDS,
    AppointmentRequestForm,
    CreatePatientForm,
    LinkPatientForm,
    NoteForm,
    QueueFilterForm,
    RescheduleForm,
    ReverseStatusForm,
    StatusChangeForm,
)
from appointments.models import AppointmentRequest
from appointments.selectors import OPEN_FILTER, QUEUE_FIELDS, appointment_request_queue
from appointments.services import (
    CONCURRENT_EDIT_MESSAGE,
    ConcurrentEditError,
    RateLimitedError,
    appointment_request_add_note,
    appointment_request_change_status,
    appointment_request_create_patient,
    appointment_request_from_screening,
    appointment_request_link_patient,
    appointment_request_reverse_status,
    appointment_request_submit,
    appointment_reschedule,
    submitter_hash,
)
from clinic.access import Action, audit_object, audited, staff_view
from clinic.pagination import paginate
from clinic.roles import CLINICIANS, FRONT_DESK, is_clinician
from screening.models import Screening
from screening.selectors import screening_for_token, screenings_to_call

logger = logging.getLogger(__name__)

# Unchanged since the app lived in clinic/appointments: links already sent keep working.
SENT_SALT = "clinic.appointments.sent"
EXPORT_FIELDS = (*QUEUE_FIELDS, "preferred_days", "preferred_times", "patient")


def _add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Public pages ---------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@audited("screening", id_kwarg=None)  # staff who open it with a result link see that screening
def request_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        token = request.GET.get("screening", "")
        screening = screening_for_token(token, *SCREENING_CONTACT_FIELDS)
        if screening is not None:
            audit_object(request, screening.pk)
        form = AppointmentRequestForm(
            initial={"screening_token": token if screening else ""}, screening=screening
        )
        return render(request, "appointments/request_form.html", {"form": form})

    form = AppointmentRequestForm(request.POST)
    if form.honeypot_filled:
        # Nothing stored or sent; a neutral page, since no request was received.
        logger.info("Appointment request form: honeypot filled, nothing stored.")
        return render(request, "appointments/request_not_received.html")
    if not form.is_valid():
        return render(request, "appointments/request_form.html", {"form": form}, status=400)

    submitter = submitter_hash(get_client_ip_address(request))
    data = form.cleaned_data
    try:
        appointment_request = appointment_request_submit(
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            contact_method=data["contact_method"],
            preferred_days=data["preferred_days"],
            preferred_times=data["preferred_times"],
            reason=data["reason"],
            consent=data["consent"],
            screening=form.screening_to_attach(),
            submitter=submitter,
            site_url=request.build_absolute_uri("/"),
        )
    except RateLimitedError:
        return render(
            request,
            "appointments/request_form.html",
            {"form": form, "rate_limited": True},
            status=429,
        )
    except ValidationError as error:
        _add_service_errors(form, error)
        return render(request, "appointments/request_form.html", {"form": form}, status=400)
    # The confirmation page shows only what this signed value holds, so references in URLs
    # cannot be enumerated to read anything.
    signed = signing.dumps(
        {
            "r": appointment_request.reference,
            "e": bool(appointment_request.email),
            # A warning sign: the page promises a call today, never "two working days".
            "u": appointment_request.has_red_flag,
        },
        salt=SENT_SALT,
    )
    return redirect("appointments:sent", signed=signed)


@require_safe
def request_sent(request: HttpRequest, signed: str) -> HttpResponse:
    try:
        data = signing.loads(signed, salt=SENT_SALT)
        reference = AppointmentRequest(reference=str(data["r"])).display_reference
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise Http404 from error
    return render(
        request,
        "appointments/request_sent.html",
        {"reference": reference, "email_sent": bool(data.get("e")), "urgent": bool(data.get("u"))},
    )


# Staff pages ----------------------------------------------------------------------------------


@staff_view(FRONT_DESK, CLINICIANS, audit="request")
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    filter_form = QueueFilterForm(request.GET or None)
    requests = appointment_request_queue(**filter_form.filters()).only(*QUEUE_FIELDS)
    if filter_form.errors:
        # Each one is shown by its field too; the list shows what the other filters select.
        messages.warning(request, _("Some filters were not understood and are ignored."))
    page = paginate(request, requests)
    context = {
        "filter_form": filter_form,
        "page": page,
        "showing_open": filter_form.filters()["status"] == OPEN_FILTER,
        # Urgent online checks with contact details and no request yet: call them first.
        "to_call": screenings_to_call(),
    }
    return render(request, "appointments/queue.html", context)


@staff_view(FRONT_DESK, CLINICIANS, audit="request", id_kwarg=None, actions={"POST": Action.CREATE})
@require_POST
def add_from_screening(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Add to the queue" from the Call today list: a request from an urgent screening."""
    screening = get_object_or_404(Screening.objects.only("id"), pk=pk)
    try:
        appointment_request, created = appointment_request_from_screening(
            screening=screening, created_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("appointments:queue")
    audit_object(request, appointment_request.pk)
    if created:
        messages.success(request, _("Added to the queue. Call the patient today."))
    else:
        messages.info(request, _("This check is already in the queue: here is its request."))
    return redirect("appointments:detail", pk=appointment_request.pk)


@staff_view(FRONT_DESK, CLINICIANS, audit="request", actions={"GET": Action.EXPORT})
@require_safe
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    filter_form = QueueFilterForm(request.GET or None)
    requests = appointment_request_queue(**filter_form.filters()).only(*EXPORT_FIELDS)
    # Who exported, never what: the log holds no patient data.
    logger.info("User %s exported the appointment request queue.", request.user.pk)
    response = StreamingHttpResponse(
        export.csv_lines(requests.iterator(chunk_size=1000)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"appointment-requests-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _get_request(pk: int) -> AppointmentRequest:
    return get_object_or_404(
        AppointmentRequest.objects.select_related(
            "screening", "patient", "appointment_clinician"
        ).defer("screening__answers", "screening__assessment"),
        pk=pk,
    )


def _render_detail(
    request: HttpRequest,
    appointment_request: AppointmentRequest,
    *,
    status_form: StatusChangeForm | None = None,
    note_form: NoteForm | None = None,
    link_form: LinkPatientForm | None = None,
    create_form: CreatePatientForm | None = None,
    reschedule_form: RescheduleForm | None = None,
    reverse_form: ReverseStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_link_patient = (
        appointment_request.status == RequestStatus.BOOKED and appointment_request.patient is None
    )
    if can_link_patient:
        link_form = link_form or LinkPatientForm(appointment_request=appointment_request)
        create_form = create_form or CreatePatientForm(appointment_request=appointment_request)
    else:
        # Those forms are not on the page (not booked, or already linked): say why a post failed.
        for form in (link_form, create_form):
            if form is not None and form.errors:
                for errors in form.errors.values():
                    messages.error(request, " ".join(errors))
    if appointment_request.status == RequestStatus.BOOKED:
        reschedule_form = reschedule_form or RescheduleForm(appointment_request=appointment_request)
    history = list(appointment_request.status_changes.select_related("changed_by"))
    # What "undo" would undo: the latest change of status (the service checks it again).
    last_change = next((change for change in reversed(history) if not change.is_note_only), None)
    screening = appointment_request.screening
    context = {
        "appointment_request": appointment_request,
        "history": history,
        "reschedule_form": reschedule_form,
        "last_change": last_change,
        "reverse_form": (
            (reverse_form or ReverseStatusForm(appointment_request=appointment_request))
            if last_change is not None
            else None
        ),
        "status_form": status_form or StatusChangeForm(appointment_request=appointment_request),
        "note_form": note_form or NoteForm(),
        "can_link_patient": can_link_patient,
        "link_form": link_form,
        "create_form": create_form,
        "screening_review_url": (
            reverse("screening:staff_detail", args=[screening.pk])
            if screening is not None and is_clinician(request.user)
            else ""
        ),
    }
    return render(request, "appointments/detail.html", context, status=status)


@staff_view(FRONT_DESK, CLINICIANS, audit="request")
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_request(pk))


def _refuse_stale_edit(request: HttpRequest, pk: int, **forms) -> HttpResponse:
    """Tell the second editor, and show the latest version (their note kept, not saved)."""
    messages.error(request, CONCURRENT_EDIT_MESSAGE)
    return _render_detail(request, _get_request(pk), status=409, **forms)


@staff_view(FRONT_DESK, CLINICIANS, audit="request")
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    appointment_request = _get_request(pk)
    form = StatusChangeForm(request.POST, appointment_request=appointment_request)
    if not form.is_valid():
        return _render_detail(request, appointment_request, status_form=form, status=400)
    try:
        updated = appointment_request_change_status(
            request=appointment_request,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
            changed_by=request.user,
            expected_version=form.cleaned_data["version"],
            appointment=form.appointment() if form.offers_booking else None,
        )
    except ConcurrentEditError as error:
        latest_form = StatusChangeForm(
            appointment_request=error.latest,
            initial={"note": form.cleaned_data["note"], "version": error.latest.version},
        )
        return _refuse_stale_edit(request, pk, status_form=latest_form)
    except ValidationError as error:
        _add_service_errors(form, error)
        return _render_detail(request, appointment_request, status_form=form, status=400)
    messages.success(
        request,
        _("Status changed to “%(status)s”.") % {"status": updated.get_status_display()},
    )
    return redirect("appointments:detail", pk=pk)


def _save_edit(
    request: HttpRequest,
    appointment_request: AppointmentRequest,
    form: Form,
    form_name: str,
    save: Callable[[dict], object],
    done: str,
) -> HttpResponse:
    """A form of the detail page: save it through its service and go back to the page with
    `done`, or show the page again with the form's errors (400) or the newer version (409)."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ConcurrentEditError:
            return _refuse_stale_edit(request, appointment_request.pk)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("appointments:detail", pk=appointment_request.pk)
    return _render_detail(request, appointment_request, status=400, **{form_name: form})


@staff_view(FRONT_DESK, CLINICIANS, audit="request")
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    appointment_request = _get_request(pk)
    return _save_edit(
        request,
        appointment_request,
        NoteForm(request.POST),
        "note_form",
        lambda data: appointment_request_add_note(
            request=appointment_request, note=data["note"], changed_by=request.user
        ),
        _("Note added."),
    )


@staff_view(FRONT_DESK, CLINICIANS, audit="request")
@require_POST
def link_patient(request: HttpRequest, pk: int) -> HttpResponse:
    appointment_request = _get_request(pk)
    return _save_edit(
        request,
        appointment_request,
        LinkPatientForm(request.POST, appointment_request=appointment_request),
        "link_form",
        lambda data: appointment_request_link_patient(
            request=appointment_request,
            patient=data["patient"],
            changed_by=request.user,
            expected_version=data["version"],
        ),
        _("The request is linked to the patient record."),
    )


@staff_view(FRONT_DESK, CLINICIANS, audit="request", actions={"POST": Action.CREATE})
@require_POST
def create_patient(request: HttpRequest, pk: int) -> HttpResponse:
    appointment_request = _get_request(pk)
    return _save_edit(
        request,
        appointment_request,
        CreatePatientForm(request.POST, appointment_request=appointment_request),
        "create_form",
        lambda data: appointment_request_create_patient(
            request=appointment_request,
            date_of_birth=data["date_of_birth"],
            changed_by=request.user,
            expected_version=data["version"],
        ),
        _("A patient record was created and linked to the request."),
    )


@staff_view(FRONT_DESK, CLINICIANS, audit="request")
@require_POST
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    appointment_request = _get_request(pk)
    form = RescheduleForm(request.POST, appointment_request=appointment_request)
    return _save_edit(
        request,
        appointment_request,
        form,
        "reschedule_form",
        lambda data: appointment_reschedule(
            request=appointment_request,
            appointment=form.appointment(),
            note=data["note"],
            changed_by=request.user,
            expected_version=data["version"],
        ),
        _("The appointment has a new time."),
    )


@staff_view(FRONT_DESK, CLINICIANS, audit="request")
@require_POST
def reverse_status(request: HttpRequest, pk: int) -> HttpResponse:
    appointment_request = _get_request(pk)
    return _save_edit(
        request,
        appointment_request,
        ReverseStatusForm(request.POST, appointment_request=appointment_request),
        "reverse_form",
        lambda data: appointment_request_reverse_status(
            request=appointment_request,
            note=data["note"],
            changed_by=request.user,
            expected_version=data["version"],
        ),
        _("The last status change is undone."),
    )
