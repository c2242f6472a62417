"""All factory-boy factories of the test suite, in one place."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from clinic.models import Patient
from clinic.roles import CLINICIANS, FRONT_DESK
from clinic.tokens import hash_token, new_token
from screening.codes import Category, Urgency
from screening.models import Screening
from screening.questionnaire import STEPS, State, dump_state, new_state


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@clinic.example")
    first_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", "a-strong-test-password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()


def clinician(**kwargs):
    return UserFactory(groups=[CLINICIANS], **kwargs)


def front_desk(**kwargs):
    return UserFactory(groups=[FRONT_DESK], **kwargs)


def administrator(**kwargs):
    return UserFactory(is_superuser=True, is_staff=True, **kwargs)


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    full_name = factory.Faker("name")
    email = factory.Faker("email")
    phone = factory.Sequence(lambda n: f"+1314555{n % 100 + 100:04d}")


class ScreeningFactory(factory.django.DjangoModelFactory):
    """A stored screening; `token` (not a model field) is kept on the object for tests."""

    class Meta:
        model = Screening

    token = factory.LazyFunction(new_token)
    token_hash = factory.LazyAttribute(lambda s: hash_token(s.token))
    answers = factory.LazyFunction(lambda: {"onset": "sudden", "activity": "sprinting"})
    category = Category.LIKELY_HAMSTRING_STRAIN
    urgency = Urgency.NONE
    nerve_probability = 0.2
    model_version = "test"
    assessment = factory.LazyAttribute(
        lambda s: {
            "category": s.category,
            "urgency": s.urgency,
            "nerve_probability": s.nerve_probability,
            "red_flags": [],
            "factors": [],
            "model_version": s.model_version,
        }
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token", None)
        obj = super()._create(model_class, *args, **kwargs)
        obj.token = token
        return obj


def questionnaire_state(
    answers: dict | None = None, contact: dict | None = None, *, upto: str = "contact"
) -> str:
    """The questionnaire's cookie value for a visitor who answered every step before `upto`
    (a fresh nonce: submitting it stores a new screening)."""
    completed = [step.name for step in STEPS].index(upto) - 1
    state = State(new_state().nonce, answers or {}, contact or {}, completed=completed)
    return dump_state(state)


# -- appointment requests (issue 5) ----------------------------------------------------------


class AppointmentRequestFactory(factory.django.DjangoModelFactory):
    """A stored appointment request; pass screening=... to carry its urgency, as the form does."""

    class Meta:
        model = "appointments.AppointmentRequest"

    reference = factory.Sequence(lambda n: f"T{n:07d}".replace("0", "A").replace("1", "B"))
    name = factory.Faker("name")
    phone = factory.Sequence(lambda n: f"+1636555{n % 100 + 100:04d}")
    email = factory.Sequence(lambda n: f"patient{n}@example.com")
    contact_method = "phone"
    preferred_days = factory.LazyFunction(lambda: ["mon", "wed"])
    preferred_times = factory.LazyFunction(lambda: ["morning"])
    reason = "Pain at the back of my thigh."
    consent = True
    screening = None
    urgency = factory.LazyAttribute(lambda r: r.screening.urgency if r.screening else "none")
    submitter_hash = "0" * 64


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "appointments.StatusChange"

    request = factory.SubFactory(AppointmentRequestFactory)
    from_status = "new"
    to_status = "contacted"
    note = ""


# Exercises and home programs (issue 4) ---------------------------------------------------------


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _days_ago(days: int):
    import datetime

    return _today() - datetime.timedelta(days=days)


def _logged_at(day):
    """Noon on that day, or now for a log made today before noon: a log is never in the future."""
    import datetime

    from django.utils import timezone

    return min(
        datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC), timezone.now()
    )


def _first_exercise():
    from exercises.models import Exercise

    return Exercise.objects.order_by("id").first()


def current_version(program):
    """The program's current version, made (as the services would) if the test made none."""
    from exercises.models import ProgramVersion

    version, _created = ProgramVersion.objects.get_or_create(
        program=program,
        number=program.version,
        defaults={
            "kind": "assigned",
            "created_at": program.created_at,
            "times_per_day": 0,
            "days_per_week": 0,
        },
    )
    return version


def sync_version(program) -> None:
    """Make the current version's snapshot and rhythm match the program's items."""
    from exercises import adherence, changes

    items = list(program.items.select_related("exercise").order_by("position", "id"))
    version = current_version(program)
    version.items = [
        changes.snapshot(
            exercise_id=item.exercise_id,
            name=item.exercise.name,
            note=item.note,
            **{field: getattr(item, field) for field in changes.DOSE_FIELDS},
        )
        for item in items
    ]
    version.times_per_day, version.days_per_week = adherence.busiest(
        (item.times_per_day, item.days_per_week) for item in items
    )
    version.save()


