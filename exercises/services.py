"""Writes for exercises and home programs: keyword-only, validated, one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.models import Patient
from clinic.tokens import hash_token, new_token
from exercises import adherence, changes, flags, safety, selectors
from exercises.codes import VersionKind
from exercises.models import (
    Exercise,
    HomeProgram,
    ItemFields,
    ProgramItem,
    ProgramTemplate,
    ProgramVersion,
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
    note: str = "",
    now: datetime | None = None,
) -> AssignedProgram:
    """Create a patient's program (its first version) and a fresh private link, all or nothing."""
    now = now or timezone.now()
    _require_items(items)
    program = HomeProgram(
        patient=patient,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        source_template=source_template,
        created_by=created_by,
        version=1,
        measures_due_on=start_date,  # the baseline is due from the first day
    )
    token = _issue_token(program, now)
    program.full_clean()
    program.save()
    rows = _item_rows(ProgramItem, items, program=program)
    for row in rows:
        row.dose_since = start_date
    ProgramItem.objects.bulk_create(rows)
    _write_version(
        program,
        rows,
        number=1,
        kind=VersionKind.ASSIGNED,
        note=note,
        changes=[],
        by=created_by,
        now=now,
    )
    return AssignedProgram(program=program, token=token)


def _snapshot(rows: Sequence[ItemFields]) -> list[dict]:
    return [
        changes.snapshot(
            exercise_id=row.exercise_id,
            name=row.exercise.name,
            note=row.note,
            **{field: getattr(row, field) for field in changes.DOSE_FIELDS},
        )
        for row in rows
    ]


def _write_version(
    program: HomeProgram, rows, *, number: int, kind: str, note: str, changes, by, now
) -> ProgramVersion:
    times, days = adherence.busiest((row.times_per_day, row.days_per_week) for row in rows)
    version = ProgramVersion(
        program=program,
        number=number,
        kind=kind,
        created_at=now,
        created_by=by,
        note=note.strip(),
        items=_snapshot(rows),
        changes=changes,
        times_per_day=times,
        days_per_week=days,
    )
    version.full_clean()
    version.save()
    return version


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
    now = now or timezone.now()
    token = _issue_token(program, now)
    program.measures_due_on = _measures_due_on(program, timezone.localdate(now))
    program.save(
        update_fields=["token_hash", "token_issued_at", "link_revoked_at", "measures_due_on"]
    )
    return token


def program_link_revoke(*, program: HomeProgram, now: datetime | None = None) -> None:
    program.link_revoked_at = now or timezone.now()
    program.measures_due_on = None
    program.save(update_fields=["link_revoked_at", "measures_due_on"])


def _measures_due_on(program: HomeProgram, today: date) -> date | None:
    """When the program's next outcome measure is due, or None once its link has stopped
    working: the outcome track's date once the baseline is taken, the start date before.

    The track belongs to the outcomes app above this one; it is read by its relation's name
    (one query) so that this app need not import it.
    """
    if not program.link_is_usable(today):
        return None
    return (
        HomeProgram.objects.filter(pk=program.pk)
        .values_list(Coalesce("outcome_track__next_due_on", "start_date"), flat=True)
        .get()
    )


@transaction.atomic
def program_follow_up(*, program: HomeProgram, user, now: datetime | None = None) -> None:
    """Record that a clinician followed up: current flags clear until a newer log raises them."""
    now = now or timezone.now()
    program = _locked(program)
    program.followed_up_at = now
    program.followed_up_by = user
    program.save(update_fields=["followed_up_at", "followed_up_by"])
    _store_evaluation(program, now=now)


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
    provoking_exercise: Exercise | None = None,
    now: datetime | None = None,
) -> SessionLog:
    """Append one "done today" log through the link `token`; the row is stored, with the
    advice it called for (`alerts`) and the program's updated flags, before this returns.

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
        usual = selectors.stored_baseline(locked)
        log = SessionLog(
            program=locked,
            version=locked.versions.only("pk").get(number=locked.version),
            logged_at=now,
            logged_on=today,
            pain=pain,
            tingling_spread=tingling_spread,
            comment=comment.strip(),
            provoking_exercise=provoking_exercise,
            alerts=safety.log_alerts(pain=pain, tingling_spread=tingling_spread, usual=usual),
        )
        log.full_clean()
        log.save()
        locked.last_logged_at = now
        if usual is None or today <= usual.until:
            _store_baseline(locked)
        locked.save(update_fields=["last_logged_at", "baseline_pain", "baseline_until"])
        _store_evaluation(locked, now=now, activity=True)
    return log


def _locked(program: HomeProgram) -> HomeProgram:
    return HomeProgram.objects.select_for_update().get(pk=program.pk)


def _store_baseline(program: HomeProgram) -> None:
    # The baseline week holds at most 7 days of logs, MAX_LOGS_PER_DAY a day.
    first = program.logs.order_by("logged_on", "logged_at", "id")[: MAX_LOGS_PER_DAY * 7]
    usual = safety.baseline(selectors.log_entries(first))
    program.baseline_pain = usual.pain if usual else None
    program.baseline_until = usual.until if usual else None


def _apply_evaluation(
    program: HomeProgram, evaluation: selectors.Evaluation, *, now: datetime, activity: bool
) -> bool:
    """Put the evaluation into the stored fields; True when any of them changed."""
    before = (program.flags, program.flagged_at, program.ready_to_progress_at)
    if not evaluation.flags:
        program.flagged_at = None
    elif evaluation.flags != program.flags or activity or program.flagged_at is None:
        # Newest first on the staff home: a new reason, or a new log while flagged.
        program.flagged_at = now
    program.flags = evaluation.flags
    if not evaluation.ready_to_progress:
        program.ready_to_progress_at = None
    elif program.ready_to_progress_at is None:
        program.ready_to_progress_at = now
    return before != (program.flags, program.flagged_at, program.ready_to_progress_at)


STORED_FIELDS = ["flags", "flagged_at", "ready_to_progress_at"]


def _store_evaluation(program: HomeProgram, *, now: datetime, activity: bool = False) -> None:
    """Work out the program's flags and progression from its rows; store them (same transaction)."""
    today = timezone.localdate(now)
    evaluation = selectors.evaluate(
        program,
        items=selectors.current_items(program),
        logs=selectors.lookback_logs(program, today=today),
        today=today,
    )
    if _apply_evaluation(program, evaluation, now=now, activity=activity):
        program.save(update_fields=STORED_FIELDS)


