"""Writes for outcome measures: keyword-only, validated, one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic.tokens import hash_token
from exercises.models import HomeProgram
from outcomes import scoring
from outcomes.models import ACTIVITY_MAX_LENGTH, CheckIn, OutcomeTrack


@dataclass(frozen=True)
class Answers:
    """One sitting as given: the 20 LEFS answers, the PSFS ratings and the pain rating.

    `activities` (the PSFS activities' names) is read only for the baseline; later sittings
    rate the baseline's activities, in its order.
    """

    lefs: Sequence[int]
    psfs: Sequence[int]
    pain: int
    activities: Sequence[str] = ()


def _clean_activities(names: Sequence[str]) -> list[str]:
    activities = [" ".join(name.split()) for name in names]
    if any(not name for name in activities):
        raise ValidationError(_("Name each activity you rate."), code="activity_blank")
    if any(len(name) > ACTIVITY_MAX_LENGTH for name in activities):
        raise ValidationError(
            _("Keep each activity under %(n)d characters.") % {"n": ACTIVITY_MAX_LENGTH},
            code="activity_too_long",
        )
    return activities


def _scored(answers: Answers, activity_count: int) -> scoring.Scores:
    if len(answers.psfs) != activity_count:
        raise ValidationError(_("Rate each activity from 0 to 10."), code="psfs_activity_count")
    try:
        return scoring.score(lefs_answers=answers.lefs, psfs_scores=answers.psfs, pain=answers.pain)
    except scoring.ScoreError as error:
        raise ValidationError(_("Answer every question."), code=error.code) from error


def _locked_program(program: HomeProgram, token: str | None, today) -> HomeProgram:
    """The program's row, locked: one sitting at a time, and through the link only while it
    still opens the program (not revoked, expired or replaced since the page was loaded)."""
    rows = HomeProgram.objects.select_for_update().filter(pk=program.pk)
    if token is not None:
        rows = rows.filter(token_hash=hash_token(token))
    locked = rows.first()
    if locked is None or (token is not None and not locked.link_is_usable(today)):
        raise ValidationError(_("This program link no longer works."), code="link_unusable")
    return locked


def checkin_record(
    *,
    program: HomeProgram,
    answers: Answers,
    token: str | None = None,
    recorded_by=None,
    now: datetime | None = None,
) -> CheckIn:
    """Store one sitting; the program's first is its baseline. One transaction.

    Through the patient's link (`token`), a sitting after the baseline is taken only once it
    is due; a clinician (`recorded_by`) may record one at any visit. Each sitting sets the next
    due date and, compared with the baseline, marks the program for review or clears the mark.
    Raises ValidationError: link_unusable, not_due, or a code for answers that do not score.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = _locked_program(program, token, today)
        track = (
            OutcomeTrack.objects.select_for_update()
            .select_related("baseline")
            .filter(program=locked)
            .first()
        )
        if track is None:
            activities = _clean_activities(answers.activities)
        else:
            if token is not None and today < track.next_due_on:
                raise ValidationError(
                    _("Your next check-in is not due yet. Thank you!"), code="not_due"
                )
            activities = list(track.baseline.psfs_activities)
        scores = _scored(answers, len(activities))
        checkin = CheckIn(
            program=locked,
            is_baseline=track is None,
            taken_at=now,
            taken_on=today,
            recorded_by=recorded_by,
            lefs_answers=list(answers.lefs),
            lefs_total=scores.lefs,
            psfs_activities=activities,
            psfs_scores=list(answers.psfs),
            psfs_mean=(Decimal(scores.psfs.numerator) / scores.psfs.denominator).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            ),
            pain=scores.pain,
        )
        checkin.full_clean()
        checkin.save()
        next_due_on = today + timedelta(days=scoring.CHECK_IN_INTERVAL_DAYS)
        if track is None:
            track = OutcomeTrack(
                program=locked, baseline=checkin, latest=checkin, next_due_on=next_due_on
            )
        else:
            comparison = scoring.compare(track.baseline.scores, scores)
            reason = scoring.review_reason(
                comparison, days_since_baseline=(today - track.baseline.taken_on).days
            )
            if reason is None:
                track.review_reason, track.review_since = "", None
            elif track.review_since is None or track.review_reason != reason:
                track.review_reason, track.review_since = reason, today
            track.latest = checkin
            track.next_due_on = next_due_on
        track.full_clean()
        track.save()
        locked.measures_due_on = next_due_on
        locked.save(update_fields=["measures_due_on"])
    return checkin


def outcome_review_done(*, program: HomeProgram, user, now: datetime | None = None) -> None:
    """A clinician has reviewed the program: the mark clears until a later sitting sets it."""
    with transaction.atomic():
        track = OutcomeTrack.objects.select_for_update().filter(program=program).first()
        if track is None:
            return
        track.review_reason, track.review_since = "", None
        track.reviewed_at, track.reviewed_by = now or timezone.now(), user
        track.save(update_fields=["review_reason", "review_since", "reviewed_at", "reviewed_by"])


def outcome_reviews_close(*, now: datetime | None = None) -> int:
    """Programs that have ended leave the "programs to review" worklist: their mark clears, as
    a clinician's review would clear it (the sittings and their comparison stay on the
    program's outcome page). Run daily, so that the worklist's index holds running programs
    only and its cost does not grow with the clinic's history. Returns how many were cleared."""
    today = timezone.localdate(now or timezone.now())
    return OutcomeTrack.objects.filter(
        review_since__isnull=False, program__end_date__lt=today
    ).update(review_reason="", review_since=None)