class HomeProgramFactory(factory.django.DjangoModelFactory):
    """A program with a known link and its first version; `token` (not a model field) is kept
    on the object for tests."""

    class Meta:
        model = "exercises.HomeProgram"

    patient = factory.SubFactory(PatientFactory)
    title = "Home program"
    start_date = factory.LazyFunction(lambda: _days_ago(30))
    end_date = None
    link_revoked_at = None
    # As exercises.services.home_program_assign stores it: the baseline is due from the start.
    measures_due_on = factory.LazyAttribute(
        lambda p: (
            p.start_date
            if p.link_revoked_at is None and (p.end_date is None or p.end_date >= _today())
            else None
        )
    )
    token = factory.LazyFunction(new_token)
    token_hash = factory.LazyAttribute(lambda p: hash_token(p.token))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        token = kwargs.pop("token", None)
        obj = super()._create(model_class, *args, **kwargs)
        obj.token = token
        current_version(obj)
        return obj


class ProgramItemFactory(factory.django.DjangoModelFactory):
    """An item of the program's current version (whose snapshot and rhythm follow)."""

    class Meta:
        model = "exercises.ProgramItem"

    program = factory.SubFactory(HomeProgramFactory)
    exercise = factory.LazyFunction(_first_exercise)
    position = factory.Sequence(lambda n: n + 1)
    sets = 2
    reps = 10
    hold_seconds = None
    times_per_day = 1
    days_per_week = 7

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        sync_version(obj.program)
        return obj


class SessionLogFactory(factory.django.DjangoModelFactory):
    """A log under the program's current version. It does not update the stored flags: call
    exercises.services.program_flags_refresh (or log through the service) for that."""

    class Meta:
        model = "exercises.SessionLog"

    program = factory.SubFactory(HomeProgramFactory)
    version = factory.LazyAttribute(lambda log: current_version(log.program))
    logged_on = factory.LazyFunction(_today)
    logged_at = factory.LazyAttribute(lambda log: _logged_at(log.logged_on))
    pain = 3
    tingling_spread = False
    comment = ""


# Outcome measures and reminders (issue 14) -----------------------------------------------------


def lefs_answers(total: int) -> list[int]:
    """20 LEFS answers (0-4) that add up to `total`."""
    answers = [min(4, max(0, total - 4 * index)) for index in range(20)]
    assert sum(answers) == total
    return answers


class CheckInFactory(factory.django.DjangoModelFactory):
    """A stored sitting; pass lefs_total=..., the answers follow."""

    class Meta:
        model = "outcomes.CheckIn"

    program = factory.SubFactory(HomeProgramFactory)
    is_baseline = False
    taken_on = factory.LazyFunction(_today)
    taken_at = factory.LazyAttribute(lambda checkin: _logged_at(checkin.taken_on))
    lefs_total = 40
    lefs_answers = factory.LazyAttribute(lambda checkin: lefs_answers(checkin.lefs_total))
    psfs_activities = factory.LazyFunction(lambda: ["Walking to the bus", "Stairs", "Football"])
    psfs_scores = factory.LazyFunction(lambda: [4, 4, 4])
    psfs_mean = factory.LazyAttribute(
        lambda checkin: round(sum(checkin.psfs_scores) / len(checkin.psfs_scores), 2)
    )
    pain = 5


class OutcomeTrackFactory(factory.django.DjangoModelFactory):
    """A program's track with its baseline (and latest) sitting."""

    class Meta:
        model = "outcomes.OutcomeTrack"

    program = factory.SubFactory(HomeProgramFactory)
    baseline = factory.LazyAttribute(
        lambda track: CheckInFactory(program=track.program, is_baseline=True)
    )
    latest = factory.LazyAttribute(lambda track: track.baseline)
    next_due_on = factory.LazyFunction(lambda: _days_ago(-14))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        track = super()._create(model_class, *args, **kwargs)
        program = track.program
        if program.measures_due_on is not None:  # as outcomes.services.checkin_record moves it
            program.measures_due_on = track.next_due_on
            program.save(update_fields=["measures_due_on"])
        return track


def reminder_unsubscribe_token(program, token: str) -> str:
    """Subscribe `program` (through its link `token`) to reminders and record one as sent;
    return that email's unsubscribe token."""
    from datetime import time

    from django.utils import timezone

    from reminders.models import DeliveryStatus, ReminderDelivery
    from reminders.services import reminder_subscribe

    subscription = reminder_subscribe(
        program=program,
        token=token,
        email="reminders@example.org",
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        send_time=time(18),
        consent_text="I agree",
        site_url="http://testserver",
    )
    unsubscribe = new_token()
    ReminderDelivery.objects.create(
        subscription=subscription,
        slot_at=timezone.now(),
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        unsubscribe_token_hash=hash_token(unsubscribe),
    )
    return unsubscribe
