from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse

from clinic.tokens import hash_token
from screening.models import Screening
from screening.views import STATE_SALT, dump_state

URL = "/screening/"
# The warning-signs step needs an explicit answer: a sign, or "None of these".
NO_SIGNS = {"red_flags": ["none"]}

pytestmark = pytest.mark.django_db


def post(client, response, data=None, action="next"):
    """Submit the step shown in `response` with `data`, carrying its hidden state along."""
    payload = {
        "state": response.context["state"],
        "step": response.context["step"].name,
        "action": action,
    }
    payload |= data or {}
    return client.post(URL, payload)


def walk(client, steps):
    """Go through the questionnaire answering each step with the next dict of `steps`."""
    response = client.get(URL)
    for data in steps:
        response = post(client, response, data)
    return response


def test_it_shows_the_first_step_without_login(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["step"].name == "start"
    content = response.content.decode()
    assert "Step 1 of 6" in content
    assert content.count("<h1") == 1
    assert "<legend" in content
    assert "style=" not in content
    assert "<script" not in content


def test_it_goes_through_every_step_in_order(client):
    response = client.get(URL)
    names = [response.context["step"].name]
    for data in ({}, {}, NO_SIGNS, {}, {}):
        response = post(client, response, data)
        names.append(response.context["step"].name)
    assert names == ["start", "symptoms", "red_flags", "knee_bend", "slump", "contact"]
    assert "Step 6 of 6" in response.content.decode()


def test_it_completes_a_strain_questionnaire_with_the_self_tests(client):
    response = walk(
        client,
        [
            {"onset": "sudden", "activity": "sprinting", "felt_pop": "yes"},
            {
                "back_pain": "no",
                "numbness_tingling": "no",
                "pain_below_knee": "no",
                "pain_now": "6",
            },
            NO_SIGNS,
            {"resisted_knee_bend_pain": "yes"},
            {"slump_reproduces_pain": "no"},
            {},
        ],
    )
    screening = Screening.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/screening/result/")
    token = response["Location"].split("/")[-2]
    assert screening.token_hash == hash_token(token)
    assert screening.answers == {
        "onset": "sudden",
        "activity": "sprinting",
        "back_pain": False,
        "numbness_tingling": False,
        "pain_below_knee": False,
        "felt_pop": True,
        "resisted_knee_bend_pain": True,
        "slump_reproduces_pain": False,
        "red_flags": [],
        "pain_now": 6,
    }
    assert screening.category == "likely_hamstring_strain"
    assert screening.contact_email == ""


def test_it_completes_without_the_self_tests(client):
    walk(client, [{"onset": "gradual"}, {"numbness_tingling": "yes"}, NO_SIGNS, {}, {}, {}])
    answers = Screening.objects.get().answers
    assert "resisted_knee_bend_pain" not in answers
    assert "slump_reproduces_pain" not in answers


def test_it_stores_contact_details_only_when_given(client):
    walk(
        client,
        [{}, {}, NO_SIGNS, {}, {}, {"contact_name": " Sam ", "contact_email": "sam@example.com"}],
    )
    screening = Screening.objects.get()
    assert screening.contact_name == "Sam"
    assert screening.contact_email == "sam@example.com"
    assert screening.contact_phone == ""


def test_it_refuses_an_email_too_long_to_store_with_a_message(client):
    response = walk(client, [{}, {}, NO_SIGNS, {}, {}])
    too_long = "a" * 64 + "@" + "b" * 186 + ".com"  # 255 characters: valid, but over 254
    response = post(client, response, {"contact_email": too_long})
    assert response.status_code == 200
    assert response.context["step"].name == "contact"
    assert response.context["form"].errors["contact_email"]
    assert not Screening.objects.exists()


def test_it_skips_the_self_tests_after_an_emergency_sign(client):
    response = walk(client, [{}, {}, {"red_flags": ["saddle_numbness"]}])
    assert response.context["step"].name == "contact"
    assert "Step 4 of 4" in response.content.decode()
    assert "needs emergency care" in response.content.decode()
    response = post(client, response)
    screening = Screening.objects.get()
    assert screening.category == "urgent_referral"
    assert screening.urgency == "emergency"


def test_it_skips_the_self_tests_after_an_emergency_combination(client):
    # A fever with back pain: possible spinal infection, same day.
    response = walk(client, [{}, {"back_pain": "yes"}, {"red_flags": ["fever_or_infection_risk"]}])
    assert response.context["step"].name == "contact"
    response = post(client, response)
    screening = Screening.objects.get()
    assert screening.urgency == "emergency"
    assert screening.assessment["timeframe"] == "today"


def test_it_requires_an_answer_on_the_warning_signs_step(client):
    response = walk(client, [{}, {}, {}])
    assert response.context["step"].name == "red_flags"
    assert response.context["form"].errors["red_flags"] == [
        'Please tick the signs you have, or "None of these".'
    ]
    assert "red_flags" not in _answers(response)


def test_it_refuses_none_of_these_together_with_a_sign(client):
    response = walk(client, [{}, {}, {"red_flags": ["none", "cancer_history"]}])
    assert response.context["step"].name == "red_flags"
    errors = response.context["form"].errors["red_flags"]
    assert errors == ['You ticked "None of these" and a warning sign. Please untick one of them.']
    assert "red_flags" not in _answers(response)


def test_it_stores_none_of_these_apart_from_not_answered(client):
    response = walk(client, [{}, {}, NO_SIGNS])
    assert _answers(response)["red_flags"] == []
    # Back to the step: "None of these" is still ticked.
    response = post(client, response, action="back")
    assert response.context["form"].initial["red_flags"] == ["none"]
    # Leaving the step by Back without an answer keeps it unanswered.
    fresh = walk(client, [{}, {}])
    fresh = post(client, fresh, action="back")
    assert "red_flags" not in _answers(fresh)


def test_it_offers_only_the_current_warning_signs(client):
    response = walk(client, [{}, {}])
    choices = [value for value, _label in response.context["form"].fields["red_flags"].choices]
    assert "bilateral_nerve_symptoms" in choices
    assert "bilateral_leg_symptoms" not in choices
    assert "bladder_bowel_change" not in choices
    assert choices[-1] == "none"
    content = response.content.decode()
    assert "not just sore muscles after exercise" in content
    assert "less feeling when you pee" in content


def test_it_asks_the_avulsion_questions(client):
    response = walk(
        client,
        [
            {"onset": "sudden", "activity": "slip_or_splits", "felt_pop": "yes"},
            {"sit_bone_pain": "yes", "bruising": "yes", "walking": "cannot_bear_weight"},
            NO_SIGNS,
        ],
    )
    answers = _answers(response)
    assert answers["sit_bone_pain"] is True
    assert answers["walking"] == "cannot_bear_weight"
    assert answers["activity"] == "slip_or_splits"


def test_it_keeps_the_self_tests_after_a_prompt_sign(client):
    response = walk(client, [{}, {}, {"red_flags": ["cancer_history"]}])
    assert response.context["step"].name == "knee_bend"


def test_it_keeps_answers_when_going_back(client):
    response = walk(client, [{"onset": "woke_up", "activity": "none", "felt_pop": "no"}])
    response = post(client, response, {"back_pain": "yes", "pain_now": "4"})
    assert response.context["step"].name == "red_flags"
    response = post(client, response, {"red_flags": ["cancer_history"]}, action="back")
    assert response.context["step"].name == "symptoms"
    form = response.context["form"]
    assert form.initial["back_pain"] == "yes"
    assert form.initial["pain_now"] == 4
    response = post(client, response, action="back")
    assert response.context["step"].name == "start"
    assert response.context["form"].initial["onset"] == "woke_up"
    assert response.context["form"].initial["felt_pop"] == "no"
    # And forward again: the red flags ticked before going back are still there.
    response = post(client, response, {"onset": "woke_up", "activity": "none", "felt_pop": "no"})
    response = post(client, response, {"back_pain": "yes", "pain_now": "4"})
    assert response.context["form"].initial["red_flags"] == ["cancer_history"]


def test_it_keeps_the_contact_details_when_going_back(client):
    response = walk(client, [{}, {}, NO_SIGNS, {}, {}])
    response = post(client, response, {"contact_name": "Sam"}, action="back")
    assert response.context["step"].name == "slump"
    response = post(client, response)
    assert response.context["form"].initial["contact_name"] == "Sam"


def test_it_does_not_complain_when_going_back_from_an_invalid_step(client):
    response = walk(client, [{}, {}, NO_SIGNS, {}, {}])
    response = post(client, response, {"contact_email": "nope"}, action="back")
    assert response.status_code == 200
    assert response.context["step"].name == "slump"


def test_it_changes_an_answer_back_to_not_sure(client):
    response = walk(client, [{"felt_pop": "yes"}])
    response = post(client, response, action="back")
    response = post(client, response, {"felt_pop": ""})
    assert "felt_pop" not in _answers(response)


def _answers(response) -> dict:
    return signing.loads(response.context["state"], salt=STATE_SALT)["a"]


@pytest.mark.parametrize(
    ("step", "data", "field"),
    [
        ("start", {"onset": "tuesday"}, "onset"),
        ("start", {"felt_pop": "maybe"}, "felt_pop"),
        ("symptoms", {"pain_now": "11"}, "pain_now"),
        ("symptoms", {"pain_now": "-1"}, "pain_now"),
        ("symptoms", {"pain_now": "x" * 10_000}, "pain_now"),
        ("red_flags", {"red_flags": ["headache"]}, "red_flags"),
        ("slump", {"slump_neck_eases": "<script>alert(1)</script>"}, "slump_neck_eases"),
        ("contact", {"contact_email": "not-an-email"}, "contact_email"),
        ("contact", {"contact_phone": "call me maybe"}, "contact_phone"),
        ("contact", {"contact_name": "x" * 5000}, "contact_name"),
    ],
)
def test_it_shows_validation_messages_for_wrong_input(client, step, data, field):
    payload = {"state": dump_state({}, {}), "step": step, "action": "next"} | data
    response = client.post(URL, payload)
    assert response.status_code == 200
    assert response.context["step"].name == step
    assert field in response.context["form"].errors
    assert "Please check the answers marked below." in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not Screening.objects.exists()


@pytest.mark.parametrize(
    "state",
    [
        "",
        "garbage",
        "x" * 100_000,
        signing.dumps({"a": {"onset": "sudden"}, "c": {}}, salt="another.salt"),
        signing.dumps({"a": {"hacked": True}, "c": {}}, salt=STATE_SALT),
        signing.dumps({"a": [], "c": {}}, salt=STATE_SALT),
        signing.dumps({"nothing": 1}, salt=STATE_SALT),
        signing.dumps("string", salt=STATE_SALT),
    ],
)
def test_it_never_fails_on_a_bad_hidden_state(client, state):
    response = client.post(URL, {"state": state, "step": "symptoms", "action": "next"})
    assert response.status_code == 200
    if state:
        assert response.context["step"].name == "start"
        assert "could not read your earlier answers" in response.content.decode()


def test_it_treats_an_unknown_step_as_the_first(client):
    response = client.post(URL, {"state": dump_state({}, {}), "step": "../../etc"})
    assert response.status_code == 200
    assert response.context["step"].name == "symptoms"


def test_it_rejects_other_methods(client):
    assert client.put(URL).status_code == 405


def test_it_does_not_let_the_browser_cache_answers(client):
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_it_answers_a_huge_post_without_a_500(client):
    payload = {"state": dump_state({}, {}), "step": "start", "onset": ["sudden"] * 500}
    response = client.post(URL, payload)
    assert response.status_code in {200, 400}


def test_it_keeps_the_start_url_name():
    assert reverse("screening:start") == URL
