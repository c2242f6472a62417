"""The answers schema: one definition for the web form, storage and the `assess` command.

Every key is optional; a missing key or ``None`` means "not answered" (or, for the self-tests,
"not done"). ``validate_answers`` returns the answered keys only, in schema order.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from screening.codes import ASKED_RED_FLAGS, RedFlag, WarningSigns


class Onset(TextChoices):
    SUDDEN = "sudden", _("Suddenly, at one moment")
    GRADUAL = "gradual", _("Slowly, over days or weeks")
    WOKE_UP = "woke_up", _("I woke up with it")
    UNSURE = "unsure", _("I am not sure")


class Activity(TextChoices):
    SPRINTING = "sprinting", _("Running fast or sprinting")
    KICKING_OR_OVERSTRETCHING = "kicking_or_overstretching", _("Kicking, or a big stretch")
    # The way the hamstring tendon tears off the sit bone: the hip forced into a deep bend
    # while the knee is straight.
    SLIP_OR_SPLITS = (
        "slip_or_splits",
        _("A slip or a fall into the splits, with the leg forced up and the knee straight"),
    )
    LIFTING_OR_BENDING = "lifting_or_bending", _("Lifting something or bending forward")
    FALL_OR_BLOW = "fall_or_blow", _("A fall, or a hit to the leg")
    OTHER = "other", _("Something else")
    NONE = "none", _("Nothing special")


class Walking(TextChoices):
    NORMAL = "normal", _("Normally, or nearly")
    LIMPING = "limping", _("With a limp, or it is hard")
    CANNOT_BEAR_WEIGHT = "cannot_bear_weight", _("I cannot put weight on the leg")


CHOICE_KEYS: dict[str, type[TextChoices]] = {
    "onset": Onset,
    "activity": Activity,
    "walking": Walking,
}

# Yes/no items, with the question as the patient reads it.
BOOLEAN_QUESTIONS: dict[str, str] = {
    "back_pain": _("Do you have low back pain too?"),
    "buttock_pain": _("Do you have pain in your buttock (your bottom) on the same side?"),
    "sit_bone_pain": _(
        "Is the pain high up, at the bone you sit on (where the thigh meets the buttock)?"
    ),
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
    "walking": _("How do you walk right now?"),
}
RED_FLAGS_QUESTION = _("Do you have any of these?")
# The warning signs the question offers (retired codes stay valid in stored answers).
RED_FLAG_CHOICES: list[tuple[str, str]] = [(code.value, code.label) for code in ASKED_RED_FLAGS]
PAIN_QUESTION = _("How bad is the pain right now, from 0 (no pain) to 10 (worst pain)?")

PAIN_MIN = 0
PAIN_MAX = 10

# Schema order: history, associated symptoms, strain signs, self-tests, walking, red flags, pain.
# `red_flags`: a list of codes; an empty list is the answer "None of these", and a missing key
# means the question was not answered (from model 2027.1; before it, skipping also stored []).
ANSWER_KEYS: tuple[str, ...] = (
    "onset",
    "activity",
    *BOOLEAN_KEYS,
    "walking",
    "red_flags",
    "pain_now",
)

# Items that can tell a strain from the nerve. Sitting pain, sit-bone pain and walking are asked
# for safety and context: they go with both (the scoring says why) and are not counted.
DISCRIMINATING_KEYS: tuple[str, ...] = tuple(
    key
    for key in ("onset", "activity", *BOOLEAN_KEYS)
    if key not in {"worse_sitting", "sit_bone_pain"}
)

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


# Models whose questionnaire had no "None of these": an empty list may mean skipped.
VERSIONS_WITHOUT_NONE_OF_THESE = frozenset({"2025.1", "2026.1"})


def red_flags_status(answers: Mapping, model_version: str = "") -> str:
    """What the answers say about the warning signs: a `WarningSigns` code, never "none" for a
    question that was skipped. Answers stored before model 2027.1 (give its `model_version`)
    could not tell skipped from "None of these"."""
    value = answers.get("red_flags")
    if value:
        return WarningSigns.TICKED
    if value is None:
        return WarningSigns.NOT_ANSWERED
    if model_version in VERSIONS_WITHOUT_NONE_OF_THESE:
        return WarningSigns.NONE_TICKED_OLD_FORM
    return WarningSigns.NONE


def describe_answers(answers: Mapping, model_version: str = "") -> list[tuple[str, str]]:
    """The answered questions and answers in words, in schema order, for people to read.

    The warning-signs question always has a row, saying "Not answered" when it was skipped
    (see `red_flags_status`).
    """
    rows: list[tuple[str, str]] = []
    for key in ANSWER_KEYS:
        value = answers.get(key)
        if key == "red_flags":
            status = red_flags_status(answers, model_version)
            if status == WarningSigns.TICKED:
                labels = [str(RedFlag(code).label) for code in value if code in _RED_FLAG_ORDER]
                text = "; ".join(labels)
            else:
                text = str(WarningSigns(status).label)
            rows.append((str(RED_FLAGS_QUESTION), text))
            continue
        if value is None:
            continue
        if key in CHOICE_KEYS:
            choices = CHOICE_KEYS[key]
            label = choices(value).label if value in choices.values else str(value)
            rows.append((str(CHOICE_QUESTIONS[key]), str(label)))
        elif key == "pain_now":
            rows.append((str(PAIN_QUESTION), str(value)))
        else:
            rows.append((str(BOOLEAN_QUESTIONS[key]), str(_("Yes") if value else _("No"))))
    return rows
