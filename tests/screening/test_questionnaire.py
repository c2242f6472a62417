from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse

from clinic.tokens import hash_token
from screening.models import Screening
from screening.questionnaire import (
    STATE_COOKIE,
    STATE_MAX_AGE,
    STATE_MAX_LENGTH,
    STATE_SALT,
    STEPS,
    State,
    dump_state,
    load_state,
    new_state,
    result_token,
)

START = "/screening/"
# The warning-signs step needs an explicit answer: a sign, or "None of these".
NO_SIGNS = {"red_flags": ["none"]}
SLUGS = {step.name: step.slug for step in STEPS}

pytestmark = pytest.mark.django_db


def url(name: str) -> str:
    slug = SLUGS[name]
    return f"/screening/{slug}/" if slug else START


def state(client) -> State:
    return load_state(client.cookies[STATE_COOKIE].value)


def set_state(client, answers=None, contact=None, *, upto: str = "start", **fields) -> None:
    """Put a state in the client's cookie, as if it had answered every step before `upto`."""
    completed = [step.name for step in STEPS].index(upto) - 1
    value = State(new_state().nonce, answers or {}, contact or {}, completed=completed, **fields)
    client.cookies[STATE_COOKIE] = dump_state(value)


def post(client, at: str, data=None, action="next"):
    """POST a step (a path) with `data`; the questionnaire always answers with a redirect."""
    response = client.post(at, {"action": action} | (data or {}))
    assert response.status_code == 302, response.status_code
    return response


def walk(client, steps) -> str:
    """Answer each step with the next dict of `steps`; return where the last POST redirected."""
    at = START
    assert client.get(at).status_code == 200
    for data in steps:
        at = post(client, at, data)["Location"]
    return at


def test_it_shows_the_first_step_without_login(client):
    response = client.get(START)
    assert response.status_code == 200
    assert response.context["step"].name == "start"
    content = response.content.decode()
    assert "Step 1 of 6" in content
    assert content.count("<h1") == 1
    assert "<legend" in content
    assert "style=" not in content
    assert "<script" not in content
    assert 'action="/screening/"' in content


def test_it_gives_each_step_its_own_url_and_redirects_after_every_post(client):
    at = START
    client.get(at)
    visited = []
    for data in ({}, {}, NO_SIGNS, {}, {}):
        response = post(client, at, data)
        at = response["Location"]
        visited.append(at)
        page = client.get(at)
        assert page.status_code == 200
        assert page.context["action"] == at
    assert visited == [
        "/screening/symptoms/",
        "/screening/warning-signs/",
        "/screening/knee-bend/",
        "/screening/sitting-test/",
        "/screening/contact/",
    ]
    assert "Step 6 of 6" in page.content.decode()
    assert post(client, at)["Location"].startswith("/screening/result/")


