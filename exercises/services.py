"""Writes for exercises and home programs: keyword-only, validated, one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.models import Patient
from clinic.tokens import hash_token, new_token
from exercises.models import (
    Exercise,
    HomeProgram,
    ItemFields,
    ProgramItem,
    ProgramTemplate,
    SessionLog,
    TemplateItem,
)

# Enough for any real program (a few sessions a day), small enough to stop a script filling
# the clinician's view with noise.
MAX_LOGS_PER_DAY = 10


@dataclass(frozen=True)
class ItemInput:
    """One exercise of a program or template, with its dose and an optional note."""

    exercise: Exercise
    sets: int
    reps: int | None
    hold_seconds: int | None
    times_per_day: int
    days_per_week: int
    note: str = ""

    def dose_fields(self) -> dict:
        return {
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "times_per_day": self.times_per_day,
            "days_per_week": self.days_per_week,
        }


@dataclass(frozen=True)
class AssignedProgram:
    program: HomeProgram
    token: str  # shown once to the clinician; only its hash is stored


def _require_items(items: Sequence[ItemInput]) -> None:
    if not items:
        raise ValidationError(_("Add at least one exercise."), code="no_items")


def _issue_token(program: HomeProgram, now: datetime) -> str:
    token = new_token()
    program.token_hash = hash_token(token)
    program.token_issued_at = now
    program.link_revoked_at = None
    return token


@transaction.atomic
def home_program_assign(
    *,
    patient: Patient,
    title: str,
    start_date: date,
    end_date: date | None,
    items: Sequence[ItemInput],
    created_by,
    source_template: ProgramTemplate | None = None,
    now: datetime | None = None,
) -> AssignedProgram:
    """Create a patient's program with its items and a fresh private link, all or nothing."""
    now = now or timezone.now()
    _require_items(items)
    program = HomeProgram(
        patient=patient,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        source_template=source_template,
        created_by=created_by,
    )
    token = _issue_token(program, now)
    program.full_clean()
    program.save()
    ProgramItem.objects.bulk_create(_item_rows(ProgramItem, items, program=program))
    return AssignedProgram(program=program, token=token)


def _item_rows(model: type[ItemFields], items: Sequence[ItemInput], **owner) -> list:
    """Validated rows of `model` (a program's or a template's items), in the given order."""
    rows = []
    for position, item in enumerate(items, start=1):
        row = model(
            **owner,
            exercise=item.exercise,
            position=position,
            note=item.note.strip(),
            **item.dose_fields(),
        )
        row.full_clean()
        rows.append(row)
    return rows


@transaction.atomic
def program_template_save(
    *,
    template: ProgramTemplate,
    items: Sequence[ItemInput],
) -> ProgramTemplate:
    """Save a template and replace its items in one go."""
    _require_items(items)
    template.full_clean()
    template.save()
    template.items.all().delete()
    TemplateItem.objects.bulk_create(_item_rows(TemplateItem, items, template=template))
    return template


@transaction.atomic
def program_link_reissue(*, program: HomeProgram, now: datetime | None = None) -> str:
    """Give the program a new link; the old one stops working at once."""
    token = _issue_token(program, now or timezone.now())
    program.save(update_fields=["token_hash", "token_issued_at", "link_revoked_at"])
    return token


def program_link_revoke(*, program: HomeProgram, now: datetime | None = None) -> None:
    program.link_revoked_at = now or timezone.now()
    program.save(update_fields=["link_revoked_at"])


def program_follow_up(*, program: HomeProgram, user, now: datetime | None = None) -> None:
    """Record that a clinician followed up: current flags clear until a newer log raises them."""
    program.followed_up_at = now or timezone.now()
    program.followed_up_by = user
    program.save(update_fields=["followed_up_at", "followed_up_by"])


def program_link_email(*, program: HomeProgram, link: str) -> None:
    """Email the patient their program link through the configured backend."""
    if not program.patient.email:
        raise ValidationError(_("This patient has no email address."), code="no_email")
    context = {
        "program": program,
        "link": link,
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    send_mail(
        subject=_("Your home exercise program from %(clinic)s") % {"clinic": settings.CLINIC_NAME},
        message=render_to_string("exercises/email/program_link.txt", context),
        from_email=None,
        recipient_list=[program.patient.email],
    )


def session_log_append(
    *,
    program: HomeProgram,
    token: str,
    pain: int,
    tingling_spread: bool,
    comment: str = "",
    now: datetime | None = None,
) -> SessionLog:
    """Append one "done today" log through the link `token`; the row is stored before this returns.

    Raises ValidationError(code="link_unusable") when the link no longer opens the program
    (revoked, expired or replaced by a new link since the page was loaded).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        # Lock the program row so two quick taps cannot both slip under the daily cap; lock it
        # by the link's hash too, so a log cannot land through a link replaced a moment ago.
        locked = (
            HomeProgram.objects.select_for_update()
            .filter(pk=program.pk, token_hash=hash_token(token))
            .first()
        )
        if locked is None or not locked.link_is_usable(today):
            raise ValidationError(_("This program link no longer works."), code="link_unusable")
        if locked.logs.filter(logged_on=today).count() >= MAX_LOGS_PER_DAY:
            raise ValidationError(
                _("You have already logged %(n)d sessions today. Thank you!")
                % {"n": MAX_LOGS_PER_DAY},
                code="too_many_logs",
            )
        log = SessionLog(
            program=locked,
            logged_at=now,
            logged_on=today,
            pain=pain,
            tingling_spread=tingling_spread,
            comment=comment.strip(),
        )
        log.full_clean()
        log.save()
        locked.last_logged_at = now
        locked.save(update_fields=["last_logged_at"])
    return log
