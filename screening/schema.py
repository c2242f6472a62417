"""The answers schema: one definition for the web form, storage and the `assess` command.

Every key is optional; a missing key or ``None`` means "not answered" (or, for the self-tests,
"not done"). ``validate_answers`` returns the answered keys only, in schema order.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from screening.codes import RedFlag


class Onset(TextChoices):
    SUDDEN = "sudden", _("Suddenly, at one moment")
    GRADUAL = "gradual", _("Slowly, over days or weeks")
    WOKE_UP = "woke_up", _("I woke up with it")
    UNSURE = "unsure", _("I am not sure")


class Activity(TextChoices):
    SPRINTING = "sprinting", _("Running fast or sprinting")
    KICKING_OR_OVERSTRETCHING = (
        "kicking_or_overstretching",
        _("Kicking, or a big stretch (like doing the splits)"),
    )
    LIFTING_OR_BENDING = "lifting_or_bending", _("Lifting something or bending forward")
    FALL_OR_BLOW = "fall_or_blow", _("A fall, or a hit to the leg")
    OTHER = "other", _("Something else")
    NONE = "none", _("Nothing special")


CHOICE_KEYS: dict[str, type[TextChoices]] = {"onset": Onset, "activity": Activity}

# Yes/no items, with the question as the patient reads it.
BOOLEAN_QUESTIONS: dict[str, str] = {
    "back_pain": _("Do you have low back pain too?"),
    "buttock_pain": _("Do you have pain in your buttock (your bottom) on the same side?"),
    "numbness_tingling": _("Do you have numbness, tingling or pins and needles in the leg?"),
    "pain_below_knee": _("Does the pain go below the knee?"),
    "leg_pain_worse_than_back": _("Is the leg pain worse than the back pain?"),
    "cough_sneeze_worse": _("Does coughing or sneezing make the leg pain worse?"),
    "worse_sitting": _("Is it worse when you sit for a while?"),
    "felt_pop": _("Did you feel or hear a pop or a sudden grab in the thigh when it started?"),
    "bruising": _("Is there bruising on the back of the thigh?"),
    "resisted_knee_bend_pain": _(
        "Does it hurt in the thigh when you bend your knee against resistance?"
    ),
    "slump_reproduces_pain": _("In the sitting test, did your own thigh pain come on?"),
    "slump_ankle_increases": _("Did pulling your toes up make that pain worse?"),
    "slump_neck_eases": _("Did looking up ease that pain?"),
}
BOOLEAN_KEYS = tuple(BOOLEAN_QUESTIONS)

CHOICE_QUESTIONS: dict[str, str] = {
    "onset": _("How did the pain start?"),
    "activity": _("What were you doing when it started?"),
}
RED_FLAGS_QUESTION = _("Do you have any of these?")
PAIN_QUESTION = _("How bad is the pain right now, from 0 (no pain) to 10 (worst pain)?")

PAIN_MIN = 0
PAIN_MAX = 10

# Schema order: history, associated symptoms, strain signs, self-tests, red flags, pain.
ANSWER_KEYS: tuple[str, ...] = ("onset", "activity", *BOOLEAN_KEYS, "red_flags", "pain_now")

# Items that can tell a strain from the nerve; the scoring counts how many were answered.
DISCRIMINATING_KEYS: tuple[str, ...] = ("onset", "activity", *BOOLEAN_KEYS)

_KNOWN_KEYS = frozenset(ANSWER_KEYS)
_CHOICE_VALUES = {key: frozenset(choices.values) for key, choices in CHOICE_KEYS.items()}
_RED_FLAG_ORDER = {code: index for index, code in enumerate(RedFlag.values)}
_MAX_KEY_IN_MESSAGE = 40


class AnswersError(ValueError):
    """Invalid answers; `key` names the offending answer (None for the object itself)."""

    def __init__(self, key: str | None, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}" if key is not None else message)


def shown_key(key: object) -> str:
    """The key as it can safely appear in a one-line message: short, printable."""
    text = key if isinstance(key, str) else repr(key)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    if len(text) > _MAX_KEY_IN_MESSAGE:
        text = text[: _MAX_KEY_IN_MESSAGE - 3] + "..."
    return text


def validate_answers(data: object) -> dict:
    """Check answers against the schema; return the answered keys in schema order."""
    if not isinstance(data, Mapping):
        raise AnswersError(None, "answers must be a JSON object")
    for key in data:
        if not isinstance(key, str) or key not in _KNOWN_KEYS:
            raise AnswersError(shown_key(key), "unknown key")

    clean: dict = {}
    for key in ANSWER_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if key in _CHOICE_VALUES:
            if not isinstance(value, str) or value not in _CHOICE_VALUES[key]:
                allowed = ", ".join(CHOICE_KEYS[key].values)
                raise AnswersError(key, f"must be one of: {allowed}")
        elif key == "pain_now":
            # bool is a subclass of int in Python; true/false is not a pain score.
            if type(value) is not int or not PAIN_MIN <= value <= PAIN_MAX:
                raise AnswersError(key, f"must be a whole number from {PAIN_MIN} to {PAIN_MAX}")
        elif key == "red_flags":
            value = _validate_red_flags(value)
        elif type(value) is not bool:
            raise AnswersError(key, "must be true or false")
        clean[key] = value
    return clean


def _validate_red_flags(value: object) -> list[str]:
    if not isinstance(value, list | tuple):
        raise AnswersError("red_flags", "must be a list of red-flag codes")
    seen: set[str] = set()
    for code in value:
        if not isinstance(code, str) or code not in _RED_FLAG_ORDER:
            raise AnswersError("red_flags", f"unknown red-flag code {shown_key(code)!r}")
        if code in seen:
            raise AnswersError("red_flags", f"red-flag code {code!r} given twice")
        seen.add(code)
    # Stored in a fixed order (emergency codes first) so equal answers compare equal.
    return sorted(seen, key=_RED_FLAG_ORDER.__getitem__)


def describe_answers(answers: Mapping) -> list[tuple[str, str]]:
    """The answered questions and answers in words, in schema order, for people to read."""
    rows: list[tuple[str, str]] = []
    for key in ANSWER_KEYS:
        value = answers.get(key)
        if value is None:
            continue
        if key in CHOICE_KEYS:
            choices = CHOICE_KEYS[key]
            label = choices(value).label if value in choices.values else str(value)
            rows.append((str(CHOICE_QUESTIONS[key]), str(label)))
        elif key == "red_flags":
            labels = [str(RedFlag(code).label) for code in value if code in _RED_FLAG_ORDER]
            rows.append((str(RED_FLAGS_QUESTION), "; ".join(labels) or str(_("None of these"))))
        elif key == "pain_now":
            rows.append((str(PAIN_QUESTION), str(value)))
        else:
            rows.append((str(BOOLEAN_QUESTIONS[key]), str(_("Yes") if value else _("No"))))
    return rows
