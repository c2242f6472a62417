"""The questionnaire's steps, and the answers so far, kept between steps in a signed cookie.

Each step has its own URL: a POST saves that step and redirects to the next step's GET
(Post/Redirect/Get), so Back and reload never resend a form. The server keeps nothing between
steps: the answers so far travel in a signed, compressed, HttpOnly cookie that lasts 12 hours,
never in the URL. The state also carries a random nonce made at the first step; the result
link's token is derived from it (`result_token`), so a submitted state cannot be stored twice.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core import signing
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from screening import forms
from screening.codes import RedFlagRule
from screening.schema import AnswersError, validate_answers
from screening.scoring import red_flag_rules


@dataclass(frozen=True)
class Step:
    name: str
    # In the step's URL, /screening/<slug>/ (the first step is /screening/ itself).
    slug: str
    title: str
    form_class: type
    self_test: bool = False


STEPS = (
    Step("start", "", _("How it started"), forms.StartForm),
    Step("symptoms", "symptoms", _("Your symptoms"), forms.SymptomsForm),
    Step("red_flags", "warning-signs", _("Warning signs"), forms.RedFlagsForm),
    Step(
        "knee_bend",
        "knee-bend",
        _("Optional check: bending the knee"),
        forms.KneeBendForm,
        self_test=True,
    ),
    Step("slump", "sitting-test", _("Optional check: the sitting test"), forms.SlumpForm, True),
    Step("contact", "contact", _("Your contact details (optional)"), forms.ContactForm),
)
FIRST_STEP = STEPS[0]
STEPS_BY_SLUG = {step.slug: step for step in STEPS[1:]}

# Why the self-tests are left out (`skipped_self_tests`).
SKIP_EMERGENCY = "emergency"
SKIP_AVULSION = "avulsion"


def skipped_self_tests(answers: dict) -> str:
    """Why the self-tests are left out for these answers, or "" when they are offered.

    With an emergency sign: do not test, get help. With a suspected tendon tear at the sit
    bone: pushing the knee against resistance or stretching the nerve could tear it further.
    """
    if forms.has_emergency_flag(answers):
        return SKIP_EMERGENCY
    if any(rule.code == RedFlagRule.SUSPECTED_AVULSION for rule in red_flag_rules(answers)):
        return SKIP_AVULSION
    return ""


def visible_steps(answers: dict) -> list[Step]:
    if skipped_self_tests(answers):
        return [step for step in STEPS if not step.self_test]
    return list(STEPS)


# -- The state between steps ------------------------------------------------------------------

STATE_COOKIE = "screening_state"
STATE_SALT = "screening.questionnaire"
STATE_MAX_AGE = 12 * 60 * 60
# Browsers keep a cookie of up to 4,096 bytes with its name and attributes: stay well below.
STATE_MAX_LENGTH = 3600
NONCE_BYTES = 32
# A step's refused input is kept to show its errors after the redirect: within these limits
# (longer values are cut, still too long for the field, so the error shows).
PENDING_VALUE_LENGTH = 300
PENDING_VALUES = 20


class StateError(Exception):
    """The state could not be read (tampered with, expired or malformed)."""


@dataclass(frozen=True)
class State:
    """The answers so far, and where the visitor is."""

    nonce: str
    answers: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)
    # The furthest step (its index in STEPS) left with Next; -1 before the first.
    completed: int = -1
    # The step whose last POST was refused, with its data as sent: its GET shows the errors.
    pending_step: str = ""
    pending_data: dict = field(default_factory=dict)
    # Sent: the screening is stored; the answers are gone, the nonce still names the result.
    sent: bool = False

    def pending_for(self, step: Step) -> QueryDict | None:
        if self.pending_step != step.name:
            return None
        data = QueryDict(mutable=True)
        for key, values in self.pending_data.items():
            data.setlist(key, values)
        return data

    def next_due(self) -> Step:
        """The first step not yet left with Next (the last one when all were)."""
        steps = visible_steps(self.answers)
        for step in steps:
            if STEPS.index(step) > self.completed:
                return step
        return steps[-1]

    def may_open(self, step: Step) -> bool:
        """Steps open in order: a later step only once the ones before it were answered."""
        return step in visible_steps(self.answers) and STEPS.index(step) <= STEPS.index(
            self.next_due()
        )

    def step_before(self, step: Step) -> Step:
        steps = visible_steps(self.answers)
        before = [other for other in steps if STEPS.index(other) < STEPS.index(step)]
        return before[-1] if before else FIRST_STEP

    def step_after(self, step: Step) -> Step | None:
        steps = visible_steps(self.answers)
        after = [other for other in steps if STEPS.index(other) > STEPS.index(step)]
        return after[0] if after else None

    def with_pending(self, step: Step, data: QueryDict) -> State:
        kept = {
            key: [value[:PENDING_VALUE_LENGTH] for value in data.getlist(key)[:PENDING_VALUES]]
            for key in step.form_class.base_fields
            if key in data
        }
        return replace(self, pending_step=step.name, pending_data=kept)

    def without_pending(self) -> State:
        return replace(self, pending_step="", pending_data={})


def new_state() -> State:
    return State(nonce=secrets.token_urlsafe(NONCE_BYTES))


def sent_state(state: State) -> State:
    """What stays in the browser once the answers are stored: the nonce only."""
    return State(nonce=state.nonce, sent=True)


def dump_state(state: State) -> str:
    data: dict = {"n": state.nonce, "f": state.completed}
    if state.sent:
        data["s"] = 1
    else:
        data |= {"a": state.answers, "c": state.contact}
    if state.pending_step:
        data["p"] = [state.pending_step, state.pending_data]
    return signing.dumps(data, salt=STATE_SALT, compress=True)


def load_state(value: str) -> State:
    if not value or len(value) > STATE_MAX_LENGTH:
        raise StateError
    try:
        data = signing.loads(value, salt=STATE_SALT, max_age=STATE_MAX_AGE)
        nonce = data["n"]
        completed = data.get("f", -1)
        if not isinstance(nonce, str) or not 32 <= len(nonce) <= 64:
            raise StateError
        if type(completed) is not int or not -1 <= completed < len(STEPS):
            raise StateError
        if data.get("s"):
            return State(nonce=nonce, sent=True)
        answers = validate_answers(data["a"])
        contact = {
            key: str(data["c"][key])[:254]
            for key in forms.ContactForm.base_fields
            if isinstance(data["c"].get(key), str)
        }
        pending_step, pending_data = "", {}
        if "p" in data:
            pending_step, pending_data = _pending(data["p"])
    except (signing.BadSignature, AnswersError, KeyError, TypeError, AttributeError, ValueError):
        raise StateError from None
    return State(nonce, answers, contact, completed, pending_step, pending_data)


def _pending(value: object) -> tuple[str, dict]:
    step_name, data = value  # ValueError or TypeError when malformed
    if step_name not in {step.name for step in STEPS} or not isinstance(data, dict):
        raise StateError
    for values in data.values():
        if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
            raise StateError
    return step_name, data


def fits_in_cookie(state: State) -> bool:
    return len(dump_state(state)) <= STATE_MAX_LENGTH


def read_state(request: HttpRequest) -> tuple[State | None, bool]:
    """The state from its cookie (None without one), and whether a cookie was there but could
    not be read."""
    value = request.COOKIES.get(STATE_COOKIE)
    if value is None:
        return None, False
    try:
        return load_state(value), False
    except StateError:
        return None, True


def keep_state(response: HttpResponse, state: State) -> HttpResponse:
    """Store the state in its cookie: signed, HttpOnly, SameSite=Lax, Secure off debug, only
    for the questionnaire's paths, for 12 hours."""
    value = dump_state(state)
    if len(value) > STATE_MAX_LENGTH:
        # The answers and contact details alone always fit (a test proves it); refuse rather
        # than send a cookie that the browser would drop.
        raise SuspiciousOperation("screening state too large")
    response.set_cookie(
        STATE_COOKIE,
        value,
        max_age=STATE_MAX_AGE,
        path=reverse("screening:start"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def forget_state(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(STATE_COOKIE, path=reverse("screening:start"), samesite="Lax")
    return response


def result_token(nonce: str) -> str:
    """The result link's token for a questionnaire: the same nonce always gives the same one.

    An HMAC keyed by SECRET_KEY: the nonce alone (which the visitor can read in the cookie)
    does not tell anyone the token. 256 bits, in the form of `clinic.tokens.new_token`.
    """
    digest = salted_hmac("screening.result-token", nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