@dataclass(frozen=True)
class RefreshCounts:
    checked: int = 0
    changed: int = 0
    flagged: int = 0
    ready: int = 0


def program_flags_refresh(*, now: datetime | None = None, batch_size: int = 500) -> RefreshCounts:
    """Bring every stored flag up to date with the passing of time (no logs for 7 days, a
    week's logs leaving the windows, programs that ended), and take the programs that ended
    off the outcome measures' due list; idempotent.

    Looks at the programs that are flagged or ready now, and those within their watched dates
    (from the start to a week after the end). Each batch is locked while it is worked out, so
    a log arriving meanwhile waits and its own update is never overwritten.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    watched_since = today - timedelta(days=flags.DAYS_AFTER_END)
    candidates = (
        HomeProgram.objects.filter(
            Q(flagged_at__isnull=False)
            | Q(ready_to_progress_at__isnull=False)
            | (
                Q(start_date__lte=today)
                & (Q(end_date__isnull=True) | Q(end_date__gte=watched_since))
            )
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Programs whose link has stopped working leave the "measures due" index (see the model).
    HomeProgram.objects.filter(measures_due_on__isnull=False).filter(
        Q(end_date__lt=today) | Q(link_revoked_at__isnull=False)
    ).update(measures_due_on=None)
    checked = changed = 0
    ids = list(candidates)
    lookback = today - timedelta(days=flags.LOOKBACK_DAYS)
    for offset in range(0, len(ids), batch_size):
        with transaction.atomic():
            batch = list(
                HomeProgram.objects.select_for_update()
                .filter(pk__in=ids[offset : offset + batch_size])
                .prefetch_related(
                    Prefetch(
                        "items",
                        queryset=ProgramItem.objects.select_related("exercise").order_by(
                            "position", "id"
                        ),
                    ),
                    Prefetch(
                        "logs",
                        queryset=SessionLog.objects.filter(logged_on__gte=lookback).order_by(
                            "logged_at", "id"
                        ),
                    ),
                )
            )
            updated = []
            for program in batch:
                evaluation = selectors.evaluate(
                    program, items=program.items.all(), logs=program.logs.all(), today=today
                )
                if _apply_evaluation(program, evaluation, now=now, activity=False):
                    updated.append(program)
            HomeProgram.objects.bulk_update(updated, STORED_FIELDS)
            checked += len(batch)
            changed += len(updated)
    return RefreshCounts(
        checked=checked,
        changed=changed,
        flagged=HomeProgram.objects.filter(flagged_at__isnull=False).count(),
        ready=HomeProgram.objects.filter(ready_to_progress_at__isnull=False).count(),
    )


# Editing a live program --------------------------------------------------------------------


class StaleVersion(ValidationError):
    """The program changed since the form was loaded: nothing was saved."""

    def __init__(self, current: int) -> None:
        super().__init__(
            _(
                "Someone else changed this program while you were editing it (it is now "
                "version %(n)d). Your changes were not saved. The form now shows the latest "
                "version: make your changes again."
            )
            % {"n": current},
            code="stale_version",
        )
        self.current = current


@transaction.atomic
def home_program_edit(
    *,
    program: HomeProgram,
    expected_version: int,
    title: str,
    end_date: date | None,
    note: str,
    items: Sequence[ItemInput],
    edited_by,
    kind: str = VersionKind.EDITED,
    now: datetime | None = None,
) -> ProgramVersion:
    """Save a new version of a live program: same link, every earlier version kept.

    Raises StaleVersion when `expected_version` is no longer the current one (another edit
    came first), and ValidationError(code="no_change") when nothing would change.
    """
    now = now or timezone.now()
    locked = _locked(program)
    if locked.version != expected_version:
        raise StaleVersion(locked.version)
    _require_items(items)
    _require_distinct(items)
    current = locked.versions.get(number=locked.version)
    old_rows = list(locked.items.select_related("exercise").order_by("position", "id"))
    new_rows = _item_rows(ProgramItem, items, program=locked)
    found = changes.diff(
        _snapshot(old_rows),
        _snapshot(new_rows),
        old_note=current.note,
        new_note=note,
        old_end=locked.end_date,
        new_end=end_date,
        old_title=locked.title,
        new_title=title,
    )
    if not found:
        raise ValidationError(
            _("Nothing has changed, so there is nothing to save."), code="no_change"
        )
    today = timezone.localdate(now)
    old_by_exercise = {row.exercise_id: row for row in old_rows}
    for row in new_rows:
        before = old_by_exercise.get(row.exercise_id)
        same_dose = before is not None and before.dose == row.dose
        row.dose_since = before.dose_since if same_dose else today
    locked.title = title.strip()
    locked.end_date = end_date
    locked.version += 1
    locked.full_clean()
    locked.measures_due_on = _measures_due_on(locked, today)
    locked.save(update_fields=["title", "end_date", "version", "measures_due_on"])
    locked.items.all().delete()
    ProgramItem.objects.bulk_create(new_rows)
    version = _write_version(
        locked,
        new_rows,
        number=locked.version,
        kind=kind,
        note=note,
        changes=found,
        by=edited_by,
        now=now,
    )
    _store_evaluation(locked, now=now)
    program.refresh_from_db()
    return version


@transaction.atomic
def program_progression_apply(
    *,
    program: HomeProgram,
    expected_version: int,
    item_id: int,
    applied_by,
    now: datetime | None = None,
) -> ProgramVersion:
    """Apply one progression suggestion as a new version (a clinician's one click).

    Raises StaleVersion as home_program_edit does, and ValidationError(code="no_suggestion")
    when the suggestion no longer holds (a newer log, or it was applied already).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    locked = _locked(program)
    if locked.version != expected_version:
        raise StaleVersion(locked.version)
    rows = selectors.current_items(locked)
    evaluation = selectors.evaluate(
        locked, items=rows, logs=selectors.lookback_logs(locked, today=today), today=today
    )
    suggestion = next((s for s in evaluation.suggestions if s.key == item_id), None)
    if suggestion is None or evaluation.flags:
        raise ValidationError(
            _("This suggestion no longer applies. Nothing was changed."), code="no_suggestion"
        )
    items = []
    for row in rows:
        dose = asdict(row.dose) | (
            {suggestion.field: suggestion.proposed} if row.pk == item_id else {}
        )
        items.append(ItemInput(exercise=row.exercise, note=row.note, **dose))
    current = locked.versions.get(number=locked.version)
    return home_program_edit(
        program=locked,
        expected_version=expected_version,
        title=locked.title,
        end_date=locked.end_date,
        note=current.note,
        items=items,
        edited_by=applied_by,
        kind=VersionKind.PROGRESSED,
        now=now,
    )


def _require_distinct(items: Sequence[ItemInput]) -> None:
    seen = set()
    for item in items:
        if item.exercise.pk in seen:
            raise ValidationError(
                _("%(name)s is in the list twice. Keep it once.") % {"name": item.exercise.name},
                code="duplicate_exercise",
            )
        seen.add(item.exercise.pk)


# The exercise library ------------------------------------------------------------------------


def exercise_save(*, exercise: Exercise, photos: dict | None = None) -> Exercise:
    """Save a library exercise; `photos` maps "start"/"end" to a re-encoded image
    (exercises.images.CleanImage) to store, or None to remove the clinician's picture.

    The new files are written first and removed again if the row cannot be saved; replaced
    files are deleted once the change is committed.
    """
    written: list[str] = []
    replaced: list[str] = []
    try:
        with transaction.atomic():
            for which, image in (photos or {}).items():
                field = f"photo_{which}"
                old = getattr(exercise, field)
                if old:
                    replaced.append(old.name)
                if image is None:
                    setattr(exercise, field, "")
                else:
                    name = default_storage.save(image.name, ContentFile(image.content))
                    written.append(name)
                    setattr(exercise, field, name)
            exercise.full_clean()
            exercise.save()
            transaction.on_commit(lambda: [default_storage.delete(name) for name in replaced])
    except Exception:
        for name in written:
            default_storage.delete(name)
        raise
    return exercise
