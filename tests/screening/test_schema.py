from __future__ import annotations

import pytest

from screening.codes import RedFlag
from screening.schema import (
    ANSWER_KEYS,
    BOOLEAN_KEYS,
    AnswersError,
    describe_answers,
    validate_answers,
)


def test_it_accepts_an_empty_object():
    assert validate_answers({}) == {}


def test_it_treats_null_as_not_answered():
    assert validate_answers({"onset": None, "back_pain": None, "red_flags": None}) == {}


def test_it_returns_answers_in_schema_order():
    clean = validate_answers({"pain_now": 4, "back_pain": True, "onset": "gradual"})
    assert list(clean) == ["onset", "back_pain", "pain_now"]


def test_it_accepts_every_key():
    answers = dict.fromkeys(BOOLEAN_KEYS, False)
    answers |= {"onset": "woke_up", "activity": "none", "walking": "normal"}
    answers |= {"red_flags": [], "pain_now": 0}
    assert set(validate_answers(answers)) == set(ANSWER_KEYS)


@pytest.mark.parametrize("key", ["mood", "", "ONSET", "x" * 500])
def test_it_rejects_unknown_keys(key):
    with pytest.raises(AnswersError) as error:
        validate_answers({key: True})
    assert error.value.message == "unknown key"
    assert len(str(error.value)) < 80


def test_it_rejects_non_objects():
    for data in ([], "onset", 3, None):
        with pytest.raises(AnswersError) as error:
            validate_answers(data)
        assert error.value.key is None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("onset", "slowly"),
        ("onset", 1),
        ("onset", ["sudden"]),
        ("activity", "swimming"),
        ("activity", True),
        ("back_pain", 1),
        ("back_pain", 0),
        ("back_pain", "yes"),
        ("slump_neck_eases", "true"),
        ("pain_now", True),
        ("pain_now", False),
        ("pain_now", 11),
        ("pain_now", -1),
        ("pain_now", 3.0),
        ("pain_now", "3"),
        ("red_flags", "saddle_numbness"),
        ("red_flags", {"saddle_numbness": True}),
        ("red_flags", ["saddle_numbness", "saddle_numbness"]),
        ("red_flags", ["headache"]),
        ("red_flags", [1]),
    ],
)
def test_it_rejects_wrong_values_naming_the_key(key, value):
    with pytest.raises(AnswersError) as error:
        validate_answers({key: value})
    assert error.value.key == key
    assert str(error.value).startswith(f"{key}: ")


def test_it_is_a_value_error():
    assert issubclass(AnswersError, ValueError)


def test_it_orders_red_flags_with_emergencies_first():
    clean = validate_answers({"red_flags": ["constant_night_pain", "saddle_numbness"]})
    assert clean["red_flags"] == ["saddle_numbness", "constant_night_pain"]


def test_it_accepts_every_red_flag_code():
    assert validate_answers({"red_flags": list(RedFlag.values)})["red_flags"] == RedFlag.values


def test_it_keeps_hostile_keys_out_of_the_message():
    with pytest.raises(AnswersError) as error:
        validate_answers({"a\nb\x00" + "c" * 100: True})
    assert "\n" not in str(error.value)
    assert "\x00" not in str(error.value)


def test_it_describes_answers_in_words():
    rows = describe_answers(
        {"onset": "woke_up", "back_pain": False, "red_flags": [], "pain_now": 3}
    )
    assert rows[0] == ("How did the pain start?", "I woke up with it")
    assert rows[1][1] == "No"
    assert rows[2][1] == "None of these"
    assert rows[3][1] == "3"