def test_it_completes_a_strain_questionnaire_with_the_self_tests(client):
    location = walk(
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
    assert location.startswith("/screening/result/")
    token = location.split("/")[-2]
    assert screening.token_hash == hash_token(token)
    assert token == result_token(state(client).nonce)
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
    assert client.get(location).status_code == 200


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


def test_it_keeps_the_answers_in_a_signed_http_only_cookie_never_in_the_url(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    client.get(START)
    response = post(client, START, {"onset": "woke_up"})
    cookie = response.cookies[STATE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"]
    assert cookie["path"] == "/screening/"
    assert int(cookie["max-age"]) == STATE_MAX_AGE == 12 * 60 * 60
    assert "woke_up" not in response["Location"]
    assert signing.loads(cookie.value, salt=STATE_SALT)["a"] == {"onset": "woke_up"}
    page = client.get(response["Location"])
    assert "woke_up" not in page.content.decode()  # no hidden field carries the answers


def test_it_marks_the_cookie_secure_only_off_debug(client, settings):
    settings.SESSION_COOKIE_SECURE = False
    client.get(START)
    assert not post(client, START, {"onset": "woke_up"}).cookies[STATE_COOKIE]["secure"]


def test_the_largest_state_fits_in_a_cookie():
    answers = {
        "onset": "unsure",
        "activity": "kicking_or_overstretching",
        **dict.fromkeys(
            (
                "back_pain",
                "buttock_pain",
                "sit_bone_pain",
                "numbness_tingling",
                "pain_below_knee",
                "leg_pain_worse_than_back",
                "cough_sneeze_worse",
                "worse_sitting",
                "felt_pop",
                "bruising",
                "resisted_knee_bend_pain",
                "slump_reproduces_pain",
                "slump_ankle_increases",
                "slump_neck_eases",
            ),
            True,
        ),
        "walking": "cannot_bear_weight",
        "red_flags": [
            "saddle_numbness",
            "bladder_bowel_trouble",
            "new_sexual_problems",
            "bilateral_nerve_symptoms",
            "progressive_weakness",
            "cancer_history",
            "unexplained_weight_loss",
            "fever_or_infection_risk",
            "significant_trauma",
            "osteoporosis_or_steroids",
            "constant_night_pain",
        ],
        "pain_now": 10,
    }
    # Characters that JSON writes as \\uXXXX escapes and that compress badly.
    contact = {
        "contact_name": "".join(chr(0x4E00 + i * 37) for i in range(200)),
        "contact_email": "a" * 64 + "@" + "b" * 185 + ".com",
        "contact_phone": "+13145550123",
    }
    pending = {"contact_name": [chr(0x1D518) * 300], "contact_email": ["é" * 300]}
    value = State(new_state().nonce, answers, contact, 4, "contact", pending)
    assert len(dump_state(value)) < STATE_MAX_LENGTH


def test_it_shows_a_refused_step_again_after_the_redirect_with_its_errors(client):
    at = walk(client, [{}, {}, NO_SIGNS, {}, {}])
    too_long = "a" * 64 + "@" + "b" * 186 + ".com"  # 255 characters: valid, but over 254
    response = post(client, at, {"contact_email": too_long, "contact_name": "Sam"})
    assert response["Location"] == at
    page = client.get(at)
    assert page.context["step"].name == "contact"
    assert page.context["form"].errors["contact_email"]
    assert 'value="Sam"' in page.content.decode()  # what was typed is still there
    assert "Please check the answers marked below." in page.content.decode()
    # A reload shows the same thing, and nothing is stored.
    assert client.get(at).context["form"].errors["contact_email"]
    assert not Screening.objects.exists()


def test_it_skips_the_self_tests_after_an_emergency_sign(client):
    at = walk(client, [{}, {}, {"red_flags": ["saddle_numbness"]}])
    assert at == url("contact")
    page = client.get(at)
    content = page.content.decode()
    assert "Step 4 of 4" in content
    assert "needs emergency care" in content
    assert "We left out the two self-tests" in content
    # The self-tests cannot be opened by their URL.
    assert client.get(url("knee_bend"))["Location"] == url("contact")
    post(client, at)
    screening = Screening.objects.get()
    assert screening.category == "urgent_referral"
    assert screening.urgency == "emergency"


def test_it_skips_the_self_tests_after_an_emergency_combination(client):
    # A fever with back pain: possible spinal infection, same day.
    at = walk(client, [{}, {"back_pain": "yes"}, {"red_flags": ["fever_or_infection_risk"]}])
    assert at == url("contact")
    post(client, at)
    screening = Screening.objects.get()
    assert screening.urgency == "emergency"
    assert screening.assessment["timeframe"] == "today"


def test_it_skips_the_self_tests_when_a_tendon_may_be_torn_off_the_bone(client):
    at = walk(
        client,
        [
            {"onset": "sudden", "activity": "slip_or_splits", "felt_pop": "yes"},
            {"sit_bone_pain": "yes", "walking": "limping"},
            NO_SIGNS,
        ],
    )
    assert at == url("contact")
    content = client.get(at).content.decode()
    assert "Step 4 of 4" in content
    assert "torn away from the bone you sit on" in content
    assert "needs emergency care" not in content
    post(client, at)
    assert Screening.objects.get().assessment["rules"] == ["suspected_avulsion"]


def test_it_requires_an_answer_on_the_warning_signs_step(client):
    at = walk(client, [{}, {}])
    assert post(client, at)["Location"] == at
    page = client.get(at)
    assert page.context["form"].errors["red_flags"] == [
        'Please tick the signs you have, or "None of these".'
    ]
    assert "red_flags" not in state(client).answers
    # The steps after it stay closed until it is answered.
    assert client.get(url("contact"))["Location"] == at


def test_it_refuses_none_of_these_together_with_a_sign(client):
    at = walk(client, [{}, {}])
    post(client, at, {"red_flags": ["none", "cancer_history"]})
    errors = client.get(at).context["form"].errors["red_flags"]
    assert errors == ['You ticked "None of these" and a warning sign. Please untick one of them.']
    assert "red_flags" not in state(client).answers


def test_it_stores_none_of_these_apart_from_not_answered(client):
    walk(client, [{}, {}, NO_SIGNS])
    assert state(client).answers["red_flags"] == []
    # Back to the step: "None of these" is still ticked.
    assert client.get(url("red_flags")).context["form"].initial["red_flags"] == ["none"]
    # Leaving the step by Back without an answer keeps it unanswered.
    client.cookies.clear()
    at = walk(client, [{}, {}])
    post(client, at, action="back")
    assert "red_flags" not in state(client).answers


def test_it_offers_only_the_current_warning_signs(client):
    response = client.get(walk(client, [{}, {}]))
    choices = [value for value, _label in response.context["form"].fields["red_flags"].choices]
    assert "bilateral_nerve_symptoms" in choices
    assert "bilateral_leg_symptoms" not in choices
    assert "bladder_bowel_change" not in choices
    assert choices[-1] == "none"
    content = response.content.decode()
    assert "not just sore muscles after exercise" in content
    assert "less feeling when you pee" in content


def test_it_asks_the_avulsion_questions(client):
    walk(
        client,
        [
            {"onset": "sudden", "activity": "slip_or_splits", "felt_pop": "yes"},
            {"sit_bone_pain": "yes", "bruising": "yes", "walking": "cannot_bear_weight"},
            NO_SIGNS,
        ],
    )
    answers = state(client).answers
    assert answers["sit_bone_pain"] is True
    assert answers["walking"] == "cannot_bear_weight"
    assert answers["activity"] == "slip_or_splits"


def test_it_keeps_the_self_tests_after_a_prompt_sign(client):
    assert walk(client, [{}, {}, {"red_flags": ["cancer_history"]}]) == url("knee_bend")


def test_it_keeps_answers_when_going_back(client):
    at = walk(client, [{"onset": "woke_up", "activity": "none", "felt_pop": "no"}])
    at = post(client, at, {"back_pain": "yes", "pain_now": "4"})["Location"]
    assert at == url("red_flags")
    at = post(client, at, {"red_flags": ["cancer_history"]}, action="back")["Location"]
    assert at == url("symptoms")
    form = client.get(at).context["form"]
    assert form.initial["back_pain"] == "yes"
    assert form.initial["pain_now"] == 4
    at = post(client, at, action="back")["Location"]
    assert at == START
    form = client.get(at).context["form"]
    assert form.initial["onset"] == "woke_up"
    assert form.initial["felt_pop"] == "no"
    # And forward again: the red flags ticked before going back are still there.
    at = post(client, at, {"onset": "woke_up", "activity": "none", "felt_pop": "no"})["Location"]
    at = post(client, at, {"back_pain": "yes", "pain_now": "4"})["Location"]
    assert client.get(at).context["form"].initial["red_flags"] == ["cancer_history"]


def test_the_browser_back_and_reload_show_every_step_with_its_answers(client):
    steps = [
        ("start", {"onset": "gradual", "activity": "none", "felt_pop": "no"}, "onset", "gradual"),
        ("symptoms", {"back_pain": "yes"}, "back_pain", "yes"),
        ("red_flags", {"red_flags": ["cancer_history"]}, "red_flags", ["cancer_history"]),
        ("knee_bend", {"resisted_knee_bend_pain": "no"}, "resisted_knee_bend_pain", "no"),
        ("slump", {"slump_reproduces_pain": "yes"}, "slump_reproduces_pain", "yes"),
    ]
    walk(client, [data for _name, data, _key, _value in steps])
    # Back is a GET of the earlier URL, reload a GET of the same one: both show the answers.
    for name, _data, key, value in reversed(steps):
        for _ in range(2):
            page = client.get(url(name))
            assert page.status_code == 200
            assert page.context["form"].initial[key] == value


def test_it_keeps_the_contact_details_when_going_back(client):
    at = walk(client, [{}, {}, NO_SIGNS, {}, {}])
    at = post(client, at, {"contact_name": "Sam"}, action="back")["Location"]
    assert at == url("slump")
    at = post(client, at)["Location"]
    assert client.get(at).context["form"].initial["contact_name"] == "Sam"


def test_it_does_not_complain_when_going_back_from_an_invalid_step(client):
    at = walk(client, [{}, {}, NO_SIGNS, {}, {}])
    assert post(client, at, {"contact_email": "nope"}, action="back")["Location"] == url("slump")
    assert not client.get(url("slump")).context["form"].errors


def test_it_changes_an_answer_back_to_not_sure(client):
    walk(client, [{"felt_pop": "yes"}])
    post(client, START, {"felt_pop": ""})
    assert "felt_pop" not in state(client).answers


def test_it_opens_the_steps_only_in_order(client):
    walk(client, [{}, {}])
    for later in ("knee_bend", "slump", "contact"):
        assert client.get(url(later))["Location"] == url("red_flags")
        assert post(client, url(later))["Location"] == url("red_flags")
    assert not Screening.objects.exists()


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
    set_state(client, {"red_flags": []}, upto=step)
    assert post(client, url(step), data)["Location"] == url(step)
    response = client.get(url(step))
    assert response.status_code == 200
    assert response.context["step"].name == step
    assert field in response.context["form"].errors
    assert "Please check the answers marked below." in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not Screening.objects.exists()


BAD_STATES = [
    "garbage",
    "x" * 100_000,
    signing.dumps({"n": "n" * 43, "a": {"onset": "sudden"}, "c": {}}, salt="another.salt"),
    signing.dumps({"n": "n" * 43, "a": {"hacked": True}, "c": {}}, salt=STATE_SALT),
    signing.dumps({"n": "n" * 43, "a": [], "c": {}}, salt=STATE_SALT),
    signing.dumps({"n": 5, "a": {}, "c": {}}, salt=STATE_SALT),
    signing.dumps({"n": "short", "a": {}, "c": {}}, salt=STATE_SALT),
    signing.dumps({"n": "n" * 43, "a": {}, "c": {}, "f": 99}, salt=STATE_SALT),
    signing.dumps({"n": "n" * 43, "a": {}, "c": {}, "f": "1"}, salt=STATE_SALT),
    signing.dumps({"n": "n" * 43, "a": {}, "c": {}, "p": ["../x", {}]}, salt=STATE_SALT),
    signing.dumps({"n": "n" * 43, "a": {}, "c": {}, "p": ["start", {"a": [1]}]}, salt=STATE_SALT),
    signing.dumps({"n": "n" * 43, "a": {}, "c": {}, "p": "x"}, salt=STATE_SALT),
    signing.dumps({"nothing": 1}, salt=STATE_SALT),
    signing.dumps("string", salt=STATE_SALT),
]


@pytest.mark.parametrize("value", BAD_STATES)
def test_it_starts_again_with_a_message_on_a_bad_state(client, value):
    client.cookies[STATE_COOKIE] = value
    response = client.get(url("symptoms"), follow=True)
    assert response.redirect_chain == [(START, 302)]
    assert response.context["step"].name == "start"
    assert "could not read your earlier answers" in response.content.decode()
    client.cookies[STATE_COOKIE] = value
    response = client.post(url("contact"), {"action": "next"})
    assert response["Location"] == START
    assert response.cookies[STATE_COOKIE].value == ""  # deleted
    assert not Screening.objects.exists()


def test_it_starts_again_with_a_message_on_an_expired_state(client, monkeypatch):
    set_state(client, {"onset": "gradual"}, upto="symptoms")
    monkeypatch.setattr("screening.questionnaire.STATE_MAX_AGE", -1)
    response = client.get(url("symptoms"), follow=True)
    assert response.redirect_chain == [(START, 302)]
    assert "could not read your earlier answers" in response.content.decode()
    assert "gradual" not in str(response.context["form"].initial)


def test_it_starts_again_when_the_state_is_gone(client):
    response = client.post(url("symptoms"), {"back_pain": "yes", "action": "next"}, follow=True)
    assert response.redirect_chain == [(START, 302)]
    assert "could not find your earlier answers" in response.content.decode()


def test_a_bad_state_on_the_first_step_shows_it_empty_with_the_message(client):
    client.cookies[STATE_COOKIE] = "garbage"
    response = client.get(START)
    assert response.status_code == 200
    assert "could not read your earlier answers" in response.content.decode()
    assert response.cookies[STATE_COOKIE].value == ""


def test_it_answers_an_unknown_step_with_404(client):
    assert client.get("/screening/nothing-here/").status_code == 404
    assert client.post("/screening/nothing-here/").status_code == 404


def test_it_rejects_other_methods(client):
    assert client.put(START).status_code == 405
    assert client.put(url("symptoms")).status_code == 405


def test_it_does_not_let_the_browser_cache_answers(client):
    walk(client, [{"onset": "gradual"}])
    for path in (START, url("symptoms")):
        response = client.get(path)
        assert "no-store" in response["Cache-Control"]


def test_it_answers_a_huge_post_without_a_500(client):
    client.get(START)
    response = client.post(START, {"onset": ["sudden"] * 500, "felt_pop": "x" * 100_000})
    assert response.status_code in {302, 400}
    assert client.get(START).status_code == 200


def test_it_keeps_the_start_url_name():
    assert reverse("screening:start") == START
    assert reverse("screening:step", args=["contact"]) == "/screening/contact/"


# -- After the answers are sent ------------------------------------------------------------


def test_the_browser_keeps_no_answers_after_the_result(client):
    location = walk(client, [{"onset": "gradual"}, {}, NO_SIGNS, {}, {}, {"contact_name": "Sam"}])
    kept = state(client)
    assert kept.sent
    assert kept.answers == {}
    assert kept.contact == {}
    assert "Sam" not in signing.loads(client.cookies[STATE_COOKIE].value, salt=STATE_SALT).values()
    # Back from the result: the answers are sent, with the link to the same result.
    page = client.get(url("contact"))
    assert page.status_code == 200
    assert "You have finished this check" in page.content.decode()
    assert f'href="{location}"' in page.content.decode()
    assert "Sam" not in page.content.decode()
    # The first step starts a new, empty check.
    first = client.get(START)
    assert first.context["form"].initial["onset"] == ""
    assert not first.context["kept_answers"]


def test_a_new_check_after_the_result_stores_a_second_screening(client):
    first = walk(client, [{"onset": "gradual"}, {}, NO_SIGNS, {}, {}, {}])
    second = walk(client, [{"onset": "sudden"}, {}, NO_SIGNS, {}, {}, {}])
    assert first != second
    assert Screening.objects.count() == 2


def test_twenty_replays_of_the_last_post_store_one_screening(client):
    at = walk(client, [{"onset": "gradual"}, {}, NO_SIGNS, {}, {}])
    before_sending = client.cookies[STATE_COOKIE].value
    locations = set()
    for _ in range(20):
        client.cookies[STATE_COOKIE] = before_sending
        locations.add(post(client, at, {"contact_name": "Made Up"})["Location"])
    assert Screening.objects.count() == 1
    assert len(locations) == 1
    assert locations.pop().startswith("/screening/result/")


def test_a_replay_after_the_answers_are_sent_shows_the_sent_page(client):
    at = walk(client, [{}, {}, NO_SIGNS, {}, {}])
    post(client, at)
    assert post(client, at)["Location"] == at
    assert "You have finished this check" in client.get(at).content.decode()
    assert Screening.objects.count() == 1


def test_it_clears_kept_answers_on_request(client):
    walk(client, [{"onset": "gradual"}])
    page = client.get(START)
    assert page.context["kept_answers"]
    assert "Clear them and start again" in page.content.decode()
    response = client.post(reverse("screening:restart"), follow=True)
    assert response.redirect_chain == [(START, 302)]
    assert response.context["form"].initial["onset"] == ""
    assert "Your earlier answers are cleared." in response.content.decode()


def test_input_too_large_to_keep_is_shown_with_its_errors_at_once(client):
    at = walk(client, [{}, {}])
    # Twenty long values of characters that neither compress nor fit a cookie: only a forged
    # POST sends that.
    flood = [
        "".join(chr(0x4E00 + (i * 7919 + j * 31) % 20000) for j in range(300)) for i in range(20)
    ]
    response = client.post(at, {"action": "next", "red_flags": flood})
    assert response.status_code == 200
    assert response.context["form"].errors["red_flags"]
    assert "red_flags" not in state(client).answers
    assert not Screening.objects.exists()
